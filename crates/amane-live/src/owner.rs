//! The owner task (D21): one per game, on the node recorded as its owner. It holds the game's `Session` and
//! answers commands (join, resume, switch, answer, the facilitator's controls) from its channel, one at a time.
//! What must be stored goes to the node's writer with the messages that depend on it; every personal message
//! goes through the writer too, so each connection receives them in the order the game produced them. Public
//! events go to every node's fan-out through the routing.

mod restore;
mod roster;
mod scoreboard;
mod views;

use crate::fanout::{FAST_TICK, Pace};
use crate::game::{Game, StoredAnswer, WireAnswer};
use crate::messages::{Addr, Cmd, Control, LINGER_AFTER_END, LiveError, lock};
use crate::protocol::{Event, Personal, StateView};
use crate::routing::Router;
use crate::session::{Phase, Refusal, Session};
use crate::writer::{Job, Writer};
use amane_domain::{Lang, Nickname};
use amane_store::Db;
use amane_store::live::{self as store, AnswerRow, LiveSessionRow, LiveStatus, PlayerRow, Write};
use roster::{Roster, sha256_hex};
use scoreboard::Scoreboard;
use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};
use tokio::sync::mpsc;

/// Commands a game's task may have waiting.
const OWNER_QUEUE: usize = 8_192;

/// This node's game tasks, and what they need: the writer and the routing.
pub(crate) struct Owners {
    db: Db,
    writer: Writer,
    router: Arc<Router>,
    tasks: Mutex<HashMap<String, mpsc::Sender<Cmd>>>,
    /// One restore at a time, so a game is not restored twice.
    restore: tokio::sync::Mutex<()>,
}

impl Owners {
    pub(crate) fn new(db: Db, writer: Writer, router: Arc<Router>) -> Owners {
        Owners { db, writer, router, tasks: Mutex::default(), restore: tokio::sync::Mutex::new(()) }
    }

    /// The channel to this node's task for the game, if it runs one.
    pub(crate) fn sender(&self, session: &str) -> Option<mpsc::Sender<Cmd>> {
        lock(&self.tasks).get(session).cloned()
    }

    /// Starts the task of a new game, in the lobby.
    pub(crate) fn start(self: &Arc<Self>, id: String, pin: String, game: Arc<Game>) {
        self.spawn(Owner::new(self.clone(), id, pin, GameState::fresh(game)));
    }

    /// Takes a game back from the database after a restart or a takeover, unless its task runs already.
    pub(crate) async fn restore(self: &Arc<Self>, row: &LiveSessionRow) -> Result<(), LiveError> {
        let _guard = self.restore.lock().await;
        if lock(&self.tasks).contains_key(&row.game.id) {
            return Ok(());
        }
        let r = restore::load(&self.db, row).await?;
        let node = self.router.node();
        if row.game.node != node {
            store::set_node(&self.db, &row.game.id, node)
                .await
                .map_err(LiveError::busy("recording which node runs a game"))?;
        }
        tracing::info!(session = %row.game.id, players = r.players, answers = r.answers, "live game restored");
        self.spawn(Owner::new(self.clone(), row.game.id.clone(), row.pin.clone(), r.state));
        Ok(())
    }

    fn spawn(&self, owner: Owner) {
        let (tx, rx) = mpsc::channel(OWNER_QUEUE);
        lock(&self.tasks).insert(owner.id.clone(), tx);
        self.router.local().install(&owner.id, &owner.pin, owner.game.clone());
        tokio::spawn(owner.run(rx));
    }

    /// Another node took the game over: this node's task, if it still runs one, stops (one owner).
    pub(crate) fn let_go(&self, session: &str) {
        if lock(&self.tasks).remove(session).is_some() {
            tracing::warn!(session, "live game taken over by another node; this node lets it go");
        }
    }
}

fn now_ms() -> i64 {
    amane_store::now_ms()
}

/// The task that owns one game's state.
struct Owner {
    owners: Arc<Owners>,
    id: String,
    pin: String,
    game: Arc<Game>,
    session: Session,
    roster: Roster,
    scores: Scoreboard,
    paused_at: Option<i64>,
    pace: Pace,
    finished_at: Option<Instant>,
}

/// What a game's task starts from: a new game in the lobby, or one replayed from the database.
struct GameState {
    game: Arc<Game>,
    session: Session,
    roster: Roster,
    scores: Scoreboard,
}

