//! Check-in on a phone, as a door list: the workshop's registered groups and children, searchable, one tap to
//! mark a child present and one to take it back, the counts at the top. Works without JavaScript (every tap is a
//! form that comes back to the list, at the same child); the printed roster's QR codes stay as another way in.

use super::workshops::{EstablishmentNames, find_workshop};
use super::{Page, render};
use crate::AppState;
use crate::auth::PageUser;
use crate::error::AppError;
use crate::i18n::{Arg, Tr};
use crate::i18n_layer::ReqLang;
use amane_domain::FieldCode;
use amane_domain::ValidationErrors;
use amane_domain::establishment::fold;
use amane_store::registrations::{Kind, Status};
use askama::Template;
use axum::extract::{Path, Query, State};
use axum::response::{IntoResponse, Redirect, Response};
use serde::Deserialize;

pub struct ChildRow {
    pub anchor: String,
    pub idx: u32,
    pub nickname: String,
    pub present: bool,
}

pub struct GroupRow {
    pub id: String,
    pub label: String,
    pub facts: String,
    pub children: Vec<ChildRow>,
    /// No roster: the headcount present is typed in.
    pub headcount: bool,
    pub present: i64,
    pub seats: u32,
    pub count_line: String,
}

#[derive(Template)]
#[template(path = "workshops/checkin_list.html")]
struct ListPage {
    page: Page,
    id: String,
    q: String,
    counts: Vec<(String, String)>,
    groups: Vec<GroupRow>,
    hidden: String,
    error: Option<String>,
}

#[derive(Deserialize, Default)]
pub struct ListQuery {
    #[serde(default)]
    q: String,
    #[serde(default)]
    error: String,
}

/// `/workshops/{id}/checkin`: every confirmed registration this person may record, filtered by `q`.
pub async fn list(
    State(state): State<AppState>,
    ReqLang(lang): ReqLang,
    PageUser(id): PageUser,
    Path(raw): Path<String>,
    Query(query): Query<ListQuery>,
) -> Result<Response, AppError> {
    let t = Tr::new(lang);
    let w = find_workshop(&state, &raw).await?;
    let mut groups = Vec::new();
    let mut schools = EstablishmentNames::default();
    let (mut children_in, mut children_reg, mut adults_in, mut adults_reg) = (0i64, 0i64, 0i64, 0i64);
    let needle = fold(&query.q);
    let mut hidden = 0i64;
    for r in amane_app::registrations::visible(&state.db, &id.user, &w).await? {
        if r.status != Status::Confirmed || !amane_app::registrations::can_record(&state.db, &id.user, &w, &r).await? {
            continue;
        }
        let marked = state.db.checked_in(&r.id).await?;
        let present = if r.roster.is_empty() {
            state.db.workshop_attendance(w.id).await?.into_iter().find(|(rid, _)| *rid == r.id).map_or(0, |(_, n)| n)
        } else {
            marked.len() as i64
        };
        if r.kind == Kind::Group {
            children_in += present;
            children_reg += i64::from(r.seats);
        } else {
            adults_in += present;
            adults_reg += i64::from(r.seats);
        }
        let group_matches = needle.is_empty() || fold(&r.label).contains(&needle);
        let children: Vec<ChildRow> = r
            .roster
            .iter()
            .enumerate()
            .filter(|(_, nick)| group_matches || fold(nick).contains(&needle))
            .map(|(i, nick)| ChildRow {
                anchor: format!("c-{}-{i}", r.id),
                idx: i as u32,
                nickname: nick.clone(),
                present: marked.contains(&(i as i64)),
            })
            .collect();
        if !group_matches && children.is_empty() {
            hidden += 1;
            continue;
        }
        let school = match &r.establishment {
            Some(code) => schools.get(&state, t, code).await?,
            None => String::new(),
        };
        let kind = t.get(&format!("reg-kind-{}", r.kind.code()));
        let (present_f, seats_f) = (t.number(present), t.number(i64::from(r.seats)));
        groups.push(GroupRow {
            id: r.id.clone(),
            label: r.label.clone(),
            facts: if school.is_empty() { kind } else { format!("{kind} · {school}") },
            headcount: r.roster.is_empty(),
            children,
            present,
            seats: r.seats,
            count_line: t
                .args("checkin-group-count", &[("present", Arg::Str(&present_f)), ("seats", Arg::Str(&seats_f))]),
        });
    }
    let pair = |present: i64, registered: i64| {
        t.args(
            "checkin-count-line",
            &[("present", Arg::Str(&t.number(present))), ("registered", Arg::Str(&t.number(registered)))],
        )
    };
    let mut counts = vec![(t.get("checkin-count-children"), pair(children_in, children_reg))];
    if adults_reg > 0 {
        counts.push((t.get("checkin-count-adults"), pair(adults_in, adults_reg)));
    }
    // Only the two refusals this page makes come back in the address.
    let error = matches!(query.error.as_str(), "number_invalid" | "present_over_seats")
        .then(|| t.get(&format!("field_{}", query.error)));
    let title = t.args("checkin-list-title", &[("title", Arg::Str(&w.title))]);
    Ok(render(&ListPage {
        page: Page::new(t, title, Some(id.user)),
        id: w.id.to_string(),
        q: query.q.clone(),
        counts,
        groups,
        hidden: if hidden > 0 && !needle.is_empty() {
            t.args("checkin-hidden", &[("count", Arg::Num(hidden)), ("formatted", Arg::Str(&t.number(hidden)))])
        } else {
            String::new()
        },
        error,
    }))
}

