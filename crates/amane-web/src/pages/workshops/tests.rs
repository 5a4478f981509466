//! A workshop's tests on phones, for those who run it: each of the campaign's tests before and after, opened with
//! one button, then a board to project (the code, a QR code, the address, how many have answered) and a button
//! to stop taking answers.

use super::{base_url, find_workshop, qr_svg};
use crate::AppState;
use crate::auth::PageUser;
use crate::error::AppError;
use crate::i18n::{Arg, Tr};
use crate::i18n_layer::ReqLang;
use crate::pages::{Page, PageForm, render};
use amane_app::phone_tests;
use amane_domain::assessment::TestCode;
use amane_domain::learning::Phase;
use amane_domain::workshop::Workshop;
use askama::Template;
use axum::extract::{Path, State};
use axum::http::HeaderMap;
use axum::response::{IntoResponse, Redirect, Response};
use serde::Deserialize;

pub struct PhaseRow {
    pub phase: &'static str,
    pub label: String,
    /// What the phase's opening is now: not opened, open (with its code) or closed.
    pub state: String,
    pub code: String,
    pub open: bool,
    pub answered: String,
}

pub struct TestRow {
    pub id: String,
    pub title: String,
    pub facts: String,
    pub phases: Vec<PhaseRow>,
}

#[derive(Template)]
#[template(path = "workshops/tests.html")]
struct TestsPage {
    page: Page,
    id: String,
    campaign_id: String,
    tests: Vec<TestRow>,
    can_make: bool,
}

#[derive(Template)]
#[template(path = "workshops/tests_board.html")]
struct BoardPage {
    page: Page,
    id: String,
    /// The board's own address: a link that updates the count (an automatic refresh would move the page under
    /// a reader's eyes, WCAG 2.2.1).
    self_url: String,
    shown_code: String,
    url: String,
    qr: String,
    answered: String,
    open: bool,
    phase: &'static str,
    test_id: String,
}

/// The workshop, if this person runs it (else 403).
async fn runnable(state: &AppState, user: &amane_domain::User, raw: &str) -> Result<Workshop, AppError> {
    let w = find_workshop(state, raw).await?;
    if !amane_app::workshops::may_run(&state.db, user, &w).await? {
        return Err(AppError::Forbidden);
    }
    Ok(w)
}

fn answered_line(t: Tr, n: u64) -> String {
    let n = i64::try_from(n).unwrap_or(i64::MAX);
    t.args("tests-answered", &[("count", Arg::Num(n)), ("formatted", Arg::Str(&t.number(n)))])
}

/// `GET /workshops/{id}/tests`.
pub async fn list(
    State(state): State<AppState>,
    ReqLang(lang): ReqLang,
    PageUser(id): PageUser,
    Path(raw): Path<String>,
) -> Result<Response, AppError> {
    let t = Tr::new(lang);
    let w = runnable(&state, &id.user, &raw).await?;
    let openings = state.db.workshop_openings(w.id).await?;
    let mut tests = Vec::new();
    for test in state.db.list_assessments(w.campaign).await? {
        let mut phases = Vec::new();
        for phase in Phase::ALL {
            let o = openings.iter().find(|o| o.assessment == test.id && o.phase == phase);
            let answered = state.db.workshop_phase_count(test.id, w.id, phase).await?;
            phases.push(PhaseRow {
                phase: phase.code(),
                label: t.get(&format!("tests-phase-{}", phase.code())),
                state: t.get(match o {
                    None => "tests-state-none",
                    Some(o) if o.is_open() => "tests-state-open",
                    Some(_) => "tests-state-closed",
                }),
                code: o.map(|o| o.code.as_str().to_owned()).unwrap_or_default(),
                open: o.is_some_and(|o| o.is_open()),
                answered: answered_line(t, answered),
            });
        }
        let n = i64::from(test.fields.n_questions);
        tests.push(TestRow {
            id: test.id.to_string(),
            title: test.fields.title.clone(),
            facts: t.args(
                "tests-facts",
                &[
                    ("count", Arg::Num(n)),
                    ("formatted", Arg::Str(&t.number(n))),
                    ("audience", Arg::Str(&crate::pages::curriculum::audience_label(t, test.fields.audience))),
                ],
            ),
            phases,
        });
    }
    let can_make = amane_app::assessments::TEST_EDITORS.contains(&id.user.role);
    Ok(render(&TestsPage {
        page: Page::new(t, t.args("tests-title", &[("workshop", Arg::Str(&w.title))]), Some(id.user)),
        id: w.id.to_string(),
        campaign_id: w.campaign.to_string(),
        tests,
        can_make,
    }))
}

#[derive(Deserialize)]
pub struct OpenForm {
    test: String,
    phase: String,
    #[serde(default)]
    action: String,
}

/// `POST /workshops/{id}/tests`: opens a test for a phase (then shows its board) or stops it.
pub async fn act(
    State(state): State<AppState>,
    PageUser(id): PageUser,
    Path(raw): Path<String>,
    PageForm(f): PageForm<OpenForm>,
) -> Result<Response, AppError> {
    let w = runnable(&state, &id.user, &raw).await?;
    let test = f.test.parse().map_err(|_| AppError::NotFound)?;
    let phase = Phase::parse(&f.phase).map_err(|_| AppError::NotFound)?;
    let o = phone_tests::open(&state.db, &id.user, test, w.id, phase).await?;
    if f.action == "close" {
        phone_tests::set_closed(&state.db, &id.user, &o.code, true).await?;
        return Ok(Redirect::to(&format!("/workshops/{}/tests", w.id)).into_response());
    }
    tracing::info!(workshop = %w.id, test = %o.assessment, phase = phase.code(), "test opened on phones");
    Ok(Redirect::to(&format!("/workshops/{}/tests/{}", w.id, o.code.as_str())).into_response())
}

/// `GET /workshops/{id}/tests/{code}`: the board to project while children answer, with a link that updates the
/// count of those who have answered.
pub async fn board(
    State(state): State<AppState>,
    ReqLang(lang): ReqLang,
    PageUser(id): PageUser,
    headers: HeaderMap,
    Path((raw, code)): Path<(String, String)>,
) -> Result<Response, AppError> {
    let t = Tr::new(lang);
    let w = runnable(&state, &id.user, &raw).await?;
    let code = TestCode::parse(&code).ok_or(AppError::NotFound)?;
    let o = state.db.find_opening(&code).await?.filter(|o| o.workshop == w.id).ok_or(AppError::NotFound)?;
    let test = amane_app::assessments::find(&state.db, o.assessment).await?;
    let url = format!("{}/t/{}", base_url(&state, &headers), code.as_str());
    let answered = phone_tests::answered_count(&state.db, &o).await?;
    let title = format!("{} · {}", test.fields.title, t.get(&format!("tests-phase-{}", o.phase.code())));
    Ok(render(&BoardPage {
        page: Page::new(t, title, Some(id.user)),
        id: w.id.to_string(),
        self_url: format!("/workshops/{}/tests/{}", w.id, code.as_str()),
        qr: qr_svg(&url),
        url,
        shown_code: code.to_string(),
        answered: answered_line(t, answered),
        open: o.is_open(),
        phase: o.phase.code(),
        test_id: o.assessment.to_string(),
    }))
}
