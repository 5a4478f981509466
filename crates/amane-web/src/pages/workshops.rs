//! Agendas (per campaign, per facilitator, per establishment), the form that schedules a workshop, and the
//! facilitator's iCalendar file.

use super::curriculum::{Opt, audience_label};
use super::{Page, render};
use crate::AppState;
use crate::auth::{PageUser, require_role};
use crate::error::{AppError, field_message};
use crate::i18n::{Arg, Tr};
use crate::i18n_layer::ReqLang;
use amane_app::campaigns::CAMPAIGN_EDITORS;
use amane_app::workshops::{WorkshopInput, ics, local_parts, save};
use amane_domain::FieldCode;
use amane_domain::campaign::{Campaign, CampaignId};
use amane_domain::workshop::Workshop;
use amane_domain::{Audience, Lang, Role, ValidationErrors};
use askama::Template;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::http::header::{CONTENT_DISPOSITION, CONTENT_TYPE};
use axum::response::{IntoResponse, Redirect, Response};
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
        let mut names = Vec::new();
        for f in &w.facilitators {
            if let Some(u) = state.db.find_user(*f).await? {
                names.push(u.display_name);
            }
        }
        let place = schools.place(state, t, w).await?;
        let cap = i64::from(w.capacity);
        let details = t.args(
            "agenda-details",
            &[
                ("place", Arg::Str(&place)),
                ("audience", Arg::Str(&audience_label(t, w.audience))),
                ("lang", Arg::Str(w.lang.native_name())),
                ("capacity", Arg::Str(&t.number(cap))),
                ("facilitators", Arg::Str(&if names.is_empty() { "—".to_owned() } else { names.join(", ") })),
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

#[derive(Template)]
#[template(path = "workshops/mine.html")]
struct MinePage {
    page: Page,
    days: Vec<AgendaDay>,
    /// The calendar file lists the workshops one runs; a coordinator has none.
    ics: bool,
}

pub async fn mine(
    State(state): State<AppState>,
    ReqLang(lang): ReqLang,
    PageUser(id): PageUser,
) -> Result<Response, AppError> {
    let t = Tr::new(lang);
    // A coordinator's workshops are those held at the schools they register for; everyone else's, those they run.
    let (list, title) = if id.user.role == Role::Coordinator {
        let mut list = Vec::new();
        for code in state.db.coordinator_establishments(id.user.id).await? {
            list.extend(state.db.establishment_workshops(&code).await?);
        }
        list.sort_by(|a, b| (a.starts_at, &a.title).cmp(&(b.starts_at, &b.title)));
        (list, "agenda-mine-schools")
    } else {
        (state.db.facilitator_workshops(id.user.id).await?, "agenda-mine")
    };
    let days = agenda(&state, t, &list).await?;
    let ics = id.user.role != Role::Coordinator;
    Ok(render(&MinePage { page: Page::new(t, t.get(title), Some(id.user)), days, ics }))
}

pub async fn mine_ics(State(state): State<AppState>, PageUser(id): PageUser) -> Result<Response, AppError> {
    let body = facilitator_ics(&state, &id.user).await?;
    Ok((
        [
            (CONTENT_TYPE, "text/calendar; charset=utf-8"),
            (CONTENT_DISPOSITION, "attachment; filename=\"amane-workshops.ics\""),
        ],
        body,
    )
        .into_response())
}

pub async fn facilitator_ics(state: &AppState, user: &amane_domain::User) -> Result<String, AppError> {
    let list = state.db.facilitator_workshops(user.id).await?;
    let mut with_titles = Vec::new();
    for w in list {
        let title = state
            .db
            .find_campaign(w.campaign)
            .await?
            .map(|c| c.title_in(user.locale.unwrap_or_default()).to_owned())
            .unwrap_or_default();
        with_titles.push((w, title));
    }
    Ok(ics(&with_titles, &format!("amane — {}", user.display_name)))
}

#[derive(Template)]
#[template(path = "workshops/form.html")]
struct FormPage {
    page: Page,
    action: String,
    campaign_id: String,
    campaign_title: String,
    error: Option<String>,
    fields: Vec<super::campaigns::FormField>,
    modules: Vec<Opt>,
    facilitators: Vec<Opt>,
    module_error: Option<String>,
    facilitator_error: Option<String>,
    /// When the school typed matches several: the ones to choose from.
    candidates: Vec<Opt>,
}

async fn form_page(
    state: &AppState,
    t: Tr,
    user: amane_domain::User,
    c: &Campaign,
    (action, v): (String, &WorkshopInput),
    e: &ValidationErrors,
    error: Option<String>,
) -> Result<FormPage, AppError> {
    let f = |name: &'static str, kind: &'static str, value: &str, dir: &'static str| super::campaigns::FormField {
        name,
        label: t.get(&format!("workshop-field-{}", name.replace('_', "-"))),
        kind,
        value: value.to_owned(),
        error: field_message(t, e, name),
        options: Vec::new(),
        dir,
        suggest: "",
        hint: String::new(),
    };
    let mut audience = f("audience", "select", &v.audience, "");
    audience.options = Audience::ALL
        .into_iter()
        .map(|a| Opt { value: a.code().into(), label: audience_label(t, a), selected: a.code() == v.audience })
        .collect();
    let lang_value = if v.lang.is_empty() { t.lang.code().to_owned() } else { v.lang.clone() };
    let mut lang = f("lang", "select", &lang_value, "");
    lang.options = Lang::ALL
        .into_iter()
        .map(|l| Opt { value: l.code().into(), label: l.native_name().into(), selected: l.code() == lang_value })
        .collect();
    let first_day = c.starts_on.to_string();
    let mut candidates = Vec::new();
    if e.code_for("establishment") == Some(amane_domain::FieldCode::EstablishmentAmbiguous) {
        let filter = amane_store::establishments::EstablishmentFilter {
            search: Some(v.establishment.trim().to_owned()),
            ..Default::default()
        };
        for est in state.db.list_establishments(&filter, 20, 0).await?.0 {
            let label = format!("{} — {} · {}", est.name_in(t.lang), est.code, est.commune);
            candidates.push(Opt { value: est.code.to_string(), label, selected: false });
        }
    }
    let fields = vec![
        f("title", "text", &v.title, ""),
        super::campaigns::FormField {
            suggest: "/establishments/suggest",
            hint: t.get("workshop-establishment-hint"),
            ..f("establishment", "text", &v.establishment, "")
        },
        f("venue_name", "text", &v.venue_name, ""),
        f("room", "text", &v.room, ""),
        f("date", "date", if v.date.is_empty() { &first_day } else { &v.date }, ""),
        f("start", "time", if v.start.is_empty() { "09:00" } else { &v.start }, ""),
        f("end", "time", if v.end.is_empty() { "10:30" } else { &v.end }, ""),
        f("capacity", "number", if v.capacity.is_empty() { "30" } else { &v.capacity }, ""),
        audience,
        lang,
    ];
    let modules = state
        .curriculum
        .modules
        .iter()
        .map(|m| Opt {
            value: m.id.clone(),
            label: m.title.text(t.lang).to_owned(),
            selected: v.modules.contains(&m.id),
        })
        .collect();
    let facilitators = state
        .db
        .list_users()
        .await?
        .into_iter()
        .filter(|u| u.active && matches!(u.role, Role::Facilitator | Role::Organizer))
        .map(|u| Opt {
            value: u.id.to_string(),
            label: u.display_name.clone(),
            selected: v.facilitators.contains(&u.id.to_string()),
        })
        .collect();
    Ok(FormPage {
        page: Page::new(t, t.get(if action.ends_with("/edit") { "workshop-edit" } else { "workshop-new" }), Some(user)),
        action,
        campaign_id: c.id.to_string(),
        campaign_title: c.title_in(t.lang).to_owned(),
        error,
        fields,
        modules,
        facilitators,
        module_error: field_message(t, e, "module"),
        facilitator_error: field_message(t, e, "facilitator"),
        candidates,
    })
}

async fn campaign(state: &AppState, raw: &str) -> Result<Campaign, AppError> {
    let id: CampaignId = raw.parse().map_err(|_| AppError::NotFound)?;
    state.db.find_campaign(id).await?.ok_or(AppError::NotFound)
}

pub async fn new_form(
    State(state): State<AppState>,
    ReqLang(lang): ReqLang,
    PageUser(id): PageUser,
    Path(raw): Path<String>,
) -> Result<Response, AppError> {
    require_role(&id.user, &CAMPAIGN_EDITORS)?;
    let c = campaign(&state, &raw).await?;
    Ok(render(
        &form_page(
            &state,
            Tr::new(lang),
            id.user,
            &c,
            (format!("/campaigns/{}/workshops/new", c.id), &WorkshopInput::default()),
            &ValidationErrors::new(),
            None,
        )
        .await?,
    ))
}

pub async fn create(
    State(state): State<AppState>,
    ReqLang(lang): ReqLang,
    PageUser(id): PageUser,
    Path(raw): Path<String>,
    super::PageForm(pairs): super::PageForm<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    require_role(&id.user, &CAMPAIGN_EDITORS)?;
    let t = Tr::new(lang);
    let c = campaign(&state, &raw).await?;
    let input = WorkshopInput::from_pairs(&pairs);
    save_form(&state, t, id.user, &c, None, input).await
}

/// Saves the workshop form (new or existing) and re-renders it with what is wrong.
async fn save_form(
    state: &AppState,
    t: Tr,
    user: amane_domain::User,
    c: &Campaign,
    existing: Option<amane_domain::workshop::WorkshopId>,
    input: WorkshopInput,
) -> Result<Response, AppError> {
    let action = match existing {
        Some(w) => format!("/workshops/{w}/edit"),
        None => format!("/campaigns/{}/workshops/new", c.id),
    };
    let refused = |status: StatusCode, page: FormPage| {
        let mut res = render(&page);
        *res.status_mut() = status;
        res
    };
    match save(&state.db, &state.curriculum, c, existing, &input).await {
        Ok(w) if existing.is_some() => Ok(Redirect::to(&format!("/workshops/{}", w.id)).into_response()),
        Ok(_) => Ok(Redirect::to(&format!("/campaigns/{}", c.id)).into_response()),
        Err(amane_app::Error::Validation(e)) => {
            let page =
                form_page(state, t, user, c, (action.clone(), &input), &e, Some(t.get("form-has-errors"))).await?;
            Ok(refused(StatusCode::UNPROCESSABLE_ENTITY, page))
        }
        Err(amane_app::Error::Conflict { code, details }) => {
            let other = details["title"].as_str().unwrap_or("").to_owned();
            let msg = t.args(&format!("{code}-detail"), &[("other", Arg::Str(&other))]);
            let page =
                form_page(state, t, user, c, (action.clone(), &input), &ValidationErrors::new(), Some(msg)).await?;
            Ok(refused(StatusCode::CONFLICT, page))
        }
        Err(e) => Err(e.into()),
    }
}

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

#[derive(Template)]
#[template(path = "workshops/show.html")]
struct ShowPage {
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
    fields: Vec<super::campaigns::FormField>,
    error: Option<String>,
    notice: Option<String>,
    can_edit: bool,
    /// Where a facilitator starts a live quiz for this workshop, if they may.
    live_link: Option<String>,
}

async fn show_page(
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
    let confirmed: i64 = all
        .iter()
        .filter(|r| r.status == amane_store::registrations::Status::Confirmed)
        .map(|r| i64::from(r.seats))
        .sum();
    let waiting: i64 = all
        .iter()
        .filter(|r| r.status == amane_store::registrations::Status::Waiting)
        .map(|r| i64::from(r.seats))
        .sum();
    let mut names = Vec::new();
    for f in &w.facilitators {
        if let Some(u) = state.db.find_user(*f).await? {
            names.push(u.display_name);
        }
    }
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
    let f = |name: &'static str, kind: &'static str, value: &str| super::campaigns::FormField {
        name,
        label: t.get(&format!("reg-field-{}", name.replace('_', "-"))),
        kind,
        value: value.to_owned(),
        error: field_message(t, e, name),
        options: Vec::new(),
        dir: "",
        suggest: "",
        hint: String::new(),
    };
    let kind_value = if input.kind.is_empty() { "group" } else { input.kind.as_str() };
    let mut kind = f("kind", "select", kind_value);
    kind.options = ["group", "staff", "parents"]
        .into_iter()
        .map(|k| Opt { value: k.into(), label: t.get(&format!("reg-kind-{k}")), selected: k == kind_value })
        .collect();
    let band_value = if input.age_band.is_empty() { w.audience.code().to_owned() } else { input.age_band.clone() };
    let mut band = f("age_band", "select", &band_value);
    band.options = [Audience::Age8To11, Audience::Age12To14, Audience::Age15To17]
        .into_iter()
        .map(|a| Opt { value: a.code().into(), label: audience_label(t, a), selected: a.code() == band_value })
        .collect();
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
            waiting: r.status == amane_store::registrations::Status::Waiting,
            roster: r.roster,
            present: present.get(&r.id).map(|n| n.to_string()).unwrap_or_default(),
        });
    }
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
        facilitators: t.args(
            "reg-facilitators-line",
            &[("names", Arg::Str(&if names.is_empty() { "—".to_owned() } else { names.join(", ") }))],
        ),
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
        page: Page::new(t, w.title.clone(), Some(user)),
    })
}

