//! The curriculum browser, one file per page: the modules by audience and competency, a module's lesson and
//! printable documents, question previews, and red-flag scenarios that work without JavaScript. Here: what the
//! pages share (labels, options, audience tabs, finding a module).

pub mod list;
pub mod module;
pub mod questions;
pub mod scenario;

use crate::AppState;
use crate::error::AppError;
use crate::i18n::{Arg, Tr};
use amane_content::{Competency, Module};
use amane_domain::{Audience, Lang, Role};
use serde::Deserialize;

pub fn audience_label(t: Tr, a: Audience) -> String {
    t.get(&format!("audience-{}", a.code()))
}

/// The audiences among `among` as a select's options, `chosen` (a code) selected.
pub fn audience_options(t: Tr, among: impl IntoIterator<Item = Audience>, chosen: &str) -> Vec<Opt> {
    among
        .into_iter()
        .map(|a| Opt { value: a.code().into(), label: audience_label(t, a), selected: a.code() == chosen })
        .collect()
}

/// The three languages as a select's options, each in its own script, `chosen` (a code) selected.
pub fn lang_options(chosen: &str) -> Vec<Opt> {
    Lang::ALL
        .into_iter()
        .map(|l| Opt { value: l.code().into(), label: l.native_name().into(), selected: l.code() == chosen })
        .collect()
}

pub fn competency_label(t: Tr, c: Competency) -> String {
    t.get(&format!("competency-{}", c.code()))
}

pub struct Opt {
    pub value: String,
    pub label: String,
    pub selected: bool,
}

/// A filter's options: "all" first (an empty value), selected when `all_selected`, then the choices.
pub fn filter_options(all: String, all_selected: bool, choices: impl IntoIterator<Item = Opt>) -> Vec<Opt> {
    std::iter::once(Opt { value: String::new(), label: all, selected: all_selected }).chain(choices).collect()
}

/// Who may import question banks.
pub const IMPORTERS: [Role; 3] = [Role::Admin, Role::Organizer, Role::Facilitator];

#[derive(Deserialize, Default)]
pub struct AudienceQuery {
    #[serde(default)]
    audience: String,
}

pub struct Tab {
    pub href: String,
    pub label: String,
    pub current: bool,
}

fn find<'a>(state: &'a AppState, id: &str) -> Result<&'a Module, AppError> {
    state.curriculum.module(id).ok_or(AppError::NotFound)
}

/// The audience asked for, if the module serves it; else its first audience.
fn pick_audience(m: &Module, raw: &str) -> Audience {
    Audience::parse(raw)
        .ok()
        .filter(|a| m.audiences.contains(a))
        .or_else(|| m.audiences.first().copied())
        .unwrap_or(Audience::Age12To14)
}

fn audience_tabs(t: Tr, m: &Module, base: &str, current: Audience) -> Vec<Tab> {
    m.audiences
        .iter()
        .map(|a| Tab {
            href: format!("{base}?audience={}", a.code()),
            label: audience_label(t, *a),
            current: *a == current,
        })
        .collect()
}

/// "Back to «Passwords»": a link back names the page it leads to.
pub fn back_to(t: Tr, place: &str) -> String {
    t.args("back-to", &[("place", Arg::Str(place))])
}
