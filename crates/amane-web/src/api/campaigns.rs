//! `/api/v1/campaigns`: campaigns for scripts (all staff read; administrators and organizers write).

use super::{ApiJson, ErrorBody};
use crate::AppState;
use crate::auth::{ApiStaff, ApiUser, CampaignEditors};
use crate::error::AppError;
use amane_app::campaigns::{create, update};
use amane_domain::campaign::{Campaign, CampaignId, CampaignInput, CampaignRequest as CampaignIn, Targets};
use axum::Json;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use serde::Serialize;
use utoipa::ToSchema;

#[derive(Serialize, ToSchema)]
pub struct CampaignOut {
    pub id: String,
    pub title_fr: Option<String>,
    pub title_ar: Option<String>,
    pub title_en: Option<String>,
    pub theme_fr: Option<String>,
    pub theme_ar: Option<String>,
    pub theme_en: Option<String>,
    /// YYYY-MM-DD, in the campaign's time zone.
    pub starts_on: String,
    pub ends_on: String,
    pub time_zone: String,
    pub partners: Vec<String>,
    pub targets: Targets,
    pub retention_days: u32,
    /// draft, open or closed.
    pub status: String,
}

impl From<Campaign> for CampaignOut {
    fn from(c: Campaign) -> Self {
        let [title_fr, title_ar, title_en] = c.title;
        let [theme_fr, theme_ar, theme_en] = c.theme;
        CampaignOut {
            id: c.id.to_string(),
            title_fr,
            title_ar,
            title_en,
            theme_fr,
            theme_ar,
            theme_en,
            starts_on: c.starts_on.to_string(),
            ends_on: c.ends_on.to_string(),
            time_zone: c.time_zone,
            partners: c.partners,
            targets: c.targets,
            retention_days: c.retention_days,
            status: c.status.code().into(),
        }
    }
}

#[derive(Serialize, ToSchema)]
pub struct CampaignList {
    pub items: Vec<CampaignOut>,
}

/// Every campaign, the most recent first.
#[utoipa::path(get, path = "/api/v1/campaigns", tag = "campaigns", security(("bearer" = [])),
    responses((status = 200, body = CampaignList), (status = 401, body = ErrorBody)))]
pub async fn list_campaigns(
    State(state): State<AppState>,
    ApiUser(_): ApiUser,
) -> Result<Json<CampaignList>, AppError> {
    Ok(Json(CampaignList { items: state.db.list_campaigns().await?.into_iter().map(CampaignOut::from).collect() }))
}

/// Creates a campaign (administrators and organizers).
#[utoipa::path(post, path = "/api/v1/campaigns", tag = "campaigns", security(("bearer" = [])), request_body = CampaignIn,
    responses((status = 201, body = CampaignOut), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn create_campaign(
    State(state): State<AppState>,
    ApiStaff(user, _): ApiStaff<CampaignEditors>,
    ApiJson(body): ApiJson<CampaignIn>,
) -> Result<(StatusCode, Json<CampaignOut>), AppError> {
    let c = create(&state.db, &user, &CampaignInput::from(body)).await?;
    Ok((StatusCode::CREATED, Json(c.into())))
}

fn parse_id(raw: &str) -> Result<CampaignId, AppError> {
    raw.parse().map_err(|_| AppError::NotFound)
}

/// One campaign.
#[utoipa::path(get, path = "/api/v1/campaigns/{id}", tag = "campaigns", security(("bearer" = [])), params(("id" = String, Path)),
    responses((status = 200, body = CampaignOut), (status = 401, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub async fn get_campaign(
    State(state): State<AppState>,
    ApiUser(_): ApiUser,
    Path(id): Path<String>,
) -> Result<Json<CampaignOut>, AppError> {
    Ok(Json(state.db.find_campaign(parse_id(&id)?).await?.ok_or(AppError::NotFound)?.into()))
}

/// Replaces a campaign's fields (administrators and organizers).
#[utoipa::path(put, path = "/api/v1/campaigns/{id}", tag = "campaigns", security(("bearer" = [])), params(("id" = String, Path)), request_body = CampaignIn,
    responses((status = 200, body = CampaignOut), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn update_campaign(
    State(state): State<AppState>,
    ApiStaff(_, _): ApiStaff<CampaignEditors>,
    Path(id): Path<String>,
    ApiJson(body): ApiJson<CampaignIn>,
) -> Result<Json<CampaignOut>, AppError> {
    Ok(Json(update(&state.db, parse_id(&id)?, &CampaignInput::from(body)).await?.into()))
}

/// Deletes a campaign (administrators and organizers).
#[utoipa::path(delete, path = "/api/v1/campaigns/{id}", tag = "campaigns", security(("bearer" = [])), params(("id" = String, Path)),
    responses((status = 204), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub async fn delete_campaign(
    State(state): State<AppState>,
    ApiStaff(_, _): ApiStaff<CampaignEditors>,
    Path(id): Path<String>,
) -> Result<StatusCode, AppError> {
    if state.db.delete_campaign(parse_id(&id)?).await? { Ok(StatusCode::NO_CONTENT) } else { Err(AppError::NotFound) }
}
