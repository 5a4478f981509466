//! The facilitator's console (`/live/<id>`): the controls that make sense in the game's phase, the players, the
//! show-of-hands counts of a game without devices; the controls' forms, and the confirmation asked before what
//! cannot be undone.

use super::{Hosted, form_value, script_strings};
use crate::AppState;
use crate::auth::PageUser;
use crate::error::AppError;
use crate::i18n::{Arg, Tr};
use crate::i18n_layer::ReqLang;
use crate::live::{control, control_word, runnable};
use crate::pages::{Page, PageForm, qr_svg, render};
use amane_domain::{FieldCode, ValidationErrors};
use amane_live::Control;
use amane_store::live as store;
use askama::Template;
use axum::extract::{Path, State};
use axum::http::HeaderMap;
use axum::response::{IntoResponse, Redirect, Response};

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

/// `/live/<id>`: the facilitator's console (controls, players, show-of-hands counts).
pub async fn console(
    State(state): State<AppState>,
    ReqLang(lang): ReqLang,
    hosted: Hosted,
) -> Result<Response, AppError> {
    let t = Tr::new(lang);
    let Hosted { user, row, game, join_url, .. } = hosted;
    let gid = row.game.id.clone();
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
        page: Page::new(t, t.get("live-console-title"), Some(user)),
        qr: qr_svg(&join_url),
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
        word => control_word(word).ok_or_else(|| ValidationErrors::single("op", FieldCode::KindUnknown))?,
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
