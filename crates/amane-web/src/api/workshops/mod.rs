//! `/api/v1/campaigns/{id}/workshops`, a workshop's registrations and attendance, a campaign's progress and the
//! caller's calendar. One file per group of actions; the workshop's shapes in and out, and finding a campaign or a
//! workshop, are here.

pub mod list;
pub mod progress;
pub mod registrations;
pub mod write;

use crate::AppState;
use crate::error::AppError;
use amane_app::workshops::{WorkshopInput, local_parts};
use amane_domain::campaign::CampaignId;
use amane_domain::workshop::Workshop;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

#[derive(Serialize, ToSchema)]
pub struct WorkshopOut {
    pub id: String,
    pub campaign: String,
    pub title: String,
    pub establishment: Option<String>,
    pub venue_name: String,
    pub room: String,
    /// UTC, RFC 3339 milliseconds since the epoch.
    pub starts_at: i64,
    pub ends_at: i64,
    /// Local day and times in the campaign's time zone.
    pub date: String,
    pub start: String,
    pub end: String,
    pub capacity: u32,
    pub audience: String,
    pub lang: String,
    pub modules: Vec<String>,
    pub facilitators: Vec<String>,
}

fn out(w: Workshop, tz: &str) -> WorkshopOut {
    let (date, start) = local_parts(tz, w.starts_at);
    let (_, end) = local_parts(tz, w.ends_at);
    WorkshopOut {
        id: w.id.to_string(),
        campaign: w.campaign.to_string(),
        title: w.title,
        establishment: w.venue.establishment,
        venue_name: w.venue.name,
        room: w.venue.room,
        starts_at: w.starts_at,
        ends_at: w.ends_at,
        date,
        start,
        end,
        capacity: w.capacity,
        audience: w.audience.code().into(),
        lang: w.lang.code().into(),
        modules: w.modules,
        facilitators: w.facilitators.iter().map(ToString::to_string).collect(),
    }
}

/// A workshop to schedule: local day and times in the campaign's time zone.
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct WorkshopIn {
    pub title: String,
    /// An establishment code of the registry, or leave empty and give `venue_name`.
    #[serde(default)]
    pub establishment: String,
    #[serde(default)]
    pub venue_name: String,
    #[serde(default)]
    pub room: String,
    /// YYYY-MM-DD.
    pub date: String,
    /// HH:MM.
    pub start: String,
    pub end: String,
    pub capacity: u32,
    /// 8-11, 12-14, 15-17, staff or parents.
    pub audience: String,
    pub lang: String,
    #[serde(default)]
    pub modules: Vec<String>,
    /// User ids.
    #[serde(default)]
    pub facilitators: Vec<String>,
}

impl From<WorkshopIn> for WorkshopInput {
    fn from(b: WorkshopIn) -> Self {
        WorkshopInput {
            title: b.title,
            establishment: b.establishment,
            venue_name: b.venue_name,
            room: b.room,
            date: b.date,
            start: b.start,
            end: b.end,
            capacity: b.capacity.to_string(),
            audience: b.audience,
            lang: b.lang,
            modules: b.modules,
            facilitators: b.facilitators,
        }
    }
}

async fn campaign(state: &AppState, raw: &str) -> Result<amane_domain::campaign::Campaign, AppError> {
    let id: CampaignId = raw.parse().map_err(|_| AppError::NotFound)?;
    state.db.find_campaign(id).await?.ok_or(AppError::NotFound)
}

async fn workshop(state: &AppState, raw: &str) -> Result<Workshop, AppError> {
    let id: amane_domain::workshop::WorkshopId = raw.parse().map_err(|_| AppError::NotFound)?;
    state.db.find_workshop(id).await?.ok_or(AppError::NotFound)
}
