//! A stand-in for amane's live endpoint, to test the load generator itself (not a benchmark baseline): the HTTP
//! controls and the participant WebSocket of docs/live-protocol.md, in memory, with the rules simplified (every
//! well-formed answer is worth 100 points). It speaks just enough HTTP/1.1 for the load generator's client.

use crate::common::ws_config;
use futures_util::{SinkExt, StreamExt};
use serde_json::{Value, json};
use std::collections::{HashMap, HashSet};
use std::net::SocketAddr;
use std::sync::{Arc, Mutex, MutexGuard};
use tokio::io::{AsyncBufReadExt, AsyncReadExt, AsyncWriteExt, BufReader};
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::{mpsc, watch};
use tokio_tungstenite::WebSocketStream;
use tokio_tungstenite::tungstenite::Message;
use tokio_tungstenite::tungstenite::handshake::derive_accept_key;
use tokio_tungstenite::tungstenite::protocol::Role;

#[derive(clap::Args, Debug)]
pub struct MockArgs {
    #[arg(long, default_value = "127.0.0.1:8080")]
    bind: SocketAddr,
    /// The bearer token the mock expects.
    #[arg(long, default_value = "mock-token")]
    token: String,
}

const KINDS: &[&str] = &["single", "multiple", "true_false", "short_answer", "red_flags"];
/// What a connection task is told to send; `None` closes the connection.
type Outbox = mpsc::UnboundedSender<Option<String>>;

#[derive(Clone, Copy, PartialEq)]
enum Phase {
    Lobby,
    Open(usize),
    Closed(usize),
    Finished,
}

struct Player {
    nickname: String,
    token: String,
    score: i64,
    answered: HashSet<usize>,
    connection: Option<(u64, Outbox)>,
}

struct Game {
    id: String,
    pin: String,
    total: usize,
    phase: Phase,
    players: Vec<Player>,
}

#[derive(Default)]
struct State {
    games: Vec<Game>,
    next_connection: u64,
}

pub struct Mock {
    token: String,
    state: Mutex<State>,
    /// What each node did, for tests: `node/create`, `node/join`, `node/resume` → how many times.
    seen: Mutex<HashMap<String, usize>>,
}

impl Mock {
    pub fn new(token: &str) -> Arc<Mock> {
        Arc::new(Mock { token: token.to_owned(), state: Mutex::new(State::default()), seen: Mutex::default() })
    }

    fn state(&self) -> MutexGuard<'_, State> {
        self.state.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    fn saw(&self, node: &str, what: &str) {
        *self.seen.lock().unwrap_or_else(|p| p.into_inner()).entry(format!("{node}/{what}")).or_default() += 1;
    }

    /// How many times `node` did `what` (`create`, `join`, `resume`).
    #[cfg(test)]
    pub fn seen(&self, node: &str, what: &str) -> usize {
        self.seen.lock().unwrap_or_else(|p| p.into_inner()).get(&format!("{node}/{what}")).copied().unwrap_or(0)
    }
}

pub async fn serve(args: MockArgs) -> Result<(), String> {
    let listener = TcpListener::bind(args.bind).await.map_err(|e| format!("cannot bind {}: {e}", args.bind))?;
    eprintln!("mock-amane: listening on http://{} (pid {})", args.bind, std::process::id());
    run(listener, Mock::new(&args.token)).await;
    Ok(())
}

pub async fn run(listener: TcpListener, mock: Arc<Mock>) {
    let (_alive, dead) = watch::channel(false);
    run_node(listener, mock, "mock", dead).await;
}

/// One node of the mock: several may serve the same `Mock` (nodes sharing a database). When `dead` turns true the
/// node dies: it stops listening and drops every connection it holds, HTTP and WebSocket alike.
pub async fn run_node(listener: TcpListener, mock: Arc<Mock>, node: &'static str, dead: watch::Receiver<bool>) {
    let mut death = dead.clone();
    loop {
        tokio::select! {
            accepted = listener.accept() => match accepted {
                Ok((tcp, _)) => {
                    let mock = mock.clone();
                    let mut dead = dead.clone();
                    tokio::spawn(async move {
                        tokio::select! {
                            _ = connection(mock, tcp, node) => {}
                            _ = died(&mut dead) => {}
                        }
                    });
                }
                Err(e) => {
                    eprintln!("mock-amane: accept: {e}");
                    tokio::time::sleep(std::time::Duration::from_millis(50)).await;
                }
            },
            _ = died(&mut death) => return,
        }
    }
}

/// Returns once the node is dead (the watch's guard is not kept across awaits: it is not `Send`).
async fn died(dead: &mut watch::Receiver<bool>) {
    let _ = dead.wait_for(|d| *d).await;
}

struct Request {
    method: String,
    path: String,
    headers: HashMap<String, String>,
    body: Vec<u8>,
}

