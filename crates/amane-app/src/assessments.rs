//! A campaign's pre/post tests: making one from a module, recording results (paper sheets typed or imported), and
//! the learning figures with small groups suppressed. The formulas are `docs/REPORTS.md`'s.

use crate::error::{Error, Result};
use crate::establishments::BadRow;
use crate::paper_results::{self, PaperProblems};
use amane_content::Curriculum;
use amane_content::model::Question;
use amane_domain::assessment::{AssessmentId, Source};
use amane_domain::campaign::CampaignId;
use amane_domain::learning::{AnswerFact, Learning, LearningSums, QuestionFigures, by_question_counted};
use amane_domain::suppression::{Cell, MinCell, suppress_partition};
use amane_domain::{Audience, FieldCode, Role, User, ValidationErrors};
use amane_store::assessments::{Assessment, AssessmentFields, NewAnswer, Participant};
use amane_store::{Db, now_ms};
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, HashSet};

/// Who may make tests and read their figures in full (suppressed as everywhere).
pub const TEST_EDITORS: [Role; 2] = [Role::Admin, Role::Organizer];
/// Who may record results (the facilitators who ran the workshop, too).
pub const RESULT_RECORDERS: [Role; 3] = [Role::Admin, Role::Organizer, Role::Facilitator];
/// Who may read a test's learning figures: aggregated and suppressed, so partners and auditors too.
pub const FIGURE_READERS: [Role; 4] = [Role::Admin, Role::Organizer, Role::Facilitator, Role::Observer];

/// What an organizer asks for: a title, a module and an age band, and either the module's questions by id (in
/// that order) or how many of them (the module's order).
#[derive(Debug, Clone, Default, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct AssessmentIn {
    pub title: String,
    /// A module of the curriculum or an imported question bank.
    pub module: String,
    /// 8-11, 12-14, 15-17, staff or parents: the questions written for this audience.
    pub age_band: String,
    #[serde(default)]
    pub questions: Option<Vec<String>>,
    /// How many questions (1 to 50; default 10 or as many as the module has).
    #[serde(default)]
    pub count: Option<u32>,
}

/// A test as the API shows it.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AssessmentOut {
    #[cfg_attr(feature = "openapi", schema(value_type = String))]
    pub id: AssessmentId,
    #[cfg_attr(feature = "openapi", schema(value_type = String))]
    pub campaign: CampaignId,
    pub title: String,
    pub module: String,
    pub age_band: String,
    pub n_questions: u32,
    /// The questions' ids, position 1 first.
    pub questions: Vec<String>,
}

/// The frozen questions of a stored test.
pub fn questions(a: &Assessment) -> Result<Vec<Question>> {
    serde_json::from_str(&a.fields.questions_json).map_err(|e| Error::caused("a test's stored questions", e))
}

pub fn to_out(a: &Assessment) -> Result<AssessmentOut> {
    Ok(AssessmentOut {
        id: a.id,
        campaign: a.fields.campaign,
        title: a.fields.title.clone(),
        module: a.fields.module.clone(),
        age_band: a.fields.audience.code().to_owned(),
        n_questions: a.fields.n_questions,
        questions: questions(a)?.into_iter().map(|q| q.id).collect(),
    })
}

