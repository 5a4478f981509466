//! The JSON API under `/api/v1`, described by `/api/v1/openapi.json`. Handlers are registered once, for
//! routing and for the document (utoipa-axum), so the two cannot drift apart.

mod assessments;
mod campaigns;
mod establishments;
mod live;
mod me;
mod openings;
pub mod reports;
mod tokens;
mod users;
mod workshops;

use crate::error::AppError;
use amane_domain::FieldCode;
use amane_domain::ValidationErrors;
use axum::body::Bytes;
use axum::extract::{FromRequest, Request};
use axum::http::StatusCode;
use axum::http::header::CONTENT_TYPE;
use axum::routing::get;
use serde::Serialize;
use serde::de::DeserializeOwned;
use serde_json::json;
use std::sync::Arc;
use utoipa::openapi::security::{HttpAuthScheme, HttpBuilder, SecurityScheme};
use utoipa::{Modify, OpenApi, ToSchema};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

#[derive(OpenApi)]
#[openapi(
    info(
        title = "amane API",
        description = "Plan, deliver, measure and report online-safety awareness campaigns. \
Authenticate with `Authorization: Bearer <token>` (see `amane admin token`). Errors are \
`{\"error\": code, \"message\": localised text, \"details\": ...}`; the language follows `?lang=` or `Accept-Language`."
    ),
    modifiers(&BearerAuth),
    components(schemas(ErrorBody))
)]
struct ApiDoc;

struct BearerAuth;

impl Modify for BearerAuth {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        let components = openapi.components.get_or_insert_with(Default::default);
        components.add_security_scheme(
            "bearer",
            SecurityScheme::Http(HttpBuilder::new().scheme(HttpAuthScheme::Bearer).build()),
        );
    }
}

/// The body of every error answer.
#[derive(Serialize, ToSchema)]
pub struct ErrorBody {
    /// A stable code, e.g. `validation_failed`; also the key of its translations.
    pub error: String,
    /// The code explained in the caller's language.
    pub message: String,
    /// For `validation_failed`, a list of `{field, code, message}`; for `invalid_json`, `{line, column}`.
    #[schema(value_type = Object)]
    pub details: serde_json::Value,
}

pub fn routes() -> crate::Routes {
    let (router, mut spec) = OpenApiRouter::with_openapi(ApiDoc::openapi())
        .routes(routes!(me::get_me, me::update_me))
        .routes(routes!(users::list_users, users::create_user))
        .routes(routes!(tokens::update_user))
        .routes(routes!(tokens::user_tokens))
        .routes(routes!(tokens::my_tokens, tokens::create_token))
        .routes(routes!(tokens::revoke_token))
        .routes(routes!(campaigns::list_campaigns, campaigns::create_campaign))
        .routes(routes!(campaigns::get_campaign, campaigns::update_campaign, campaigns::delete_campaign))
        .routes(routes!(workshops::list::list_workshops, workshops::write::create_workshop))
        .routes(routes!(workshops::list::my_calendar))
        .routes(routes!(
            workshops::write::patch_workshop,
            workshops::write::put_workshop,
            workshops::write::delete_workshop
        ))
        .routes(routes!(workshops::registrations::list_registrations, workshops::registrations::create_registration))
        .routes(routes!(workshops::registrations::cancel_registration))
        .routes(routes!(workshops::registrations::put_attendance))
        .routes(routes!(workshops::progress::progress))
        .routes(routes!(establishments::list_regions))
        .routes(routes!(establishments::list_establishments, establishments::put_establishment))
        .routes(routes!(establishments::get_establishment, establishments::delete_establishment))
        .routes(routes!(live::create::create_live))
        .routes(routes!(live::control::get_live))
        .routes(routes!(live::control::extend_live))
        .routes(routes!(live::control::kick_live))
        .routes(routes!(live::control::counts_live))
        .routes(routes!(live::results::results_live))
        .routes(routes!(live::control::control_live))
        .routes(routes!(assessments::list_tests, assessments::create_test))
        .routes(routes!(assessments::get_test))
        .routes(routes!(assessments::post_results))
        .routes(routes!(assessments::results_csv))
        .routes(routes!(assessments::learning))
        .routes(routes!(openings::open_test))
        .routes(routes!(reports::report))
        .routes(routes!(reports::report_pdf))
        .split_for_parts();
    spec.info.version = env!("CARGO_PKG_VERSION").to_owned();
    let doc = Arc::new(serde_json::to_string(&spec).unwrap_or_else(|_| "{}".into()));
    let documented = crate::Routes { router, paths: spec.paths.paths.keys().cloned().collect() };
    crate::Routes::new()
        .route(
            "/api/v1/openapi.json",
            get(move || {
                let doc = doc.clone();
                async move { ([(CONTENT_TYPE, "application/json")], doc.as_str().to_owned()) }
            }),
        )
        .merge(documented)
}

