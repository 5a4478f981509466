//! A campaign's figures against its targets.

use super::campaign;
use crate::AppState;
use crate::api::ErrorBody;
use crate::auth::ApiUser;
use crate::error::AppError;
use axum::Json;
use axum::extract::{Path, State};
use serde::Serialize;
use utoipa::ToSchema;

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
