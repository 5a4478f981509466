//! Question previews for facilitators: a module's questions for one audience, and an imported question bank,
//! each with its answer key (a red-flag scenario shows its flags). Answer keys are for staff: signed in only, so a
//! child cannot read the answers of the quiz or the test they are about to take.

use super::scenario::{ScenarioView, scenario_view};
use super::{AudienceQuery, Tab, audience_tabs, back_to, find, pick_audience};
use crate::AppState;
use crate::auth::PageUser;
use crate::error::AppError;
use crate::i18n::{Arg, Tr};
use crate::i18n_layer::ReqLang;
use crate::pages::{Page, render};
use amane_content::{Module, Question, QuestionKind};
use askama::Template;
use axum::extract::{Path, Query, State};
use axum::response::Response;

pub struct ChoiceView {
    pub text: String,
    pub correct: bool,
    pub feedback: String,
}

pub struct QuestionView {
    pub id: String,
    pub kind: String,
    pub prompt: String,
    pub choices: Vec<ChoiceView>,
    pub answer: String,
    pub explanation: String,
    pub scenario: Option<ScenarioView>,
}

#[derive(Template)]
#[template(path = "curriculum/questions.html")]
struct QuestionsPage {
    page: Page,
    id: String,
    back: String,
    tabs: Vec<Tab>,
    questions: Vec<QuestionView>,
}

fn question_view(t: Tr, m: &Module, q: &Question) -> QuestionView {
    let lang = t.lang;
    let mut v = QuestionView {
        id: q.id.clone(),
        kind: t.get(&format!("question-type-{}", q.kind.code())),
        prompt: q.prompt.text(lang).to_owned(),
        choices: Vec::new(),
        answer: String::new(),
        explanation: q.explanation.text(lang).to_owned(),
        scenario: None,
    };
    match &q.kind {
        QuestionKind::Single { choices } | QuestionKind::Multiple { choices } => {
            v.choices = choices
                .iter()
                .map(|c| ChoiceView {
                    text: c.text.text(lang).to_owned(),
                    correct: c.correct,
                    feedback: c.feedback.as_ref().map(|f| f.text(lang).to_owned()).unwrap_or_default(),
                })
                .collect();
        }
        QuestionKind::TrueFalse { answer } => v.answer = t.get(if *answer { "answer-true" } else { "answer-false" }),
        QuestionKind::ShortAnswer { answers } => {
            v.answer = answers.iter().map(|a| a.text(lang)).collect::<Vec<_>>().join(" · ");
        }
        QuestionKind::RedFlags(rf) => {
            // The facilitator's preview: flags shown as the answer key, nothing to tap.
            let mut s = scenario_view(t, m, q, rf, None);
            s.form = false;
            for seg in s.lines.iter_mut().flat_map(|l| l.segs.iter_mut()) {
                if seg.flag {
                    seg.state = "key";
                }
            }
            v.scenario = Some(s);
        }
    }
    v
}

pub async fn questions(
    State(state): State<AppState>,
    ReqLang(lang): ReqLang,
    PageUser(who): PageUser,
    Path(id): Path<String>,
    Query(q): Query<AudienceQuery>,
) -> Result<Response, AppError> {
    let t = Tr::new(lang);
    let m = find(&state, &id)?;
    let audience = pick_audience(m, &q.audience);
    let questions = m.questions_for(audience).map(|q| question_view(t, m, q)).collect();
    let heading = t.args("module-questions-heading", &[("title", Arg::Str(m.title.text(lang)))]);
    Ok(render(&QuestionsPage {
        page: Page::new(t, heading, Some(who.user)),
        id: m.id.clone(),
        back: back_to(t, m.title.text(lang)),
        tabs: audience_tabs(t, m, &format!("/curriculum/{}/questions", m.id), audience),
        questions,
    }))
}

#[derive(Template)]
#[template(path = "curriculum/bank.html")]
struct BankPage {
    page: Page,
    id: String,
    facts: String,
    questions: Vec<QuestionView>,
}

/// An imported question bank, shown like a module's question list.
pub async fn bank(
    State(state): State<AppState>,
    ReqLang(lang): ReqLang,
    PageUser(who): PageUser,
    Path(id): Path<String>,
) -> Result<Response, AppError> {
    let t = Tr::new(lang);
    let m = amane_app::banks::bank_module(&state.db, &id, Some(&who.user)).await?.ok_or(AppError::NotFound)?;
    let questions = m.questions.iter().map(|q| question_view(t, &m, q)).collect();
    let n = m.questions.len() as i64;
    let facts = t.args(
        "bank-facts",
        &[
            ("count", Arg::Num(n)),
            ("formatted", Arg::Str(&t.number(n))),
            ("lang", Arg::Str(m.title.get(lang).0.native_name())),
        ],
    );
    Ok(render(&BankPage {
        page: Page::new(t, m.title.text(lang).to_owned(), Some(who.user)),
        id: m.id.clone(),
        facts,
        questions,
    }))
}
