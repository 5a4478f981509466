//! A module's lesson page (per audience) and its printable documents: the facilitator's guide, the handout of
//! one audience and the poster.

use super::list::card;
use super::{AudienceQuery, Tab, audience_tabs, back_to, find, pick_audience};
use crate::AppState;
use crate::auth::MaybeUser;
use crate::error::AppError;
use crate::i18n::{Arg, Tr};
use crate::i18n_layer::ReqLang;
use crate::pages::{Page, render};
use amane_content::{Module, Part};
use amane_domain::Audience;
use askama::Template;
use axum::extract::{Path, Query, State};
use axum::response::Response;

#[derive(Template)]
#[template(path = "curriculum/module.html")]
struct ModulePage {
    page: Page,
    id: String,
    summary: String,
    objectives: Vec<String>,
    tabs: Vec<Tab>,
    audience_code: String,
    body: String,
    facts: String,
    has_poster: bool,
}

/// The lesson text for one part, language and audience, as safe HTML.
pub fn part_html(state: &AppState, t: Tr, m: &Module, part: Part, audience: Option<Audience>) -> String {
    let Some(doc) = m.doc(t.lang) else { return String::new() };
    let contact = |kind: &str, key: &str| {
        let configured = if kind == "law" { &state.config.laws } else { &state.config.contacts };
        match configured.get(key) {
            Some(v) => v.clone(),
            None => crate::i18n::strip_isolation(&t.get(&format!("{kind}-fallback-{key}"))),
        }
    };
    let module_url = |id: &str| format!("/curriculum/{id}");
    amane_content::markdown::render(doc.part(part), audience, &contact, &module_url)
}

pub async fn module(
    State(state): State<AppState>,
    ReqLang(lang): ReqLang,
    MaybeUser(who): MaybeUser,
    Path(id): Path<String>,
    Query(q): Query<AudienceQuery>,
) -> Result<Response, AppError> {
    let t = Tr::new(lang);
    let m = find(&state, &id)?;
    let audience = pick_audience(m, &q.audience);
    let body = part_html(&state, t, m, Part::Lesson, Some(audience));
    let page = ModulePage {
        id: m.id.clone(),
        summary: m.summary.text(lang).to_owned(),
        objectives: m.objectives.iter().map(|o| o.text(lang).to_owned()).collect(),
        tabs: audience_tabs(t, m, &format!("/curriculum/{}", m.id), audience),
        audience_code: audience.code().to_owned(),
        has_poster: m.doc(lang).is_some_and(|d| !d.poster.is_empty()),
        body,
        facts: card(t, m).facts,
        page: Page::new(t, m.title.text(lang).to_owned(), who.map(|i| i.user)),
    };
    Ok(render(&page))
}

#[derive(Template)]
#[template(path = "curriculum/document.html")]
struct DocumentPage {
    page: Page,
    id: String,
    back: String,
    /// `guide`, `handout` or `poster`: the poster prints on A3.
    kind: &'static str,
    heading: String,
    body: String,
    tabs: Vec<Tab>,
}

/// The facilitator's guide (every age variant, labelled) or the handout for one audience: pages meant to
/// be printed on A4 in black and white.
pub async fn document(
    State(state): State<AppState>,
    ReqLang(lang): ReqLang,
    MaybeUser(who): MaybeUser,
    Path((id, which)): Path<(String, String)>,
    Query(q): Query<AudienceQuery>,
) -> Result<Response, AppError> {
    let t = Tr::new(lang);
    let m = find(&state, &id)?;
    let part = match which.as_str() {
        "guide" => Part::Guide,
        "handout" => Part::Handout,
        "poster" => Part::Poster,
        _ => return Err(AppError::NotFound),
    };
    if part == Part::Poster && m.doc(lang).is_none_or(|d| d.poster.is_empty()) {
        return Err(AppError::NotFound);
    }
    let (audience, tabs) = if part == Part::Handout {
        let a = pick_audience(m, &q.audience);
        (Some(a), audience_tabs(t, m, &format!("/curriculum/{}/handout", m.id), a))
    } else {
        (None, Vec::new())
    };
    let body = part_html(&state, t, m, part, audience);
    let heading = t.args(&format!("module-{}-heading", part.code()), &[("title", Arg::Str(m.title.text(lang)))]);
    Ok(render(&DocumentPage {
        page: Page::new(t, heading.clone(), who.map(|i| i.user)),
        id: m.id.clone(),
        back: back_to(t, m.title.text(lang)),
        kind: part.code(),
        heading,
        body,
        tabs,
    }))
}
