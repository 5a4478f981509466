//! `play`: live games on amane, driven over HTTP and played by N WebSocket participants, each following
//! docs/live-protocol.md (version 1) the way a phone would: join, answer after a human delay, drop and resume.
//!
//! Several nodes sharing one database may be given (`--base A,B`): game k is created on node k % n and driven
//! there (on the next node when that one stops answering), participant i of a game joins on node i % n, and a
//! participant that drops or loses its connection resumes on the next node. `--kill-pid` kills a node mid-game
//! and measures how long its participants take to have the game's state again.

use crate::common::{Percentiles, Target, Ws, barrier, per_connection_kib, rss_kib};
use crate::summary::{KillFigures, NodeFigures, Samples, Summary, print_summary, problems};
use futures_util::{SinkExt, StreamExt};
use rand::rngs::SmallRng;
use rand::seq::IndexedRandom;
use rand::{Rng, SeedableRng};
use serde_json::{Map, Value, json};
use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};
use tokio::sync::{Semaphore, mpsc, watch};
use tokio_tungstenite::tungstenite::Message;

/// Server frames (a question with eight options, `closed` with its leaderboard and explanation) may exceed the
/// 4 KiB that participants may send; this only caps what the load generator accepts.
const MAX_SERVER_FRAME: usize = 256 * 1024;
/// How long a join may take, handshake and `welcome` included.
const HANDSHAKE_TIMEOUT: Duration = Duration::from_secs(30);
/// Unplanned disconnections a participant recovers from (by `resume`) before giving up.
const MAX_UNPLANNED_RESUMES: u32 = 3;
/// A frame missing after a control is put down to a reconnection when the participant lost its connection at most
/// this long after the control was sent (or was still away then).
const AWAY_MARGIN: Duration = Duration::from_secs(5);
/// How long participants have to receive `final` once the last driver is done.
const END_GRACE: Duration = Duration::from_secs(30);
/// The file in the barrier directory where the process that killed a node writes when (for the other processes).
const KILLED_FILE: &str = "killed.json";

/// Nickname words: single, harmless words, so that a nickname never looks like a first and last name.
const WORDS: &[&str] = &[
    "Lynx", "Faucon", "Comete", "Etoile", "Panda", "Renard", "Hibou", "Koala", "Dauphin", "Castor", "Loutre",
    "Mouette", "Gazelle", "Fennec", "Cigogne", "Tortue",
];
const SHORT_ANSWERS: &[&str] = &["phishing", "hameçonnage", "je ne sais pas", "arnaque"];

#[derive(clap::Args, Debug)]
pub struct PlayArgs {
    /// The amane server (http:// only), or several nodes sharing one database, comma-separated: game k is created
    /// on node k % n, participant i of a game joins on node i % n, and resumes on the next node.
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
    /// The server's process id, to report its memory per participant (from /proc/PID/status); with several
    /// nodes, one per node, comma-separated, in the order of --base.
    #[arg(long)]
    server_pid: Option<String>,
    /// This process's first game number (another process playing at the same time uses another range): game
    /// numbers, the node each game is created on and nicknames follow from it.
    #[arg(long, default_value_t = 0)]
    game_offset: usize,
    /// A directory shared with other `play` processes: once its participants joined, this process waits there
    /// until --parties processes are ready before driving its games.
    #[arg(long)]
    barrier: Option<PathBuf>,
    /// How many processes meet at --barrier.
    #[arg(long, default_value_t = 1)]
    parties: usize,
    /// Writes the run's raw samples (ms) and counts as JSON, for `loadgen merge`.
    #[arg(long)]
    samples_out: Option<PathBuf>,
    /// Kills this process (SIGKILL: an amane node) during the first game of this process.
    #[arg(long)]
    kill_pid: Option<u32>,
    /// The question (from 1) of the first game during which --kill-pid is killed.
    #[arg(long, default_value_t = 2)]
    kill_at_question: usize,
    /// How long after that question was opened the node is killed, in milliseconds (answers are on the wire).
    #[arg(long, default_value_t = 300)]
    kill_delay_ms: u64,
    /// How long one resume attempt waits for `welcome` before trying again (on the next node), in milliseconds.
    #[arg(long, default_value_t = 3000)]
    resume_timeout_ms: u64,
    /// How long a participant keeps trying to resume, and a driver to get a control through, in milliseconds.
    #[arg(long, default_value_t = 30_000)]
    recover_ms: u64,
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
    /// Every game closes each question, and ends, at the same moment (once all of them are ready): the worst case,
    /// every participant's results at once, the shape of the bare server's one broadcast to everyone.
    #[arg(long)]
    together: bool,
    /// Print the summary as one JSON line on standard output.
    #[arg(long)]
    json: bool,
}

// ---------------------------------------------------------------------------------------------------------------
// Shared state

/// What every participant needs.
struct Ctx {
    /// The nodes' participant endpoints, in the order of --base.
    nodes: Vec<Target>,
    lang: String,
    think: (Duration, Duration),
    reconnect_max: Duration,
    drop: f64,
    gate: Semaphore,
    resume_timeout: Duration,
    recover_for: Duration,
    /// Participants that joined on each node.
    joined_per_node: Vec<AtomicUsize>,
}

/// One game: created over HTTP, driven by its driver, played by its participants.
struct Game {
    /// The game's number in the whole run (this process's offset included), from 0.
    number: usize,
    /// The node it was created on.
    node: usize,
    id: String,
    pin: String,
    /// The number of questions, from the first `welcome` (0 until then).
    total: AtomicUsize,
    /// Participants that joined.
    joined: AtomicUsize,
    /// Participants whose task ended (after `final`, or gave up).
    done: AtomicUsize,
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
    /// When the answer was last sent.
    sent_at: Option<Instant>,
    settled: bool,
    /// When the `closed` frame arrived live (not replayed after a reconnection).
    closed_at: Option<Instant>,
    /// The question's `closed` came as the state replayed after a reconnection: its live `closed` and `result`
    /// were not for this participant to receive.
    closed_replayed: bool,
    result_at: Option<Instant>,
}

/// The open question, as far as answering it goes.
struct Open {
    index: usize,
    kind: String,
    options: usize,
    taps: Vec<u64>,
}

/// A time without a connection: from the drop or the loss to the next `welcome` (`None`: never).
#[derive(Debug, Clone, Copy)]
struct Away {
    from: Instant,
    to: Option<Instant>,
    /// The planned drop, not a lost connection.
    planned: bool,
}

