//! A game's results as JSON: per-question statistics and the ranking, from what was stored.

use crate::AppState;
use crate::api::ErrorBody;
use crate::auth::ApiUser;
use crate::error::AppError;
use crate::i18n_layer::ReqLang;
use crate::live::runnable;
use amane_app::live::{Results, results};
use axum::Json;
use axum::extract::{Path, State};

/// Per-question statistics and the ranking, from what was stored.
#[utoipa::path(get, path = "/api/v1/live/{id}/results", tag = "live", security(("bearer" = [])), params(("id" = String, Path)),
    responses((status = 200, body = Results), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub async fn results_live(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    ReqLang(lang): ReqLang,
    Path(id): Path<String>,
) -> Result<Json<Results>, AppError> {
    let row = runnable(&state, &user, &id).await?;
    Ok(Json(results(&state.db, &row, lang).await?))
}
