//! The one-time setup link that creates the first administrator of a new installation.

use super::{Page, render, render_status};
use crate::AppState;
use crate::auth::{self, digest, hash_password};
use crate::error::{AppError, field_message};
use crate::i18n::{Arg, Tr};
use crate::i18n_layer::ReqLang;
use amane_domain::FieldCode;
use amane_domain::{Email, Password, Role, ValidationErrors, parse_display_name};
use amane_store::auth::SetupOutcome;
use amane_store::now_ms;
use amane_store::users::NewUser;
use askama::Template;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::http::header::SET_COOKIE;
use axum::response::{IntoResponse, Redirect, Response};
use serde::Deserialize;

pub struct Field {
    pub name: &'static str,
    pub label: String,
    pub kind: &'static str,
    pub autocomplete: &'static str,
    pub value: String,
    pub error: Option<String>,
    pub hint: Option<String>,
}

#[derive(Template)]
#[template(path = "pages/setup.html")]
struct SetupPage {
    page: Page,
    token: String,
    fields: Vec<Field>,
    errors: ValidationErrors,
}

#[derive(Deserialize, Default)]
pub struct SetupForm {
    #[serde(default)]
    display_name: String,
    #[serde(default)]
    email: String,
    #[serde(default)]
    password: String,
    #[serde(default)]
    password_confirm: String,
}

fn page(t: Tr, token: String, f: &SetupForm, errors: ValidationErrors) -> SetupPage {
    let field = |name, label: &str, kind, autocomplete, value: &str, hint: Option<String>| Field {
        name,
        label: t.get(label),
        kind,
        autocomplete,
        value: value.to_owned(),
        error: field_message(t, &errors, name),
        hint,
    };
    let min = Password::MIN_CHARS as i64;
    let fields = vec![
        field("display_name", "field-display-name", "text", "name", &f.display_name, None),
        field("email", "field-email", "email", "username", &f.email, None),
        field(
            "password",
            "field-new-password",
            "password",
            "new-password",
            "",
            Some(t.args("password-hint", &[("min", Arg::Num(min)), ("formatted", Arg::Str(&t.number(min)))])),
        ),
        field("password_confirm", "field-password-confirm", "password", "new-password", "", None),
    ];
    SetupPage { page: Page::new(t, t.get("setup-title"), None), token, fields, errors }
}

async fn check_link(state: &AppState, token: &str) -> Result<(), AppError> {
    if !state.db.setup_token_is_valid(&digest(token), now_ms()).await? || state.db.count_active_admins().await? > 0 {
        return Err(AppError::SetupLinkInvalid);
    }
    Ok(())
}

pub async fn form(State(state): State<AppState>, ReqLang(lang): ReqLang, Path(token): Path<String>) -> Response {
    if let Err(e) = check_link(&state, &token).await {
        return e.into_response();
    }
    render(&page(Tr::new(lang), token, &SetupForm::default(), ValidationErrors::new()))
}

pub async fn submit(
    State(state): State<AppState>,
    ReqLang(lang): ReqLang,
    Path(token): Path<String>,
    super::PageForm(f): super::PageForm<SetupForm>,
) -> Response {
    if let Err(e) = check_link(&state, &token).await {
        return e.into_response();
    }
    let t = Tr::new(lang);
    let mut errors = ValidationErrors::new();
    let name = errors.check("display_name", parse_display_name(&f.display_name));
    let email = errors.check("email", Email::parse(&f.email));
    let password = errors.check("password", Password::parse(&f.password));
    if password.is_some() && f.password != f.password_confirm {
        errors.add("password_confirm", FieldCode::PasswordsDiffer);
    }
    let (Some(display_name), Some(email), Some(password), true) = (name, email, password, errors.is_empty()) else {
        return render_status(StatusCode::UNPROCESSABLE_ENTITY, &page(t, token, &f, errors));
    };
    let password_hash = match hash_password(password).await {
        Ok(h) => h,
        Err(e) => return AppError::from(e).into_response(),
    };
    let new = NewUser { email, display_name, role: Role::Admin, password_hash, locale: Some(lang) };
    match state.db.complete_setup(&digest(&token), &new, now_ms()).await {
        Ok(SetupOutcome::Created(user)) => {
            tracing::info!(user = %user.id, "first administrator created");
            match auth::start_session(&state, &user, None).await {
                Ok(cookie) => {
                    let mut res = Redirect::to("/dashboard").into_response();
                    res.headers_mut().append(SET_COOKIE, cookie);
                    res
                }
                Err(e) => e.into_response(),
            }
        }
        Ok(_) => AppError::SetupLinkInvalid.into_response(),
        Err(e) => AppError::from(e).into_response(),
    }
}
