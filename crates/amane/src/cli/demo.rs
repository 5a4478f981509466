//! `amane demo` (and `amane serve --demo`): fills an empty database with demonstration accounts (one per role),
//! schools, campaigns, workshops and registrations, without serving; `--scale national` adds a simulated campaign
//! at the size of a country.

use super::{DbArgs, Failure, db_settings, open_database};
use amane_app::demo_national::{NationalSize, Progress};
use amane_domain::Role;
use amane_i18n::{Arg, Tr};
use amane_store::Db;
use std::io::Write as _;

/// How much demonstration data to make.
#[derive(clap::ValueEnum, Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Scale {
    /// Accounts, 300 schools and two campaigns with their workshops (seconds).
    #[default]
    Demo,
    /// The demo plus a simulated nationwide campaign: 9,600 schools over the 12 regions, about 21,000
    /// workshops, 1,000,000 children and one pre/post test with 20,000,000 answers (minutes; several GB).
    National,
}

#[derive(clap::Args, Debug, Clone)]
pub struct DemoArgs {
    #[command(flatten)]
    pub db: DbArgs,
    /// demo (default) or national: the national scale adds a simulated campaign of 1,000,000 children and
    /// 20,000,000 test answers, for trying amane (and measuring it) at the size of a country.
    #[arg(long, value_enum, default_value_t = Scale::Demo)]
    pub scale: Scale,
}

/// The password of every demonstration account: a demo database is for trying amane, never for real data.
pub const DEMO_PASSWORD: &str = "amane-demo-2026";

pub async fn run(args: DemoArgs, tr: Tr) -> Result<(), Failure> {
    let settings = db_settings(tr, &args.db)?;
    let (db, _) = open_database(&settings, tr).await?;
    let fresh = db.list_campaigns().await.map_err(|e| Failure::runtime(e.to_string()))?.is_empty();
    let mut result = fill(&db, tr).await;
    if result.is_ok() && args.scale == Scale::National {
        result = if fresh { national(&db, tr, NationalSize::NATIONAL).await } else { skipped(tr) };
    }
    db.close().await;
    result
}

fn skipped(tr: Tr) -> Result<(), Failure> {
    println!("{}", tr.plain("cli-demo-national-skipped", &[]));
    Ok(())
}

/// The simulated national campaign, with a line of progress every tenth of the way.
async fn national(db: &Db, tr: Tr, size: NationalSize) -> Result<(), Failure> {
    let internal = |e: &dyn std::fmt::Display| {
        Failure::runtime(tr.plain("cli-err-internal", &[("reason", Arg::Str(&e.to_string()))]))
    };
    let user = |email: &'static str| async move {
        let email = amane_domain::Email::parse(email).map_err(|e| Failure::runtime(e.to_string()))?;
        db.find_user_by_email(&email).await.map(|u| u.map(|u| u.id)).map_err(|e| Failure::runtime(e.to_string()))
    };
    let organizer = user("organizer@amane.test").await?;
    let facilitator = user("facilitator@amane.test").await?;
    let num = |n: u64| Arg::Num(i64::try_from(n).unwrap_or(i64::MAX));
    println!(
        "{}",
        tr.plain(
            "cli-demo-national-start",
            &[
                ("schools", num(u64::from(size.schools))),
                ("participants", num(u64::from(size.participants))),
                ("answers", num(u64::from(size.participants) * 20)),
            ],
        )
    );
    let started = std::time::Instant::now();
    let last = std::sync::atomic::AtomicU64::new(0);
    let progress = |p: Progress| {
        let line = match p {
            Progress::Schools(n) => tr.plain("cli-demo-national-schools", &[("count", num(n))]),
            Progress::Workshops { done, total } => {
                tr.plain("cli-demo-national-workshops", &[("done", num(done)), ("total", num(total))])
            }
            Progress::Answers { participants, total } => {
                // A line per tenth of the children, and the last one.
                let tenth = (participants * 10) / total.max(1);
                if tenth == last.swap(tenth, std::sync::atomic::Ordering::Relaxed) && participants < total {
                    return;
                }
                tr.plain(
                    "cli-demo-national-answers",
                    &[
                        ("done", num(participants)),
                        ("total", num(total)),
                        ("seconds", num(started.elapsed().as_secs())),
                    ],
                )
            }
        };
        println!("{line}");
        let _ = std::io::stdout().flush();
    };
    let made =
        amane_app::demo_national::seed(db, size, organizer, facilitator, &progress).await.map_err(|e| internal(&e))?;
    println!(
        "{}",
        tr.plain(
            "cli-demo-national-done",
            &[
                ("seconds", num(started.elapsed().as_secs())),
                ("campaign", Arg::Str(&made.campaign.to_string())),
                ("test", Arg::Str(&made.test.to_string())),
                ("workshops", num(made.workshops)),
                ("participants", num(made.participants)),
                ("answers", num(made.answers)),
            ],
        )
    );
    if let Some(w) = made.certificates_workshop {
        println!("{}", tr.plain("cli-demo-national-certificates", &[("workshop", Arg::Str(&w.to_string()))]));
    }
    Ok(())
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
