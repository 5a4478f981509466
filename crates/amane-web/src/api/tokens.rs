//! API tokens (one's own, or anyone's for an administrator) and switching accounts off and on.

use super::me::Account;
use super::{ApiJson, ErrorBody};
use crate::AppState;
use crate::auth::{Admins, ApiStaff, ApiUser};
use crate::error::AppError;
use amane_app::accounts;
use amane_domain::UserId;
use amane_store::now_ms;
use amane_store::tokens::TokenInfo;
use axum::Json;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

/// A token as the API shows it: never the secret, except once, when it is made.
#[derive(Serialize, ToSchema)]
pub struct TokenOut {
    pub id: String,
    pub user_id: String,
    pub label: String,
    /// Milliseconds since the Unix epoch, like every time below.
    pub created_at: i64,
    pub last_used_at: Option<i64>,
    pub expires_at: Option<i64>,
    pub revoked_at: Option<i64>,
    /// Whether it opens the API now (neither revoked nor expired).
    pub live: bool,
    /// The secret, in the answer that made the token only.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub token: Option<String>,
}

impl TokenOut {
    fn from(t: TokenInfo, now: i64) -> Self {
        TokenOut {
            live: t.is_live(now),
            id: t.id,
            user_id: t.user_id.to_string(),
            label: t.label,
            created_at: t.created_at,
            last_used_at: t.last_used_at,
            expires_at: t.expires_at,
            revoked_at: t.revoked_at,
            token: None,
        }
    }
}

#[derive(Serialize, ToSchema)]
pub struct TokenList {
    pub items: Vec<TokenOut>,
}

fn user_id(raw: &str) -> Result<UserId, AppError> {
    raw.parse().map_err(|_| AppError::NotFound)
}

async fn list(state: &AppState, actor: &amane_domain::User, owner: UserId) -> Result<Json<TokenList>, AppError> {
    let now = now_ms();
    let items = accounts::list_tokens(&state.db, actor, owner).await?;
    Ok(Json(TokenList { items: items.into_iter().map(|t| TokenOut::from(t, now)).collect() }))
}

/// The caller's own tokens, revoked and expired ones included.
#[utoipa::path(get, path = "/api/v1/me/tokens", tag = "accounts", security(("bearer" = [])),
    responses((status = 200, body = TokenList), (status = 401, body = ErrorBody)))]
pub async fn my_tokens(State(state): State<AppState>, ApiUser(user): ApiUser) -> Result<Json<TokenList>, AppError> {
    list(&state, &user, user.id).await
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewToken {
    /// What the token is for, to recognise it later (up to 80 characters).
    #[serde(default)]
    pub label: String,
    /// How many days it opens the API: 1 to 365, 90 when absent.
    pub days: Option<u32>,
}

/// Makes a token for the caller; the answer is the only place its secret appears.
#[utoipa::path(post, path = "/api/v1/me/tokens", tag = "accounts", security(("bearer" = [])), request_body = NewToken,
    responses((status = 201, body = TokenOut), (status = 401, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn create_token(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    ApiJson(body): ApiJson<NewToken>,
) -> Result<(StatusCode, Json<TokenOut>), AppError> {
    let days = body.days.unwrap_or(accounts::TOKEN_DAYS_DEFAULT);
    let issued = accounts::issue_token(&state.db, &user, &body.label, days).await?;
    let mut out = TokenOut::from(issued.info, now_ms());
    out.token = Some(issued.secret);
    Ok((StatusCode::CREATED, Json(out)))
}

/// Revokes a token: one's own, or anyone's for an administrator. It stops opening the API at once.
#[utoipa::path(delete, path = "/api/v1/tokens/{id}", tag = "accounts", security(("bearer" = [])),
    params(("id" = String, Path)),
    responses((status = 200, body = TokenOut), (status = 401, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub async fn revoke_token(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    Path(id): Path<String>,
) -> Result<Json<TokenOut>, AppError> {
    let t = accounts::revoke_token(&state.db, &user, &id).await?;
    Ok(Json(TokenOut::from(t, now_ms())))
}

/// An account's tokens (administrators only).
#[utoipa::path(get, path = "/api/v1/users/{id}/tokens", tag = "accounts", security(("bearer" = [])),
    params(("id" = String, Path)),
    responses((status = 200, body = TokenList), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody)))]
pub async fn user_tokens(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    Path(id): Path<String>,
) -> Result<Json<TokenList>, AppError> {
    list(&state, &user, user_id(&id)?).await
}

/// What an administrator may change about someone else's account.
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct AccountUpdate {
    /// `false` turns the account off: its sessions end and its tokens are revoked at once.
    pub active: bool,
}

/// Turns an account off or back on (administrators only); the last active administrator stays on.
#[utoipa::path(patch, path = "/api/v1/users/{id}", tag = "accounts", security(("bearer" = [])),
    params(("id" = String, Path)), request_body = AccountUpdate,
    responses((status = 200, body = Account), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody),
        (status = 404, body = ErrorBody), (status = 409, body = ErrorBody)))]
pub async fn update_user(
    State(state): State<AppState>,
    ApiStaff(user, _): ApiStaff<Admins>,
    Path(id): Path<String>,
    ApiJson(body): ApiJson<AccountUpdate>,
) -> Result<Json<Account>, AppError> {
    let target = user_id(&id)?;
    Ok(Json(accounts::set_active(&state.db, &user, target, body.active).await?.into()))
}
