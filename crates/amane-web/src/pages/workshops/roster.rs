//! The printable roster sheet of a workshop: its check-in code as text and QR code, and one QR code per child
//! of each confirmed group, which opens that child's check-in page.

use super::{base_url, day_label, find_workshop, qr_svg};
use crate::AppState;
use crate::auth::PageUser;
use crate::error::AppError;
use crate::i18n::{Arg, Tr};
use crate::i18n_layer::ReqLang;
use crate::pages::{Page, render};
use amane_app::campaigns::CAMPAIGN_EDITORS;
use amane_app::workshops::local_parts;
use amane_domain::Role;
use askama::Template;
use axum::extract::{Path, State};
use axum::response::Response;

pub struct RosterChild {
    pub nickname: String,
    pub qr: String,
    pub present: bool,
}

pub struct RosterGroup {
    pub label: String,
    pub facts: String,
    pub children: Vec<RosterChild>,
}

#[derive(Template)]
#[template(path = "workshops/roster.html")]
struct RosterPage {
    page: Page,
    back: String,
    id: String,
    when: String,
    place: String,
    code: String,
    code_qr: String,
    checkin_url: String,
    groups: Vec<RosterGroup>,
}

/// The printable roster sheet: the workshop's check-in code and one QR code per child of each roster.
pub async fn roster(
    State(state): State<AppState>,
    ReqLang(lang): ReqLang,
    PageUser(id): PageUser,
    headers: axum::http::HeaderMap,
    Path(raw): Path<String>,
) -> Result<Response, AppError> {
    let t = Tr::new(lang);
    let w = find_workshop(&state, &raw).await?;
    let allowed = w.facilitators.contains(&id.user.id)
        || CAMPAIGN_EDITORS.contains(&id.user.role)
        || id.user.role == Role::Coordinator;
    if !allowed {
        return Err(AppError::Forbidden);
    }
    let c = state.db.find_campaign(w.campaign).await?.ok_or(AppError::NotFound)?;
    let (date, start) = local_parts(&c.time_zone, w.starts_at);
    let (_, end) = local_parts(&c.time_zone, w.ends_at);
    let base = base_url(&state, &headers);
    let code = state.db.checkin_code(w.id).await?;
    let checkin_url = format!("{base}/checkin?code={code}");
    let mut groups = Vec::new();
    for r in amane_app::registrations::visible(&state.db, &id.user, &w).await? {
        if r.status != amane_store::registrations::Status::Confirmed {
            continue;
        }
        let present = state.db.checked_in(&r.id).await?;
        let children = r
            .roster
            .iter()
            .enumerate()
            .map(|(i, nick)| RosterChild {
                nickname: nick.clone(),
                qr: qr_svg(&format!("{base}/checkin/p/{}/{i}", r.id)),
                present: present.contains(&(i as i64)),
            })
            .collect();
        let seats = i64::from(r.seats);
        groups.push(RosterGroup {
            label: r.label.clone(),
            facts: t.args(
                "roster-facts",
                &[
                    ("establishment", Arg::Str(r.establishment.as_deref().unwrap_or("—"))),
                    ("seats", Arg::Str(&t.number(seats))),
                ],
            ),
            children,
        });
    }
    let title = t.args("roster-title", &[("title", Arg::Str(&w.title))]);
    Ok(render(&RosterPage {
        page: Page::new(t, title, Some(id.user)),
        back: crate::pages::curriculum::back_to(t, &w.title),
        id: w.id.to_string(),
        when: format!("{} \u{2066}{start}–{end}\u{2069}", day_label(t, date)),
        place: w.venue.name.clone(),
        code_qr: qr_svg(&checkin_url),
        code,
        checkin_url,
        groups,
    }))
}
