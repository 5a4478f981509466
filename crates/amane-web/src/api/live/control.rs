//! A game's state and its controls: the steps without a body (`/live/{id}/{op}`), and those with one (more
//! time, removing a player, show-of-hands counts). Each answers with the game's state after it.

use crate::AppState;
use crate::api::{ApiJson, ErrorBody};
use crate::auth::ApiUser;
use crate::error::AppError;
use crate::live::{control, control_word, runnable};
use amane_domain::FieldCode;
use amane_live::Control;
use amane_live::protocol::StateView;
use axum::Json;
use axum::extract::{Path, State};
use serde::Deserialize;
use utoipa::ToSchema;

/// The game's current state.
#[utoipa::path(get, path = "/api/v1/live/{id}", tag = "live", security(("bearer" = [])), params(("id" = String, Path)),
    responses((status = 200, body = StateView), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub async fn get_live(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    Path(id): Path<String>,
) -> Result<Json<StateView>, AppError> {
    let row = runnable(&state, &user, &id).await?;
    if row.status.is_finished() {
        return Ok(Json(StateView {
            id: row.game.id,
            pin: row.pin,
            status: row.status.code().into(),
            question: u32::try_from(row.current_question).ok(),
            total: 0,
            remaining_ms: None,
            paused: false,
            players: 0,
            answered: 0,
        }));
    }
    Ok(Json(control(&state, &id, Control::Status).await?))
}

/// A control without a body.
#[derive(Deserialize, ToSchema, Clone, Copy)]
#[serde(rename_all = "snake_case")]
pub enum Op {
    Start,
    Next,
    Close,
    Skip,
    Pause,
    Resume,
    End,
}

/// Start (= next from the lobby), next (opens the next question, or closes the open one), close (shows the
/// answers), skip (closes without showing and opens the next), pause, resume, end.
#[utoipa::path(post, path = "/api/v1/live/{id}/{op}", tag = "live", security(("bearer" = [])),
    params(("id" = String, Path), ("op" = inline(Op), Path, description = "start, next, close, skip, pause, resume or end")),
    responses((status = 200, body = StateView), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody)))]
pub async fn control_live(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    Path((id, op)): Path<(String, String)>,
) -> Result<Json<StateView>, AppError> {
    let c = control_word(&op).ok_or(AppError::NotFound)?;
    runnable(&state, &user, &id).await?;
    Ok(Json(control(&state, &id, c).await?))
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ExtendIn {
    /// 1 to 600.
    pub seconds: u32,
}

/// Gives the open question more time.
#[utoipa::path(post, path = "/api/v1/live/{id}/extend", tag = "live", security(("bearer" = [])), params(("id" = String, Path)), request_body = ExtendIn,
    responses((status = 200, body = StateView), (status = 401, body = ErrorBody), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn extend_live(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    Path(id): Path<String>,
    ApiJson(b): ApiJson<ExtendIn>,
) -> Result<Json<StateView>, AppError> {
    if !(1..=600).contains(&b.seconds) {
        return Err(amane_domain::ValidationErrors::single("seconds", FieldCode::NumberInvalid).into());
    }
    runnable(&state, &user, &id).await?;
    Ok(Json(control(&state, &id, Control::Extend { seconds: b.seconds }).await?))
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct KickIn {
    /// The participant's number (from the screen's player list).
    pub player: u32,
}

/// Removes a nickname from the game; it cannot join again.
#[utoipa::path(post, path = "/api/v1/live/{id}/kick", tag = "live", security(("bearer" = [])), params(("id" = String, Path)), request_body = KickIn,
    responses((status = 200, body = StateView), (status = 401, body = ErrorBody), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn kick_live(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    Path(id): Path<String>,
    ApiJson(b): ApiJson<KickIn>,
) -> Result<Json<StateView>, AppError> {
    runnable(&state, &user, &id).await?;
    Ok(Json(control(&state, &id, Control::Kick { player: b.player }).await?))
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CountsIn {
    /// The question (from 0).
    pub question: u32,
    /// Raised hands per option, in the question's option order (true/false: [false, true]).
    pub counts: Vec<u32>,
}

/// No-device mode: the show-of-hands counts of a question, stored as group-level answers.
#[utoipa::path(post, path = "/api/v1/live/{id}/counts", tag = "live", security(("bearer" = [])), params(("id" = String, Path)), request_body = CountsIn,
    responses((status = 200, body = StateView), (status = 401, body = ErrorBody), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn counts_live(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    Path(id): Path<String>,
    ApiJson(b): ApiJson<CountsIn>,
) -> Result<Json<StateView>, AppError> {
    runnable(&state, &user, &id).await?;
    Ok(Json(control(&state, &id, Control::Counts { question: b.question, counts: b.counts }).await?))
}