#[derive(Debug, Default)]
struct PlayerReport {
    game: usize,
    joined: bool,
    /// The nickname the server welcomed.
    nickname: Option<String>,
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
    /// Resume attempts that failed and were tried again (node down, no `welcome` in time, `server_busy`).
    resume_retries: Vec<String>,
    score_mismatches: u32,
    /// Resumes where a result was in flight, so the expected score is unknown.
    score_unchecked: u32,
    /// The score of `final`, and whether it differed from the last score known (`result` or `welcome`).
    final_score: Option<i64>,
    final_score_mismatch: bool,
    unplanned_disconnects: Vec<String>,
    away: Vec<Away>,
    questions: Vec<QuestionLog>,
    finished_at: Option<Instant>,
    /// `finished` came as the state replayed after a reconnection.
    finished_replayed: bool,
    final_at: Option<Instant>,
    failure: Option<String>,
}

impl PlayerReport {
    /// Whether a frame broadcast in answer to a control sent at `t0` may have found this participant away.
    fn away_after(&self, t0: Instant) -> bool {
        self.away.iter().any(|a| a.from <= t0 + AWAY_MARGIN && a.to.is_none_or(|to| to >= t0))
    }

    /// Whether the connection broke after `at`, at or after the kill: an answer sent then may have died with the
    /// killed node before it was stored (so it was never acknowledged).
    fn broke_at_kill(&self, at: Instant, kill: Option<Instant>) -> bool {
        kill.is_some_and(|kill| self.away.iter().any(|a| a.from >= at && a.from >= kill))
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
    /// The node of the current (or last) connection.
    node: usize,
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
    node: usize,
    joined: mpsc::UnboundedSender<()>,
    mut stop: watch::Receiver<bool>,
) -> PlayerReport {
    let mut player = Player {
        rng: SmallRng::from_rng(&mut rand::rng()),
        report: PlayerReport { game: game.number, ..PlayerReport::default() },
        ctx,
        game,
        node,
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
                player.report.away.push(Away { from: Instant::now(), to: None, planned: true });
                let wait = player.rng.random_range(Duration::from_millis(100)..=player.ctx.reconnect_max.max(ms(100)));
                tokio::time::sleep(wait).await;
            }
            Step::Lost(reason) => {
                drop(ws);
                player.report.away.push(Away { from: Instant::now(), to: None, planned: false });
                player.report.unplanned_disconnects.push(reason.clone());
                unplanned += 1;
                if unplanned > MAX_UNPLANNED_RESUMES {
                    player.give_up(format!("lost the connection {unplanned} times, last: {reason}"));
                    break;
                }
                tokio::time::sleep(player.rng.random_range(ms(200)..=ms(1000))).await;
            }
        }
        // Back on the next node (the same one when there is only one).
        let next = (player.node + 1) % player.ctx.nodes.len();
        ws = match player.resume(next).await {
            Ok(ws) => ws,
            Err(e) => {
                player.give_up(e);
                break;
            }
        };
    }
    player.game.done.fetch_add(1, Ordering::SeqCst);
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