/// Checks a request and stores the test with its questions frozen.
pub async fn create(
    db: &Db,
    curriculum: &Curriculum,
    by: &User,
    campaign: CampaignId,
    input: &AssessmentIn,
) -> Result<Assessment> {
    if db.find_campaign(campaign).await?.is_none() {
        return Err(Error::NotFound);
    }
    let mut e = ValidationErrors::new();
    let title = input.title.trim();
    if title.is_empty() {
        e.add("title", FieldCode::Required);
    } else if title.chars().count() > 200 {
        e.add("title", FieldCode::TooLong);
    }
    let module = match curriculum.module(input.module.trim()) {
        Some(m) => Some(m.clone()),
        None => crate::banks::bank_module(db, input.module.trim(), Some(by)).await?,
    };
    if module.is_none() {
        e.add("module", FieldCode::ModuleUnknown);
    }
    let audience = Audience::parse(&input.age_band).ok();
    if audience.is_none() {
        e.add("age_band", FieldCode::AudienceUnknown);
    }
    if input.count.is_some_and(|c| !(1..=50).contains(&c)) {
        e.add("count", FieldCode::NumberInvalid);
    }
    let mut picked: Vec<Question> = Vec::new();
    if let (Some(m), Some(a)) = (&module, audience) {
        match &input.questions {
            Some(ids) => {
                if ids.is_empty() || ids.len() > 50 {
                    e.add("questions", FieldCode::NumberInvalid);
                }
                let mut seen = HashSet::new();
                for id in ids {
                    match m.questions.iter().find(|q| q.id == *id) {
                        Some(q) if seen.insert(id.as_str()) => picked.push(q.clone()),
                        Some(_) => e.add("questions", FieldCode::CodeDuplicate),
                        None => e.add("questions", FieldCode::QuestionUnknown),
                    }
                }
            }
            None => {
                let count = input.count.unwrap_or(10) as usize;
                picked = m.questions.iter().filter(|q| q.audiences.contains(&a)).take(count).cloned().collect();
                if picked.is_empty() {
                    e.add("age_band", FieldCode::AudienceUnknown);
                }
            }
        }
    }
    e.into_result()?;
    let (Some(m), Some(audience)) = (module, audience) else { return Err(Error::internal("checked above")) };
    let n_questions = u32::try_from(picked.len()).map_err(|e| Error::caused("question count", e))?;
    let questions_json = serde_json::to_string(&picked).map_err(|e| Error::caused("freezing questions", e))?;
    let new = AssessmentFields {
        campaign,
        title: title.to_owned(),
        module: m.id.clone(),
        audience,
        questions_json,
        n_questions,
        by: Some(by.id),
    };
    Ok(db.create_assessment(&new, now_ms()).await?)
}

pub async fn find(db: &Db, id: AssessmentId) -> Result<Assessment> {
    db.find_assessment(id).await?.ok_or(Error::NotFound)
}

/// What storing paper results did.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ImportOutcome {
    pub lines: u64,
    pub participants_new: u64,
    pub answers_new: u64,
    pub answers_replaced: u64,
}

/// Why a results file was refused; nothing of it was stored.
#[derive(Debug)]
pub enum ImportRefusal {
    File(crate::establishments::FileProblem),
    Rows(Vec<BadRow>),
}

impl ImportRefusal {
    /// What the API's `details` say: the whole-file problem, or every bad cell with its line, column and reason
    /// code (a `FieldCode`, translated as `field_<code>`).
    pub fn details(&self) -> serde_json::Value {
        use crate::establishments::FileProblem;
        use serde_json::json;
        match self {
            ImportRefusal::File(FileProblem::NotUtf8) => json!({"file": "file_not_utf8"}),
            ImportRefusal::File(FileProblem::Empty) => json!({"file": "file_empty"}),
            ImportRefusal::File(FileProblem::MissingColumns(c)) => json!({"file": "missing_columns", "columns": c}),
            ImportRefusal::File(FileProblem::Malformed { line, reason }) => {
                json!({"file": "malformed", "line": line, "reason": reason})
            }
            ImportRefusal::Rows(rows) => json!({"rows": rows
                .iter()
                .flat_map(|r| r.errors.iter().map(move |e| json!({
                    "line": r.line,
                    "column": e.column,
                    "code": e.code.as_str(),
                    "value": e.value,
                    "earlier_line": e.earlier_line,
                })))
                .collect::<Vec<_>>()}),
        }
    }
}

