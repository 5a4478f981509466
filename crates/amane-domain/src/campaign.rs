//! Campaigns: what a ministry or an NGO runs (a month of workshops in every school, or four days at one
//! venue), with targets that the progress figures are measured against.

use crate::error::FieldCode;
use crate::error::ValidationErrors;
use crate::{Lang, UserId};
use serde::{Deserialize, Serialize};
use std::fmt;
use std::str::FromStr;
use uuid::Uuid;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct CampaignId(pub Uuid);

impl CampaignId {
    pub fn new() -> Self {
        CampaignId(Uuid::new_v4())
    }
}

impl Default for CampaignId {
    fn default() -> Self {
        Self::new()
    }
}

impl fmt::Display for CampaignId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.fmt(f)
    }
}

impl FromStr for CampaignId {
    type Err = FieldCode;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Uuid::parse_str(s.trim()).map(CampaignId).map_err(|_| FieldCode::IdInvalid)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum CampaignStatus {
    Draft,
    Open,
    Closed,
}

impl CampaignStatus {
    pub const ALL: [CampaignStatus; 3] = [CampaignStatus::Draft, CampaignStatus::Open, CampaignStatus::Closed];
    pub fn code(self) -> &'static str {
        match self {
            CampaignStatus::Draft => "draft",
            CampaignStatus::Open => "open",
            CampaignStatus::Closed => "closed",
        }
    }
    pub fn parse(s: &str) -> Result<Self, FieldCode> {
        Self::ALL.into_iter().find(|c| c.code() == s.trim().to_lowercase()).ok_or(FieldCode::StatusUnknown)
    }
}

/// How many people and places a campaign aims to reach (a missing number is 0).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(default, deny_unknown_fields)]
pub struct Targets {
    pub children: u32,
    pub staff: u32,
    pub parents: u32,
    pub workshops: u32,
    pub establishments: u32,
}

/// A calendar date `YYYY-MM-DD` (a campaign's days are days in its own time zone).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct Day {
    pub year: i32,
    pub month: u32,
    pub day: u32,
}

impl Day {
    pub fn parse(raw: &str) -> Result<Day, FieldCode> {
        let s = raw.trim();
        if s.is_empty() {
            return Err(FieldCode::Required);
        }
        let mut it = s.splitn(3, '-');
        let (Some(y), Some(m), Some(d)) = (it.next(), it.next(), it.next()) else { return Err(FieldCode::DateInvalid) };
        let (Ok(year), Ok(month), Ok(day)) = (y.parse::<i32>(), m.parse::<u32>(), d.parse::<u32>()) else {
            return Err(FieldCode::DateInvalid);
        };
        if y.len() != 4 || !(1..=12).contains(&month) || day == 0 || day > days_in_month(year, month) {
            return Err(FieldCode::DateInvalid);
        }
        Ok(Day { year, month, day })
    }

    /// Days since 1970-01-01.
    pub fn days_since_epoch(self) -> i64 {
        let (y, m, d) = (i64::from(self.year), i64::from(self.month), i64::from(self.day));
        let y = if m <= 2 { y - 1 } else { y };
        let era = y.div_euclid(400);
        let yoe = y - era * 400;
        let mp = (m + 9) % 12;
        let doy = (153 * mp + 2) / 5 + d - 1;
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
        era * 146_097 + doe - 719_468
    }
}

fn days_in_month(year: i32, month: u32) -> u32 {
    match month {
        4 | 6 | 9 | 11 => 30,
        2 if (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 => 29,
        2 => 28,
        _ => 31,
    }
}

impl fmt::Display for Day {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }
}

impl TryFrom<String> for Day {
    type Error = FieldCode;
    fn try_from(s: String) -> Result<Self, Self::Error> {
        Day::parse(&s)
    }
}

impl From<Day> for String {
    fn from(d: Day) -> String {
        d.to_string()
    }
}

