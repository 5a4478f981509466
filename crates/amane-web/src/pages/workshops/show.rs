//! A workshop's page: when and where, the seats taken, the registrations the reader may see (with their
//! attendance) and the form to register a group, staff or parents.

use super::{EstablishmentNames, day_label, facilitator_names, find_workshop};
use crate::AppState;
use crate::auth::PageUser;
use crate::error::AppError;
use crate::i18n::{Arg, Tr};
use crate::i18n_layer::ReqLang;
use crate::pages::curriculum::{Opt, audience_label, audience_options};
use crate::pages::{FormField, Page, render};
use amane_app::campaigns::CAMPAIGN_EDITORS;
use amane_app::workshops::local_parts;
use amane_domain::workshop::Workshop;
use amane_domain::{Audience, ValidationErrors};
use amane_store::registrations::Status;
use askama::Template;
use axum::extract::{Path, State};
use axum::response::Response;

pub struct RegView {
    pub id: String,
    pub label: String,
    pub establishment: String,
    pub kind: String,
    pub seats: String,
    pub status: String,
    pub waiting: bool,
    pub roster: Vec<String>,
    pub present: String,
}

#[derive(Template)]
#[template(path = "workshops/show.html")]
pub(super) struct ShowPage {
    page: Page,
    id: String,
    campaign_id: String,
    campaign_title: String,
    when: String,
    place: String,
    audience: String,
    seats_line: String,
    modules: Vec<(String, String)>,
    facilitators: String,
    registrations: Vec<RegView>,
    can_register: bool,
    establishments: Vec<Opt>,
    /// The establishment the form is filled with (the workshop's, unless the user chose another).
    establishment_value: String,
    any_establishment: bool,
    fields: Vec<FormField>,
    error: Option<String>,
    notice: Option<String>,
    can_edit: bool,
    /// Where a facilitator starts a live quiz for this workshop, if they may.
    live_link: Option<String>,
    /// The languages the certificates may be printed in (the workshop's first), for those who may print them.
    certificates: Option<Vec<Opt>>,
}