/// Reads a paper-results file and stores it whole, or nothing: a bad cell anywhere, or a participant the test
/// already holds with another establishment or age band, refuses the file with every problem listed by line.
pub async fn import_paper(db: &Db, id: AssessmentId, bytes: &[u8]) -> Result<Result<ImportOutcome, ImportRefusal>> {
    let test = find(db, id).await?;
    let known: HashSet<String> = db.establishment_codes().await?.into_iter().collect();
    let rows = match paper_results::parse(bytes, test.fields.n_questions, &|c| known.contains(c)) {
        Ok(rows) => rows,
        Err(PaperProblems::File(p)) => return Ok(Err(ImportRefusal::File(p))),
        Err(PaperProblems::Rows(bad)) => return Ok(Err(ImportRefusal::Rows(bad))),
    };
    let mut participants: Vec<Participant> = Vec::new();
    let mut first_line: BTreeMap<&str, usize> = BTreeMap::new();
    for r in &rows {
        if first_line.insert(r.participant.as_str(), r.line).is_none() {
            participants.push(Participant {
                code: r.participant.as_str().to_owned(),
                workshop: None,
                establishment: Some(r.establishment.as_str().to_owned()),
                age_band: Some(r.age_band),
                source: Source::Paper,
            });
        }
    }
    let answers: Vec<NewAnswer<'_>> = rows
        .iter()
        .map(|r| NewAnswer {
            participant: r.participant.as_str(),
            phase: r.phase,
            position: r.position,
            correct: r.correct,
            choice: None,
        })
        .collect();
    match db.record_assessment_answers(id, &participants, &answers, now_ms()).await? {
        Ok(done) => {
            tracing::info!(test = %id, lines = rows.len(), "paper results imported");
            Ok(Ok(ImportOutcome {
                lines: rows.len() as u64,
                participants_new: done.participants_new,
                answers_new: done.answers_new,
                answers_replaced: done.answers_replaced,
            }))
        }
        Err(clashes) => {
            let bad = clashes
                .into_iter()
                .map(|c| {
                    let line = first_line.get(c.code.as_str()).copied().unwrap_or(0);
                    let (column, code) = match c.field {
                        "age_band" => ("age_band", FieldCode::ParticipantAgeBandDiffers),
                        _ => ("establishment", FieldCode::ParticipantEstablishmentDiffers),
                    };
                    BadRow {
                        line,
                        record: Vec::new(),
                        errors: vec![crate::establishments::CellError {
                            column,
                            code,
                            value: c.stored,
                            earlier_line: None,
                        }],
                    }
                })
                .collect();
            Ok(Err(ImportRefusal::Rows(bad)))
        }
    }
}

pub use crate::results_export::ResultsExport;

/// A shown group's figures with its one-test-only counts hidden where they are small (`shown` false).
fn with_counts(mut l: Learning, pre_only_shown: bool, post_only_shown: bool) -> Learning {
    if !pre_only_shown {
        l.n_pre_only = Cell::Suppressed;
    }
    if !post_only_shown {
        l.n_post_only = Cell::Suppressed;
    }
    l
}

/// One question's figures (`docs/REPORTS.md`), named by its id; a phase answered by fewer than k participants
/// shows no rate and no wrong answer.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct QuestionOut {
    pub question: String,
    #[serde(flatten)]
    pub figures: QuestionFigures,
}

/// A test's learning figures, all groups suppressed below k.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct LearningReport {
    pub test: AssessmentOut,
    pub min_cell: u32,
    #[cfg_attr(feature = "openapi", schema(value_type = Object))]
    pub all: Cell<Learning>,
    #[cfg_attr(feature = "openapi", schema(value_type = Object))]
    pub by_age_band: BTreeMap<String, Cell<Learning>>,
    #[cfg_attr(feature = "openapi", schema(value_type = Object))]
    pub by_establishment: BTreeMap<String, Cell<Learning>>,
    #[cfg_attr(feature = "openapi", schema(value_type = Object))]
    pub by_region: BTreeMap<String, Cell<Learning>>,
    #[cfg_attr(feature = "openapi", schema(value_type = Object))]
    pub by_workshop: BTreeMap<String, Cell<Learning>>,
    #[cfg_attr(feature = "openapi", schema(value_type = Object))]
    pub by_module: BTreeMap<String, Cell<Learning>>,
    #[cfg_attr(feature = "openapi", schema(value_type = Vec<Object>))]
    pub by_question: Vec<QuestionOut>,
}

/// What a breakdown's group is named by when its participants do not say (no establishment, no workshop).
pub const UNKNOWN: &str = "unknown";

