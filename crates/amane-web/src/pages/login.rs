//! Login and logout for staff.

use super::{Page, render, render_status};
use crate::AppState;
use crate::auth::{self, LoginError, MaybeUser, client_ip, peer_ip};
use crate::error::{AppError, retry_minutes};
use crate::i18n::{Arg, Tr};
use crate::i18n_layer::ReqLang;
use askama::Template;
use axum::extract::{Query, Request, State};
use axum::http::header::{RETRY_AFTER, SET_COOKIE};
use axum::http::{HeaderValue, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use serde::Deserialize;

#[derive(Template)]
#[template(path = "pages/login.html")]
struct LoginPage {
    page: Page,
    email: String,
    next: String,
    error: Option<String>,
    notice: Option<String>,
}

#[derive(Deserialize, Default)]
pub struct LoginQuery {
    #[serde(default)]
    next: String,
    #[serde(default)]
    bye: Option<String>,
}

/// Only a path on this site may be the target after login (never `//evil.example`).
fn safe_next(next: &str) -> &str {
    // A browser drops tabs and line breaks from an address and reads `\` as `/`, so `/<tab>/evil.example` would
    // become `//evil.example`: a path with any control character, space or backslash is refused whole (a line
    // break would also make an invalid header).
    let clean = !next.chars().any(|c| c.is_control() || c.is_whitespace() || c == '\\');
    if clean && next.starts_with('/') && !next.starts_with("//") { next } else { "/dashboard" }
}

pub async fn form(ReqLang(lang): ReqLang, MaybeUser(who): MaybeUser, Query(q): Query<LoginQuery>) -> Response {
    if who.is_some() {
        return Redirect::to(safe_next(&q.next)).into_response();
    }
    let t = Tr::new(lang);
    render(&LoginPage {
        page: Page::new(t, t.get("login-title"), None),
        email: String::new(),
        next: q.next,
        error: None,
        notice: q.bye.map(|_| t.get("logout-done")),
    })
}

#[derive(Deserialize)]
pub struct LoginForm {
    #[serde(default)]
    email: String,
    #[serde(default)]
    password: String,
    #[serde(default)]
    next: String,
}

pub async fn submit(State(state): State<AppState>, ReqLang(lang): ReqLang, req: Request) -> Response {
    let t = Tr::new(lang);
    let peer = peer_ip(req.extensions());
    let ip = client_ip(&state, req.headers(), peer);
    let previous = req.extensions().get::<auth::Identity>().and_then(|i| i.session.clone());
    let f = match super::PageForm::<LoginForm>::from_request(req, &state).await {
        Ok(super::PageForm(f)) => f,
        Err(e) => return e.into_response(),
    };
    let again = |status: StatusCode, error: String| {
        let page = LoginPage {
            page: Page::new(t, t.get("login-title"), None),
            email: f.email.clone(),
            next: f.next.clone(),
            error: Some(error),
            notice: None,
        };
        render_status(status, &page)
    };
    if f.email.trim().is_empty() || f.password.is_empty() {
        return again(StatusCode::UNPROCESSABLE_ENTITY, t.get("login-missing"));
    }
    match auth::login(&state, &f.email, &f.password, ip).await {
        Ok(user) => match auth::start_session(&state, &user, previous.as_deref()).await {
            Ok(cookie) => {
                let mut res = Redirect::to(safe_next(&f.next)).into_response();
                res.headers_mut().append(SET_COOKIE, cookie);
                res
            }
            Err(e) => e.into_response(),
        },
        Err(LoginError::Invalid { left: None }) => again(StatusCode::UNAUTHORIZED, t.get("login-invalid")),
        Err(LoginError::Invalid { left: Some(n) }) => again(
            StatusCode::UNAUTHORIZED,
            t.args("login-invalid-left", &[("left", Arg::Num(n)), ("formatted", Arg::Str(&t.number(n)))]),
        ),
        Err(LoginError::Throttled(secs)) => {
            let m = retry_minutes(secs);
            let msg = t.args("login-throttled", &[("minutes", Arg::Num(m)), ("formatted", Arg::Str(&t.number(m)))]);
            let mut res = again(StatusCode::TOO_MANY_REQUESTS, msg);
            res.headers_mut().insert(RETRY_AFTER, HeaderValue::from(secs.max(1)));
            res
        }
        Err(LoginError::Other(e)) => e.into_response(),
    }
}

use axum::extract::FromRequest;

pub async fn logout(State(state): State<AppState>, MaybeUser(who): MaybeUser) -> Response {
    if let Some(session) = who.and_then(|i| i.session)
        && let Err(e) = state.db.delete_session(&session).await
    {
        return AppError::from(e).into_response();
    }
    let mut res = Redirect::to("/login?bye=1").into_response();
    res.headers_mut().append(SET_COOKIE, auth::expired_session_cookie());
    res
}

#[cfg(test)]
mod tests {
    #[test]
    fn next_stays_on_site() {
        assert_eq!(super::safe_next("/dashboard?x=1"), "/dashboard?x=1");
        assert_eq!(super::safe_next("//evil.example/"), "/dashboard");
        assert_eq!(super::safe_next("https://evil.example/"), "/dashboard");
        assert_eq!(super::safe_next("/\\evil.example"), "/dashboard");
        // What a browser makes of a tab, a line break or a backslash after the first slash.
        assert_eq!(super::safe_next("/\t/evil.example"), "/dashboard");
        assert_eq!(super::safe_next("/\n/evil.example"), "/dashboard");
        assert_eq!(super::safe_next("/\r"), "/dashboard");
        assert_eq!(super::safe_next("/x\\..\\evil.example"), "/dashboard");
        assert_eq!(super::safe_next("/\u{a0}/evil.example"), "/dashboard");
        assert_eq!(super::safe_next(""), "/dashboard");
    }
}