async fn read_request(reader: &mut BufReader<TcpStream>) -> Option<Request> {
    let mut line = String::new();
    reader.read_line(&mut line).await.ok().filter(|n| *n > 0)?;
    let mut parts = line.split_whitespace();
    let method = parts.next()?.to_owned();
    let path = parts.next()?.to_owned();
    let mut headers = HashMap::new();
    loop {
        let mut header = String::new();
        reader.read_line(&mut header).await.ok().filter(|n| *n > 0)?;
        let header = header.trim_end();
        if header.is_empty() {
            break;
        }
        let (name, value) = header.split_once(':')?;
        headers.insert(name.trim().to_ascii_lowercase(), value.trim().to_owned());
    }
    let length: usize = headers.get("content-length").and_then(|v| v.parse().ok()).unwrap_or(0);
    let mut body = vec![0; length];
    reader.read_exact(&mut body).await.ok()?;
    Some(Request { method, path, headers, body })
}

async fn connection(mock: Arc<Mock>, tcp: TcpStream, node: &str) {
    let _ = tcp.set_nodelay(true);
    let mut reader = BufReader::new(tcp);
    while let Some(request) = read_request(&mut reader).await {
        if request.path.starts_with("/live/ws") {
            let Some(key) = request.headers.get("sec-websocket-key") else { return };
            let accept = derive_accept_key(key.as_bytes());
            let mut tcp = reader.into_inner();
            let response = format!(
                "HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n\
                 Sec-WebSocket-Accept: {accept}\r\n\r\n"
            );
            if tcp.write_all(response.as_bytes()).await.is_err() {
                return;
            }
            let ws = WebSocketStream::from_raw_socket(tcp, Role::Server, Some(ws_config(4096))).await;
            participant(mock, ws, node).await;
            return;
        }
        let (status, body) = http(&mock, &request, node);
        let body = body.to_string();
        let response = format!(
            "HTTP/1.1 {status}\r\nContent-Type: application/json\r\nContent-Length: {}\r\n\r\n{body}",
            body.len()
        );
        if reader.get_mut().write_all(response.as_bytes()).await.is_err() {
            return;
        }
    }
}

fn http(mock: &Mock, request: &Request, node: &str) -> (&'static str, Value) {
    if request.path == "/healthz" {
        return ("200 OK", json!({"status": "ok"}));
    }
    let authorised = request.headers.get("authorization").is_some_and(|v| *v == format!("Bearer {}", mock.token));
    if !authorised {
        return ("401 Unauthorized", json!({"error": "unauthorized"}));
    }
    let mut state = mock.state();
    if request.method == "GET" {
        return get(&state, &request.path);
    }
    if request.method != "POST" {
        return ("405 Method Not Allowed", json!({"error": "method"}));
    }
    if request.path == "/api/v1/live" {
        let Ok(body) = serde_json::from_slice::<Value>(&request.body) else {
            return ("400 Bad Request", json!({"error": "body"}));
        };
        let number = state.games.len();
        let id = format!("00000000-0000-4000-8000-{number:012}");
        let pin = format!("{:06}", 482_913 + number);
        let total = body["count"].as_u64().unwrap_or(10) as usize;
        state.games.push(Game { id: id.clone(), pin: pin.clone(), total, phase: Phase::Lobby, players: Vec::new() });
        mock.saw(node, "create");
        return ("201 Created", json!({"id": id, "pin": pin, "join_url": "/live", "status": "lobby"}));
    }
    let Some(rest) = request.path.strip_prefix("/api/v1/live/") else {
        return ("404 Not Found", json!({"error": "not_found"}));
    };
    let Some((id, action)) = rest.split_once('/') else { return ("404 Not Found", json!({"error": "not_found"})) };
    let Some(game) = state.games.iter_mut().find(|g| g.id == id) else {
        return ("404 Not Found", json!({"error": "unknown_game"}));
    };
    match (action, game.phase) {
        ("next" | "start", Phase::Lobby) => open(game, 0),
        ("next", Phase::Closed(k)) if k + 1 < game.total => open(game, k + 1),
        ("close", Phase::Open(k)) => close(game, k),
        ("end", Phase::Closed(_) | Phase::Lobby) => end(game),
        _ => return ("409 Conflict", json!({"error": "wrong_phase"})),
    }
    ("200 OK", json!({"status": "ok"}))
}

