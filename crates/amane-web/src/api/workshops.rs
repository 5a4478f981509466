//! `/api/v1/campaigns/{id}/workshops` and the caller's calendar.

use super::{ApiJson, ErrorBody};
use crate::AppState;
use crate::auth::{ApiUser, require_role};
use crate::error::AppError;
use amane_app::campaigns::CAMPAIGN_EDITORS;
use amane_app::workshops::{WorkshopInput, local_parts, save};
use amane_domain::FieldCode;
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

impl From<WorkshopIn> for WorkshopInput {
    fn from(b: WorkshopIn) -> Self {
        WorkshopInput {
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
        }
    }
}

async fn campaign(state: &AppState, raw: &str) -> Result<amane_domain::campaign::Campaign, AppError> {
    let id: CampaignId = raw.parse().map_err(|_| AppError::NotFound)?;
    state.db.find_campaign(id).await?.ok_or(AppError::NotFound)
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
    if page < 1 {
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
    let input = WorkshopInput::from(b);
    let w = save(&state.db, &state.curriculum, &c, None, &input).await?;
    Ok((StatusCode::CREATED, Json(out(w, &c.time_zone))))
}

/// The caller's workshops as an iCalendar file, for calendar applications.
#[utoipa::path(get, path = "/api/v1/me/workshops.ics", tag = "campaigns", security(("bearer" = [])),
    responses((status = 200, content_type = "text/calendar", body = String), (status = 401, body = ErrorBody)))]
pub async fn my_calendar(State(state): State<AppState>, ApiUser(user): ApiUser) -> Result<Response, AppError> {
    let body = crate::pages::workshops::mine::facilitator_ics(&state, &user).await?;
    Ok(([(CONTENT_TYPE, "text/calendar; charset=utf-8")], body).into_response())
}

#[derive(Serialize, ToSchema)]
pub struct RegistrationOut {
    pub id: String,
    pub workshop: String,
    pub establishment: Option<String>,
    /// group, staff or parents.
    pub kind: String,
    pub label: String,
    pub age_band: Option<String>,
    pub seats: u32,
    /// Nicknames of a group's children (never names).
    pub roster: Vec<String>,
    pub staff_email: Option<String>,
    /// confirmed or waiting.
    pub status: String,
}

impl From<amane_store::registrations::Registration> for RegistrationOut {
    fn from(r: amane_store::registrations::Registration) -> Self {
        RegistrationOut {
            id: r.id,
            workshop: r.workshop.to_string(),
            establishment: r.establishment,
            kind: r.kind.code().into(),
            label: r.label,
            age_band: r.age_band.map(|a| a.code().into()),
            seats: r.seats,
            roster: r.roster,
            staff_email: r.staff_email,
            status: r.status.code().into(),
        }
    }
}

