//! `play`: live games on an amane server, driven over HTTP and played by N WebSocket participants, each following
//! docs/live-protocol.md (version 1) the way a phone would: join, answer after a human delay, drop and resume.

use crate::common::{Percentiles, Target, Ws, per_connection_kib, rss_kib};
use futures_util::{SinkExt, StreamExt};
use rand::rngs::SmallRng;
use rand::seq::IndexedRandom;
use rand::{Rng, SeedableRng};
use serde::Serialize;
use serde_json::{Map, Value, json};
use std::collections::BTreeMap;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};
use tokio::sync::{Semaphore, mpsc, watch};
use tokio_tungstenite::tungstenite::Message;

/// Server frames (a question with eight options, `closed` with its leaderboard and explanation) may exceed the
/// 4 KiB that participants may send; this only caps what the load generator accepts.
const MAX_SERVER_FRAME: usize = 256 * 1024;
/// How long a join or a resume may take, handshake and `welcome` included.
const HANDSHAKE_TIMEOUT: Duration = Duration::from_secs(30);
/// Unplanned disconnections a participant recovers from (by `resume`) before giving up.
const MAX_UNPLANNED_RESUMES: u32 = 3;
/// A frame missing after a control is put down to a reconnection when the participant lost its connection at most
/// this long after the control was sent (or was still away then).
const AWAY_MARGIN: Duration = Duration::from_secs(5);
/// How long participants have to receive `final` once the last driver is done.
const END_GRACE: Duration = Duration::from_secs(30);

/// Nickname words: single, harmless words, so that a nickname never looks like a first and last name.
const WORDS: &[&str] = &[
    "Lynx", "Faucon", "Comete", "Etoile", "Panda", "Renard", "Hibou", "Koala", "Dauphin", "Castor", "Loutre",
    "Mouette", "Gazelle", "Fennec", "Cigogne", "Tortue",
];
const SHORT_ANSWERS: &[&str] = &["phishing", "hameçonnage", "je ne sais pas", "arnaque"];

#[derive(clap::Args, Debug)]
pub struct PlayArgs {
    /// The amane server (http:// only).
    #[arg(long, default_value = "http://127.0.0.1:8080")]
    base: String,
    /// A bearer token of a facilitator account (`amane admin token`).
    #[arg(long, env = "AMANE_TOKEN", hide_env_values = true)]
    token: String,
    /// How many games to run at the same time.
    #[arg(long, default_value_t = 1)]
    sessions: usize,
    /// Participants in all, shared between the games.
    #[arg(long, default_value_t = 10_000)]
    players: usize,
    /// Questions per game (`count`).
    #[arg(long, default_value_t = 5)]
    questions: usize,
    /// The share of participants that drop their connection once during the game, then resume.
    #[arg(long, default_value_t = 0.2)]
    drop: f64,
    /// The server's process id, to report its memory per participant (from /proc/PID/status).
    #[arg(long)]
    server_pid: Option<u32>,
    /// The module whose questions are played.
    #[arg(long, default_value = "phishing")]
    module: String,
    /// The audience the questions are chosen for: 8-11, 12-14, 15-17, staff or parents.
    #[arg(long, default_value = "12-14")]
    audience: String,
    /// The games' and the participants' language: fr, ar or en.
    #[arg(long, default_value = "fr")]
    lang: String,
    /// speed or accuracy.
    #[arg(long, default_value = "speed")]
    scoring: String,
    /// The time limit of every question, in seconds.
    #[arg(long, default_value_t = 60)]
    time_limit_s: u64,
    /// The longest a participant thinks before answering, in milliseconds.
    #[arg(long, default_value_t = 3000)]
    think_ms: u64,
    /// The shortest a participant thinks before answering, in milliseconds (at most --think-ms).
    #[arg(long, default_value_t = 500)]
    think_min_ms: u64,
    /// The longest a dropped participant waits before reconnecting, in milliseconds.
    #[arg(long, default_value_t = 2000)]
    reconnect_ms: u64,
    /// How many connections are opened at the same time during the ramp-up.
    #[arg(long, default_value_t = 500)]
    connect_concurrency: usize,
    /// Pause between closing a question and opening the next, in milliseconds.
    #[arg(long, default_value_t = 1000)]
    pause_ms: u64,
    /// Print the summary as one JSON line on standard output.
    #[arg(long)]
    json: bool,
}

// ---------------------------------------------------------------------------------------------------------------
// Shared state

/// What every participant needs.
struct Ctx {
    target: Target,
    lang: String,
    think: (Duration, Duration),
    reconnect_max: Duration,
    drop: f64,
    gate: Semaphore,
}

/// One game: created over HTTP, driven by its driver, played by its participants.
struct Game {
    number: usize,
    id: String,
    pin: String,
    /// The number of questions, from the first `welcome` (0 until then).
    total: AtomicUsize,
    /// Participants that joined.
    joined: AtomicUsize,
    /// Per question, how many participants are done with it (answer acknowledged or refused, closed, gave up).
    settled: Mutex<Vec<usize>>,
}

impl Game {
    fn settled(&self) -> std::sync::MutexGuard<'_, Vec<usize>> {
        self.settled.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    fn settle(&self, index: usize) {
        let mut settled = self.settled();
        if settled.len() <= index {
            settled.resize(index + 1, 0);
        }
        settled[index] += 1;
    }

    fn settled_count(&self, index: usize) -> usize {
        self.settled().get(index).copied().unwrap_or(0)
    }
}

// ---------------------------------------------------------------------------------------------------------------
// Participants

#[derive(Debug, Default)]
enum Answer {
    #[default]
    None,
    /// Sent, not yet acknowledged: the frame, to send again after a reconnection if the server did not store it.
    Sent(String),
    Accepted,
    Refused,
    /// The question closed before this participant answered.
    Missed,
}

#[derive(Debug, Default)]
struct QuestionLog {
    answer: Answer,
    settled: bool,
    /// When the `closed` frame arrived live (not replayed after a reconnection).
    closed_at: Option<Instant>,
    result_at: Option<Instant>,
}

/// The open question, as far as answering it goes.
struct Open {
    index: usize,
    kind: String,
    options: usize,
    taps: Vec<u64>,
}

