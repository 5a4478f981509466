//! The public verification of a certificate (`/verify/{code}`, what its QR code opens): no sign-in, and nothing
//! about the holder, only what the certificate attests (its kind, the workshop, the campaign, the school).

use crate::AppState;
use crate::auth::MaybeUser;
use crate::error::AppError;
use crate::i18n::Tr;
use crate::i18n_layer::ReqLang;
use crate::pages::{Page, render, render_status};
use amane_app::certificates::Verified;
use amane_domain::certificate::CertificateCode;
use askama::Template;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};

#[derive(Template)]
#[template(path = "pages/verify.html")]
struct VerifyPage {
    page: Page,
    found: Option<Verified>,
    /// Set when a code was looked up and leads nowhere.
    unknown: bool,
    /// The code as typed, given back in the form.
    typed: String,
}

impl VerifyPage {
    fn kind(&self, v: &Verified) -> String {
        self.page.t.get(&format!("cert-kind-{}", v.kind.code()))
    }
}

#[derive(serde::Deserialize, Default)]
pub struct CodeQuery {
    #[serde(default)]
    code: String,
}

/// `GET /verify`: the form to type a code; with `?code=`, leads to that code's page.
pub async fn form(
    ReqLang(lang): ReqLang,
    MaybeUser(who): MaybeUser,
    Query(q): Query<CodeQuery>,
) -> Result<Response, AppError> {
    let t = Tr::new(lang);
    let typed = q.code.trim();
    if typed.is_empty() {
        let page = Page::new(t, t.get("verify-title"), who.map(|i| i.user));
        return Ok(render(&VerifyPage { page, found: None, unknown: false, typed: String::new() }));
    }
    match CertificateCode::parse(typed) {
        Some(code) => Ok(Redirect::to(&format!("/verify/{code}")).into_response()),
        None => Ok(unknown(t, who.map(|i| i.user), typed)),
    }
}

/// `GET /verify/{code}`: "this certificate is genuine" with what it attests, or a 404 page.
pub async fn show(
    State(state): State<AppState>,
    ReqLang(lang): ReqLang,
    MaybeUser(who): MaybeUser,
    Path(raw): Path<String>,
) -> Result<Response, AppError> {
    let t = Tr::new(lang);
    let user = who.map(|i| i.user);
    match amane_app::certificates::verify(&state.db, &raw, lang).await? {
        Some(v) => {
            let page = Page::new(t, t.get("verify-title"), user);
            Ok(render(&VerifyPage { page, typed: v.code.to_string(), found: Some(v), unknown: false }))
        }
        None => Ok(unknown(t, user, &raw)),
    }
}

fn unknown(t: Tr, user: Option<amane_domain::User>, typed: &str) -> Response {
    let page = Page::new(t, t.get("verify-unknown-title"), user);
    // What was typed goes back into the form, cut short: it is the visitor's own text, not ours to keep.
    let typed: String = typed.chars().take(40).collect();
    render_status(StatusCode::NOT_FOUND, &VerifyPage { page, found: None, unknown: true, typed })
}