/// A pause before trying again: 200 to 500 ms.
async fn back_off() {
    let wait = rand::rng().random_range(ms(200)..=ms(500));
    tokio::time::sleep(wait).await;
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
                self.ctx.joined_per_node[self.node].fetch_add(1, Ordering::SeqCst);
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
        let mut ws = self.ctx.nodes[self.node].connect(MAX_SERVER_FRAME).await?;
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
        if let Some(nickname) = welcome["nickname"].as_str() {
            self.report.nickname = Some(nickname.to_owned());
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
    /// Tried on `first`, then on the next nodes in turn, after 200 to 500 ms, while a node refuses the connection,
    /// sends no `welcome` within the resume timeout (a game whose owner node died is taken over only once that
    /// node has been silent for the owner timeout; until then a resume for it gets no answer) or is busy; for at
    /// most the recovery time.
    async fn resume(&mut self, first: usize) -> Result<Ws, String> {
        self.report.resumes_attempted += 1;
        let nodes = self.ctx.nodes.len();
        let deadline = Instant::now() + self.ctx.recover_for;
        let mut node = first;
        let (ws, welcome) = loop {
            let attempt = resume_handshake(&self.ctx, node, &self.token);
            let reason = match tokio::time::timeout(self.ctx.resume_timeout, attempt).await {
                Ok(Ok(connected)) => break connected,
                Ok(Err(Resume::Refused(e))) => return Err(e),
                Ok(Err(Resume::Retry(e))) => e,
                Err(_) => format!("no welcome within {} ms", self.ctx.resume_timeout.as_millis()),
            };
            if Instant::now() >= deadline {
                return Err(format!(
                    "resume: no welcome from any node for {} s, last: {reason}",
                    self.ctx.recover_for.as_secs()
                ));
            }
            self.report.resume_retries.push(reason);
            node = (node + 1) % nodes;
            back_off().await;
        };
        self.node = node;
        self.report.resumes_ok += 1;
        if let Some(away) = self.report.away.last_mut() {
            away.to = Some(Instant::now());
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
                    if replayed {
                        question.closed_replayed = true;
                    } else if question.closed_at.is_none() {
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
                if replayed {
                    self.report.finished_replayed = true;
                } else {
                    self.report.finished_at.get_or_insert(now);
                }
                // Nothing left to answer, and no reason to drop any more.
                self.pending = None;
                self.open = None;
                self.drop_plan = None;
                self.drop_at = None;
                // Back after the end: `welcome` carried the final score, and amane sends no `final` to a
                // connection that was not there at the end (the protocol promises the state after `welcome`,
                // which is `finished`). Done, with the score of `welcome` as the final one.
                if replayed {
                    self.report.final_score = Some(self.score);
                    return Ok(Some(Step::Done));
                }
            }
            "final" => {
                // After a reconnection at the very end, `final` may follow the replayed `finished`.
                if !replayed && self.report.finished_at.is_some() {
                    self.report.final_at.get_or_insert(now);
                }
                // No acknowledged answer lost: the final score is the last one this participant was told.
                if let Some(score) = frame["score"].as_i64() {
                    self.report.final_score_mismatch |= score != self.score;
                    self.report.final_score = Some(score);
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
                question.sent_at = Some(now);
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
        let question = self.question(index);
        question.answer = Answer::Sent(answer.clone());
        question.sent_at = Some(Instant::now());
        self.report.answers_sent += 1;
        ws.send(Message::text(answer)).await.map_err(|e| format!("send: {e}"))
    }
}

/// Why a resume attempt failed.
enum Resume {
    /// The node could not be reached, closed the connection or is busy: try again.
    Retry(String),
    /// The server refused it for good (`unknown_token`, `session_finished`, …).
    Refused(String),
}

async fn resume_handshake(ctx: &Ctx, node: usize, token: &str) -> Result<(Ws, Value), Resume> {
    let label = |e: String| Resume::Retry(format!("node {}: {e}", node + 1));
    let mut ws = ctx.nodes[node].connect(MAX_SERVER_FRAME).await.map_err(label)?;
    send_json(&mut ws, &json!({"v": 1, "type": "resume", "token": token, "lang": ctx.lang})).await.map_err(label)?;
    let frame = read_json(&mut ws).await.map_err(label)?;
    match kind_of(&frame) {
        "welcome" => Ok((ws, frame)),
        "error" if matches!(frame["code"].as_str(), Some("server_busy" | "too_many_attempts")) => {
            Err(label(format!("resume refused: {}", error_code(&frame))))
        }
        "error" => Err(Resume::Refused(format!("resume refused: {} ({})", error_code(&frame), frame["message"]))),
        other => Err(Resume::Refused(format!("expected `welcome` after `resume`, got `{other}`: {frame}"))),
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
    /// Each node's base URL, in the order of --base.
    bases: Vec<String>,
    token: String,
}

/// Why an HTTP call failed.
#[derive(Debug)]
enum CallError {
    /// The node did not answer: connection refused or reset, timeout.
    Transport(String),
    /// It answered with an error status (the message carries the status and the body).
    Status(u16, String),
}

impl CallError {
    fn into_message(self) -> String {
        match self {
            CallError::Transport(m) | CallError::Status(_, m) => m,
        }
    }
}

/// An error with its causes ("error sending request" alone does not say that the connection was refused).
fn chain(e: &dyn std::error::Error) -> String {
    let mut text = e.to_string();
    let mut source = e.source();
    while let Some(cause) = source {
        text.push_str(": ");
        text.push_str(&cause.to_string());
        source = cause.source();
    }
    text
}

impl Http {
    /// Calls the API on one node; any status but 2xx is an error that carries the status and the body.
    async fn call(
        &self,
        node: usize,
        method: reqwest::Method,
        path: &str,
        body: Option<&Value>,
    ) -> Result<Value, CallError> {
        let url = format!("{}{path}", self.bases[node]);
        let verb = method.as_str().to_owned();
        let mut request = self.client.request(method, &url).bearer_auth(&self.token);
        if let Some(body) = body {
            request = request.json(body);
        }
        let response =
            request.send().await.map_err(|e| CallError::Transport(format!("{verb} {url}: {}", chain(&e))))?;
        let status = response.status();
        let text = response.text().await.map_err(|e| {
            CallError::Transport(format!("{verb} {url}: HTTP {status}, reading the body: {}", chain(&e)))
        })?;
        if !status.is_success() {
            return Err(CallError::Status(
                status.as_u16(),
                format!("{verb} {url}: HTTP {status}: {}", truncate(&text, 2000)),
            ));
        }
        if text.trim().is_empty() {
            return Ok(Value::Null);
        }
        serde_json::from_str(&text).map_err(|e| {
            CallError::Status(
                status.as_u16(),
                format!("{verb} {url}: HTTP {status} but the body is not JSON ({e}): {}", truncate(&text, 2000)),
            )
        })
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

/// What a game's results say of one participant (`GET /api/v1/live/{id}/results`): score and answers stored.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Stored {
    score: i64,
    answered: u64,
}

#[derive(Debug, Default)]
struct DriverReport {
    /// Per question, when the driver asked to close it.
    close_t0: Vec<Instant>,
    end_t0: Option<Instant>,
    /// The stored results per nickname, read after the end.
    stored: Option<HashMap<String, Stored>>,
    /// Calls tried again (node down, `server_busy`).
    retries: usize,
    errors: Vec<String>,
}

struct DriverSettings {
    questions: usize,
    time_limit: Duration,
    pause: Duration,
    recover_for: Duration,
    /// The node kill, for the driver of this process's first game.
    kill: Option<Arc<Kill>>,
    /// `--together`: the games meet here before each close and the end.
    together: Option<Arc<tokio::sync::Barrier>>,
}

impl DriverSettings {
    /// With `--together`, waits until every game is ready (or the time limit passed: a game that stopped early
    /// must not hold the others for ever).
    async fn meet(&self) {
        if let Some(b) = &self.together {
            let _ = tokio::time::timeout(self.time_limit + ms(10_000), b.wait()).await;
        }
    }
}

/// The node kill (`--kill-pid`): when, and how.
struct Kill {
    /// The question (from 0) after whose opening the node is killed.
    question: usize,
    delay: Duration,
    /// What kills the node (`kill -9 PID`; tests stop a mock node instead).
    action: Box<dyn Fn() -> Result<(), String> + Send + Sync>,
    /// Where to tell the other processes when it happened (the barrier directory).
    file: Option<PathBuf>,
    at: Mutex<Option<Instant>>,
}

impl Kill {
    fn fire(&self) {
        let wall = SystemTime::now();
        let at = Instant::now();
        match (self.action)() {
            Ok(()) => {
                *self.at.lock().unwrap_or_else(|p| p.into_inner()) = Some(at);
                eprintln!("kill: node killed during question {}", self.question + 1);
                if let Some(file) = &self.file {
                    let nanos = wall.duration_since(UNIX_EPOCH).map(|d| d.as_nanos()).unwrap_or(0);
                    let text = json!({"epoch_ns": nanos.to_string(), "question": self.question + 1}).to_string();
                    if let Err(e) = std::fs::write(file, text) {
                        eprintln!("kill: cannot write {}: {e}", file.display());
                    }
                }
            }
            Err(e) => eprintln!("kill: {e}"),
        }
    }

    fn at(&self) -> Option<Instant> {
        *self.at.lock().unwrap_or_else(|p| p.into_inner())
    }
}

/// When another process killed a node, as it wrote in the barrier directory, on this process's clock.
fn killed_elsewhere(dir: &std::path::Path) -> Option<(Instant, usize)> {
    let text = std::fs::read_to_string(dir.join(KILLED_FILE)).ok()?;
    let file: Value = serde_json::from_str(&text).ok()?;
    let nanos: u128 = file["epoch_ns"].as_str()?.parse().ok()?;
    let wall = UNIX_EPOCH + Duration::from_nanos(u64::try_from(nanos).ok()?);
    let ago = SystemTime::now().duration_since(wall).ok()?;
    Some((Instant::now().checked_sub(ago)?, file["question"].as_u64().unwrap_or(0) as usize))
}

/// Whether a state (`GET /api/v1/live/{id}`) shows the question `index` opened already (or the game over).
fn reached(state: &Value, index: usize) -> bool {
    state["status"] == "finished" || state["question"].as_u64().is_some_and(|q| q as usize >= index)
}

/// One game's facilitator.
struct Driver {
    http: Arc<Http>,
    game: Arc<Game>,
    /// The node the controls go to: the game's, then the next one when it stops answering.
    node: usize,
    recover_for: Duration,
    label: String,
    report: DriverReport,
}

impl Driver {
    /// A control; tried again on the next node when this one does not answer, and on the same one when it is
    /// busy (a control for a game whose owner node died waits for a reply, then answers 503 `server_busy`, until
    /// the game is taken over), for at most the recovery time. Before sending `next` again, the game's state is
    /// read: the first one may have opened the question although its answer was lost.
    async fn control(&mut self, op: &str, opens: Option<usize>) -> Result<Value, String> {
        let path = format!("/api/v1/live/{}/{op}", self.game.id);
        let state_path = format!("/api/v1/live/{}", self.game.id);
        let mut failing_since: Option<Instant> = None;
        loop {
            if failing_since.is_some()
                && let Some(index) = opens
            {
                match self.http.call(self.node, reqwest::Method::GET, &state_path, None).await {
                    Ok(state) if reached(&state, index) => return Ok(state),
                    Ok(_) => {}
                    Err(e) => {
                        self.retry(op, e, &mut failing_since).await?;
                        continue;
                    }
                }
            }
            match self.http.call(self.node, reqwest::Method::POST, &path, None).await {
                Ok(state) => return Ok(state),
                Err(e) => self.retry(op, e, &mut failing_since).await?,
            }
        }
    }

    /// After a failed call: `Err` when it is not worth trying again, else waits and picks the node to try.
    async fn retry(&mut self, op: &str, e: CallError, failing_since: &mut Option<Instant>) -> Result<(), String> {
        let since = *failing_since.get_or_insert_with(Instant::now);
        let (message, unreachable) = match e {
            CallError::Transport(m) => (m, true),
            CallError::Status(502..=504, m) => (m, false),
            CallError::Status(_, m) => return Err(m),
        };
        if since.elapsed() >= self.recover_for {
            return Err(format!("{message} (still failing after {} s)", self.recover_for.as_secs()));
        }
        let nodes = self.http.bases.len();
        if unreachable && nodes > 1 {
            self.node = (self.node + 1) % nodes;
        }
        self.report.retries += 1;
        eprintln!("{}: {op}: {}; trying again on node {}", self.label, truncate(&message, 300), self.node + 1);
        back_off().await;
        Ok(())
    }

    /// The stored results, per nickname.
    async fn stored(&mut self) -> Result<HashMap<String, Stored>, String> {
        let path = format!("/api/v1/live/{}/results", self.game.id);
        let mut failing_since = None;
        let results = loop {
            match self.http.call(self.node, reqwest::Method::GET, &path, None).await {
                Ok(results) => break results,
                Err(e) => self.retry("results", e, &mut failing_since).await?,
            }
        };
        let ranking = results["ranking"].as_array().ok_or_else(|| format!("GET {path}: no `ranking`: {results}"))?;
        Ok(ranking
            .iter()
            .filter_map(|r| {
                let stored = Stored { score: r["score"].as_i64()?, answered: r["answered"].as_u64()? };
                Some((r["nickname"].as_str()?.to_owned(), stored))
            })
            .collect())
    }
}

/// Runs one game: `next`, wait until every participant is done answering (or the time is up), `close`, …, `end`;
/// then reads the stored results.
async fn drive(http: Arc<Http>, game: Arc<Game>, settings: DriverSettings) -> DriverReport {
    let mut driver = Driver {
        http,
        node: game.node,
        recover_for: settings.recover_for,
        label: format!("session {}", game.number + 1),
        game,
        report: DriverReport::default(),
    };
    let game = driver.game.clone();
    let total = match game.total.load(Ordering::SeqCst) {
        0 => settings.questions,
        n => n,
    };
    let players = game.joined.load(Ordering::SeqCst);
    let label = driver.label.clone();
    let mut kill_task = None;
    for index in 0..total {
        let opened = Instant::now();
        if let Err(e) = driver.control("next", Some(index)).await {
            eprintln!("{label}: question {}: {e}", index + 1);
            driver.report.errors.push(e);
            break;
        }
        if let Some(kill) = settings.kill.as_ref().filter(|k| k.question == index) {
            let kill = kill.clone();
            kill_task = Some(tokio::spawn(async move {
                tokio::time::sleep(kill.delay).await;
                kill.fire();
            }));
        }
        // Wait for every participant, for at most the time limit and a margin for the last answers' trip.
        let deadline = opened + settings.time_limit + ms(2000);
        let mut settled = game.settled_count(index);
        while settled < players && Instant::now() < deadline {
            tokio::time::sleep(ms(20)).await;
            settled = game.settled_count(index);
        }
        let waited = opened.elapsed();
        settings.meet().await;
        let t0 = Instant::now();
        driver.report.close_t0.push(t0);
        let closed = driver.control("close", None).await;
        let http_ms = t0.elapsed().as_secs_f64() * 1e3;
        eprintln!(
            "{label}: question {}/{total}: {settled}/{players} participants done after {:.1} s; close answered in \
             {http_ms:.0} ms",
            index + 1,
            waited.as_secs_f64()
        );
        if let Err(e) = closed {
            eprintln!("{label}: question {}: {e}", index + 1);
            driver.report.errors.push(e);
        }
        tokio::time::sleep(settings.pause).await;
    }
    if let Some(task) = kill_task {
        let _ = task.await;
    }
    settings.meet().await;
    driver.report.end_t0 = Some(Instant::now());
    if let Err(e) = driver.control("end", None).await {
        eprintln!("{label}: end: {e}");
        driver.report.errors.push(e);
    }
    // The stored results are read once this game's participants are done: reading them while other games still
    // deliver their `final` frames would make the load generator part of what it measures.
    let deadline = Instant::now() + END_GRACE;
    while game.done.load(Ordering::SeqCst) < players && Instant::now() < deadline {
        tokio::time::sleep(ms(50)).await;
    }
    match driver.stored().await {
        Ok(stored) => driver.report.stored = Some(stored),
        Err(e) => {
            eprintln!("{label}: results: {e}");
            driver.report.errors.push(e);
        }
    }
    driver.report
}

// ---------------------------------------------------------------------------------------------------------------
// The run and its summary

pub async fn run(args: PlayArgs) -> Result<(), String> {
    let json = args.json;
    let samples_out = args.samples_out.clone();
    let (summary, samples) = play(args).await?;
    if json {
        println!("{}", serde_json::to_string(&summary).map_err(|e| format!("summary as JSON: {e}"))?);
    } else {
        print_summary(&summary);
    }
    if let Some(path) = samples_out {
        let file = json!({"kind": "play", "summary": summary, "samples": samples});
        std::fs::write(&path, file.to_string()).map_err(|e| format!("cannot write {}: {e}", path.display()))?;
    }
    let problems = problems(&summary);
    if problems.is_empty() { Ok(()) } else { Err(format!("something was missed: {}", problems.join("; "))) }
}

/// The nodes of --base: their HTTP bases and participant endpoints.
async fn nodes(base: &str) -> Result<Vec<(String, Target)>, String> {
    let mut nodes = Vec::new();
    for base in base.split(',').map(str::trim).filter(|b| !b.is_empty()) {
        let base = base.trim_end_matches('/').to_owned();
        let ws_url = match base.strip_prefix("http://") {
            Some(rest) => format!("ws://{rest}/live/ws"),
            None => return Err(format!("--base {base}: only http:// is supported (this build has no TLS)")),
        };
        let target = Target::resolve(&ws_url).await?;
        nodes.push((base, target));
    }
    if nodes.is_empty() {
        return Err("--base: no node given".into());
    }
    Ok(nodes)
}

/// --server-pid: none, or one per node.
fn pids(arg: Option<&str>, nodes: usize) -> Result<Vec<Option<u32>>, String> {
    let Some(arg) = arg else { return Ok(vec![None; nodes]) };
    let pids = arg
        .split(',')
        .map(|p| p.trim().parse::<u32>().map(Some).map_err(|e| format!("--server-pid {arg}: {e}")))
        .collect::<Result<Vec<_>, _>>()?;
    if pids.len() != nodes {
        return Err(format!("--server-pid: {} process ids for {nodes} node(s) in --base", pids.len()));
    }
    Ok(pids)
}

/// Each node's resident memory, for the nodes whose process id is known.
fn rss_all(pids: &[Option<u32>]) -> Result<Vec<Option<u64>>, String> {
    pids.iter().map(|pid| pid.map(rss_kib).transpose()).collect()
}

pub(crate) async fn play(args: PlayArgs) -> Result<(Summary, Samples), String> {
    play_with(args, None).await
}

/// `play`, with what kills the node replaced (tests stop an in-process mock node instead of killing a process).
async fn play_with(
    args: PlayArgs,
    kill_action: Option<Box<dyn Fn() -> Result<(), String> + Send + Sync>>,
) -> Result<(Summary, Samples), String> {
    if args.sessions == 0 || args.players < args.sessions {
        return Err("--sessions must be at least 1 and at most --players".into());
    }
    if !(0.0..=1.0).contains(&args.drop) {
        return Err("--drop is a share, between 0 and 1".into());
    }
    if args.parties == 0 || (args.parties > 1 && args.barrier.is_none()) {
        return Err("--parties needs --barrier, and is at least 1".into());
    }
    let nodes = nodes(&args.base).await?;
    let pids = pids(args.server_pid.as_deref(), nodes.len())?;
    let http = Arc::new(Http {
        client: reqwest::Client::builder()
            .timeout(Duration::from_secs(60))
            .build()
            .map_err(|e| format!("HTTP client: {e}"))?,
        bases: nodes.iter().map(|(base, _)| base.clone()).collect(),
        token: args.token.clone(),
    });
    let several = nodes.len() > 1;

    // The games: game k on node k % n.
    let mut games = Vec::with_capacity(args.sessions);
    for local in 0..args.sessions {
        let number = args.game_offset + local;
        let node = number % nodes.len();
        let body = json!({
            "module": args.module, "audience": args.audience, "lang": args.lang, "count": args.questions,
            "questions": null, "workshop": null, "scoring": args.scoring, "streaks": true, "teams": false,
            "no_device": false, "time_limit_s": args.time_limit_s,
        });
        let created = http
            .call(node, reqwest::Method::POST, "/api/v1/live", Some(&body))
            .await
            .map_err(|e| format!("creating a game: {}", e.into_message()))?;
        let (Some(id), Some(pin)) = (as_text(&created["id"]), as_text(&created["pin"])) else {
            return Err(format!("creating a game: the answer has no `id` or `pin`: {created}"));
        };
        if several {
            eprintln!("session {}: game {id}, PIN {pin}, on node {}", number + 1, node + 1);
        } else {
            eprintln!("session {}: game {id}, PIN {pin}", number + 1);
        }
        games.push(Arc::new(Game {
            number,
            node,
            id,
            pin,
            total: AtomicUsize::new(0),
            joined: AtomicUsize::new(0),
            done: AtomicUsize::new(0),
            settled: Mutex::new(Vec::new()),
        }));
    }

    // The participants, joining in parallel batches: participant i of a game on node i % n.
    let rss_before = rss_all(&pids)?;
    let think_max = ms(args.think_ms);
    let ctx = Arc::new(Ctx {
        nodes: nodes.iter().map(|(_, target)| target.clone()).collect(),
        lang: args.lang.clone(),
        think: (ms(args.think_min_ms).min(think_max), think_max),
        reconnect_max: ms(args.reconnect_ms),
        drop: args.drop,
        gate: Semaphore::new(args.connect_concurrency.max(1)),
        resume_timeout: ms(args.resume_timeout_ms.max(100)),
        recover_for: ms(args.recover_ms),
        joined_per_node: nodes.iter().map(|_| AtomicUsize::new(0)).collect(),
    });
    // Nicknames are numbered over the whole run, so that two processes' participants differ.
    let first_number = args.game_offset * args.players.div_ceil(args.sessions);
    let (stop_tx, stop_rx) = watch::channel(false);
    let (joined_tx, mut joined_rx) = mpsc::unbounded_channel();
    let join_started = Instant::now();
    let mut players = Vec::with_capacity(args.players);
    for number in 0..args.players {
        let game = games[number % games.len()].clone();
        let node = (number / games.len()) % nodes.len();
        let task = participant(ctx.clone(), game, first_number + number, node, joined_tx.clone(), stop_rx.clone());
        players.push(tokio::spawn(task));
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
    let joined_per_node: Vec<usize> = ctx.joined_per_node.iter().map(|n| n.load(Ordering::SeqCst)).collect();
    // Every process joined: each node's participants, over all of them.
    let mut joined_everywhere = joined_per_node.clone();
    if let Some(dir) = &args.barrier {
        let me = format!("play-{}-{}", std::process::id(), args.game_offset);
        let mine = json!({"joined_per_node": joined_per_node}).to_string();
        let all = barrier(dir, args.parties, &me, &mine).await?;
        joined_everywhere = vec![0; nodes.len()];
        for party in &all {
            let counts: Value = serde_json::from_str(party).unwrap_or_default();
            for (node, n) in counts["joined_per_node"].as_array().into_iter().flatten().enumerate() {
                if let Some(total) = joined_everywhere.get_mut(node) {
                    *total += n.as_u64().unwrap_or(0) as usize;
                }
            }
        }
        eprintln!(
            "barrier: {} processes ready, {} participants on the nodes",
            all.len(),
            joined_everywhere.iter().sum::<usize>()
        );
    }
    let rss_joined = rss_all(&pids)?;

    // The node kill, during this process's first game.
    let kill = match (args.kill_pid, kill_action) {
        (_, Some(action)) => Some(action),
        (Some(pid), None) => {
            let action: Box<dyn Fn() -> Result<(), String> + Send + Sync> = Box::new(move || {
                let status = std::process::Command::new("kill")
                    .args(["-9", &pid.to_string()])
                    .status()
                    .map_err(|e| format!("kill -9 {pid}: {e}"))?;
                if status.success() { Ok(()) } else { Err(format!("kill -9 {pid}: {status}")) }
            });
            Some(action)
        }
        (None, None) => None,
    }
    .map(|action| {
        Arc::new(Kill {
            question: args.kill_at_question.max(1) - 1,
            delay: ms(args.kill_delay_ms),
            action,
            file: args.barrier.as_ref().map(|dir| dir.join(KILLED_FILE)),
            at: Mutex::new(None),
        })
    });

    // The games, all at once.
    let together = args.together.then(|| Arc::new(tokio::sync::Barrier::new(games.len())));
    let game_started = Instant::now();
    let drivers: Vec<_> = games
        .iter()
        .enumerate()
        .map(|(local, game)| {
            let settings = DriverSettings {
                questions: args.questions,
                time_limit: Duration::from_secs(args.time_limit_s),
                pause: ms(args.pause_ms),
                recover_for: ms(args.recover_ms),
                kill: if local == 0 { kill.clone() } else { None },
                together: together.clone(),
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

    // When the node was killed: by this process, or by another one at the barrier.
    let killed = match &kill {
        Some(kill) => Some((kill.at(), kill.question + 1, args.kill_pid)),
        None => args.barrier.as_deref().and_then(killed_elsewhere).map(|(at, q)| (Some(at), q, None)),
    };
    let node_figures = nodes
        .iter()
        .enumerate()
        .map(|(i, (base, _))| NodeFigures {
            base: base.clone(),
            pid: pids[i],
            participants: joined_per_node[i],
            participants_all: joined_everywhere[i],
            rss_before_kib: rss_before[i],
            rss_joined_kib: rss_joined[i],
        })
        .collect();
    let facts = Facts { join_seconds, game_seconds, nodes: node_figures, killed };
    Ok(summarise(&args, &reports, &driver_reports, facts))
}

/// What the run knows besides the participants' and drivers' reports.
struct Facts {
    join_seconds: f64,
    game_seconds: f64,
    nodes: Vec<NodeFigures>,
    /// The kill: when (`None`: it failed), the question (from 1), the process killed (known by the killer).
    killed: Option<(Option<Instant>, usize, Option<u32>)>,
}

/// The most games that closed the same question within `window` of one another.
fn closes_within(drivers: &[DriverReport], window: Duration) -> usize {
    let questions = drivers.iter().map(|d| d.close_t0.len()).max().unwrap_or(0);
    let mut most = 0;
    for q in 0..questions {
        let mut at: Vec<Instant> = drivers.iter().filter_map(|d| d.close_t0.get(q).copied()).collect();
        at.sort();
        let mut first = 0;
        for last in 0..at.len() {
            while at[last] - at[first] > window {
                first += 1;
            }
            most = most.max(last - first + 1);
        }
    }
    most
}

fn summarise(args: &PlayArgs, reports: &[PlayerReport], drivers: &[DriverReport], facts: Facts) -> (Summary, Samples) {
    let single = facts.nodes.len() == 1;
    let mut s = Summary {
        sessions: args.sessions,
        questions: drivers.iter().map(|d| d.close_t0.len()).max().unwrap_or(0),
        players_planned: args.players,
        join_seconds: facts.join_seconds,
        game_seconds: facts.game_seconds,
        server_rss_before_kib: if single { facts.nodes[0].rss_before_kib } else { None },
        server_rss_joined_kib: if single { facts.nodes[0].rss_joined_kib } else { None },
        http_errors: drivers.iter().flat_map(|d| d.errors.iter().cloned()).collect(),
        http_retries: drivers.iter().map(|d| d.retries as u64).sum(),
        ..Summary::default()
    };
    s.closes_within_100ms = closes_within(drivers, ms(100));
    let kill_at = facts.killed.and_then(|(at, _, _)| at);
    let mut kill_figures = facts.killed.map(|(at, question, pid)| KillFigures {
        pid,
        question,
        fired: at.is_some(),
        ..KillFigures::default()
    });
    let mut samples = Samples::default();
    let (mut closed, mut results, mut finished, mut finals) = (Vec::new(), Vec::new(), Vec::new(), Vec::new());
    let (mut recovery, mut kill_to_state) = (Vec::new(), Vec::new());
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
        for question in &report.questions {
            if matches!(question.answer, Answer::Sent(_)) {
                let sent = question.sent_at.unwrap_or_else(Instant::now);
                if report.broke_at_kill(sent, kill_at) {
                    s.answers_lost_at_kill += 1;
                } else {
                    s.answers_unacknowledged += 1;
                }
            }
        }
        s.answers_missed += u64::from(report.missed);
        s.unknown_kinds += u64::from(report.unknown_kinds);
        s.resumes_attempted += u64::from(report.resumes_attempted);
        s.resumes_ok += u64::from(report.resumes_ok);
        s.resume_retries += report.resume_retries.len() as u64;
        for reason in &report.resume_retries {
            *s.resume_retry_reasons.entry(first_words(reason)).or_default() += 1;
        }
        s.resume_score_mismatches += u64::from(report.score_mismatches);
        s.resume_score_unchecked += u64::from(report.score_unchecked);
        s.final_score_mismatches += u64::from(report.final_score_mismatch);
        s.unplanned_disconnects += report.unplanned_disconnects.len() as u64;
        for reason in &report.unplanned_disconnects {
            *s.unplanned_disconnect_reasons.entry(first_words(reason)).or_default() += 1;
        }
        if let Some(failure) = &report.failure {
            s.players_failed += 1;
            *s.failures.entry(first_words(failure)).or_default() += 1;
        }
        if let (Some(kill), Some(figures)) = (kill_at, kill_figures.as_mut()) {
            // Recovery: from each connection lost after the kill to the next `welcome` (the state again).
            let breaks: Vec<&Away> = report.away.iter().filter(|a| !a.planned && a.from >= kill).collect();
            if !breaks.is_empty() {
                figures.to_recover += 1;
                figures.recovered += u64::from(breaks.iter().all(|a| a.to.is_some()));
                recovery.extend(breaks.iter().filter_map(|a| Some(a.to? - a.from)));
            }
            // From the kill to the state again, for whoever was without it: lost after the kill, or away then.
            let first_away = report.away.iter().find(|a| {
                (!a.planned && a.from >= kill) || (a.planned && a.from <= kill && a.to.is_none_or(|to| to >= kill))
            });
            if let Some(to) = first_away.and_then(|a| a.to) {
                kill_to_state.push(to.saturating_duration_since(kill));
            }
        }
        let Some(driver) = drivers.get(report.game - args.game_offset) else { continue };
        if let (Some(stored), Some(nickname)) = (&driver.stored, &report.nickname) {
            s.stored_checked += 1;
            match stored.get(nickname) {
                None => s.stored_players_missing += 1,
                Some(stored) => {
                    let acknowledged =
                        report.questions.iter().filter(|q| matches!(q.answer, Answer::Accepted)).count() as u64;
                    s.acknowledged_not_stored += acknowledged.saturating_sub(stored.answered);
                    if report.final_score.is_some_and(|score| score != stored.score) {
                        s.stored_score_mismatches += 1;
                    }
                }
            }
        }
        for (index, &t0) in driver.close_t0.iter().enumerate() {
            let log = report.questions.get(index);
            let excused = report.away_after(t0) || log.is_some_and(|q| q.closed_replayed);
            let missed = if excused { &mut s.missed_while_reconnecting } else { &mut s.missing };
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
            let excused = report.away_after(t0) || report.finished_replayed;
            let missed = if excused { &mut s.missed_while_reconnecting } else { &mut s.missing };
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
    let to_ms = |v: &[Duration]| v.iter().map(|&d| crate::common::ms(d)).collect::<Vec<f64>>();
    samples.close_to_closed = to_ms(&closed);
    samples.close_to_result = to_ms(&results);
    samples.end_to_finished = to_ms(&finished);
    samples.end_to_final = to_ms(&finals);
    samples.recovery = to_ms(&recovery);
    samples.kill_to_state = to_ms(&kill_to_state);
    s.close_to_closed = Percentiles::of(&mut closed);
    s.close_to_result = Percentiles::of(&mut results);
    s.end_to_finished = Percentiles::of(&mut finished);
    s.end_to_final = Percentiles::of(&mut finals);
    if let Some(figures) = kill_figures.as_mut() {
        figures.recovery = Percentiles::of(&mut recovery);
        figures.kill_to_state = Percentiles::of(&mut kill_to_state);
    }
    s.kill = kill_figures;
    if let (Some(before), Some(after)) = (s.server_rss_before_kib, s.server_rss_joined_kib) {
        s.server_rss_per_player_kib = Some(per_connection_kib(before, after, s.players_connected));
    }
    if !single {
        s.nodes = facts.nodes;
    }
    (s, samples)
}

/// Groups failure messages by their beginning (they may end with details that differ per participant).
fn first_words(message: &str) -> String {
    truncate(message, 80).to_owned()
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
    fn the_load_shape_counts_the_games_that_close_together() {
        let t = Instant::now();
        let driver = |offsets: &[u64]| DriverReport {
            close_t0: offsets.iter().map(|o| t + ms(*o)).collect(),
            ..DriverReport::default()
        };
        // Question 1: three games within 100 ms (0, 60, 100), one apart; question 2: all apart.
        let drivers = [driver(&[0, 5_000]), driver(&[60, 5_200]), driver(&[100, 5_400]), driver(&[350, 5_600])];
        assert_eq!(closes_within(&drivers, ms(100)), 3);
        assert_eq!(closes_within(&drivers, ms(10)), 1);
        assert_eq!(closes_within(&drivers, ms(1_000)), 4);
        assert_eq!(closes_within(&[], ms(100)), 0);
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

    /// Quick games: short thinking, short pauses.
    fn quick(base: &str, extra: &[&str]) -> PlayArgs {
        use clap::Parser;
        let mut argv = vec![
            "play",
            "--base",
            base,
            "--token",
            "secret",
            "--questions",
            "5",
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
        ];
        argv.extend_from_slice(extra);
        Cli::parse_from(argv).play
    }

    /// One mock node; several nodes serving the same mock share its games (as amane nodes share a database).
    async fn mock_node(mock: &Arc<crate::mock::Mock>, name: &'static str) -> (String, watch::Sender<bool>) {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("bind");
        let addr = listener.local_addr().expect("address");
        let (kill, dead) = watch::channel(false);
        tokio::spawn(crate::mock::run_node(listener, mock.clone(), name, dead));
        (format!("http://{addr}"), kill)
    }

    /// What every clean run shows: everyone played every question, nothing missed, every score adds up.
    fn assert_clean(s: &Summary, players: usize) {
        assert_eq!(s.players_connected, players, "{s:#?}");
        assert_eq!(s.questions, 5);
        assert_eq!(s.answers_refused + s.answers_unacknowledged + s.answers_missed, 0, "{s:#?}");
        assert_eq!(s.resumes_ok, s.resumes_attempted, "{s:#?}");
        assert_eq!(s.resume_score_mismatches + s.final_score_mismatches, 0, "{s:#?}");
        assert_eq!(s.stored_checked, players as u64, "{s:#?}");
        assert_eq!(s.stored_players_missing + s.acknowledged_not_stored + s.stored_score_mismatches, 0, "{s:#?}");
        assert_eq!(s.players_failed, 0, "{s:#?}");
        assert_eq!(s.missing.closed + s.missing.result + s.missing.finished + s.missing.final_, 0, "{s:#?}");
        assert!(s.http_errors.is_empty(), "{s:#?}");
        assert!(problems(s).is_empty(), "{:?}", problems(s));
    }

    /// A whole run against the in-memory stand-in: two games, half the participants drop and resume.
    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn plays_whole_games_against_the_mock() {
        let mock = crate::mock::Mock::new("secret");
        let (base, _node) = mock_node(&mock, "a").await;
        let args = quick(&base, &["--sessions", "2", "--players", "60", "--drop", "0.5"]);
        let (s, samples) = play(args).await.expect("the run");
        assert_clean(&s, 60);
        assert_eq!(s.answers_sent, 300, "{s:#?}");
        assert_eq!(s.answers_accepted, 300, "{s:#?}");
        assert!(s.resumes_attempted > 10, "{s:#?}");
        assert_eq!(s.unplanned_disconnects, 0, "{s:#?}");
        assert!(s.close_to_closed.samples >= 280, "{s:#?}");
        assert!(s.close_to_result.samples >= 280, "{s:#?}");
        assert_eq!(samples.close_to_closed.len(), s.close_to_closed.samples);
        assert!(s.nodes.is_empty() && s.kill.is_none(), "one node: no per-node figures");
    }

    /// Two nodes sharing the games: games are created on both, each game's participants join on both, and a
    /// dropped participant resumes on the other node.
    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn spreads_games_and_participants_over_two_nodes() {
        let mock = crate::mock::Mock::new("secret");
        let (a, _node_a) = mock_node(&mock, "a").await;
        let (b, _node_b) = mock_node(&mock, "b").await;
        let bases = format!("{a},{b}");
        let args = quick(&bases, &["--sessions", "2", "--players", "40", "--drop", "0.5"]);
        let (s, _) = play(args).await.expect("the run");
        assert_clean(&s, 40);
        assert_eq!((mock.seen("a", "create"), mock.seen("b", "create")), (1, 1));
        assert_eq!((mock.seen("a", "join"), mock.seen("b", "join")), (20, 20));
        // A planned drop resumes on the other node: resumes on both, as many as the drops from the other one.
        assert!(mock.seen("a", "resume") > 0 && mock.seen("b", "resume") > 0, "{s:#?}");
        assert_eq!(s.nodes.len(), 2);
        assert_eq!((s.nodes[0].participants, s.nodes[1].participants), (20, 20));
        assert_eq!(s.nodes[1].base, b);
    }

    /// A node dies during the second question: its participants resume on the other one, its games' controls
    /// go there too, and nothing acknowledged is lost.
    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn a_killed_node_s_participants_recover_on_the_other() {
        let mock = crate::mock::Mock::new("secret");
        let (a, _node_a) = mock_node(&mock, "a").await;
        let (b, node_b) = mock_node(&mock, "b").await;
        let bases = format!("{a},{b}");
        let args = quick(&bases, &["--sessions", "2", "--players", "40", "--drop", "0", "--kill-at-question", "2"]);
        let kill: Box<dyn Fn() -> Result<(), String> + Send + Sync> =
            Box::new(move || node_b.send(true).map_err(|e| e.to_string()));
        let (s, samples) = play_with(args, Some(kill)).await.expect("the run");
        let k = s.kill.clone().expect("kill figures");
        assert!(k.fired, "{s:#?}");
        assert_eq!(k.question, 2);
        assert_eq!(k.to_recover, 20, "the participants on node b: {s:#?}");
        assert_eq!(k.recovered, 20, "{s:#?}");
        assert_eq!(samples.recovery.len(), 20);
        assert_eq!(k.recovery.samples, 20);
        assert!(k.kill_to_state.samples >= 20, "{s:#?}");
        assert_eq!(mock.seen("a", "resume"), 20, "every participant of node b resumed on node a");
        assert!(s.http_retries > 0, "the game created on node b is driven from node a: {s:#?}");
        assert_eq!(s.players_connected, 40);
        assert_eq!(s.players_failed + s.final_score_mismatches as usize, 0, "{s:#?}");
        assert_eq!(s.acknowledged_not_stored + s.stored_score_mismatches + s.answers_unacknowledged, 0, "{s:#?}");
        assert!(problems(&s).is_empty(), "{:?}", problems(&s));
    }

    /// Two processes at once (here two runs in one), meeting at a barrier, then their samples merged.
    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn two_processes_meet_at_the_barrier_and_merge() {
        let mock = crate::mock::Mock::new("secret");
        let (a, _node_a) = mock_node(&mock, "a").await;
        let (b, _node_b) = mock_node(&mock, "b").await;
        let bases = format!("{a},{b}");
        let dir = std::env::temp_dir().join(format!("loadgen-merge-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).expect("dir");
        let barrier = dir.join("barrier");
        let barrier = barrier.to_str().expect("path");
        let common = ["--sessions", "2", "--players", "40", "--drop", "0.3", "--barrier", barrier, "--parties", "2"];
        let first = play(quick(&bases, &common));
        let mut second_args: Vec<&str> = common.to_vec();
        second_args.extend(["--game-offset", "2"]);
        let second = play(quick(&bases, &second_args));
        let (first, second) = tokio::join!(first, second);
        let mut files = Vec::new();
        for (i, run) in [first, second].into_iter().enumerate() {
            let (summary, samples) = run.expect("the run");
            assert_clean(&summary, 40);
            assert_eq!(summary.nodes[0].participants_all, 40, "both processes' participants: {summary:#?}");
            let path = dir.join(format!("play-{i}.json"));
            let file = json!({"kind": "play", "summary": summary, "samples": samples});
            std::fs::write(&path, file.to_string()).expect("write");
            files.push(path);
        }
        // Four games in all, numbered apart: created on a, b, a, b.
        assert_eq!((mock.seen("a", "create"), mock.seen("b", "create")), (2, 2));
        let bare = dir.join("bare.json");
        std::fs::write(
            &bare,
            json!({"kind": "bare", "bare": {"clients": 80, "broadcast_ms": [1.0, 2.0, 4.0]}}).to_string(),
        )
        .expect("write");
        files.push(bare);
        let merged = crate::summary::merge_files(&files).expect("merge");
        let s = &merged.summary;
        assert_eq!((merged.plays, merged.bares), (2, 1));
        assert_clean(s, 80);
        assert_eq!(s.sessions, 4);
        assert_eq!(s.players_planned, 80);
        assert_eq!(s.answers_accepted, 400);
        assert_eq!(s.close_to_closed.samples, merged.samples.close_to_closed.len());
        assert!(s.close_to_closed.samples >= 380, "{s:#?}");
        assert_eq!((s.nodes[0].participants, s.nodes[0].participants_all), (40, 40));
        assert_eq!(merged.bare.broadcast_ms.len(), 3);

        // A file that missed something makes the merge fail.
        let mut bad: Value = serde_json::from_str(&std::fs::read_to_string(&files[0]).expect("read")).expect("json");
        bad["summary"]["missing"]["result"] = json!(2);
        bad["summary"]["answers_unacknowledged"] = json!(1);
        std::fs::write(&files[0], bad.to_string()).expect("write");
        let error = crate::summary::merge(crate::summary::MergeArgs::for_files(files)).expect_err("missed");
        assert!(error.contains("2 live frames missing") && error.contains("1 answers sent and never"), "{error}");
        let _ = std::fs::remove_dir_all(&dir);
    }

    #[tokio::test]
    async fn a_refused_creation_shows_the_status_and_body() {
        let mock = crate::mock::Mock::new("secret");
        let (base, _node) = mock_node(&mock, "a").await;
        let mut args = quick(&base, &["--players", "3"]);
        args.token = "wrong".into();
        let error = play(args).await.expect_err("refused");
        assert!(error.contains("HTTP 401") && error.contains("unauthorized"), "{error}");
    }

    #[test]
    fn several_pids_one_per_node() {
        assert_eq!(pids(None, 2).expect("none"), vec![None, None]);
        assert_eq!(pids(Some("12,34"), 2).expect("two"), vec![Some(12), Some(34)]);
        assert!(pids(Some("12"), 2).is_err());
        assert!(pids(Some("12,x"), 2).is_err());
    }

    #[test]
    fn a_next_that_went_through_is_not_sent_again() {
        assert!(!reached(&json!({"status": "lobby", "question": null}), 0));
        assert!(reached(&json!({"status": "open", "question": 0}), 0));
        assert!(!reached(&json!({"status": "closed", "question": 0}), 1));
        assert!(reached(&json!({"status": "closed", "question": 1}), 1));
        assert!(reached(&json!({"status": "finished", "question": null}), 3));
    }

    #[test]
    fn refusal_codes_carry_the_field() {
        let frame = json!({"type": "error", "code": "nickname_invalid", "field": "nickname_full_name"});
        assert_eq!(error_code(&frame), "nickname_invalid/nickname_full_name");
        assert_eq!(error_code(&json!({"type": "error", "code": "unknown_pin"})), "unknown_pin");
    }
}