impl GameState {
    /// A new game: no players, no answers.
    fn fresh(game: Arc<Game>) -> GameState {
        let session = Session::new(game.live.clone(), game.settings.scoring.mode(), game.settings.streaks);
        let scores = Scoreboard::new(&game);
        GameState { game, session, roster: Roster::default(), scores }
    }
}

impl Owner {
    fn new(owners: Arc<Owners>, id: String, pin: String, state: GameState) -> Owner {
        let GameState { game, session, roster, scores } = state;
        Owner { owners, id, pin, game, session, roster, scores, paused_at: None, pace: Pace::new(), finished_at: None }
    }

    async fn run(mut self, mut rx: mpsc::Receiver<Cmd>) {
        self.announce();
        let mut tick = tokio::time::interval(FAST_TICK);
        loop {
            let deadline = self.deadline();
            tokio::select! {
                cmd = rx.recv() => match cmd {
                    Some(cmd) => self.handle(cmd),
                    None => break,
                },
                _ = tokio::time::sleep_until(deadline.unwrap_or_else(tokio::time::Instant::now)), if deadline.is_some() => {
                    self.close(true);
                }
                _ = tick.tick() => {
                    self.paced();
                    if self.finished_at.is_some_and(|t| t.elapsed() > LINGER_AFTER_END) {
                        break;
                    }
                }
            }
        }
        lock(&self.owners.tasks).remove(&self.id);
    }

    /// Sends the throttled frames that are due.
    fn paced(&mut self) {
        let due = self.pace.due(Instant::now());
        if due.progress
            && let Phase::Open { question, .. } = self.session.phase()
        {
            let answered = self.session.answer_count(question) as u32;
            self.broadcast(Event::Progress { index: question as u32, answered, players: self.active() });
        }
        if due.lobby && self.session.phase() == Phase::Lobby {
            self.broadcast(Event::Lobby { players: self.active() });
        }
        if due.players {
            self.broadcast(views::players(&self.session, &self.roster));
        }
    }

    fn active(&self) -> u32 {
        views::active(&self.session)
    }

    fn deadline(&self) -> Option<tokio::time::Instant> {
        match self.session.phase() {
            Phase::Open { closes_at, .. } if self.paused_at.is_none() => {
                let left = (closes_at - now_ms()).max(0) as u64;
                Some(tokio::time::Instant::now() + Duration::from_millis(left))
            }
            _ => None,
        }
    }

    /// Public events leave in the game's order with the personal messages, through the writer: the next
    /// question or the podium after the last results (a phone that drew a result over them would hide them), a
    /// `closed` after the `accepted` of the answers it counts.
    fn broadcast(&self, event: Event) {
        self.queue(None, Vec::new(), Some(event));
    }

    /// Every personal message goes through the writer, so that a connection receives them in the order the
    /// game produced them (its `welcome` before its `result`), each after what it depends on is stored.
    fn job(&self, write: Option<Write>, to: Option<&Addr>, p: Personal) {
        let deliver = to.map(|a| vec![(a.clone(), p)]).unwrap_or_default();
        self.queue(write, deliver, None);
    }

    /// Queues a job for the node's writer: what to store, then the messages and the event that follow it.
    fn queue(&self, write: Option<Write>, deliver: Vec<(Addr, Personal)>, broadcast: Option<Event>) {
        self.owners.writer.send(Job { session: self.id.clone(), write, deliver, broadcast });
    }

    fn reply(&self, to: &Addr, p: Personal) {
        self.job(None, Some(to), p);
    }

    fn send_all(&self, items: Vec<(Addr, Personal)>) {
        self.queue(None, items, None);
    }

    fn write(&self, w: Write) {
        self.queue(Some(w), Vec::new(), None);
    }

    fn handle(&mut self, cmd: Cmd) {
        match cmd {
            Cmd::Join { nickname, lang: _, from, device } => self.join(&nickname, from, device.as_deref()),
            Cmd::Resume { player, secret, lang: _, from, opened_ms } => {
                if !self.roster.secret_is(player as usize, &secret) {
                    return self.reply(&from, LiveError::new("unknown_token").personal());
                }
                if self.roster.is_stale(player as usize, &from, opened_ms) {
                    return self.reply(&from, Personal::Replaced);
                }
                self.welcome(player as usize, from, None, &secret, opened_ms);
            }
            Cmd::Switch { code, lang: _, from } => self.switch(&code, from),
            Cmd::Answer { player, question, answer, lang, from } => self.answer(player, question, &answer, lang, from),
            Cmd::Control { control, from } => {
                // Through the writer: the reply follows whatever the control stored.
                if let Some(p) = self.control(control) {
                    self.job(None, Some(&from), p);
                }
            }
            Cmd::Left { player, from } => {
                if self.roster.left(player as usize, &from) {
                    self.close_if_all_answered();
                }
            }
        }
    }