#[derive(Deserialize)]
pub struct MarkForm {
    reg: String,
    #[serde(default)]
    idx: Option<u32>,
    /// `in`, `out`, or `count` (a headcount in `present`).
    action: String,
    #[serde(default)]
    present: String,
    #[serde(default)]
    q: String,
}

/// One tap: a child in or out, or a group's headcount; back to the list at the same place.
pub async fn mark(
    State(state): State<AppState>,
    PageUser(id): PageUser,
    Path(raw): Path<String>,
    super::PageForm(f): super::PageForm<MarkForm>,
) -> Result<Response, AppError> {
    let w = find_workshop(&state, &raw).await?;
    let r = state.db.find_registration(&f.reg).await?.filter(|r| r.workshop == w.id).ok_or(AppError::NotFound)?;
    if !amane_app::registrations::can_record(&state.db, &id.user, &w, &r).await? {
        return Err(AppError::Forbidden);
    }
    if r.status != Status::Confirmed {
        return Err(AppError::Validation(ValidationErrors::single("reg", FieldCode::RegistrationNotConfirmed)));
    }
    let now = amane_store::now_ms();
    let back = |anchor: &str, error: &str| {
        let mut url = format!("/workshops/{}/checkin", w.id);
        let mut params = Vec::new();
        if !f.q.is_empty() {
            params.push(format!("q={}", urlencode(&f.q)));
        }
        if !error.is_empty() {
            params.push(format!("error={error}"));
        }
        if !params.is_empty() {
            url.push('?');
            url.push_str(&params.join("&"));
        }
        Redirect::to(&format!("{url}#{anchor}")).into_response()
    };
    match (f.action.as_str(), f.idx) {
        ("in", Some(idx)) => {
            state.db.check_in_participant(&r.id, idx, Some(id.user.id), now).await?;
            Ok(back(&format!("c-{}-{idx}", r.id), ""))
        }
        ("out", Some(idx)) => {
            state.db.uncheck_participant(&r.id, idx, Some(id.user.id), now).await?;
            Ok(back(&format!("c-{}-{idx}", r.id), ""))
        }
        ("count", _) => {
            let Ok(present) = f.present.trim().parse::<u32>() else {
                return Ok(back(&format!("g-{}", r.id), "number_invalid"));
            };
            match amane_app::registrations::record(&state.db, &id.user, &w, &r, present).await {
                Ok(()) => Ok(back(&format!("g-{}", r.id), "")),
                Err(amane_app::Error::Validation(_)) => Ok(back(&format!("g-{}", r.id), "present_over_seats")),
                Err(e) => Err(e.into()),
            }
        }
        _ => Err(AppError::Validation(ValidationErrors::single("action", amane_domain::FieldCode::ActionUnknown))),
    }
}

fn urlencode(s: &str) -> String {
    url::form_urlencoded::byte_serialize(s.as_bytes()).collect()
}
