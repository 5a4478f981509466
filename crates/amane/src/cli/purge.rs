//! `amane purge [--dry-run]`: purges now the children's data of every campaign whose retention period has passed
//! (what `amane serve` does every ten minutes), or only says what it would remove.

use super::{DbArgs, Failure, db_settings, open_database};
use amane_i18n::{Arg, Tr};
use amane_store::now_ms;
use clap::Args;

#[derive(Args, Debug)]
pub struct PurgeArgs {
    #[command(flatten)]
    pub db: DbArgs,
    /// Only list what would be removed; change nothing.
    #[arg(long)]
    pub dry_run: bool,
}

pub async fn run(args: PurgeArgs, tr: Tr) -> Result<(), Failure> {
    let settings = db_settings(tr, &args.db)?;
    let (db, _) = open_database(&settings, tr).await?;
    let now = now_ms();
    let result = if args.dry_run {
        amane_app::retention::preview(&db, now).await.map(|p| (p, None))
    } else {
        amane_app::retention::run(&db, now).await.map(|(p, players)| (p, Some(players)))
    };
    db.close().await;
    let (purges, players) =
        result.map_err(|e| Failure::runtime(tr.plain("cli-err-internal", &[("reason", Arg::Str(&e.chain()))])))?;
    if purges.is_empty() {
        println!("{}", tr.plain("cli-purge-none", &[]));
    }
    for p in &purges {
        let title = p.campaign.title.iter().flatten().next().cloned().unwrap_or_default();
        let c = p.counts;
        let key = if args.dry_run { "cli-purge-would" } else { "cli-purge-done" };
        println!(
            "{}",
            tr.plain(
                key,
                &[
                    ("title", Arg::Str(&title)),
                    ("date", Arg::Str(&tr.date(p.deadline))),
                    ("rosters", Arg::Num(c.rosters)),
                    ("adults", Arg::Num(c.adults)),
                    ("checkins", Arg::Num(c.checkins)),
                    ("certificates", Arg::Num(c.certificates)),
                    ("players", Arg::Num(c.live_players)),
                    ("participants", Arg::Num(c.test_participants)),
                    ("answers", Arg::Num(c.test_answers + c.live_answers)),
                ],
            )
        );
    }
    if let Some(n) = players.filter(|n| *n > 0) {
        println!("{}", tr.plain("cli-purge-games", &[("players", Arg::Num(i64::try_from(n).unwrap_or(i64::MAX)))]));
    }
    Ok(())
}
