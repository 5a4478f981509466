//! Live sessions on the web side: the engine's refusals as HTTP errors, a facilitator's controls, and the WebSocket
//! endpoint (protocol v1, docs/live-protocol.md). Preparing a game and reading its results are services
//! (`amane_app::live`).

use crate::AppState;
use crate::auth::client_ip;
use crate::error::AppError;
use crate::i18n::Tr;
use amane_domain::FieldCode;
use amane_domain::{Lang, User, ValidationErrors};
use amane_live::protocol::{ClientMsg, Personal, Texts, parse_client, render_personal};
use amane_live::{Control, Hub, LiveError, Out};
use amane_store::live::LiveSessionRow;
use axum::extract::ws::{CloseFrame, Message, Utf8Bytes, WebSocket, WebSocketUpgrade};
use axum::http::HeaderMap;
use futures::SinkExt;
use serde::Deserialize;
use std::net::IpAddr;
use std::time::Duration;

/// The game, if this user may run it: its owner, or an administrator or organizer.
pub async fn runnable(state: &AppState, user: &User, id: &str) -> Result<LiveSessionRow, AppError> {
    Ok(amane_app::live::runnable(&state.db, user, id).await?)
}

/// A control that is a word alone, as the console's forms and the API name it (`start` is `next` from the
/// lobby); the controls that carry a number (extend, kick, counts) are read by each of them.
pub fn control_word(op: &str) -> Option<Control> {
    Some(match op {
        "start" | "next" => Control::Next,
        "close" => Control::Close,
        "skip" => Control::Skip,
        "pause" => Control::Pause,
        "resume" => Control::Resume,
        "end" => Control::End,
        _ => return None,
    })
}

/// An engine refusal as an HTTP error.
pub fn app_error(e: LiveError) -> AppError {
    match e.code {
        "unknown_session" => AppError::NotFound,
        "session_finished" => AppError::Conflict(crate::error::ErrorCode::SessionFinished),
        "invalid_counts" => AppError::Validation(ValidationErrors::single("counts", FieldCode::InvalidCounts)),
        "unknown_player" => AppError::Validation(ValidationErrors::single("player", FieldCode::PlayerUnknown)),
        _ => AppError::Unavailable(e.code.into()),
    }
}

pub async fn control(state: &AppState, id: &str, c: Control) -> Result<amane_live::protocol::StateView, AppError> {
    let ends = matches!(c, Control::End);
    let view = state.live.control(id, c).await.map_err(app_error)?;
    if ends {
        // A game played as a pre/post test hands its answers to the test when it ends.
        amane_app::assessments::record_game(&state.db, id).await?;
    }
    Ok(view)
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
    // The socket reads frames up to 16 times the limit, so that a frame over the limit is read and answered with an
    // `error` frame and close 1009 (the protocol's promise); past that, the socket library drops the connection.
    let hard = 16 * max;
    Ok(upgrade
        .read_buffer_size(max)
        .write_buffer_size(8 * 1024)
        .max_write_buffer_size(256 * 1024)
        .max_message_size(hard)
        .max_frame_size(hard)
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
    matches!(
        code,
        "nickname_invalid" | "nickname_taken" | "unknown_pin" | "not_joined" | "session_finished" | "game_full"
    )
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
                    // 1003: the endpoint takes text frames only (RFC 6455 §7.4.1).
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
                    // A wrong switch code counts against the game (codes are short); a wrong resume token only
                    // against the network that sent it, so forged tokens cannot stop a game's devices switching.
                    match (code.as_str(), &st.session) {
                        ("unknown_code", Some(s)) => hub.code_failed(ip, s),
                        ("unknown_token", _) => hub.token_failed(ip),
                        _ => {}
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
        ClientMsg::Join { pin, nickname, lang, device } => {
            st.lang = parse_lang(lang.as_deref(), st.lang);
            st.closing_refusal = false;
            if st.player.is_some() {
                return None;
            }
            hub.join(conn.id, &pin, &nickname, st.lang, ip, device.as_deref()).await
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