pub(super) async fn show_page(
    state: &AppState,
    t: Tr,
    user: amane_domain::User,
    w: &Workshop,
    input: &amane_app::registrations::RegistrationInput,
    e: &ValidationErrors,
    (error, notice): (Option<String>, Option<String>),
) -> Result<ShowPage, AppError> {
    let c = state.db.find_campaign(w.campaign).await?.ok_or(AppError::NotFound)?;
    let (date, start) = local_parts(&c.time_zone, w.starts_at);
    let (_, end) = local_parts(&c.time_zone, w.ends_at);
    let day = day_label(t, date);
    let regs = amane_app::registrations::visible(&state.db, &user, w).await?;
    let present: std::collections::HashMap<String, i64> =
        state.db.workshop_attendance(w.id).await?.into_iter().collect();
    let all = state.db.workshop_registrations(w.id).await?;
    let seats = |status| all.iter().filter(|r| r.status == status).map(|r| i64::from(r.seats)).sum::<i64>();
    let (confirmed, waiting) = (seats(Status::Confirmed), seats(Status::Waiting));
    let facilitators = facilitator_names(state, w).await?;
    let allowed = amane_app::registrations::allowed_establishments(&state.db, &user).await?;
    let can_register = match &allowed {
        None => true,
        Some(list) => !list.is_empty(),
    };
    // The workshop's own school is the default: a coordinator of several schools registers for the one the
    // workshop is at unless they choose another.
    let here = w.venue.establishment.clone().unwrap_or_default();
    let chosen = if !input.establishment.is_empty() {
        input.establishment.clone()
    } else if allowed.as_ref().is_none_or(|list| list.contains(&here)) {
        here
    } else {
        String::new()
    };
    let mut school_names = EstablishmentNames::default();
    let mut establishments = Vec::new();
    for code in allowed.clone().unwrap_or_default() {
        let label = format!("{} — {code}", school_names.get(state, t, &code).await?);
        establishments.push(Opt { selected: code == chosen, label, value: code });
    }
    let f = |name, kind, value: &str| FormField::new(t, e, "reg-field", name, kind, value);
    let kind_value = if input.kind.is_empty() { "group" } else { input.kind.as_str() };
    let mut kind = f("kind", "select", kind_value);
    kind.options = ["group", "staff", "parents"]
        .into_iter()
        .map(|k| Opt { value: k.into(), label: t.get(&format!("reg-kind-{k}")), selected: k == kind_value })
        .collect();
    let band_value = if input.age_band.is_empty() { w.audience.code().to_owned() } else { input.age_band.clone() };
    let children = [Audience::Age8To11, Audience::Age12To14, Audience::Age15To17];
    let band =
        FormField { options: audience_options(t, children, &band_value), ..f("age_band", "select", &band_value) };
    let fields = vec![
        kind,
        f("label", "text", &input.label),
        band,
        f("seats", "number", &input.seats),
        f("roster", "textarea", &input.roster),
        f("staff_email", "email", &input.staff_email),
    ];
    let mut reg_views = Vec::with_capacity(regs.len());
    for r in regs {
        let establishment = match &r.establishment {
            Some(code) => school_names.get(state, t, code).await?,
            None => String::new(),
        };
        reg_views.push(RegView {
            id: r.id.clone(),
            label: r.label.clone(),
            establishment,
            kind: t.get(&format!("reg-kind-{}", r.kind.code())),
            seats: t.number(i64::from(r.seats)),
            status: t.get(&format!("reg-status-{}", r.status.code())),
            waiting: r.status == Status::Waiting,
            roster: r.roster,
            present: present.get(&r.id).map(|n| n.to_string()).unwrap_or_default(),
        });
    }
    let certificates = amane_app::workshops::may_run(&state.db, &user, w).await?.then(|| {
        amane_domain::Lang::ALL
            .into_iter()
            .map(|l| Opt { value: l.code().into(), label: l.native_name().into(), selected: l == w.lang })
            .collect()
    });
    let cap = i64::from(w.capacity);
    Ok(ShowPage {
        id: w.id.to_string(),
        campaign_id: c.id.to_string(),
        campaign_title: c.title_in(t.lang).to_owned(),
        when: format!("{day} · \u{2066}{start}–{end}\u{2069}"),
        place: school_names.place(state, t, w).await?,
        audience: format!("{} · {}", audience_label(t, w.audience), w.lang.native_name()),
        seats_line: t.args(
            "reg-seats-line",
            &[
                ("confirmed", Arg::Str(&t.number(confirmed))),
                ("capacity", Arg::Str(&t.number(cap))),
                ("waiting", Arg::Str(&t.number(waiting))),
            ],
        ),
        modules: w
            .modules
            .iter()
            .map(|m| {
                (
                    m.clone(),
                    state.curriculum.module(m).map(|x| x.title.text(t.lang).to_owned()).unwrap_or_else(|| m.clone()),
                )
            })
            .collect(),
        facilitators: t.args("reg-facilitators-line", &[("names", Arg::Str(&facilitators))]),
        registrations: reg_views,
        can_register,
        establishments,
        establishment_value: chosen,
        any_establishment: allowed.is_none(),
        fields,
        error,
        notice,
        live_link: amane_app::live::LIVE_HOSTS.contains(&user.role).then(|| {
            let module = w.modules.first().cloned().unwrap_or_default();
            format!("/live?workshop={}&audience={}&module={module}", w.id, w.audience.code())
        }),
        can_edit: CAMPAIGN_EDITORS.contains(&user.role),
        certificates,
        page: Page::new(t, w.title.clone(), Some(user)),
    })
}

pub async fn show(
    State(state): State<AppState>,
    ReqLang(lang): ReqLang,
    PageUser(id): PageUser,
    Path(raw): Path<String>,
) -> Result<Response, AppError> {
    let w = find_workshop(&state, &raw).await?;
    let input = amane_app::registrations::RegistrationInput { seats: "25".into(), ..Default::default() };
    Ok(render(&show_page(&state, Tr::new(lang), id.user, &w, &input, &ValidationErrors::new(), (None, None)).await?))
}
