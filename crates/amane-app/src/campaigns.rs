//! Campaigns: the service behind the pages, the API and the demo.

use crate::error::Error;
use amane_domain::campaign::{Campaign, CampaignFields, CampaignId, CampaignInput, CampaignRequest};
use amane_domain::{FieldCode, Role, User, ValidationErrors};
use amane_store::{Db, now_ms};

/// Who may create and change campaigns.
pub const CAMPAIGN_EDITORS: [Role; 2] = [Role::Admin, Role::Organizer];

/// The input's fields, with its time zone looked up in the bundled time-zone database (`Europe/Pariss` is refused,
/// `UTC` accepted), every problem named at once.
fn checked(input: &CampaignInput) -> Result<CampaignFields, ValidationErrors> {
    let zone = input.time_zone.trim();
    let unknown = !zone.is_empty() && crate::workshops::time_zone(zone).is_none();
    let mut e = match input.parse() {
        Ok(fields) if !unknown => return Ok(fields),
        Ok(_) => ValidationErrors::new(),
        Err(e) => e,
    };
    if unknown && e.code_for("time_zone").is_none() {
        e.add("time_zone", FieldCode::TimeZoneInvalid);
    }
    Err(e)
}

pub async fn create(db: &Db, by: &User, input: &CampaignInput) -> Result<Campaign, Error> {
    let fields: CampaignFields = checked(input)?;
    Ok(db.create_campaign(&fields, Some(by.id), now_ms()).await?)
}

pub async fn update(db: &Db, id: CampaignId, input: &CampaignInput) -> Result<Campaign, Error> {
    let fields = checked(input)?;
    Ok(db.update_campaign(id, &fields, now_ms()).await?)
}

/// The form values that reproduce a stored campaign (for editing).
pub fn to_input(c: &Campaign) -> CampaignInput {
    CampaignRequest::from(c).into()
}