#[derive(Debug, Default)]
struct PlayerReport {
    game: usize,
    joined: bool,
    connect_error: Option<String>,
    /// Refused joins (`code` or `code/field`), each one.
    join_refusals: Vec<String>,
    answers_sent: u32,
    accepted: u32,
    /// Answers without `accepted` that a `question` frame after a reconnection showed as stored.
    accepted_on_resume: u32,
    refusals: Vec<String>,
    /// Questions that closed before this participant sent its answer.
    missed: u32,
    /// Questions of a kind this load generator does not know (not answered).
    unknown_kinds: u32,
    resumes_attempted: u32,
    resumes_ok: u32,
    score_mismatches: u32,
    /// Resumes where a result was in flight, so the expected score is unknown.
    score_unchecked: u32,
    unplanned_disconnects: Vec<String>,
    /// When this participant had no connection: from the drop or loss to the next `welcome` (`None`: never).
    away: Vec<(Instant, Option<Instant>)>,
    questions: Vec<QuestionLog>,
    finished_at: Option<Instant>,
    final_at: Option<Instant>,
    failure: Option<String>,
}

impl PlayerReport {
    fn unacknowledged(&self) -> usize {
        self.questions.iter().filter(|q| matches!(q.answer, Answer::Sent(_))).count()
    }

    /// Whether a frame broadcast in answer to a control sent at `t0` may have found this participant away.
    fn away_after(&self, t0: Instant) -> bool {
        self.away.iter().any(|&(from, to)| from <= t0 + AWAY_MARGIN && to.is_none_or(|to| to >= t0))
    }
}

/// What ended one connection's part of the game.
enum Step {
    /// `final` received.
    Done,
    /// The planned drop: close the socket abruptly, then resume.
    Drop,
    /// The connection was lost without being asked to.
    Lost(String),
    /// Kicked, replaced, or an `error` frame: the server closes the connection.
    Fail(String),
    /// The run is over.
    Stopped,
}

struct Player {
    ctx: Arc<Ctx>,
    game: Arc<Game>,
    rng: SmallRng,
    token: String,
    /// The last score this participant knows (from `welcome` at join, then from each `result`).
    score: i64,
    total: usize,
    open: Option<Open>,
    /// The question to answer and when.
    pending: Option<(usize, Instant)>,
    paused: bool,
    /// The planned drop: during this question, this long after its frame.
    drop_plan: Option<(usize, Duration)>,
    drop_at: Option<Instant>,
    /// After `welcome` on a reconnection: the next frame is the replayed state, and the score to check.
    resumed_score: Option<i64>,
    report: PlayerReport,
}

async fn participant(
    ctx: Arc<Ctx>,
    game: Arc<Game>,
    number: usize,
    joined: mpsc::UnboundedSender<()>,
    mut stop: watch::Receiver<bool>,
) -> PlayerReport {
    let mut player = Player {
        rng: SmallRng::from_rng(&mut rand::rng()),
        report: PlayerReport { game: game.number, ..PlayerReport::default() },
        ctx,
        game,
        token: String::new(),
        score: 0,
        total: 0,
        open: None,
        pending: None,
        paused: false,
        drop_plan: None,
        drop_at: None,
        resumed_score: None,
    };
    let connection = player.join(number).await;
    let _ = joined.send(());
    drop(joined);
    let Some(mut ws) = connection else { return player.report };
    let mut unplanned = 0;
    loop {
        match player.play(&mut ws, &mut stop).await {
            Step::Done => {
                let _ = tokio::time::timeout(Duration::from_secs(5), ws.close(None)).await;
                break;
            }
            Step::Stopped => {
                player.give_up("the run ended before `final`".into());
                break;
            }
            Step::Fail(reason) => {
                player.give_up(reason);
                break;
            }
            Step::Drop => {
                // Abruptly: no close frame, and a reset rather than an orderly shutdown of the TCP connection.
                let _ = ws.get_ref().set_zero_linger();
                drop(ws);
                player.report.away.push((Instant::now(), None));
                let wait = player.rng.random_range(Duration::from_millis(100)..=player.ctx.reconnect_max.max(ms(100)));
                tokio::time::sleep(wait).await;
            }
            Step::Lost(reason) => {
                drop(ws);
                player.report.away.push((Instant::now(), None));
                player.report.unplanned_disconnects.push(reason.clone());
                unplanned += 1;
                if unplanned > MAX_UNPLANNED_RESUMES {
                    player.give_up(format!("lost the connection {unplanned} times, last: {reason}"));
                    break;
                }
                tokio::time::sleep(player.rng.random_range(ms(200)..=ms(1000))).await;
            }
        }
        ws = match player.resume().await {
            Ok(ws) => ws,
            Err(e) => {
                player.give_up(e);
                break;
            }
        };
    }
    player.report
}

fn ms(n: u64) -> Duration {
    Duration::from_millis(n)
}

/// Sleeps until `at`, or forever without one.
async fn until(at: Option<Instant>) {
    match at {
        Some(at) => tokio::time::sleep_until(at.into()).await,
        None => std::future::pending().await,
    }
}

/// The nicknames a participant tries, in order: a word and a short counter, then variants in case the server
/// refuses the first one. Never a first and last name (no space), never a phone number (at most 5 digits up to
/// 161,050 participants), at most 24 characters.
fn nicknames(number: usize) -> [String; 3] {
    let word = WORDS[number % WORDS.len()];
    let counter = counter(number);
    [format!("{word}-{counter}"), format!("{word}_{counter}"), format!("{}{counter}", word.to_lowercase())]
}

/// The counter's symbols: no vowel, no digit that reads as a letter in leetspeak (0 1 3 4 5 7), and none of the
/// consonants of the vowel-less abbreviations that nickname filters block (pd, fdp, ntm, wtf, lsd, xxx, …), so
/// that a counter never spells a blocked word.
const COUNTER_SYMBOLS: &[u8] = b"bghjqrz2689";

fn counter(mut n: usize) -> String {
    let base = COUNTER_SYMBOLS.len();
    let mut out = String::new();
    loop {
        out.insert(0, char::from(COUNTER_SYMBOLS[n % base]));
        n /= base;
        if n == 0 {
            break;
        }
    }
    out
}

/// Reads frames until a JSON text frame (pings and pongs are answered by tungstenite).
async fn read_json(ws: &mut Ws) -> Result<Value, String> {
    loop {
        match ws.next().await {
            Some(Ok(Message::Text(text))) => {
                return serde_json::from_str(text.as_str())
                    .map_err(|e| format!("a server frame is not JSON ({e}): {}", text.as_str()));
            }
            Some(Ok(Message::Close(frame))) => return Err(format!("the server closed the connection ({frame:?})")),
            Some(Ok(_)) => {}
            Some(Err(e)) => return Err(format!("connection: {e}")),
            None => return Err("the server closed the connection".into()),
        }
    }
}

async fn send_json(ws: &mut Ws, frame: &Value) -> Result<(), String> {
    ws.send(Message::text(frame.to_string())).await.map_err(|e| format!("send: {e}"))
}

