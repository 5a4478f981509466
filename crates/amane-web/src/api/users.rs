//! `/api/v1/users`: staff accounts, for administrators.

use super::me::Account;
use super::{ApiJson, ErrorBody};
use crate::AppState;
use crate::auth::{Admins, ApiStaff};
use crate::error::AppError;
use amane_app::accounts::{AccountInput, create_account};
use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

#[derive(Serialize, ToSchema)]
pub struct AccountList {
    pub items: Vec<Account>,
}

/// Every staff account (administrators only).
#[utoipa::path(get, path = "/api/v1/users", tag = "accounts", security(("bearer" = [])),
    responses((status = 200, body = AccountList), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody)))]
pub async fn list_users(
    State(state): State<AppState>,
    ApiStaff(_, _): ApiStaff<Admins>,
) -> Result<Json<AccountList>, AppError> {
    let items = state.db.list_users().await?.into_iter().map(Account::from).collect();
    Ok(Json(AccountList { items }))
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewAccount {
    pub email: String,
    #[serde(default)]
    pub display_name: String,
    /// admin, organizer, facilitator, coordinator or observer.
    pub role: String,
    /// At least 10 characters.
    pub password: String,
    pub locale: Option<String>,
}

/// Creates a staff account (administrators only).
#[utoipa::path(post, path = "/api/v1/users", tag = "accounts", security(("bearer" = [])), request_body = NewAccount,
    responses((status = 201, body = Account), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody),
        (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn create_user(
    State(state): State<AppState>,
    ApiStaff(_, _): ApiStaff<Admins>,
    ApiJson(body): ApiJson<NewAccount>,
) -> Result<(StatusCode, Json<Account>), AppError> {
    let input = AccountInput {
        email: body.email,
        display_name: body.display_name,
        role: body.role,
        password: body.password,
        locale: body.locale,
    };
    let created = create_account(&state.db, &input).await?;
    Ok((StatusCode::CREATED, Json(created.into())))
}
