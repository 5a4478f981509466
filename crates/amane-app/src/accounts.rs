//! Creating staff accounts: one service for the API, the CLI and (later) the admin pages.

use crate::error::Error;
use crate::secrets::hash_password;
use amane_domain::{Email, Lang, Password, Role, User, ValidationErrors, parse_display_name};
use amane_store::users::NewUser;
use amane_store::{Db, StoreError, now_ms};

/// What a caller supplies, unparsed: every field is checked and all problems are reported together.
#[derive(Debug, Clone, Default)]
pub struct AccountInput {
    pub email: String,
    pub display_name: String,
    pub role: String,
    pub password: String,
    pub locale: Option<String>,
}

#[tracing::instrument(skip(db, input), fields(email = %input.email, role = %input.role))]
pub async fn create_account(db: &Db, input: &AccountInput) -> Result<User, Error> {
    let mut errors = ValidationErrors::new();
    let email = errors.check("email", Email::parse(&input.email));
    // A missing name falls back to the part of the address before the @.
    let name_source = if input.display_name.trim().is_empty() {
        input.email.split('@').next().unwrap_or("").to_owned()
    } else {
        input.display_name.clone()
    };
    let display_name = errors.check("display_name", parse_display_name(&name_source));
    let role = errors.check("role", input.role.parse::<Role>());
    let password = errors.check("password", Password::parse(&input.password));
    let locale = match input.locale.as_deref().map(str::trim).filter(|s| !s.is_empty()) {
        Some(l) => errors.check("locale", l.parse::<Lang>()).map(Some),
        None => Some(None),
    };
    let (Some(email), Some(display_name), Some(role), Some(password), Some(locale)) =
        (email, display_name, role, password, locale)
    else {
        return Err(Error::Validation(errors));
    };
    let password_hash = hash_password(password).await?;
    let new = NewUser { email, display_name, role, password_hash, locale };
    match db.create_user(&new, now_ms()).await {
        Ok(u) => Ok(u),
        Err(StoreError::Conflict(_)) => Err(Error::conflict(crate::ErrorCode::EmailTaken)),
        Err(e) => Err(e.into()),
    }
}

/// The prefix of every API token, so that a leaked one is recognisable (and searchable) as amane's.
pub const TOKEN_PREFIX: &str = "amane_";

/// Creates an API token for a user and returns it; only its digest is stored.
pub async fn issue_token(db: &Db, user: &User, label: &str) -> Result<String, Error> {
    let token = format!("{TOKEN_PREFIX}{}", crate::secrets::random_secret());
    db.create_api_token(user.id, &crate::secrets::digest(&token), label, now_ms()).await?;
    Ok(token)
}
