//! `/api/v1/campaigns`: campaigns for scripts (all staff read; administrators and organizers write).

use super::{ApiJson, ErrorBody};
use crate::AppState;
use crate::auth::{ApiUser, require_role};
use crate::error::AppError;
use amane_app::campaigns::{CAMPAIGN_EDITORS, create, update};
use amane_domain::campaign::{Campaign, CampaignId, CampaignInput};
use axum::Json;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

#[derive(Serialize, ToSchema)]
pub struct TargetsOut {
    pub children: u32,
    pub staff: u32,
    pub parents: u32,
    pub workshops: u32,
    pub establishments: u32,
}

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
    pub targets: TargetsOut,
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
            targets: TargetsOut {
                children: c.targets.children,
                staff: c.targets.staff,
                parents: c.targets.parents,
                workshops: c.targets.workshops,
                establishments: c.targets.establishments,
            },
            retention_days: c.retention_days,
            status: c.status.code().into(),
        }
    }
}

/// A campaign as sent by a script: texts per language (at least one title), dates YYYY-MM-DD, numbers.
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CampaignIn {
    #[serde(default)]
    pub title_fr: String,
    #[serde(default)]
    pub title_ar: String,
    #[serde(default)]
    pub title_en: String,
    #[serde(default)]
    pub theme_fr: String,
    #[serde(default)]
    pub theme_ar: String,
    #[serde(default)]
    pub theme_en: String,
    pub starts_on: String,
    pub ends_on: String,
    /// Default Africa/Casablanca.
    #[serde(default)]
    pub time_zone: String,
    #[serde(default)]
    pub partners: Vec<String>,
    #[serde(default)]
    pub targets: TargetsIn,
    /// 30 to 3650, default 365.
    pub retention_days: Option<u32>,
    /// draft (default), open or closed.
    #[serde(default)]
    pub status: String,
}

#[derive(Deserialize, ToSchema, Default)]
#[serde(deny_unknown_fields)]
pub struct TargetsIn {
    #[serde(default)]
    pub children: u32,
    #[serde(default)]
    pub staff: u32,
    #[serde(default)]
    pub parents: u32,
    #[serde(default)]
    pub workshops: u32,
    #[serde(default)]
    pub establishments: u32,
}

impl From<CampaignIn> for CampaignInput {
    fn from(c: CampaignIn) -> Self {
        CampaignInput {
            title_fr: c.title_fr,
            title_ar: c.title_ar,
            title_en: c.title_en,
            theme_fr: c.theme_fr,
            theme_ar: c.theme_ar,
            theme_en: c.theme_en,
            starts_on: c.starts_on,
            ends_on: c.ends_on,
            time_zone: c.time_zone,
            partners: c.partners.join("\n"),
            target_children: c.targets.children.to_string(),
            target_staff: c.targets.staff.to_string(),
            target_parents: c.targets.parents.to_string(),
            target_workshops: c.targets.workshops.to_string(),
            target_establishments: c.targets.establishments.to_string(),
            retention_days: c.retention_days.map(|d| d.to_string()).unwrap_or_default(),
            status: c.status,
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
    ApiUser(user): ApiUser,
    ApiJson(body): ApiJson<CampaignIn>,
) -> Result<(StatusCode, Json<CampaignOut>), AppError> {
    require_role(&user, &CAMPAIGN_EDITORS)?;
    let c = create(&state.db, &user, &body.into()).await?;
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
    ApiUser(user): ApiUser,
    Path(id): Path<String>,
    ApiJson(body): ApiJson<CampaignIn>,
) -> Result<Json<CampaignOut>, AppError> {
    require_role(&user, &CAMPAIGN_EDITORS)?;
    Ok(Json(update(&state.db, parse_id(&id)?, &body.into()).await?.into()))
}

/// Deletes a campaign (administrators and organizers).
#[utoipa::path(delete, path = "/api/v1/campaigns/{id}", tag = "campaigns", security(("bearer" = [])), params(("id" = String, Path)),
    responses((status = 204), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub async fn delete_campaign(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    Path(id): Path<String>,
) -> Result<StatusCode, AppError> {
    require_role(&user, &CAMPAIGN_EDITORS)?;
    if state.db.delete_campaign(parse_id(&id)?).await? { Ok(StatusCode::NO_CONTENT) } else { Err(AppError::NotFound) }
}
