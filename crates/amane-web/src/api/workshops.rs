//! `/api/v1/campaigns/{id}/workshops` and the caller's calendar.

use super::{ApiJson, ErrorBody};
use crate::AppState;
use crate::auth::{ApiUser, require_role};
use crate::campaigns::CAMPAIGN_EDITORS;
use crate::error::AppError;
use crate::workshops::{WorkshopInput, local_parts, save};
use amane_domain::campaign::CampaignId;
use amane_domain::workshop::Workshop;
use axum::Json;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::http::header::CONTENT_TYPE;
use axum::response::{IntoResponse, Response};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

#[derive(Serialize, ToSchema)]
pub struct WorkshopOut {
    pub id: String,
    pub campaign: String,
    pub title: String,
    pub establishment: Option<String>,
    pub venue_name: String,
    pub room: String,
    /// UTC, RFC 3339 milliseconds since the epoch.
    pub starts_at: i64,
    pub ends_at: i64,
    /// Local day and times in the campaign's time zone.
    pub date: String,
    pub start: String,
    pub end: String,
    pub capacity: u32,
    pub audience: String,
    pub lang: String,
    pub modules: Vec<String>,
    pub facilitators: Vec<String>,
}

fn out(w: Workshop, tz: &str) -> WorkshopOut {
    let (date, start) = local_parts(tz, w.starts_at);
    let (_, end) = local_parts(tz, w.ends_at);
    WorkshopOut {
        id: w.id.to_string(),
        campaign: w.campaign.to_string(),
        title: w.title,
        establishment: w.venue.establishment,
        venue_name: w.venue.name,
        room: w.venue.room,
        starts_at: w.starts_at,
        ends_at: w.ends_at,
        date,
        start,
        end,
        capacity: w.capacity,
        audience: w.audience.code().into(),
        lang: w.lang.code().into(),
        modules: w.modules,
        facilitators: w.facilitators.iter().map(ToString::to_string).collect(),
    }
}

#[derive(Serialize, ToSchema)]
pub struct WorkshopList {
    pub items: Vec<WorkshopOut>,
}

/// A workshop to schedule: local day and times in the campaign's time zone.
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct WorkshopIn {
    pub title: String,
    /// An establishment code of the registry, or leave empty and give `venue_name`.
    #[serde(default)]
    pub establishment: String,
    #[serde(default)]
    pub venue_name: String,
    #[serde(default)]
    pub room: String,
    /// YYYY-MM-DD.
    pub date: String,
    /// HH:MM.
    pub start: String,
    pub end: String,
    pub capacity: u32,
    /// 8-11, 12-14, 15-17, staff or parents.
    pub audience: String,
    pub lang: String,
    #[serde(default)]
    pub modules: Vec<String>,
    /// User ids.
    #[serde(default)]
    pub facilitators: Vec<String>,
}

async fn campaign(state: &AppState, raw: &str) -> Result<amane_domain::campaign::Campaign, AppError> {
    let id: CampaignId = raw.parse().map_err(|_| AppError::NotFound)?;
    state.db.find_campaign(id).await?.ok_or(AppError::NotFound)
}

/// A campaign's workshops in time order.
#[utoipa::path(get, path = "/api/v1/campaigns/{id}/workshops", tag = "campaigns", security(("bearer" = [])), params(("id" = String, Path)),
    responses((status = 200, body = WorkshopList), (status = 401, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub async fn list_workshops(
    State(state): State<AppState>,
    ApiUser(_): ApiUser,
    Path(id): Path<String>,
) -> Result<Json<WorkshopList>, AppError> {
    let c = campaign(&state, &id).await?;
    let items = state.db.campaign_workshops(c.id).await?.into_iter().map(|w| out(w, &c.time_zone)).collect();
    Ok(Json(WorkshopList { items }))
}

/// Schedules a workshop; 409 `facilitator_busy` or `room_busy` names the workshop in the way.
#[utoipa::path(post, path = "/api/v1/campaigns/{id}/workshops", tag = "campaigns", security(("bearer" = [])), params(("id" = String, Path)), request_body = WorkshopIn,
    responses((status = 201, body = WorkshopOut), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn create_workshop(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    Path(id): Path<String>,
    ApiJson(b): ApiJson<WorkshopIn>,
) -> Result<(StatusCode, Json<WorkshopOut>), AppError> {
    require_role(&user, &CAMPAIGN_EDITORS)?;
    let c = campaign(&state, &id).await?;
    let input = WorkshopInput {
        title: b.title,
        establishment: b.establishment,
        venue_name: b.venue_name,
        room: b.room,
        date: b.date,
        start: b.start,
        end: b.end,
        capacity: b.capacity.to_string(),
        audience: b.audience,
        lang: b.lang,
        modules: b.modules,
        facilitators: b.facilitators,
    };
    let w = save(&state.db, &state.curriculum, &c, None, &input).await?;
    Ok((StatusCode::CREATED, Json(out(w, &c.time_zone))))
}

/// The caller's workshops as an iCalendar file, for calendar applications.
#[utoipa::path(get, path = "/api/v1/me/workshops.ics", tag = "campaigns", security(("bearer" = [])),
    responses((status = 200, content_type = "text/calendar", body = String), (status = 401, body = ErrorBody)))]
pub async fn my_calendar(State(state): State<AppState>, ApiUser(user): ApiUser) -> Result<Response, AppError> {
    let body = crate::pages::workshops::facilitator_ics(&state, &user).await?;
    Ok(([(CONTENT_TYPE, "text/calendar; charset=utf-8")], body).into_response())
}
