//! A campaign's figures against its targets.

use super::campaign;
use crate::AppState;
use crate::api::ErrorBody;
use crate::auth::ApiUser;
use crate::error::AppError;
use amane_store::registrations::Progress;
use axum::Json;
use axum::extract::{Path, State};

/// A campaign's figures against its targets.
#[utoipa::path(get, path = "/api/v1/campaigns/{id}/progress", tag = "campaigns", security(("bearer" = [])), params(("id" = String, Path)),
    responses((status = 200, body = Progress), (status = 401, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub async fn progress(
    State(state): State<AppState>,
    ApiUser(_): ApiUser,
    Path(id): Path<String>,
) -> Result<Json<Progress>, AppError> {
    let c = campaign(&state, &id).await?;
    Ok(Json(state.db.campaign_progress(c.id).await?))
}
