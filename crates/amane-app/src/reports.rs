//! A campaign's report: reach against its targets (registered and present) by day, region, province,
//! establishment, setting, level and age band, the registry's coverage by region, and the learning figures of its
//! tests. Every count of people goes through small-cell suppression; the JSON API, the pages, the CSV files and the
//! PDF all read this one structure, so none of them can show what another hides.

use crate::assessments::{self, Detail, LearningReport};
use crate::error::{Error, Result};
use amane_domain::campaign::{Campaign, CampaignId, Targets};
use amane_domain::suppression::{Cell, MinCell, suppress_partition};
use amane_domain::survey::{ItemReport, SurveyItem, item_report};
use amane_domain::workshop::WorkshopId;
use amane_store::Db;
use amane_store::registrations::Kind;
use amane_store::reports::{ReachCell, ReportFrame};
use serde::Serialize;
use std::collections::{BTreeMap, BTreeSet};

/// The campaign as the report names it.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CampaignSummary {
    #[cfg_attr(feature = "openapi", schema(value_type = String))]
    pub id: CampaignId,
    /// fr, ar, en (null where the organizer wrote none).
    pub title: [Option<String>; 3],
    pub starts_on: String,
    pub ends_on: String,
    /// The campaign's days and times are read in this zone (IANA name).
    pub time_zone: String,
    pub partners: Vec<String>,
}

/// People registered and present in one group; a count below k is `{"suppressed": true}`.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Reach {
    #[cfg_attr(feature = "openapi", schema(value_type = Object))]
    pub children_registered: Cell<u64>,
    #[cfg_attr(feature = "openapi", schema(value_type = Object))]
    pub children_present: Cell<u64>,
    #[cfg_attr(feature = "openapi", schema(value_type = Object))]
    pub staff_registered: Cell<u64>,
    #[cfg_attr(feature = "openapi", schema(value_type = Object))]
    pub staff_present: Cell<u64>,
    #[cfg_attr(feature = "openapi", schema(value_type = Object))]
    pub parents_registered: Cell<u64>,
    #[cfg_attr(feature = "openapi", schema(value_type = Object))]
    pub parents_present: Cell<u64>,
    /// Workshops with a confirmed registration in this group (not people: never hidden).
    pub workshops: u64,
}

/// The whole campaign against its targets.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Totals {
    #[serde(flatten)]
    pub reach: Reach,
    pub workshops_planned: u64,
    pub workshops_held: u64,
    pub establishments_registered: u64,
    pub establishments_reached: u64,
}

