//! What the workshop page's forms post: a registration (the page again, with the outcome or what is wrong), its
//! cancellation, and the attendance of a registration.

use super::find_workshop;
use super::show::show_page;
use crate::AppState;
use crate::auth::PageUser;
use crate::error::AppError;
use crate::i18n::Tr;
use crate::i18n_layer::ReqLang;
use crate::pages::{PageForm, render, render_status};
use amane_domain::{FieldCode, ValidationErrors};
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};

pub async fn register(
    State(state): State<AppState>,
    ReqLang(lang): ReqLang,
    PageUser(id): PageUser,
    Path(raw): Path<String>,
    PageForm(pairs): PageForm<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    let t = Tr::new(lang);
    let w = find_workshop(&state, &raw).await?;
    let get = |k: &str| pairs.iter().find(|(n, _)| n == k).map(|(_, v)| v.clone()).unwrap_or_default();
    let input = amane_app::registrations::RegistrationInput {
        establishment: get("establishment"),
        kind: get("kind"),
        label: get("label"),
        age_band: get("age_band"),
        seats: get("seats"),
        roster: get("roster"),
        staff_email: get("staff_email"),
    };
    match amane_app::registrations::register(&state.db, &id.user, &w, &input).await {
        Ok(r) => {
            let notice = t.get(&format!("reg-done-{}", r.status.code()));
            let fresh = amane_app::registrations::RegistrationInput { seats: "25".into(), ..Default::default() };
            Ok(render(
                &show_page(&state, t, id.user, &w, &fresh, &ValidationErrors::new(), (None, Some(notice))).await?,
            ))
        }
        Err(amane_app::Error::Validation(e)) => {
            // A refusal of the whole registration (the campaign is not open) says why; field problems are marked.
            let why = crate::error::field_message(t, &e, "campaign").unwrap_or_else(|| t.get("form-has-errors"));
            let page = show_page(&state, t, id.user, &w, &input, &e, (Some(why), None)).await?;
            Ok(render_status(StatusCode::UNPROCESSABLE_ENTITY, &page))
        }
        Err(e) => Err(e.into()),
    }
}

pub async fn cancel(
    State(state): State<AppState>,
    PageUser(id): PageUser,
    Path((raw, reg)): Path<(String, String)>,
) -> Result<Response, AppError> {
    let w = find_workshop(&state, &raw).await?;
    let r = state.db.find_registration(&reg).await?.filter(|r| r.workshop == w.id).ok_or(AppError::NotFound)?;
    if !amane_app::registrations::can_manage(&state.db, &id.user, &r).await? {
        return Err(AppError::Forbidden);
    }
    state.db.cancel_registration(&r.id, amane_store::now_ms()).await?;
    Ok(Redirect::to(&format!("/workshops/{}", w.id)).into_response())
}

pub async fn attendance(
    State(state): State<AppState>,
    PageUser(id): PageUser,
    Path((raw, reg)): Path<(String, String)>,
    PageForm(form): PageForm<std::collections::HashMap<String, String>>,
) -> Result<Response, AppError> {
    let w = find_workshop(&state, &raw).await?;
    let r = state.db.find_registration(&reg).await?.filter(|r| r.workshop == w.id).ok_or(AppError::NotFound)?;
    let present = form
        .get("present")
        .and_then(|p| p.trim().parse::<u32>().ok())
        .ok_or_else(|| AppError::Validation(ValidationErrors::single("present", FieldCode::NumberInvalid)))?;
    amane_app::registrations::record(&state.db, &id.user, &w, &r, present).await?;
    Ok(Redirect::to(&format!("/workshops/{}", w.id)).into_response())
}
