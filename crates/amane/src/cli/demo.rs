//! `amane demo` (and `amane serve --demo`): fills an empty database with demonstration accounts (one per role),
//! schools, campaigns, workshops and registrations, without serving.

use super::{DbArgs, Failure, db_settings, open_database};
use amane_domain::Role;
use amane_i18n::{Arg, Tr};
use amane_store::Db;

/// The password of every demonstration account: a demo database is for trying amane, never for real data.
pub const DEMO_PASSWORD: &str = "amane-demo-2026";

pub async fn run(db: DbArgs, tr: Tr) -> Result<(), Failure> {
    let settings = db_settings(tr, &db)?;
    let (db, _) = open_database(&settings, tr).await?;
    let result = fill(&db, tr).await;
    db.close().await;
    result
}

/// Fills an empty database with the demonstration accounts, schools, campaigns, workshops and registrations
/// (`amane serve --demo` and `amane demo`).
pub async fn fill(db: &Db, tr: Tr) -> Result<(), Failure> {
    seed_demo(db, tr).await?;
    let demo_user = |email: &'static str| async move {
        let email = amane_domain::Email::parse(email).map_err(|e| Failure::runtime(e.to_string()))?;
        db.find_user_by_email(&email).await.map(|u| u.map(|u| u.id)).map_err(|e| Failure::runtime(e.to_string()))
    };
    let organizer = demo_user("organizer@amane.test").await?;
    let facilitator = demo_user("facilitator@amane.test").await?;
    let (schools, campaigns) = amane_app::demo::seed(db, organizer, facilitator)
        .await
        .map_err(|e| Failure::runtime(tr.plain("cli-err-internal", &[("reason", Arg::Str(&e.to_string()))])))?;
    if schools > 0
        && let Ok(Some(coord)) = db
            .find_user_by_email(
                &amane_domain::Email::parse("coordinator@amane.test").map_err(|e| Failure::runtime(e.to_string()))?,
            )
            .await
    {
        for code in ["DEMO-03-000", "DEMO-03-001"] {
            db.assign_establishment(coord.id, code).await.map_err(|e| Failure::runtime(e.to_string()))?;
        }
    }
    if schools + campaigns > 0 {
        println!(
            "{}",
            tr.plain(
                "cli-demo-data",
                &[("schools", Arg::Num(schools as i64)), ("campaigns", Arg::Num(campaigns as i64))]
            )
        );
    }
    Ok(())
}

/// One account per role, created only in an empty database.
async fn seed_demo(db: &Db, tr: Tr) -> Result<(), Failure> {
    if db.count_users().await.map_err(|e| Failure::runtime(e.to_string()))? > 0 {
        println!("{}", tr.plain("cli-demo-skipped", &[]));
        return Ok(());
    }
    let people = [
        (Role::Admin, "admin@amane.test", "Amina Admin", "fr"),
        (Role::Organizer, "organizer@amane.test", "Youssef Organisateur", "fr"),
        (Role::Facilitator, "facilitator@amane.test", "سلمى المؤطرة", "ar"),
        (Role::Coordinator, "coordinator@amane.test", "Karim Coordinateur", "fr"),
        (Role::Observer, "observer@amane.test", "Observer Partner", "en"),
    ];
    println!("{}", tr.plain("cli-demo-accounts", &[("password", Arg::Str(DEMO_PASSWORD))]));
    for (role, email, name, locale) in people {
        let input = amane_app::accounts::AccountInput {
            email: email.into(),
            display_name: name.into(),
            role: role.as_str().into(),
            password: DEMO_PASSWORD.into(),
            locale: Some(locale.into()),
        };
        amane_app::accounts::create_account(db, &input)
            .await
            .map_err(|e| Failure::runtime(tr.plain("cli-err-internal", &[("reason", Arg::Str(&e.to_string()))])))?;
        println!("  {email} ({})", role.as_str());
    }
    Ok(())
}
