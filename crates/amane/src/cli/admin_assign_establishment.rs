//! `amane admin assign-establishment`: lets a school coordinator register classes and staff for an establishment.

use super::{DbArgs, Failure, db_settings, open_database};
use amane_i18n::{Arg, Tr};
use amane_store::Db;
use clap::Args;

#[derive(Args, Debug)]
pub struct AssignArgs {
    #[command(flatten)]
    pub db: DbArgs,
    #[arg(long)]
    pub email: String,
    #[arg(long)]
    pub establishment: String,
}

pub async fn run(args: AssignArgs, tr: Tr) -> Result<(), Failure> {
    let settings = db_settings(tr, &args.db)?;
    let (db, _) = open_database(&settings, tr).await?;
    let result = assign(&db, &args.email, &args.establishment, tr).await;
    db.close().await;
    result
}

async fn assign(db: &Db, email: &str, establishment: &str, tr: Tr) -> Result<(), Failure> {
    let no_user = || Failure::usage(tr.plain("cli-err-no-user", &[("email", Arg::Str(email))]));
    let parsed = amane_domain::Email::parse(email).map_err(|_| no_user())?;
    let user =
        db.find_user_by_email(&parsed).await.map_err(|e| Failure::runtime(e.to_string()))?.ok_or_else(no_user)?;
    let code = establishment.trim().to_uppercase();
    if db.find_establishment(&code).await.map_err(|e| Failure::runtime(e.to_string()))?.is_none() {
        return Err(Failure::usage(tr.plain("cli-err-no-establishment", &[("code", Arg::Str(&code))])));
    }
    db.assign_establishment(user.id, &code).await.map_err(|e| Failure::runtime(e.to_string()))?;
    println!("{}", tr.plain("cli-assigned", &[("email", Arg::Str(user.email.as_str())), ("code", Arg::Str(&code))]));
    Ok(())
}