/// A campaign as stored.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Campaign {
    pub id: CampaignId,
    /// Title and theme in each language the organiser wrote (at least one).
    pub title: [Option<String>; 3],
    pub theme: [Option<String>; 3],
    pub starts_on: Day,
    pub ends_on: Day,
    pub time_zone: String,
    pub organizer: Option<UserId>,
    pub partners: Vec<String>,
    pub targets: Targets,
    /// How long data about children is kept after the campaign ends, in days.
    pub retention_days: u32,
    pub status: CampaignStatus,
    pub created_at: i64,
    /// When the children's data was purged, the retention period having passed (`None`: not purged).
    pub purged_at: Option<i64>,
}

impl Campaign {
    /// The title in `lang`, or in the first language it has.
    pub fn title_in(&self, lang: Lang) -> &str {
        pick(&self.title, lang)
    }
    pub fn theme_in(&self, lang: Lang) -> &str {
        pick(&self.theme, lang)
    }
}

fn pick(texts: &[Option<String>; 3], lang: Lang) -> &str {
    let i = Lang::ALL.iter().position(|l| *l == lang).unwrap_or(0);
    texts[i].as_deref().or_else(|| texts.iter().flatten().next().map(String::as_str)).unwrap_or("")
}

/// What a person submits to create or change a campaign, unparsed.
#[derive(Debug, Clone, Default, Deserialize)]
pub struct CampaignInput {
    #[serde(default)]
    pub title_fr: String,
    #[serde(default)]
    pub title_ar: String,
    #[serde(default)]
    pub title_en: String,
    #[serde(default)]
    pub theme_fr: String,
    #[serde(default)]
    pub theme_ar: String,
    #[serde(default)]
    pub theme_en: String,
    #[serde(default)]
    pub starts_on: String,
    #[serde(default)]
    pub ends_on: String,
    #[serde(default)]
    pub time_zone: String,
    /// One partner organisation per line.
    #[serde(default)]
    pub partners: String,
    #[serde(default)]
    pub target_children: String,
    #[serde(default)]
    pub target_staff: String,
    #[serde(default)]
    pub target_parents: String,
    #[serde(default)]
    pub target_workshops: String,
    #[serde(default)]
    pub target_establishments: String,
    #[serde(default)]
    pub retention_days: String,
    #[serde(default)]
    pub status: String,
}

// The API reads a `CampaignRequest` (`CampaignIn` in the OpenAPI document); the pages read a `CampaignInput`,
// whose numbers and partners are the form's unparsed text. Both are checked by `CampaignInput::parse`, so a
// script and a person get the same refusals on the same field names.
/// A campaign as sent by a script: texts per language (at least one title), dates YYYY-MM-DD, numbers.
#[derive(Debug, Clone, Default, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema), schema(as = CampaignIn))]
#[serde(deny_unknown_fields)]
pub struct CampaignRequest {
    #[serde(default)]
    pub title_fr: String,
    #[serde(default)]
    pub title_ar: String,
    #[serde(default)]
    pub title_en: String,
    #[serde(default)]
    pub theme_fr: String,
    #[serde(default)]
    pub theme_ar: String,
    #[serde(default)]
    pub theme_en: String,
    pub starts_on: String,
    pub ends_on: String,
    /// Default Africa/Casablanca.
    #[serde(default)]
    pub time_zone: String,
    #[serde(default)]
    pub partners: Vec<String>,
    #[serde(default)]
    pub targets: Targets,
    /// 30 to 3650, default 365.
    pub retention_days: Option<u32>,
    /// draft (default), open or closed.
    #[serde(default)]
    pub status: String,
}

impl From<CampaignRequest> for CampaignInput {
    fn from(c: CampaignRequest) -> Self {
        let t = c.targets;
        CampaignInput {
            title_fr: c.title_fr,
            title_ar: c.title_ar,
            title_en: c.title_en,
            theme_fr: c.theme_fr,
            theme_ar: c.theme_ar,
            theme_en: c.theme_en,
            starts_on: c.starts_on,
            ends_on: c.ends_on,
            time_zone: c.time_zone,
            partners: c.partners.join("\n"),
            target_children: t.children.to_string(),
            target_staff: t.staff.to_string(),
            target_parents: t.parents.to_string(),
            target_workshops: t.workshops.to_string(),
            target_establishments: t.establishments.to_string(),
            retention_days: c.retention_days.map(|d| d.to_string()).unwrap_or_default(),
            status: c.status,
        }
    }
}

