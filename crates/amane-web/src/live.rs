//! Live sessions on the web side: creating a game from a module's questions, who may run it, the WebSocket
//! endpoint (protocol v1, docs/live-protocol.md), and results from the database.

use crate::AppState;
use crate::auth::client_ip;
use crate::error::AppError;
use crate::i18n::Tr;
use amane_content::model::Question;
use amane_domain::{Audience, Lang, Role, User, ValidationErrors};
use amane_live::game::{Game, Scoring, Settings, StoredAnswer};
use amane_live::protocol::{ClientMsg, Personal, Texts, parse_client, render_personal};
use amane_live::{Control, Hub, LiveError, NewGame, Out};
use amane_store::live::{self as store, LiveSessionRow};
use axum::extract::ws::{CloseFrame, Message, Utf8Bytes, WebSocket, WebSocketUpgrade};
use axum::http::HeaderMap;
use futures::SinkExt;
use serde::{Deserialize, Serialize};
use std::net::IpAddr;
use std::time::Duration;

/// Who may start and run games.
pub const LIVE_HOSTS: [Role; 3] = [Role::Admin, Role::Organizer, Role::Facilitator];

/// What a facilitator asks for; shared by the form and the API.
#[derive(Debug, Clone, Default, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct LiveIn {
    /// A module of the curriculum (`phishing`, `deepfakes`…).
    pub module: String,
    /// 8-11, 12-14, 15-17, staff or parents: questions are those written for this audience.
    pub audience: String,
    /// The screen's language (fr, ar or en); each participant reads in their own.
    #[serde(default)]
    pub lang: Option<String>,
    /// How many questions, in the module's order (default 10, at most 50).
    #[serde(default)]
    pub count: Option<u32>,
    /// A custom set: question ids of the module, in this order (instead of `count`).
    #[serde(default)]
    pub questions: Option<Vec<String>>,
    /// The workshop this game belongs to (its campaign, establishment and region count it).
    #[serde(default)]
    pub workshop: Option<String>,
    /// `speed` (500 to 1,000 points by speed) or `accuracy` (1,000 per right answer; for younger children).
    #[serde(default)]
    pub scoring: Option<String>,
    #[serde(default)]
    pub streaks: Option<bool>,
    /// A class or a table shares one device; nicknames are team names.
    #[serde(default)]
    pub teams: Option<bool>,
    /// No phones in the room: the facilitator enters show-of-hands counts.
    #[serde(default)]
    pub no_device: Option<bool>,
    /// The same time for every question (5 to 300 s); else 20 to 60 s depending on the kind.
    #[serde(default)]
    pub time_limit_s: Option<u32>,
    /// Close a question as soon as every connected participant has answered, instead of waiting for the timer
    /// or a `close` (default no through the API; the console's form offers it ticked).
    #[serde(default)]
    pub auto_close: Option<bool>,
}