/// Groups the cells by `key`, then hides each group whose paired count is below k, and more groups where the
/// hidden ones could be found by subtracting the shown ones from the total (`suppress_partition`); the pre-only and
/// post-only counts are suppressed the same way, on their own.
fn breakdown(
    total: &LearningSums,
    cells: &[(String, LearningSums)],
    n_questions: u32,
    k: MinCell,
) -> BTreeMap<String, Cell<Learning>> {
    let mut groups: BTreeMap<String, LearningSums> = BTreeMap::new();
    for (key, sums) in cells {
        groups.entry(key.clone()).or_default().merge(sums);
    }
    let list: Vec<(&String, &LearningSums)> = groups.iter().collect();
    let hide_group = suppress_partition(total.n_paired, &list.iter().map(|(_, s)| s.n_paired).collect::<Vec<_>>(), k);
    let hide_pre = suppress_partition(total.n_pre_only, &list.iter().map(|(_, s)| s.n_pre_only).collect::<Vec<_>>(), k);
    let hide_post =
        suppress_partition(total.n_post_only, &list.iter().map(|(_, s)| s.n_post_only).collect::<Vec<_>>(), k);
    list.iter()
        .enumerate()
        .map(|(i, (key, sums))| {
            let hidden = hide_group.get(i).copied().unwrap_or(true) || sums.n_paired < u64::from(k.get());
            let cell = if hidden {
                Cell::Suppressed
            } else {
                Cell::Shown(with_counts(
                    sums.learning(n_questions),
                    !hide_pre.get(i).copied().unwrap_or(true),
                    !hide_post.get(i).copied().unwrap_or(true),
                ))
            };
            ((*key).clone(), cell)
        })
        .collect()
}

/// The whole group's figures: hidden below k paired participants, and its one-test-only counts below k.
fn total_cell(total: &LearningSums, n_questions: u32, k: MinCell) -> Cell<Learning> {
    let floor = u64::from(k.get());
    if total.n_paired < floor {
        return Cell::Suppressed;
    }
    let shown = |n: u64| n == 0 || n >= floor;
    Cell::Shown(with_counts(total.learning(n_questions), shown(total.n_pre_only), shown(total.n_post_only)))
}

/// The learning figures of a test, per group and per question, with every group below `k` suppressed.
pub async fn learning_report(db: &Db, id: AssessmentId, k: MinCell) -> Result<LearningReport> {
    learning_report_with(db, id, k, Detail::Full).await
}

/// How much of a test's learning figures to compute.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Detail {
    /// Every breakdown.
    Full,
    /// The whole test, by age band, region and module, and by question; no group per workshop or establishment
    /// (the dashboard page, which shows none: a national test has 21,000 workshops).
    Summary,
}

/// [`learning_report`] with only the breakdowns `detail` asks for (the others are empty).
pub async fn learning_report_with(db: &Db, id: AssessmentId, k: MinCell, detail: Detail) -> Result<LearningReport> {
    let test = find(db, id).await?;
    let questions = questions(&test)?;
    let cells = match detail {
        Detail::Full => db.assessment_learning_cells(id).await?,
        Detail::Summary => db.assessment_learning_cells_by_region(id).await?,
    };
    let mut total = LearningSums::default();
    cells.iter().for_each(|c| total.merge(&c.sums));
    let n = test.fields.n_questions;
    let keyed = |f: &dyn Fn(&amane_store::assessments::LearningCell) -> Option<String>| -> Vec<(String, LearningSums)> {
        cells.iter().map(|c| (f(c).unwrap_or_else(|| UNKNOWN.to_owned()), c.sums)).collect()
    };
    let counts = db.assessment_question_counts(id).await?;
    let facts = counts.iter().flat_map(|c| {
        let right = AnswerFact { position: c.position, phase: c.phase, correct: true, choice: c.choice };
        let wrong = AnswerFact { correct: false, ..right };
        [(right, c.n_correct), (wrong, c.n - c.n_correct)]
    });
    let floor = u64::from(k.get());
    let by_question = by_question_counted(n, facts)
        .into_iter()
        .map(|mut f: QuestionFigures| {
            if f.n_pre < floor {
                (f.correct_rate_pre, f.most_chosen_wrong_pre) = (None, None);
            }
            if f.n_post < floor {
                (f.correct_rate_post, f.most_chosen_wrong_post) = (None, None);
            }
            let at = usize::try_from(f.position).unwrap_or(usize::MAX).saturating_sub(1);
            QuestionOut { question: questions.get(at).map(|q| q.id.clone()).unwrap_or_default(), figures: f }
        })
        .collect();
    Ok(LearningReport {
        test: to_out(&test)?,
        min_cell: k.get(),
        all: total_cell(&total, n, k),
        by_age_band: breakdown(&total, &keyed(&|c| c.age_band.map(|a| a.code().to_owned())), n, k),
        by_establishment: match detail {
            Detail::Full => breakdown(&total, &keyed(&|c| c.establishment.clone()), n, k),
            Detail::Summary => BTreeMap::new(),
        },
        by_region: breakdown(&total, &keyed(&|c| c.region.clone()), n, k),
        by_workshop: match detail {
            Detail::Full => breakdown(&total, &keyed(&|c| c.workshop.map(|w| w.to_string())), n, k),
            Detail::Summary => BTreeMap::new(),
        },
        by_module: breakdown(&total, &keyed(&|_| Some(test.fields.module.clone())), n, k),
        by_question,
    })
}

