//! The home of a signed-in staff member: one card per area their role works in, each leading to its page.
//! An area without a page yet (reports) says so.

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
    /// The page the card leads to; `None` for an area that has no page yet.
    pub href: Option<String>,
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

/// The areas each role works in, as Fluent key stems (`card-<stem>-title`, `card-<stem>-body`), with the page
/// each leads to (`None`: not built yet, marked "coming soon").
fn areas(role: Role) -> &'static [(&'static str, Option<&'static str>)] {
    match role {
        Role::Admin => &[
            ("campaigns", Some("/campaigns")),
            ("establishments", Some("/establishments")),
            ("curriculum", Some("/curriculum")),
            ("live", Some("/live")),
            ("accounts", Some("/admin/users")),
        ],
        Role::Organizer => &[
            ("campaigns", Some("/campaigns")),
            ("establishments", Some("/establishments")),
            ("curriculum", Some("/curriculum")),
            ("live", Some("/live")),
            ("reports", None),
        ],
        Role::Facilitator => &[
            ("workshops", Some("/workshops/mine")),
            ("live", Some("/live")),
            ("checkin", Some("/checkin")),
            ("curriculum", Some("/curriculum")),
        ],
        Role::Coordinator => &[
            ("registrations", Some("/campaigns")),
            ("school-workshops", Some("/workshops/mine")),
            ("curriculum", Some("/curriculum")),
        ],
        Role::Observer => &[("campaigns", Some("/campaigns")), ("curriculum", Some("/curriculum")), ("reports", None)],
    }
}

pub async fn show(State(state): State<AppState>, ReqLang(lang): ReqLang, PageUser(id): PageUser) -> Response {
    let t = Tr::new(lang);
    let user = id.user;
    let mut cards = Vec::new();
    for (stem, href) in areas(user.role) {
        let status = if *stem == "accounts" {
            // The card says how many accounts there are.
            match state.db.count_users().await {
                Ok(n) => {
                    Some(t.args("dashboard-accounts", &[("count", Arg::Num(n)), ("formatted", Arg::Str(&t.number(n)))]))
                }
                Err(e) => return crate::error::AppError::from(e).into_response(),
            }
        } else if href.is_none() {
            Some(t.get("card-coming"))
        } else {
            None
        };
        cards.push(Card {
            title: t.get(&format!("card-{stem}-title")),
            body: t.get(&format!("card-{stem}-body")),
            href: href.map(str::to_owned),
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