pub(crate) async fn find_workshop(state: &AppState, raw: &str) -> Result<Workshop, AppError> {
    let id: amane_domain::workshop::WorkshopId = raw.parse().map_err(|_| AppError::NotFound)?;
    state.db.find_workshop(id).await?.ok_or(AppError::NotFound)
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

pub async fn register(
    State(state): State<AppState>,
    ReqLang(lang): ReqLang,
    PageUser(id): PageUser,
    Path(raw): Path<String>,
    super::PageForm(pairs): super::PageForm<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    let t = Tr::new(lang);
    let w = find_workshop(&state, &raw).await?;
    let get = |k: &str| pairs.iter().find(|(n, _)| n == k).map(|(_, v)| v.clone()).unwrap_or_default();
    let input = amane_app::registrations::RegistrationInput {
        establishment: get("establishment"),
        kind: get("kind"),
        label: get("label"),
        age_band: get("age_band"),
        seats: get("seats"),
        roster: get("roster"),
        staff_email: get("staff_email"),
    };
    match amane_app::registrations::register(&state.db, &id.user, &w, &input).await {
        Ok(r) => {
            let notice = t.get(&format!("reg-done-{}", r.status.code()));
            let fresh = amane_app::registrations::RegistrationInput { seats: "25".into(), ..Default::default() };
            Ok(render(
                &show_page(&state, t, id.user, &w, &fresh, &ValidationErrors::new(), (None, Some(notice))).await?,
            ))
        }
        Err(amane_app::Error::Validation(e)) => {
            let mut res =
                render(&show_page(&state, t, id.user, &w, &input, &e, (Some(t.get("form-has-errors")), None)).await?);
            *res.status_mut() = StatusCode::UNPROCESSABLE_ENTITY;
            Ok(res)
        }
        Err(e) => Err(e.into()),
    }
}

pub async fn cancel(
    State(state): State<AppState>,
    PageUser(id): PageUser,
    Path((raw, reg)): Path<(String, String)>,
) -> Result<Response, AppError> {
    let w = find_workshop(&state, &raw).await?;
    let r = state.db.find_registration(&reg).await?.filter(|r| r.workshop == w.id).ok_or(AppError::NotFound)?;
    if !amane_app::registrations::can_manage(&state.db, &id.user, &r).await? {
        return Err(AppError::Forbidden);
    }
    state.db.cancel_registration(&r.id, amane_store::now_ms()).await?;
    Ok(Redirect::to(&format!("/workshops/{}", w.id)).into_response())
}

pub async fn attendance(
    State(state): State<AppState>,
    PageUser(id): PageUser,
    Path((raw, reg)): Path<(String, String)>,
    super::PageForm(form): super::PageForm<std::collections::HashMap<String, String>>,
) -> Result<Response, AppError> {
    let w = find_workshop(&state, &raw).await?;
    let r = state.db.find_registration(&reg).await?.filter(|r| r.workshop == w.id).ok_or(AppError::NotFound)?;
    let present = form
        .get("present")
        .and_then(|p| p.trim().parse::<u32>().ok())
        .ok_or_else(|| AppError::Validation(ValidationErrors::single("present", FieldCode::NumberInvalid)))?;
    amane_app::registrations::record(&state.db, &id.user, &w, &r, present).await?;
    Ok(Redirect::to(&format!("/workshops/{}", w.id)).into_response())
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
        back: super::curriculum::back_to(t, &w.title),
        id: w.id.to_string(),
        when: format!("{} \u{2066}{start}–{end}\u{2069}", day_label(t, date)),
        place: w.venue.name.clone(),
        code_qr: qr_svg(&checkin_url),
        code,
        checkin_url,
        groups,
    }))
}

