//! `/api/v1/me`: the caller's own account.

use super::{ApiJson, ErrorBody};
use crate::AppState;
use crate::auth::ApiUser;
use crate::error::AppError;
use amane_domain::{Lang, User, ValidationErrors, parse_display_name};
use amane_store::now_ms;
use axum::Json;
use axum::extract::State;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

/// A staff account as the API shows it.
#[derive(Serialize, ToSchema)]
pub struct Account {
    pub id: String,
    pub email: String,
    pub display_name: String,
    /// admin, organizer, facilitator, coordinator or observer.
    pub role: String,
    /// fr, ar or en; null when the person has not chosen.
    pub locale: Option<String>,
    pub active: bool,
    /// Milliseconds since the Unix epoch.
    pub created_at: i64,
}

impl From<User> for Account {
    fn from(u: User) -> Self {
        Account {
            id: u.id.to_string(),
            email: u.email.to_string(),
            display_name: u.display_name,
            role: u.role.to_string(),
            locale: u.locale.map(|l| l.code().to_owned()),
            active: u.active,
            created_at: u.created_at,
        }
    }
}

/// Who is calling.
#[utoipa::path(get, path = "/api/v1/me", tag = "accounts", security(("bearer" = [])),
    responses((status = 200, body = Account), (status = 401, body = ErrorBody)))]
pub async fn get_me(ApiUser(user): ApiUser) -> Json<Account> {
    Json(user.into())
}

/// Fields of one's own account that one may change; absent fields stay as they are.
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct MeUpdate {
    pub display_name: Option<String>,
    /// fr, ar, en, or an empty string to clear the choice.
    pub locale: Option<String>,
}

/// Changes the caller's name or preferred language.
#[utoipa::path(patch, path = "/api/v1/me", tag = "accounts", security(("bearer" = [])), request_body = MeUpdate,
    responses((status = 200, body = Account), (status = 401, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn update_me(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    ApiJson(body): ApiJson<MeUpdate>,
) -> Result<Json<Account>, AppError> {
    let mut errors = ValidationErrors::new();
    let name = match &body.display_name {
        Some(n) => errors.check("display_name", parse_display_name(n)),
        None => Some(user.display_name.clone()),
    };
    let locale = match body.locale.as_deref().map(str::trim) {
        None => Some(user.locale),
        Some("") => Some(None),
        Some(l) => errors.check("locale", l.parse::<Lang>()).map(Some),
    };
    let (Some(name), Some(locale)) = (name, locale) else {
        return Err(AppError::Validation(errors));
    };
    let updated = state.db.update_profile(user.id, &name, locale, now_ms()).await?;
    Ok(Json(updated.into()))
}
