//! Live-session pages: joining with a PIN (children, no account), the facilitator's console and the classroom
//! screen, and the results. Playing needs the small live script; everything around it is plain HTML.

use super::curriculum::{Opt, audience_label};
use super::{Page, PageForm, render};
use crate::AppState;
use crate::auth::{MaybeUser, PageUser, client_ip, peer_ip, require_role};
use crate::error::{AppError, field_message};
use crate::i18n::{Arg, Tr};
use crate::i18n_layer::ReqLang;
use crate::live::{control, runnable};
use amane_app::live::{LIVE_HOSTS, LiveIn, results, results_csv};
use amane_domain::FieldCode;
use amane_domain::{Audience, Lang, ValidationErrors};
use amane_live::Control;
use amane_store::live as store;
use askama::Template;
use axum::extract::{Path, Query, State};
use axum::http::header::{CONTENT_DISPOSITION, CONTENT_TYPE};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use serde::Deserialize;
use std::time::Instant;

/// The sentences the live script shows, in the page's language (a JSON block the script reads).
fn script_strings(t: Tr) -> String {
    const KEYS: &[&str] = &[
        "live-connecting",
        "live-reconnecting",
        "live-waiting",
        "live-players",
        "live-question-of",
        "live-seconds-left",
        "live-paused",
        "live-answer-sent",
        "live-answer-stored",
        "live-submit",
        "live-true",
        "live-false",
        "live-tap-hint",
        "live-type-answer",
        "live-right",
        "live-wrong",
        "live-partly",
        "live-not-answered",
        "live-points",
        "live-score",
        "live-rank",
        "live-streak",
        "live-leaderboard",
        "live-podium",
        "live-final",
        "live-kicked-text",
        "live-replaced-text",
        "live-switch-code",
        "live-answers-count",
        "live-correct-answer",
        "live-explanation",
        "live-finished",
        "live-red-flags-were",
        "live-rf-spotted",
        "live-shape-0",
        "live-shape-1",
        "live-shape-2",
        "live-shape-3",
        "live-shape-4",
        "live-shape-5",
        "live-shape-6",
        "live-shape-7",
        "live-confirm-kick",
        "live-op-kick",
        "live-rf-missed",
        "live-rf-false",
        "live-accepted-answers",
        "live-no-answers",
        "live-status-lobby",
        "live-status-open",
        "live-status-closed",
        "live-status-finished",
    ];
    let map: serde_json::Map<String, serde_json::Value> =
        KEYS.iter().map(|k| ((*k).to_owned(), serde_json::Value::String(t.attr(k)))).collect();
    // `</` cannot end the JSON block early.
    serde_json::Value::Object(map).to_string().replace("</", "<\\/")
}

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
    let mut res = render(&JoinPage { page, pin, error: Some(t.get("live-unknown-pin")) });
    *res.status_mut() = StatusCode::NOT_FOUND;
    res
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
    langs: Vec<super::LangLink>,
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
    let game = state.live.fanout(&row.id).await?.ok_or(AppError::NotFound)?.game.clone();
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

pub struct GameLine {
    pub id: String,
    pub title: String,
    pub pin: String,
    pub status: String,
    pub created: String,
}

#[derive(Template)]
#[template(path = "live/new.html")]
struct NewPage {
    page: Page,
    games: Vec<GameLine>,
    modules: Vec<Opt>,
    audiences: Vec<Opt>,
    langs: Vec<Opt>,
    workshop: String,
    count: String,
    time_limit: String,
    accuracy: bool,
    streaks: bool,
    teams: bool,
    no_device: bool,
    auto_close: bool,
    errors: Vec<(String, String)>,
    /// The chosen module's questions for the chosen audience, to pick a custom set from.
    picks: Vec<Pick>,
}

pub struct Pick {
    pub id: String,
    pub label: String,
    pub checked: bool,
}

#[derive(Deserialize, Default)]
pub struct NewQuery {
    #[serde(default)]
    workshop: String,
    #[serde(default)]
    module: String,
    #[serde(default)]
    audience: String,
    #[serde(default)]
    lang: String,
    #[serde(default)]
    count: String,
    #[serde(default)]
    time_limit_s: String,
}

