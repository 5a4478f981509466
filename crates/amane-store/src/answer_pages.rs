//! A test's answers read back a page of participants at a time, in the paper-results order: what the streamed
//! export (`GET /api/v1/tests/{id}/results.csv`) writes, holding one page in memory whatever the test's size.

use crate::assessments::{corrupt, phase_of};
use crate::db::{Db, q};
use crate::error::Result;
use amane_domain::Audience;
use amane_domain::assessment::AssessmentId;
use amane_domain::learning::Phase;

/// A page of a test's answers in participant order, as a paper-results file writes them (the export).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct AnswerPage {
    /// Code, establishment and age band of each participant of the page, in code order.
    pub participants: Vec<(String, Option<String>, Option<Audience>)>,
    /// The workshop of each participant, in the same order (`None`: none, or one deleted since).
    pub workshops: Vec<Option<String>>,
    /// (index into `participants`, phase, position, right): each participant's answers together, pre first, then
    /// post and follow-up, by position.
    pub answers: Vec<(usize, Phase, u32, bool)>,
}

fn phase_rank(p: Phase) -> u8 {
    match p {
        Phase::Pre => 0,
        Phase::Post => 1,
        Phase::FollowUp => 2,
    }
}

impl Db {
    /// The answers of the (up to) `limit` participants that follow `after` in code order (`""` for the first
    /// page): read a page at a time, by key, so that exporting a million participants holds one page in memory.
    pub async fn assessment_answer_page(&self, id: AssessmentId, after: &str, limit: u32) -> Result<AnswerPage> {
        let key = id.to_string();
        let people = self
            .fetch_all(
                q("SELECT code, establishment, age_band, workshop_id FROM assessment_participants
                   WHERE assessment_id = $1 AND code > $2 ORDER BY code LIMIT $3")
                .bind(key.clone())
                .bind(after)
                .bind(i64::from(limit)),
            )
            .await?;
        let mut page = AnswerPage::default();
        let mut index: std::collections::HashMap<String, usize> = std::collections::HashMap::new();
        for r in &people {
            let code: String = r.get("code")?;
            let band: Option<String> = r.get("age_band")?;
            let band = band.map(|b| Audience::parse(&b).map_err(|_| corrupt("age_band"))).transpose()?;
            index.insert(code.clone(), page.participants.len());
            page.participants.push((code, r.get("establishment")?, band));
            page.workshops.push(r.get("workshop_id")?);
        }
        let Some((last, _, _)) = page.participants.last() else { return Ok(page) };
        // One row per participant and phase, its questions as bits (a test has at most 50), kept with the score
        // by the transaction that stored the answers: ten times fewer rows than answers, and nothing to add up.
        let rows = self
            .fetch_all(
                q("SELECT participant, phase, answered_bits AS answered, right_bits AS right_ones
                   FROM assessment_scores
                   WHERE assessment_id = $1 AND participant > $2 AND participant <= $3
                   ORDER BY participant, phase")
                .bind(key)
                .bind(after)
                .bind(last.clone()),
            )
            .await?;
        page.answers.reserve(rows.len() * 10);
        for r in &rows {
            let who: String = r.get("participant")?;
            let at = *index.get(&who).ok_or_else(|| corrupt("participant"))?;
            let phase = phase_of(r)?;
            let answered = r.get::<i64>("answered")? as u64;
            let right = r.get::<i64>("right_ones")? as u64;
            for bit in (0..64u32).filter(|b| answered >> b & 1 == 1) {
                page.answers.push((at, phase, bit + 1, right >> bit & 1 == 1));
            }
        }
        // The database orders phases by name (followup, post, pre); a person reads pre first.
        page.answers.sort_by_key(|(at, phase, position, _)| (*at, phase_rank(*phase), *position));
        Ok(page)
    }
}
