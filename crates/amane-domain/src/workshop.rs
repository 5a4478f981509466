//! Workshops: one session of a campaign, at a venue, for one audience, run by facilitators.

use crate::campaign::CampaignId;
use crate::error::FieldCode;
use crate::{Audience, Lang, UserId};
use serde::Serialize;
use std::fmt;
use std::str::FromStr;
use uuid::Uuid;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(transparent)]
pub struct WorkshopId(pub Uuid);

impl WorkshopId {
    pub fn new() -> Self {
        WorkshopId(Uuid::new_v4())
    }
}

impl Default for WorkshopId {
    fn default() -> Self {
        Self::new()
    }
}

impl fmt::Display for WorkshopId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.fmt(f)
    }
}

impl FromStr for WorkshopId {
    type Err = FieldCode;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Uuid::parse_str(s.trim()).map(WorkshopId).map_err(|_| FieldCode::IdInvalid)
    }
}

/// Where a workshop happens: an establishment of the registry, or another venue by name.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Venue {
    /// The establishment's code, when the venue is one.
    pub establishment: Option<String>,
    /// The venue's name when it is not an establishment (e.g. a congress centre).
    pub name: String,
    /// The room, used to refuse two workshops in one room at once.
    pub room: String,
}

/// A workshop as stored; times are UTC milliseconds.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Workshop {
    pub id: WorkshopId,
    pub campaign: CampaignId,
    pub title: String,
    pub venue: Venue,
    pub starts_at: i64,
    pub ends_at: i64,
    pub capacity: u32,
    pub audience: Audience,
    pub lang: Lang,
    /// Curriculum module ids.
    pub modules: Vec<String>,
    pub facilitators: Vec<UserId>,
}

impl Workshop {
    pub fn overlaps(&self, start: i64, end: i64) -> bool {
        self.starts_at < end && start < self.ends_at
    }
}