fn kind_of(frame: &Value) -> &str {
    frame["type"].as_str().unwrap_or("")
}

fn error_code(frame: &Value) -> String {
    let code = frame["code"].as_str().unwrap_or("unknown");
    match frame["field"].as_str() {
        Some(field) => format!("{code}/{field}"),
        None => code.to_owned(),
    }
}

fn index_of(frame: &Value, key: &str) -> Option<usize> {
    frame[key].as_u64().map(|i| i as usize)
}

impl Player {
    fn question(&mut self, index: usize) -> &mut QuestionLog {
        let log = &mut self.report.questions;
        if log.len() <= index {
            log.resize_with(index + 1, QuestionLog::default);
        }
        &mut log[index]
    }

    /// Done with this question, as far as the driver waiting to close it is concerned (once per question).
    fn settle(&mut self, index: usize) {
        let question = self.question(index);
        if !question.settled {
            question.settled = true;
            self.game.settle(index);
        }
    }

    fn settle_before(&mut self, index: usize) {
        for i in 0..index {
            self.settle(i);
        }
    }

    /// Leaves the game: the driver stops waiting for this participant.
    fn give_up(&mut self, reason: String) {
        let total = self.total.max(self.game.total.load(Ordering::SeqCst));
        self.settle_before(total);
        self.report.failure.get_or_insert(reason);
    }

    /// Connects (at most `connect_concurrency` at a time) and joins; `None` if it could not.
    async fn join(&mut self, number: usize) -> Option<Ws> {
        let ctx = self.ctx.clone();
        let joined = {
            let _permit = ctx.gate.acquire().await.ok()?;
            tokio::time::timeout(HANDSHAKE_TIMEOUT, self.try_join(number)).await
        };
        match joined {
            Ok(Ok(ws)) => {
                self.report.joined = true;
                self.game.joined.fetch_add(1, Ordering::SeqCst);
                Some(ws)
            }
            Ok(Err(e)) => {
                self.report.connect_error = Some(e);
                None
            }
            Err(_) => {
                self.report.connect_error = Some(format!("no welcome within {} s", HANDSHAKE_TIMEOUT.as_secs()));
                None
            }
        }
    }

    async fn try_join(&mut self, number: usize) -> Result<Ws, String> {
        let mut ws = self.ctx.target.connect(MAX_SERVER_FRAME).await?;
        let candidates = nicknames(number);
        let mut candidate = 0;
        // A refused join leaves the connection open: try the next nickname, or wait when asked to.
        for _attempt in 0..5 {
            let Some(nickname) = candidates.get(candidate) else { break };
            let join =
                json!({"v": 1, "type": "join", "pin": self.game.pin, "nickname": nickname, "lang": self.ctx.lang});
            send_json(&mut ws, &join).await?;
            let frame = read_json(&mut ws).await?;
            match kind_of(&frame) {
                "welcome" => {
                    self.welcomed(&frame);
                    self.plan_drop();
                    return Ok(ws);
                }
                "error" => {
                    let code = error_code(&frame);
                    self.report.join_refusals.push(code.clone());
                    match frame["code"].as_str() {
                        Some("nickname_invalid" | "nickname_taken") => candidate += 1,
                        Some("too_many_attempts") => {
                            let wait = frame["retry_after_s"].as_u64().unwrap_or(1).min(10);
                            tokio::time::sleep(Duration::from_secs(wait)).await;
                        }
                        _ => return Err(format!("join refused: {code} ({})", frame["message"])),
                    }
                }
                other => return Err(format!("expected `welcome` after `join`, got `{other}`: {frame}")),
            }
        }
        Err(format!("join refused for every nickname tried ({})", candidates.join(", ")))
    }

    fn welcomed(&mut self, welcome: &Value) {
        if let Some(token) = welcome["token"].as_str() {
            self.token = token.to_owned();
        }
        self.score = welcome["score"].as_i64().unwrap_or(0);
        if let Some(total) = index_of(welcome, "questions") {
            self.total = total;
            self.game.total.fetch_max(total, Ordering::SeqCst);
        }
    }

    /// Whether and when this participant drops: during a random question, a random time after its frame.
    fn plan_drop(&mut self) {
        if self.ctx.drop > 0.0 && self.rng.random_bool(self.ctx.drop.min(1.0)) {
            let questions = self.total.max(1);
            let question = self.rng.random_range(0..questions);
            let after = self.rng.random_range(Duration::ZERO..self.ctx.think.1 + ms(1000));
            self.drop_plan = Some((question, after));
        }
    }

    /// A new connection for the same participant: `resume` with the token, `welcome`, then the replayed state.
    async fn resume(&mut self) -> Result<Ws, String> {
        self.report.resumes_attempted += 1;
        let attempt = resume_handshake(&self.ctx, &self.token);
        let (ws, welcome) = tokio::time::timeout(HANDSHAKE_TIMEOUT, attempt)
            .await
            .map_err(|_| format!("resume: no welcome within {} s", HANDSHAKE_TIMEOUT.as_secs()))??;
        self.report.resumes_ok += 1;
        if let Some((_, back)) = self.report.away.last_mut() {
            *back = Some(Instant::now());
        }
        if let Some(token) = welcome["token"].as_str() {
            self.token = token.to_owned();
        }
        self.resumed_score = Some(welcome["score"].as_i64().unwrap_or(0));
        // Whatever was about to be answered is decided again from the replayed state.
        self.pending = None;
        self.open = None;
        Ok(ws)
    }

    /// Checks the score of `welcome` after a reconnection against the last one known, when no result was in flight:
    /// that is when this participant has seen the result of every question the replayed `state` says is closed.
    fn check_resumed_score(&mut self, state: &Value, resumed_score: i64) {
        let closed_so_far = match kind_of(state) {
            "lobby" => Some(0),
            "question" => index_of(state, "index"),
            "closed" => index_of(state, "index").map(|i| i + 1),
            "finished" => Some(self.total),
            _ => None,
        };
        let results_seen = self.report.questions.iter().filter(|q| q.result_at.is_some()).count();
        if closed_so_far == Some(results_seen) {
            if resumed_score != self.score {
                self.report.score_mismatches += 1;
            }
        } else {
            self.report.score_unchecked += 1;
        }
        self.score = resumed_score;
    }

