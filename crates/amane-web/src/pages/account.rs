//! A staff member's own API tokens (`/account`), and the administrators' list of accounts (`/admin/users`), where
//! an account is turned off (its sessions and tokens end at once) or back on, and anyone's token revoked.

use super::{Page, PageForm, render, render_status};
use crate::AppState;
use crate::auth::{Admins, PageUser, Staff};
use crate::error::AppError;
use crate::i18n::{Arg, Tr};
use crate::i18n_layer::ReqLang;
use amane_app::accounts;
use amane_domain::{Role, User, UserId};
use amane_store::now_ms;
use amane_store::tokens::TokenInfo;
use askama::Template;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use serde::Deserialize;

pub struct TokenView {
    pub id: String,
    pub label: String,
    pub created: String,
    pub state: String,
    pub used: String,
    pub live: bool,
}

fn token_view(t: &Tr, k: TokenInfo, now: i64) -> TokenView {
    let state = match (k.revoked_at, k.expires_at) {
        (Some(at), _) => t.args("account-token-revoked", &[("date", Arg::Str(&t.date(at)))]),
        (None, Some(at)) if at <= now => t.args("account-token-expired", &[("date", Arg::Str(&t.date(at)))]),
        (None, Some(at)) => t.args("account-token-expires", &[("date", Arg::Str(&t.date(at)))]),
        (None, None) => t.get("account-token-no-expiry"),
    };
    TokenView {
        live: k.is_live(now),
        created: t.date(k.created_at),
        used: k.last_used_at.map(|at| t.date(at)).unwrap_or_else(|| t.get("account-token-never")),
        id: k.id,
        label: k.label,
        state,
    }
}

#[derive(Template)]
#[template(path = "pages/account.html")]
struct AccountPage {
    page: Page,
    email: String,
    role: String,
    tokens: Vec<TokenView>,
    created: Option<String>,
    error: Option<String>,
    label: String,
    days: String,
    max_days: u32,
}

async fn account_page(
    state: &AppState,
    t: Tr,
    user: User,
    created: Option<String>,
    error: Option<String>,
    form: (String, String),
) -> Result<AccountPage, AppError> {
    let now = now_ms();
    let tokens = accounts::list_tokens(&state.db, &user, user.id).await?;
    Ok(AccountPage {
        email: user.email.to_string(),
        role: t.get(super::role_key(user.role)),
        tokens: tokens.into_iter().map(|k| token_view(&t, k, now)).collect(),
        created,
        error,
        label: form.0,
        days: form.1,
        max_days: accounts::TOKEN_DAYS_MAX,
        page: Page::new(t, t.get("account-title"), Some(user)),
    })
}

pub async fn show(State(state): State<AppState>, ReqLang(lang): ReqLang, PageUser(id): PageUser) -> Response {
    let t = Tr::new(lang);
    let days = accounts::TOKEN_DAYS_DEFAULT.to_string();
    match account_page(&state, t, id.user, None, None, (String::new(), days)).await {
        Ok(p) => render(&p),
        Err(e) => e.into_response(),
    }
}

#[derive(Deserialize)]
pub struct NewTokenForm {
    #[serde(default)]
    label: String,
    #[serde(default)]
    days: String,
}

/// Makes a token and shows its secret once, on the page that answers the form (never in a URL).
pub async fn create(
    State(state): State<AppState>,
    ReqLang(lang): ReqLang,
    PageUser(id): PageUser,
    PageForm(f): PageForm<NewTokenForm>,
) -> Result<Response, AppError> {
    let t = Tr::new(lang);
    let failed = |code: amane_domain::FieldCode| t.get(&format!("field_{code}"));
    let issued = match accounts::parse_token_days(Some(&f.days)) {
        Err(code) => Err(failed(code)),
        Ok(days) => match accounts::issue_token(&state.db, &id.user, &f.label, days).await {
            Ok(k) => Ok(k),
            Err(amane_app::Error::Validation(v)) => {
                Err(v.0.iter().map(|e| failed(e.code)).collect::<Vec<_>>().join(" "))
            }
            Err(e) => return Err(e.into()),
        },
    };
    Ok(match issued {
        Ok(k) => {
            let days = accounts::TOKEN_DAYS_DEFAULT.to_string();
            render(&account_page(&state, t, id.user, Some(k.secret), None, (String::new(), days)).await?)
        }
        Err(message) => render_status(
            StatusCode::UNPROCESSABLE_ENTITY,
            &account_page(&state, t, id.user, None, Some(message), (f.label, f.days)).await?,
        ),
    })
}

