//! Server-rendered pages. Every page works without JavaScript; forms post back and re-render with
//! field-level messages in the reader's language.

mod account;
mod audit;
mod campaign_tests;
pub mod campaigns;
mod checkin;
pub mod curriculum;
mod dashboard;
pub mod establishments;
mod import;
pub mod live;
mod login;
mod reports;
mod satisfaction;
mod setup;
mod tests;
mod verify;
pub mod workshops;

pub(crate) use workshops::{base_url, qr_svg};

use crate::AppState;
use crate::assets;
use crate::error::{AppError, field_message, retry_minutes};
use crate::i18n::{Arg, Tr};
use crate::i18n_layer::ReqLang;
use amane_domain::{Lang, Role, User, ValidationErrors};
use askama::Template;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use curriculum::Opt;

/// What the layout needs on every page.
pub struct Page {
    pub t: Tr,
    pub lang: Lang,
    pub title: String,
    pub user: Option<User>,
    pub css: String,
    pub icon: String,
    pub version: &'static str,
}

pub struct LangLink {
    pub code: &'static str,
    pub name: &'static str,
    /// What a phone's header shows: `FR`, `ع`, `EN`.
    pub short: &'static str,
    pub current: bool,
}

impl Page {
    pub fn new(t: Tr, title: String, user: Option<User>) -> Self {
        Page {
            t,
            lang: t.lang,
            title,
            user,
            css: assets::url("app.css"),
            icon: assets::url("icon.svg"),
            version: env!("CARGO_PKG_VERSION"),
        }
    }

    /// The address of a static file (content-hashed).
    pub fn asset(&self, name: &str) -> String {
        assets::url(name)
    }

    pub fn langs(&self) -> Vec<LangLink> {
        Lang::ALL
            .into_iter()
            .map(|l| LangLink {
                code: l.code(),
                name: l.native_name(),
                short: match l {
                    Lang::Fr => "FR",
                    Lang::Ar => "ع",
                    Lang::En => "EN",
                },
                current: l == self.lang,
            })
            .collect()
    }

    /// Whether the signed-in person may run live quizzes (the navigation shows the link).
    pub fn is_live_host(&self) -> bool {
        self.user.as_ref().is_some_and(|u| amane_app::live::LIVE_HOSTS.contains(&u.role))
    }

    pub fn role_key(&self) -> &'static str {
        role_key(self.user.as_ref().map(|u| u.role).unwrap_or(Role::Observer))
    }
}

pub fn role_key(role: Role) -> &'static str {
    match role {
        Role::Admin => "role-admin",
        Role::Organizer => "role-organizer",
        Role::Facilitator => "role-facilitator",
        Role::Coordinator => "role-coordinator",
        Role::Observer => "role-observer",
    }
}

/// One field of a form, as `_field.html` draws it.
pub struct FormField {
    pub name: &'static str,
    pub label: String,
    pub kind: &'static str,
    pub value: String,
    pub error: Option<String>,
    pub options: Vec<Opt>,
    pub dir: &'static str,
    /// A text field with suggestions fetched from this address as the person types (names for a code).
    pub suggest: &'static str,
    pub hint: String,
}

impl FormField {
    /// A field labelled by the key `{prefix}-{name}` (underscores as hyphens), with what `e` says is wrong with it;
    /// no options, no direction of its own, no suggestions, no hint.
    pub fn new(t: Tr, e: &ValidationErrors, prefix: &str, name: &'static str, kind: &'static str, value: &str) -> Self {
        FormField {
            name,
            label: t.get(&format!("{prefix}-{}", name.replace('_', "-"))),
            kind,
            value: value.to_owned(),
            error: field_message(t, e, name),
            options: Vec::new(),
            dir: "",
            suggest: "",
            hint: String::new(),
        }
    }
}

/// Renders a template, or a logged 500 if it fails.
pub fn render(t: &impl Template) -> Response {
    match t.render() {
        Ok(html) => Html(html).into_response(),
        Err(e) => AppError::Internal(format!("template: {e}")).into_response(),
    }
}

/// Renders a page answered with another status than 200: a form sent back with what is wrong (422), a conflict
/// (409), a code or PIN that leads nowhere (404).
pub fn render_status(status: StatusCode, t: &impl Template) -> Response {
    let mut res = render(t);
    *res.status_mut() = status;
    res
}

#[derive(Template)]
#[template(path = "error.html")]
pub struct ErrorPage {
    pub page: Page,
    pub status: u16,
    pub message: String,
    pub retry: Option<String>,
    /// Refused fields: the field's name and the reason.
    pub fields: Vec<(String, String)>,
}

impl ErrorPage {
    pub fn new(t: Tr, status: StatusCode, code: &str, retry_secs: Option<i64>) -> Self {
        let retry = retry_secs.map(|s| {
            let m = retry_minutes(s);
            t.args("retry-in-minutes", &[("minutes", Arg::Num(m)), ("formatted", Arg::Str(&t.number(m)))])
        });
        ErrorPage {
            page: Page::new(t, t.get(&format!("{code}-title")), None),
            status: status.as_u16(),
            message: t.get(code),
            retry,
            fields: Vec::new(),
        }
    }

