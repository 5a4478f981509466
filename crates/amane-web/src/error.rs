//! The web layer's one error type, and the middleware that turns every error response into a page or a
//! JSON body (`{"error": code, "message": localised, "details": …}`) in the reader's language.
//!
//! Handlers return [`AppError`]; it travels as a response extension with an empty body, so the language
//! and the kind of client (page or API) are decided in one place.

use crate::i18n::{Arg, Tr};
use crate::pages::ErrorPage;
use amane_domain::{Lang, ValidationErrors};
use amane_store::StoreError;
use askama::Template;
use axum::body::Body;
use axum::extract::Request;
use axum::http::header::{CONTENT_TYPE, RETRY_AFTER};
use axum::http::{HeaderValue, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use serde_json::{Value, json};

pub use amane_app::ErrorCode;
pub use amane_domain::FieldCode;

#[derive(Debug, thiserror::Error)]
pub enum AppError {
    #[error("not found")]
    NotFound,
    #[error("unauthorized")]
    Unauthorized,
    #[error("invalid token")]
    InvalidToken,
    #[error("forbidden")]
    Forbidden,
    #[error("cross-site request refused")]
    CrossSite,
    #[error("conflict: {0}")]
    Conflict(ErrorCode),
    #[error("too many requests, retry after {0} s")]
    TooManyRequests(u64),
    #[error(transparent)]
    Validation(#[from] ValidationErrors),
    /// A request body that is not what the route reads; `details` says where.
    #[error("bad request: {code}")]
    BadRequest { status: StatusCode, code: ErrorCode, details: Value },
    #[error("setup link invalid")]
    SetupLinkInvalid,
    #[error("service unavailable: {0}")]
    Unavailable(String),
    #[error("internal error: {0}")]
    Internal(String),
}

/// The one place where a service's refusal or failure becomes an HTTP answer.
impl From<amane_app::Error> for AppError {
    fn from(e: amane_app::Error) -> Self {
        use amane_app::Error as E;
        match e {
            E::NotFound => AppError::NotFound,
            E::Forbidden => AppError::Forbidden,
            E::Validation(v) => AppError::Validation(v),
            E::Conflict { code, details } => AppError::BadRequest { status: StatusCode::CONFLICT, code, details },
            E::Unreadable { code, details } => {
                AppError::BadRequest { status: StatusCode::UNPROCESSABLE_ENTITY, code, details }
            }
            E::Store(s) => AppError::from(s),
            internal @ E::Internal { .. } => AppError::Internal(internal.chain()),
        }
    }
}

impl From<StoreError> for AppError {
    fn from(e: StoreError) -> Self {
        match e {
            StoreError::NotFound => AppError::NotFound,
            StoreError::Conflict(_) => AppError::Conflict(ErrorCode::Conflict),
            StoreError::Unavailable(m) => AppError::Unavailable(m),
            other => AppError::Internal(other.to_string()),
        }
    }
}

/// What the rendering middleware needs to know about an error response.
#[derive(Debug, Clone)]
pub struct ErrorInfo {
    pub code: ErrorCode,
    pub details: ErrorDetails,
}

#[derive(Debug, Clone)]
pub enum ErrorDetails {
    None,
    Fields(ValidationErrors),
    Json(Value),
}

impl AppError {
    pub fn status(&self) -> StatusCode {
        match self {
            AppError::NotFound => StatusCode::NOT_FOUND,
            AppError::Unauthorized | AppError::InvalidToken => StatusCode::UNAUTHORIZED,
            AppError::Forbidden | AppError::CrossSite => StatusCode::FORBIDDEN,
            AppError::Conflict(_) => StatusCode::CONFLICT,
            AppError::TooManyRequests(_) => StatusCode::TOO_MANY_REQUESTS,
            AppError::Validation(_) => StatusCode::UNPROCESSABLE_ENTITY,
            AppError::BadRequest { status, .. } => *status,
            AppError::SetupLinkInvalid => StatusCode::GONE,
            AppError::Unavailable(_) => StatusCode::SERVICE_UNAVAILABLE,
            AppError::Internal(_) => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }

    pub fn code(&self) -> ErrorCode {
        match self {
            AppError::NotFound => ErrorCode::NotFound,
            AppError::Unauthorized => ErrorCode::Unauthorized,
            AppError::InvalidToken => ErrorCode::InvalidToken,
            AppError::Forbidden => ErrorCode::Forbidden,
            AppError::CrossSite => ErrorCode::CrossSiteRequest,
            AppError::Conflict(code) => *code,
            AppError::TooManyRequests(_) => ErrorCode::TooManyRequests,
            AppError::Validation(_) => ErrorCode::ValidationFailed,
            AppError::BadRequest { code, .. } => *code,
            AppError::SetupLinkInvalid => ErrorCode::SetupLinkInvalid,
            AppError::Unavailable(_) => ErrorCode::ServiceUnavailable,
            AppError::Internal(_) => ErrorCode::Internal,
        }
    }
}

impl IntoResponse for AppError {
    fn into_response(self) -> Response {
        match &self {
            AppError::Internal(m) => tracing::error!(error = %m, "internal error"),
            AppError::Unavailable(m) => tracing::warn!(error = %m, "database unavailable"),
            _ => {}
        }
        let code = self.code();
        let mut res = self.status().into_response();
        if let AppError::TooManyRequests(secs) = self {
            res.headers_mut().insert(RETRY_AFTER, HeaderValue::from(secs.max(1)));
        }
        let details = match self {
            AppError::Validation(v) => ErrorDetails::Fields(v),
            AppError::BadRequest { details, .. } => ErrorDetails::Json(details),
            _ => ErrorDetails::None,
        };
        res.extensions_mut().insert(ErrorInfo { code, details });
        res
    }
}

/// The code an error response gets when the router produced it without an [`AppError`] (405, 413, …).
pub fn code_for_status(status: StatusCode) -> ErrorCode {
    match status {
        StatusCode::NOT_FOUND => ErrorCode::NotFound,
        StatusCode::METHOD_NOT_ALLOWED => ErrorCode::MethodNotAllowed,
        StatusCode::UNAUTHORIZED => ErrorCode::Unauthorized,
        StatusCode::FORBIDDEN => ErrorCode::Forbidden,
        StatusCode::CONFLICT => ErrorCode::Conflict,
        StatusCode::GONE => ErrorCode::SetupLinkInvalid,
        StatusCode::PAYLOAD_TOO_LARGE => ErrorCode::PayloadTooLarge,
        StatusCode::UNSUPPORTED_MEDIA_TYPE => ErrorCode::UnsupportedMediaType,
        StatusCode::UNPROCESSABLE_ENTITY => ErrorCode::ValidationFailed,
        StatusCode::TOO_MANY_REQUESTS => ErrorCode::TooManyRequests,
        StatusCode::SERVICE_UNAVAILABLE => ErrorCode::ServiceUnavailable,
        s if s.is_server_error() => ErrorCode::Internal,
        _ => ErrorCode::BadRequest,
    }
}

/// The localised field errors of a validation failure, as the API's `details`.
pub fn field_details(tr: Tr, errors: &ValidationErrors) -> Value {
    Value::Array(
        errors
            .0
            .iter()
            .map(|e| {
                let mut v =
                    json!({"field": e.field, "code": e.code, "message": tr.plain(&format!("field_{}", e.code), &[])});
                if let Some(line) = e.line {
                    v["line"] = json!(line);
                }
                v
            })
            .collect(),
    )
}

fn is_api(path: &str) -> bool {
    path == "/api" || path.starts_with("/api/")
}

/// Turns every error response without a body of its own into the reader's page or JSON error.
pub async fn render_errors(req: Request, next: Next) -> Response {
    let lang = req.extensions().get::<Lang>().copied().unwrap_or_default();
    let api = is_api(req.uri().path());
    let res = next.run(req).await;
    let status = res.status();
    if !(status.is_client_error() || status.is_server_error()) {
        return res;
    }
    let plain =
        res.headers().get(CONTENT_TYPE).and_then(|v| v.to_str().ok()).is_some_and(|v| v.starts_with("text/plain"));
    if res.headers().contains_key(CONTENT_TYPE) && !(plain && res.extensions().get::<ErrorInfo>().is_none()) {
        return res;
    }
    let (mut parts, body) = res.into_parts();
    let info = match parts.extensions.get::<ErrorInfo>().cloned() {
        Some(info) => info,
        // A refusal axum wrote itself, in English plain text (a query or path value of the wrong type).
        None if plain => {
            let text = axum::body::to_bytes(body, 4096).await.map(|b| String::from_utf8_lossy(&b).into_owned());
            let (new_status, info) = extractor_refusal(status, text.as_deref().unwrap_or(""));
            parts.status = new_status;
            info
        }
        None => ErrorInfo { code: code_for_status(status), details: ErrorDetails::None },
    };
    let status = parts.status;
    let tr = Tr::new(lang);
    let body = if api {
        let details = match &info.details {
            ErrorDetails::None => Value::Null,
            ErrorDetails::Fields(v) => field_details(tr, v),
            ErrorDetails::Json(v) => v.clone(),
        };
        let message = tr.plain(info.code.as_str(), &[]);
        parts.headers.insert(CONTENT_TYPE, HeaderValue::from_static("application/json"));
        Body::from(json!({"error": info.code.as_str(), "message": message, "details": details}).to_string())
    } else {
        let retry = parts.headers.get(RETRY_AFTER).and_then(|v| v.to_str().ok()).and_then(|v| v.parse::<i64>().ok());
        let mut page = ErrorPage::new(tr, status, info.code.as_str(), retry);
        if let ErrorDetails::Fields(v) = &info.details {
            page = page.with_fields(
                v.0.iter().map(|e| (e.field.clone(), tr.plain(&format!("field_{}", e.code), &[]))).collect(),
            );
        }
        match page.render() {
            Ok(html) => {
                parts.headers.insert(CONTENT_TYPE, HeaderValue::from_static("text/html; charset=utf-8"));
                Body::from(html)
            }
            Err(e) => {
                tracing::error!(error = %e, "error page failed to render");
                parts.headers.insert(CONTENT_TYPE, HeaderValue::from_static("text/plain; charset=utf-8"));
                Body::from(tr.plain(info.code.as_str(), &[]))
            }
        }
    };
    parts.headers.remove(axum::http::header::CONTENT_LENGTH);
    Response::from_parts(parts, body)
}

/// What axum's own refusals mean: a query value of the wrong type names its field (400 with the field's error, as
/// a form would); a path value that cannot be what the route expects leads nowhere (404).
fn extractor_refusal(status: StatusCode, text: &str) -> (StatusCode, ErrorInfo) {
    if let Some(rest) = text.strip_prefix("Failed to deserialize query string: ") {
        let field = rest.split_once(": ").map(|(f, _)| f).filter(|f| !f.contains(' ')).unwrap_or("query");
        let mut errors = ValidationErrors::new();
        errors.add(field, amane_domain::FieldCode::InvalidType);
        let info = ErrorInfo { code: crate::error::ErrorCode::BadRequest, details: ErrorDetails::Fields(errors) };
        return (StatusCode::BAD_REQUEST, info);
    }
    if text.starts_with("Invalid URL") || text.starts_with("Wrong number of path arguments") {
        return (
            StatusCode::NOT_FOUND,
            ErrorInfo { code: code_for_status(StatusCode::NOT_FOUND), details: ErrorDetails::None },
        );
    }
    (status, ErrorInfo { code: code_for_status(status), details: ErrorDetails::None })
}

/// A panic in a handler becomes an opaque 500 (logged in full), rendered like any other error.
pub fn panic_response(err: Box<dyn std::any::Any + Send + 'static>) -> Response {
    let msg = err
        .downcast_ref::<String>()
        .map(String::as_str)
        .or_else(|| err.downcast_ref::<&str>().copied())
        .unwrap_or("unknown panic");
    AppError::Internal(format!("handler panicked: {msg}")).into_response()
}

/// Minutes to wait, rounded up, for messages like "try again in 3 minutes".
pub fn retry_minutes(secs: i64) -> i64 {
    ((secs + 59) / 60).max(1)
}

/// The message shown under a form field.
pub fn field_message(tr: Tr, errors: &ValidationErrors, field: &str) -> Option<String> {
    let lines: Vec<String> = errors
        .0
        .iter()
        .filter(|e| e.field == field)
        .map(|e| {
            let message = tr.args(&format!("field_{}", e.code), &[("field", Arg::Str(field))]);
            match e.line {
                Some(line) => tr.args(
                    "field-at-line",
                    &[("line", Arg::Num(line as i64)), ("message", Arg::Str(&crate::i18n::strip_isolation(&message)))],
                ),
                None => message,
            }
        })
        .collect();
    (!lines.is_empty()).then(|| lines.join(" "))
}