/// `GET /api/v1/live/{id}` (the state) and `GET /api/v1/live/{id}/results` (the ranking).
fn get(state: &State, path: &str) -> (&'static str, Value) {
    let Some(rest) = path.strip_prefix("/api/v1/live/") else {
        return ("404 Not Found", json!({"error": "not_found"}));
    };
    let (id, results) = match rest.split_once('/') {
        Some((id, "results")) => (id, true),
        Some(_) => return ("404 Not Found", json!({"error": "not_found"})),
        None => (rest, false),
    };
    let Some(game) = state.games.iter().find(|g| g.id == id) else {
        return ("404 Not Found", json!({"error": "unknown_game"}));
    };
    if results {
        let ranking: Vec<Value> = game
            .players
            .iter()
            .map(|p| json!({"nickname": p.nickname, "score": p.score, "answered": p.answered.len()}))
            .collect();
        return ("200 OK", json!({"id": game.id, "ranking": ranking}));
    }
    let (status, question) = match game.phase {
        Phase::Lobby => ("lobby", None),
        Phase::Open(k) => ("open", Some(k)),
        Phase::Closed(k) => ("closed", Some(k)),
        Phase::Finished => ("finished", None),
    };
    ("200 OK", json!({"id": game.id, "pin": game.pin, "status": status, "question": question, "total": game.total}))
}

fn question(game: &Game, index: usize, answered: bool) -> String {
    let kind = KINDS[index % KINDS.len()];
    let mut frame = json!({"type": "question", "index": index, "total": game.total, "kind": kind,
        "prompt": "?", "limit_ms": 60_000, "remaining_ms": 60_000, "paused": false, "answered": answered});
    match kind {
        "single" | "multiple" => frame["options"] = json!(["a", "b", "c", "d"]),
        "red_flags" => {
            frame["format"] = json!("sms");
            frame["segments"] = json!([{"text": "x "}, {"tap": 0, "text": "y"}, {"tap": 1, "text": "z"}]);
        }
        _ => {}
    }
    frame.to_string()
}

fn send(player: &Player, frame: String) {
    if let Some((_, outbox)) = &player.connection {
        let _ = outbox.send(Some(frame));
    }
}

fn open(game: &mut Game, index: usize) {
    game.phase = Phase::Open(index);
    let frame = question(game, index, false);
    for player in &game.players {
        send(player, frame.clone());
    }
}

fn closed_frame(index: usize, players: usize) -> String {
    json!({"type": "closed", "index": index, "kind": KINDS[index % KINDS.len()], "correct": [0], "counts": [],
        "answered": 0, "players": players, "explanation": "", "leaderboard": []})
    .to_string()
}

fn close(game: &mut Game, index: usize) {
    game.phase = Phase::Closed(index);
    let players = game.players.len();
    for player in &mut game.players {
        let answered = player.answered.contains(&index);
        if answered {
            player.score += 100;
        }
        send(player, closed_frame(index, players));
        let result = json!({"type": "result", "index": index, "answered": answered, "correct": answered,
            "points": if answered { 100 } else { 0 }, "score": player.score, "rank": 1, "streak": 0});
        send(player, result.to_string());
    }
}

fn end(game: &mut Game) {
    game.phase = Phase::Finished;
    let players = game.players.len();
    for player in &game.players {
        send(player, json!({"type": "finished", "players": players, "podium": []}).to_string());
        send(player, json!({"type": "final", "score": player.score, "rank": 1}).to_string());
    }
}

/// The frames that follow `welcome`: the current state.
fn state_frames(game: &Game, player: usize) -> Vec<String> {
    match game.phase {
        Phase::Lobby => vec![json!({"type": "lobby", "players": game.players.len()}).to_string()],
        Phase::Open(k) => vec![question(game, k, game.players[player].answered.contains(&k))],
        Phase::Closed(k) => vec![closed_frame(k, game.players.len())],
        Phase::Finished => vec![
            json!({"type": "finished", "players": game.players.len(), "podium": []}).to_string(),
            json!({"type": "final", "score": game.players[player].score, "rank": 1}).to_string(),
        ],
    }
}

fn error(code: &str) -> String {
    json!({"type": "error", "code": code, "message": code}).to_string()
}

