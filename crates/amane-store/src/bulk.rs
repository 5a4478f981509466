//! Bulk writes for generated data sets (`amane demo --scale national`: a million participants, twenty million
//! answers): many rows per statement on SQLite, `COPY … FROM STDIN` on PostgreSQL, one transaction per call. Only
//! for rows that do not exist yet; the summaries a test keeps (scores, question counts) are computed here from the
//! rows written, so they agree with the answers exactly as `record_assessment_answers` keeps them, and so do the
//! learning cells.

use crate::assessments::{CellKey, NewAnswer, Participant, add_into, add_to_cells, contribution};
use crate::db::{Arg, Backend, Db, Tx, q, q_generated};
use crate::error::{Result, StoreError};
use amane_domain::Audience;
use amane_domain::assessment::AssessmentId;
use amane_domain::learning::{ParticipantScores, Phase};
use amane_domain::workshop::Workshop;
use std::collections::{BTreeMap, HashMap};
use std::fmt::Write as _;

/// Rows per `INSERT` on SQLite: few enough that a statement stays quick to prepare (it is prepared once per
/// connection and reused), many enough that the per-statement cost vanishes.
const SQLITE_ROWS_PER_STATEMENT: usize = 256;

/// Writes `rows` (each one value per column) into `table`: `COPY` on PostgreSQL, multi-row `INSERT`s on SQLite.
async fn insert_rows(tx: &mut Tx, table: &'static str, columns: &[&'static str], rows: Vec<Vec<Arg>>) -> Result<()> {
    if rows.is_empty() {
        return Ok(());
    }
    if tx.backend() == Backend::Postgres {
        let mut data = String::with_capacity(rows.len() * 48);
        for row in &rows {
            for (i, v) in row.iter().enumerate() {
                if i > 0 {
                    data.push('\t');
                }
                copy_value(&mut data, v);
            }
            data.push('\n');
        }
        let statement = format!("COPY {table} ({}) FROM STDIN", columns.join(", "));
        tx.copy_in(&statement, data.as_bytes()).await?;
        return Ok(());
    }
    let mut chunks = rows.into_iter().peekable();
    while chunks.peek().is_some() {
        let chunk: Vec<Vec<Arg>> = chunks.by_ref().take(SQLITE_ROWS_PER_STATEMENT).collect();
        let mut sql = format!("INSERT INTO {table} ({}) VALUES ", columns.join(", "));
        let mut n = 0;
        for (r, _) in chunk.iter().enumerate() {
            sql.push_str(if r == 0 { "(" } else { ", (" });
            for c in 0..columns.len() {
                n += 1;
                let _ = write!(sql, "{}${n}", if c == 0 { "" } else { ", " });
            }
            sql.push(')');
        }
        let mut query = q_generated(sql);
        for v in chunk.into_iter().flatten() {
            query = query.bind(v);
        }
        tx.execute(query).await?;
    }
    Ok(())
}

/// One value in PostgreSQL's COPY text format: `\N` for NULL, backslash escapes for the characters it reserves.
fn copy_value(out: &mut String, v: &Arg) {
    let text = |out: &mut String, s: &str| {
        for ch in s.chars() {
            match ch {
                '\\' => out.push_str("\\\\"),
                '\t' => out.push_str("\\t"),
                '\n' => out.push_str("\\n"),
                '\r' => out.push_str("\\r"),
                c => out.push(c),
            }
        }
    };
    match v {
        Arg::Int(i) | Arg::OptInt(Some(i)) => {
            let _ = write!(out, "{i}");
        }
        Arg::Float(f) => {
            let _ = write!(out, "{f}");
        }
        Arg::Bool(b) => out.push(if *b { 't' } else { 'f' }),
        Arg::Text(s) | Arg::OptText(Some(s)) => text(out, s),
        Arg::OptInt(None) | Arg::OptText(None) => out.push_str("\\N"),
    }
}

/// A class or group registered to a generated workshop, confirmed, with how many came.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BulkGroup {
    pub establishment: Option<String>,
    pub label: String,
    pub age_band: Option<Audience>,
    pub seats: u32,
    pub present: u32,
}

/// A generated workshop and its confirmed groups.
#[derive(Debug, Clone)]
pub struct BulkWorkshop {
    pub workshop: Workshop,
    pub groups: Vec<BulkGroup>,
}

