//! Headers every response carries, and the refusal of cross-site state-changing requests.
//!
//! CSRF defence without tokens: browsers say where a request comes from (`Sec-Fetch-Site`, `Origin`); a
//! state-changing request from another site is refused even with a valid session cookie. A client that
//! sends neither header (a script with a bearer token, curl) is not a browser being tricked, and passes.

use crate::AppState;
use crate::error::AppError;
use axum::extract::{Request, State};
use axum::http::header::{CACHE_CONTROL, HOST, ORIGIN};
use axum::http::{HeaderValue, Method};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

pub const CSP: &str = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; \
font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

pub async fn headers(State(state): State<AppState>, req: Request, next: Next) -> Response {
    let mut res = next.run(req).await;
    let h = res.headers_mut();
    h.insert("content-security-policy", HeaderValue::from_static(CSP));
    h.insert("x-content-type-options", HeaderValue::from_static("nosniff"));
    h.insert("referrer-policy", HeaderValue::from_static("same-origin"));
    h.insert("x-frame-options", HeaderValue::from_static("DENY"));
    h.insert("cross-origin-opener-policy", HeaderValue::from_static("same-origin"));
    h.insert("permissions-policy", HeaderValue::from_static("camera=(), microphone=(), geolocation=()"));
    if state.config.https() {
        h.insert("strict-transport-security", HeaderValue::from_static("max-age=31536000; includeSubDomains"));
    }
    // Pages may show personal data of staff: no shared cache keeps them unless a route says otherwise.
    if !h.contains_key(CACHE_CONTROL) {
        h.insert(CACHE_CONTROL, HeaderValue::from_static("no-store"));
    }
    res
}

fn is_safe(method: &Method) -> bool {
    matches!(*method, Method::GET | Method::HEAD | Method::OPTIONS | Method::TRACE)
}

/// Whether a state-changing request may proceed, judged from the headers a browser adds.
pub fn same_site_allowed(state: &AppState, req: &Request) -> bool {
    same_site_headers(state, req.headers())
}

/// The same judgement from the headers alone (a WebSocket upgrade is a GET that still needs it).
pub fn same_site_headers(state: &AppState, headers: &axum::http::HeaderMap) -> bool {
    if let Some(site) = headers.get("sec-fetch-site").and_then(|v| v.to_str().ok()) {
        // `none`: typed in the address bar or a bookmark; `same-origin`: our own page.
        if !matches!(site, "same-origin" | "none") {
            return false;
        }
    }
    let Some(origin) = headers.get(ORIGIN).and_then(|v| v.to_str().ok()) else {
        return true;
    };
    if origin == "null" {
        return false;
    }
    let Ok(origin_url) = url::Url::parse(origin) else {
        return false;
    };
    let origin_host = match origin_url.port() {
        Some(p) => format!("{}:{p}", origin_url.host_str().unwrap_or("")),
        None => origin_url.host_str().unwrap_or("").to_owned(),
    };
    let host = headers.get(HOST).and_then(|v| v.to_str().ok()).unwrap_or("");
    if !host.is_empty() && origin_host.eq_ignore_ascii_case(host) {
        return true;
    }
    let origin_str = origin_url.origin().ascii_serialization();
    if let Some(public) = &state.config.public_url
        && public.origin().ascii_serialization() == origin_str
    {
        return true;
    }
    state.config.trusted_origins.iter().any(|t| t.trim_end_matches('/') == origin_str)
}

pub async fn refuse_cross_site(State(state): State<AppState>, req: Request, next: Next) -> Response {
    if !is_safe(req.method()) && !same_site_allowed(&state, &req) {
        tracing::warn!(path = %req.uri().path(), "cross-site request refused");
        return AppError::CrossSite.into_response();
    }
    next.run(req).await
}