async fn new_page(
    state: &AppState,
    t: Tr,
    user: amane_domain::User,
    input: &LiveIn,
    e: &ValidationErrors,
) -> Result<NewPage, AppError> {
    let games = store::list_for_owner(&state.db, &user.id.to_string(), 20)
        .await?
        .into_iter()
        .map(|r| {
            let title = state.curriculum.module(&r.module_id).map(|m| m.title.text(t.lang).to_owned());
            GameLine {
                status: t.get(&format!("live-status-{}", r.status.code())),
                title: title.unwrap_or(r.module_id),
                pin: r.pin,
                created: format!("{} UTC", t.date_time(r.created_at, 0)),
                id: r.id,
            }
        })
        .collect();
    let mut modules: Vec<Opt> = state
        .curriculum
        .modules
        .iter()
        .filter(|m| !m.questions.is_empty())
        .map(|m| Opt { value: m.id.clone(), label: m.title.text(t.lang).to_owned(), selected: m.id == input.module })
        .collect();
    // Imported question banks can be played too.
    for b in state.db.list_banks().await? {
        if b.questions > 0 {
            let selected = b.id == input.module;
            modules.push(Opt { label: format!("{} ({})", b.title, b.id), value: b.id, selected });
        }
    }
    let audiences = Audience::ALL
        .into_iter()
        .map(|a| Opt { value: a.code().into(), label: audience_label(t, a), selected: a.code() == input.audience })
        .collect();
    let chosen = input.lang.clone().unwrap_or_else(|| t.lang.code().to_owned());
    let langs = Lang::ALL
        .into_iter()
        .map(|l| Opt { value: l.code().into(), label: l.native_name().into(), selected: l.code() == chosen })
        .collect();
    let errors = ["module", "audience", "lang", "count", "time_limit_s", "workshop", "questions", "scoring"]
        .into_iter()
        .filter_map(|f| field_message(t, e, f).map(|m| (t.get(&format!("live-field-{}", f.replace('_', "-"))), m)))
        .collect();
    let mut picks = Vec::new();
    let audience = Audience::parse(input.audience.trim()).ok();
    let module = match state.curriculum.module(input.module.trim()) {
        Some(m) => Some(m.clone()),
        None if !input.module.trim().is_empty() => {
            amane_app::banks::bank_module(&state.db, input.module.trim()).await?
        }
        None => None,
    };
    if let (Some(m), Some(a)) = (module, audience) {
        let chosen = input.questions.clone().unwrap_or_default();
        for q in m.questions.iter().filter(|q| q.audiences.contains(&a)) {
            let kind = t.get(&format!("question-type-{}", q.kind.code()));
            let prompt = q.prompt.text(t.lang);
            // Prompts often say "(several answers)" already: the kind is not said twice.
            let said = prompt.to_lowercase().contains(&kind.to_lowercase());
            picks.push(Pick {
                label: if said { prompt.to_owned() } else { format!("{prompt} ({kind})") },
                checked: chosen.contains(&q.id),
                id: q.id.clone(),
            });
        }
    }
    Ok(NewPage {
        picks,
        page: Page::new(t, t.get("live-title"), Some(user)),
        games,
        modules,
        audiences,
        langs,
        workshop: input.workshop.clone().unwrap_or_default(),
        count: input.count.unwrap_or(10).to_string(),
        time_limit: input.time_limit_s.map(|s| s.to_string()).unwrap_or_default(),
        accuracy: input.scoring.as_deref() == Some("accuracy"),
        streaks: input.streaks.unwrap_or(true),
        teams: input.teams.unwrap_or(false),
        no_device: input.no_device.unwrap_or(false),
        auto_close: input.auto_close.unwrap_or(true),
        errors,
    })
}