    /// Plays on this connection until it ends.
    async fn play(&mut self, ws: &mut Ws, stop: &mut watch::Receiver<bool>) -> Step {
        loop {
            let answer_at = if self.paused { None } else { self.pending.map(|(_, at)| at) };
            tokio::select! {
                frame = ws.next() => {
                    let text = match frame {
                        Some(Ok(Message::Text(text))) => text,
                        Some(Ok(Message::Close(frame))) => {
                            return Step::Lost(format!("closed by the server: {frame:?}"));
                        }
                        Some(Ok(_)) => continue,
                        Some(Err(e)) => return Step::Lost(e.to_string()),
                        None => return Step::Lost("connection closed".into()),
                    };
                    let frame: Value = match serde_json::from_str(text.as_str()) {
                        Ok(frame) => frame,
                        Err(e) => return Step::Fail(format!("a server frame is not JSON ({e}): {}", text.as_str())),
                    };
                    match self.on_frame(&frame, ws).await {
                        Ok(None) => {}
                        Ok(Some(step)) => return step,
                        Err(e) => return Step::Lost(e),
                    }
                }
                _ = until(answer_at) => {
                    if let Err(e) = self.send_answer(ws).await {
                        return Step::Lost(e);
                    }
                }
                _ = until(self.drop_at) => {
                    self.drop_at = None;
                    self.drop_plan = None;
                    return Step::Drop;
                }
                _ = stop.changed() => return Step::Stopped,
            }
        }
    }

    async fn on_frame(&mut self, frame: &Value, ws: &mut Ws) -> Result<Option<Step>, String> {
        let now = Instant::now();
        let replayed = match self.resumed_score.take() {
            Some(score) => {
                self.check_resumed_score(frame, score);
                true
            }
            None => false,
        };
        match kind_of(frame) {
            "question" => self.on_question(frame, replayed, now, ws).await?,
            "timer" => self.paused = frame["paused"].as_bool().unwrap_or(false),
            "accepted" => {
                if let Some(index) = index_of(frame, "question") {
                    let question = self.question(index);
                    if matches!(question.answer, Answer::Sent(_)) {
                        question.answer = Answer::Accepted;
                        self.report.accepted += 1;
                    }
                    self.settle(index);
                }
            }
            "refused" => {
                if let Some(index) = index_of(frame, "question") {
                    let question = self.question(index);
                    if matches!(question.answer, Answer::Sent(_)) {
                        question.answer = Answer::Refused;
                        self.report.refusals.push(error_code(frame));
                    }
                    self.settle(index);
                }
            }
            "closed" => {
                if let Some(index) = index_of(frame, "index") {
                    self.settle_before(index);
                    if self.pending.is_some_and(|(i, _)| i == index) {
                        self.pending = None;
                    }
                    let question = self.question(index);
                    if !replayed && question.closed_at.is_none() {
                        question.closed_at = Some(now);
                    }
                    if matches!(question.answer, Answer::None) {
                        question.answer = Answer::Missed;
                        self.report.missed += 1;
                    }
                    self.settle(index);
                    self.open = None;
                }
            }
            "result" => {
                if let Some(index) = index_of(frame, "index") {
                    let question = self.question(index);
                    question.result_at.get_or_insert(now);
                    if let Some(score) = frame["score"].as_i64() {
                        self.score = score;
                    }
                }
            }
            "finished" => {
                let total = self.total.max(self.game.total.load(Ordering::SeqCst));
                self.settle_before(total);
                if !replayed {
                    self.report.finished_at.get_or_insert(now);
                }
                // Nothing left to answer, and no reason to drop any more.
                self.pending = None;
                self.open = None;
                self.drop_plan = None;
                self.drop_at = None;
            }
            "final" => {
                // After a reconnection at the very end, `final` may follow the replayed `finished`.
                if !replayed && self.report.finished_at.is_some() {
                    self.report.final_at.get_or_insert(now);
                }
                if let Some(score) = frame["score"].as_i64() {
                    self.score = score;
                }
                return Ok(Some(Step::Done));
            }
            "kicked" => return Ok(Some(Step::Fail("kicked".into()))),
            "replaced" => return Ok(Some(Step::Fail("replaced by another connection".into()))),
            "error" => return Ok(Some(Step::Fail(format!("error frame: {}", error_code(frame))))),
            // `lobby`, `pong`, frames for the classroom screen, and frame types added later: nothing to do.
            _ => {}
        }
        Ok(None)
    }

    async fn on_question(&mut self, frame: &Value, replayed: bool, now: Instant, ws: &mut Ws) -> Result<(), String> {
        let Some(index) = index_of(frame, "index") else { return Ok(()) };
        if let Some(total) = index_of(frame, "total") {
            self.total = self.total.max(total);
        }
        self.settle_before(index);
        self.paused = frame["paused"].as_bool().unwrap_or(false);
        let answered = frame["answered"].as_bool().unwrap_or(false);
        let remaining = frame["remaining_ms"].as_u64().or_else(|| frame["limit_ms"].as_u64()).unwrap_or(0);
        self.open = Some(Open {
            index,
            kind: frame["kind"].as_str().unwrap_or("").to_owned(),
            options: frame["options"].as_array().map_or(0, Vec::len),
            taps: frame["segments"]
                .as_array()
                .map(|segments| segments.iter().filter_map(|s| s["tap"].as_u64()).collect())
                .unwrap_or_default(),
        });
        let question = self.question(index);
        match (&question.answer, answered) {
            // Sent before the drop, no `accepted` seen, but stored: done.
            (Answer::Sent(_), true) => {
                question.answer = Answer::Accepted;
                self.report.accepted_on_resume += 1;
                self.settle(index);
            }
            // Sent but lost with the old connection: send the same answer again.
            (Answer::Sent(answer), false) if replayed => {
                let answer = answer.clone();
                ws.send(Message::text(answer)).await.map_err(|e| format!("send: {e}"))?;
            }
            (Answer::None, false) => {
                let delay = if replayed {
                    self.rng.random_range(Duration::ZERO..=ms(500))
                } else {
                    let (min, max) = self.ctx.think;
                    self.rng.random_range(min..=max)
                };
                // A participant answers before the time is up (keeping a margin for the trip to the server).
                let latest = ms(remaining).saturating_sub(ms(250));
                if latest > Duration::ZERO {
                    self.pending = Some((index, now + delay.min(latest)));
                }
            }
            (Answer::None, true) => self.settle(index),
            _ => {}
        }
        if !replayed
            && self.drop_at.is_none()
            && let Some((question, after)) = self.drop_plan
            && question == index
        {
            self.drop_at = Some(now + after);
        }
        Ok(())
    }