/// Checks a request and picks its questions.
pub async fn prepare(state: &AppState, user: &User, input: &LiveIn) -> Result<NewGame, AppError> {
    let mut e = ValidationErrors::new();
    // A module of the curriculum, or an imported question bank.
    let module = match state.curriculum.module(input.module.trim()) {
        Some(m) => Some(m.clone()),
        None => crate::banks::bank_module(&state.db, input.module.trim()).await?,
    };
    if module.is_none() {
        e.add("module", "module_unknown");
    }
    let audience = Audience::parse(input.audience.trim()).ok();
    if audience.is_none() {
        e.add("audience", "audience_unknown");
    }
    let lang = match input.lang.as_deref().map(str::trim).filter(|s| !s.is_empty()) {
        None => Some(Lang::Fr),
        Some(l) => Lang::from_tag(l).filter(|x| x.code() == l),
    };
    if lang.is_none() {
        e.add("lang", "lang_unknown");
    }
    let scoring = match input.scoring.as_deref().map(str::trim).unwrap_or("speed") {
        "speed" | "" => Some(Scoring::Speed),
        "accuracy" => Some(Scoring::Accuracy),
        _ => None,
    };
    if scoring.is_none() {
        e.add("scoring", "scoring_unknown");
    }
    if input.count.is_some_and(|c| !(1..=50).contains(&c)) {
        e.add("count", "number_invalid");
    }
    if input.time_limit_s.is_some_and(|s| !(5..=300).contains(&s)) {
        e.add("time_limit_s", "number_invalid");
    }
    let workshop = match input.workshop.as_deref().map(str::trim).filter(|s| !s.is_empty()) {
        None => None,
        Some(w) => match w.parse::<amane_domain::workshop::WorkshopId>() {
            Ok(id) if state.db.find_workshop(id).await?.is_some() => Some(id.to_string()),
            _ => {
                e.add("workshop", "workshop_unknown");
                None
            }
        },
    };
    let mut questions: Vec<Question> = Vec::new();
    if let (Some(m), Some(a)) = (&module, audience) {
        let fits = |q: &&Question| q.audiences.contains(&a);
        match &input.questions {
            Some(ids) => {
                for id in ids {
                    match m.questions.iter().find(|q| q.id == *id) {
                        Some(q) => questions.push(q.clone()),
                        None => e.add("questions", "question_unknown"),
                    }
                }
                if ids.is_empty() || ids.len() > 50 {
                    e.add("questions", "number_invalid");
                }
            }
            None => {
                let n = input.count.unwrap_or(10) as usize;
                questions = m.questions.iter().filter(fits).take(n).cloned().collect();
                if questions.is_empty() {
                    e.add("audience", "no_questions_for_audience");
                }
            }
        }
    }
    e.into_result()?;
    let (Some(module), Some(audience), Some(lang), Some(scoring)) = (module, audience, lang, scoring) else {
        return Err(AppError::Internal("validated input without values".into()));
    };
    Ok(NewGame {
        owner_id: user.id.to_string(),
        workshop_id: workshop,
        module_id: module.id.clone(),
        audience: audience.code().into(),
        lang,
        settings: Settings {
            title: module.title.clone(),
            scoring,
            streaks: input.streaks.unwrap_or(true),
            teams: input.teams.unwrap_or(false),
            no_device: input.no_device.unwrap_or(false),
            time_limit_s: input.time_limit_s,
            auto_close: input.auto_close.unwrap_or(false),
        },
        questions,
    })
}

/// The game, if this user may run it: its owner, or an administrator or organizer.
pub async fn runnable(state: &AppState, user: &User, id: &str) -> Result<LiveSessionRow, AppError> {
    let row = store::get(&state.db, id).await?.ok_or(AppError::NotFound)?;
    if row.owner_id == user.id.to_string() || matches!(user.role, Role::Admin | Role::Organizer) {
        Ok(row)
    } else {
        Err(AppError::Forbidden)
    }
}

/// An engine refusal as an HTTP error.
pub fn app_error(e: LiveError) -> AppError {
    match e.code {
        "unknown_session" => AppError::NotFound,
        "session_finished" => AppError::Conflict("session_finished"),
        "invalid_counts" => AppError::Validation(ValidationErrors::single("counts", "invalid_counts")),
        "unknown_player" => AppError::Validation(ValidationErrors::single("player", "player_unknown")),
        _ => AppError::Unavailable(e.code.into()),
    }
}

pub async fn control(state: &AppState, id: &str, c: Control) -> Result<amane_live::protocol::StateView, AppError> {
    state.live.control(id, c).await.map_err(app_error)
}

/// The protocol's sentences, from the Fluent files (`live-…` keys).
pub struct FluentTexts;

impl Texts for FluentTexts {
    fn message(&self, code: &str, lang: Lang) -> String {
        let t = Tr::new(lang);
        let key = format!("live-{}", code.replace('_', "-"));
        if t.has(&key) { t.plain(&key, &[]) } else { t.plain("live-server-busy", &[]) }
    }
}

