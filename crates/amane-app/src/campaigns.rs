//! Campaigns: the service behind the pages, the API and the demo.

use crate::error::Error;
use amane_domain::campaign::{Campaign, CampaignFields, CampaignId, CampaignInput};
use amane_domain::{Role, User};
use amane_store::{Db, now_ms};

/// Who may create and change campaigns.
pub const CAMPAIGN_EDITORS: [Role; 2] = [Role::Admin, Role::Organizer];

pub async fn create(db: &Db, by: &User, input: &CampaignInput) -> Result<Campaign, Error> {
    let fields: CampaignFields = input.parse()?;
    Ok(db.create_campaign(&fields, Some(by.id), now_ms()).await?)
}

pub async fn update(db: &Db, id: CampaignId, input: &CampaignInput) -> Result<Campaign, Error> {
    let fields = input.parse()?;
    Ok(db.update_campaign(id, &fields, now_ms()).await?)
}

/// The form values that reproduce a stored campaign (for editing).
pub fn to_input(c: &Campaign) -> CampaignInput {
    let t = |o: &Option<String>| o.clone().unwrap_or_default();
    CampaignInput {
        title_fr: t(&c.title[0]),
        title_ar: t(&c.title[1]),
        title_en: t(&c.title[2]),
        theme_fr: t(&c.theme[0]),
        theme_ar: t(&c.theme[1]),
        theme_en: t(&c.theme[2]),
        starts_on: c.starts_on.to_string(),
        ends_on: c.ends_on.to_string(),
        time_zone: c.time_zone.clone(),
        partners: c.partners.join("\n"),
        target_children: c.targets.children.to_string(),
        target_staff: c.targets.staff.to_string(),
        target_parents: c.targets.parents.to_string(),
        target_workshops: c.targets.workshops.to_string(),
        target_establishments: c.targets.establishments.to_string(),
        retention_days: c.retention_days.to_string(),
        status: c.status.code().to_owned(),
    }
}
