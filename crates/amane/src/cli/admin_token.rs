//! `amane admin token`: prints a new API bearer token for an account (only its digest is stored).

use super::{DbArgs, Failure, db_settings, explain, open_database};
use amane_i18n::{Arg, Tr};
use amane_store::Db;
use clap::Args;

#[derive(Args, Debug)]
pub struct TokenArgs {
    #[command(flatten)]
    pub db: DbArgs,
    #[arg(long)]
    pub email: String,
    /// What the token is for, to recognise it later.
    #[arg(long, default_value = "cli")]
    pub label: String,
    /// How many days the token opens the API (1 to 365).
    #[arg(long, default_value_t = amane_app::accounts::TOKEN_DAYS_DEFAULT)]
    pub days: u32,
}

pub async fn run(args: TokenArgs, tr: Tr) -> Result<(), Failure> {
    let settings = db_settings(tr, &args.db)?;
    let (db, _) = open_database(&settings, tr).await?;
    let result = issue_token(&db, &args, tr).await;
    db.close().await;
    let token = result?;
    eprintln!("{}", tr.plain("cli-token-created", &[("email", Arg::Str(&args.email))]));
    println!("{token}");
    Ok(())
}

async fn issue_token(db: &Db, args: &TokenArgs, tr: Tr) -> Result<String, Failure> {
    let email = args.email.as_str();
    let no_user = || Failure::usage(tr.plain("cli-err-no-user", &[("email", Arg::Str(email))]));
    let parsed = amane_domain::Email::parse(email).map_err(|_| no_user())?;
    let user = db
        .find_user_by_email(&parsed)
        .await
        .map_err(|e| Failure::runtime(e.to_string()))?
        .filter(|u| u.active)
        .ok_or_else(no_user)?;
    super::audit_cli(db, "token", &user.id.to_string()).await;
    amane_app::accounts::issue_token(db, &user, &args.label, args.days)
        .await
        .map(|t| t.secret)
        .map_err(|e| explain(tr, e, email))
}