#[derive(Debug, Deserialize)]
pub struct WsQuery {
    /// A screen watching this game (signed-in facilitator).
    pub host: Option<String>,
}

/// `GET /live/ws`: a participant's or a screen's WebSocket. Frames from participants are limited to 4 KiB and
/// the connection's buffers are sized for tens of thousands of connections per node.
pub async fn ws(
    axum::extract::State(state): axum::extract::State<AppState>,
    crate::i18n_layer::ReqLang(lang): crate::i18n_layer::ReqLang,
    crate::auth::MaybeUser(who): crate::auth::MaybeUser,
    axum::extract::Query(q): axum::extract::Query<WsQuery>,
    headers: HeaderMap,
    req_ext: axum::http::Extensions,
    upgrade: WebSocketUpgrade,
) -> Result<axum::response::Response, AppError> {
    let host = match q.host {
        Some(id) => {
            // A screen authenticates with its session cookie: another site must not open one for it.
            if !crate::security::same_site_headers(&state, &headers) {
                return Err(AppError::CrossSite);
            }
            let user = who.ok_or(AppError::Unauthorized)?.user;
            runnable(&state, &user, &id).await?;
            Some(id)
        }
        None => None,
    };
    let ip = client_ip(&state, &headers, crate::auth::peer_ip(&req_ext));
    let max = amane_live::MAX_PARTICIPANT_FRAME_BYTES;
    Ok(upgrade
        .read_buffer_size(max)
        .write_buffer_size(8 * 1024)
        .max_write_buffer_size(256 * 1024)
        .max_message_size(max)
        .max_frame_size(max)
        .on_upgrade(move |socket| run(state.live.clone(), socket, lang, ip, host)))
}

struct ConnState {
    lang: Lang,
    session: Option<String>,
    player: Option<u32>,
    /// The last request was a resume or a switch: its refusal closes the connection.
    closing_refusal: bool,
}

fn close_frame(code: u16, reason: &'static str) -> Message {
    Message::Close(Some(CloseFrame { code, reason: Utf8Bytes::from_static(reason) }))
}

fn error_frame(code: &str, lang: Lang) -> Message {
    let p = Personal::Error { code: code.into(), field: None, retry_after_s: None };
    Message::Text(render_personal(&p, lang, &FluentTexts, None).into())
}

/// Refusals after which the client may try again on the same connection (another nickname, another PIN).
fn stays_open(code: &str) -> bool {
    matches!(code, "nickname_invalid" | "nickname_taken" | "unknown_pin" | "not_joined" | "session_finished")
}

fn parse_lang(raw: Option<&str>, fallback: Lang) -> Lang {
    raw.and_then(|l| Lang::from_tag(l.trim())).unwrap_or(fallback)
}

