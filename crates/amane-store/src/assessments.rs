//! A campaign's pre/post tests, their pseudonymous participants and answers. Storing answers keeps two summaries
//! in the same transaction, a score per participant and phase and a count per question, phase and option, so
//! that reports read those instead of every answer.

use crate::db::{Db, Row, Tx, q};
use crate::error::{Result, StoreError};
use amane_domain::assessment::{AssessmentId, Source};
use amane_domain::campaign::CampaignId;
use amane_domain::learning::{LearningSums, ParticipantScores, Phase};
use amane_domain::workshop::WorkshopId;
use amane_domain::{Audience, UserId};
use std::collections::{BTreeMap, HashSet};

pub(crate) fn corrupt(what: &str) -> StoreError {
    StoreError::Corrupt(format!("assessments.{what}"))
}

/// What is stored of a test besides its id and time of creation.
#[derive(Debug, Clone, PartialEq)]
pub struct AssessmentFields {
    pub campaign: CampaignId,
    pub title: String,
    pub module: String,
    pub audience: Audience,
    /// The questions frozen as JSON, in order; `n_questions` of them.
    pub questions_json: String,
    pub n_questions: u32,
    pub by: Option<UserId>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Assessment {
    pub id: AssessmentId,
    pub created_at: i64,
    pub fields: AssessmentFields,
}

pub use crate::answer_pages::AnswerPage;

fn from_row(r: &Row) -> Result<Assessment> {
    let id: String = r.get("id")?;
    let campaign: String = r.get("campaign_id")?;
    let audience: String = r.get("audience")?;
    let by: Option<String> = r.get("created_by")?;
    Ok(Assessment {
        id: id.parse().map_err(|_| corrupt("id"))?,
        created_at: r.get("created_at")?,
        fields: AssessmentFields {
            campaign: campaign.parse().map_err(|_| corrupt("campaign_id"))?,
            title: r.get("title")?,
            module: r.get("module_id")?,
            audience: Audience::parse(&audience).map_err(|_| corrupt("audience"))?,
            questions_json: r.get("questions")?,
            n_questions: u32::try_from(r.get::<i64>("n_questions")?).map_err(|_| corrupt("n_questions"))?,
            by: by.map(|b| b.parse().map_err(|_| corrupt("created_by"))).transpose()?,
        },
    })
}

/// A participant as an answer names them: a code unique within the test, and what reports group by.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Participant {
    pub code: String,
    pub workshop: Option<WorkshopId>,
    pub establishment: Option<String>,
    pub age_band: Option<Audience>,
    pub source: Source,
}

/// One answer to store (a later one for the same participant, phase and question replaces it).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct NewAnswer<'a> {
    pub participant: &'a str,
    pub phase: Phase,
    /// 1-based.
    pub position: u32,
    pub correct: bool,
    pub choice: Option<u32>,
}

/// What storing a batch did.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Recorded {
    pub participants_new: u64,
    pub answers_new: u64,
    pub answers_replaced: u64,
}

/// A participant already stored whose establishment, age band or workshop differs from what a batch says.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Clash {
    pub code: String,
    pub field: &'static str,
    pub stored: String,
}

/// A cell of a test's learning figures: the participants of one workshop, establishment and age band.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LearningCell {
    pub workshop: Option<WorkshopId>,
    pub establishment: Option<String>,
    /// The establishment's region in the registry.
    pub region: Option<String>,
    pub age_band: Option<Audience>,
    pub sums: LearningSums,
}

/// How one question was answered in one phase, per chosen option (`None`: not known, as on paper).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct QuestionCount {
    pub phase: Phase,
    pub position: u32,
    pub choice: Option<u32>,
    pub n: u64,
    pub n_correct: u64,
}

pub(crate) fn phase_of(r: &Row) -> Result<Phase> {
    let p: String = r.get("phase")?;
    Phase::parse(&p).map_err(|_| corrupt("phase"))
}

pub(crate) fn count(r: &Row, col: &str) -> Result<u64> {
    u64::try_from(r.get::<i64>(col)?).map_err(|_| corrupt(col))
}

