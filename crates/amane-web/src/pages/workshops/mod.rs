//! Workshops: scheduling one in a campaign, its page (registrations, attendance), the printable roster, check-in by
//! code or QR, and the agendas. One file per page or action; what several of them need (finding a workshop,
//! facilitators' and establishments' names, the agenda, QR codes, the public address) is here.

pub mod certificates;
pub mod checkin_code;
pub mod form;
pub mod mine;
pub mod register;
pub mod roster;
pub mod show;
pub mod tests;

use crate::AppState;
use crate::error::AppError;
use crate::i18n::{Arg, Tr};
use crate::pages::curriculum::audience_label;
use amane_app::workshops::local_parts;
use amane_domain::campaign::Campaign;
use amane_domain::workshop::Workshop;
use std::collections::BTreeMap;

pub struct AgendaItem {
    pub time: String,
    pub title: String,
    pub details: String,
    pub href: String,
}

pub struct AgendaDay {
    pub label: String,
    pub items: Vec<AgendaItem>,
}

/// A local `YYYY-MM-DD` as the reader's language writes it.
fn day_label(t: Tr, date: String) -> String {
    amane_domain::campaign::Day::parse(&date).map(|d| t.date(d.days_since_epoch() * 86_400_000)).unwrap_or(date)
}

/// Groups workshops by their local day in each one's campaign time zone.
pub async fn agenda(state: &AppState, t: Tr, workshops: &[Workshop]) -> Result<Vec<AgendaDay>, AppError> {
    let mut campaigns: BTreeMap<String, Campaign> = BTreeMap::new();
    let mut days: BTreeMap<String, Vec<(String, AgendaItem)>> = BTreeMap::new();
    let mut schools = EstablishmentNames::default();
    for w in workshops {
        let key = w.campaign.to_string();
        if !campaigns.contains_key(&key)
            && let Some(c) = state.db.find_campaign(w.campaign).await?
        {
            campaigns.insert(key.clone(), c);
        }
        let tz = campaigns.get(&key).map(|c| c.time_zone.clone()).unwrap_or_else(|| "UTC".into());
        let (date, start) = local_parts(&tz, w.starts_at);
        let (_, end) = local_parts(&tz, w.ends_at);
        let facilitators = facilitator_names(state, w).await?;
        let place = schools.place(state, t, w).await?;
        let cap = i64::from(w.capacity);
        let details = t.args(
            "agenda-details",
            &[
                ("place", Arg::Str(&place)),
                ("audience", Arg::Str(&audience_label(t, w.audience))),
                ("lang", Arg::Str(w.lang.native_name())),
                ("capacity", Arg::Str(&t.number(cap))),
                ("facilitators", Arg::Str(&facilitators)),
            ],
        );
        days.entry(date).or_default().push((
            start.clone(),
            AgendaItem {
                time: format!("{start}–{end}"),
                title: w.title.clone(),
                details,
                href: format!("/workshops/{}", w.id),
            },
        ));
    }
    Ok(days
        .into_iter()
        .map(|(date, mut items)| {
            items.sort_by(|a, b| a.0.cmp(&b.0));
            let label = day_label(t, date);
            AgendaDay { label, items: items.into_iter().map(|(_, i)| i).collect() }
        })
        .collect())
}

/// Who runs a workshop, as one line of names ("—" when nobody does yet).
async fn facilitator_names(state: &AppState, w: &Workshop) -> Result<String, AppError> {
    let mut names = Vec::new();
    for f in &w.facilitators {
        if let Some(u) = state.db.find_user(*f).await? {
            names.push(u.display_name);
        }
    }
    Ok(if names.is_empty() { "—".to_owned() } else { names.join(", ") })
}

pub(crate) async fn find_workshop(state: &AppState, raw: &str) -> Result<Workshop, AppError> {
    let id: amane_domain::workshop::WorkshopId = raw.parse().map_err(|_| AppError::NotFound)?;
    state.db.find_workshop(id).await?.ok_or(AppError::NotFound)
}

/// Establishments by code, looked up once per page, for their names in the reader's language.
#[derive(Default)]
pub struct EstablishmentNames(std::collections::HashMap<String, Option<amane_domain::establishment::Establishment>>);

impl EstablishmentNames {
    async fn find(
        &mut self,
        state: &AppState,
        code: &str,
    ) -> Result<Option<&amane_domain::establishment::Establishment>, AppError> {
        if !self.0.contains_key(code) {
            let e = state.db.find_establishment(code).await?;
            self.0.insert(code.to_owned(), e);
        }
        Ok(self.0.get(code).and_then(Option::as_ref))
    }

    /// The establishment's name in the reader's language; an unknown code shows as itself.
    pub async fn get(&mut self, state: &AppState, t: Tr, code: &str) -> Result<String, AppError> {
        Ok(self.find(state, code).await?.map(|e| e.name_in(t.lang).to_owned()).unwrap_or_else(|| code.to_owned()))
    }

    /// Where a workshop takes place: its venue, named in the reader's language when it is the establishment
    /// itself (the venue then carries the registry's French name), and the room.
    pub async fn place(&mut self, state: &AppState, t: Tr, w: &Workshop) -> Result<String, AppError> {
        let mut name = w.venue.name.clone();
        if let Some(code) = &w.venue.establishment
            && let Some(e) = self.find(state, code).await?
            && e.name_fr == w.venue.name
        {
            name = e.name_in(t.lang).to_owned();
        }
        Ok(if w.venue.room.is_empty() { name } else { format!("{name} · {}", w.venue.room) })
    }
}

/// An SVG QR code of a URL (generated here: nothing is fetched from elsewhere).
pub(crate) fn qr_svg(url: &str) -> String {
    match qrcode::QrCode::new(url.as_bytes()) {
        Ok(code) => code.render::<qrcode::render::svg::Color<'_>>().min_dimensions(96, 96).quiet_zone(true).build(),
        Err(_) => String::new(),
    }
}

/// The address people reach this server by: the configured public URL, else the request's Host.
pub(crate) fn base_url(state: &AppState, headers: &axum::http::HeaderMap) -> String {
    if let Some(u) = &state.config.public_url {
        return u.as_str().trim_end_matches('/').to_owned();
    }
    let host = headers.get(axum::http::header::HOST).and_then(|h| h.to_str().ok()).unwrap_or("localhost");
    format!("http://{host}")
}
