//! Scheduling, changing and deleting workshops (administrators and organizers).

use super::{WorkshopIn, WorkshopOut, campaign, out, workshop};
use crate::AppState;
use crate::api::{ApiJson, ErrorBody};
use crate::auth::{ApiStaff, CampaignEditors};
use crate::error::AppError;
use amane_app::workshops::{WorkshopInput, save};
use amane_domain::FieldCode;
use axum::Json;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use serde::Deserialize;
use utoipa::ToSchema;

/// Schedules a workshop; 409 `facilitator_busy` or `room_busy` names the workshop in the way.
#[utoipa::path(post, path = "/api/v1/campaigns/{id}/workshops", tag = "campaigns", security(("bearer" = [])), params(("id" = String, Path)), request_body = WorkshopIn,
    responses((status = 201, body = WorkshopOut), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn create_workshop(
    State(state): State<AppState>,
    ApiStaff(_, _): ApiStaff<CampaignEditors>,
    Path(id): Path<String>,
    ApiJson(b): ApiJson<WorkshopIn>,
) -> Result<(StatusCode, Json<WorkshopOut>), AppError> {
    let c = campaign(&state, &id).await?;
    let input = WorkshopInput::from(b);
    let w = save(&state.db, &state.curriculum, &c, None, &input).await?;
    Ok((StatusCode::CREATED, Json(out(w, &c.time_zone))))
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
    ApiStaff(_, _): ApiStaff<CampaignEditors>,
    Path(id): Path<String>,
    ApiJson(b): ApiJson<CapacityIn>,
) -> Result<Json<WorkshopOut>, AppError> {
    let w = workshop(&state, &id).await?;
    if !(1..=10_000).contains(&b.capacity) {
        return Err(AppError::Validation(amane_domain::ValidationErrors::single(
            "capacity",
            FieldCode::CapacityInvalid,
        )));
    }
    if let Err(confirmed) = state.db.set_capacity(w.id, b.capacity, amane_store::now_ms()).await? {
        return Err(capacity_below(confirmed));
    }
    let c = campaign(&state, &w.campaign.to_string()).await?;
    let w = state.db.find_workshop(w.id).await?.ok_or(AppError::NotFound)?;
    Ok(Json(out(w, &c.time_zone)))
}

/// Replaces a workshop's fields (administrators and organizers); the same checks as scheduling.
#[utoipa::path(put, path = "/api/v1/workshops/{id}", tag = "campaigns", security(("bearer" = [])), params(("id" = String, Path)), request_body = WorkshopIn,
    responses((status = 200, body = WorkshopOut), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn put_workshop(
    State(state): State<AppState>,
    ApiStaff(_, _): ApiStaff<CampaignEditors>,
    Path(id): Path<String>,
    ApiJson(b): ApiJson<WorkshopIn>,
) -> Result<Json<WorkshopOut>, AppError> {
    let w = workshop(&state, &id).await?;
    let c = campaign(&state, &w.campaign.to_string()).await?;
    let confirmed = state.db.confirmed_seats(w.id).await?;
    if i64::from(b.capacity) < confirmed {
        return Err(capacity_below(confirmed));
    }
    let input = WorkshopInput::from(b);
    let saved = save(&state.db, &state.curriculum, &c, Some(w.id), &input).await?;
    Ok(Json(out(saved, &c.time_zone)))
}

#[derive(Debug, Default, serde::Deserialize, utoipa::IntoParams)]
pub struct DeleteQuery {
    /// Delete even with registrations (their rosters and attendance go with them).
    #[serde(default)]
    pub force: bool,
}

/// Deletes a workshop (administrators and organizers). One with registrations that are not cancelled is refused
/// with 409 `workshop_has_registrations` (their count in `details`) unless `force=true`: rosters and attendance
/// would go with it.
#[utoipa::path(delete, path = "/api/v1/workshops/{id}", tag = "campaigns", security(("bearer" = [])),
    params(("id" = String, Path), DeleteQuery),
    responses((status = 204), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody),
        (status = 409, body = ErrorBody)))]
pub async fn delete_workshop(
    State(state): State<AppState>,
    ApiStaff(_, _): ApiStaff<CampaignEditors>,
    Path(id): Path<String>,
    axum::extract::Query(q): axum::extract::Query<DeleteQuery>,
) -> Result<StatusCode, AppError> {
    let w = workshop(&state, &id).await?;
    let live = state
        .db
        .workshop_registrations(w.id)
        .await?
        .iter()
        .filter(|r| r.status != amane_store::registrations::Status::Cancelled)
        .count();
    if live > 0 && !q.force {
        return Err(amane_app::Error::Conflict {
            code: amane_app::error::ErrorCode::WorkshopHasRegistrations,
            details: serde_json::json!({"registrations": live}),
        }
        .into());
    }
    state.db.delete_workshop(w.id).await?;
    tracing::info!(workshop = %w.id, registrations = live, "workshop deleted");
    Ok(StatusCode::NO_CONTENT)
}

/// 409 `capacity_below_registrations`, with the seats already confirmed.
fn capacity_below(confirmed: i64) -> AppError {
    AppError::BadRequest {
        status: StatusCode::CONFLICT,
        code: crate::error::ErrorCode::CapacityBelowRegistrations,
        details: serde_json::json!({"confirmed_seats": confirmed}),
    }
}