#[derive(Template)]
#[template(path = "workshops/checkin.html")]
struct CheckinPage {
    page: Page,
    code: String,
    error: Option<String>,
}

#[derive(serde::Deserialize, Default)]
pub struct CodeQuery {
    #[serde(default)]
    code: String,
}

/// Check-in on a phone: the workshop's code leads to its page, where each group's headcount is recorded.
pub async fn checkin(
    State(state): State<AppState>,
    ReqLang(lang): ReqLang,
    PageUser(id): PageUser,
    axum::extract::Query(q): axum::extract::Query<CodeQuery>,
) -> Result<Response, AppError> {
    let t = Tr::new(lang);
    let code = q.code.trim().to_owned();
    if !code.is_empty() {
        if let Some(w) = state.db.workshop_by_checkin_code(&code).await? {
            return Ok(Redirect::to(&format!("/workshops/{w}/checkin")).into_response());
        }
        let mut res = render(&CheckinPage {
            page: Page::new(t, t.get("checkin-title"), Some(id.user)),
            code,
            error: Some(t.get("checkin-unknown")),
        });
        *res.status_mut() = StatusCode::NOT_FOUND;
        return Ok(res);
    }
    Ok(render(&CheckinPage { page: Page::new(t, t.get("checkin-title"), Some(id.user)), code, error: None }))
}