impl Db {
    /// Refreshes the planner's statistics after a bulk load. PostgreSQL's come from autovacuum, minutes later:
    /// until then it takes a freshly loaded table of twenty million answers for a few hundred rows, sorts on disk
    /// what the index already orders, and a page of the export takes 650 ms instead of 150. SQLite plans well
    /// without statistics; `PRAGMA optimize` does what it judges worth it.
    pub async fn analyze_after_bulk(&self) -> Result<()> {
        let sql = match self.backend() {
            Backend::Postgres => {
                "ANALYZE assessment_participants, assessment_answers, assessment_scores, assessment_question_counts,
                 assessment_cells, workshops, registrations, attendance, establishments"
            }
            Backend::Sqlite => "PRAGMA optimize",
        };
        self.execute(q(sql)).await?;
        Ok(())
    }

    /// Stores generated workshops (without facilitators) with their confirmed groups and attendance, in one
    /// transaction and without the scheduling and seat checks of `create_workshop` and `register`: the generator
    /// guarantees what they check.
    pub async fn bulk_workshops(&self, list: &[BulkWorkshop], now: i64) -> Result<()> {
        let mut tx = self.begin().await?;
        let mut workshops = Vec::with_capacity(list.len());
        let mut registrations = Vec::new();
        let mut attendance = Vec::new();
        for b in list {
            let w = &b.workshop;
            workshops.push(vec![
                Arg::Text(w.id.to_string()),
                Arg::Text(w.campaign.to_string()),
                Arg::Text(w.title.clone()),
                Arg::OptText(w.venue.establishment.clone()),
                Arg::Text(w.venue.name.clone()),
                Arg::Text(w.venue.room.clone()),
                Arg::Text(String::new()),
                Arg::Int(w.starts_at),
                Arg::Int(w.ends_at),
                Arg::Int(i64::from(w.capacity)),
                Arg::Text(w.audience.code().to_owned()),
                Arg::Text(w.lang.code().to_owned()),
                Arg::Text(w.modules.join("\n")),
                Arg::Int(now),
                Arg::Int(now),
            ]);
            for g in &b.groups {
                let id = uuid::Uuid::new_v4().to_string();
                registrations.push(vec![
                    Arg::Text(id.clone()),
                    Arg::Text(w.id.to_string()),
                    Arg::OptText(g.establishment.clone()),
                    Arg::Text("group".into()),
                    Arg::Text(g.label.clone()),
                    Arg::OptText(g.age_band.map(|a| a.code().to_owned())),
                    Arg::Int(i64::from(g.seats)),
                    Arg::Text(String::new()),
                    Arg::Text("confirmed".into()),
                    Arg::Int(now),
                    Arg::Int(now),
                ]);
                attendance.push(vec![Arg::Text(id), Arg::Int(i64::from(g.present)), Arg::Int(now)]);
            }
        }
        insert_rows(
            &mut tx,
            "workshops",
            &[
                "id",
                "campaign_id",
                "title",
                "establishment",
                "venue_name",
                "room",
                "room_key",
                "starts_at",
                "ends_at",
                "capacity",
                "audience",
                "lang",
                "modules",
                "created_at",
                "updated_at",
            ],
            workshops,
        )
        .await?;
        insert_rows(
            &mut tx,
            "registrations",
            &[
                "id",
                "workshop_id",
                "establishment",
                "kind",
                "label",
                "age_band",
                "seats",
                "roster",
                "status",
                "created_at",
                "updated_at",
            ],
            registrations,
        )
        .await?;
        insert_rows(&mut tx, "attendance", &["registration_id", "present", "recorded_at"], attendance).await?;
        tx.commit().await
    }

