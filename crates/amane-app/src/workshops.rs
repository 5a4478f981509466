//! Workshops: parsing what an organizer types (local dates and times in the campaign's time zone), checking
//! venues, modules and facilitators, scheduling without double bookings, agendas and iCalendar export.

use crate::error::{Error, ErrorCode};
use amane_content::Curriculum;
use amane_domain::FieldCode;
use amane_domain::campaign::Campaign;
use amane_domain::establishment::EstablishmentCode;
use amane_domain::workshop::{Venue, Workshop, WorkshopId};
use amane_domain::{Audience, Lang, Role, User, UserId, ValidationErrors};
use amane_store::workshops::Clash;
use amane_store::{Db, now_ms};
use jiff::civil;
use jiff::tz::TimeZone;

/// What the form or the API sends, unparsed. Times are local to the campaign (`HH:MM`), the date `YYYY-MM-DD`.
#[derive(Debug, Clone, Default)]
pub struct WorkshopInput {
    pub title: String,
    pub establishment: String,
    pub venue_name: String,
    pub room: String,
    pub date: String,
    pub start: String,
    pub end: String,
    pub capacity: String,
    pub audience: String,
    pub lang: String,
    pub modules: Vec<String>,
    pub facilitators: Vec<String>,
}

impl WorkshopInput {
    /// Reads form pairs; modules and facilitators may repeat.
    pub fn from_pairs(pairs: &[(String, String)]) -> Self {
        let mut w = WorkshopInput::default();
        let mut choice = String::new();
        for (k, v) in pairs {
            match k.as_str() {
                "title" => w.title = v.clone(),
                "establishment" => w.establishment = v.clone(),
                "venue_name" => w.venue_name = v.clone(),
                "room" => w.room = v.clone(),
                "date" => w.date = v.clone(),
                "start" => w.start = v.clone(),
                "end" => w.end = v.clone(),
                "capacity" => w.capacity = v.clone(),
                "audience" => w.audience = v.clone(),
                "lang" => w.lang = v.clone(),
                "module" => w.modules.push(v.clone()),
                "facilitator" => w.facilitators.push(v.clone()),
                // One of the schools offered when the typed name matched several.
                "establishment_choice" => choice = v.clone(),
                _ => {}
            }
        }
        if !choice.trim().is_empty() {
            w.establishment = choice;
        }
        w
    }
}

pub fn time_zone(name: &str) -> Option<TimeZone> {
    TimeZone::get(name).ok()
}

fn local_to_ms(tz: &TimeZone, date: civil::Date, hm: &str) -> Result<i64, FieldCode> {
    let (h, m) = hm.trim().split_once(':').ok_or(FieldCode::TimeInvalid)?;
    let (h, m) =
        (h.parse::<i8>().map_err(|_| FieldCode::TimeInvalid)?, m.parse::<i8>().map_err(|_| FieldCode::TimeInvalid)?);
    // `at` panics on an hour or minute out of range: check first.
    if !(0..24).contains(&h) || !(0..60).contains(&m) {
        return Err(FieldCode::TimeInvalid);
    }
    let dt = date.at(h, m, 0, 0);
    dt.to_zoned_datetime(tz.clone()).map(|z| z.timestamp().as_millisecond()).map_err(|_| FieldCode::TimeInvalid)
}

/// The UTC instants (milliseconds) at which a local calendar day `YYYY-MM-DD` starts and ends in a time zone.
pub fn local_day_bounds(tz_name: &str, day: &str) -> Option<(i64, i64)> {
    let tz = time_zone(tz_name)?;
    let date: civil::Date = day.trim().parse().ok()?;
    let start = date.to_zoned_datetime(tz.clone()).ok()?.timestamp().as_millisecond();
    let end = date.tomorrow().ok()?.to_zoned_datetime(tz).ok()?.timestamp().as_millisecond();
    Some((start, end))
}

