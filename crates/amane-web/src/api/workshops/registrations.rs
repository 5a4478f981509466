//! A workshop's registrations (groups, staff, parents): listing those the caller may see, registering,
//! cancelling, and recording attendance.

use super::workshop;
use crate::AppState;
use crate::api::{ApiJson, ErrorBody};
use crate::auth::ApiUser;
use crate::error::AppError;
use axum::Json;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

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
