//! `amane admin create-user`: a staff account, for scripted installs; the password comes on standard input.

use super::{DbArgs, Failure, db_settings, explain, open_database, read_password};
use amane_i18n::{Arg, Tr};
use clap::Args;

#[derive(Args, Debug)]
pub struct CreateUserArgs {
    #[command(flatten)]
    pub db: DbArgs,
    #[arg(long)]
    pub email: String,
    /// admin, organizer, facilitator, coordinator or observer.
    #[arg(long)]
    pub role: String,
    /// The name shown in pages [default: the part of the e-mail before @].
    #[arg(long, default_value = "")]
    pub name: String,
    /// Preferred language: fr, ar or en.
    #[arg(long)]
    pub locale: Option<String>,
}

pub async fn run(args: CreateUserArgs, tr: Tr) -> Result<(), Failure> {
    let CreateUserArgs { db, email, role, name, locale } = args;
    let settings = db_settings(tr, &db)?;
    let password = read_password(tr)?;
    let (db, _) = open_database(&settings, tr).await?;
    let input = amane_app::accounts::AccountInput { email, display_name: name, role, password, locale };
    let result = amane_app::accounts::create_account(&db, &input).await;
    if let Ok(u) = &result {
        super::audit_cli(&db, "create-user", &u.id.to_string()).await;
    }
    db.close().await;
    let user = result.map_err(|e| explain(tr, e, &input.email))?;
    let args = [("email", Arg::Str(user.email.as_str())), ("role", Arg::Str(user.role.as_str()))];
    println!("{}", tr.plain("cli-user-created", &args));
    Ok(())
}
