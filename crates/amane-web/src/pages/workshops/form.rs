//! The form that schedules a workshop in a campaign or changes one: new, create, edit and save, around one
//! form page that re-renders with what is wrong.

use super::find_workshop;
use crate::AppState;
use crate::auth::{CampaignEditors, Staff};
use crate::error::{AppError, field_message};
use crate::i18n::{Arg, Tr};
use crate::pages::curriculum::{Opt, audience_options, lang_options};
use crate::pages::{FormField, Page, PageForm, render, render_status};
use amane_app::workshops::{WorkshopInput, local_parts, save};
use amane_domain::campaign::{Campaign, CampaignId};
use amane_domain::workshop::{Workshop, WorkshopId};
use amane_domain::{Audience, Role, User, ValidationErrors};
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

/// The workshop form of one campaign, for a new workshop or an existing one.
struct WorkshopForm<'a> {
    state: &'a AppState,
    t: Tr,
    campaign: &'a Campaign,
    /// The workshop being changed; `None` schedules a new one.
    existing: Option<WorkshopId>,
}

impl WorkshopForm<'_> {
    /// The form filled with `v`, with what `e` refuses by field and `error` above the fields.
    async fn page(
        &self,
        user: User,
        v: &WorkshopInput,
        e: &ValidationErrors,
        error: Option<String>,
    ) -> Result<FormPage, AppError> {
        let (state, t, c) = (self.state, self.t, self.campaign);
        let f = |name, kind, value: &str| FormField::new(t, e, "workshop-field", name, kind, value);
        let audience = FormField {
            options: audience_options(t, Audience::ALL, &v.audience),
            ..f("audience", "select", &v.audience)
        };
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
            page: Page::new(
                t,
                t.get(if self.existing.is_some() { "workshop-edit" } else { "workshop-new" }),
                Some(user),
            ),
            action: match self.existing {
                Some(w) => format!("/workshops/{w}/edit"),
                None => format!("/campaigns/{}/workshops/new", c.id),
            },
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

    /// The form again, answered with `status`: `error` above the fields, what `e` refuses beside them.
    async fn refused(
        &self,
        status: StatusCode,
        user: User,
        v: &WorkshopInput,
        e: &ValidationErrors,
        error: String,
    ) -> Result<Response, AppError> {
        Ok(render_status(status, &self.page(user, v, e, Some(error)).await?))
    }

    /// Saves the form: to the workshop's page (an existing one) or the campaign's (a new one), else the form again
    /// with what is wrong (422) or the workshop in the way (409).
    async fn save(&self, user: User, input: WorkshopInput) -> Result<Response, AppError> {
        let t = self.t;
        match save(&self.state.db, &self.state.curriculum, self.campaign, self.existing, &input).await {
            Ok(w) if self.existing.is_some() => Ok(Redirect::to(&format!("/workshops/{}", w.id)).into_response()),
            Ok(_) => Ok(Redirect::to(&format!("/campaigns/{}", self.campaign.id)).into_response()),
            Err(amane_app::Error::Validation(e)) => {
                self.refused(StatusCode::UNPROCESSABLE_ENTITY, user, &input, &e, t.get("form-has-errors")).await
            }
            Err(amane_app::Error::Conflict { code, details }) => {
                let other = details["title"].as_str().unwrap_or("").to_owned();
                let msg = t.args(&format!("{code}-detail"), &[("other", Arg::Str(&other))]);
                self.refused(StatusCode::CONFLICT, user, &input, &ValidationErrors::new(), msg).await
            }
            Err(e) => Err(e.into()),
        }
    }
}

async fn campaign(state: &AppState, raw: &str) -> Result<Campaign, AppError> {
    let id: CampaignId = raw.parse().map_err(|_| AppError::NotFound)?;
    state.db.find_campaign(id).await?.ok_or(AppError::NotFound)
}

pub async fn new_form(
    State(state): State<AppState>,
    Staff { user, t, .. }: Staff<CampaignEditors>,
    Path(raw): Path<String>,
) -> Result<Response, AppError> {
    let c = campaign(&state, &raw).await?;
    let form = WorkshopForm { state: &state, t, campaign: &c, existing: None };
    Ok(render(&form.page(user, &WorkshopInput::default(), &ValidationErrors::new(), None).await?))
}

pub async fn create(
    State(state): State<AppState>,
    Staff { user, t, .. }: Staff<CampaignEditors>,
    Path(raw): Path<String>,
    PageForm(pairs): PageForm<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    let c = campaign(&state, &raw).await?;
    let form = WorkshopForm { state: &state, t, campaign: &c, existing: None };
    form.save(user, WorkshopInput::from_pairs(&pairs)).await
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
    Staff { user, t, .. }: Staff<CampaignEditors>,
    Path(raw): Path<String>,
) -> Result<Response, AppError> {
    let w = find_workshop(&state, &raw).await?;
    let c = state.db.find_campaign(w.campaign).await?.ok_or(AppError::NotFound)?;
    let form = WorkshopForm { state: &state, t, campaign: &c, existing: Some(w.id) };
    Ok(render(&form.page(user, &to_input(&w, &c.time_zone), &ValidationErrors::new(), None).await?))
}

pub async fn edit_submit(
    State(state): State<AppState>,
    Staff { user, t, .. }: Staff<CampaignEditors>,
    Path(raw): Path<String>,
    PageForm(pairs): PageForm<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    let w = find_workshop(&state, &raw).await?;
    let c = state.db.find_campaign(w.campaign).await?.ok_or(AppError::NotFound)?;
    let form = WorkshopForm { state: &state, t, campaign: &c, existing: Some(w.id) };
    let input = WorkshopInput::from_pairs(&pairs);
    let confirmed = state.db.confirmed_seats(w.id).await?;
    if input.capacity.trim().parse::<i64>().is_ok_and(|cap| cap < confirmed) {
        let msg = t.get("capacity_below_registrations");
        return form.refused(StatusCode::CONFLICT, user, &input, &ValidationErrors::new(), msg).await;
    }
    form.save(user, input).await
}
