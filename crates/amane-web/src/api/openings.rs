//! `/api/v1/tests/{id}/openings`: a test opened on phones for a workshop and a phase (`/t/<code>`), or closed.

use crate::AppState;
use crate::api::{ApiJson, ErrorBody};
use crate::auth::{ApiStaff, ResultRecorders};
use crate::error::AppError;
use amane_app::phone_tests;
use amane_domain::learning::Phase;
use amane_domain::{FieldCode, ValidationErrors};
use axum::Json;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

/// Which workshop and phase to open the test for; `open: false` stops taking answers (the code stays).
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct OpeningIn {
    pub workshop: String,
    /// `pre`, `post` or `followup`.
    pub phase: String,
    #[serde(default = "yes")]
    pub open: bool,
}

fn yes() -> bool {
    true
}

/// A test's opening: the code children type (or the address the QR code carries) and how many have answered.
#[derive(Debug, Serialize, ToSchema)]
pub struct OpeningOut {
    pub code: String,
    pub url: String,
    pub test: String,
    pub workshop: String,
    pub phase: String,
    pub open: bool,
    /// The workshop's participants with answers in this phase (from phones, games or paper).
    pub answered: u64,
}

/// Opens the test on phones for one of its campaign's workshops and a phase (the same code each time), or
/// closes it. For those who run the workshop: administrators, organizers, its facilitators.
#[utoipa::path(post, path = "/api/v1/tests/{id}/openings", tag = "measurement", security(("bearer" = [])),
    params(("id" = String, Path, description = "The test")), request_body = OpeningIn,
    responses((status = 201, body = OpeningOut), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody),
        (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn open_test(
    State(state): State<AppState>,
    ApiStaff(user, _): ApiStaff<ResultRecorders>,
    headers: HeaderMap,
    Path(id): Path<String>,
    ApiJson(b): ApiJson<OpeningIn>,
) -> Result<(StatusCode, Json<OpeningOut>), AppError> {
    let test = id.parse().map_err(|_| AppError::NotFound)?;
    let mut e = ValidationErrors::new();
    let workshop = e.check("workshop", b.workshop.parse().map_err(|_| FieldCode::IdInvalid));
    let phase = e.check("phase", Phase::parse(&b.phase));
    let (Some(workshop), Some(phase)) = (workshop, phase) else { return Err(amane_app::Error::from(e).into()) };
    let mut o = phone_tests::open(&state.db, &user, test, workshop, phase).await?;
    if !b.open {
        o = phone_tests::set_closed(&state.db, &user, &o.code, true).await?;
    }
    let answered = phone_tests::answered_count(&state.db, &o).await?;
    let url = format!("{}/t/{}", crate::pages::base_url(&state, &headers), o.code.as_str());
    Ok((
        StatusCode::CREATED,
        Json(OpeningOut {
            code: o.code.to_string(),
            url,
            test: o.assessment.to_string(),
            workshop: o.workshop.to_string(),
            phase: o.phase.code().to_owned(),
            open: o.is_open(),
            answered,
        }),
    ))
}
