//! Tests opened on phones for a workshop and a phase (`/t/<code>`), and the satisfaction survey that follows a
//! post-test taken that way.

use crate::assessments::{count, phase_of};
use crate::db::{Db, Row, q};
use crate::error::{Result, StoreError};
use amane_domain::UserId;
use amane_domain::assessment::{AssessmentId, TestCode};
use amane_domain::campaign::CampaignId;
use amane_domain::learning::Phase;
use amane_domain::survey::SurveyItem;
use amane_domain::workshop::WorkshopId;

fn corrupt(what: &str) -> StoreError {
    StoreError::Corrupt(format!("assessment_openings.{what}"))
}

/// A test open (or once opened) on phones for one workshop and phase.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Opening {
    pub code: TestCode,
    pub assessment: AssessmentId,
    pub workshop: WorkshopId,
    pub phase: Phase,
    pub opened_at: i64,
    /// When it stopped taking answers; `None` while open.
    pub closed_at: Option<i64>,
}

impl Opening {
    pub fn is_open(&self) -> bool {
        self.closed_at.is_none()
    }
}

fn from_row(r: &Row) -> Result<Opening> {
    let code: String = r.get("code")?;
    let test: String = r.get("assessment_id")?;
    let workshop: String = r.get("workshop_id")?;
    Ok(Opening {
        code: TestCode::parse(&code).ok_or_else(|| corrupt("code"))?,
        assessment: test.parse().map_err(|_| corrupt("assessment_id"))?,
        workshop: workshop.parse().map_err(|_| corrupt("workshop_id"))?,
        phase: phase_of(r)?,
        opened_at: r.get("opened_at")?,
        closed_at: r.get("closed_at")?,
    })
}

macro_rules! select {
    ($rest:literal) => {
        concat!("SELECT code, assessment_id, workshop_id, phase, opened_at, closed_at FROM assessment_openings ", $rest)
    };
}

/// How many codes are drawn before giving up on a collision.
const CODE_ATTEMPTS: usize = 8;

/// How many participants gave a value to an item of the survey.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SurveyCount {
    pub item: SurveyItem,
    pub value: u8,
    pub n: u64,
}

