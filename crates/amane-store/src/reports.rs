//! What campaign reports read: registrations and attendance added up per cell, in one aggregate query.

use crate::db::{Db, q};
use crate::error::{Result, StoreError};
use crate::registrations::Kind;
use amane_domain::Audience;
use amane_domain::workshop::WorkshopId;

fn corrupt(what: &str) -> StoreError {
    StoreError::Corrupt(format!("reach.{what}"))
}

/// Registered seats and people present for one cell of a campaign: a workshop, an establishment (with what the
/// registry says of it) and a kind and age band of registration. Reports add cells up into any breakdown.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReachCell {
    pub workshop: WorkshopId,
    pub starts_at: i64,
    pub establishment: Option<String>,
    pub region: Option<String>,
    pub province: Option<String>,
    pub setting: Option<String>,
    pub level: Option<String>,
    pub kind: Kind,
    pub age_band: Option<Audience>,
    pub registered: i64,
    pub present: i64,
}

impl Db {
    /// The campaign's confirmed registrations and attendance, one row per cell (one aggregate query).
    pub async fn campaign_reach_cells(&self, campaign: amane_domain::campaign::CampaignId) -> Result<Vec<ReachCell>> {
        let rows = self
            .fetch_all(
                q("SELECT w.id AS workshop_id, w.starts_at, COALESCE(r.establishment, w.establishment) AS est,
                     e.region_code AS region, e.province, e.setting, e.level, r.kind, r.age_band,
                     CAST(SUM(r.seats) AS BIGINT) AS registered,
                     CAST(COALESCE(SUM(a.present), 0) AS BIGINT) AS present
                   FROM registrations r
                   JOIN workshops w ON w.id = r.workshop_id
                   LEFT JOIN attendance a ON a.registration_id = r.id
                   LEFT JOIN establishments e ON e.code = COALESCE(r.establishment, w.establishment)
                   WHERE w.campaign_id = $1 AND r.status = 'confirmed'
                   GROUP BY w.id, w.starts_at, COALESCE(r.establishment, w.establishment), e.region_code, e.province,
                     e.setting, e.level, r.kind, r.age_band")
                .bind(campaign.to_string()),
            )
            .await?;
        rows.iter()
            .map(|r| {
                let workshop: String = r.get("workshop_id")?;
                let kind: String = r.get("kind")?;
                let age: Option<String> = r.get("age_band")?;
                Ok(ReachCell {
                    workshop: workshop.parse().map_err(|_| corrupt("workshop_id"))?,
                    starts_at: r.get("starts_at")?,
                    establishment: r.get("est")?,
                    region: r.get("region")?,
                    province: r.get("province")?,
                    setting: r.get("setting")?,
                    level: r.get("level")?,
                    kind: Kind::parse(&kind).ok_or_else(|| corrupt("kind"))?,
                    age_band: age.map(|a| Audience::parse(&a).map_err(|_| corrupt("age_band"))).transpose()?,
                    registered: r.get("registered")?,
                    present: r.get("present")?,
                })
            })
            .collect()
    }
}