async fn run(hub: Hub, mut socket: WebSocket, lang: Lang, ip: Option<IpAddr>, host: Option<String>) {
    let mut conn = hub.connect(lang);
    let mut st = ConnState { lang, session: None, player: None, closing_refusal: false };
    if let Some(id) = &host {
        st.session = Some(id.clone());
        if let Err(e) = hub.watch(conn.id, id, lang).await {
            let _ = socket.send(Message::Text(render_personal(&e.personal(), lang, &FluentTexts, None).into())).await;
            hub.disconnect(conn.id, None);
            return;
        }
    }
    let first_deadline = tokio::time::sleep(Duration::from_secs(10));
    tokio::pin!(first_deadline);
    let mut ping = tokio::time::interval(Duration::from_secs(30));
    ping.tick().await;
    loop {
        tokio::select! {
            msg = socket.recv() => {
                let msg = match msg {
                    Some(Ok(m)) => m,
                    Some(Err(e)) => {
                        // tungstenite refuses an oversized frame before we see it.
                        let why = e.to_string().to_lowercase();
                        if why.contains("size") || why.contains("capacity") {
                            let _ = socket.send(error_frame("frame_too_large", st.lang)).await;
                            let _ = socket.send(close_frame(1009, "frame too large")).await;
                        }
                        break;
                    }
                    None => break,
                };
                match msg {
                    Message::Text(t) => {
                        if t.len() > amane_live::MAX_PARTICIPANT_FRAME_BYTES {
                            let _ = socket.send(error_frame("frame_too_large", st.lang)).await;
                            let _ = socket.send(close_frame(1009, "frame too large")).await;
                            break;
                        }
                        match parse_client(t.as_str()) {
                            Ok(m) => {
                                if let Some(reply) = handle(&hub, &conn, &mut st, m, ip).await {
                                    let close = matches!(&reply, Personal::Error { code, .. } if !stays_open(code));
                                    let text = render_personal(&reply, st.lang, &FluentTexts, None);
                                    let _ = socket.send(Message::Text(text.into())).await;
                                    if close {
                                        let _ = socket.send(close_frame(1008, "refused")).await;
                                        break;
                                    }
                                }
                            }
                            Err(e) => {
                                let _ = socket.send(error_frame(e.code(), st.lang)).await;
                                let _ = socket.send(close_frame(1007, "malformed frame")).await;
                                break;
                            }
                        }
                    }
                    Message::Binary(_) => {
                        let _ = socket.send(error_frame("malformed_frame", st.lang)).await;
                        let _ = socket.send(close_frame(1003, "text frames only")).await;
                        break;
                    }
                    Message::Close(_) => break,
                    Message::Ping(_) | Message::Pong(_) => {}
                }
            }
            out = conn.rx.recv() => {
                let Some(out) = out else { break };
                // Whatever else is already waiting goes out in the same write (a `closed` and its `result`).
                let mut batch = vec![out];
                while batch.len() < 16 {
                    match conn.rx.try_recv() {
                        Ok(o) => batch.push(o),
                        Err(_) => break,
                    }
                }
                let mut end = false;
                for out in batch {
                    let (frame, close) = outgoing(&hub, &mut st, out, ip);
                    if let Some(frame) = frame
                        && socket.feed(frame).await.is_err()
                    {
                        end = true;
                        break;
                    }
                    if let Some(code) = close {
                        let _ = socket.feed(close_frame(code, if code == 1000 { "bye" } else { "refused" })).await;
                        end = true;
                        break;
                    }
                }
                if socket.flush().await.is_err() || end {
                    break;
                }
            }
            _ = ping.tick() => {
                if socket.send(Message::Ping(Default::default())).await.is_err() {
                    break;
                }
            }
            _ = &mut first_deadline, if st.session.is_none() => {
                let _ = socket.send(close_frame(1008, "join first")).await;
                break;
            }
        }
    }
    if let (Some(session), Some(player)) = (&st.session, st.player)
        && host.is_none()
    {
        hub.left(conn.id, session, player).await;
    }
    hub.disconnect(conn.id, st.session.as_deref());
}

/// What to send for a message from the engine, and whether to close afterwards (with this close code).
fn outgoing(hub: &Hub, st: &mut ConnState, out: Out, ip: Option<IpAddr>) -> (Option<Message>, Option<u16>) {
    match out {
        Out::Shared(f) => (Utf8Bytes::try_from(f.get(st.lang).clone()).ok().map(Message::Text), None),
        Out::Text(t) => (Some(Message::Text(t.into())), None),
        Out::Close => (None, Some(1000)),
        Out::Personal(p) => {
            let mut close = None;
            let mut game = None;
            match &*p {
                Personal::Welcome { session, player, .. } => {
                    st.session = Some(session.clone());
                    st.player = Some(*player);
                    game = hub.game(session);
                }
                Personal::Error { code, .. } => {
                    if matches!(code.as_str(), "unknown_token" | "unknown_code")
                        && let Some(s) = &st.session
                    {
                        hub.code_failed(ip, s);
                    }
                    if st.closing_refusal && st.player.is_none() {
                        close = Some(1008);
                    }
                }
                _ => {}
            }
            let text = render_personal(&p, st.lang, &FluentTexts, game.as_deref());
            (Some(Message::Text(text.into())), close)
        }
    }
}