/// `/live`: the facilitator's games and a form to start one.
pub async fn list(
    State(state): State<AppState>,
    ReqLang(lang): ReqLang,
    PageUser(id): PageUser,
    Query(q): Query<NewQuery>,
) -> Result<Response, AppError> {
    require_role(&id.user, &LIVE_HOSTS)?;
    let audience = if q.audience.is_empty() { "12-14".to_owned() } else { q.audience };
    let input = LiveIn {
        module: q.module,
        audience,
        workshop: Some(q.workshop).filter(|w| !w.is_empty()),
        lang: Some(q.lang).filter(|l| !l.is_empty()),
        count: q.count.trim().parse().ok(),
        time_limit_s: q.time_limit_s.trim().parse().ok(),
        ..Default::default()
    };
    Ok(render(&new_page(&state, Tr::new(lang), id.user, &input, &ValidationErrors::new()).await?))
}

fn form_value<'a>(pairs: &'a [(String, String)], name: &str) -> Option<&'a str> {
    pairs.iter().find(|(k, _)| k == name).map(|(_, v)| v.as_str())
}

/// `POST /live`: creates the game and opens its console.
pub async fn create(
    State(state): State<AppState>,
    ReqLang(lang): ReqLang,
    PageUser(id): PageUser,
    PageForm(pairs): PageForm<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    require_role(&id.user, &LIVE_HOSTS)?;
    let t = Tr::new(lang);
    let mut e = ValidationErrors::new();
    let number = |name: &str, e: &mut ValidationErrors| match form_value(&pairs, name).map(str::trim) {
        None | Some("") => None,
        Some(v) => match v.parse::<u32>() {
            Ok(n) => Some(n),
            Err(_) => {
                e.add(name, FieldCode::NumberInvalid);
                None
            }
        },
    };
    let count = number("count", &mut e);
    let time_limit_s = number("time_limit_s", &mut e);
    let on = |name: &str| form_value(&pairs, name).is_some();
    let input = LiveIn {
        module: form_value(&pairs, "module").unwrap_or("").to_owned(),
        audience: form_value(&pairs, "audience").unwrap_or("").to_owned(),
        lang: form_value(&pairs, "lang").map(str::to_owned),
        count,
        questions: None,
        workshop: form_value(&pairs, "workshop").map(str::to_owned).filter(|w| !w.trim().is_empty()),
        scoring: Some(if on("accuracy") { "accuracy" } else { "speed" }.to_owned()),
        streaks: Some(on("streaks")),
        teams: Some(on("teams")),
        no_device: Some(on("no_device")),
        auto_close: Some(on("auto_close")),
        time_limit_s,
    };
    let picked: Vec<String> = pairs.iter().filter(|(k, _)| k == "q").map(|(_, v)| v.clone()).collect();
    let input = LiveIn { questions: Some(picked).filter(|p| !p.is_empty()), ..input };
    let prepared = if e.is_empty() {
        amane_app::live::prepare(&state.db, &state.curriculum, &id.user, &input).await
    } else {
        Err(e.into())
    };
    match prepared {
        Ok(game) => {
            let (gid, _) = state.live.create(game).await?;
            Ok(Redirect::to(&format!("/live/{gid}")).into_response())
        }
        Err(amane_app::Error::Validation(e)) => {
            let mut res = render(&new_page(&state, t, id.user, &input, &e).await?);
            *res.status_mut() = StatusCode::UNPROCESSABLE_ENTITY;
            Ok(res)
        }
        Err(other) => Err(other.into()),
    }
}

pub struct QuestionLine {
    pub index: usize,
    pub prompt: String,
    pub options: Vec<String>,
}

/// One of the console's controls: a form shown only in the phases where it makes sense.
pub struct ConsoleOp {
    pub op: &'static str,
    pub label: String,
    /// Space-separated phases (see `phase`) in which the control is shown.
    pub phases: &'static str,
    /// The next step: the big button.
    pub primary: bool,
    pub shown: bool,
    /// Seconds, for `extend`.
    pub seconds: Option<u32>,
}

/// A participant on the console, with the form that removes them from the game.
pub struct PlayerLine {
    pub idx: i64,
    pub nickname: String,
}