impl From<&Campaign> for CampaignRequest {
    /// The request that would reproduce a stored campaign (the edit form starts from it).
    fn from(c: &Campaign) -> Self {
        let [title_fr, title_ar, title_en] = c.title.clone().map(Option::unwrap_or_default);
        let [theme_fr, theme_ar, theme_en] = c.theme.clone().map(Option::unwrap_or_default);
        CampaignRequest {
            title_fr,
            title_ar,
            title_en,
            theme_fr,
            theme_ar,
            theme_en,
            starts_on: c.starts_on.to_string(),
            ends_on: c.ends_on.to_string(),
            time_zone: c.time_zone.clone(),
            partners: c.partners.clone(),
            targets: c.targets,
            retention_days: Some(c.retention_days),
            status: c.status.code().to_owned(),
        }
    }
}

/// The validated fields of a campaign (everything but its identity and history).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CampaignFields {
    pub title: [Option<String>; 3],
    pub theme: [Option<String>; 3],
    pub starts_on: Day,
    pub ends_on: Day,
    pub time_zone: String,
    pub partners: Vec<String>,
    pub targets: Targets,
    pub retention_days: u32,
    pub status: CampaignStatus,
}

fn opt_text(raw: &str, max: usize) -> Result<Option<String>, FieldCode> {
    let s = raw.trim();
    if s.is_empty() {
        return Ok(None);
    }
    if s.chars().count() > max {
        return Err(FieldCode::TooLong);
    }
    if s.chars().any(|c| c.is_control() && c != '\n') {
        return Err(FieldCode::TextControlChars);
    }
    Ok(Some(s.to_owned()))
}

fn count(raw: &str) -> Result<u32, FieldCode> {
    let s = raw.trim().replace([' ', '\u{202F}', '\u{a0}', '.', ','], "");
    if s.is_empty() {
        return Ok(0);
    }
    s.parse::<u32>().ok().filter(|n| *n <= 10_000_000).ok_or(FieldCode::NumberInvalid)
}

