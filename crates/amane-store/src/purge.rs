//! Retention: once a campaign's retention period has passed, what links data to a child or an adult is removed and
//! the aggregates stay (docs/PRIVACY.md). In one transaction per campaign:
//! - rosters (nicknames) are emptied and adults' e-mails and names dropped; each registration keeps its school,
//!   age band, seats and attendance count, so reach figures do not change;
//! - per-child check-ins are deleted (the count is already in `attendance`);
//! - certificates are deleted (they carry a name);
//! - live players of the campaign's games, with their answers, are deleted (a game keeps its questions and the
//!   hand counts of groups without devices);
//! - each test participant's code (a nickname or a code written on paper) becomes a meaningless number, their
//!   answers are deleted, and their scores and survey answers stay under that number: learning figures are read
//!   from `assessment_cells` and `assessment_question_counts`, which do not change;
//! - the campaign's test openings are closed, so no new answer arrives.

use crate::db::{Db, Tx, q};
use crate::error::Result;
use amane_domain::campaign::CampaignId;

/// What a purge removes (or, in a dry run, would remove) for one campaign.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct PurgeCounts {
    /// Registrations whose roster of nicknames is emptied.
    pub rosters: i64,
    /// Adults' registrations whose name and e-mail are dropped.
    pub adults: i64,
    pub checkins: i64,
    pub certificates: i64,
    pub live_players: i64,
    pub live_answers: i64,
    /// Test participants whose code is replaced by a number.
    pub test_participants: i64,
    pub test_answers: i64,
}

impl PurgeCounts {
    pub fn is_empty(&self) -> bool {
        *self == PurgeCounts::default()
    }
}