/// A region's establishments in the registry and how many the campaign reached (someone present).
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Coverage {
    pub establishments: u64,
    pub reached: u64,
    /// reached / establishments; null for a region with no establishment in the registry.
    pub share: Option<f64>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CampaignReport {
    pub campaign: CampaignSummary,
    /// The smallest group shown.
    pub min_cell: u32,
    pub targets: Targets,
    pub totals: Totals,
    /// By the local day the workshop starts on (YYYY-MM-DD, the campaign's time zone).
    #[cfg_attr(feature = "openapi", schema(value_type = Object))]
    pub by_day: BTreeMap<String, Reach>,
    #[cfg_attr(feature = "openapi", schema(value_type = Object))]
    pub by_region: BTreeMap<String, Reach>,
    #[cfg_attr(feature = "openapi", schema(value_type = Object))]
    pub by_province: BTreeMap<String, Reach>,
    #[cfg_attr(feature = "openapi", schema(value_type = Object))]
    pub by_establishment: BTreeMap<String, Reach>,
    /// urban or rural.
    #[cfg_attr(feature = "openapi", schema(value_type = Object))]
    pub by_setting: BTreeMap<String, Reach>,
    /// primary, middle, secondary, higher, other.
    #[cfg_attr(feature = "openapi", schema(value_type = Object))]
    pub by_level: BTreeMap<String, Reach>,
    /// 8-11, 12-14, 15-17 for classes; staff and parents are not in an age band.
    #[cfg_attr(feature = "openapi", schema(value_type = Object))]
    pub by_age_band: BTreeMap<String, Reach>,
    #[cfg_attr(feature = "openapi", schema(value_type = Object))]
    pub coverage: BTreeMap<String, Coverage>,
    /// Each pre/post test of the campaign (docs/REPORTS.md).
    #[cfg_attr(feature = "openapi", schema(value_type = Vec<Object>))]
    pub learning: Vec<LearningReport>,
    /// The satisfaction survey over all the campaign's tests, per item answered at least once (docs/REPORTS.md).
    #[cfg_attr(feature = "openapi", schema(value_type = Vec<Object>))]
    pub satisfaction: Vec<ItemReport>,
}

/// The survey's items answered in the campaign (in the region), each suppressed below `k`.
async fn satisfaction(db: &Db, id: CampaignId, k: MinCell, region: Option<&str>) -> Result<Vec<ItemReport>> {
    let counts = db.campaign_survey_counts(id, region).await?;
    Ok(SurveyItem::ALL
        .into_iter()
        .filter_map(|item| {
            let values: Vec<(u8, u64)> = counts.iter().filter(|c| c.item == item).map(|c| (c.value, c.n)).collect();
            (!values.is_empty()).then(|| item_report(item, &values, k))
        })
        .collect())
}

/// The name of a breakdown's group for cells that do not say (a workshop outside the registry).
pub const UNKNOWN: &str = "unknown";

/// Registered and present per kind of registration, added up.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
struct Counts {
    registered: [u64; 3],
    present: [u64; 3],
}

fn slot(kind: Kind) -> usize {
    match kind {
        Kind::Group => 0,
        Kind::Staff => 1,
        Kind::Parents => 2,
    }
}

impl Counts {
    fn add(&mut self, c: &ReachCell) {
        let i = slot(c.kind);
        self.registered[i] += u64::try_from(c.registered).unwrap_or(0);
        self.present[i] += u64::try_from(c.present).unwrap_or(0);
    }

    /// The six counts in `Reach`'s order.
    fn all(&self) -> [u64; 6] {
        let [rc, rs, rp] = self.registered;
        let [pc, ps, pp] = self.present;
        [rc, pc, rs, ps, rp, pp]
    }
}

fn reach_of(values: [Cell<u64>; 6], workshops: u64) -> Reach {
    let [children_registered, children_present, staff_registered, staff_present, parents_registered, parents_present] =
        values;
    Reach {
        children_registered,
        children_present,
        staff_registered,
        staff_present,
        parents_registered,
        parents_present,
        workshops,
    }
}

/// Adds the cells up by `key`, then hides every count below k in each group and, per count, more groups where a
/// hidden one could be found by subtracting the shown ones from the campaign's total.
fn breakdown(
    cells: &[ReachCell],
    total: &Counts,
    k: MinCell,
    key: &dyn Fn(&ReachCell) -> Option<String>,
) -> BTreeMap<String, Reach> {
    let mut groups: BTreeMap<String, (Counts, BTreeSet<WorkshopId>)> = BTreeMap::new();
    for c in cells {
        let g = groups.entry(key(c).unwrap_or_else(|| UNKNOWN.to_owned())).or_default();
        g.0.add(c);
        g.1.insert(c.workshop);
    }
    let list: Vec<(&String, &(Counts, BTreeSet<WorkshopId>))> = groups.iter().collect();
    let totals = total.all();
    let hidden: Vec<Vec<bool>> = (0..6)
        .map(|m| {
            let parts: Vec<u64> = list.iter().map(|(_, (c, _))| c.all()[m]).collect();
            // Nobody of this kind at all: every part is 0, which tells nothing about anyone.
            if totals[m] == 0 { vec![false; parts.len()] } else { suppress_partition(totals[m], &parts, k) }
        })
        .collect();
    list.iter()
        .enumerate()
        .map(|(i, (name, (counts, workshops)))| {
            let values = counts.all();
            let cells: [Cell<u64>; 6] = std::array::from_fn(|m| {
                if hidden[m].get(i).copied().unwrap_or(true) { Cell::Suppressed } else { Cell::Shown(values[m]) }
            });
            ((*name).clone(), reach_of(cells, workshops.len() as u64))
        })
        .collect()
}

/// The totals: people from the cells, workshops planned from the frame (in the region, when one is chosen), workshops
/// held and establishments from the cells (a workshop is held once attendance is recorded for it).
fn totals(cells: &[ReachCell], frame: &ReportFrame, region: Option<&str>, whole: [Cell<u64>; 6]) -> Totals {
    let count = |n: i64| u64::try_from(n).unwrap_or(0);
    let workshops: BTreeSet<WorkshopId> = cells.iter().map(|c| c.workshop).collect();
    let held: BTreeSet<WorkshopId> = cells.iter().filter(|c| c.recorded > 0).map(|c| c.workshop).collect();
    let registered: BTreeSet<&str> = cells.iter().filter_map(|c| c.establishment.as_deref()).collect();
    let reached: BTreeSet<&str> =
        cells.iter().filter(|c| c.present > 0).filter_map(|c| c.establishment.as_deref()).collect();
    Totals {
        reach: reach_of(whole, workshops.len() as u64),
        workshops_planned: frame
            .workshops_by_region
            .iter()
            .filter(|(r, _)| region.is_none() || r.as_deref() == region)
            .map(|(_, n)| count(*n))
            .sum(),
        workshops_held: held.len() as u64,
        establishments_registered: registered.len() as u64,
        establishments_reached: reached.len() as u64,
    }
}

/// Each region where the campaign has a workshop or a registration: the registry's establishments there and how
/// many the campaign reached (someone present). Workshops outside the registry make an `unknown` row.
fn coverage(cells: &[ReachCell], frame: &ReportFrame, region: Option<&str>) -> BTreeMap<String, Coverage> {
    let registry: BTreeMap<&str, i64> = frame.registry_by_region.iter().map(|(r, n)| (r.as_str(), *n)).collect();
    let mut reached: BTreeMap<&str, BTreeSet<&str>> = BTreeMap::new();
    fn name(r: &Option<String>) -> &str {
        r.as_deref().unwrap_or(UNKNOWN)
    }
    for (r, _) in &frame.workshops_by_region {
        reached.entry(name(r)).or_default();
    }
    for c in cells {
        let set = reached.entry(name(&c.region)).or_default();
        if let (true, Some(e)) = (c.present > 0, c.establishment.as_deref()) {
            set.insert(e);
        }
    }
    reached
        .into_iter()
        .filter(|(r, _)| region.is_none_or(|x| x == *r))
        .map(|(r, set)| {
            let establishments = registry.get(r).map_or(0, |n| u64::try_from(*n).unwrap_or(0));
            let reached = set.len() as u64;
            let share = (establishments > 0).then(|| reached as f64 / establishments as f64);
            (r.to_owned(), Coverage { establishments, reached, share })
        })
        .collect()
}

fn summary(c: &Campaign) -> CampaignSummary {
    CampaignSummary {
        id: c.id,
        title: c.title.clone(),
        starts_on: c.starts_on.to_string(),
        ends_on: c.ends_on.to_string(),
        time_zone: c.time_zone.clone(),
        partners: c.partners.clone(),
    }
}

/// The campaign's report with every group below `k` suppressed; with `region`, its reach and coverage are those of
/// that region only (a region's figures are then suppressed against the region's own total).
pub async fn campaign_report(db: &Db, id: CampaignId, k: MinCell, region: Option<&str>) -> Result<CampaignReport> {
    campaign_report_with(db, id, k, region, Detail::Full).await
}

/// [`campaign_report`] with its tests' learning figures computed to `detail` (the dashboard page asks for the
/// summary: it shows no learning figures per workshop or establishment).
pub async fn campaign_report_with(
    db: &Db,
    id: CampaignId,
    k: MinCell,
    region: Option<&str>,
    detail: Detail,
) -> Result<CampaignReport> {
    let campaign = db.find_campaign(id).await?.ok_or(Error::NotFound)?;
    // The reach cells, the report's frame, the survey and each test's figures are independent aggregate queries
    // over tens of thousands of rows at a national scale: asked at once, they use every core. Every other figure
    // (workshops held, establishments reached, coverage) is derived from the cells.
    let learning = async {
        let mut out = Vec::new();
        for test in db.list_assessments(id).await? {
            out.push(assessments::learning_report_with(db, test.id, k, detail).await?);
        }
        Ok::<_, Error>(out)
    };
    let (cells, frame, learning, satisfaction) = tokio::try_join!(
        async { Ok::<_, Error>(db.campaign_reach_cells(id).await?) },
        async { Ok::<_, Error>(db.campaign_report_frame(id).await?) },
        learning,
        satisfaction(db, id, k, region),
    )?;
    let mut cells = cells;
    if let Some(r) = region {
        cells.retain(|c| c.region.as_deref() == Some(r));
    }
    let mut total = Counts::default();
    cells.iter().for_each(|c| total.add(c));
    let floor = u64::from(k.get());
    let whole: [Cell<u64>; 6] =
        total.all().map(|n| if n == 0 || n >= floor { Cell::Shown(n) } else { Cell::Suppressed });
    let tz = campaign.time_zone.clone();
    Ok(CampaignReport {
        campaign: summary(&campaign),
        min_cell: k.get(),
        targets: campaign.targets,
        totals: totals(&cells, &frame, region, whole),
        coverage: coverage(&cells, &frame, region),
        by_day: breakdown(&cells, &total, k, &|c| Some(crate::workshops::local_parts(&tz, c.starts_at).0)),
        by_region: breakdown(&cells, &total, k, &|c| c.region.clone()),
        by_province: breakdown(&cells, &total, k, &|c| c.province.clone()),
        by_establishment: breakdown(&cells, &total, k, &|c| c.establishment.clone()),
        by_setting: breakdown(&cells, &total, k, &|c| c.setting.clone()),
        by_level: breakdown(&cells, &total, k, &|c| c.level.clone()),
        by_age_band: breakdown(&cells, &total, k, &|c| match c.kind {
            Kind::Group => Some(c.age_band.map_or(UNKNOWN, |a| a.code()).to_owned()),
            Kind::Staff => Some("staff".to_owned()),
            Kind::Parents => Some("parents".to_owned()),
        }),
        learning,
        satisfaction,
    })
}