/// Adds `dn` answers, `dc` of them right, to a question's count for one option (negative for replaced answers).
async fn bump(tx: &mut Tx, id: &str, phase: &str, position: u32, choice: i64, dn: i64, dc: i64) -> Result<()> {
    // A decrease is an update: the row exists, and an upsert would check its inserted values (n < 0) first.
    let query = if dn >= 0 && dc >= 0 {
        q("INSERT INTO assessment_question_counts (assessment_id, phase, position, choice, n, n_correct)
           VALUES ($1, $2, $3, $4, $5, $6)
           ON CONFLICT (assessment_id, phase, position, choice)
           DO UPDATE SET n = assessment_question_counts.n + $5,
                         n_correct = assessment_question_counts.n_correct + $6")
    } else {
        q("UPDATE assessment_question_counts SET n = n + $5, n_correct = n_correct + $6
           WHERE assessment_id = $1 AND phase = $2 AND position = $3 AND choice = $4")
    };
    tx.execute(query.bind(id.to_owned()).bind(phase).bind(i64::from(position)).bind(choice).bind(dn).bind(dc)).await?;
    Ok(())
}

/// A learning cell's key as `assessment_cells` stores it: workshop, establishment and age band, `""` for none.
pub(crate) type CellKey = [String; 3];

/// What one participant adds to their cell's sums, as signed numbers so that a change is "new minus old".
pub(crate) fn contribution(scores: ParticipantScores, sign: i64) -> [i64; 8] {
    let mut one = LearningSums::default();
    one.add(scores);
    let n = |v: u64| sign * i64::try_from(v).unwrap_or(i64::MAX);
    [
        n(one.n_paired),
        n(one.n_pre_only),
        n(one.n_post_only),
        sign * one.sum_pre,
        sign * one.sum_post,
        sign * one.sum_gain,
        sign * one.sum_gain_sq,
        n(one.n_improved),
    ]
}

pub(crate) fn add_into(into: &mut [i64; 8], d: [i64; 8]) {
    for (a, b) in into.iter_mut().zip(d) {
        *a += b;
    }
}

/// A participant's cell and pre and post scores as stored now (`None`: not a participant of the test).
async fn participant_state(tx: &mut Tx, id: &str, code: &str) -> Result<Option<(CellKey, ParticipantScores)>> {
    let Some(r) = tx
        .fetch_optional(
            q("SELECT p.workshop_id, p.establishment, p.age_band, a.score AS pre, b.score AS post
               FROM assessment_participants p
               LEFT JOIN assessment_scores a
                 ON a.assessment_id = p.assessment_id AND a.participant = p.code AND a.phase = 'pre'
               LEFT JOIN assessment_scores b
                 ON b.assessment_id = p.assessment_id AND b.participant = p.code AND b.phase = 'post'
               WHERE p.assessment_id = $1 AND p.code = $2")
            .bind(id.to_owned())
            .bind(code.to_owned()),
        )
        .await?
    else {
        return Ok(None);
    };
    let text = |col: &str| -> Result<String> { Ok(r.get::<Option<String>>(col)?.unwrap_or_default()) };
    let score = |col: &str| -> Result<Option<u32>> {
        r.get::<Option<i64>>(col)?.map(|v| u32::try_from(v).map_err(|_| corrupt("score"))).transpose()
    };
    Ok(Some((
        [text("workshop_id")?, text("establishment")?, text("age_band")?],
        ParticipantScores { pre: score("pre")?, post: score("post")? },
    )))
}

/// Adds each cell's change to `assessment_cells` (rows made as needed).
pub(crate) async fn add_to_cells(tx: &mut Tx, id: &str, deltas: BTreeMap<CellKey, [i64; 8]>) -> Result<()> {
    for ([workshop, establishment, band], d) in deltas {
        if d.iter().all(|v| *v == 0) {
            continue;
        }
        let mut query =
            q("INSERT INTO assessment_cells (assessment_id, workshop_id, establishment, age_band, n_paired,
               n_pre_only, n_post_only, sum_pre, sum_post, sum_gain, sum_gain_sq, n_improved)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)
             ON CONFLICT (assessment_id, workshop_id, establishment, age_band) DO UPDATE SET
               n_paired = assessment_cells.n_paired + excluded.n_paired,
               n_pre_only = assessment_cells.n_pre_only + excluded.n_pre_only,
               n_post_only = assessment_cells.n_post_only + excluded.n_post_only,
               sum_pre = assessment_cells.sum_pre + excluded.sum_pre,
               sum_post = assessment_cells.sum_post + excluded.sum_post,
               sum_gain = assessment_cells.sum_gain + excluded.sum_gain,
               sum_gain_sq = assessment_cells.sum_gain_sq + excluded.sum_gain_sq,
               n_improved = assessment_cells.n_improved + excluded.n_improved")
            .bind(id.to_owned())
            .bind(workshop)
            .bind(establishment)
            .bind(band);
        for v in d {
            query = query.bind(v);
        }
        tx.execute(query).await?;
    }
    Ok(())
}

/// The learning sums of the cells merged into one row (`learning_cell` reads them), for queries that group cells.
macro_rules! cell_sums {
    () => {
        "CAST(SUM(c.n_paired) AS BIGINT) AS n_paired, CAST(SUM(c.n_pre_only) AS BIGINT) AS n_pre_only,
         CAST(SUM(c.n_post_only) AS BIGINT) AS n_post_only, CAST(SUM(c.sum_pre) AS BIGINT) AS sum_pre,
         CAST(SUM(c.sum_post) AS BIGINT) AS sum_post, CAST(SUM(c.sum_gain) AS BIGINT) AS sum_gain,
         CAST(SUM(c.sum_gain_sq) AS BIGINT) AS sum_gain_sq, CAST(SUM(c.n_improved) AS BIGINT) AS n_improved"
    };
}

fn learning_cell(r: &Row) -> Result<LearningCell> {
    let workshop: Option<String> = r.get("workshop_id")?;
    let band: Option<String> = r.get("age_band")?;
    Ok(LearningCell {
        workshop: workshop.map(|w| w.parse().map_err(|_| corrupt("workshop_id"))).transpose()?,
        establishment: r.get("establishment")?,
        region: r.get("region")?,
        age_band: band.map(|b| Audience::parse(&b).map_err(|_| corrupt("age_band"))).transpose()?,
        sums: LearningSums {
            n_paired: count(r, "n_paired")?,
            n_pre_only: count(r, "n_pre_only")?,
            n_post_only: count(r, "n_post_only")?,
            sum_pre: r.get("sum_pre")?,
            sum_post: r.get("sum_post")?,
            sum_gain: r.get("sum_gain")?,
            sum_gain_sq: r.get("sum_gain_sq")?,
            n_improved: count(r, "n_improved")?,
        },
    })
}

impl Db {
    pub async fn create_assessment(&self, a: &AssessmentFields, now: i64) -> Result<Assessment> {
        let id = AssessmentId::new();
        self.execute(
            q("INSERT INTO assessments (id, campaign_id, title, module_id, audience, questions, n_questions,
                 created_by, created_at)
               VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)")
            .bind(id.to_string())
            .bind(a.campaign.to_string())
            .bind(a.title.clone())
            .bind(a.module.clone())
            .bind(a.audience.code())
            .bind(a.questions_json.clone())
            .bind(i64::from(a.n_questions))
            .bind(a.by.map(|u| u.to_string()))
            .bind(now),
        )
        .await?;
        self.find_assessment(id).await?.ok_or(StoreError::NotFound)
    }

    pub async fn find_assessment(&self, id: AssessmentId) -> Result<Option<Assessment>> {
        self.fetch_optional(q("SELECT * FROM assessments WHERE id = $1").bind(id.to_string()))
            .await?
            .map(|r| from_row(&r))
            .transpose()
    }

    pub async fn list_assessments(&self, campaign: CampaignId) -> Result<Vec<Assessment>> {
        self.fetch_all(
            q("SELECT * FROM assessments WHERE campaign_id = $1 ORDER BY created_at, id").bind(campaign.to_string()),
        )
        .await?
        .iter()
        .map(from_row)
        .collect()
    }

    /// Stores a batch of participants and answers in one transaction: all of it, or (on a clash with a stored
    /// participant, or any error) nothing. Participants not yet stored are added; one already stored must agree
    /// on establishment, age band and workshop, else the clashes are returned and nothing is written.
    pub async fn record_assessment_answers(
        &self,
        id: AssessmentId,
        participants: &[Participant],
        answers: &[NewAnswer<'_>],
        now: i64,
    ) -> Result<std::result::Result<Recorded, Vec<Clash>>> {
        let key = id.to_string();
        let mut tx = self.begin().await?;
        let mut done = Recorded::default();
        let mut clashes = Vec::new();
        let mut new_codes: Vec<String> = Vec::new();
        for p in participants {
            let stored = tx
                .fetch_optional(
                    q("SELECT workshop_id, establishment, age_band FROM assessment_participants
                       WHERE assessment_id = $1 AND code = $2")
                    .bind(key.clone())
                    .bind(p.code.clone()),
                )
                .await?;
            let Some(row) = stored else {
                tx.execute(
                    q("INSERT INTO assessment_participants (assessment_id, code, workshop_id, establishment, age_band,
                         source, created_at)
                       VALUES ($1, $2, $3, $4, $5, $6, $7)")
                    .bind(key.clone())
                    .bind(p.code.clone())
                    .bind(p.workshop.map(|w| w.to_string()))
                    .bind(p.establishment.clone())
                    .bind(p.age_band.map(|a| a.code().to_owned()))
                    .bind(p.source.code())
                    .bind(now),
                )
                .await?;
                done.participants_new += 1;
                new_codes.push(p.code.clone());
                continue;
            };
            let fields: [(&'static str, Option<String>, Option<String>); 3] = [
                ("workshop", row.get("workshop_id")?, p.workshop.map(|w| w.to_string())),
                ("establishment", row.get("establishment")?, p.establishment.clone()),
                ("age_band", row.get("age_band")?, p.age_band.map(|a| a.code().to_owned())),
            ];
            for (field, stored, given) in fields {
                if stored != given {
                    clashes.push(Clash { code: p.code.clone(), field, stored: stored.unwrap_or_default() });
                }
            }
        }
        if !clashes.is_empty() {
            return Ok(Err(clashes));
        }
        // Answers of a participant added by this batch cannot replace anything stored, so they are not looked up
        // (unless the batch itself names the same answer twice); per-question counts are summed here and written
        // once per question, phase and option.
        let fresh: HashSet<&str> = new_codes.iter().map(String::as_str).collect();
        let mut seen: HashSet<(&str, Phase, u32)> = HashSet::new();
        let mut deltas: BTreeMap<(&'static str, u32, i64), (i64, i64)> = BTreeMap::new();
        let mut touched: Vec<(&str, Phase)> = Vec::new();
        let mut touched_set: HashSet<(&str, Phase)> = HashSet::new();
        for a in answers {
            let first_time = seen.insert((a.participant, a.phase, a.position));
            let old = if first_time && fresh.contains(a.participant) {
                None
            } else {
                tx.fetch_optional(
                    q("SELECT correct, choice FROM assessment_answers
                       WHERE assessment_id = $1 AND participant = $2 AND phase = $3 AND position = $4")
                    .bind(key.clone())
                    .bind(a.participant.to_owned())
                    .bind(a.phase.code())
                    .bind(i64::from(a.position)),
                )
                .await?
            };
            if let Some(old) = old {
                let correct: i64 = old.get("correct")?;
                let choice: Option<i64> = old.get("choice")?;
                let d = deltas.entry((a.phase.code(), a.position, choice.unwrap_or(-1))).or_default();
                (d.0, d.1) = (d.0 - 1, d.1 - correct);
                done.answers_replaced += 1;
            } else {
                done.answers_new += 1;
            }
            let choice = a.choice.map(i64::from);
            tx.execute(
                q("INSERT INTO assessment_answers (assessment_id, participant, phase, position, correct, choice,
                     recorded_at)
                   VALUES ($1, $2, $3, $4, $5, $6, $7)
                   ON CONFLICT (assessment_id, participant, phase, position)
                   DO UPDATE SET correct = $5, choice = $6, recorded_at = $7")
                .bind(key.clone())
                .bind(a.participant.to_owned())
                .bind(a.phase.code())
                .bind(i64::from(a.position))
                .bind(i64::from(a.correct))
                .bind(choice)
                .bind(now),
            )
            .await?;
            let d = deltas.entry((a.phase.code(), a.position, choice.unwrap_or(-1))).or_default();
            (d.0, d.1) = (d.0 + 1, d.1 + i64::from(a.correct));
            if touched_set.insert((a.participant, a.phase)) {
                touched.push((a.participant, a.phase));
            }
        }
        for ((phase, position, choice), (dn, dc)) in deltas {
            bump(&mut tx, &key, phase, position, choice, dn, dc).await?;
        }
        // The learning cells move by what each touched participant adds now minus what they added before.
        let mut people: Vec<&str> = Vec::new();
        let mut people_seen: HashSet<&str> = HashSet::new();
        for (participant, _) in &touched {
            if people_seen.insert(*participant) {
                people.push(*participant);
            }
        }
        let mut cells: BTreeMap<CellKey, [i64; 8]> = BTreeMap::new();
        for who in people.iter().filter(|w| !fresh.contains(**w)) {
            if let Some((cell, before)) = participant_state(&mut tx, &key, who).await? {
                add_into(cells.entry(cell).or_default(), contribution(before, -1));
            }
        }
        for (participant, phase) in touched {
            tx.execute(
                q("INSERT INTO assessment_scores (assessment_id, participant, phase, score, answered, answered_bits,
                     right_bits)
                   SELECT assessment_id, participant, phase, SUM(correct), COUNT(*),
                     CAST(SUM(CAST(1 AS BIGINT) << CAST(position - 1 AS INTEGER)) AS BIGINT),
                     CAST(SUM(correct << CAST(position - 1 AS INTEGER)) AS BIGINT)
                   FROM assessment_answers
                   WHERE assessment_id = $1 AND participant = $2 AND phase = $3
                   GROUP BY assessment_id, participant, phase
                   ON CONFLICT (assessment_id, participant, phase)
                   DO UPDATE SET score = excluded.score, answered = excluded.answered,
                     answered_bits = excluded.answered_bits, right_bits = excluded.right_bits")
                .bind(key.clone())
                .bind(participant.to_owned())
                .bind(phase.code()),
            )
            .await?;
        }
        for who in people {
            if let Some((cell, after)) = participant_state(&mut tx, &key, who).await? {
                add_into(cells.entry(cell).or_default(), contribution(after, 1));
            }
        }
        add_to_cells(&mut tx, &key, cells).await?;
        tx.commit().await?;
        Ok(Ok(done))
    }

    /// The test's learning sums per workshop, establishment and age band (pre and post scores; the follow-up is
    /// not part of the pre/post gain), read from the cells kept while answering: one row per cell, whatever the
    /// number of participants. A cell of a workshop deleted since counts as "no workshop".
    pub async fn assessment_learning_cells(&self, id: AssessmentId) -> Result<Vec<LearningCell>> {
        let rows = self
            .fetch_all(
                q(concat!(
                    "SELECT CASE WHEN w.id IS NULL THEN NULL ELSE c.workshop_id END AS workshop_id,
                       NULLIF(c.establishment, '') AS establishment, e.region_code AS region,
                       NULLIF(c.age_band, '') AS age_band, ",
                    cell_sums!(),
                    " FROM assessment_cells c
                     LEFT JOIN workshops w ON w.id = c.workshop_id
                     LEFT JOIN establishments e ON e.code = c.establishment
                     WHERE c.assessment_id = $1
                     GROUP BY CASE WHEN w.id IS NULL THEN NULL ELSE c.workshop_id END, NULLIF(c.establishment, ''),
                       e.region_code, NULLIF(c.age_band, '')
                     HAVING SUM(c.n_paired) + SUM(c.n_pre_only) + SUM(c.n_post_only) > 0
                     ORDER BY NULLIF(c.establishment, ''), NULLIF(c.age_band, ''),
                       CASE WHEN w.id IS NULL THEN NULL ELSE c.workshop_id END"
                ))
                .bind(id.to_string()),
            )
            .await?;
        rows.iter().map(learning_cell).collect()
    }

    /// The same sums merged per region and age band only (a few dozen rows): what a summary of the figures
    /// needs when no breakdown by workshop or establishment is shown.
    pub async fn assessment_learning_cells_by_region(&self, id: AssessmentId) -> Result<Vec<LearningCell>> {
        let rows = self
            .fetch_all(
                q(concat!(
                    "SELECT NULL AS workshop_id, NULL AS establishment, e.region_code AS region,
                       NULLIF(c.age_band, '') AS age_band, ",
                    cell_sums!(),
                    " FROM assessment_cells c
                     LEFT JOIN establishments e ON e.code = c.establishment
                     WHERE c.assessment_id = $1
                     GROUP BY e.region_code, NULLIF(c.age_band, '')
                     HAVING SUM(c.n_paired) + SUM(c.n_pre_only) + SUM(c.n_post_only) > 0
                     ORDER BY e.region_code, NULLIF(c.age_band, '')"
                ))
                .bind(id.to_string()),
            )
            .await?;
        rows.iter().map(learning_cell).collect()
    }

    /// The same sums as [`Db::assessment_learning_cells`], computed again from every participant's scores (a
    /// million rows for a national test): what the kept cells must always equal, and what tests check them by.
    pub async fn assessment_learning_cells_from_scores(&self, id: AssessmentId) -> Result<Vec<LearningCell>> {
        let rows = self
            .fetch_all(
                q("SELECT p.workshop_id, p.establishment, e.region_code AS region, p.age_band,
                     CAST(SUM(CASE WHEN a.score IS NOT NULL AND b.score IS NOT NULL THEN 1 ELSE 0 END) AS BIGINT) AS n_paired,
                     CAST(SUM(CASE WHEN a.score IS NOT NULL AND b.score IS NULL THEN 1 ELSE 0 END) AS BIGINT) AS n_pre_only,
                     CAST(SUM(CASE WHEN a.score IS NULL AND b.score IS NOT NULL THEN 1 ELSE 0 END) AS BIGINT) AS n_post_only,
                     CAST(COALESCE(SUM(CASE WHEN b.score IS NOT NULL THEN a.score END), 0) AS BIGINT) AS sum_pre,
                     CAST(COALESCE(SUM(CASE WHEN a.score IS NOT NULL THEN b.score END), 0) AS BIGINT) AS sum_post,
                     CAST(COALESCE(SUM(b.score - a.score), 0) AS BIGINT) AS sum_gain,
                     CAST(COALESCE(SUM((b.score - a.score) * (b.score - a.score)), 0) AS BIGINT) AS sum_gain_sq,
                     CAST(SUM(CASE WHEN b.score > a.score THEN 1 ELSE 0 END) AS BIGINT) AS n_improved
                   FROM assessment_participants p
                   LEFT JOIN establishments e ON e.code = p.establishment
                   LEFT JOIN assessment_scores a
                     ON a.assessment_id = p.assessment_id AND a.participant = p.code AND a.phase = 'pre'
                   LEFT JOIN assessment_scores b
                     ON b.assessment_id = p.assessment_id AND b.participant = p.code AND b.phase = 'post'
                   WHERE p.assessment_id = $1
                   GROUP BY p.workshop_id, p.establishment, e.region_code, p.age_band
                   HAVING SUM(CASE WHEN a.score IS NOT NULL OR b.score IS NOT NULL THEN 1 ELSE 0 END) > 0
                   ORDER BY p.establishment, p.age_band, p.workshop_id")
                .bind(id.to_string()),
            )
            .await?;
        rows.iter().map(learning_cell).collect()
    }

    pub async fn assessment_question_counts(&self, id: AssessmentId) -> Result<Vec<QuestionCount>> {
        let rows = self
            .fetch_all(
                q("SELECT phase, position, choice, n, n_correct FROM assessment_question_counts
                   WHERE assessment_id = $1 AND n > 0 ORDER BY position, phase, choice")
                .bind(id.to_string()),
            )
            .await?;
        rows.iter()
            .map(|r| {
                let choice: i64 = r.get("choice")?;
                Ok(QuestionCount {
                    phase: phase_of(r)?,
                    position: u32::try_from(r.get::<i64>("position")?).map_err(|_| corrupt("position"))?,
                    choice: if choice < 0 { None } else { Some(u32::try_from(choice).map_err(|_| corrupt("choice"))?) },
                    n: count(r, "n")?,
                    n_correct: count(r, "n_correct")?,
                })
            })
            .collect()
    }

    /// Marks a live game as the test's `phase`: its answers are the test's when it ends.
    pub async fn link_assessment_game(&self, session: &str, id: AssessmentId, phase: Phase) -> Result<()> {
        self.execute(
            q("INSERT INTO assessment_games (session_id, assessment_id, phase) VALUES ($1, $2, $3)
               ON CONFLICT (session_id) DO UPDATE SET assessment_id = $2, phase = $3")
            .bind(session.to_owned())
            .bind(id.to_string())
            .bind(phase.code()),
        )
        .await?;
        Ok(())
    }

    /// The test and phase a live game was played as, if any.
    pub async fn assessment_game(&self, session: &str) -> Result<Option<(AssessmentId, Phase)>> {
        let Some(r) = self
            .fetch_optional(
                q("SELECT assessment_id, phase FROM assessment_games WHERE session_id = $1").bind(session.to_owned()),
            )
            .await?
        else {
            return Ok(None);
        };
        let id: String = r.get("assessment_id")?;
        Ok(Some((id.parse().map_err(|_| corrupt("assessment_id"))?, phase_of(&r)?)))
    }
}
