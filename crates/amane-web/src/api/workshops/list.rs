//! Reading workshops: a campaign's, a page at a time, and the caller's own as an iCalendar file.

use super::{WorkshopOut, campaign, out};
use crate::AppState;
use crate::api::ErrorBody;
use crate::auth::ApiUser;
use crate::error::AppError;
use amane_domain::FieldCode;
use axum::Json;
use axum::extract::{Path, State};
use axum::http::header::CONTENT_TYPE;
use axum::response::{IntoResponse, Response};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

#[derive(Serialize, ToSchema)]
pub struct WorkshopList {
    pub items: Vec<WorkshopOut>,
    pub total: i64,
    pub page: i64,
    pub per_page: i64,
}

#[derive(Deserialize, utoipa::IntoParams)]
pub struct WorkshopQuery {
    /// Only the workshops at this establishment.
    pub establishment: Option<String>,
    /// From 1.
    pub page: Option<i64>,
    /// 1 to 500, default 100.
    pub per_page: Option<i64>,
}

/// A campaign's workshops in time order, a page at a time.
#[utoipa::path(get, path = "/api/v1/campaigns/{id}/workshops", tag = "campaigns", security(("bearer" = [])), params(("id" = String, Path), WorkshopQuery),
    responses((status = 200, body = WorkshopList), (status = 401, body = ErrorBody), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn list_workshops(
    State(state): State<AppState>,
    ApiUser(_): ApiUser,
    Path(id): Path<String>,
    axum::extract::Query(q): axum::extract::Query<WorkshopQuery>,
) -> Result<Json<WorkshopList>, AppError> {
    let c = campaign(&state, &id).await?;
    let (page, per_page) = (q.page.unwrap_or(1), q.per_page.unwrap_or(100));
    let mut e = amane_domain::ValidationErrors::new();
    if !(1..=crate::MAX_PAGE).contains(&page) {
        e.add("page", FieldCode::InvalidType);
    }
    if !(1..=500).contains(&per_page) {
        e.add("per_page", FieldCode::InvalidType);
    }
    e.into_result()?;
    let est = q.establishment.map(|s| s.trim().to_uppercase()).filter(|s| !s.is_empty());
    let filter = amane_store::workshops::WorkshopFilter { establishment: est, ..Default::default() };
    let (rows, total) = state.db.campaign_workshops_page(c.id, &filter, per_page, (page - 1) * per_page).await?;
    Ok(Json(WorkshopList { items: rows.into_iter().map(|w| out(w, &c.time_zone)).collect(), total, page, per_page }))
}

/// The caller's workshops as an iCalendar file, for calendar applications.
#[utoipa::path(get, path = "/api/v1/me/workshops.ics", tag = "campaigns", security(("bearer" = [])),
    responses((status = 200, content_type = "text/calendar", body = String), (status = 401, body = ErrorBody)))]
pub async fn my_calendar(State(state): State<AppState>, ApiUser(user): ApiUser) -> Result<Response, AppError> {
    let body = amane_app::workshops::facilitator_calendar(&state.db, &user).await?;
    Ok(([(CONTENT_TYPE, "text/calendar; charset=utf-8")], body).into_response())
}