/// The participant a nickname is within a workshop (or a game without one): `<scope>/<nickname>`, lower case,
/// whether the answers came from a live game or a phone, so that the same nickname pairs across phases.
pub fn workshop_participant(scope: &str, nickname: &str) -> String {
    format!("{scope}/{}", nickname.trim().to_lowercase())
}

/// When a game played as a test has ended, its answers become the test's: each player is a participant of the
/// workshop by nickname (`<workshop>/<nickname>`, so the same nickname in the pre and the post game pairs), and
/// each answer keeps the option chosen. Idempotent: ending or reading the game again replaces, never doubles.
/// `None` for a game that is not a test.
pub async fn record_game(db: &Db, session: &str) -> Result<Option<ImportOutcome>> {
    let Some((test_id, phase)) = db.assessment_game(session).await? else { return Ok(None) };
    let test = find(db, test_id).await?;
    let Some(row) = amane_store::live::get(db, session).await? else { return Ok(None) };
    let workshop = match row.game.workshop_id {
        Some(w) => db.find_workshop(w).await?,
        None => None,
    };
    let scope = workshop.as_ref().map_or_else(|| format!("game-{session}"), |w| w.id.to_string());
    let players = amane_store::live::players(db, session).await?;
    let answers = amane_store::live::answers(db, session).await?;
    let code_of = |idx: i64| players.iter().find(|p| p.idx == idx).map(|p| workshop_participant(&scope, &p.nickname));
    let band = Some(test.fields.audience);
    let mut participants: Vec<Participant> = Vec::new();
    let mut codes: Vec<(i64, String)> = Vec::new();
    for p in players.iter().filter(|p| !p.kicked) {
        let Some(code) = code_of(p.idx) else { continue };
        if participants.iter().any(|x| x.code == code) {
            continue;
        }
        codes.push((p.idx, code.clone()));
        participants.push(Participant {
            code,
            workshop: workshop.as_ref().map(|w| w.id),
            establishment: workshop.as_ref().and_then(|w| w.venue.establishment.clone()),
            age_band: band,
            source: Source::Live,
        });
    }
    let picked = |json: &str| -> Option<u32> {
        let v: serde_json::Value = serde_json::from_str(json).ok()?;
        v.get("choices")?.as_array()?.first()?.as_u64().and_then(|c| u32::try_from(c).ok())
    };
    let list: Vec<NewAnswer<'_>> = answers
        .iter()
        .filter_map(|a| {
            let code = codes.iter().find(|(i, _)| *i == a.player_idx).map(|(_, c)| c.as_str())?;
            let position = u32::try_from(a.question_idx + 1).ok().filter(|p| *p <= test.fields.n_questions)?;
            Some(NewAnswer {
                participant: code,
                phase,
                position,
                correct: a.correct_milli >= 1000,
                choice: picked(&a.answer),
            })
        })
        .collect();
    match db.record_assessment_answers(test_id, &participants, &list, now_ms()).await? {
        Ok(done) => Ok(Some(ImportOutcome {
            lines: list.len() as u64,
            participants_new: done.participants_new,
            answers_new: done.answers_new,
            answers_replaced: done.answers_replaced,
        })),
        // A nickname already in the test with another school or age band: that game is not counted, and says why.
        Err(clashes) => {
            tracing::warn!(session, test = %test_id, clashes = clashes.len(), "a test game's players clash with the test's participants");
            Ok(None)
        }
    }
}