    /// The page with each refused field and why, for a form sent without the page that shows it.
    pub fn with_fields(mut self, fields: Vec<(String, String)>) -> Self {
        self.fields = fields;
        self
    }
}

#[derive(Template)]
#[template(path = "pages/home.html")]
struct HomePage {
    page: Page,
}

async fn home(ReqLang(lang): ReqLang, crate::auth::MaybeUser(who): crate::auth::MaybeUser) -> Response {
    if who.is_some() {
        return Redirect::to("/dashboard").into_response();
    }
    let t = Tr::new(lang);
    render(&HomePage { page: Page::new(t, t.get("home-title"), None) })
}

/// `200 ok` while the database answers, `503` otherwise: what a load balancer polls.
async fn healthz(State(state): State<AppState>) -> Response {
    let ping = tokio::time::timeout(std::time::Duration::from_secs(2), state.db.ping()).await;
    match ping {
        Ok(Ok(())) => (StatusCode::OK, [("content-type", "text/plain; charset=utf-8")], "ok").into_response(),
        _ => (StatusCode::SERVICE_UNAVAILABLE, [("content-type", "text/plain; charset=utf-8")], "unavailable")
            .into_response(),
    }
}

/// A form body whose rejection (wrong content type, undecodable fields) is an error page in the reader's
/// language, like every other error, instead of the framework's plain-text answer.
pub struct PageForm<T>(pub T);

impl<T: serde::de::DeserializeOwned + Send, S: Send + Sync> axum::extract::FromRequest<S> for PageForm<T> {
    type Rejection = AppError;

    async fn from_request(req: axum::extract::Request, state: &S) -> Result<Self, Self::Rejection> {
        // A body that is not UTF-8 once decoded is refused by name, instead of being stored with "�" in it.
        let (parts, body) = req.into_parts();
        let bytes = match axum::body::to_bytes(body, usize::MAX).await {
            Ok(b) => b,
            Err(_) => {
                let status = StatusCode::PAYLOAD_TOO_LARGE;
                let code = crate::error::ErrorCode::PayloadTooLarge;
                return Err(AppError::BadRequest { status, code, details: serde_json::Value::Null });
            }
        };
        if let Some(field) = field_not_utf8(&bytes) {
            let mut errors = amane_domain::ValidationErrors::new();
            errors.add(field, amane_domain::FieldCode::TextNotUtf8);
            return Err(AppError::Validation(errors));
        }
        let req = axum::extract::Request::from_parts(parts, axum::body::Body::from(bytes));
        match axum::Form::<T>::from_request(req, state).await {
            Ok(axum::Form(v)) => Ok(PageForm(v)),
            Err(e) => {
                let status = e.status();
                let code = if status == StatusCode::UNSUPPORTED_MEDIA_TYPE {
                    crate::error::ErrorCode::UnsupportedMediaType
                } else {
                    crate::error::ErrorCode::BadRequest
                };
                Err(AppError::BadRequest { status, code, details: serde_json::Value::Null })
            }
        }
    }
}

/// An upload that could not be read: 413 when it is over the route's limit (a 40 MB file), else 400.
pub fn multipart_refusal(e: axum::extract::multipart::MultipartError) -> AppError {
    let status = e.status();
    let code = if status == StatusCode::PAYLOAD_TOO_LARGE {
        crate::error::ErrorCode::PayloadTooLarge
    } else {
        crate::error::ErrorCode::BadRequest
    };
    AppError::BadRequest { status, code, details: serde_json::Value::Null }
}

/// The first field of a URL-encoded body whose name or value is not UTF-8 once its `%XX` escapes are decoded.
fn field_not_utf8(body: &[u8]) -> Option<String> {
    fn decode(raw: &[u8]) -> Vec<u8> {
        let mut out = Vec::with_capacity(raw.len());
        let mut i = 0;
        while i < raw.len() {
            match raw[i] {
                b'+' => out.push(b' '),
                b'%' if i + 2 < raw.len() => {
                    let hex = std::str::from_utf8(&raw[i + 1..i + 3]).ok().and_then(|h| u8::from_str_radix(h, 16).ok());
                    match hex {
                        Some(b) => {
                            out.push(b);
                            i += 2;
                        }
                        None => out.push(b'%'),
                    }
                }
                b => out.push(b),
            }
            i += 1;
        }
        out
    }
    for pair in body.split(|b| *b == b'&') {
        let (name, value) = match pair.iter().position(|b| *b == b'=') {
            Some(at) => (&pair[..at], &pair[at + 1..]),
            None => (pair, &[][..]),
        };
        let name = decode(name);
        if String::from_utf8(name.clone()).is_err() || String::from_utf8(decode(value)).is_err() {
            return Some(String::from_utf8_lossy(&name).into_owned());
        }
    }
    None
}