/// Where a game stands, as the console's controls see it: `lobby`, `open`, `paused`, `closed` (more
/// questions to come), `last` (the last question closed) or `finished`.
pub fn phase(s: &amane_live::protocol::StateView) -> &'static str {
    match s.status.as_str() {
        "lobby" => "lobby",
        "open" if s.paused => "paused",
        "open" => "open",
        "closed" if s.question.is_some_and(|q| q + 1 >= s.total) => "last",
        "closed" => "closed",
        _ => "finished",
    }
}

/// The console's controls, in the order shown; the next step first.
fn console_ops(t: Tr, phase: &str) -> Vec<ConsoleOp> {
    let op = |op: &'static str, key: &str, phases: &'static str, primary: bool| ConsoleOp {
        op,
        label: t.get(key),
        phases,
        primary,
        shown: phases.split(' ').any(|p| p == phase),
        seconds: None,
    };
    vec![
        op("next", "live-op-start", "lobby", true),
        op("close", "live-op-close", "open", true),
        op("resume", "live-op-resume", "paused", true),
        op("next", "live-op-next", "closed", true),
        op("next", "live-op-podium", "last", true),
        ConsoleOp { seconds: Some(15), ..op("extend", "live-op-extend", "open paused", false) },
        op("pause", "live-op-pause", "open", false),
        op("skip", "live-op-skip", "open paused", false),
    ]
}

#[derive(Template)]
#[template(path = "live/console.html")]
struct ConsolePage {
    page: Page,
    id: String,
    pin: String,
    join_url: String,
    qr: String,
    title: String,
    finished: bool,
    no_device: bool,
    state_line: String,
    phase: &'static str,
    ops: Vec<ConsoleOp>,
    players: Vec<PlayerLine>,
    questions: Vec<QuestionLine>,
    script: String,
    strings: String,
}

#[derive(Template)]
#[template(path = "live/screen.html")]
struct ScreenPage {
    t: Tr,
    lang: Lang,
    css: String,
    script: String,
    icon: String,
    id: String,
    pin: String,
    join_url: String,
    join_host: String,
    qr: String,
    title: String,
    strings: String,
}

/// The lines of a question that a show-of-hands form asks counts for.
fn count_labels(t: Tr, q: &amane_content::model::Question) -> Vec<String> {
    use amane_content::model::QuestionKind;
    match &q.kind {
        QuestionKind::Single { choices } | QuestionKind::Multiple { choices } => {
            choices.iter().map(|c| c.text.text(t.lang).to_owned()).collect()
        }
        QuestionKind::TrueFalse { .. } => vec![t.get("live-false"), t.get("live-true")],
        QuestionKind::ShortAnswer { .. } => vec![t.get("live-right"), t.get("live-wrong")],
        QuestionKind::RedFlags(_) => Vec::new(),
    }
}

/// A game its facilitator is looking at, and where children join it.
struct Hosted {
    row: store::LiveSessionRow,
    game: std::sync::Arc<amane_live::game::Game>,
    join_url: String,
    /// The join address without the scheme, as the screen shows it.
    join_host: String,
}

async fn hosted(
    state: &AppState,
    user: &amane_domain::User,
    gid: &str,
    headers: &HeaderMap,
) -> Result<Hosted, AppError> {
    let row = runnable(state, user, gid).await?;
    let game = state.live.fanout(gid).await?.ok_or(AppError::NotFound)?.game.clone();
    let base = super::base_url(state, headers);
    let join_url = format!("{base}/join/{}", row.pin);
    let join_host = format!("{base}/join").replace("https://", "").replace("http://", "");
    Ok(Hosted { row, game, join_url, join_host })
}