#[derive(Template)]
#[template(path = "workshops/checkin_child.html")]
struct ChildPage {
    page: Page,
    back: String,
    workshop: String,
    workshop_id: String,
    group: String,
    nickname: String,
    action: String,
    notice: Option<String>,
}

async fn child_page(
    state: &AppState,
    t: Tr,
    user: amane_domain::User,
    reg: &str,
    idx: u32,
    notice: Option<String>,
) -> Result<Response, AppError> {
    let r = state.db.find_registration(reg).await?.ok_or(AppError::NotFound)?;
    let nickname = r.roster.get(idx as usize).cloned().ok_or(AppError::NotFound)?;
    let w = state.db.find_workshop(r.workshop).await?.ok_or(AppError::NotFound)?;
    if !amane_app::registrations::can_record(&state.db, &user, &w, &r).await? {
        return Err(AppError::Forbidden);
    }
    Ok(render(&ChildPage {
        page: Page::new(t, nickname.clone(), Some(user)),
        back: super::curriculum::back_to(t, &w.title),
        workshop: w.title.clone(),
        workshop_id: w.id.to_string(),
        group: r.label.clone(),
        nickname,
        action: format!("/checkin/p/{reg}/{idx}"),
        notice,
    }))
}

pub async fn checkin_child(
    State(state): State<AppState>,
    ReqLang(lang): ReqLang,
    PageUser(id): PageUser,
    Path((reg, idx)): Path<(String, u32)>,
) -> Result<Response, AppError> {
    child_page(&state, Tr::new(lang), id.user, &reg, idx, None).await
}

