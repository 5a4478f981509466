//! Check-in from a phone: the page where a workshop's check-in code is typed (it leads to the workshop's door
//! list), and the page a child's QR code on the roster opens, which marks that child present.

use crate::AppState;
use crate::auth::PageUser;
use crate::error::AppError;
use crate::i18n::{Arg, Tr};
use crate::i18n_layer::ReqLang;
use crate::pages::{Page, render, render_status};
use askama::Template;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};

#[derive(Template)]
#[template(path = "workshops/checkin.html")]
struct CheckinPage {
    page: Page,
    code: String,
    error: Option<String>,
}

#[derive(serde::Deserialize, Default)]
pub struct CodeQuery {
    #[serde(default)]
    code: String,
}

/// Check-in on a phone: the workshop's code leads to its page, where each group's headcount is recorded.
pub async fn checkin(
    State(state): State<AppState>,
    ReqLang(lang): ReqLang,
    PageUser(id): PageUser,
    axum::extract::Query(q): axum::extract::Query<CodeQuery>,
) -> Result<Response, AppError> {
    let t = Tr::new(lang);
    let code = q.code.trim().to_owned();
    if !code.is_empty() {
        if let Some(w) = state.db.workshop_by_checkin_code(&code).await? {
            return Ok(Redirect::to(&format!("/workshops/{w}/checkin")).into_response());
        }
        let page = CheckinPage {
            page: Page::new(t, t.get("checkin-title"), Some(id.user)),
            code,
            error: Some(t.get("checkin-unknown")),
        };
        return Ok(render_status(StatusCode::NOT_FOUND, &page));
    }
    Ok(render(&CheckinPage { page: Page::new(t, t.get("checkin-title"), Some(id.user)), code, error: None }))
}

#[derive(Template)]
#[template(path = "workshops/checkin_child.html")]
struct ChildPage {
    page: Page,
    back: String,
    workshop: String,
    workshop_id: String,
    group: String,
    nickname: String,
    action: String,
    notice: Option<String>,
}

async fn child_page(
    state: &AppState,
    t: Tr,
    user: amane_domain::User,
    reg: &str,
    idx: u32,
    notice: Option<String>,
) -> Result<Response, AppError> {
    let r = state.db.find_registration(reg).await?.ok_or(AppError::NotFound)?;
    let nickname = r.roster.get(idx as usize).cloned().ok_or(AppError::NotFound)?;
    let w = state.db.find_workshop(r.workshop).await?.ok_or(AppError::NotFound)?;
    if !amane_app::registrations::can_record(&state.db, &user, &w, &r).await? {
        return Err(AppError::Forbidden);
    }
    Ok(render(&ChildPage {
        page: Page::new(t, nickname.clone(), Some(user)),
        back: crate::pages::curriculum::back_to(t, &w.title),
        workshop: w.title.clone(),
        workshop_id: w.id.to_string(),
        group: r.label.clone(),
        nickname,
        action: format!("/checkin/p/{reg}/{idx}"),
        notice,
    }))
}

pub async fn checkin_child(
    State(state): State<AppState>,
    ReqLang(lang): ReqLang,
    PageUser(id): PageUser,
    Path((reg, idx)): Path<(String, u32)>,
) -> Result<Response, AppError> {
    child_page(&state, Tr::new(lang), id.user, &reg, idx, None).await
}

pub async fn checkin_child_mark(
    State(state): State<AppState>,
    ReqLang(lang): ReqLang,
    PageUser(id): PageUser,
    Path((reg, idx)): Path<(String, u32)>,
) -> Result<Response, AppError> {
    let t = Tr::new(lang);
    let r = state.db.find_registration(&reg).await?.ok_or(AppError::NotFound)?;
    let w = state.db.find_workshop(r.workshop).await?.ok_or(AppError::NotFound)?;
    if !amane_app::registrations::can_record(&state.db, &id.user, &w, &r).await? {
        return Err(AppError::Forbidden);
    }
    let n = state.db.check_in_participant(&reg, idx, Some(id.user.id), amane_store::now_ms()).await?;
    let notice = t.args(
        "checkin-marked",
        &[("count", Arg::Str(&t.number(n))), ("seats", Arg::Str(&t.number(i64::from(r.seats))))],
    );
    child_page(&state, t, id.user, &reg, idx, Some(notice)).await
}
