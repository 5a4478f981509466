//! Creating staff accounts: one service for the API, the CLI and (later) the admin pages.

use crate::error::Error;
use crate::secrets::hash_password;
use amane_domain::{Email, FieldCode, Lang, Password, Role, User, UserId, ValidationErrors, parse_display_name};
use amane_store::tokens::TokenInfo;
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

/// How long a token lives when its maker does not say, and the longest it may live.
pub const TOKEN_DAYS_DEFAULT: u32 = 90;
pub const TOKEN_DAYS_MAX: u32 = 365;

/// Reads a token's lifetime in days (empty: the default); 1 to 365.
pub fn parse_token_days(raw: Option<&str>) -> Result<u32, FieldCode> {
    match raw.map(str::trim).filter(|s| !s.is_empty()) {
        None => Ok(TOKEN_DAYS_DEFAULT),
        Some(s) => {
            s.parse::<u32>().ok().filter(|d| (1..=TOKEN_DAYS_MAX).contains(d)).ok_or(FieldCode::TokenDaysOutOfRange)
        }
    }
}

/// A new token: the secret, shown once, and what is stored about it.
#[derive(Debug, Clone)]
pub struct IssuedToken {
    pub secret: String,
    pub info: TokenInfo,
}

/// Creates an API token for an active account, valid for `days`; only its digest is stored.
pub async fn issue_token(db: &Db, user: &User, label: &str, days: u32) -> Result<IssuedToken, Error> {
    let mut errors = ValidationErrors::new();
    let label = label.trim();
    if label.chars().count() > 80 {
        errors.add("label", FieldCode::TooLong);
    } else if label.chars().any(char::is_control) {
        errors.add("label", FieldCode::TextControlChars);
    }
    if !(1..=TOKEN_DAYS_MAX).contains(&days) {
        errors.add("days", FieldCode::TokenDaysOutOfRange);
    }
    if !errors.is_empty() {
        return Err(Error::Validation(errors));
    }
    if !user.active {
        return Err(Error::Forbidden);
    }
    let label = if label.is_empty() { "token" } else { label };
    let secret = format!("{TOKEN_PREFIX}{}", crate::secrets::random_secret());
    let now = now_ms();
    let expires_at = now + i64::from(days) * DAY_MS;
    let id = db.create_api_token(user.id, &crate::secrets::digest(&secret), label, now, expires_at).await?;
    let info = db.find_api_token(&id).await?.ok_or_else(|| Error::internal("a token just made is missing"))?;
    Ok(IssuedToken { secret, info })
}

const DAY_MS: i64 = 86_400_000;

/// The tokens of `owner`, for `actor`: one's own, or anyone's for an administrator.
pub async fn list_tokens(db: &Db, actor: &User, owner: UserId) -> Result<Vec<TokenInfo>, Error> {
    if actor.id != owner && actor.role != Role::Admin {
        return Err(Error::Forbidden);
    }
    Ok(db.list_api_tokens(owner).await?)
}

/// Revokes one token: its owner or an administrator may. Someone else's token is "not found", so that token
/// ids cannot be probed. Revoking a revoked token changes nothing and is not an error.
pub async fn revoke_token(db: &Db, actor: &User, token_id: &str) -> Result<TokenInfo, Error> {
    let token = db.find_api_token(token_id).await?.ok_or(Error::NotFound)?;
    if token.user_id != actor.id && actor.role != Role::Admin {
        return Err(Error::NotFound);
    }
    db.revoke_api_token(token_id, now_ms()).await?;
    db.find_api_token(token_id).await?.ok_or(Error::NotFound)
}

/// Turns an account off (its sessions and tokens end at once) or back on; administrators only. The last active
/// administrator cannot be turned off (`last_admin`), so amane always keeps someone who can turn accounts on.
pub async fn set_active(db: &Db, actor: &User, target: UserId, active: bool) -> Result<User, Error> {
    if actor.role != Role::Admin || !actor.active {
        return Err(Error::Forbidden);
    }
    tracing::info!(actor = %actor.id, target = %target, active, "switching an account");
    switch_account(db, target, active).await
}

/// [`set_active`] for the operator at the server's terminal (`amane admin deactivate`), who needs no account.
pub async fn switch_account(db: &Db, target: UserId, active: bool) -> Result<User, Error> {
    match db.set_user_active(target, active, now_ms()).await {
        Ok(u) => Ok(u),
        Err(StoreError::Conflict(_)) => Err(Error::conflict(crate::ErrorCode::LastAdmin)),
        Err(StoreError::NotFound) => Err(Error::NotFound),
        Err(e) => Err(e.into()),
    }
}

/// Lifts the sign-in slowdowns of `target` (an administrator's unlock path, or the operator's with `actor`
/// `None`): after an attack on an account, its owner signs in again at once from anywhere. Returns how many
/// recorded failures were forgotten.
pub async fn unlock(db: &Db, actor: Option<&User>, target: &User) -> Result<u64, Error> {
    if actor.is_some_and(|a| a.role != Role::Admin || !a.active) {
        return Err(Error::Forbidden);
    }
    Ok(db.unlock_account(&target.email.as_str().to_lowercase()).await?)
}
