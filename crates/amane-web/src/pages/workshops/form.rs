//! The form that schedules a workshop in a campaign or changes one: new, create, edit and save, around one
//! form page that re-renders with what is wrong.

use super::find_workshop;
use crate::AppState;
use crate::auth::{PageUser, require_role};
use crate::error::{AppError, field_message};
use crate::i18n::{Arg, Tr};
use crate::i18n_layer::ReqLang;
use crate::pages::curriculum::{Opt, audience_options, lang_options};
use crate::pages::{FormField, Page, PageForm, render, render_status};
use amane_app::campaigns::CAMPAIGN_EDITORS;
use amane_app::workshops::{WorkshopInput, local_parts, save};
use amane_domain::campaign::{Campaign, CampaignId};
use amane_domain::workshop::Workshop;
use amane_domain::{Audience, Role, ValidationErrors};
use askama::Template;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};

#[derive(Template)]
#[template(path = "workshops/form.html")]
struct FormPage {
    page: Page,
    action: String,
    campaign_id: String,
    campaign_title: String,
    error: Option<String>,
    fields: Vec<FormField>,
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
    let f = |name, kind, value: &str| FormField::new(t, e, "workshop-field", name, kind, value);
    let audience =
        FormField { options: audience_options(t, Audience::ALL, &v.audience), ..f("audience", "select", &v.audience) };
    let lang_value = if v.lang.is_empty() { t.lang.code().to_owned() } else { v.lang.clone() };
    let lang = FormField { options: lang_options(&lang_value), ..f("lang", "select", &lang_value) };
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
        f("title", "text", &v.title),
        FormField {
            suggest: "/establishments/suggest",
            hint: t.get("workshop-establishment-hint"),
            ..f("establishment", "text", &v.establishment)
        },
        f("venue_name", "text", &v.venue_name),
        f("room", "text", &v.room),
        f("date", "date", if v.date.is_empty() { &first_day } else { &v.date }),
        f("start", "time", if v.start.is_empty() { "09:00" } else { &v.start }),
        f("end", "time", if v.end.is_empty() { "10:30" } else { &v.end }),
        f("capacity", "number", if v.capacity.is_empty() { "30" } else { &v.capacity }),
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
    PageForm(pairs): PageForm<Vec<(String, String)>>,
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
    match save(&state.db, &state.curriculum, c, existing, &input).await {
        Ok(w) if existing.is_some() => Ok(Redirect::to(&format!("/workshops/{}", w.id)).into_response()),
        Ok(_) => Ok(Redirect::to(&format!("/campaigns/{}", c.id)).into_response()),
        Err(amane_app::Error::Validation(e)) => {
            let page =
                form_page(state, t, user, c, (action.clone(), &input), &e, Some(t.get("form-has-errors"))).await?;
            Ok(render_status(StatusCode::UNPROCESSABLE_ENTITY, &page))
        }
        Err(amane_app::Error::Conflict { code, details }) => {
            let other = details["title"].as_str().unwrap_or("").to_owned();
            let msg = t.args(&format!("{code}-detail"), &[("other", Arg::Str(&other))]);
            let page =
                form_page(state, t, user, c, (action.clone(), &input), &ValidationErrors::new(), Some(msg)).await?;
            Ok(render_status(StatusCode::CONFLICT, &page))
        }
        Err(e) => Err(e.into()),
    }
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
    PageForm(pairs): PageForm<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    require_role(&id.user, &CAMPAIGN_EDITORS)?;
    let w = find_workshop(&state, &raw).await?;
    let c = state.db.find_campaign(w.campaign).await?.ok_or(AppError::NotFound)?;
    let input = WorkshopInput::from_pairs(&pairs);
    let confirmed = state.db.confirmed_seats(w.id).await?;
    if input.capacity.trim().parse::<i64>().is_ok_and(|cap| cap < confirmed) {
        let t = Tr::new(lang);
        let msg = t.get("capacity_below_registrations");
        let page = form_page(
            &state,
            t,
            id.user,
            &c,
            (format!("/workshops/{}/edit", w.id), &input),
            &ValidationErrors::new(),
            Some(msg),
        )
        .await?;
        return Ok(render_status(StatusCode::CONFLICT, &page));
    }
    save_form(&state, Tr::new(lang), id.user, &c, Some(w.id), input).await
}