/// `/live/<id>`: the facilitator's console (controls, players, show-of-hands counts).
pub async fn console(
    State(state): State<AppState>,
    ReqLang(lang): ReqLang,
    PageUser(id): PageUser,
    headers: HeaderMap,
    Path(gid): Path<String>,
) -> Result<Response, AppError> {
    let t = Tr::new(lang);
    let Hosted { row, game, join_url, .. } = hosted(&state, &id.user, &gid, &headers).await?;
    let finished = row.status.is_finished();
    let (state_line, phase) = if finished {
        (t.get("live-status-finished"), "finished")
    } else {
        let s = control(&state, &gid, Control::Status).await?;
        (status_line(t, &s), self::phase(&s))
    };
    let players = store::players(&state.db, &gid)
        .await?
        .into_iter()
        .filter(|p| !p.kicked)
        .map(|p| PlayerLine { idx: p.idx, nickname: p.nickname })
        .collect();
    Ok(render(&ConsolePage {
        page: Page::new(t, t.get("live-console-title"), Some(id.user)),
        qr: super::qr_svg(&join_url),
        join_url,
        pin: row.pin.clone(),
        title: game.settings.title.text(lang).to_owned(),
        finished,
        no_device: game.settings.no_device,
        state_line,
        phase,
        ops: console_ops(t, phase),
        players,
        questions: game
            .questions
            .iter()
            .enumerate()
            .map(|(i, q)| QuestionLine {
                index: i,
                prompt: q.prompt.text(lang).to_owned(),
                options: count_labels(t, q),
            })
            .collect(),
        id: gid,
        script: crate::assets::url("live.js"),
        strings: script_strings(t),
    }))
}

fn status_line(t: Tr, s: &amane_live::protocol::StateView) -> String {
    let players = t.args("live-players", &[("count", Arg::Num(i64::from(s.players)))]);
    match (s.status.as_str(), s.question) {
        ("open" | "closed", Some(q)) => {
            let of = t.args(
                "live-question-of",
                &[("index", Arg::Num(i64::from(q) + 1)), ("total", Arg::Num(i64::from(s.total)))],
            );
            format!("{} · {of} · {players}", t.get(&format!("live-status-{}", s.status)))
        }
        (status, _) => format!("{} · {players}", t.get(&format!("live-status-{status}"))),
    }
}

/// `/live/<id>/screen`: the classroom screen (projector).
pub async fn screen(
    State(state): State<AppState>,
    ReqLang(lang): ReqLang,
    PageUser(id): PageUser,
    headers: HeaderMap,
    Path(gid): Path<String>,
) -> Result<Response, AppError> {
    let t = Tr::new(lang);
    let Hosted { row, game, join_url, join_host } = hosted(&state, &id.user, &gid, &headers).await?;
    let page = Page::new(t, String::new(), None);
    Ok(render(&ScreenPage {
        t,
        lang,
        css: page.css.clone(),
        script: crate::assets::url("live.js"),
        icon: page.icon.clone(),
        id: gid,
        pin: row.pin,
        qr: super::qr_svg(&join_url),
        join_host,
        join_url,
        title: game.settings.title.text(lang).to_owned(),
        strings: script_strings(t),
    }))
}

/// `POST /live/<id>/control`: a control from the console's forms (`op`, and `seconds`, `player` or
/// `question` with `count_0`, `count_1`…). Answers with the console again, or JSON for the script.
pub async fn control_form(
    State(state): State<AppState>,
    ReqLang(lang): ReqLang,
    PageUser(id): PageUser,
    headers: HeaderMap,
    Path(gid): Path<String>,
    PageForm(pairs): PageForm<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    runnable(&state, &id.user, &gid).await?;
    let t = Tr::new(lang);
    let num = |name: &str| -> Result<u32, AppError> {
        form_value(&pairs, name)
            .and_then(|v| v.trim().parse::<u32>().ok())
            .ok_or_else(|| ValidationErrors::single(name, FieldCode::NumberInvalid).into())
    };
    let c = match form_value(&pairs, "op").unwrap_or("") {
        "next" | "start" => Control::Next,
        "close" => Control::Close,
        "skip" => Control::Skip,
        "pause" => Control::Pause,
        "resume" => Control::Resume,
        "end" => Control::End,
        "extend" => Control::Extend { seconds: num("seconds")?.clamp(1, 600) },
        "kick" => Control::Kick { player: num("player")? },
        "counts" => {
            let question = num("question")?;
            let mut counts = Vec::new();
            for i in 0.. {
                let key = format!("count_{i}");
                match form_value(&pairs, &key) {
                    Some(v) if v.trim().is_empty() => counts.push(0),
                    Some(v) => counts.push(
                        v.trim()
                            .parse::<u32>()
                            .map_err(|_| ValidationErrors::single(&key, FieldCode::NumberInvalid))?,
                    ),
                    None => break,
                }
            }
            Control::Counts { question, counts }
        }
        _ => return Err(ValidationErrors::single("op", FieldCode::KindUnknown).into()),
    };
    // Ending a game or removing a child cannot be undone: without `confirmed`, the console asks first (the
    // script asks with a dialog and sends `confirmed`; without JavaScript this page does).
    if matches!(c, Control::End | Control::Kick { .. }) && form_value(&pairs, "confirmed") != Some("yes") {
        return confirm_page(&state, t, id.user, &gid, &c).await;
    }
    let s = control(&state, &gid, c).await?;
    let wants_json =
        headers.get("accept").and_then(|v| v.to_str().ok()).is_some_and(|a| a.contains("application/json"));
    if wants_json {
        return Ok(axum::Json(s).into_response());
    }
    Ok(Redirect::to(&format!("/live/{gid}")).into_response())
}

