//! Campaigns.

use crate::db::{Db, Query, Row, q};
use crate::error::{Result, StoreError};
use amane_domain::UserId;
use amane_domain::campaign::{Campaign, CampaignFields, CampaignId, CampaignStatus, Day, Targets};

fn corrupt(what: &str) -> StoreError {
    StoreError::Corrupt(format!("campaigns.{what}"))
}

fn from_row(r: &Row) -> Result<Campaign> {
    let id: String = r.get("id")?;
    let n = |c: &str| -> Result<u32> { u32::try_from(r.get::<i64>(c)?).map_err(|_| corrupt(c)) };
    let organizer: Option<String> = r.get("organizer_id")?;
    let partners: String = r.get("partners")?;
    let status: String = r.get("status")?;
    let starts: String = r.get("starts_on")?;
    let ends: String = r.get("ends_on")?;
    Ok(Campaign {
        id: id.parse().map_err(|_| corrupt("id"))?,
        title: [r.get("title_fr")?, r.get("title_ar")?, r.get("title_en")?],
        theme: [r.get("theme_fr")?, r.get("theme_ar")?, r.get("theme_en")?],
        starts_on: Day::parse(&starts).map_err(|_| corrupt("starts_on"))?,
        ends_on: Day::parse(&ends).map_err(|_| corrupt("ends_on"))?,
        time_zone: r.get("time_zone")?,
        organizer: organizer.map(|o| o.parse().map_err(|_| corrupt("organizer_id"))).transpose()?,
        partners: partners.lines().filter(|l| !l.is_empty()).map(str::to_owned).collect(),
        targets: Targets {
            children: n("target_children")?,
            staff: n("target_staff")?,
            parents: n("target_parents")?,
            workshops: n("target_workshops")?,
            establishments: n("target_establishments")?,
        },
        retention_days: n("retention_days")?,
        status: CampaignStatus::parse(&status).map_err(|_| corrupt("status"))?,
        created_at: r.get("created_at")?,
        purged_at: r.get("purged_at")?,
    })
}

/// Binds a campaign's fields as `$1` (the id) to `$19` (the time of the change), in the order both the insert and
/// the update number them.
fn with_fields(query: Query, id: CampaignId, f: &CampaignFields, now: i64) -> Query {
    query
        .bind(id.to_string())
        .bind(f.title[0].clone())
        .bind(f.title[1].clone())
        .bind(f.title[2].clone())
        .bind(f.theme[0].clone())
        .bind(f.theme[1].clone())
        .bind(f.theme[2].clone())
        .bind(f.starts_on.to_string())
        .bind(f.ends_on.to_string())
        .bind(f.time_zone.as_str())
        .bind(f.partners.join("\n"))
        .bind(i64::from(f.targets.children))
        .bind(i64::from(f.targets.staff))
        .bind(i64::from(f.targets.parents))
        .bind(i64::from(f.targets.workshops))
        .bind(i64::from(f.targets.establishments))
        .bind(i64::from(f.retention_days))
        .bind(f.status.code())
        .bind(now)
}

impl Db {
    pub async fn create_campaign(&self, f: &CampaignFields, organizer: Option<UserId>, now: i64) -> Result<Campaign> {
        let id = CampaignId::new();
        self.execute(
            with_fields(
                q("INSERT INTO campaigns (id, title_fr, title_ar, title_en, theme_fr, theme_ar, theme_en, starts_on,
                     ends_on, time_zone, partners, target_children, target_staff, target_parents, target_workshops,
                     target_establishments, retention_days, status, updated_at, organizer_id, created_at)
                   VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $19)"),
                id,
                f,
                now,
            )
            .bind(organizer.map(|o| o.to_string())),
        )
        .await?;
        self.find_campaign(id).await?.ok_or(StoreError::NotFound)
    }

    pub async fn update_campaign(&self, id: CampaignId, f: &CampaignFields, now: i64) -> Result<Campaign> {
        let n = self
            .execute(with_fields(
                q("UPDATE campaigns SET title_fr = $2, title_ar = $3, title_en = $4, theme_fr = $5, theme_ar = $6,
                     theme_en = $7, starts_on = $8, ends_on = $9, time_zone = $10, partners = $11, target_children = $12,
                     target_staff = $13, target_parents = $14, target_workshops = $15, target_establishments = $16,
                     retention_days = $17, status = $18, updated_at = $19
                   WHERE id = $1"),
                id,
                f,
                now,
            ))
            .await?;
        if n == 0 {
            return Err(StoreError::NotFound);
        }
        self.find_campaign(id).await?.ok_or(StoreError::NotFound)
    }

    pub async fn find_campaign(&self, id: CampaignId) -> Result<Option<Campaign>> {
        self.fetch_optional(q("SELECT * FROM campaigns WHERE id = $1").bind(id.to_string()))
            .await?
            .as_ref()
            .map(from_row)
            .transpose()
    }

    /// Every campaign, the most recent first.
    pub async fn list_campaigns(&self) -> Result<Vec<Campaign>> {
        self.fetch_all(q("SELECT * FROM campaigns ORDER BY starts_on DESC, created_at DESC"))
            .await?
            .iter()
            .map(from_row)
            .collect()
    }

    pub async fn delete_campaign(&self, id: CampaignId) -> Result<bool> {
        Ok(self.execute(q("DELETE FROM campaigns WHERE id = $1").bind(id.to_string())).await? > 0)
    }
}
