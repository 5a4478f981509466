//! Joining a game: `/join` (type the PIN) and `/join/<PIN>`, the participant's page, which the live script plays;
//! an unknown PIN is throttled and answered with the join form again.

use super::script_strings;
use crate::AppState;
use crate::auth::{MaybeUser, client_ip, peer_ip};
use crate::error::AppError;
use crate::i18n::Tr;
use crate::i18n_layer::ReqLang;
use crate::pages::{LangLink, Page, render, render_status};
use amane_domain::Lang;
use amane_store::live as store;
use askama::Template;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use serde::Deserialize;
use std::time::Instant;

#[derive(Template)]
#[template(path = "live/join.html")]
struct JoinPage {
    page: Page,
    pin: String,
    error: Option<String>,
}

#[derive(Deserialize, Default)]
pub struct JoinQuery {
    #[serde(default)]
    pin: String,
}

/// `/join`: type the PIN (or scan the QR code, which opens `/join/<PIN>`).
pub async fn join_form(
    State(state): State<AppState>,
    ReqLang(lang): ReqLang,
    MaybeUser(who): MaybeUser,
    headers: HeaderMap,
    req_ext: axum::http::Extensions,
    Query(q): Query<JoinQuery>,
) -> Result<Response, AppError> {
    let t = Tr::new(lang);
    let pin: String = q.pin.chars().filter(char::is_ascii_digit).collect();
    let user = who.map(|w| w.user);
    if q.pin.trim().is_empty() {
        return Ok(render(&JoinPage { page: Page::new(t, t.get("live-join-title"), user), pin, error: None }));
    }
    let ip = client_ip(&state, &headers, peer_ip(&req_ext));
    match find_game(&state, ip, &pin).await? {
        Some(_) => Ok(Redirect::to(&format!("/join/{pin}")).into_response()),
        None => Ok(unknown_pin(t, user, pin)),
    }
}

/// The unfinished game with this PIN, under the guessing throttle: a miss counts against the network, a hit
/// lets the network back into its game (`Throttle::joined`).
async fn find_game(
    state: &AppState,
    ip: Option<std::net::IpAddr>,
    pin: &str,
) -> Result<Option<store::LiveSessionRow>, AppError> {
    if let Some(wait) = state.live.throttle().check_pin(ip, pin, Instant::now()) {
        return Err(AppError::TooManyRequests(wait));
    }
    let row = if pin.len() == 6 && pin.chars().all(|c| c.is_ascii_digit()) {
        store::by_pin(&state.db, pin).await?
    } else {
        None
    };
    match &row {
        Some(_) => state.live.throttle().joined(ip, pin, Instant::now()),
        None => state.live.throttle().fail(ip, None, Instant::now()),
    }
    Ok(row)
}

/// The join form again, saying that no game has this PIN (404).
fn unknown_pin(t: Tr, user: Option<amane_domain::User>, pin: String) -> Response {
    let page = Page::new(t, t.get("live-join-title"), user);
    render_status(StatusCode::NOT_FOUND, &JoinPage { page, pin, error: Some(t.get("live-unknown-pin")) })
}

#[derive(Template)]
#[template(path = "live/play.html")]
struct PlayPage {
    t: Tr,
    lang: Lang,
    css: String,
    script: String,
    icon: String,
    pin: String,
    title: String,
    teams: bool,
    strings: String,
    langs: Vec<LangLink>,
}

/// `/join/<PIN>`: the participant's page. The form takes a nickname; the script plays the game and resumes it
/// after a reload from the token it keeps.
pub async fn play(
    State(state): State<AppState>,
    ReqLang(lang): ReqLang,
    MaybeUser(who): MaybeUser,
    headers: HeaderMap,
    req_ext: axum::http::Extensions,
    Path(pin): Path<String>,
) -> Result<Response, AppError> {
    let t = Tr::new(lang);
    let ip = client_ip(&state, &headers, peer_ip(&req_ext));
    let Some(row) = find_game(&state, ip, &pin).await? else {
        return Ok(unknown_pin(t, who.map(|w| w.user), pin));
    };
    let game = state.live.fanout(&row.game.id).await?.ok_or(AppError::NotFound)?.game.clone();
    let page = Page::new(t, String::new(), None);
    Ok(render(&PlayPage {
        t,
        lang,
        css: page.css.clone(),
        script: crate::assets::url("live.js"),
        icon: page.icon.clone(),
        pin,
        title: game.settings.title.get(lang).1.to_owned(),
        teams: game.settings.teams,
        strings: script_strings(t),
        langs: page.langs(),
    }))
}
