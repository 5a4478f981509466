//! Campaigns: the service behind the pages, the API and the demo.

use crate::error::Error;
use amane_domain::campaign::{Campaign, CampaignFields, CampaignId, CampaignInput, CampaignRequest};
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
    CampaignRequest::from(c).into()
}
