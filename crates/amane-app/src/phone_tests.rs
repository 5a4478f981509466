//! Tests taken self-paced on a phone: a facilitator opens a test for a workshop and a phase, children open
//! `/t/<code>` (typed from the board or scanned), give a nickname and answer on one page; after the post-test
//! (or the follow-up) a short satisfaction survey follows.
//!
//! A child's answers are the participant `<workshop>/<nickname>`, the code a live game played as the same test
//! gives its players (`assessments::workshop_participant`), so a pre-test played live and a post-test taken on
//! phones pair by nickname. A nickname that has already answered a phase cannot answer it again: another child
//! cannot overwrite it, and the first answers stay.

use crate::assessments::{self, workshop_participant};
use crate::error::{Error, ErrorCode, Result};
use amane_content::model::{Question, QuestionKind};
use amane_domain::assessment::{AssessmentId, Source, TestCode};
use amane_domain::learning::Phase;
use amane_domain::nickname::Nickname;
use amane_domain::survey::SurveyItem;
use amane_domain::workshop::{Workshop, WorkshopId};
use amane_domain::{FieldCode, Lang, User, ValidationErrors};
use amane_live::game::{Game, WireAnswer};
use amane_store::assessments::{Assessment, NewAnswer, Participant};
use amane_store::openings::Opening;
use amane_store::{Db, now_ms};
use rand::Rng;

/// A test as a child sees it under a code: the opening, the test, its questions and the workshop.
#[derive(Debug, Clone)]
pub struct Sheet {
    pub opening: Opening,
    pub test: Assessment,
    pub questions: Vec<Question>,
    pub workshop: Workshop,
}

impl Sheet {
    /// The survey that follows this phase: none after a pre-test.
    pub fn survey(&self) -> &'static [SurveyItem] {
        match self.opening.phase {
            Phase::Pre => &[],
            Phase::Post | Phase::FollowUp => SurveyItem::for_audience(self.test.fields.audience),
        }
    }

    fn participant(&self, nickname: &Nickname) -> String {
        workshop_participant(&self.workshop.id.to_string(), nickname.as_str())
    }
}

/// The field of question `position` (1-based) in the form: `q1`, `q2`… Numbered, never named after an answer.
pub fn field(position: usize) -> String {
    format!("q{position}")
}

/// What came back from a child's sheet.
#[derive(Debug, Clone, PartialEq)]
pub struct Submitted {
    pub nickname: Nickname,
    pub score: u32,
    pub n_questions: u32,
}

/// Opens (or opens again, with the same code) a campaign's test on phones for one of its workshops.
pub async fn open(db: &Db, by: &User, test: AssessmentId, workshop: WorkshopId, phase: Phase) -> Result<Opening> {
    let t = assessments::find(db, test).await?;
    let w = db.find_workshop(workshop).await?.ok_or(Error::NotFound)?;
    if !crate::workshops::may_run(db, by, &w).await? {
        return Err(Error::Forbidden);
    }
    if w.campaign != t.fields.campaign {
        let mut e = ValidationErrors::new();
        e.add("workshop", FieldCode::OutsideCampaign);
        return Err(e.into());
    }
    // The thread's generator is taken for each draw and never held across an await (it is not `Send`).
    let draw = || {
        let mut rng = rand::rng();
        TestCode::generate(|n| rng.random_range(0..n))
    };
    Ok(db.open_assessment(test, workshop, phase, by.id, draw, now_ms()).await?)
}

/// Stops (`closed`) or resumes taking answers under a code.
pub async fn set_closed(db: &Db, by: &User, code: &TestCode, closed: bool) -> Result<Opening> {
    let o = db.find_opening(code).await?.ok_or(Error::NotFound)?;
    let w = db.find_workshop(o.workshop).await?.ok_or(Error::NotFound)?;
    if !crate::workshops::may_run(db, by, &w).await? {
        return Err(Error::Forbidden);
    }
    db.set_opening_closed(code, closed.then(now_ms)).await?;
    db.find_opening(code).await?.ok_or(Error::NotFound)
}

/// The sheet under a code as typed, open or closed; `None` when no test has that code.
pub async fn sheet(db: &Db, raw: &str) -> Result<Option<Sheet>> {
    let Some(code) = TestCode::parse(raw) else { return Ok(None) };
    let Some(opening) = db.find_opening(&code).await? else { return Ok(None) };
    let test = assessments::find(db, opening.assessment).await?;
    let Some(workshop) = db.find_workshop(opening.workshop).await? else { return Ok(None) };
    let questions = assessments::questions(&test)?;
    Ok(Some(Sheet { opening, test, questions, workshop }))
}

/// Reads one question's answer from the form's fields (`q<n>` repeated for several choices or red-flag taps).
fn wire_answer(q: &Question, values: &[&str]) -> Option<WireAnswer> {
    let numbers = || values.iter().map(|v| v.trim().parse::<usize>().ok()).collect::<Option<Vec<usize>>>();
    match &q.kind {
        QuestionKind::Single { .. } | QuestionKind::Multiple { .. } => {
            let c = numbers()?;
            (!c.is_empty()).then(|| WireAnswer { choices: Some(c), ..WireAnswer::default() })
        }
        QuestionKind::TrueFalse { .. } => match values {
            ["1"] => Some(WireAnswer { value: Some(true), ..WireAnswer::default() }),
            ["0"] => Some(WireAnswer { value: Some(false), ..WireAnswer::default() }),
            _ => None,
        },
        QuestionKind::ShortAnswer { .. } => match values {
            [t] if !t.trim().is_empty() => Some(WireAnswer { text: Some((*t).to_owned()), ..WireAnswer::default() }),
            _ => None,
        },
        // Finding no red flag at all is an answer too (a poor one): no tapped part means no taps.
        QuestionKind::RedFlags(_) => Some(WireAnswer { taps: Some(numbers()?), ..WireAnswer::default() }),
    }
}