/// Handles `join` and `resume`: registers the connection and queues `welcome` and the state.
fn enter(mock: &Mock, frame: &Value, outbox: &Outbox) -> Result<(usize, usize, u64), String> {
    let mut state = mock.state();
    state.next_connection += 1;
    let connection = state.next_connection;
    let (game_index, player_index) = match frame["type"].as_str() {
        Some("join") => {
            let pin = frame["pin"].as_str().unwrap_or("");
            let game_index = state.games.iter().position(|g| g.pin == pin).ok_or_else(|| error("unknown_pin"))?;
            let game = &mut state.games[game_index];
            let nickname = frame["nickname"].as_str().unwrap_or("");
            if nickname.chars().count() < 2 || nickname.chars().count() > 24 {
                return Err(error("nickname_invalid"));
            }
            if game.players.iter().any(|p| p.nickname == nickname) {
                return Err(error("nickname_taken"));
            }
            let token = format!("{}.{}.secret", game.id, game.players.len());
            game.players.push(Player {
                nickname: nickname.to_owned(),
                token,
                score: 0,
                answered: HashSet::new(),
                connection: None,
            });
            (game_index, game.players.len() - 1)
        }
        Some("resume") => {
            let token = frame["token"].as_str().unwrap_or("");
            state
                .games
                .iter()
                .enumerate()
                .find_map(|(g, game)| game.players.iter().position(|p| p.token == token).map(|p| (g, p)))
                .ok_or_else(|| error("unknown_token"))?
        }
        _ => return Err(error("not_joined")),
    };
    let game = &mut state.games[game_index];
    let player = &mut game.players[player_index];
    if let Some((_, old)) = player.connection.replace((connection, outbox.clone())) {
        let _ = old.send(Some(json!({"type": "replaced"}).to_string()));
        let _ = old.send(None);
    }
    let welcome = json!({"type": "welcome", "session": game.id, "player": player_index, "nickname": player.nickname,
        "token": player.token, "code": "7KQ2MD", "score": player.score, "rank": null, "title": "Mock",
        "questions": game.total, "scoring": "speed", "teams": false});
    let _ = outbox.send(Some(welcome.to_string()));
    for frame in state_frames(game, player_index) {
        let _ = outbox.send(Some(frame));
    }
    Ok((game_index, player_index, connection))
}

fn answer(mock: &Mock, game_index: usize, player_index: usize, frame: &Value) -> String {
    let mut state = mock.state();
    let game = &mut state.games[game_index];
    let index = frame["question"].as_u64().unwrap_or(u64::MAX) as usize;
    let refused = |code: &str| json!({"type": "refused", "question": index, "code": code, "message": code}).to_string();
    match game.phase {
        Phase::Open(k) if k == index => {}
        Phase::Open(_) => return refused("wrong_question"),
        _ => return refused("question_not_open"),
    }
    let well_formed = match KINDS[index % KINDS.len()] {
        "single" => frame["choices"].as_array().is_some_and(|c| c.len() == 1 && c[0].as_u64().is_some_and(|i| i < 4)),
        "multiple" => frame["choices"].as_array().is_some_and(|c| c.iter().all(|i| i.as_u64().is_some_and(|i| i < 4))),
        "true_false" => frame["value"].is_boolean(),
        "short_answer" => frame["text"].is_string(),
        _ => frame["taps"].as_array().is_some_and(|t| t.iter().all(|i| i.as_u64().is_some_and(|i| i < 2))),
    };
    let player = &mut game.players[player_index];
    if !well_formed && !player.answered.contains(&index) {
        return refused("malformed_answer");
    }
    player.answered.insert(index);
    json!({"type": "accepted", "question": index}).to_string()
}

async fn participant(mock: Arc<Mock>, mut ws: WebSocketStream<TcpStream>, node: &str) {
    let (outbox, mut inbox) = mpsc::unbounded_channel::<Option<String>>();
    let mut joined: Option<(usize, usize, u64)> = None;
    loop {
        tokio::select! {
            frame = ws.next() => {
                let Some(Ok(Message::Text(text))) = frame else {
                    if matches!(frame, Some(Ok(Message::Ping(_) | Message::Pong(_)))) {
                        continue;
                    }
                    break;
                };
                let Ok(frame) = serde_json::from_str::<Value>(text.as_str()) else { break };
                match (frame["type"].as_str(), joined) {
                    (Some(kind @ ("join" | "resume")), None) => match enter(&mock, &frame, &outbox) {
                        Ok(entered) => {
                            mock.saw(node, kind);
                            joined = Some(entered);
                        }
                        Err(refusal) => {
                            let _ = outbox.send(Some(refusal));
                            if frame["type"] != "join" {
                                let _ = outbox.send(None);
                            }
                        }
                    },
                    (Some("answer"), Some((g, p, _))) => {
                        let _ = outbox.send(Some(answer(&mock, g, p, &frame)));
                    }
                    (Some("ping"), _) => {
                        let _ = outbox.send(Some(json!({"type": "pong"}).to_string()));
                    }
                    _ => {
                        let _ = outbox.send(Some(error("malformed_frame")));
                        let _ = outbox.send(None);
                    }
                }
            }
            out = inbox.recv() => match out {
                Some(Some(text)) => {
                    if ws.send(Message::text(text)).await.is_err() {
                        break;
                    }
                }
                Some(None) | None => {
                    let _ = ws.close(None).await;
                    break;
                }
            },
        }
    }
    if let Some((g, p, connection)) = joined {
        let mut state = mock.state();
        let player = &mut state.games[g].players[p];
        if player.connection.as_ref().is_some_and(|(c, _)| *c == connection) {
            player.connection = None;
        }
    }
}
