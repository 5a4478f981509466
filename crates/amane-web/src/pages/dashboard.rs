//! The home of a signed-in staff member: what their role will do here, one card per area.
//! Areas arrive with their issues (campaigns, curriculum, live sessions, reports); until then a card says so.

use super::{Page, render, role_key};
use crate::AppState;
use crate::auth::PageUser;
use crate::i18n::{Arg, Tr};
use crate::i18n_layer::ReqLang;
use amane_domain::Role;
use amane_store::now_ms;
use askama::Template;
use axum::extract::State;
use axum::response::{IntoResponse, Response};

pub struct Card {
    pub title: String,
    pub body: String,
    pub status: Option<String>,
}

#[derive(Template)]
#[template(path = "pages/dashboard.html")]
struct DashboardPage {
    page: Page,
    greeting: String,
    role_intro: String,
    today: String,
    cards: Vec<Card>,
}

/// The areas each role works in, as Fluent key stems (`card-<stem>-title`, `card-<stem>-body`).
fn areas(role: Role) -> &'static [&'static str] {
    match role {
        Role::Admin => &["accounts", "campaigns", "establishments", "curriculum"],
        Role::Organizer => &["campaigns", "establishments", "curriculum", "reports"],
        Role::Facilitator => &["workshops", "live", "curriculum"],
        Role::Coordinator => &["registrations", "attendance"],
        Role::Observer => &["reports"],
    }
}

pub async fn show(State(state): State<AppState>, ReqLang(lang): ReqLang, PageUser(id): PageUser) -> Response {
    let t = Tr::new(lang);
    let user = id.user;
    let mut cards = Vec::new();
    for stem in areas(user.role) {
        let status = if *stem == "accounts" {
            match state.db.count_users().await {
                Ok(n) => {
                    Some(t.args("dashboard-accounts", &[("count", Arg::Num(n)), ("formatted", Arg::Str(&t.number(n)))]))
                }
                Err(e) => return crate::error::AppError::from(e).into_response(),
            }
        } else {
            Some(t.get("card-coming"))
        };
        cards.push(Card {
            title: t.get(&format!("card-{stem}-title")),
            body: t.get(&format!("card-{stem}-body")),
            status,
        });
    }
    let role_name = t.get(role_key(user.role));
    let page = DashboardPage {
        greeting: t.args("dashboard-greeting", &[("name", Arg::Str(&user.display_name))]),
        role_intro: t.args(&format!("{}-intro", role_key(user.role)), &[("role", Arg::Str(&role_name))]),
        today: t.args("dashboard-today", &[("date", Arg::Str(&t.date(now_ms())))]),
        cards,
        page: Page::new(t, t.get("dashboard-title"), Some(user)),
    };
    render(&page)
}
