//! A test taken on a phone, without an account and without JavaScript: `/t` (type the code from the board),
//! `/t/<code>` (a nickname and every question on one page), then after a post-test the satisfaction survey.
//! An unknown code is throttled like an unknown game PIN.

use crate::AppState;
use crate::auth::{MaybeUser, client_ip, peer_ip};
use crate::error::{AppError, field_message};
use crate::i18n::{Arg, Tr};
use crate::i18n_layer::ReqLang;
use crate::pages::{Page, PageForm, render, render_status};
use amane_app::phone_tests::{self, Sheet, field};
use amane_content::model::QuestionKind;
use amane_domain::ValidationErrors;
use amane_live::game::tap_message;
use askama::Template;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use serde::Deserialize;
use std::time::Instant;

/// One choice of a question, or one tappable part of a red-flag message.
pub struct OptView {
    pub value: String,
    pub label: String,
    pub checked: bool,
}

/// A piece of a red-flag message: plain text, or a part the child may tick.
pub struct SegView {
    pub text: String,
    pub tap: Option<OptView>,
}

pub struct QuestionView {
    pub n: usize,
    pub name: String,
    pub prompt: String,
    /// `radio`, `checkbox`, `text` or `flags`.
    pub input: &'static str,
    pub hint: String,
    pub options: Vec<OptView>,
    pub text: String,
    pub lines: Vec<Vec<SegView>>,
    pub sender: String,
    pub message_lang: &'static str,
    pub message_dir: &'static str,
    pub error: Option<String>,
}

#[derive(Template)]
#[template(path = "tests/code.html")]
struct CodePage {
    page: Page,
    typed: String,
    error: Option<String>,
}

#[derive(Template)]
#[template(path = "tests/sheet.html")]
struct SheetPage {
    page: Page,
    code: String,
    intro: String,
    nickname: String,
    nickname_error: Option<String>,
    summary: Option<String>,
    /// The first field with a problem, which the summary links to (a long sheet on a small phone).
    first_error: String,
    questions: Vec<QuestionView>,
}

pub struct ItemView {
    pub name: &'static str,
    pub question: String,
    pub options: Vec<OptView>,
    /// Smiley faces (children) rather than a five-point scale (adults).
    pub faces: bool,
    pub error: Option<String>,
}

#[derive(Template)]
#[template(path = "tests/done.html")]
struct DonePage {
    page: Page,
    code: String,
    result: String,
    nickname: String,
    items: Vec<ItemView>,
    survey_error: Option<String>,
    thanks: bool,
}

#[derive(Deserialize, Default)]
pub struct CodeQuery {
    #[serde(default)]
    code: String,
}

/// `GET /t`: the form to type a test's code; with `?code=`, leads to the test.
pub async fn code_form(
    State(state): State<AppState>,
    ReqLang(lang): ReqLang,
    MaybeUser(who): MaybeUser,
    headers: HeaderMap,
    req_ext: axum::http::Extensions,
    Query(q): Query<CodeQuery>,
) -> Result<Response, AppError> {
    let t = Tr::new(lang);
    let user = who.map(|w| w.user);
    if q.code.trim().is_empty() {
        let page = Page::new(t, t.get("sheet-code-title"), user);
        return Ok(render(&CodePage { page, typed: String::new(), error: None }));
    }
    match find(&state, &headers, &req_ext, &q.code).await? {
        Some(s) => Ok(Redirect::to(&format!("/t/{}", s.opening.code.as_str())).into_response()),
        None => Ok(unknown(t, user, &q.code)),
    }
}

/// The sheet under a code, under the guessing throttle of game PINs.
async fn find(
    state: &AppState,
    headers: &HeaderMap,
    req_ext: &axum::http::Extensions,
    raw: &str,
) -> Result<Option<Sheet>, AppError> {
    let ip = client_ip(state, headers, peer_ip(req_ext));
    let key = raw.trim().to_ascii_uppercase();
    if let Some(wait) = state.live.throttle().check_pin(ip, &key, Instant::now()) {
        return Err(AppError::TooManyRequests(wait));
    }
    let sheet = phone_tests::sheet(&state.db, raw).await?;
    match &sheet {
        Some(_) => state.live.throttle().joined(ip, &key, Instant::now()),
        None => state.live.throttle().fail(ip, None, Instant::now()),
    }
    Ok(sheet)
}

/// The code form again, saying that no test has this code (404).
fn unknown(t: Tr, user: Option<amane_domain::User>, typed: &str) -> Response {
    let page = Page::new(t, t.get("sheet-code-title"), user);
    let typed: String = typed.chars().take(20).collect();
    render_status(StatusCode::NOT_FOUND, &CodePage { page, typed, error: Some(t.get("sheet-code-unknown")) })
}

fn title_of(s: &Sheet) -> String {
    s.test.fields.title.clone()
}