impl CampaignInput {
    pub fn parse(&self) -> Result<CampaignFields, ValidationErrors> {
        let mut e = ValidationErrors::new();
        let texts = |prefix: &str, values: [&str; 3], max: usize, e: &mut ValidationErrors| -> [Option<String>; 3] {
            let mut out: [Option<String>; 3] = [None, None, None];
            for (i, (lang, v)) in Lang::ALL.iter().zip(values).enumerate() {
                out[i] = e.check(&format!("{prefix}_{}", lang.code()), opt_text(v, max)).flatten();
            }
            out
        };
        let title = texts("title", [&self.title_fr, &self.title_ar, &self.title_en], 200, &mut e);
        let theme = texts("theme", [&self.theme_fr, &self.theme_ar, &self.theme_en], 500, &mut e);
        if title.iter().all(Option::is_none) && e.code_for("title_fr").is_none() {
            e.add("title_fr", FieldCode::Required);
        }
        let starts_on = e.check("starts_on", Day::parse(&self.starts_on));
        let ends_on = e.check("ends_on", Day::parse(&self.ends_on));
        if let (Some(s), Some(end)) = (starts_on, ends_on)
            && end < s
        {
            e.add("ends_on", FieldCode::EndsBeforeStart);
        }
        let tz = if self.time_zone.trim().is_empty() {
            "Africa/Casablanca".to_owned()
        } else {
            self.time_zone.trim().to_owned()
        };
        // The shape only: whether the zone exists is the services' check, against the bundled database.
        let tz_ok =
            tz.len() <= 64 && tz.chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, '/' | '_' | '-' | '+'));
        if !tz_ok {
            e.add("time_zone", FieldCode::TimeZoneInvalid);
        }
        let partners: Vec<String> =
            self.partners.lines().map(str::trim).filter(|p| !p.is_empty()).map(str::to_owned).collect();
        if partners.len() > 50 || partners.iter().any(|p| p.chars().count() > 400) {
            e.add("partners", FieldCode::TooLong);
        }
        let targets = Targets {
            children: e.check("target_children", count(&self.target_children)).unwrap_or(0),
            staff: e.check("target_staff", count(&self.target_staff)).unwrap_or(0),
            parents: e.check("target_parents", count(&self.target_parents)).unwrap_or(0),
            workshops: e.check("target_workshops", count(&self.target_workshops)).unwrap_or(0),
            establishments: e.check("target_establishments", count(&self.target_establishments)).unwrap_or(0),
        };
        let retention_days = if self.retention_days.trim().is_empty() {
            Some(365)
        } else {
            e.check(
                "retention_days",
                count(&self.retention_days)
                    .and_then(|d| if (30..=3650).contains(&d) { Ok(d) } else { Err(FieldCode::RetentionOutOfRange) }),
            )
        };
        let status = if self.status.trim().is_empty() {
            Some(CampaignStatus::Draft)
        } else {
            e.check("status", CampaignStatus::parse(&self.status))
        };
        match (starts_on, ends_on, retention_days, status) {
            (Some(starts_on), Some(ends_on), Some(retention_days), Some(status)) if e.is_empty() => {
                Ok(CampaignFields {
                    title,
                    theme,
                    starts_on,
                    ends_on,
                    time_zone: tz,
                    partners,
                    targets,
                    retention_days,
                    status,
                })
            }
            _ => Err(e),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn input() -> CampaignInput {
        CampaignInput {
            title_fr: "Protéger les enfants en ligne".into(),
            starts_on: "2025-04-19".into(),
            ends_on: "2025-04-27".into(),
            target_children: "700".into(),
            target_staff: "100".into(),
            partners: "Conseil de l'Europe\n\n CMRPI \n".into(),
            ..Default::default()
        }
    }

    #[test]
    fn a_valid_campaign_gets_defaults() {
        let f = input().parse().expect("valid");
        assert_eq!(f.time_zone, "Africa/Casablanca");
        assert_eq!(f.status, CampaignStatus::Draft);
        assert_eq!(f.retention_days, 365);
        assert_eq!(f.partners, ["Conseil de l'Europe", "CMRPI"]);
        assert_eq!((f.targets.children, f.targets.staff, f.targets.workshops), (700, 100, 0));
    }

    #[test]
    fn every_problem_is_named() {
        let mut i = input();
        i.title_fr.clear();
        i.ends_on = "2025-04-01".into();
        i.target_children = "beaucoup".into();
        i.time_zone = "Casablanca time".into();
        i.retention_days = "5".into();
        let e = i.parse().expect_err("invalid");
        for (field, code) in [
            ("title_fr", FieldCode::Required),
            ("ends_on", FieldCode::EndsBeforeStart),
            ("target_children", FieldCode::NumberInvalid),
            ("time_zone", FieldCode::TimeZoneInvalid),
            ("retention_days", FieldCode::RetentionOutOfRange),
        ] {
            assert_eq!(e.code_for(field), Some(code), "{field}: {e:?}");
        }
    }

    #[test]
    fn days_parse_and_count() {
        assert_eq!(Day::parse("2024-02-29").map(|d| d.to_string()), Ok("2024-02-29".into()));
        assert_eq!(Day::parse("2025-02-29"), Err(FieldCode::DateInvalid));
        assert_eq!(Day::parse("25-1-1"), Err(FieldCode::DateInvalid));
        assert_eq!(Day::parse("1970-01-01").map(Day::days_since_epoch), Ok(0));
        assert_eq!(Day::parse("2026-11-28").map(Day::days_since_epoch), Ok(20_785));
        assert!(Day::parse("2025-04-19").expect("d") < Day::parse("2025-04-27").expect("d"));
    }
}