    /// With `auto_close`, an open question closes as soon as every connected participant has answered it.
    fn close_if_all_answered(&mut self) {
        if !self.game.settings.auto_close || self.paused_at.is_some() {
            return;
        }
        let Phase::Open { question, .. } = self.session.phase() else { return };
        let mut connected = 0;
        for (i, p) in self.session.players().iter().enumerate() {
            if p.kicked || self.roster.get(i).is_none_or(|m| m.addr.is_none()) {
                continue;
            }
            if !self.session.answered(i, question) {
                return;
            }
            connected += 1;
        }
        if connected > 0 {
            self.close(true);
        }
    }

    fn join(&mut self, nickname: &str, from: Addr, device: Option<&str>) {
        if self.session.phase() == Phase::Finished {
            return self.reply(&from, LiveError::new("session_finished").personal());
        }
        if device.is_some_and(|d| self.kicked_device(d)) {
            return self.reply(&from, LiveError::new("kicked").personal());
        }
        if let Some(i) = self.session.find(nickname) {
            let code = if self.session.players()[i].kicked { "kicked" } else { "nickname_taken" };
            return self.reply(&from, LiveError::new(code).personal());
        }
        let Ok(nick) = Nickname::parse_team(nickname) else {
            return self.reply(&from, LiveError::new("nickname_invalid").personal());
        };
        let i = match self.session.join(nick) {
            Ok(i) => i,
            Err(crate::session::Refusal::Full) => return self.reply(&from, LiveError::new("game_full").personal()),
            Err(_) => return self.reply(&from, LiveError::new("session_finished").personal()),
        };
        let (secret, code) = self.roster.add(i);
        self.scores.joined();
        self.pace.lobby();
        self.pace.players();
        let w = Write::Player {
            session: self.id.clone(),
            player: PlayerRow {
                idx: i as i64,
                nickname: nickname.to_owned(),
                resume_hash: sha256_hex(&secret),
                switch_code: code,
                kicked: false,
            },
            joined_at: now_ms(),
        };
        self.welcome(i, from, Some(w), &secret, 0);
    }

    /// Whether `token` is the resume token of a player of this game who was kicked: the device it comes from was
    /// removed from the game, whatever nickname it asks for now.
    fn kicked_device(&self, token: &str) -> bool {
        let mut parts = token.splitn(3, '.');
        let (Some(session), Some(player), Some(secret)) = (parts.next(), parts.next(), parts.next()) else {
            return false;
        };
        let Ok(i) = player.parse::<usize>() else { return false };
        session == self.id
            && self.session.players().get(i).is_some_and(|p| p.kicked)
            && self.roster.secret_is(i, secret)
    }

    /// Moves the player holding switch code `code` to `from`, with a new resume secret and code.
    fn switch(&mut self, code: &str, from: Addr) {
        let Some((i, secret)) = self.roster.switch(code) else {
            return self.reply(&from, LiveError::new("unknown_code").personal());
        };
        let p = self.roster.get(i).expect("the player just switched");
        let w = Write::Credentials {
            session: self.id.clone(),
            player: i as i64,
            resume_hash: p.hash.clone(),
            switch_code: p.code.clone(),
        };
        self.welcome(i, from, Some(w), &secret, 0);
    }