pub async fn not_found() -> AppError {
    AppError::NotFound
}

pub fn routes() -> crate::Routes {
    crate::Routes::new()
        .route("/", get(home))
        .route("/healthz", get(healthz))
        .route("/login", get(login::form).post(login::submit))
        .route("/logout", post(login::logout))
        .route("/setup/{token}", get(setup::form).post(setup::submit))
        .route("/dashboard", get(dashboard::show))
        .route("/account", get(account::show))
        .route("/account/tokens", post(account::create))
        .route("/tokens/{id}/revoke", post(account::revoke))
        .route("/admin/users", get(account::users))
        .route("/admin/audit", get(audit::list))
        .route("/admin/audit.csv", get(audit::csv))
        .route("/admin/users/{id}/active", post(account::switch))
        .route("/admin/users/{id}/unlock", post(account::unlock))
        .route("/campaigns", get(campaigns::list))
        .route("/campaigns/new", get(campaigns::new_form).post(campaigns::create_submit))
        .route("/campaigns/{id}", get(campaigns::show))
        .route("/campaigns/{id}/edit", get(campaigns::edit_form).post(campaigns::edit_submit))
        .route("/campaigns/{id}/report", get(reports::show))
        .route("/campaigns/{id}/tests", get(campaign_tests::list).post(campaign_tests::create))
        .route(
            "/campaigns/{id}/tests/{test}/results",
            post(campaign_tests::upload).layer(axum::extract::DefaultBodyLimit::max(32 * 1024 * 1024)),
        )
        .route("/campaigns/{id}/report.csv", get(reports::csv))
        .route("/campaigns/{id}/report.pdf", get(reports::pdf))
        .route("/campaigns/{id}/workshops/new", get(workshops::form::new_form).post(workshops::form::create))
        .route("/workshops/mine", get(workshops::mine::mine))
        .route("/workshops/mine.ics", get(workshops::mine::mine_ics))
        .route("/workshops/{id}", get(workshops::show::show).post(workshops::register::register))
        .route("/workshops/{id}/registrations/{reg}/cancel", post(workshops::register::cancel))
        .route("/workshops/{id}/registrations/{reg}/attendance", post(workshops::register::attendance))
        .route("/workshops/{id}/roster", get(workshops::roster::roster))
        .route("/workshops/{id}/certificates.pdf", get(workshops::certificates::print))
        .route("/workshops/{id}/checkin", get(checkin::list).post(checkin::mark))
        .route("/workshops/{id}/tests", get(workshops::tests::list).post(workshops::tests::act))
        .route("/workshops/{id}/tests/{code}", get(workshops::tests::board))
        .route("/workshops/{id}/edit", get(workshops::form::edit_form).post(workshops::form::edit_submit))
        .route("/checkin", get(workshops::checkin_code::checkin))
        .route(
            "/checkin/p/{reg}/{idx}",
            get(workshops::checkin_code::checkin_child).post(workshops::checkin_code::checkin_child_mark),
        )
        .route("/verify", get(verify::form))
        .route("/verify/{code}", get(verify::show))
        .route("/t", get(tests::code_form))
        .route("/t/{code}", get(tests::sheet).post(tests::submit))
        .route("/t/{code}/survey", post(tests::survey))
        .route("/join", get(live::join::join_form))
        .route("/join/{pin}", get(live::join::play))
        .route("/live", get(live::new::list).post(live::new::create))
        .route("/live/ws", get(crate::live::ws))
        .route("/live/{id}", get(live::console::console))
        .route("/live/{id}/screen", get(live::screen::screen))
        .route("/live/{id}/control", post(live::console::control_form))
        .route("/live/{id}/results", get(live::results::results_page))
        .route("/live/{id}/results.csv", get(live::results::results_csv_file))
        .route("/establishments", get(establishments::list))
        .route("/establishments/suggest", get(establishments::suggest))
        .route("/establishments/{code}", get(establishments::show))
        .route(
            "/establishments/import",
            get(establishments::import_form)
                .post(establishments::import_submit)
                .layer(axum::extract::DefaultBodyLimit::max(32 * 1024 * 1024)),
        )
        .route("/curriculum", get(curriculum::list::list))
        .route(
            "/curriculum/import",
            get(import::show).post(import::submit).layer(axum::extract::DefaultBodyLimit::max(8 * 1024 * 1024)),
        )
        .route("/curriculum/banks/{id}", get(curriculum::questions::bank))
        .route("/curriculum/{id}", get(curriculum::module::module))
        .route("/curriculum/{id}/questions", get(curriculum::questions::questions))
        .route(
            "/curriculum/{id}/scenario/{qid}",
            get(curriculum::scenario::scenario).post(curriculum::scenario::scenario_check),
        )
        .route("/curriculum/{id}/{doc}", get(curriculum::module::document))
}
