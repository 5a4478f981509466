//! `/api/v1/campaigns/{id}/report` (JSON) and `/report.pdf`: the campaign's reach and learning, small groups
//! suppressed, for organizers, facilitators and partners.

use crate::AppState;
use crate::api::ErrorBody;
use crate::auth::{ApiStaff, FigureReaders};
use crate::error::AppError;
use amane_app::reports::{self, CampaignReport};
use amane_domain::Lang;
use amane_domain::campaign::CampaignId;
use axum::Json;
use axum::extract::{Path, Query, State};
use axum::http::header::{CONTENT_DISPOSITION, CONTENT_TYPE};
use axum::response::{IntoResponse, Response};
use serde::Deserialize;
use utoipa::IntoParams;

fn campaign_id(raw: &str) -> Result<CampaignId, AppError> {
    raw.parse().map_err(|_| AppError::NotFound)
}

/// The campaign's report: reach against every target by day, region, province, establishment, setting, level and
/// age band, the registry's coverage by region, and each test's learning figures. A count about fewer people than
/// the deployment's threshold (5 or more) is `{"suppressed": true}`, and so is any count that would let one be
/// worked out by subtraction.
#[utoipa::path(get, path = "/api/v1/campaigns/{id}/report", tag = "measurement", security(("bearer" = [])),
    params(("id" = String, Path, description = "The campaign")),
    responses((status = 200, body = CampaignReport), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody),
        (status = 404, body = ErrorBody)))]
pub async fn report(
    State(state): State<AppState>,
    ApiStaff(_, _): ApiStaff<FigureReaders>,
    Path(id): Path<String>,
) -> Result<Json<CampaignReport>, AppError> {
    Ok(Json(reports::campaign_report(&state.db, campaign_id(&id)?, state.config.min_cell, None).await?))
}

#[derive(Deserialize, IntoParams)]
pub struct PdfQuery {
    /// fr, ar or en (default: the caller's language).
    pub lang: Option<String>,
}

/// The same report as a PDF for partners (cover, key figures, charts, tables, method), in French, Arabic or
/// English, made by amane itself with its own fonts.
#[utoipa::path(get, path = "/api/v1/campaigns/{id}/report.pdf", tag = "measurement", security(("bearer" = [])),
    params(("id" = String, Path, description = "The campaign"), PdfQuery),
    responses((status = 200, content_type = "application/pdf", body = Vec<u8>), (status = 401, body = ErrorBody),
        (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn report_pdf(
    State(state): State<AppState>,
    ApiStaff(user, _): ApiStaff<FigureReaders>,
    Path(id): Path<String>,
    Query(q): Query<PdfQuery>,
) -> Result<Response, AppError> {
    let lang = match q.lang.as_deref().map(str::trim).filter(|s| !s.is_empty()) {
        None => user.locale.unwrap_or(state.config.default_lang),
        Some(l) => Lang::from_tag(l).filter(|x| x.code() == l).ok_or_else(|| {
            let mut e = amane_domain::ValidationErrors::new();
            e.add("lang", amane_domain::FieldCode::LangUnknown);
            AppError::Validation(e)
        })?,
    };
    pdf_response(&state, campaign_id(&id)?, lang).await
}

/// Builds the report and renders it off the async runtime; shared by the API and the page's download button.
pub async fn pdf_response(state: &AppState, id: CampaignId, lang: Lang) -> Result<Response, AppError> {
    let report = reports::campaign_report(&state.db, id, state.config.min_cell, None).await?;
    let regions = state.db.list_regions().await?;
    let today = amane_app::workshops::local_parts(&report.campaign.time_zone, amane_store::now_ms()).0;
    let bytes = tokio::task::spawn_blocking(move || amane_app::report_pdf::render(&report, &regions, lang, &today))
        .await
        .map_err(|e| AppError::Internal(format!("the report's PDF task: {e}")))??;
    let name = format!("attachment; filename=\"amane-report-{id}-{}.pdf\"", lang.code());
    Ok(([(CONTENT_TYPE, "application/pdf".to_owned()), (CONTENT_DISPOSITION, name)], bytes).into_response())
}
