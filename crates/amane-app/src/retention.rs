//! Retention: each campaign keeps its children's data for its retention period (30 to 3,650 days, 365 by default)
//! after its last day; then `amane serve` purges it (and `amane purge` does on demand, `--dry-run` to see what it
//! would remove). What a purge removes and keeps is `amane_store::purge`.

use crate::error::Error;
use amane_domain::campaign::Campaign;
use amane_store::Db;
use amane_store::purge::PurgeCounts;

/// How long the players of a game that belongs to no workshop (hence to no campaign) are kept after it ends.
pub const UNATTACHED_GAME_DAYS: i64 = 90;

const DAY_MS: i64 = 86_400_000;

/// When the campaign's children's data is due for purging: the start of the day after its last day, in its time
/// zone, plus its retention period.
pub fn deadline(c: &Campaign) -> i64 {
    let tz = crate::workshops::time_zone(&c.time_zone).unwrap_or(jiff::tz::TimeZone::UTC);
    let last = jiff::civil::date(
        i16::try_from(c.ends_on.year).unwrap_or(9999),
        i8::try_from(c.ends_on.month).unwrap_or(12),
        i8::try_from(c.ends_on.day).unwrap_or(28),
    );
    let after = last.checked_add(jiff::Span::new().days(1)).unwrap_or(last);
    let start = after
        .to_zoned_datetime(tz)
        .map(|z| z.timestamp().as_millisecond())
        .unwrap_or_else(|_| (c.ends_on.days_since_epoch() + 1) * DAY_MS);
    start + i64::from(c.retention_days) * DAY_MS
}

/// A campaign whose data is due, and what purging it removes (or removed).
#[derive(Debug, Clone)]
pub struct Purge {
    pub campaign: Campaign,
    pub deadline: i64,
    pub counts: PurgeCounts,
}

async fn due(db: &Db, now: i64) -> Result<Vec<(Campaign, i64)>, Error> {
    Ok(db
        .list_campaigns()
        .await?
        .into_iter()
        .filter(|c| c.purged_at.is_none())
        .map(|c| {
            let d = deadline(&c);
            (c, d)
        })
        .filter(|(_, d)| *d <= now)
        .collect())
}

/// What a purge at `now` would remove, campaign by campaign; nothing changes.
pub async fn preview(db: &Db, now: i64) -> Result<Vec<Purge>, Error> {
    let mut out = Vec::new();
    for (campaign, deadline) in due(db, now).await? {
        let counts = db.purge_preview(campaign.id).await?;
        out.push(Purge { campaign, deadline, counts });
    }
    Ok(out)
}

/// Purges every campaign whose retention period has passed at `now`, and the players of games in no campaign
/// that ended more than [`UNATTACHED_GAME_DAYS`] ago. Returns what each campaign lost.
pub async fn run(db: &Db, now: i64) -> Result<(Vec<Purge>, u64), Error> {
    let mut out = Vec::new();
    for (campaign, deadline) in due(db, now).await? {
        let counts = db.purge_campaign(campaign.id, now).await?;
        let entry = amane_store::audit::AuditEntry {
            at: now,
            actor_id: None,
            actor: "amane".to_owned(),
            action: "retention: purge".to_owned(),
            target: format!("/campaigns/{}", campaign.id),
            status: 0,
            address: String::new(),
        };
        db.record_audit(&entry).await?;
        tracing::info!(campaign = %campaign.id, ?counts, "children's data purged: the retention period has passed");
        out.push(Purge { campaign, deadline, counts });
    }
    let players = db.purge_unattached_games(now - UNATTACHED_GAME_DAYS * DAY_MS).await?;
    if players > 0 {
        tracing::info!(players, "players of games in no campaign purged");
    }
    Ok((out, players))
}

#[cfg(test)]
mod tests {
    use super::*;
    use amane_domain::campaign::Day;

    fn campaign(ends: &str, tz: &str, days: u32) -> Campaign {
        Campaign {
            id: amane_domain::campaign::CampaignId::new(),
            title: [Some("t".into()), None, None],
            theme: [None, None, None],
            starts_on: Day::parse("2025-04-01").expect("day"),
            ends_on: Day::parse(ends).expect("day"),
            time_zone: tz.into(),
            organizer: None,
            partners: vec![],
            targets: Default::default(),
            retention_days: days,
            status: amane_domain::campaign::CampaignStatus::Closed,
            created_at: 0,
            purged_at: None,
        }
    }

    #[test]
    fn the_deadline_is_the_day_after_the_end_in_the_campaigns_zone_plus_the_retention() {
        // 2025-04-28 00:00 in Casablanca (UTC+1 then) is 2025-04-27 23:00 UTC; plus 30 days.
        let c = campaign("2025-04-27", "Africa/Casablanca", 30);
        let expected =
            jiff::civil::date(2025, 4, 27).at(23, 0, 0, 0).to_zoned_datetime(jiff::tz::TimeZone::UTC).expect("z");
        assert_eq!(deadline(&c), expected.timestamp().as_millisecond() + 30 * DAY_MS);
        let utc = campaign("2025-04-27", "UTC", 365);
        assert_eq!(deadline(&utc) - deadline(&campaign("2025-04-27", "UTC", 30)), 335 * DAY_MS);
    }
}
