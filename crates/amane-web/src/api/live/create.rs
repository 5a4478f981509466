//! Creating a game in the lobby; the answer says where children join.

use crate::AppState;
use crate::api::{ApiJson, ErrorBody};
use crate::auth::{ApiStaff, LiveHosts};
use crate::error::AppError;
use amane_app::live::LiveIn;
use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use serde::Serialize;
use utoipa::ToSchema;

#[derive(Serialize, ToSchema)]
pub struct LiveCreated {
    pub id: String,
    /// Six digits, shown on the classroom screen.
    pub pin: String,
    /// Where participants join (also encoded in the screen's QR code).
    pub join_url: String,
    /// `lobby`.
    pub status: String,
}

/// Creates a game in the lobby from a module's questions for an audience (or a custom set of its questions).
#[utoipa::path(post, path = "/api/v1/live", tag = "live", security(("bearer" = [])), request_body = LiveIn,
    responses((status = 201, body = LiveCreated), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn create_live(
    State(state): State<AppState>,
    ApiStaff(user, _): ApiStaff<LiveHosts>,
    headers: axum::http::HeaderMap,
    ApiJson(b): ApiJson<LiveIn>,
) -> Result<(StatusCode, Json<LiveCreated>), AppError> {
    let prepared = amane_app::live::prepare_linked(&state.db, &state.curriculum, &user, &b).await?;
    let (id, pin) = state.live.create(prepared.game).await?;
    if let Some((test, phase)) = prepared.test {
        state.db.link_assessment_game(&id, test, phase).await?;
    }
    let join_url = format!("{}/join/{pin}", crate::pages::base_url(&state, &headers));
    Ok((StatusCode::CREATED, Json(LiveCreated { id, pin, join_url, status: "lobby".into() })))
}