    async fn send_answer(&mut self, ws: &mut Ws) -> Result<(), String> {
        let Some((index, _)) = self.pending.take() else { return Ok(()) };
        let Some(open) = self.open.take_if(|open| open.index == index) else { return Ok(()) };
        let answer = answer_frame(&mut self.rng, &open);
        self.open = Some(open);
        let Some(answer) = answer else {
            self.report.unknown_kinds += 1;
            self.settle(index);
            return Ok(());
        };
        self.question(index).answer = Answer::Sent(answer.clone());
        self.report.answers_sent += 1;
        ws.send(Message::text(answer)).await.map_err(|e| format!("send: {e}"))
    }
}

async fn resume_handshake(ctx: &Ctx, token: &str) -> Result<(Ws, Value), String> {
    let mut ws = ctx.target.connect(MAX_SERVER_FRAME).await?;
    send_json(&mut ws, &json!({"v": 1, "type": "resume", "token": token, "lang": ctx.lang})).await?;
    let frame = read_json(&mut ws).await?;
    match kind_of(&frame) {
        "welcome" => Ok((ws, frame)),
        "error" => Err(format!("resume refused: {} ({})", error_code(&frame), frame["message"])),
        other => Err(format!("expected `welcome` after `resume`, got `{other}`: {frame}")),
    }
}

/// A random answer of the shape the question's kind expects; `None` for an unknown kind.
fn answer_frame(rng: &mut impl Rng, open: &Open) -> Option<String> {
    let options = open.options.max(1);
    let (key, value) = match open.kind.as_str() {
        "single" => ("choices", json!([rng.random_range(0..options)])),
        "multiple" => {
            let mut picks: Vec<usize> = (0..options).filter(|_| rng.random_bool(0.5)).collect();
            if picks.is_empty() {
                picks.push(rng.random_range(0..options));
            }
            ("choices", json!(picks))
        }
        "true_false" => ("value", json!(rng.random_bool(0.5))),
        "short_answer" => ("text", json!(SHORT_ANSWERS.choose(rng).copied().unwrap_or("phishing"))),
        "red_flags" => {
            let taps: Vec<u64> = open.taps.iter().copied().filter(|_| rng.random_bool(0.5)).collect();
            ("taps", json!(taps))
        }
        _ => return None,
    };
    let mut frame = Map::new();
    frame.insert("v".into(), json!(1));
    frame.insert("type".into(), json!("answer"));
    frame.insert("question".into(), json!(open.index));
    frame.insert(key.into(), value);
    Some(Value::Object(frame).to_string())
}

// ---------------------------------------------------------------------------------------------------------------
// The facilitator side: HTTP

struct Http {
    client: reqwest::Client,
    base: String,
    token: String,
}

impl Http {
    /// POSTs to the API; any status but 2xx is an error that carries the status and the body.
    async fn post(&self, path: &str, body: Option<&Value>) -> Result<Value, String> {
        let url = format!("{}{path}", self.base);
        let mut request = self.client.post(&url).bearer_auth(&self.token);
        if let Some(body) = body {
            request = request.json(body);
        }
        let response = request.send().await.map_err(|e| format!("POST {url}: {e}"))?;
        let status = response.status();
        let text = response.text().await.map_err(|e| format!("POST {url}: HTTP {status}, reading the body: {e}"))?;
        if !status.is_success() {
            return Err(format!("POST {url}: HTTP {status}: {}", truncate(&text, 2000)));
        }
        if text.trim().is_empty() {
            return Ok(Value::Null);
        }
        serde_json::from_str(&text)
            .map_err(|e| format!("POST {url}: HTTP {status} but the body is not JSON ({e}): {}", truncate(&text, 2000)))
    }
}

fn truncate(text: &str, max: usize) -> &str {
    match text.char_indices().nth(max) {
        Some((end, _)) => &text[..end],
        None => text,
    }
}

