//! Why a service refused or failed, with the stable codes every client of amane sees.
//!
//! A code is also a Fluent key (its message) and `<code>-title` (a page title); the translation tests loop over
//! [`ErrorCode::ALL`]. The web layer maps an [`Error`] to an HTTP status in one place, the command line to a message.

use amane_domain::ValidationErrors;
use amane_store::StoreError;
use serde_json::Value;

macro_rules! codes {
    ($($variant:ident = $text:literal,)*) => {
        /// Every stable error code of amane (as the API's `error` field and the Fluent keys).
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        pub enum ErrorCode {
            $($variant,)*
        }

        impl ErrorCode {
            pub const ALL: &'static [ErrorCode] = &[$(ErrorCode::$variant,)*];

            pub fn as_str(self) -> &'static str {
                match self {
                    $(ErrorCode::$variant => $text,)*
                }
            }
        }
    };
}

codes! {
    BadRequest = "bad_request",
    InvalidJson = "invalid_json",
    ValidationFailed = "validation_failed",
    Unauthorized = "unauthorized",
    InvalidToken = "invalid_token",
    Forbidden = "forbidden",
    CrossSiteRequest = "cross_site_request",
    NotFound = "not_found",
    MethodNotAllowed = "method_not_allowed",
    Conflict = "conflict",
    EmailTaken = "email_taken",
    LastAdmin = "last_admin",
    SetupLinkInvalid = "setup_link_invalid",
    BankUnreadable = "bank_unreadable",
    ResultsUnreadable = "results_unreadable",
    FacilitatorBusy = "facilitator_busy",
    RoomBusy = "room_busy",
    CapacityBelowRegistrations = "capacity_below_registrations",
    WorkshopHasRegistrations = "workshop_has_registrations",
    SessionFinished = "session_finished",
    PayloadTooLarge = "payload_too_large",
    UnsupportedMediaType = "unsupported_media_type",
    TooManyRequests = "too_many_requests",
    Internal = "internal",
    ServiceUnavailable = "service_unavailable",
}

impl std::fmt::Display for ErrorCode {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// What went wrong in a service.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("not found")]
    NotFound,
    #[error("forbidden")]
    Forbidden,
    /// Fields refused, each with its reason.
    #[error(transparent)]
    Validation(#[from] ValidationErrors),
    /// In the way of something stored: `code` says what (`facilitator_busy`), `details` names it (the other
    /// workshop's title).
    #[error("conflict: {code}")]
    Conflict { code: ErrorCode, details: Value },
    /// A file that cannot be read as what it should be (`bank_unreadable`), with where and why in `details`.
    #[error("unreadable: {code}")]
    Unreadable { code: ErrorCode, details: Value },
    /// The database refused or failed; the store's error is kept whole.
    #[error("database: {0}")]
    Store(#[from] StoreError),
    /// A fault of amane itself: what it was doing, and the error that stopped it, kept for the log.
    #[error("{context}")]
    Internal {
        context: String,
        #[source]
        source: Option<Box<dyn std::error::Error + Send + Sync>>,
    },
}

impl Error {
    /// A fault with no underlying error (an invariant that did not hold).
    pub fn internal(context: impl Into<String>) -> Self {
        Error::Internal { context: context.into(), source: None }
    }

    /// A fault caused by another error, which is kept as the source.
    pub fn caused(context: impl Into<String>, source: impl std::error::Error + Send + Sync + 'static) -> Self {
        Error::Internal { context: context.into(), source: Some(Box::new(source)) }
    }

    pub fn conflict(code: ErrorCode) -> Self {
        Error::Conflict { code, details: Value::Null }
    }

    /// The whole chain of causes, for logs: `context: cause: cause`.
    pub fn chain(&self) -> String {
        let mut out = self.to_string();
        let mut next = std::error::Error::source(self);
        while let Some(e) = next {
            out.push_str(": ");
            out.push_str(&e.to_string());
            next = e.source();
        }
        out
    }
}

pub type Result<T, E = Error> = std::result::Result<T, E>;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_unique_snake_case() {
        let mut seen = std::collections::HashSet::new();
        for c in ErrorCode::ALL {
            assert!(seen.insert(c.as_str()), "{c} twice");
            assert!(c.as_str().chars().all(|ch| ch.is_ascii_lowercase() || ch == '_'), "{c}");
        }
        assert_eq!(ErrorCode::ALL.len(), 25);
    }

    #[test]
    fn an_internal_error_keeps_its_cause() {
        let io = std::io::Error::other("disk full");
        let e = Error::caused("writing the export", io);
        assert_eq!(e.chain(), "writing the export: disk full");
        assert!(std::error::Error::source(&e).is_some());
    }
}
