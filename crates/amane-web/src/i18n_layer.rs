//! Chooses the reader's language once per request: `?lang=`, then the `amane_lang` cookie, then
//! `Accept-Language`, then the deployment's default. A `?lang=` choice is remembered in the cookie.

use crate::AppState;
use crate::i18n::Tr;
use amane_domain::Lang;
use axum::extract::{FromRequestParts, Request, State};
use axum::http::HeaderValue;
use axum::http::header::{ACCEPT_LANGUAGE, COOKIE, SET_COOKIE};
use axum::http::request::Parts;
use axum::middleware::Next;
use axum::response::Response;
use std::convert::Infallible;

pub const LANG_COOKIE: &str = "amane_lang";

/// Reads one cookie from the request headers.
pub fn cookie<'a>(headers: &'a axum::http::HeaderMap, name: &str) -> Option<&'a str> {
    headers
        .get_all(COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(k, _)| *k == name)
        .map(|(_, v)| v)
}

pub fn query_lang(query: Option<&str>) -> Option<Lang> {
    query?.split('&').filter_map(|p| p.split_once('=')).find(|(k, _)| *k == "lang").and_then(|(_, v)| Lang::from_tag(v))
}

pub fn detect(parts_query: Option<&str>, headers: &axum::http::HeaderMap, default: Lang) -> (Lang, bool) {
    if let Some(l) = query_lang(parts_query) {
        return (l, true);
    }
    if let Some(l) = cookie(headers, LANG_COOKIE).and_then(Lang::from_tag) {
        return (l, false);
    }
    if let Some(l) = headers.get(ACCEPT_LANGUAGE).and_then(|v| v.to_str().ok()).and_then(Lang::from_accept_language) {
        return (l, false);
    }
    (default, false)
}

pub async fn choose_language(State(state): State<AppState>, mut req: Request, next: Next) -> Response {
    let (lang, from_query) = detect(req.uri().query(), req.headers(), state.config.default_lang);
    req.extensions_mut().insert(lang);
    let mut res = next.run(req).await;
    if from_query {
        let secure = if state.config.https() { "; Secure" } else { "" };
        let value = format!("{LANG_COOKIE}={}; Path=/; Max-Age=31536000; SameSite=Lax{secure}", lang.code());
        if let Ok(v) = HeaderValue::from_str(&value) {
            res.headers_mut().append(SET_COOKIE, v);
        }
    }
    res
}

/// The reader's language, as chosen by [`choose_language`].
#[derive(Debug, Clone, Copy)]
pub struct ReqLang(pub Lang);

impl ReqLang {
    pub fn tr(self) -> Tr {
        Tr::new(self.0)
    }
}

impl<S: Send + Sync> FromRequestParts<S> for ReqLang {
    type Rejection = Infallible;
    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, Self::Rejection> {
        Ok(ReqLang(parts.extensions.get::<Lang>().copied().unwrap_or_default()))
    }
}
