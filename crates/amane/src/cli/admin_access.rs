//! `amane admin tokens | revoke-token | deactivate | activate`: ending someone's access from the server's
//! terminal, for the operator, who needs no account (the same services as the API and the pages).

use super::{DbArgs, Failure, db_settings, explain, open_database};
use amane_i18n::{Arg, Tr};
use amane_store::Db;
use amane_store::now_ms;
use clap::Args;

#[derive(Args, Debug)]
pub struct TokensArgs {
    #[command(flatten)]
    pub db: DbArgs,
    #[arg(long)]
    pub email: String,
}

#[derive(Args, Debug)]
pub struct RevokeArgs {
    #[command(flatten)]
    pub db: DbArgs,
    /// The token's id, as `amane admin tokens` lists it (not the secret).
    pub id: String,
}

#[derive(Args, Debug)]
pub struct SwitchArgs {
    #[command(flatten)]
    pub db: DbArgs,
    #[arg(long)]
    pub email: String,
}

async fn open(tr: Tr, db: &DbArgs) -> Result<Db, Failure> {
    let settings = db_settings(tr, db)?;
    Ok(open_database(&settings, tr).await?.0)
}

/// Any account with this address, active or not.
async fn account(db: &Db, email: &str, tr: Tr) -> Result<amane_domain::User, Failure> {
    let no_user = || Failure::usage(tr.plain("cli-err-no-account", &[("email", Arg::Str(email))]));
    let parsed = amane_domain::Email::parse(email).map_err(|_| no_user())?;
    db.find_user_by_email(&parsed).await.map_err(|e| Failure::runtime(e.to_string()))?.ok_or_else(no_user)
}

pub async fn tokens(args: TokensArgs, tr: Tr) -> Result<(), Failure> {
    let db = open(tr, &args.db).await?;
    let result = async {
        let user = account(&db, &args.email, tr).await?;
        db.list_api_tokens(user.id).await.map_err(|e| Failure::runtime(e.to_string()))
    }
    .await;
    db.close().await;
    let list = result?;
    let now = now_ms();
    if list.is_empty() {
        eprintln!("{}", tr.plain("cli-tokens-none", &[("email", Arg::Str(&args.email))]));
    }
    for t in list {
        let state = match (t.revoked_at, t.expires_at) {
            (Some(at), _) => tr.plain("cli-token-revoked", &[("date", Arg::Str(&tr.date(at)))]),
            (None, Some(at)) if at <= now => tr.plain("cli-token-expired", &[("date", Arg::Str(&tr.date(at)))]),
            (None, Some(at)) => tr.plain("cli-token-expires", &[("date", Arg::Str(&tr.date(at)))]),
            (None, None) => tr.plain("cli-token-no-expiry", &[]),
        };
        let used = match t.last_used_at {
            Some(at) => tr.plain("cli-token-used", &[("date", Arg::Str(&tr.date(at)))]),
            None => tr.plain("cli-token-never-used", &[]),
        };
        println!("{}\t{}\t{}\t{}", t.id, t.label, state, used);
    }
    Ok(())
}

pub async fn revoke(args: RevokeArgs, tr: Tr) -> Result<(), Failure> {
    let db = open(tr, &args.db).await?;
    let id = args.id.trim().to_owned();
    let result = async {
        let found = db.find_api_token(&id).await.map_err(|e| Failure::runtime(e.to_string()))?;
        if found.is_none() {
            return Err(Failure::usage(tr.plain("cli-err-no-token", &[("id", Arg::Str(&id))])));
        }
        let changed = db.revoke_api_token(&id, now_ms()).await.map_err(|e| Failure::runtime(e.to_string()))?;
        super::audit_cli(&db, "revoke-token", &id).await;
        Ok(changed)
    }
    .await;
    db.close().await;
    let changed = result?;
    let key = if changed { "cli-token-revoked-now" } else { "cli-token-was-revoked" };
    eprintln!("{}", tr.plain(key, &[("id", Arg::Str(&id))]));
    Ok(())
}

/// `amane admin unlock --email E`: lifts the account's sign-in slowdowns.
pub async fn unlock(args: SwitchArgs, tr: Tr) -> Result<(), Failure> {
    let db = open(tr, &args.db).await?;
    let result = async {
        let user = account(&db, &args.email, tr).await?;
        super::audit_cli(&db, "unlock", &user.id.to_string()).await;
        amane_app::accounts::unlock(&db, None, &user).await.map_err(|e| explain(tr, e, &args.email))
    }
    .await;
    db.close().await;
    result?;
    eprintln!("{}", tr.plain("cli-account-unlocked", &[("email", Arg::Str(&args.email))]));
    Ok(())
}

pub async fn switch(args: SwitchArgs, active: bool, tr: Tr) -> Result<(), Failure> {
    let db = open(tr, &args.db).await?;
    let result = async {
        let user = account(&db, &args.email, tr).await?;
        super::audit_cli(&db, if active { "activate" } else { "deactivate" }, &user.id.to_string()).await;
        amane_app::accounts::switch_account(&db, user.id, active).await.map_err(|e| match e {
            amane_app::Error::Conflict { code: amane_app::ErrorCode::LastAdmin, .. } => {
                Failure::usage(tr.plain("last_admin", &[]))
            }
            other => explain(tr, other, &args.email),
        })
    }
    .await;
    db.close().await;
    result?;
    let key = if active { "cli-account-activated" } else { "cli-account-deactivated" };
    eprintln!("{}", tr.plain(key, &[("email", Arg::Str(&args.email))]));
    Ok(())
}