#[derive(Template)]
#[template(path = "live/confirm.html")]
struct ConfirmPage {
    page: Page,
    id: String,
    op: &'static str,
    player: Option<u32>,
    question: String,
    button: String,
}

async fn confirm_page(
    state: &AppState,
    t: Tr,
    user: amane_domain::User,
    gid: &str,
    c: &Control,
) -> Result<Response, AppError> {
    let (op, player, question, button) = match c {
        Control::Kick { player } => {
            let nickname = store::players(&state.db, gid)
                .await?
                .into_iter()
                .find(|p| p.idx == i64::from(*player))
                .map(|p| p.nickname)
                .ok_or(AppError::NotFound)?;
            (
                "kick",
                Some(*player),
                t.args("live-confirm-kick", &[("name", Arg::Str(&nickname))]),
                t.get("live-op-kick"),
            )
        }
        _ => ("end", None, t.get("live-confirm-end"), t.get("live-op-end")),
    };
    Ok(render(&ConfirmPage {
        page: Page::new(t, t.get("live-confirm-title"), Some(user)),
        id: gid.to_owned(),
        op,
        player,
        question,
        button,
    }))
}

#[derive(Template)]
#[template(path = "live/results.html")]
struct ResultsPage {
    page: Page,
    id: String,
    title: String,
    res: amane_app::live::Results,
    summary: String,
    bars: Vec<u32>,
}

/// `/live/<id>/results`: the figures of a game (also while it runs).
pub async fn results_page(
    State(state): State<AppState>,
    ReqLang(lang): ReqLang,
    PageUser(id): PageUser,
    Path(gid): Path<String>,
) -> Result<Response, AppError> {
    let t = Tr::new(lang);
    let row = runnable(&state, &id.user, &gid).await?;
    let r = results(&state.db, &row, lang).await?;
    let title = state.curriculum.module(&row.module_id).map(|m| m.title.text(lang).to_owned()).unwrap_or_default();
    let bars = r.questions.iter().map(|q| (q.correct * 100).checked_div(q.answered).unwrap_or(0)).collect();
    let summary = format!(
        "{} · {}",
        t.get(&format!("live-status-{}", r.status)),
        t.args("live-players", &[("count", Arg::Num(i64::from(r.players)))])
    );
    Ok(render(&ResultsPage {
        page: Page::new(t, t.get("live-results-title"), Some(id.user)),
        id: gid,
        title,
        res: r,
        summary,
        bars,
    }))
}

/// `/live/<id>/results.csv`.
pub async fn results_csv_file(
    State(state): State<AppState>,
    ReqLang(lang): ReqLang,
    PageUser(id): PageUser,
    Path(gid): Path<String>,
) -> Result<Response, AppError> {
    let row = runnable(&state, &id.user, &gid).await?;
    let r = results(&state.db, &row, lang).await?;
    let body = results_csv(&r)?;
    Ok((
        [
            (CONTENT_TYPE, "text/csv; charset=utf-8".to_owned()),
            (CONTENT_DISPOSITION, format!("attachment; filename=\"amane-live-{}.csv\"", row.pin)),
        ],
        body,
    )
        .into_response())
}