/// Grades and stores a child's sheet while the test is open (else `SessionFinished`): every question must have
/// an answer (a red-flag message may be left with nothing ticked). On a refusal nothing is stored and the errors name the nickname field or the question
/// fields (`q<n>`), so the page can show the sheet again with what was chosen.
pub async fn submit(
    db: &Db,
    sheet: &Sheet,
    lang: Lang,
    nickname: &str,
    form: &[(String, String)],
) -> Result<std::result::Result<Submitted, ValidationErrors>> {
    if !sheet.opening.is_open() {
        return Err(Error::conflict(ErrorCode::SessionFinished));
    }
    let mut e = ValidationErrors::new();
    let nick = Nickname::parse(nickname);
    if let Err(code) = &nick {
        e.add("nickname", *code);
    }
    let game = Game::for_grading(sheet.questions.clone());
    let mut graded = Vec::with_capacity(sheet.questions.len());
    for (i, q) in sheet.questions.iter().enumerate() {
        let name = field(i + 1);
        let values: Vec<&str> = form.iter().filter(|(k, _)| *k == name).map(|(_, v)| v.as_str()).collect();
        let Some(wire) = wire_answer(q, &values) else {
            e.add(&name, if values.is_empty() { FieldCode::Required } else { FieldCode::InvalidType });
            continue;
        };
        match game.grade(i, lang, &wire) {
            Ok((_, c)) => graded.push((i, c >= 1.0, wire.choices.as_ref().and_then(|c| c.first().copied()))),
            Err(_) => e.add(&name, FieldCode::InvalidType),
        }
    }
    let Ok(nick) = nick else { return Ok(Err(e)) };
    if !e.is_empty() {
        return Ok(Err(e));
    }
    let code = sheet.participant(&nick);
    let phase = sheet.opening.phase;
    if db.has_answered(sheet.test.id, &code, phase).await? {
        e.add("nickname", FieldCode::AlreadyAnswered);
        return Ok(Err(e));
    }
    let participant = Participant {
        code: code.clone(),
        workshop: Some(sheet.workshop.id),
        establishment: sheet.workshop.venue.establishment.clone(),
        age_band: Some(sheet.test.fields.audience),
        source: Source::Phone,
    };
    let answers: Vec<NewAnswer<'_>> = graded
        .iter()
        .filter_map(|&(i, correct, choice)| {
            Some(NewAnswer {
                participant: &code,
                phase,
                position: u32::try_from(i + 1).ok()?,
                correct,
                choice: choice.and_then(|c| u32::try_from(c).ok()),
            })
        })
        .collect();
    let outcome = db.record_assessment_answers(sheet.test.id, &[participant], &answers, now_ms()).await?;
    let n_questions = sheet.test.fields.n_questions;
    match outcome {
        Ok(_) => Ok(Ok(Submitted { nickname: nick, score: graded.iter().filter(|g| g.1).count() as u32, n_questions })),
        // The nickname is a participant of this test under another school or age band (the workshop moved).
        Err(_) => {
            e.add("nickname", FieldCode::AlreadyAnswered);
            Ok(Err(e))
        }
    }
}

/// Stores a child's satisfaction survey after the post-test. Each item of the audience's survey needs a value
/// on its scale; the nickname must have answered this phase; a second survey from the same nickname is refused.
/// A survey is taken even once the test has closed: the child answered the test while it was open.
pub async fn submit_survey(
    db: &Db,
    sheet: &Sheet,
    nickname: &str,
    form: &[(String, String)],
) -> Result<std::result::Result<(), ValidationErrors>> {
    let mut e = ValidationErrors::new();
    let items = sheet.survey();
    let Ok(nick) = Nickname::parse(nickname) else {
        e.add("nickname", FieldCode::PlayerUnknown);
        return Ok(Err(e));
    };
    let code = sheet.participant(&nick);
    if items.is_empty() || !db.has_answered(sheet.test.id, &code, sheet.opening.phase).await? {
        e.add("nickname", FieldCode::PlayerUnknown);
        return Ok(Err(e));
    }
    let mut values = Vec::with_capacity(items.len());
    for item in items {
        let raw = form.iter().find(|(k, _)| k == item.code()).map(|(_, v)| v.trim());
        match raw {
            None | Some("") => e.add(item.code(), FieldCode::Required),
            Some(r) => match r.parse::<u8>() {
                Ok(v) if (1..=item.scale()).contains(&v) => values.push((*item, v)),
                _ => e.add(item.code(), FieldCode::NumberInvalid),
            },
        }
    }
    if !e.is_empty() {
        return Ok(Err(e));
    }
    if !db.record_survey(sheet.test.id, &code, &values, now_ms()).await? {
        e.add("nickname", FieldCode::AlreadyAnswered);
        return Ok(Err(e));
    }
    Ok(Ok(()))
}

/// How many of the workshop's children have answered this phase so far (for the board).
pub async fn answered_count(db: &Db, o: &Opening) -> Result<u64> {
    Ok(db.workshop_phase_count(o.assessment, o.workshop, o.phase).await?)
}
