//! The signed-in person's agenda (the workshops they run, or for a coordinator those at their schools) and the
//! iCalendar file of the workshops they run.

use super::{AgendaDay, agenda};
use crate::AppState;
use crate::auth::PageUser;
use crate::error::AppError;
use crate::i18n::Tr;
use crate::i18n_layer::ReqLang;
use crate::pages::{Page, render};
use amane_app::workshops::facilitator_calendar;
use amane_domain::Role;
use askama::Template;
use axum::extract::State;
use axum::http::header::{CONTENT_DISPOSITION, CONTENT_TYPE};
use axum::response::{IntoResponse, Response};

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
    let body = facilitator_calendar(&state.db, &id.user).await?;
    Ok((
        [
            (CONTENT_TYPE, "text/calendar; charset=utf-8"),
            (CONTENT_DISPOSITION, "attachment; filename=\"amane-workshops.ics\""),
        ],
        body,
    )
        .into_response())
}