    /// Stores participants new to the test with all their answers, in one transaction, with the scores and the
    /// question counts those answers make (as `record_assessment_answers` keeps them). Every participant must be
    /// new to the test, every answer must name one of them, and each (participant, phase, question) may come once:
    /// anything else is refused before a row is written (a stored participant fails the insert).
    pub async fn bulk_new_participants(
        &self,
        id: AssessmentId,
        participants: &[Participant],
        answers: &[NewAnswer<'_>],
        now: i64,
    ) -> Result<u64> {
        let key = id.to_string();
        let known: HashMap<&str, usize> = participants.iter().enumerate().map(|(i, p)| (p.code.as_str(), i)).collect();
        if known.len() != participants.len() {
            return Err(StoreError::Conflict("a participant is listed twice".into()));
        }
        // Per participant and phase: right answers, answered, the questions seen and those right (bit p for
        // question p).
        let mut scores: HashMap<(usize, Phase), (i64, i64, u64, u64)> = HashMap::new();
        let mut counts: BTreeMap<(&'static str, u32, i64), (i64, i64)> = BTreeMap::new();
        let mut rows = Vec::with_capacity(answers.len());
        for a in answers {
            let Some(&who) = known.get(a.participant) else {
                return Err(StoreError::Conflict(format!("an answer names {}, not in the batch", a.participant)));
            };
            let s = scores.entry((who, a.phase)).or_default();
            let bit = 1u64.checked_shl(a.position).unwrap_or(0);
            if a.position == 0 || bit == 0 || s.2 & bit != 0 {
                return Err(StoreError::Conflict(format!("{} answers question {} twice", a.participant, a.position)));
            }
            s.2 |= bit;
            if a.correct {
                s.3 |= bit;
            }
            s.0 += i64::from(a.correct);
            s.1 += 1;
            let choice = a.choice.map(i64::from);
            let c = counts.entry((a.phase.code(), a.position, choice.unwrap_or(-1))).or_default();
            c.0 += 1;
            c.1 += i64::from(a.correct);
            rows.push(vec![
                Arg::Text(key.clone()),
                Arg::Text(a.participant.to_owned()),
                Arg::Text(a.phase.code().to_owned()),
                Arg::Int(i64::from(a.position)),
                Arg::Int(i64::from(a.correct)),
                Arg::OptInt(choice),
                Arg::Int(now),
            ]);
        }
        let people: Vec<Vec<Arg>> = participants
            .iter()
            .map(|p| {
                vec![
                    Arg::Text(key.clone()),
                    Arg::Text(p.code.clone()),
                    Arg::OptText(p.workshop.map(|w| w.to_string())),
                    Arg::OptText(p.establishment.clone()),
                    Arg::OptText(p.age_band.map(|a| a.code().to_owned())),
                    Arg::Text(p.source.code().to_owned()),
                    Arg::Int(now),
                ]
            })
            .collect();
        // Each participant's pre and post scores into their learning cell.
        let mut cells: BTreeMap<CellKey, [i64; 8]> = BTreeMap::new();
        for (who, p) in participants.iter().enumerate() {
            let score = |phase| scores.get(&(who, phase)).and_then(|s| u32::try_from(s.0).ok());
            let mine = ParticipantScores { pre: score(Phase::Pre), post: score(Phase::Post) };
            let cell = [
                p.workshop.map(|w| w.to_string()).unwrap_or_default(),
                p.establishment.clone().unwrap_or_default(),
                p.age_band.map(|a| a.code().to_owned()).unwrap_or_default(),
            ];
            add_into(cells.entry(cell).or_default(), contribution(mine, 1));
        }
        let mut score_rows: Vec<_> = scores.into_iter().collect();
        score_rows.sort_by_key(|((who, phase), _)| (*who, phase.code()));
        let score_rows: Vec<Vec<Arg>> = score_rows
            .into_iter()
            .map(|((who, phase), (score, answered, seen, right))| {
                // Stored as question p on bit p − 1, as the answers' own transaction writes them.
                let bits = |b: u64| i64::try_from(b >> 1).unwrap_or(i64::MAX);
                vec![
                    Arg::Text(key.clone()),
                    Arg::Text(participants[who].code.clone()),
                    Arg::Text(phase.code().to_owned()),
                    Arg::Int(score),
                    Arg::Int(answered),
                    Arg::Int(bits(seen)),
                    Arg::Int(bits(right)),
                ]
            })
            .collect();
        let mut tx = self.begin().await?;
        insert_rows(
            &mut tx,
            "assessment_participants",
            &["assessment_id", "code", "workshop_id", "establishment", "age_band", "source", "created_at"],
            people,
        )
        .await?;
        insert_rows(
            &mut tx,
            "assessment_answers",
            &["assessment_id", "participant", "phase", "position", "correct", "choice", "recorded_at"],
            rows,
        )
        .await?;
        insert_rows(
            &mut tx,
            "assessment_scores",
            &["assessment_id", "participant", "phase", "score", "answered", "answered_bits", "right_bits"],
            score_rows,
        )
        .await?;
        for ((phase, position, choice), (n, n_correct)) in counts {
            tx.execute(
                q("INSERT INTO assessment_question_counts (assessment_id, phase, position, choice, n, n_correct)
                   VALUES ($1, $2, $3, $4, $5, $6)
                   ON CONFLICT (assessment_id, phase, position, choice)
                   DO UPDATE SET n = assessment_question_counts.n + $5,
                                 n_correct = assessment_question_counts.n_correct + $6")
                .bind(key.clone())
                .bind(phase)
                .bind(i64::from(position))
                .bind(choice)
                .bind(n)
                .bind(n_correct),
            )
            .await?;
        }
        add_to_cells(&mut tx, &key, cells).await?;
        tx.commit().await?;
        Ok(answers.len() as u64)
    }
}