/// A JSON body whose every problem is reported in the caller's language: not JSON (400 `invalid_json`
/// with line and column), or a field of the wrong shape (422 `validation_failed` naming the field).
pub struct ApiJson<T>(pub T);

impl<T: DeserializeOwned, S: Send + Sync> FromRequest<S> for ApiJson<T> {
    type Rejection = AppError;

    async fn from_request(req: Request, state: &S) -> Result<Self, Self::Rejection> {
        let is_json =
            req.headers().get(CONTENT_TYPE).and_then(|v| v.to_str().ok()).is_some_and(|v| {
                v.split(';').next().is_some_and(|m| m.trim().eq_ignore_ascii_case("application/json"))
            });
        if !is_json {
            return Err(bad(
                StatusCode::UNSUPPORTED_MEDIA_TYPE,
                crate::error::ErrorCode::UnsupportedMediaType,
                serde_json::Value::Null,
            ));
        }
        let bytes = Bytes::from_request(req, state).await.map_err(|e| {
            if e.status() == StatusCode::PAYLOAD_TOO_LARGE {
                bad(StatusCode::PAYLOAD_TOO_LARGE, crate::error::ErrorCode::PayloadTooLarge, serde_json::Value::Null)
            } else {
                bad(StatusCode::BAD_REQUEST, crate::error::ErrorCode::BadRequest, serde_json::Value::Null)
            }
        })?;
        parse_json(&bytes).map(ApiJson)
    }
}

fn bad(status: StatusCode, code: crate::error::ErrorCode, details: serde_json::Value) -> AppError {
    AppError::BadRequest { status, code, details }
}

pub fn parse_json<T: DeserializeOwned>(bytes: &[u8]) -> Result<T, AppError> {
    let de = &mut serde_json::Deserializer::from_slice(bytes);
    match serde_path_to_error::deserialize::<_, T>(de) {
        Ok(v) => Ok(v),
        Err(err) => {
            let path = err.path().to_string();
            let inner = err.into_inner();
            if inner.is_syntax() || inner.is_eof() {
                return Err(bad(
                    StatusCode::BAD_REQUEST,
                    crate::error::ErrorCode::InvalidJson,
                    json!({"line": inner.line(), "column": inner.column()}),
                ));
            }
            let msg = inner.to_string();
            let (field, code) = if let Some(rest) = msg.strip_prefix("missing field `") {
                let name = rest.split('`').next().unwrap_or("");
                let field = if path == "." { name.to_owned() } else { format!("{path}.{name}") };
                (field, FieldCode::Required)
            } else if msg.starts_with("unknown field `") {
                let name = msg.trim_start_matches("unknown field `").split('`').next().unwrap_or("");
                let field = if path == "." { name.to_owned() } else { format!("{path}.{name}") };
                (field, FieldCode::UnknownField)
            } else {
                (path, FieldCode::InvalidType)
            };
            Err(AppError::Validation(ValidationErrors::single(field, code)))
        }
    }
}