/// The questions of the sheet as the child sees them, with what they chose so far and what is wrong.
fn question_views(t: Tr, s: &Sheet, form: &[(String, String)], e: &ValidationErrors) -> Vec<QuestionView> {
    let lang = t.lang;
    s.questions
        .iter()
        .enumerate()
        .map(|(i, q)| {
            let name = field(i + 1);
            let chosen: Vec<&str> = form.iter().filter(|(k, _)| *k == name).map(|(_, v)| v.as_str()).collect();
            let opt =
                |value: String, label: String| OptView { checked: chosen.contains(&value.as_str()), value, label };
            let mut v = QuestionView {
                n: i + 1,
                prompt: q.prompt.text(lang).to_owned(),
                input: "radio",
                hint: String::new(),
                options: Vec::new(),
                text: String::new(),
                lines: Vec::new(),
                sender: String::new(),
                message_lang: lang.code(),
                message_dir: lang.dir(),
                error: field_message(t, e, &name),
                name,
            };
            match &q.kind {
                QuestionKind::Single { choices } => {
                    v.options = choices
                        .iter()
                        .enumerate()
                        .map(|(j, c)| opt(j.to_string(), c.text.text(lang).to_owned()))
                        .collect();
                }
                QuestionKind::Multiple { choices } => {
                    v.input = "checkbox";
                    v.hint = t.get("sheet-hint-several");
                    v.options = choices
                        .iter()
                        .enumerate()
                        .map(|(j, c)| opt(j.to_string(), c.text.text(lang).to_owned()))
                        .collect();
                }
                QuestionKind::TrueFalse { .. } => {
                    v.options = vec![opt("1".into(), t.get("answer-true")), opt("0".into(), t.get("answer-false"))];
                }
                QuestionKind::ShortAnswer { .. } => {
                    v.input = "text";
                    v.text = chosen.first().map(|c| (*c).to_owned()).unwrap_or_default();
                }
                QuestionKind::RedFlags(rf) => {
                    v.input = "flags";
                    v.hint = t.get("sheet-hint-flags");
                    let (mlang, _) = rf.message.get(lang);
                    v.message_lang = mlang.code();
                    v.message_dir = mlang.dir();
                    v.sender = rf.sender.as_ref().map(|s| s.text(lang).to_owned()).unwrap_or_default();
                    let m = tap_message(rf, lang);
                    let mut lines: Vec<Vec<SegView>> = vec![Vec::new()];
                    for (tap, text) in m.segments {
                        match tap {
                            // Every tappable part is numbered by position: the field does not say which are flags.
                            Some(n) => {
                                if let Some(line) = lines.last_mut() {
                                    line.push(SegView { text: String::new(), tap: Some(opt(n.to_string(), text)) });
                                }
                            }
                            None => {
                                for (k, piece) in text.split('\n').enumerate() {
                                    if k > 0 {
                                        lines.push(Vec::new());
                                    }
                                    if !piece.is_empty()
                                        && let Some(line) = lines.last_mut()
                                    {
                                        line.push(SegView { text: piece.to_owned(), tap: None });
                                    }
                                }
                            }
                        }
                    }
                    v.lines = lines.into_iter().filter(|l| !l.is_empty()).collect();
                }
            }
            v
        })
        .collect()
}

fn sheet_page(t: Tr, s: &Sheet, nickname: &str, form: &[(String, String)], e: &ValidationErrors) -> SheetPage {
    let n = s.questions.len();
    let intro = t.args(
        &format!("sheet-intro-{}", s.opening.phase.code()),
        &[("count", Arg::Num(n as i64)), ("formatted", Arg::Str(&t.number(n as i64)))],
    );
    let summary = (!e.is_empty()).then(|| {
        let k = e.0.len() as i64;
        t.args("sheet-errors", &[("count", Arg::Num(k)), ("formatted", Arg::Str(&t.number(k)))])
    });
    SheetPage {
        page: Page::new(t, title_of(s), None),
        code: s.opening.code.as_str().to_owned(),
        intro,
        nickname: nickname.to_owned(),
        nickname_error: field_message(t, e, "nickname"),
        summary,
        first_error: e.0.first().map(|x| x.field.clone()).unwrap_or_default(),
        questions: question_views(t, s, form, e),
    }
}

/// The closed sheet: the code is right but the facilitator has stopped taking answers.
fn closed(t: Tr, s: &Sheet) -> Response {
    render(&DonePage {
        page: Page::new(t, title_of(s), None),
        code: s.opening.code.as_str().to_owned(),
        result: t.get("sheet-closed"),
        nickname: String::new(),
        items: Vec::new(),
        survey_error: None,
        thanks: false,
    })
}

/// `GET /t/{code}`: the sheet.
pub async fn sheet(
    State(state): State<AppState>,
    ReqLang(lang): ReqLang,
    MaybeUser(who): MaybeUser,
    headers: HeaderMap,
    req_ext: axum::http::Extensions,
    Path(raw): Path<String>,
) -> Result<Response, AppError> {
    let t = Tr::new(lang);
    let Some(s) = find(&state, &headers, &req_ext, &raw).await? else {
        return Ok(unknown(t, who.map(|w| w.user), &raw));
    };
    if !s.opening.is_open() {
        return Ok(closed(t, &s));
    }
    Ok(render(&sheet_page(t, &s, "", &[], &ValidationErrors::new())))
}

