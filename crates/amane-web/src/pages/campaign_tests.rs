//! A campaign's pre/post tests as a page: the list, a form to make one from a module (organizers), and for each
//! test the upload of paper results (the same file and service as `amane import test-results`).

use super::curriculum::{Opt, audience_label, audience_options};
use super::establishments::{file_problem, problem_cells};
use super::{FormField, Page, PageForm, render, render_status};
use crate::AppState;
use crate::auth::{Admits, Staff};
use crate::error::AppError;
use crate::i18n::{Arg, Tr};
use amane_app::assessments::{AssessmentIn, ImportRefusal, RESULT_RECORDERS, TEST_EDITORS};
use amane_domain::campaign::CampaignId;
use amane_domain::{Audience, Role, ValidationErrors};
use askama::Template;
use axum::extract::{Multipart, Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use serde::Deserialize;

/// Those who may open a campaign's tests page: the people who record results.
pub struct ResultRecorders;
impl Admits for ResultRecorders {
    const ROLES: &'static [Role] = &RESULT_RECORDERS;
}

pub struct TestRow {
    pub id: String,
    pub title: String,
    pub facts: String,
}

#[derive(Template)]
#[template(path = "campaigns/tests.html")]
struct TestsPage {
    page: Page,
    id: String,
    tests: Vec<TestRow>,
    /// The form to make a test, for those who may.
    fields: Option<Vec<FormField>>,
    notice: Option<String>,
    error: Option<String>,
    /// The test whose upload the notice, error and problems are about.
    upload_for: String,
    problems: Vec<(usize, String, String, String)>,
}

#[derive(Deserialize, Default)]
pub struct NewTest {
    #[serde(default)]
    title: String,
    #[serde(default)]
    module: String,
    #[serde(default)]
    age_band: String,
    #[serde(default)]
    count: String,
}

fn parse_id(raw: &str) -> Result<CampaignId, AppError> {
    raw.parse().map_err(|_| AppError::NotFound)
}

fn form_fields(state: &AppState, t: Tr, f: &NewTest, e: &ValidationErrors) -> Vec<FormField> {
    let mut title = FormField::new(t, e, "test-field", "title", "text", &f.title);
    title.dir = "auto";
    let mut module = FormField::new(t, e, "test-field", "module", "select", "");
    module.options = state
        .curriculum
        .modules
        .iter()
        .map(|m| Opt { value: m.id.clone(), label: m.title.text(t.lang).to_owned(), selected: m.id == f.module })
        .collect();
    let mut band = FormField::new(t, e, "test-field", "age_band", "select", "");
    band.options = audience_options(t, Audience::ALL, &f.age_band);
    let count = if f.count.is_empty() { "10" } else { f.count.as_str() };
    let mut n = FormField::new(t, e, "test-field", "count", "number", count);
    n.hint = t.get("test-field-count-hint");
    vec![title, module, band, n]
}

async fn page(
    state: &AppState,
    staff: &Staff<ResultRecorders>,
    id: CampaignId,
    form: Option<(&NewTest, &ValidationErrors)>,
) -> Result<TestsPage, AppError> {
    let t = staff.t;
    let c = state.db.find_campaign(id).await?.ok_or(AppError::NotFound)?;
    let tests = state
        .db
        .list_assessments(id)
        .await?
        .into_iter()
        .map(|a| {
            let n = i64::from(a.fields.n_questions);
            TestRow {
                id: a.id.to_string(),
                title: a.fields.title.clone(),
                facts: t.args(
                    "tests-facts",
                    &[
                        ("count", Arg::Num(n)),
                        ("formatted", Arg::Str(&t.number(n))),
                        ("audience", Arg::Str(&audience_label(t, a.fields.audience))),
                    ],
                ),
            }
        })
        .collect();
    let empty = (NewTest::default(), ValidationErrors::new());
    let (f, e) = form.unwrap_or((&empty.0, &empty.1));
    let fields = TEST_EDITORS.contains(&staff.user.role).then(|| form_fields(state, t, f, e));
    Ok(TestsPage {
        page: Page::new(
            t,
            t.args("ctests-title", &[("campaign", Arg::Str(c.title_in(t.lang)))]),
            Some(staff.user.clone()),
        ),
        id: id.to_string(),
        tests,
        fields,
        notice: None,
        error: None,
        upload_for: String::new(),
        problems: Vec::new(),
    })
}

/// `GET /campaigns/{id}/tests`.
pub async fn list(
    State(state): State<AppState>,
    staff: Staff<ResultRecorders>,
    Path(raw): Path<String>,
) -> Result<Response, AppError> {
    let id = parse_id(&raw)?;
    Ok(render(&page(&state, &staff, id, None).await?))
}

/// `POST /campaigns/{id}/tests`: makes a test from a module's first questions for an age band.
pub async fn create(
    State(state): State<AppState>,
    staff: Staff<ResultRecorders>,
    Path(raw): Path<String>,
    PageForm(f): PageForm<NewTest>,
) -> Result<Response, AppError> {
    let id = parse_id(&raw)?;
    if !TEST_EDITORS.contains(&staff.user.role) {
        return Err(AppError::Forbidden);
    }
    let count = f.count.trim();
    let input = AssessmentIn {
        title: f.title.clone(),
        module: f.module.clone(),
        age_band: f.age_band.clone(),
        questions: None,
        count: if count.is_empty() { None } else { Some(count.parse().unwrap_or(0)) },
    };
    match amane_app::assessments::create(&state.db, &state.curriculum, &staff.user, id, &input).await {
        Ok(test) => {
            tracing::info!(campaign = %id, test = %test.id, "test made");
            Ok(Redirect::to(&format!("/campaigns/{id}/tests#test-{}", test.id)).into_response())
        }
        Err(amane_app::Error::Validation(e)) => {
            Ok(render_status(StatusCode::UNPROCESSABLE_ENTITY, &page(&state, &staff, id, Some((&f, &e))).await?))
        }
        Err(e) => Err(e.into()),
    }
}

/// `POST /campaigns/{id}/tests/{test}/results`: a paper-results file, stored whole or refused with every bad
/// cell listed.
pub async fn upload(
    State(state): State<AppState>,
    staff: Staff<ResultRecorders>,
    Path((raw, test)): Path<(String, String)>,
    mut mp: Multipart,
) -> Result<Response, AppError> {
    let id = parse_id(&raw)?;
    let t = staff.t;
    let test_id = test.parse().map_err(|_| AppError::NotFound)?;
    let a = amane_app::assessments::find(&state.db, test_id).await?;
    if a.fields.campaign != id {
        return Err(AppError::NotFound);
    }
    let bad = super::multipart_refusal;
    let mut bytes = Vec::new();
    while let Some(field) = mp.next_field().await.map_err(bad)? {
        if field.name() == Some("file") {
            bytes = field.bytes().await.map_err(bad)?.to_vec();
        }
    }
    let mut p = page(&state, &staff, id, None).await?;
    p.upload_for = test_id.to_string();
    let status = match amane_app::assessments::import_paper(&state.db, test_id, &bytes).await? {
        Ok(done) => {
            p.notice = Some(t.args(
                "ctests-upload-done",
                &[
                    ("lines", Arg::Num(done.lines as i64)),
                    ("participants", Arg::Num(done.participants_new as i64)),
                    ("replaced", Arg::Num(done.answers_replaced as i64)),
                ],
            ));
            StatusCode::OK
        }
        Err(ImportRefusal::Rows(rows)) => {
            p.error = Some(t.args("ctests-upload-refused", &[("count", Arg::Num(rows.len() as i64))]));
            p.problems = problem_cells(t, &rows);
            StatusCode::UNPROCESSABLE_ENTITY
        }
        Err(ImportRefusal::File(fp)) => {
            p.error = Some(file_problem(t, &fp));
            StatusCode::UNPROCESSABLE_ENTITY
        }
    };
    Ok(render_status(status, &p))
}