/// Local date and `HH:MM` of a UTC instant in a time zone.
pub fn local_parts(tz_name: &str, ms: i64) -> (String, String) {
    let tz = time_zone(tz_name).unwrap_or(TimeZone::UTC);
    match jiff::Timestamp::from_millisecond(ms) {
        Ok(ts) => {
            let z = ts.to_zoned_datetime(tz);
            (format!("{:04}-{:02}-{:02}", z.year(), z.month(), z.day()), format!("{:02}:{:02}", z.hour(), z.minute()))
        }
        Err(_) => (String::new(), String::new()),
    }
}

/// The establishment a person means by `text`: its code, or words of its name that match one school only.
pub async fn find_establishment(
    db: &Db,
    text: &str,
) -> Result<Result<amane_domain::establishment::Establishment, FieldCode>, Error> {
    if let Ok(code) = EstablishmentCode::parse(text)
        && let Some(est) = db.find_establishment(code.as_str()).await?
    {
        return Ok(Ok(est));
    }
    let filter =
        amane_store::establishments::EstablishmentFilter { search: Some(text.trim().to_owned()), ..Default::default() };
    let (mut found, mut total) = db.list_establishments(&filter, 20, 0).await?;
    let wanted = amane_domain::establishment::fold(text);
    if total == 0 {
        // The database compares letters as they are; a name typed without its accents ("college" for "Collège")
        // is looked for again, folded, over the registry.
        found = db
            .all_establishments()
            .await?
            .into_iter()
            .filter(|e| {
                amane_domain::establishment::fold(&e.name_fr).contains(&wanted)
                    || amane_domain::establishment::fold(&e.name_ar).contains(&wanted)
            })
            .collect();
        total = found.len() as i64;
    }
    // One match, or one whose whole name is what was typed among several.
    let exact: Vec<_> = found
        .iter()
        .filter(|e| {
            amane_domain::establishment::fold(&e.name_fr) == wanted
                || amane_domain::establishment::fold(&e.name_ar) == wanted
        })
        .collect();
    Ok(match (total, exact.as_slice()) {
        (1, _) => Ok(found.into_iter().next().ok_or(Error::internal("one match expected"))?),
        (_, [one]) => Ok((*one).clone()),
        (0, _) => Err(FieldCode::EstablishmentUnknown),
        _ => Err(FieldCode::EstablishmentAmbiguous),
    })
}

