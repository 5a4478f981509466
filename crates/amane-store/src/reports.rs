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
    /// Registrations of the cell whose attendance has been recorded (a workshop with one was held).
    pub recorded: i64,
}

/// What a campaign's report needs besides its reach cells: the workshops planned in each region (by the
/// workshop's own establishment; `None` outside the registry) and the registry's establishments per region.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ReportFrame {
    pub workshops_by_region: Vec<(Option<String>, i64)>,
    pub registry_by_region: Vec<(String, i64)>,
}

impl Db {
    /// The campaign's confirmed registrations and attendance, one row per cell (one aggregate query).
    pub async fn campaign_reach_cells(&self, campaign: amane_domain::campaign::CampaignId) -> Result<Vec<ReachCell>> {
        let rows = self
            .fetch_all(
                // Grouped first, then joined to the registry: one establishment lookup per cell, not per
                // registration, and a narrower key to group by.
                q("SELECT c.workshop_id, c.starts_at, c.est, e.region_code AS region, e.province, e.setting, e.level,
                     c.kind, c.age_band, c.registered, c.present, c.recorded
                   FROM (SELECT w.id AS workshop_id, w.starts_at, COALESCE(r.establishment, w.establishment) AS est,
                           r.kind, r.age_band,
                           CAST(SUM(r.seats) AS BIGINT) AS registered,
                           CAST(COALESCE(SUM(a.present), 0) AS BIGINT) AS present,
                           CAST(COUNT(a.registration_id) AS BIGINT) AS recorded
                         FROM workshops w
                         JOIN registrations r ON r.workshop_id = w.id
                         LEFT JOIN attendance a ON a.registration_id = r.id
                         WHERE w.campaign_id = $1 AND r.status = 'confirmed'
                         GROUP BY w.id, w.starts_at, COALESCE(r.establishment, w.establishment), r.kind, r.age_band) c
                   LEFT JOIN establishments e ON e.code = c.est")
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
                    recorded: r.get("recorded")?,
                })
            })
            .collect()
    }

    /// The campaign's workshops counted per region and the registry's establishments per region: two small
    /// aggregates (a few dozen rows) that, with the reach cells, give every figure of the report.
    pub async fn campaign_report_frame(&self, campaign: amane_domain::campaign::CampaignId) -> Result<ReportFrame> {
        let (workshops, registry_by_region) = tokio::try_join!(
            self.fetch_all(
                q("SELECT e.region_code AS region, CAST(COUNT(*) AS BIGINT) AS n
                   FROM workshops w LEFT JOIN establishments e ON e.code = w.establishment
                   WHERE w.campaign_id = $1 GROUP BY e.region_code")
                .bind(campaign.to_string()),
            ),
            self.establishments_per_region(),
        )?;
        let workshops_by_region =
            workshops.iter().map(|r| Ok((r.get("region")?, r.get("n")?))).collect::<Result<_>>()?;
        Ok(ReportFrame { workshops_by_region, registry_by_region })
    }

    /// The registry's establishments counted per region.
    pub async fn establishments_per_region(&self) -> Result<Vec<(String, i64)>> {
        self.fetch_all(q(
            "SELECT region_code AS region, CAST(COUNT(*) AS BIGINT) AS n FROM establishments GROUP BY region_code",
        ))
        .await?
        .iter()
        .map(|r| Ok((r.get("region")?, r.get("n")?)))
        .collect()
    }
}