#[derive(Serialize, ToSchema)]
pub struct RegistrationList {
    pub items: Vec<RegistrationOut>,
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct RegistrationIn {
    /// The establishment's code (required for coordinators: one of theirs).
    #[serde(default)]
    pub establishment: String,
    /// group, staff or parents.
    pub kind: String,
    /// A class label, or a staff member's name.
    pub label: String,
    /// For a group: 8-11, 12-14 or 15-17.
    #[serde(default)]
    pub age_band: String,
    pub seats: u32,
    /// For a group: nicknames only.
    #[serde(default)]
    pub roster: Vec<String>,
    /// For staff or parents only.
    #[serde(default)]
    pub staff_email: String,
}

async fn workshop(state: &AppState, raw: &str) -> Result<Workshop, AppError> {
    let id: amane_domain::workshop::WorkshopId = raw.parse().map_err(|_| AppError::NotFound)?;
    state.db.find_workshop(id).await?.ok_or(AppError::NotFound)
}

/// The registrations of a workshop that the caller may see.
#[utoipa::path(get, path = "/api/v1/workshops/{id}/registrations", tag = "campaigns", security(("bearer" = [])), params(("id" = String, Path)),
    responses((status = 200, body = RegistrationList), (status = 401, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub async fn list_registrations(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    Path(id): Path<String>,
) -> Result<Json<RegistrationList>, AppError> {
    let w = workshop(&state, &id).await?;
    let items =
        amane_app::registrations::visible(&state.db, &user, &w).await?.into_iter().map(RegistrationOut::from).collect();
    Ok(Json(RegistrationList { items }))
}

/// Registers a group, a staff member or parents: `confirmed` while seats remain, else `waiting`.
#[utoipa::path(post, path = "/api/v1/workshops/{id}/registrations", tag = "campaigns", security(("bearer" = [])), params(("id" = String, Path)), request_body = RegistrationIn,
    responses((status = 201, body = RegistrationOut), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn create_registration(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    Path(id): Path<String>,
    ApiJson(b): ApiJson<RegistrationIn>,
) -> Result<(StatusCode, Json<RegistrationOut>), AppError> {
    let w = workshop(&state, &id).await?;
    let input = amane_app::registrations::RegistrationInput {
        establishment: b.establishment,
        kind: b.kind,
        label: b.label,
        age_band: b.age_band,
        seats: b.seats.to_string(),
        roster: b.roster.join("\n"),
        staff_email: b.staff_email,
    };
    let r = amane_app::registrations::register(&state.db, &user, &w, &input).await?;
    Ok((StatusCode::CREATED, Json(r.into())))
}

/// Cancels a registration; the waiting list moves up.
#[utoipa::path(delete, path = "/api/v1/registrations/{id}", tag = "campaigns", security(("bearer" = [])), params(("id" = String, Path)),
    responses((status = 204), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub async fn cancel_registration(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    Path(id): Path<String>,
) -> Result<StatusCode, AppError> {
    let r = state.db.find_registration(&id).await?.ok_or(AppError::NotFound)?;
    if !amane_app::registrations::can_manage(&state.db, &user, &r).await? {
        return Err(AppError::Forbidden);
    }
    state.db.cancel_registration(&id, amane_store::now_ms()).await?;
    Ok(StatusCode::NO_CONTENT)
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CapacityIn {
    pub capacity: u32,
}

/// Changes a workshop's capacity; 409 `capacity_below_registrations` if fewer than the seats confirmed.
#[utoipa::path(patch, path = "/api/v1/workshops/{id}", tag = "campaigns", security(("bearer" = [])), params(("id" = String, Path)), request_body = CapacityIn,
    responses((status = 200, body = WorkshopOut), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 409, body = ErrorBody)))]
pub async fn patch_workshop(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    Path(id): Path<String>,
    ApiJson(b): ApiJson<CapacityIn>,
) -> Result<Json<WorkshopOut>, AppError> {
    require_role(&user, &CAMPAIGN_EDITORS)?;
    let w = workshop(&state, &id).await?;
    if !(1..=10_000).contains(&b.capacity) {
        return Err(AppError::Validation(amane_domain::ValidationErrors::single(
            "capacity",
            FieldCode::CapacityInvalid,
        )));
    }
    if let Err(confirmed) = state.db.set_capacity(w.id, b.capacity, amane_store::now_ms()).await? {
        return Err(AppError::BadRequest {
            status: StatusCode::CONFLICT,
            code: crate::error::ErrorCode::CapacityBelowRegistrations,
            details: serde_json::json!({"confirmed_seats": confirmed}),
        });
    }
    let c = campaign(&state, &w.campaign.to_string()).await?;
    let w = state.db.find_workshop(w.id).await?.ok_or(AppError::NotFound)?;
    Ok(Json(out(w, &c.time_zone)))
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct AttendanceIn {
    /// How many of the registration's people came; sending it again replaces it.
    pub present: u32,
}

/// Records attendance for a registration (its workshop's facilitators, or whoever manages it).
#[utoipa::path(put, path = "/api/v1/registrations/{id}/attendance", tag = "campaigns", security(("bearer" = [])), params(("id" = String, Path)), request_body = AttendanceIn,
    responses((status = 204), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn put_attendance(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    Path(id): Path<String>,
    ApiJson(b): ApiJson<AttendanceIn>,
) -> Result<StatusCode, AppError> {
    let r = state.db.find_registration(&id).await?.ok_or(AppError::NotFound)?;
    let w = state.db.find_workshop(r.workshop).await?.ok_or(AppError::NotFound)?;
    amane_app::registrations::record(&state.db, &user, &w, &r, b.present).await?;
    Ok(StatusCode::NO_CONTENT)
}

#[derive(Serialize, ToSchema)]
pub struct ProgressOut {
    pub children_registered: i64,
    pub children_present: i64,
    pub staff_registered: i64,
    pub staff_present: i64,
    pub parents_registered: i64,
    pub parents_present: i64,
    pub workshops_planned: i64,
    pub workshops_held: i64,
    pub establishments_reached: i64,
    pub establishments_registered: i64,
}

/// A campaign's figures against its targets.
#[utoipa::path(get, path = "/api/v1/campaigns/{id}/progress", tag = "campaigns", security(("bearer" = [])), params(("id" = String, Path)),
    responses((status = 200, body = ProgressOut), (status = 401, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub async fn progress(
    State(state): State<AppState>,
    ApiUser(_): ApiUser,
    Path(id): Path<String>,
) -> Result<Json<ProgressOut>, AppError> {
    let c = campaign(&state, &id).await?;
    let p = state.db.campaign_progress(c.id).await?;
    Ok(Json(ProgressOut {
        children_registered: p.children_registered,
        children_present: p.children_present,
        staff_registered: p.staff_registered,
        staff_present: p.staff_present,
        parents_registered: p.parents_registered,
        parents_present: p.parents_present,
        workshops_planned: p.workshops_planned,
        workshops_held: p.workshops_held,
        establishments_reached: p.establishments_reached,
        establishments_registered: p.establishments_registered,
    }))
}

/// Replaces a workshop's fields (administrators and organizers); the same checks as scheduling.
#[utoipa::path(put, path = "/api/v1/workshops/{id}", tag = "campaigns", security(("bearer" = [])), params(("id" = String, Path)), request_body = WorkshopIn,
    responses((status = 200, body = WorkshopOut), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn put_workshop(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    Path(id): Path<String>,
    ApiJson(b): ApiJson<WorkshopIn>,
) -> Result<Json<WorkshopOut>, AppError> {
    require_role(&user, &CAMPAIGN_EDITORS)?;
    let w = workshop(&state, &id).await?;
    let c = campaign(&state, &w.campaign.to_string()).await?;
    let confirmed = state.db.confirmed_seats(w.id).await?;
    if i64::from(b.capacity) < confirmed {
        return Err(AppError::BadRequest {
            status: StatusCode::CONFLICT,
            code: crate::error::ErrorCode::CapacityBelowRegistrations,
            details: serde_json::json!({"confirmed_seats": confirmed}),
        });
    }
    let input = WorkshopInput::from(b);
    let saved = save(&state.db, &state.curriculum, &c, Some(w.id), &input).await?;
    Ok(Json(out(saved, &c.time_zone)))
}

/// Deletes a workshop and its registrations (administrators and organizers).
#[utoipa::path(delete, path = "/api/v1/workshops/{id}", tag = "campaigns", security(("bearer" = [])), params(("id" = String, Path)),
    responses((status = 204), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub async fn delete_workshop(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    Path(id): Path<String>,
) -> Result<StatusCode, AppError> {
    require_role(&user, &CAMPAIGN_EDITORS)?;
    let w = workshop(&state, &id).await?;
    state.db.delete_workshop(w.id).await?;
    Ok(StatusCode::NO_CONTENT)
}
