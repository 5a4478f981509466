//! `/api/v1/regions` and `/api/v1/establishments`: the reference data, for every authenticated caller.

use super::ErrorBody;
use crate::AppState;
use crate::auth::{ApiStaff, ApiUser, RegistryEditors};
use crate::error::AppError;
use amane_domain::FieldCode;
use amane_domain::establishment::{Establishment as EstablishmentOut, Level, Region as RegionOut};
use amane_store::establishments::EstablishmentFilter;
use axum::Json;
use axum::extract::{Path, Query, State};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

#[derive(Serialize, ToSchema)]
pub struct RegionList {
    pub items: Vec<RegionOut>,
}

/// The regions establishments belong to.
#[utoipa::path(get, path = "/api/v1/regions", tag = "reference", security(("bearer" = [])),
    responses((status = 200, body = RegionList), (status = 401, body = ErrorBody)))]
pub async fn list_regions(State(state): State<AppState>, ApiUser(_): ApiUser) -> Result<Json<RegionList>, AppError> {
    Ok(Json(RegionList { items: state.db.list_regions().await? }))
}

#[derive(Serialize, ToSchema)]
pub struct EstablishmentPage {
    pub items: Vec<EstablishmentOut>,
    pub total: i64,
    pub page: i64,
    pub per_page: i64,
}

#[derive(Deserialize, IntoParams)]
pub struct EstablishmentQuery {
    /// Region code.
    pub region: Option<String>,
    /// primary, middle, secondary, higher or other.
    pub level: Option<String>,
    /// Text to look for in the code and names.
    pub q: Option<String>,
    /// From 1.
    pub page: Option<i64>,
    /// 1 to 500, default 100.
    pub per_page: Option<i64>,
}

/// Establishments, filtered and paged, ordered by code.
#[utoipa::path(get, path = "/api/v1/establishments", tag = "reference", security(("bearer" = [])), params(EstablishmentQuery),
    responses((status = 200, body = EstablishmentPage), (status = 401, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn list_establishments(
    State(state): State<AppState>,
    ApiUser(_): ApiUser,
    Query(q): Query<EstablishmentQuery>,
) -> Result<Json<EstablishmentPage>, AppError> {
    let mut errors = amane_domain::ValidationErrors::new();
    let level = match q.level.as_deref().filter(|s| !s.is_empty()) {
        Some(l) => errors.check("level", Level::parse(l)),
        None => None,
    };
    let page = q.page.unwrap_or(1);
    let per_page = q.per_page.unwrap_or(100);
    if !(1..=crate::MAX_PAGE).contains(&page) {
        errors.add("page", FieldCode::InvalidType);
    }
    if !(1..=500).contains(&per_page) {
        errors.add("per_page", FieldCode::InvalidType);
    }
    errors.into_result()?;
    let filter = EstablishmentFilter {
        region: q.region.filter(|s| !s.is_empty()),
        level,
        search: q.q.filter(|s| !s.trim().is_empty()),
    };
    let (rows, total) = state.db.list_establishments(&filter, per_page, (page - 1) * per_page).await?;
    Ok(Json(EstablishmentPage { items: rows, total, page, per_page }))
}

/// One establishment by its code.
#[utoipa::path(get, path = "/api/v1/establishments/{code}", tag = "reference", security(("bearer" = [])),
    params(("code" = String, Path, description = "The establishment's code")),
    responses((status = 200, body = EstablishmentOut), (status = 401, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub async fn get_establishment(
    State(state): State<AppState>,
    ApiUser(_): ApiUser,
    Path(code): Path<String>,
) -> Result<Json<EstablishmentOut>, AppError> {
    let e = state.db.find_establishment(&code.trim().to_uppercase()).await?.ok_or(AppError::NotFound)?;
    Ok(Json(e))
}

/// An establishment as sent by a script.
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct EstablishmentIn {
    pub code: String,
    pub name_fr: String,
    pub name_ar: String,
    /// Region code or name.
    pub region: String,
    pub province: String,
    pub commune: String,
    pub level: String,
    pub sector: String,
    pub setting: String,
}

/// Creates or updates one establishment, by code, with the same checks as the CSV import.
#[utoipa::path(put, path = "/api/v1/establishments", tag = "reference", security(("bearer" = [])), request_body = EstablishmentIn,
    responses((status = 200, body = EstablishmentOut), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn put_establishment(
    State(state): State<AppState>,
    ApiStaff(_, _): ApiStaff<RegistryEditors>,
    super::ApiJson(b): super::ApiJson<EstablishmentIn>,
) -> Result<Json<EstablishmentOut>, AppError> {
    let regions = state.db.list_regions().await?;
    let cells = [&b.code, &b.name_fr, &b.name_ar, &b.region, &b.province, &b.commune, &b.level, &b.sector, &b.setting]
        .map(String::as_str);
    let one = amane_app::establishments::check_row(&cells, &regions).map_err(|cells| {
        let mut e = amane_domain::ValidationErrors::new();
        for c in &cells {
            e.add(c.column, c.code);
        }
        AppError::Validation(e)
    })?;
    state.db.upsert_establishments(std::slice::from_ref(&one), amane_store::now_ms(), &|_| {}).await?;
    let code = one.code.to_string();
    Ok(Json(state.db.find_establishment(&code).await?.ok_or(AppError::NotFound)?))
}

/// Deletes an establishment that no workshop uses (409 otherwise).
#[utoipa::path(delete, path = "/api/v1/establishments/{code}", tag = "reference", security(("bearer" = [])), params(("code" = String, Path)),
    responses((status = 204), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody)))]
pub async fn delete_establishment(
    State(state): State<AppState>,
    ApiStaff(_, _): ApiStaff<RegistryEditors>,
    Path(code): Path<String>,
) -> Result<axum::http::StatusCode, AppError> {
    if state.db.delete_establishment(&code.trim().to_uppercase()).await? {
        Ok(axum::http::StatusCode::NO_CONTENT)
    } else {
        Err(AppError::NotFound)
    }
}