pub async fn checkin_child_mark(
    State(state): State<AppState>,
    ReqLang(lang): ReqLang,
    PageUser(id): PageUser,
    Path((reg, idx)): Path<(String, u32)>,
) -> Result<Response, AppError> {
    let t = Tr::new(lang);
    let r = state.db.find_registration(&reg).await?.ok_or(AppError::NotFound)?;
    let w = state.db.find_workshop(r.workshop).await?.ok_or(AppError::NotFound)?;
    if !amane_app::registrations::can_record(&state.db, &id.user, &w, &r).await? {
        return Err(AppError::Forbidden);
    }
    let n = state.db.check_in_participant(&reg, idx, Some(id.user.id), amane_store::now_ms()).await?;
    let notice = t.args(
        "checkin-marked",
        &[("count", Arg::Str(&t.number(n))), ("seats", Arg::Str(&t.number(i64::from(r.seats))))],
    );
    child_page(&state, t, id.user, &reg, idx, Some(notice)).await
}

/// The form values that reproduce a stored workshop.
fn to_input(w: &Workshop, tz: &str) -> WorkshopInput {
    let (date, start) = local_parts(tz, w.starts_at);
    let (_, end) = local_parts(tz, w.ends_at);
    WorkshopInput {
        title: w.title.clone(),
        establishment: w.venue.establishment.clone().unwrap_or_default(),
        venue_name: if w.venue.establishment.is_some() { String::new() } else { w.venue.name.clone() },
        room: w.venue.room.clone(),
        date,
        start,
        end,
        capacity: w.capacity.to_string(),
        audience: w.audience.code().to_owned(),
        lang: w.lang.code().to_owned(),
        modules: w.modules.clone(),
        facilitators: w.facilitators.iter().map(ToString::to_string).collect(),
    }
}