/// Checks everything and stores the workshop, refusing double bookings with the other workshop named.
pub async fn save(
    db: &Db,
    curriculum: &Curriculum,
    campaign: &Campaign,
    id: Option<WorkshopId>,
    input: &WorkshopInput,
) -> Result<Workshop, Error> {
    let mut e = ValidationErrors::new();
    let title = input.title.trim().to_owned();
    if title.is_empty() {
        e.add("title", FieldCode::Required);
    } else if title.chars().count() > 200 {
        e.add("title", FieldCode::TooLong);
    }
    // A line break or another control character would end a line of the calendar file (SUMMARY, LOCATION) and
    // start a property of the sender's choosing; no title, place or room needs one.
    for (field, value) in [("title", &input.title), ("venue_name", &input.venue_name), ("room", &input.room)] {
        if value.chars().any(char::is_control) {
            e.add(field, FieldCode::TextControlChars);
        }
    }
    let mut establishment = None;
    let mut venue_name = input.venue_name.trim().to_owned();
    if !input.establishment.trim().is_empty() {
        match find_establishment(db, &input.establishment).await? {
            Ok(est) => {
                if venue_name.is_empty() {
                    venue_name = est.name_fr.clone();
                }
                establishment = Some(est.code.to_string());
            }
            Err(c) => e.add("establishment", c),
        }
    } else if venue_name.is_empty() {
        e.add("venue_name", FieldCode::Required);
    }
    let tz = time_zone(&campaign.time_zone).unwrap_or(TimeZone::UTC);
    let day = amane_domain::campaign::Day::parse(&input.date);
    let mut times = None;
    match day {
        Err(c) => e.add("date", c),
        Ok(d) if d < campaign.starts_on || d > campaign.ends_on => e.add("date", FieldCode::OutsideCampaign),
        Ok(d) => {
            let date = civil::date(d.year as i16, d.month as i8, d.day as i8);
            let start = e.check("start", local_to_ms(&tz, date, &input.start));
            let end = e.check("end", local_to_ms(&tz, date, &input.end));
            if let (Some(s), Some(en)) = (start, end) {
                if en <= s { e.add("end", FieldCode::EndsBeforeStart) } else { times = Some((s, en)) }
            }
        }
    }
    let capacity = match input.capacity.trim().parse::<u32>() {
        Ok(c) if (1..=10_000).contains(&c) => c,
        _ => {
            e.add("capacity", FieldCode::CapacityInvalid);
            0
        }
    };
    let audience = e.check("audience", Audience::parse(&input.audience));
    let lang = e.check("lang", input.lang.parse::<Lang>());
    let mut modules = Vec::new();
    for m in input.modules.iter().map(|m| m.trim()).filter(|m| !m.is_empty()) {
        if curriculum.module(m).is_some() || db.find_bank(m).await?.is_some() {
            if !modules.iter().any(|x: &String| x == m) {
                modules.push(m.to_owned());
            }
        } else {
            e.add("module", FieldCode::ModuleUnknown);
        }
    }
    let mut facilitators = Vec::new();
    for raw in input.facilitators.iter().filter(|f| !f.trim().is_empty()) {
        let user = match raw.parse::<UserId>() {
            Ok(id) => db.find_user(id).await?,
            Err(_) => None,
        };
        match user {
            Some(u) if u.active && matches!(u.role, Role::Facilitator | Role::Organizer | Role::Admin) => {
                if !facilitators.contains(&u.id) {
                    facilitators.push(u.id);
                }
            }
            _ => e.add("facilitator", FieldCode::FacilitatorUnknown),
        }
    }
    e.into_result()?;
    let (Some((starts_at, ends_at)), Some(audience), Some(lang)) = (times, audience, lang) else {
        return Err(Error::internal("validated workshop without its parts"));
    };
    let w = Workshop {
        id: id.unwrap_or_default(),
        campaign: campaign.id,
        title,
        venue: Venue { establishment, name: venue_name, room: input.room.trim().to_owned() },
        starts_at,
        ends_at,
        capacity,
        audience,
        lang,
        modules,
        facilitators,
    };
    let stored =
        if id.is_some() { db.update_workshop(&w, now_ms()).await? } else { db.create_workshop(&w, now_ms()).await? };
    stored.map_err(|clash| {
        let (code, other, title) = match clash {
            Clash::FacilitatorBusy { other, other_title, .. } => (ErrorCode::FacilitatorBusy, other, other_title),
            Clash::RoomBusy { other, other_title } => (ErrorCode::RoomBusy, other, other_title),
        };
        Error::Conflict { code, details: serde_json::json!({"workshop": other.to_string(), "title": title}) }
    })
}

/// A TEXT value (RFC 5545 §3.3.11): backslash, `;` and `,` escaped, a line break written `\n`, and any other control
/// character (a CR in text stored before it was refused) dropped, so a value can never end its line.
fn ics_text(s: &str) -> String {
    let escaped = s.replace('\\', "\\\\").replace(';', "\\;").replace(',', "\\,").replace('\n', "\\n");
    escaped.chars().filter(|c| !c.is_control()).collect()
}

/// Folds a content line at 75 octets, never inside a UTF-8 character (RFC 5545 §3.1).
fn fold_line(line: &str, out: &mut String) {
    let mut count = 0;
    for c in line.chars() {
        let len = c.len_utf8();
        if count + len > 75 {
            out.push_str("\r\n ");
            count = 1;
        }
        out.push(c);
        count += len;
    }
    out.push_str("\r\n");
}

fn ics_time(ms: i64) -> String {
    jiff::Timestamp::from_millisecond(ms).map(|t| t.strftime("%Y%m%dT%H%M%SZ").to_string()).unwrap_or_default()
}