/// The survey's questions for the sheet's audience, with what was chosen and what is missing.
fn item_views(t: Tr, s: &Sheet, form: &[(String, String)], e: &ValidationErrors) -> Vec<ItemView> {
    s.survey()
        .iter()
        .map(|item| {
            let chosen = form.iter().find(|(k, _)| k == item.code()).map(|(_, v)| v.as_str());
            let faces = item.scale() == 3;
            let options = (1..=item.scale())
                .map(|v| OptView {
                    value: v.to_string(),
                    label: t.get(&format!("survey-scale{}-{v}", item.scale())),
                    checked: chosen == Some(v.to_string().as_str()),
                })
                .collect();
            ItemView {
                name: item.code(),
                question: t.get(&format!("survey-{}", item.code().replace('_', "-"))),
                options,
                faces,
                error: field_message(t, e, item.code()),
            }
        })
        .collect()
}

fn done_page(t: Tr, s: &Sheet, submitted: &phone_tests::Submitted) -> DonePage {
    let result = t.args(
        "sheet-done",
        &[
            ("nickname", Arg::Str(submitted.nickname.as_str())),
            ("score", Arg::Num(i64::from(submitted.score))),
            ("total", Arg::Num(i64::from(submitted.n_questions))),
        ],
    );
    DonePage {
        page: Page::new(t, title_of(s), None),
        code: s.opening.code.as_str().to_owned(),
        result,
        nickname: submitted.nickname.as_str().to_owned(),
        items: item_views(t, s, &[], &ValidationErrors::new()),
        survey_error: None,
        thanks: false,
    }
}

/// The sheet a form was posted to and the nickname the form carries, or the "no test has this code" page.
async fn posted(
    state: &AppState,
    headers: &HeaderMap,
    req_ext: &axum::http::Extensions,
    raw: &str,
    t: Tr,
    form: &[(String, String)],
) -> Result<Result<(Sheet, String), Response>, AppError> {
    let Some(s) = find(state, headers, req_ext, raw).await? else {
        return Ok(Err(unknown(t, None, raw)));
    };
    let nickname = form.iter().find(|(k, _)| k == "nickname").map(|(_, v)| v.clone()).unwrap_or_default();
    Ok(Ok((s, nickname)))
}

/// `POST /t/{code}`: grades and stores the sheet, or gives it back with what is missing (422), every answer
/// kept.
pub async fn submit(
    State(state): State<AppState>,
    ReqLang(lang): ReqLang,
    headers: HeaderMap,
    req_ext: axum::http::Extensions,
    Path(raw): Path<String>,
    PageForm(form): PageForm<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    let t = Tr::new(lang);
    let (s, nickname) = match posted(&state, &headers, &req_ext, &raw, t, &form).await? {
        Ok(found) => found,
        Err(page) => return Ok(page),
    };
    if !s.opening.is_open() {
        return Ok(closed(t, &s));
    }
    match phone_tests::submit(&state.db, &s, lang, &nickname, &form).await? {
        Ok(done) => {
            tracing::info!(test = %s.test.id, phase = s.opening.phase.code(), "test answered on a phone");
            Ok(render(&done_page(t, &s, &done)))
        }
        Err(e) => Ok(render_status(StatusCode::UNPROCESSABLE_ENTITY, &sheet_page(t, &s, &nickname, &form, &e))),
    }
}

/// `POST /t/{code}/survey`: the satisfaction survey after the post-test.
pub async fn survey(
    State(state): State<AppState>,
    ReqLang(lang): ReqLang,
    headers: HeaderMap,
    req_ext: axum::http::Extensions,
    Path(raw): Path<String>,
    PageForm(form): PageForm<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    let t = Tr::new(lang);
    let (s, nickname) = match posted(&state, &headers, &req_ext, &raw, t, &form).await? {
        Ok(found) => found,
        Err(page) => return Ok(page),
    };
    let page = |items, survey_error, thanks| DonePage {
        page: Page::new(t, title_of(&s), None),
        code: s.opening.code.as_str().to_owned(),
        result: String::new(),
        nickname: nickname.clone(),
        items,
        survey_error,
        thanks,
    };
    match phone_tests::submit_survey(&state.db, &s, &nickname, &form).await? {
        Ok(()) => Ok(render(&page(Vec::new(), None, true))),
        Err(e) => {
            let whole = field_message(t, &e, "nickname");
            let items = if whole.is_some() { Vec::new() } else { item_views(t, &s, &form, &e) };
            Ok(render_status(StatusCode::UNPROCESSABLE_ENTITY, &page(items, whole, false)))
        }
    }
}