/// Acts on a client frame; `Some` is an immediate answer (a refusal), else the answer comes from the game.
async fn handle(
    hub: &Hub,
    conn: &amane_live::Connection,
    st: &mut ConnState,
    m: ClientMsg,
    ip: Option<IpAddr>,
) -> Option<Personal> {
    let result = match m {
        ClientMsg::Ping => return Some(Personal::Pong),
        ClientMsg::Join { pin, nickname, lang } => {
            st.lang = parse_lang(lang.as_deref(), st.lang);
            st.closing_refusal = false;
            if st.player.is_some() {
                return None;
            }
            hub.join(conn.id, &pin, &nickname, st.lang, ip).await
        }
        ClientMsg::Resume { token, lang } => {
            st.lang = parse_lang(lang.as_deref(), st.lang);
            st.closing_refusal = true;
            if let Some(s) = token.split('.').next() {
                st.session = Some(s.to_owned()).filter(|s| s.len() == 36);
            }
            hub.resume(conn.id, &token, st.lang, ip).await
        }
        ClientMsg::Switch { pin, code, lang } => {
            st.lang = parse_lang(lang.as_deref(), st.lang);
            st.closing_refusal = true;
            hub.switch(conn.id, &pin, &code, st.lang, ip).await
        }
        ClientMsg::Answer { question, answer } => match (&st.session, st.player) {
            (Some(s), Some(p)) => hub.answer(conn.id, s, p, question as u32, answer, st.lang).await,
            _ => Err(LiveError::new("not_joined")),
        },
    };
    result.err().map(|e| e.personal())
}

/// One question's figures after the game.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct QuestionStats {
    pub index: u32,
    pub id: String,
    pub kind: String,
    pub prompt: String,
    /// Participants who answered.
    pub answered: u32,
    /// Of those, fully right.
    pub correct: u32,
    /// Points on average over those who answered.
    pub mean_points: u32,
    /// Mean time to answer, milliseconds.
    pub mean_ms: u32,
    /// Show-of-hands counts per option (no-device mode).
    pub group_counts: Option<Vec<i64>>,
    /// Answers per option (or per red flag and harmless part), show-of-hands counts included.
    pub chart: Vec<Bar>,
}

/// One bar of a question's answer chart.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct Bar {
    pub label: String,
    pub count: i64,
    /// A right option, or a real red flag.
    pub right: bool,
}

#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct Standing {
    pub rank: u32,
    pub nickname: String,
    pub score: i64,
    pub answered: u32,
    pub correct: u32,
}

/// A game's results, from what was stored (pseudonymous: nicknames only).
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct Results {
    pub id: String,
    pub pin: String,
    pub status: String,
    pub module: String,
    pub audience: String,
    pub workshop: Option<String>,
    pub players: u32,
    pub questions: Vec<QuestionStats>,
    pub ranking: Vec<Standing>,
}