pub async fn edit_form(
    State(state): State<AppState>,
    ReqLang(lang): ReqLang,
    PageUser(id): PageUser,
    Path(raw): Path<String>,
) -> Result<Response, AppError> {
    require_role(&id.user, &CAMPAIGN_EDITORS)?;
    let w = find_workshop(&state, &raw).await?;
    let c = state.db.find_campaign(w.campaign).await?.ok_or(AppError::NotFound)?;
    let input = to_input(&w, &c.time_zone);
    Ok(render(
        &form_page(
            &state,
            Tr::new(lang),
            id.user,
            &c,
            (format!("/workshops/{}/edit", w.id), &input),
            &ValidationErrors::new(),
            None,
        )
        .await?,
    ))
}

pub async fn edit_submit(
    State(state): State<AppState>,
    ReqLang(lang): ReqLang,
    PageUser(id): PageUser,
    Path(raw): Path<String>,
    super::PageForm(pairs): super::PageForm<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    require_role(&id.user, &CAMPAIGN_EDITORS)?;
    let w = find_workshop(&state, &raw).await?;
    let c = state.db.find_campaign(w.campaign).await?.ok_or(AppError::NotFound)?;
    let input = WorkshopInput::from_pairs(&pairs);
    let confirmed = state.db.confirmed_seats(w.id).await?;
    if input.capacity.trim().parse::<i64>().is_ok_and(|cap| cap < confirmed) {
        let t = Tr::new(lang);
        let msg = t.get("capacity_below_registrations");
        let mut res = render(
            &form_page(
                &state,
                t,
                id.user,
                &c,
                (format!("/workshops/{}/edit", w.id), &input),
                &ValidationErrors::new(),
                Some(msg),
            )
            .await?,
        );
        *res.status_mut() = StatusCode::CONFLICT;
        return Ok(res);
    }
    save_form(&state, Tr::new(lang), id.user, &c, Some(w.id), input).await
}