#[derive(Deserialize)]
pub struct RevokeForm {
    /// `users` when the button was on the accounts page; anything else goes back to one's own page.
    #[serde(default)]
    back: String,
}

/// Revokes a token (one's own, or anyone's for an administrator) and goes back to the page the button was on.
pub async fn revoke(
    State(state): State<AppState>,
    PageUser(id): PageUser,
    Path(token): Path<String>,
    PageForm(f): PageForm<RevokeForm>,
) -> Result<Response, AppError> {
    let k = accounts::revoke_token(&state.db, &id.user, &token).await?;
    let to = if f.back == "users" && id.user.role == Role::Admin {
        format!("/admin/users#u-{}", k.user_id)
    } else {
        "/account".to_owned()
    };
    Ok(Redirect::to(&to).into_response())
}

pub struct UserRow {
    pub id: String,
    pub name: String,
    pub email: String,
    pub role: String,
    pub active: bool,
    pub me: bool,
    pub tokens: Vec<TokenView>,
}

#[derive(Template)]
#[template(path = "pages/users.html")]
struct UsersPage {
    page: Page,
    rows: Vec<UserRow>,
    summary: String,
    error: Option<String>,
    notice: Option<String>,
}

#[derive(Deserialize, Default)]
pub struct UsersQuery {
    #[serde(default)]
    error: String,
    #[serde(default)]
    unlocked: String,
}

pub async fn users(
    State(state): State<AppState>,
    staff: Staff<Admins>,
    Query(q): Query<UsersQuery>,
) -> Result<Response, AppError> {
    let t = staff.t;
    let now = now_ms();
    let mut rows = Vec::new();
    let mut active = 0;
    for u in state.db.list_users().await? {
        active += i64::from(u.active);
        let tokens = state.db.list_api_tokens(u.id).await?;
        rows.push(UserRow {
            id: u.id.to_string(),
            me: u.id == staff.user.id,
            name: u.display_name,
            email: u.email.to_string(),
            role: t.get(super::role_key(u.role)),
            active: u.active,
            tokens: tokens.into_iter().filter(|k| k.is_live(now)).map(|k| token_view(&t, k, now)).collect(),
        });
    }
    let total = i64::try_from(rows.len()).unwrap_or(i64::MAX);
    let summary = t.args("users-summary", &[("count", Arg::Num(total)), ("active", Arg::Num(active))]);
    // Only the one known code is shown: a crafted `error=` shows nothing.
    let error = (q.error == "last_admin").then(|| t.get("last_admin"));
    let notice = (!q.unlocked.is_empty()).then(|| t.get("users-unlocked"));
    let page = UsersPage { rows, summary, error, notice, page: Page::new(t, t.get("users-title"), Some(staff.user)) };
    Ok(render(&page))
}

#[derive(Deserialize)]
pub struct SwitchForm {
    /// `on` or `off`.
    active: String,
}

/// Lifts an account's sign-in slowdowns (after an attack on it), then back to the list.
pub async fn unlock(
    State(state): State<AppState>,
    staff: Staff<Admins>,
    Path(raw): Path<String>,
) -> Result<Response, AppError> {
    let target: UserId = raw.parse().map_err(|_| AppError::NotFound)?;
    let user = state.db.find_user(target).await?.ok_or(AppError::NotFound)?;
    accounts::unlock(&state.db, Some(&staff.user), &user).await?;
    Ok(Redirect::to(&format!("/admin/users?unlocked=1#u-{target}")).into_response())
}

/// Turns an account off or on; the last active administrator stays on (the list says why).
pub async fn switch(
    State(state): State<AppState>,
    staff: Staff<Admins>,
    Path(raw): Path<String>,
    PageForm(f): PageForm<SwitchForm>,
) -> Result<Response, AppError> {
    let target: UserId = raw.parse().map_err(|_| AppError::NotFound)?;
    let active = match f.active.as_str() {
        "on" => true,
        "off" => false,
        _ => {
            return Err(AppError::Validation(amane_domain::ValidationErrors::single(
                "active",
                amane_domain::FieldCode::Required,
            )));
        }
    };
    match accounts::set_active(&state.db, &staff.user, target, active).await {
        Ok(_) => Ok(Redirect::to(&format!("/admin/users#u-{target}")).into_response()),
        Err(amane_app::Error::Conflict { code: amane_app::ErrorCode::LastAdmin, .. }) => {
            Ok(Redirect::to(&format!("/admin/users?error=last_admin#u-{target}")).into_response())
        }
        Err(e) => Err(e.into()),
    }
}