pub async fn results(state: &AppState, row: &LiveSessionRow, lang: Lang) -> Result<Results, AppError> {
    let game = Game::from_json(&row.settings, &row.questions)
        .map_err(|e| AppError::Internal(format!("live_sessions.questions: {e}")))?;
    let players = store::players(&state.db, &row.id).await?;
    let answers = store::answers(&state.db, &row.id).await?;
    let groups = store::group_counts(&state.db, &row.id).await?;
    let t = Tr::new(lang);
    let (right, wrong, yes, no) =
        (t.attr("live-right"), t.attr("live-wrong"), t.attr("live-true"), t.attr("live-false"));
    let questions = game
        .questions
        .iter()
        .enumerate()
        .map(|(i, q)| {
            let mine: Vec<_> = answers.iter().filter(|a| a.question_idx == i as i64).collect();
            let group = groups.iter().find(|(qi, _)| *qi == i as i64).map(|(_, c)| c.clone());
            let mut chart: Vec<Bar> = game
                .slots(i, lang, &right, &wrong, &yes, &no)
                .into_iter()
                .enumerate()
                .map(|(k, s)| Bar {
                    label: s.label,
                    count: group.as_ref().and_then(|g| g.get(k)).copied().unwrap_or(0),
                    right: s.right,
                })
                .collect();
            for a in &mine {
                let Ok(stored) = serde_json::from_str::<StoredAnswer>(&a.answer) else { continue };
                let Ok(answer) = game.answer(i, stored.lang.unwrap_or_default(), &stored.wire) else { continue };
                for k in game.slots_of(i, &answer, a.correct_milli as f64 / 1000.0) {
                    if let Some(b) = chart.get_mut(k) {
                        b.count += 1;
                    }
                }
            }
            let n = mine.len() as u32;
            let div = |x: i64| if n == 0 { 0 } else { (x / i64::from(n)) as u32 };
            QuestionStats {
                index: i as u32,
                id: q.id.clone(),
                kind: q.kind.code().into(),
                prompt: q.prompt.get(lang).1.to_owned(),
                answered: n,
                correct: mine.iter().filter(|a| a.correct_milli >= 1000).count() as u32,
                mean_points: div(mine.iter().map(|a| a.points).sum()),
                mean_ms: div(mine.iter().map(|a| a.elapsed_ms).sum()),
                group_counts: group,
                chart,
            }
        })
        .collect();
    let mut ranking: Vec<Standing> = players
        .iter()
        .filter(|p| !p.kicked)
        .map(|p| {
            let mine: Vec<_> = answers.iter().filter(|a| a.player_idx == p.idx).collect();
            Standing {
                rank: 0,
                nickname: p.nickname.clone(),
                score: mine.iter().map(|a| a.points).sum(),
                answered: mine.len() as u32,
                correct: mine.iter().filter(|a| a.correct_milli >= 1000).count() as u32,
            }
        })
        .collect();
    ranking.sort_by(|a, b| b.score.cmp(&a.score).then_with(|| a.nickname.cmp(&b.nickname)));
    for (i, s) in ranking.iter_mut().enumerate() {
        s.rank = i as u32 + 1;
    }
    Ok(Results {
        id: row.id.clone(),
        pin: row.pin.clone(),
        status: row.status.clone(),
        module: row.module_id.clone(),
        audience: row.audience.clone(),
        workshop: row.workshop_id.clone(),
        players: ranking.len() as u32,
        questions,
        ranking,
    })
}

/// The results as CSV: one line per participant, then one per question.
pub fn results_csv(r: &Results) -> Result<String, AppError> {
    let mut w = crate::csv_out::writer();
    let err = |e: csv::Error| AppError::Internal(e.to_string());
    crate::csv_out::row(
        &mut w,
        ["section", "rank_or_index", "nickname_or_question", "score_or_mean_points", "answered", "correct"],
    )
    .map_err(err)?;
    for s in &r.ranking {
        crate::csv_out::row(
            &mut w,
            [
                "participant",
                &s.rank.to_string(),
                &s.nickname,
                &s.score.to_string(),
                &s.answered.to_string(),
                &s.correct.to_string(),
            ],
        )
        .map_err(err)?;
    }
    for q in &r.questions {
        crate::csv_out::row(
            &mut w,
            [
                "question",
                &(q.index + 1).to_string(),
                &q.prompt,
                &q.mean_points.to_string(),
                &q.answered.to_string(),
                &q.correct.to_string(),
            ],
        )
        .map_err(err)?;
    }
    let bytes = w.into_inner().map_err(|e| AppError::Internal(e.to_string()))?;
    String::from_utf8(bytes).map_err(|e| AppError::Internal(e.to_string()))
}
