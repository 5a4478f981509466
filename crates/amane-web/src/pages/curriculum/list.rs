//! `/curriculum`: the modules as cards, filtered by audience and competency, and the imported question banks.

use super::{IMPORTERS, Opt, audience_label, competency_label, filter_options};
use crate::AppState;
use crate::auth::MaybeUser;
use crate::error::AppError;
use crate::i18n::{Arg, Tr};
use crate::i18n_layer::ReqLang;
use crate::pages::{Page, render};
use amane_content::{Competency, Module};
use amane_domain::Audience;
use askama::Template;
use axum::extract::{Query, State};
use axum::response::{IntoResponse, Response};
use serde::Deserialize;

#[derive(Deserialize, Default)]
pub struct Filter {
    #[serde(default)]
    audience: String,
    #[serde(default)]
    competency: String,
}

pub struct Card {
    pub id: String,
    pub title: String,
    pub summary: String,
    pub audiences: Vec<String>,
    pub competencies: Vec<String>,
    pub facts: String,
}

#[derive(Template)]
#[template(path = "curriculum/list.html")]
struct ListPage {
    page: Page,
    audiences: Vec<Opt>,
    competencies: Vec<Opt>,
    cards: Vec<Card>,
    count_line: String,
    /// (id, title, facts) of each imported question bank.
    banks: Vec<(String, String, String)>,
    can_import: bool,
}

pub async fn list(
    State(state): State<AppState>,
    ReqLang(lang): ReqLang,
    MaybeUser(who): MaybeUser,
    Query(f): Query<Filter>,
) -> Response {
    let t = Tr::new(lang);
    let audience = Audience::parse(&f.audience).ok();
    let competency = Competency::parse(&f.competency);
    let audiences = filter_options(
        t.get("curriculum-all-audiences"),
        audience.is_none(),
        Audience::ALL.into_iter().map(|a| Opt {
            value: a.code().into(),
            label: audience_label(t, a),
            selected: audience == Some(a),
        }),
    );
    let competencies = filter_options(
        t.get("curriculum-all-competencies"),
        competency.is_none(),
        Competency::ALL.into_iter().map(|c| Opt {
            value: c.code().into(),
            label: competency_label(t, c),
            selected: competency == Some(c),
        }),
    );
    let cards: Vec<Card> = state
        .curriculum
        .modules
        .iter()
        .filter(|m| audience.is_none_or(|a| m.audiences.contains(&a)))
        .filter(|m| competency.is_none_or(|c| m.competencies.contains(&c)))
        .map(|m| card(t, m))
        .collect();
    let n = cards.len() as i64;
    let count_line = t.args("curriculum-count", &[("count", Arg::Num(n)), ("formatted", Arg::Str(&t.number(n)))]);
    let user = who.map(|i| i.user);
    let banks = match state.db.list_banks().await {
        Ok(list) => list
            .into_iter()
            .filter(|b| match &user {
                Some(u) => amane_app::banks::may_see(u, b),
                None => b.shared,
            })
            .map(|b| {
                let facts = t.args(
                    "bank-facts",
                    &[
                        ("count", Arg::Num(b.questions)),
                        ("formatted", Arg::Str(&t.number(b.questions))),
                        ("lang", Arg::Str(b.lang.native_name())),
                    ],
                );
                (b.id, b.title, facts)
            })
            .collect(),
        Err(e) => return AppError::from(e).into_response(),
    };
    let can_import = user.as_ref().is_some_and(|u| IMPORTERS.contains(&u.role));
    render(&ListPage {
        page: Page::new(t, t.get("curriculum-title"), user),
        audiences,
        competencies,
        cards,
        count_line,
        banks,
        can_import,
    })
}

pub(super) fn card(t: Tr, m: &Module) -> Card {
    let minutes = i64::from(m.duration_minutes);
    let q = m.questions.len() as i64;
    Card {
        id: m.id.clone(),
        title: m.title.text(t.lang).to_owned(),
        summary: m.summary.text(t.lang).to_owned(),
        audiences: m.audiences.iter().map(|a| audience_label(t, *a)).collect(),
        competencies: m.competencies.iter().map(|c| competency_label(t, *c)).collect(),
        facts: t.args(
            "module-facts",
            &[
                ("minutes", Arg::Num(minutes)),
                ("minutes_formatted", Arg::Str(&t.number(minutes))),
                ("questions", Arg::Num(q)),
                ("questions_formatted", Arg::Str(&t.number(q))),
            ],
        ),
    }
}