/// `id` and `pin` may be strings or numbers.
fn as_text(value: &Value) -> Option<String> {
    match value {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

#[derive(Debug, Default)]
struct DriverReport {
    /// Per question, when the driver asked to close it.
    close_t0: Vec<Instant>,
    end_t0: Option<Instant>,
    errors: Vec<String>,
}

struct DriverSettings {
    questions: usize,
    time_limit: Duration,
    pause: Duration,
}

/// Runs one game: `next`, wait until every participant is done answering (or the time is up), `close`, …, `end`.
async fn drive(http: Arc<Http>, game: Arc<Game>, settings: DriverSettings) -> DriverReport {
    let mut report = DriverReport::default();
    let base = format!("/api/v1/live/{}", game.id);
    let total = match game.total.load(Ordering::SeqCst) {
        0 => settings.questions,
        n => n,
    };
    let players = game.joined.load(Ordering::SeqCst);
    let label = format!("session {}", game.number + 1);
    for index in 0..total {
        let opened = Instant::now();
        if let Err(e) = http.post(&format!("{base}/next"), None).await {
            eprintln!("{label}: question {}: {e}", index + 1);
            report.errors.push(e);
            break;
        }
        // Wait for every participant, for at most the time limit and a margin for the last answers' trip.
        let deadline = opened + settings.time_limit + ms(2000);
        let mut settled = game.settled_count(index);
        while settled < players && Instant::now() < deadline {
            tokio::time::sleep(ms(20)).await;
            settled = game.settled_count(index);
        }
        let waited = opened.elapsed();
        let t0 = Instant::now();
        report.close_t0.push(t0);
        let closed = http.post(&format!("{base}/close"), None).await;
        let http_ms = t0.elapsed().as_secs_f64() * 1e3;
        eprintln!(
            "{label}: question {}/{total}: {settled}/{players} participants done after {:.1} s; close answered in \
             {http_ms:.0} ms",
            index + 1,
            waited.as_secs_f64()
        );
        if let Err(e) = closed {
            eprintln!("{label}: question {}: {e}", index + 1);
            report.errors.push(e);
        }
        tokio::time::sleep(settings.pause).await;
    }
    report.end_t0 = Some(Instant::now());
    if let Err(e) = http.post(&format!("{base}/end"), None).await {
        eprintln!("{label}: end: {e}");
        report.errors.push(e);
    }
    report
}

// ---------------------------------------------------------------------------------------------------------------
// The run and its summary

#[derive(Debug, Default, Serialize)]
struct FrameCounts {
    closed: usize,
    result: usize,
    finished: usize,
    #[serde(rename = "final")]
    final_: usize,
}

#[derive(Debug, Default, Serialize)]
struct Summary {
    sessions: usize,
    questions: usize,
    players_planned: usize,
    players_connected: usize,
    connect_failures: usize,
    joins_refused: usize,
    join_refusal_codes: BTreeMap<String, usize>,
    answers_sent: u64,
    answers_accepted: u64,
    answers_accepted_on_resume: u64,
    answers_refused: u64,
    refusal_codes: BTreeMap<String, usize>,
    answers_unacknowledged: u64,
    answers_missed: u64,
    unknown_kinds: u64,
    resumes_attempted: u64,
    resumes_ok: u64,
    resume_score_mismatches: u64,
    resume_score_unchecked: u64,
    unplanned_disconnects: u64,
    unplanned_disconnect_reasons: BTreeMap<String, usize>,
    close_to_closed: Percentiles,
    close_to_result: Percentiles,
    closed_before_close_call: usize,
    end_to_finished: Percentiles,
    end_to_final: Percentiles,
    /// Live frames not received by connected participants, with no reconnection to explain it.
    missing: FrameCounts,
    /// Live frames not received because the participant was reconnecting (replayed state instead).
    missed_while_reconnecting: FrameCounts,
    players_failed: usize,
    failures: BTreeMap<String, usize>,
    join_seconds: f64,
    game_seconds: f64,
    server_rss_before_kib: Option<u64>,
    server_rss_joined_kib: Option<u64>,
    server_rss_per_player_kib: Option<f64>,
    http_errors: Vec<String>,
}

pub async fn run(args: PlayArgs) -> Result<(), String> {
    let json = args.json;
    let summary = play(args).await?;
    if json {
        println!("{}", serde_json::to_string(&summary).map_err(|e| format!("summary as JSON: {e}"))?);
    } else {
        print_summary(&summary);
    }
    Ok(())
}

async fn play(args: PlayArgs) -> Result<Summary, String> {
    if args.sessions == 0 || args.players < args.sessions {
        return Err("--sessions must be at least 1 and at most --players".into());
    }
    if !(0.0..=1.0).contains(&args.drop) {
        return Err("--drop is a share, between 0 and 1".into());
    }
    let base = args.base.trim_end_matches('/').to_owned();
    let ws_url = match base.strip_prefix("http://") {
        Some(rest) => format!("ws://{rest}/live/ws"),
        None => return Err(format!("--base {base}: only http:// is supported (this build has no TLS)")),
    };
    let target = Target::resolve(&ws_url).await?;
    let http = Arc::new(Http {
        client: reqwest::Client::builder()
            .timeout(Duration::from_secs(60))
            .build()
            .map_err(|e| format!("HTTP client: {e}"))?,
        base,
        token: args.token.clone(),
    });

    // The games.
    let mut games = Vec::with_capacity(args.sessions);
    for number in 0..args.sessions {
        let body = json!({
            "module": args.module, "audience": args.audience, "lang": args.lang, "count": args.questions,
            "questions": null, "workshop": null, "scoring": args.scoring, "streaks": true, "teams": false,
            "no_device": false, "time_limit_s": args.time_limit_s,
        });
        let created = http.post("/api/v1/live", Some(&body)).await.map_err(|e| format!("creating a game: {e}"))?;
        let (Some(id), Some(pin)) = (as_text(&created["id"]), as_text(&created["pin"])) else {
            return Err(format!("creating a game: the answer has no `id` or `pin`: {created}"));
        };
        eprintln!("session {}: game {id}, PIN {pin}", number + 1);
        games.push(Arc::new(Game {
            number,
            id,
            pin,
            total: AtomicUsize::new(0),
            joined: AtomicUsize::new(0),
            settled: Mutex::new(Vec::new()),
        }));
    }

    // The participants, joining in parallel batches.
    let rss_before = args.server_pid.map(rss_kib).transpose()?;
    let think_max = ms(args.think_ms);
    let ctx = Arc::new(Ctx {
        target,
        lang: args.lang.clone(),
        think: (ms(args.think_min_ms).min(think_max), think_max),
        reconnect_max: ms(args.reconnect_ms),
        drop: args.drop,
        gate: Semaphore::new(args.connect_concurrency.max(1)),
    });
    let (stop_tx, stop_rx) = watch::channel(false);
    let (joined_tx, mut joined_rx) = mpsc::unbounded_channel();
    let join_started = Instant::now();
    let mut players = Vec::with_capacity(args.players);
    for number in 0..args.players {
        let game = games[number % games.len()].clone();
        players.push(tokio::spawn(participant(ctx.clone(), game, number, joined_tx.clone(), stop_rx.clone())));
    }
    drop(joined_tx);
    let mut done = 0;
    let mut progress = tokio::time::interval(Duration::from_secs(2));
    progress.tick().await;
    while done < args.players {
        tokio::select! {
            outcome = joined_rx.recv() => match outcome {
                Some(()) => done += 1,
                None => break,
            },
            _ = progress.tick() => {
                let joined: usize = games.iter().map(|g| g.joined.load(Ordering::SeqCst)).sum();
                eprintln!("joining: {joined} joined, {} refused or failed, of {}", done - joined.min(done), args.players);
            }
        }
    }
    let join_seconds = join_started.elapsed().as_secs_f64();
    let joined: usize = games.iter().map(|g| g.joined.load(Ordering::SeqCst)).sum();
    eprintln!("joining: {joined} of {} participants joined in {join_seconds:.1} s", args.players);
    // Let the server settle the last joins before reading its memory.
    tokio::time::sleep(ms(1000)).await;
    let rss_joined = args.server_pid.map(rss_kib).transpose()?;

    // The games, all at once.
    let game_started = Instant::now();
    let drivers: Vec<_> = games
        .iter()
        .map(|game| {
            let settings = DriverSettings {
                questions: args.questions,
                time_limit: Duration::from_secs(args.time_limit_s),
                pause: ms(args.pause_ms),
            };
            tokio::spawn(drive(http.clone(), game.clone(), settings))
        })
        .collect();
    let mut driver_reports = Vec::with_capacity(drivers.len());
    for driver in drivers {
        driver_reports.push(driver.await.map_err(|e| format!("a driver task failed: {e}"))?);
    }

    // Participants finish on `final`; after a grace period, the rest are told to stop.
    let grace = tokio::spawn(async move {
        tokio::time::sleep(END_GRACE).await;
        let _ = stop_tx.send(true);
    });
    let mut reports = Vec::with_capacity(players.len());
    for player in players {
        reports.push(player.await.map_err(|e| format!("a participant task failed: {e}"))?);
    }
    grace.abort();
    let game_seconds = game_started.elapsed().as_secs_f64();

    Ok(summarise(&args, &reports, &driver_reports, join_seconds, game_seconds, rss_before, rss_joined))
}

fn summarise(
    args: &PlayArgs,
    reports: &[PlayerReport],
    drivers: &[DriverReport],
    join_seconds: f64,
    game_seconds: f64,
    rss_before: Option<u64>,
    rss_joined: Option<u64>,
) -> Summary {
    let mut s = Summary {
        sessions: args.sessions,
        questions: drivers.iter().map(|d| d.close_t0.len()).max().unwrap_or(0),
        players_planned: args.players,
        join_seconds,
        game_seconds,
        server_rss_before_kib: rss_before,
        server_rss_joined_kib: rss_joined,
        http_errors: drivers.iter().flat_map(|d| d.errors.iter().cloned()).collect(),
        ..Summary::default()
    };
    let (mut closed, mut results, mut finished, mut finals) = (Vec::new(), Vec::new(), Vec::new(), Vec::new());
    for report in reports {
        if !report.join_refusals.is_empty() {
            s.joins_refused += 1;
        }
        for code in &report.join_refusals {
            *s.join_refusal_codes.entry(code.clone()).or_default() += 1;
        }
        if !report.joined {
            s.connect_failures += usize::from(report.join_refusals.is_empty());
            if let Some(e) = &report.connect_error {
                *s.failures.entry(format!("join: {}", first_words(e))).or_default() += 1;
            }
            continue;
        }
        s.players_connected += 1;
        s.answers_sent += u64::from(report.answers_sent);
        s.answers_accepted += u64::from(report.accepted + report.accepted_on_resume);
        s.answers_accepted_on_resume += u64::from(report.accepted_on_resume);
        s.answers_refused += report.refusals.len() as u64;
        for code in &report.refusals {
            *s.refusal_codes.entry(code.clone()).or_default() += 1;
        }
        s.answers_unacknowledged += report.unacknowledged() as u64;
        s.answers_missed += u64::from(report.missed);
        s.unknown_kinds += u64::from(report.unknown_kinds);
        s.resumes_attempted += u64::from(report.resumes_attempted);
        s.resumes_ok += u64::from(report.resumes_ok);
        s.resume_score_mismatches += u64::from(report.score_mismatches);
        s.resume_score_unchecked += u64::from(report.score_unchecked);
        s.unplanned_disconnects += report.unplanned_disconnects.len() as u64;
        for reason in &report.unplanned_disconnects {
            *s.unplanned_disconnect_reasons.entry(first_words(reason)).or_default() += 1;
        }
        if let Some(failure) = &report.failure {
            s.players_failed += 1;
            *s.failures.entry(first_words(failure)).or_default() += 1;
        }
        let Some(driver) = drivers.get(report.game) else { continue };
        for (index, &t0) in driver.close_t0.iter().enumerate() {
            let log = report.questions.get(index);
            let missed = if report.away_after(t0) { &mut s.missed_while_reconnecting } else { &mut s.missing };
            match log.and_then(|q| q.closed_at) {
                Some(at) if at >= t0 => closed.push(at - t0),
                Some(_) => s.closed_before_close_call += 1,
                None => missed.closed += 1,
            }
            match log.and_then(|q| q.result_at) {
                Some(at) => results.push(at.saturating_duration_since(t0)),
                None => missed.result += 1,
            }
        }
        if let Some(t0) = driver.end_t0 {
            let missed = if report.away_after(t0) { &mut s.missed_while_reconnecting } else { &mut s.missing };
            match report.finished_at {
                Some(at) => finished.push(at.saturating_duration_since(t0)),
                None => missed.finished += 1,
            }
            match report.final_at {
                Some(at) => finals.push(at.saturating_duration_since(t0)),
                None => missed.final_ += 1,
            }
        }
    }
    s.close_to_closed = Percentiles::of(&mut closed);
    s.close_to_result = Percentiles::of(&mut results);
    s.end_to_finished = Percentiles::of(&mut finished);
    s.end_to_final = Percentiles::of(&mut finals);
    if let (Some(before), Some(after)) = (rss_before, rss_joined) {
        s.server_rss_per_player_kib = Some(per_connection_kib(before, after, s.players_connected));
    }
    s
}

/// Groups failure messages by their beginning (they may end with details that differ per participant).
fn first_words(message: &str) -> String {
    truncate(message, 80).to_owned()
}

fn print_summary(s: &Summary) {
    let codes = |map: &BTreeMap<String, usize>| {
        if map.is_empty() {
            String::new()
        } else {
            let list: Vec<String> = map.iter().map(|(code, n)| format!("{code}: {n}")).collect();
            format!(" ({})", list.join(", "))
        }
    };
    println!(
        "players: {} of {} connected in {:.1} s; {} could not connect; {} had a join refused{}",
        s.players_connected,
        s.players_planned,
        s.join_seconds,
        s.connect_failures,
        s.joins_refused,
        codes(&s.join_refusal_codes)
    );
    println!("games: {} session(s), {} question(s) played in {:.1} s", s.sessions, s.questions, s.game_seconds);
    println!(
        "answers: {} sent, {} accepted ({} of them confirmed by `answered: true` after a reconnection), {} refused{}, \
         {} unacknowledged; {} questions closed before an answer was sent; {} of an unknown kind",
        s.answers_sent,
        s.answers_accepted,
        s.answers_accepted_on_resume,
        s.answers_refused,
        codes(&s.refusal_codes),
        s.answers_unacknowledged,
        s.answers_missed,
        s.unknown_kinds
    );
    println!(
        "resumes: {} attempted, {} ok, {} score mismatches ({} not checkable: a result was in flight); {} unplanned \
         disconnections",
        s.resumes_attempted, s.resumes_ok, s.resume_score_mismatches, s.resume_score_unchecked, s.unplanned_disconnects
    );
    if !s.unplanned_disconnect_reasons.is_empty() {
        println!("  unplanned disconnections:{}", codes(&s.unplanned_disconnect_reasons));
    }
    println!("close → `closed` frame: {}", s.close_to_closed);
    println!("close → own `result`:  {}", s.close_to_result);
    println!("end → `finished`:      {}", s.end_to_finished);
    println!("end → `final`:         {}", s.end_to_final);
    let frames = |c: &FrameCounts| {
        format!("{} `closed`, {} `result`, {} `finished`, {} `final`", c.closed, c.result, c.finished, c.final_)
    };
    println!("  frames missing: {}", frames(&s.missing));
    println!("  frames missed while reconnecting (state replayed instead): {}", frames(&s.missed_while_reconnecting));
    if s.closed_before_close_call > 0 {
        println!("  {} `closed` frames came before the close call (time limit reached)", s.closed_before_close_call);
    }
    if let (Some(before), Some(after), Some(per)) =
        (s.server_rss_before_kib, s.server_rss_joined_kib, s.server_rss_per_player_kib)
    {
        println!("server RSS: {before} KiB before, {after} KiB with everyone joined: {per:.2} KiB per participant");
    }
    if s.players_failed > 0 || !s.failures.is_empty() {
        println!("participants that left early: {}{}", s.players_failed, codes(&s.failures));
    }
    for error in &s.http_errors {
        println!("HTTP error: {error}");
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nicknames_are_short_and_never_phone_like() {
        for number in [0, 1, 10, 11, 9_999, 18_999, 99_999, 161_050] {
            for nickname in nicknames(number) {
                let digits = nickname.chars().filter(char::is_ascii_digit).count();
                assert!(nickname.chars().count() >= 2 && nickname.chars().count() <= 24, "{nickname}");
                assert!(digits <= 5, "{nickname}");
                assert!(!nickname.contains(' ') && !nickname.contains('@'), "{nickname}");
            }
        }
        assert_eq!(nicknames(0)[0], "Lynx-b");
        assert_eq!(nicknames(12)[0], "Gazelle-gg");
        assert_eq!(counter(11 * 11), "gbb");
        // Unique, even ignoring case, for as many participants as the load generator can hold.
        let all: std::collections::HashSet<String> = (0..20_000).map(|n| nicknames(n)[0].to_lowercase()).collect();
        assert_eq!(all.len(), 20_000);
    }

    #[test]
    fn counters_cannot_spell_words() {
        for symbol in COUNTER_SYMBOLS.iter().map(|&b| char::from(b)) {
            assert!(!"aeiouy013457".contains(symbol), "{symbol}");
            for abbreviation in ["ptn", "fdp", "ntm", "vtff", "pd", "lsd", "fck", "wtf", "xxx", "kkk"] {
                assert!(!abbreviation.contains(symbol), "{symbol} in {abbreviation}");
            }
        }
    }

    fn open(kind: &str, options: usize, taps: Vec<u64>) -> Open {
        Open { index: 3, kind: kind.into(), options, taps }
    }

    #[test]
    fn answers_have_the_shape_of_their_kind() {
        let mut rng = SmallRng::seed_from_u64(7);
        for _ in 0..50 {
            let parse = |text: Option<String>| -> Value {
                serde_json::from_str(&text.expect("known kind")).expect("answer is JSON")
            };
            let single = parse(answer_frame(&mut rng, &open("single", 4, vec![])));
            assert_eq!(single["v"], 1);
            assert_eq!(single["type"], "answer");
            assert_eq!(single["question"], 3);
            let choices = single["choices"].as_array().expect("choices");
            assert_eq!(choices.len(), 1);
            assert!(choices[0].as_u64().expect("index") < 4);

            let multiple = parse(answer_frame(&mut rng, &open("multiple", 5, vec![])));
            let choices = multiple["choices"].as_array().expect("choices");
            assert!(!choices.is_empty() && choices.iter().all(|c| c.as_u64().is_some_and(|c| c < 5)));

            assert!(parse(answer_frame(&mut rng, &open("true_false", 0, vec![])))["value"].is_boolean());
            assert!(parse(answer_frame(&mut rng, &open("short_answer", 0, vec![])))["text"].is_string());

            let flags = parse(answer_frame(&mut rng, &open("red_flags", 0, vec![0, 1, 4])));
            let taps = flags["taps"].as_array().expect("taps");
            assert!(taps.iter().all(|t| [0, 1, 4].contains(&t.as_u64().expect("tap"))));

            let text = answer_frame(&mut rng, &open("single", 8, vec![])).expect("answer");
            assert!(text.len() < 4096);
        }
        assert!(answer_frame(&mut rng, &open("poll", 3, vec![])).is_none());
    }

    #[derive(clap::Parser)]
    struct Cli {
        #[command(flatten)]
        play: PlayArgs,
    }

    /// A whole run against the in-memory stand-in: two games, half the participants drop and resume.
    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn plays_whole_games_against_the_mock() {
        use clap::Parser;
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("bind");
        let addr = listener.local_addr().expect("address");
        tokio::spawn(crate::mock::run(listener, crate::mock::Mock::new("secret")));
        let base = format!("http://{addr}");
        let cli = Cli::parse_from([
            "play",
            "--base",
            &base,
            "--token",
            "secret",
            "--sessions",
            "2",
            "--players",
            "60",
            "--questions",
            "5",
            "--drop",
            "0.5",
            "--think-ms",
            "200",
            "--think-min-ms",
            "20",
            "--reconnect-ms",
            "150",
            "--pause-ms",
            "100",
            "--connect-concurrency",
            "8",
        ]);
        let s = play(cli.play).await.expect("the run");
        assert_eq!(s.players_connected, 60, "{s:#?}");
        assert_eq!(s.questions, 5);
        assert_eq!(s.answers_sent, 300, "{s:#?}");
        assert_eq!(s.answers_accepted, 300, "{s:#?}");
        assert_eq!(s.answers_refused + s.answers_unacknowledged + s.answers_missed, 0, "{s:#?}");
        assert!(s.resumes_attempted > 10, "{s:#?}");
        assert_eq!(s.resumes_ok, s.resumes_attempted, "{s:#?}");
        assert_eq!(s.resume_score_mismatches, 0, "{s:#?}");
        assert_eq!(s.unplanned_disconnects, 0, "{s:#?}");
        assert_eq!(s.players_failed, 0, "{s:#?}");
        assert_eq!(s.missing.closed + s.missing.result + s.missing.finished + s.missing.final_, 0, "{s:#?}");
        assert!(s.close_to_closed.samples >= 280, "{s:#?}");
        assert!(s.close_to_result.samples >= 280, "{s:#?}");
        assert!(s.http_errors.is_empty(), "{s:#?}");
    }

    #[tokio::test]
    async fn a_refused_creation_shows_the_status_and_body() {
        use clap::Parser;
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("bind");
        let addr = listener.local_addr().expect("address");
        tokio::spawn(crate::mock::run(listener, crate::mock::Mock::new("secret")));
        let base = format!("http://{addr}");
        let cli = Cli::parse_from(["play", "--base", &base, "--token", "wrong", "--players", "3"]);
        let error = play(cli.play).await.expect_err("refused");
        assert!(error.contains("HTTP 401") && error.contains("unauthorized"), "{error}");
    }

    #[test]
    fn refusal_codes_carry_the_field() {
        let frame = json!({"type": "error", "code": "nickname_invalid", "field": "nickname_full_name"});
        assert_eq!(error_code(&frame), "nickname_invalid/nickname_full_name");
        assert_eq!(error_code(&json!({"type": "error", "code": "unknown_pin"})), "unknown_pin");
    }
}