    /// Binds the player to the connection and welcomes it, after `write` (if any) is stored. `secret` is the
    /// resume secret when a new one was made; a resumed player keeps theirs, which the client already holds.
    /// Binds player `i` to the connection `from` and welcomes it with the token to keep (`<game>.<player>.<secret>`):
    /// a new player's or a new device's (`write` stores it), or on a resume the one the device sent.
    fn welcome(&mut self, i: usize, from: Addr, write: Option<Write>, secret: &str, opened_ms: i64) {
        if self.session.players()[i].kicked {
            return self.reply(&from, LiveError::new("kicked").personal());
        }
        if let Some(old) = self.roster.bind(i, &from, opened_ms) {
            self.reply(&old, Personal::Replaced);
        }
        let answered = match self.session.phase() {
            Phase::Open { question, .. } if self.session.answered(i, question) => Some(question as u32),
            _ => None,
        };
        let p = &self.session.players()[i];
        let token = format!("{}.{}.{}", self.id, i, secret);
        // The score as of the last closed question: points for the open one would tell whether it was right.
        let pending = match self.session.phase() {
            Phase::Open { question, .. } => self.session.scored(i, question).map_or(0, |s| s.points),
            _ => 0,
        };
        let welcome = Personal::Welcome {
            session: self.id.clone(),
            player: i as u32,
            nickname: p.nickname.to_string(),
            token,
            code: self.roster.get(i).map(|m| m.code.clone()).unwrap_or_default(),
            score: p.score - pending,
            rank: Some(self.scores.rank(i)).filter(|r| *r > 0),
            answered,
        };
        let mut deliver = vec![(from.clone(), welcome)];
        if self.session.phase() == Phase::Finished {
            // Back after the end (a phone that lost its connection as the game ended): the `finished` state
            // follows the `welcome`, then this participant's own final score and rank.
            deliver.push((from, Personal::Final { score: p.score, rank: self.scores.rank(i) }));
        }
        self.queue(write, deliver, None);
    }

    fn answer(&mut self, player: u32, question: u32, wire: &WireAnswer, lang: Lang, from: Addr) {
        let (p, q) = (player as usize, question as usize);
        let refuse = |o: &Owner, r: Refusal| o.reply(&from, Personal::Refused { question, code: r.code().into() });
        if !self.roster.is_at(p, &from) {
            return refuse(self, Refusal::UnknownPlayer);
        }
        if self.paused_at.is_some() && !self.session.answered(p, q) {
            return refuse(self, Refusal::NotOpen);
        }
        let answer = match self.game.answer(q, lang, wire) {
            Ok(a) => a,
            Err(r) => return refuse(self, r),
        };
        let repeat = self.session.answered(p, q);
        let now = now_ms();
        match self.session.answer(p, q, &answer, now) {
            Ok(_) if repeat => self.job(None, Some(&from), Personal::Accepted { question }),
            Ok(scored) => {
                self.scores.count(&self.game, q, &answer, scored);
                self.pace.progress();
                let opened_at = match self.session.phase() {
                    Phase::Open { opened_at, .. } => opened_at,
                    _ => now,
                };
                let w = Write::Answer {
                    session: self.id.clone(),
                    answer: AnswerRow {
                        player_idx: p as i64,
                        question_idx: q as i64,
                        question_id: self.game.live[q].id.clone(),
                        answer: serde_json::to_string(&StoredAnswer { lang: Some(lang), wire: wire.clone() })
                            .unwrap_or_default(),
                        correct_milli: (scored.correctness * 1000.0).round() as i64,
                        points: i64::from(scored.points),
                        elapsed_ms: now - opened_at,
                        answered_at: now,
                    },
                };
                self.job(Some(w), Some(&from), Personal::Accepted { question });
                self.close_if_all_answered();
            }
            Err(r) => refuse(self, r),
        }
    }

    fn state(&self) -> StateView {
        views::state(&self.id, &self.pin, &self.game, &self.session, self.paused_at, now_ms())
    }

    /// Runs a facilitator's control; the reply (the new state, or a refusal).
    fn control(&mut self, control: Control) -> Option<Personal> {
        match control {
            Control::Status => {}
            Control::Watch => {
                self.pace.players();
                return Some(Personal::Watching);
            }
            Control::Next => match self.session.phase() {
                Phase::Open { .. } => self.close(true),
                Phase::Finished => {}
                _ => self.open_next(),
            },
            Control::Close => self.close(true),
            Control::Skip => {
                if matches!(self.session.phase(), Phase::Open { .. }) {
                    self.close(false);
                }
                self.open_next();
            }
            Control::Pause => {
                if matches!(self.session.phase(), Phase::Open { .. }) && self.paused_at.is_none() {
                    self.paused_at = Some(now_ms());
                    self.timer();
                }
            }
            Control::Resume => {
                if let Some(at) = self.paused_at.take() {
                    self.session.extend(now_ms() - at);
                    self.timer();
                }
            }
            Control::Extend { seconds } => {
                if matches!(self.session.phase(), Phase::Open { .. }) {
                    self.session.extend(i64::from(seconds.min(600)) * 1000);
                    self.timer();
                }
            }
            Control::End => self.end(),
            Control::Kick { player } => return self.kick(player),
            Control::Counts { question, counts } => return self.group_counts(question, counts),
        }
        Some(Personal::State(self.state()))
    }