/// An iCalendar file of workshops (UTC times, one event each).
pub fn ics(workshops: &[(Workshop, String)], calendar_name: &str) -> String {
    let mut out = String::new();
    let stamp = ics_time(now_ms());
    for line in
        ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//amane//workshops//EN", "CALSCALE:GREGORIAN", "METHOD:PUBLISH"]
    {
        fold_line(line, &mut out);
    }
    fold_line(&format!("X-WR-CALNAME:{}", ics_text(calendar_name)), &mut out);
    for (w, campaign_title) in workshops {
        fold_line("BEGIN:VEVENT", &mut out);
        fold_line(&format!("UID:{}@amane", w.id), &mut out);
        fold_line(&format!("DTSTAMP:{stamp}"), &mut out);
        fold_line(&format!("DTSTART:{}", ics_time(w.starts_at)), &mut out);
        fold_line(&format!("DTEND:{}", ics_time(w.ends_at)), &mut out);
        fold_line(&format!("SUMMARY:{}", ics_text(&w.title)), &mut out);
        let location =
            if w.venue.room.is_empty() { w.venue.name.clone() } else { format!("{}, {}", w.venue.name, w.venue.room) };
        fold_line(&format!("LOCATION:{}", ics_text(&location)), &mut out);
        let desc = format!("{campaign_title}\n{} · {} · {}", w.audience.code(), w.lang.code(), w.modules.join(", "));
        fold_line(&format!("DESCRIPTION:{}", ics_text(&desc)), &mut out);
        fold_line("END:VEVENT", &mut out);
    }
    fold_line("END:VCALENDAR", &mut out);
    out
}

/// The iCalendar file of the workshops `user` runs, each described with its campaign's title in the user's
/// language.
pub async fn facilitator_calendar(db: &Db, user: &User) -> Result<String, Error> {
    let mut with_titles = Vec::new();
    for w in db.facilitator_workshops(user.id).await? {
        let title = db
            .find_campaign(w.campaign)
            .await?
            .map(|c| c.title_in(user.locale.unwrap_or_default()).to_owned())
            .unwrap_or_default();
        with_titles.push((w, title));
    }
    Ok(ics(&with_titles, &format!("amane — {}", user.display_name)))
}

/// Whether this person runs the workshop on the day (prints its certificates, opens its tests on phones):
/// administrators and organizers, the workshop's facilitators, and a coordinator of its establishment.
pub async fn may_run(db: &Db, user: &User, w: &Workshop) -> Result<bool, Error> {
    Ok(match user.role {
        Role::Admin | Role::Organizer => true,
        _ if w.facilitators.contains(&user.id) => true,
        Role::Coordinator => match &w.venue.establishment {
            Some(code) => db.coordinator_establishments(user.id).await?.contains(code),
            None => false,
        },
        _ => false,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn casablanca_times_convert_both_ways() {
        let tz = time_zone("Africa/Casablanca").expect("tzdb bundled");
        let ms = local_to_ms(&tz, civil::date(2025, 4, 19), "09:30").expect("valid");
        assert_eq!(local_parts("Africa/Casablanca", ms), ("2025-04-19".into(), "09:30".into()));
        assert_eq!(local_to_ms(&tz, civil::date(2025, 4, 19), "25:00"), Err(FieldCode::TimeInvalid));
        assert_eq!(local_to_ms(&tz, civil::date(2025, 4, 19), "nine"), Err(FieldCode::TimeInvalid));
    }

    #[test]
    fn ics_escapes_and_folds() {
        let mut out = String::new();
        fold_line(&format!("SUMMARY:{}", "é".repeat(60)), &mut out);
        assert!(out.split("\r\n").all(|l| l.len() <= 75), "{out}");
        assert_eq!(ics_text("a,b;c\nd"), "a\\,b\\;c\\nd");
        // A CR (or any control character) never reaches the file: it would end the line.
        assert_eq!(ics_text("Atelier\r\nATTENDEE:evil"), "Atelier\\nATTENDEE:evil");
        assert_eq!(ics_text("a\u{0}b\u{7}c"), "abc");
    }
}
