//! `/api/v1/campaigns/{id}/tests` and `/api/v1/tests/{id}`: a campaign's pre/post tests, their paper results and
//! their learning figures (small groups suppressed).

use crate::AppState;
use crate::api::{ApiJson, ErrorBody};
use crate::auth::{ApiStaff, FigureReaders, ResultRecorders, TestEditors};
use crate::error::AppError;
use amane_app::assessments::{self, AssessmentIn, AssessmentOut, ImportOutcome, LearningReport};
use amane_app::error::ErrorCode;
use amane_domain::assessment::AssessmentId;
use amane_domain::campaign::CampaignId;
use axum::Json;
use axum::body::{Body, Bytes};
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::http::header::{CACHE_CONTROL, CONTENT_DISPOSITION, CONTENT_TYPE};
use axum::response::{IntoResponse, Response};
use serde::Serialize;
use utoipa::ToSchema;

fn test_id(raw: &str) -> Result<AssessmentId, AppError> {
    raw.parse().map_err(|_| AppError::NotFound)
}

#[derive(Serialize, ToSchema)]
pub struct TestList {
    pub items: Vec<AssessmentOut>,
}

/// Makes a pre/post test for a campaign from a module's questions for an age band (the first `count`, or the
/// ones named in `questions`, in that order); the questions are frozen as they are now.
#[utoipa::path(post, path = "/api/v1/campaigns/{id}/tests", tag = "measurement", security(("bearer" = [])),
    params(("id" = String, Path, description = "The campaign")), request_body = AssessmentIn,
    responses((status = 201, body = AssessmentOut), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody),
        (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn create_test(
    State(state): State<AppState>,
    ApiStaff(user, _): ApiStaff<TestEditors>,
    Path(id): Path<String>,
    ApiJson(b): ApiJson<AssessmentIn>,
) -> Result<(StatusCode, Json<AssessmentOut>), AppError> {
    let campaign: CampaignId = id.parse().map_err(|_| AppError::NotFound)?;
    let test = assessments::create(&state.db, &state.curriculum, &user, campaign, &b).await?;
    Ok((StatusCode::CREATED, Json(assessments::to_out(&test)?)))
}

/// A campaign's tests, oldest first.
#[utoipa::path(get, path = "/api/v1/campaigns/{id}/tests", tag = "measurement", security(("bearer" = [])),
    params(("id" = String, Path, description = "The campaign")),
    responses((status = 200, body = TestList), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody),
        (status = 404, body = ErrorBody)))]
pub async fn list_tests(
    State(state): State<AppState>,
    ApiStaff(_, _): ApiStaff<FigureReaders>,
    Path(id): Path<String>,
) -> Result<Json<TestList>, AppError> {
    let campaign: CampaignId = id.parse().map_err(|_| AppError::NotFound)?;
    state.db.find_campaign(campaign).await?.ok_or(AppError::NotFound)?;
    let items = state.db.list_assessments(campaign).await?.iter().map(assessments::to_out).collect::<Result<_, _>>()?;
    Ok(Json(TestList { items }))
}

/// One test and its questions' ids, position 1 first.
#[utoipa::path(get, path = "/api/v1/tests/{id}", tag = "measurement", security(("bearer" = [])),
    params(("id" = String, Path, description = "The test")),
    responses((status = 200, body = AssessmentOut), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody),
        (status = 404, body = ErrorBody)))]
pub async fn get_test(
    State(state): State<AppState>,
    ApiStaff(_, _): ApiStaff<FigureReaders>,
    Path(id): Path<String>,
) -> Result<Json<AssessmentOut>, AppError> {
    let test = assessments::find(&state.db, test_id(&id)?).await?;
    Ok(Json(assessments::to_out(&test)?))
}

/// Stores paper results (CSV, `participant,establishment,age_band,phase,question,correct`; `,` or `;`; BOM
/// allowed) all or nothing. A refused file answers 422 `results_unreadable` with every bad cell in
/// `details.rows` (`line`, `column`, `code`, `value`) or the file's problem in `details.file`.
#[utoipa::path(post, path = "/api/v1/tests/{id}/results", tag = "measurement", security(("bearer" = [])),
    params(("id" = String, Path, description = "The test")), request_body(content = String, content_type = "text/csv"),
    responses((status = 200, body = ImportOutcome), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody),
        (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn post_results(
    State(state): State<AppState>,
    ApiStaff(_, _): ApiStaff<ResultRecorders>,
    Path(id): Path<String>,
    body: Bytes,
) -> Result<Json<ImportOutcome>, AppError> {
    match assessments::import_paper(&state.db, test_id(&id)?, &body).await? {
        Ok(done) => Ok(Json(done)),
        Err(refused) => Err(AppError::BadRequest {
            status: StatusCode::UNPROCESSABLE_ENTITY,
            code: ErrorCode::ResultsUnreadable,
            details: refused.details(),
        }),
    }
}

/// Every answer of the test as a paper-results file (`participant,establishment,age_band,phase,question,correct`,
/// UTF-8 with BOM, CRLF, cells that start like a formula prefixed with an apostrophe), streamed a page of
/// participants at a time: posted to `/api/v1/tests/{id}/results` of another test, it gives the same learning
/// figures (the workshop and the chosen option are not part of the format). Participant-level, pseudonymous data:
/// for those who record results.
#[utoipa::path(get, path = "/api/v1/tests/{id}/results.csv", tag = "measurement", security(("bearer" = [])),
    params(("id" = String, Path, description = "The test")),
    responses((status = 200, content_type = "text/csv", body = String), (status = 401, body = ErrorBody),
        (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub async fn results_csv(
    State(state): State<AppState>,
    ApiStaff(user, _): ApiStaff<ResultRecorders>,
    Path(id): Path<String>,
) -> Result<Response, AppError> {
    let id = test_id(&id)?;
    let export = assessments::ResultsExport::open_for(&state.db, id, &user).await?;
    // Each piece is read when the client takes the previous one: constant memory, however big the test.
    let body = futures::stream::unfold(Some(export), |state| async move {
        let mut export = state?;
        match export.next_chunk().await {
            Ok(Some(bytes)) => Some((Ok(Bytes::from(bytes)), Some(export))),
            Ok(None) => None,
            Err(e) => {
                tracing::error!(error = %e, "the results export stopped");
                Some((Err(std::io::Error::other(e.to_string())), None))
            }
        }
    });
    Ok((
        [
            (CONTENT_TYPE, "text/csv; charset=utf-8".to_owned()),
            (CONTENT_DISPOSITION, format!("attachment; filename=\"amane-results-{id}.csv\"")),
            (CACHE_CONTROL, "no-store".to_owned()),
        ],
        Body::from_stream(body),
    )
        .into_response())
}

/// The test's learning figures (docs/REPORTS.md): everyone, by age band, establishment, region, workshop and
/// module, and per question. A group with fewer paired participants than the deployment's threshold (5 or
/// more) is `{"suppressed": true}` and nothing else.
#[utoipa::path(get, path = "/api/v1/tests/{id}/learning", tag = "measurement", security(("bearer" = [])),
    params(("id" = String, Path, description = "The test")),
    responses((status = 200, body = LearningReport), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody),
        (status = 404, body = ErrorBody)))]
pub async fn learning(
    State(state): State<AppState>,
    ApiStaff(_, _): ApiStaff<FigureReaders>,
    Path(id): Path<String>,
) -> Result<Json<LearningReport>, AppError> {
    Ok(Json(assessments::learning_report(&state.db, test_id(&id)?, state.config.min_cell).await?))
}