impl Db {
    /// Opens the test for the workshop and phase on phones: a new code the first time, the same code (opened
    /// again if it was closed) afterwards, so that the code on the board stays right.
    pub async fn open_assessment(
        &self,
        test: AssessmentId,
        workshop: WorkshopId,
        phase: Phase,
        by: UserId,
        mut new_code: impl FnMut() -> TestCode,
        now: i64,
    ) -> Result<Opening> {
        let found = q(select!("WHERE assessment_id = $1 AND workshop_id = $2 AND phase = $3"))
            .bind(test.to_string())
            .bind(workshop.to_string())
            .bind(phase.code());
        for _ in 0..CODE_ATTEMPTS {
            let inserted = self
                .execute(
                    q("INSERT INTO assessment_openings (code, assessment_id, workshop_id, phase, opened_by, opened_at)
                       VALUES ($1, $2, $3, $4, $5, $6)
                       ON CONFLICT (assessment_id, workshop_id, phase) DO UPDATE SET closed_at = NULL")
                    .bind(new_code().as_str().to_owned())
                    .bind(test.to_string())
                    .bind(workshop.to_string())
                    .bind(phase.code())
                    .bind(by.to_string())
                    .bind(now),
                )
                .await;
            match inserted {
                // The code belongs to another opening: draw again.
                Err(StoreError::Conflict(_)) => continue,
                Err(e) => return Err(e),
                Ok(_) => return from_row(&self.fetch_one(found).await?),
            }
        }
        Err(StoreError::Conflict("no free test code".into()))
    }

    /// Stops (or resumes) taking answers under a code.
    pub async fn set_opening_closed(&self, code: &TestCode, closed_at: Option<i64>) -> Result<bool> {
        Ok(self
            .execute(
                q("UPDATE assessment_openings SET closed_at = $2 WHERE code = $1")
                    .bind(code.as_str().to_owned())
                    .bind(closed_at),
            )
            .await?
            > 0)
    }

    pub async fn find_opening(&self, code: &TestCode) -> Result<Option<Opening>> {
        self.fetch_optional(q(select!("WHERE code = $1")).bind(code.as_str().to_owned()))
            .await?
            .as_ref()
            .map(from_row)
            .transpose()
    }

    /// Every opening of a workshop's tests, oldest first.
    pub async fn workshop_openings(&self, workshop: WorkshopId) -> Result<Vec<Opening>> {
        self.fetch_all(q(select!("WHERE workshop_id = $1 ORDER BY opened_at, phase")).bind(workshop.to_string()))
            .await?
            .iter()
            .map(from_row)
            .collect()
    }

    /// How many of the workshop's participants have answered the test in this phase (any way: phone, game,
    /// paper).
    pub async fn workshop_phase_count(&self, test: AssessmentId, workshop: WorkshopId, phase: Phase) -> Result<u64> {
        let r = self
            .fetch_one(
                q("SELECT CAST(COUNT(*) AS BIGINT) AS n FROM assessment_scores s
                   JOIN assessment_participants p ON p.assessment_id = s.assessment_id AND p.code = s.participant
                   WHERE s.assessment_id = $1 AND p.workshop_id = $2 AND s.phase = $3")
                .bind(test.to_string())
                .bind(workshop.to_string())
                .bind(phase.code()),
            )
            .await?;
        count(&r, "n")
    }

    /// Whether a participant has answers in this phase of the test.
    pub async fn has_answered(&self, test: AssessmentId, participant: &str, phase: Phase) -> Result<bool> {
        Ok(self
            .fetch_optional(
                q("SELECT 1 AS one FROM assessment_scores WHERE assessment_id = $1 AND participant = $2 AND phase = $3")
                    .bind(test.to_string())
                    .bind(participant.to_owned())
                    .bind(phase.code()),
            )
            .await?
            .is_some())
    }

    /// Stores a participant's survey answers, all or none: `false` (and nothing written) when the participant
    /// has already answered the survey.
    pub async fn record_survey(
        &self,
        test: AssessmentId,
        participant: &str,
        answers: &[(SurveyItem, u8)],
        now: i64,
    ) -> Result<bool> {
        let mut tx = self.begin().await?;
        let before = tx
            .fetch_optional(
                q("SELECT 1 AS one FROM survey_answers WHERE assessment_id = $1 AND participant = $2")
                    .bind(test.to_string())
                    .bind(participant.to_owned()),
            )
            .await?;
        if before.is_some() {
            return Ok(false);
        }
        for (item, value) in answers {
            let written = tx
                .execute(
                    q("INSERT INTO survey_answers (assessment_id, participant, item, value, recorded_at)
                       VALUES ($1, $2, $3, $4, $5) ON CONFLICT (assessment_id, participant, item) DO NOTHING")
                    .bind(test.to_string())
                    .bind(participant.to_owned())
                    .bind(item.code())
                    .bind(i64::from(*value))
                    .bind(now),
                )
                .await?;
            // A request at the same moment got there first: keep its answers, not a mix of both.
            if written == 0 {
                return Ok(false);
            }
        }
        tx.commit().await?;
        Ok(true)
    }

    /// The campaign's survey answers counted per item and value, over all its tests; with `region`, only the
    /// participants of that region's establishments.
    pub async fn campaign_survey_counts(&self, campaign: CampaignId, region: Option<&str>) -> Result<Vec<SurveyCount>> {
        let rows = self
            .fetch_all(
                q("SELECT s.item, s.value, CAST(COUNT(*) AS BIGINT) AS n
                   FROM survey_answers s
                   JOIN assessments t ON t.id = s.assessment_id
                   JOIN assessment_participants p ON p.assessment_id = s.assessment_id AND p.code = s.participant
                   LEFT JOIN establishments e ON e.code = p.establishment
                   WHERE t.campaign_id = $1 AND ($2 = '' OR e.region_code = $2)
                   GROUP BY s.item, s.value ORDER BY s.item, s.value")
                .bind(campaign.to_string())
                .bind(region.unwrap_or("").to_owned()),
            )
            .await?;
        rows.iter()
            .map(|r| {
                let item: String = r.get("item")?;
                let value: i64 = r.get("value")?;
                Ok(SurveyCount {
                    item: SurveyItem::parse(&item).ok_or_else(|| corrupt("survey item"))?,
                    value: u8::try_from(value).map_err(|_| corrupt("survey value"))?,
                    n: count(r, "n")?,
                })
            })
            .collect()
    }
}