/// Everything `purge_campaign` removes, counted in one query (a scalar subquery per kind).
async fn counts(tx: &mut Tx, c: &str) -> Result<PurgeCounts> {
    let r = tx
        .fetch_one(
            q("SELECT
                 (SELECT COUNT(*) FROM registrations
                   WHERE workshop_id IN (SELECT id FROM workshops WHERE campaign_id = $1) AND roster <> '[]') AS rosters,
                 (SELECT COUNT(*) FROM registrations
                   WHERE workshop_id IN (SELECT id FROM workshops WHERE campaign_id = $1)
                     AND kind <> 'group' AND (staff_email IS NOT NULL OR label <> '')) AS adults,
                 (SELECT COUNT(*) FROM attendance_participants WHERE registration_id IN
                   (SELECT r.id FROM registrations r JOIN workshops w ON w.id = r.workshop_id WHERE w.campaign_id = $1))
                   AS checkins,
                 (SELECT COUNT(*) FROM certificates
                   WHERE workshop_id IN (SELECT id FROM workshops WHERE campaign_id = $1)) AS certificates,
                 (SELECT COUNT(*) FROM live_players WHERE session_id IN
                   (SELECT s.id FROM live_sessions s JOIN workshops w ON w.id = s.workshop_id WHERE w.campaign_id = $1))
                   AS live_players,
                 (SELECT COUNT(*) FROM live_answers WHERE session_id IN
                   (SELECT s.id FROM live_sessions s JOIN workshops w ON w.id = s.workshop_id WHERE w.campaign_id = $1))
                   AS live_answers,
                 (SELECT COUNT(*) FROM assessment_participants
                   WHERE assessment_id IN (SELECT id FROM assessments WHERE campaign_id = $1) AND code NOT LIKE '@%')
                   AS test_participants,
                 (SELECT COUNT(*) FROM assessment_answers
                   WHERE assessment_id IN (SELECT id FROM assessments WHERE campaign_id = $1)) AS test_answers")
            .bind(c.to_owned()),
        )
        .await?;
    Ok(PurgeCounts {
        rosters: r.get("rosters")?,
        adults: r.get("adults")?,
        checkins: r.get("checkins")?,
        certificates: r.get("certificates")?,
        live_players: r.get("live_players")?,
        live_answers: r.get("live_answers")?,
        test_participants: r.get("test_participants")?,
        test_answers: r.get("test_answers")?,
    })
}

impl Db {
    /// What purging the campaign would remove; nothing is changed.
    pub async fn purge_preview(&self, campaign: CampaignId) -> Result<PurgeCounts> {
        let mut tx = self.begin().await?;
        let n = counts(&mut tx, &campaign.to_string()).await?;
        drop(tx);
        Ok(n)
    }

    /// Purges the campaign's participant-level data (see the module) and records when; returns what was removed.
    /// Running it again removes nothing more.
    pub async fn purge_campaign(&self, campaign: CampaignId, now: i64) -> Result<PurgeCounts> {
        let c = campaign.to_string();
        let mut tx = self.begin().await?;
        let n = counts(&mut tx, &c).await?;
        let bind = |sql: &'static str| q(sql).bind(c.clone());
        tx.execute(bind(
            "DELETE FROM attendance_participants WHERE registration_id IN
               (SELECT r.id FROM registrations r JOIN workshops w ON w.id = r.workshop_id WHERE w.campaign_id = $1)",
        ))
        .await?;
        tx.execute(bind(
            "UPDATE registrations SET roster = '[]'
             WHERE workshop_id IN (SELECT id FROM workshops WHERE campaign_id = $1) AND roster <> '[]'",
        ))
        .await?;
        tx.execute(bind(
            "UPDATE registrations SET staff_email = NULL, label = ''
             WHERE workshop_id IN (SELECT id FROM workshops WHERE campaign_id = $1) AND kind <> 'group'",
        ))
        .await?;
        tx.execute(bind(
            "DELETE FROM certificates WHERE workshop_id IN (SELECT id FROM workshops WHERE campaign_id = $1)",
        ))
        .await?;
        tx.execute(bind(
            "DELETE FROM live_players WHERE session_id IN
               (SELECT s.id FROM live_sessions s JOIN workshops w ON w.id = s.workshop_id WHERE w.campaign_id = $1)",
        ))
        .await?;
        tx.execute(
            q("UPDATE assessment_openings SET closed_at = $2
               WHERE closed_at IS NULL AND assessment_id IN (SELECT id FROM assessments WHERE campaign_id = $1)")
            .bind(c.clone())
            .bind(now),
        )
        .await?;
        let tests = tx.fetch_all(bind("SELECT id FROM assessments WHERE campaign_id = $1")).await?;
        for t in tests {
            let id: String = t.get("id")?;
            anonymise_participants(&mut tx, &id).await?;
        }
        tx.execute(q("UPDATE campaigns SET purged_at = $2 WHERE id = $1").bind(c.clone()).bind(now)).await?;
        tx.commit().await?;
        Ok(n)
    }

    /// Removes the players (and their answers) of games that belong to no workshop and ended before `before`: such a
    /// game is in no campaign, so no campaign's retention reaches it. Returns the players removed.
    pub async fn purge_unattached_games(&self, before: i64) -> Result<u64> {
        self.execute(
            q("DELETE FROM live_players WHERE session_id IN
                 (SELECT id FROM live_sessions WHERE workshop_id IS NULL AND status = 'finished'
                    AND COALESCE(ended_at, created_at) < $1)")
            .bind(before),
        )
        .await
    }
}

/// Gives every participant of a test whose code is still theirs a number instead (`@1`, `@2`…, which no code can be:
/// `@` is refused in nicknames and participant codes, as part of an e-mail address), moves their survey answers and
/// scores to it and deletes their answers.
async fn anonymise_participants(tx: &mut Tx, test: &str) -> Result<()> {
    let bind = |sql: &'static str| q(sql).bind(test.to_owned());
    let start: i64 = tx
        .fetch_one(bind(
            "SELECT COUNT(*) AS n FROM assessment_participants WHERE assessment_id = $1 AND code LIKE '@%'",
        ))
        .await?
        .get("n")?;
    tx.execute(q("CREATE TEMPORARY TABLE purge_codes (old TEXT PRIMARY KEY, new TEXT NOT NULL)")).await?;
    tx.execute(
        q("INSERT INTO purge_codes (old, new)
           SELECT code, '@' || CAST($2 + ROW_NUMBER() OVER (ORDER BY created_at, code) AS TEXT)
           FROM assessment_participants WHERE assessment_id = $1 AND code NOT LIKE '@%'")
        .bind(test.to_owned())
        .bind(start),
    )
    .await?;
    tx.execute(bind(
        "INSERT INTO assessment_participants (assessment_id, code, workshop_id, establishment, age_band, source, created_at)
         SELECT p.assessment_id, m.new, p.workshop_id, p.establishment, p.age_band, p.source, p.created_at
         FROM assessment_participants p JOIN purge_codes m ON m.old = p.code WHERE p.assessment_id = $1",
    ))
    .await?;
    for table in [
        "UPDATE survey_answers SET participant = (SELECT new FROM purge_codes WHERE old = survey_answers.participant)
         WHERE assessment_id = $1 AND participant IN (SELECT old FROM purge_codes)",
        // The score stays; which questions were right goes with the answers.
        "UPDATE assessment_scores SET participant = (SELECT new FROM purge_codes WHERE old = assessment_scores.participant),
           answered_bits = 0, right_bits = 0
         WHERE assessment_id = $1 AND participant IN (SELECT old FROM purge_codes)",
        "DELETE FROM assessment_answers WHERE assessment_id = $1",
        "DELETE FROM assessment_participants WHERE assessment_id = $1 AND code IN (SELECT old FROM purge_codes)",
    ] {
        tx.execute(bind(table)).await?;
    }
    tx.execute(q("DROP TABLE purge_codes")).await?;
    Ok(())
}