    fn kick(&mut self, player: u32) -> Option<Personal> {
        let i = player as usize;
        if i >= self.roster.len() {
            return Some(LiveError::new("unknown_player").personal());
        }
        self.session.kick(i);
        self.write(Write::Kick { session: self.id.clone(), player: i64::from(player) });
        if let Some(a) = self.roster.unbind(i) {
            self.reply(&a, Personal::Kicked);
        }
        self.pace.lobby();
        self.pace.players();
        Some(Personal::State(self.state()))
    }

    /// Show-of-hands counts for a question (no-device mode).
    fn group_counts(&mut self, question: u32, counts: Vec<u32>) -> Option<Personal> {
        let q = question as usize;
        if self.scores.bars(q) != Some(counts.len()) || counts.iter().any(|c| *c > 100_000) {
            return Some(LiveError::new("invalid_counts").personal());
        }
        self.write(Write::GroupCounts {
            session: self.id.clone(),
            question: i64::from(question),
            question_id: self.game.live[q].id.clone(),
            counts: counts.iter().map(|c| i64::from(*c)).collect(),
            at: now_ms(),
        });
        self.scores.set_group(q, counts);
        Some(Personal::State(self.state()))
    }

    fn timer(&self) {
        if let Phase::Open { question, closes_at, .. } = self.session.phase() {
            let remaining_ms = match self.paused_at {
                Some(p) => closes_at - p,
                None => closes_at - now_ms(),
            }
            .max(0);
            let paused = self.paused_at.is_some();
            self.broadcast(Event::Timer { index: question as u32, remaining_ms, paused });
        }
    }

    fn progress(&self, status: LiveStatus, current: i64) {
        self.write(Write::Progress { session: self.id.clone(), status, current_question: current, at: now_ms() });
    }

    fn open_next(&mut self) {
        self.paused_at = None;
        match self.session.next(now_ms()) {
            Phase::Open { question, opened_at, closes_at } => {
                self.progress(LiveStatus::Running, question as i64);
                let remaining_ms = closes_at - opened_at;
                self.broadcast(Event::Question { index: question as u32, remaining_ms, paused: false });
                self.pace.progress();
            }
            Phase::Finished => self.end(),
            _ => {}
        }
    }

    /// Closes the open question; with `reveal`, shows the answers and sends each participant their result.
    fn close(&mut self, reveal: bool) {
        let Phase::Open { question, .. } = self.session.phase() else { return };
        self.paused_at = None;
        self.session.close();
        self.scores.rerank(&self.session);
        if !reveal {
            return;
        }
        let closed = self.closed_event(question);
        self.broadcast(closed);
        self.send_all(views::results(&self.session, &self.roster, &self.scores, question));
    }

    /// A closed question as its watchers see it: the chart, how many answered, the leaderboard.
    fn closed_event(&self, question: usize) -> Event {
        Event::Closed {
            index: question as u32,
            counts: self.scores.chart(question),
            answered: self.session.answer_count(question) as u32,
            players: self.active(),
            leaderboard: self.scores.standings(&self.session, 5),
        }
    }

    /// The game's state as an event, broadcast when the task starts: a game taken back from the database (after a
    /// crash or a takeover) has no event yet on this node, and without one a resuming phone would get its
    /// `welcome` and then nothing. The question a crash interrupted comes back closed, so it is announced closed.
    fn announce(&mut self) {
        let event = match self.session.phase() {
            Phase::Lobby => Event::Lobby { players: self.active() },
            Phase::Closed { question } => self.closed_event(question),
            Phase::Finished => {
                Event::Finished { players: self.active(), podium: self.scores.standings(&self.session, 3) }
            }
            Phase::Open { .. } => return,
        };
        self.broadcast(event);
    }

    fn end(&mut self) {
        if self.session.phase() == Phase::Finished && self.finished_at.is_some() {
            return;
        }
        if matches!(self.session.phase(), Phase::Open { .. }) {
            self.close(true);
        }
        let last = match self.session.phase() {
            Phase::Closed { question } => question as i64,
            _ => -1,
        };
        self.session.end();
        self.scores.rerank(&self.session);
        self.finished_at = Some(Instant::now());
        let podium = self.scores.standings(&self.session, 3);
        self.broadcast(Event::Finished { players: self.active(), podium });
        // The final scores add up answers already stored (or queued before them): they leave without waiting for
        // the finished status, queued after them, to be committed.
        self.send_all(views::finals(&self.session, &self.roster, &self.scores));
        self.progress(LiveStatus::Finished, last);
    }
}
