//! A node's live engine: the games it owns (one task each), the connections it holds, the writer that stores
//! answers in batches, and the bus to other nodes.
//!
//! - A connection registers with `connect` and receives `Out` values on its channel, in order.
//! - Commands (join, answer, the facilitator's controls) go to the game's owner task, on this node or, over the
//!   bus, on the node recorded in the database.
//! - The owner broadcasts `Event`s to every node's `Fanout`, which renders each frame once per language and
//!   hands it to the connections watching the game; personal messages go to one connection.
//! - An answer is acknowledged by the writer after the transaction holding it commits.

use crate::bus::{Bus, LocalBus, PgBus};
use crate::game::{Game, Settings, StoredAnswer, WireAnswer};
use crate::messages::{Addr, Delivery, Envelope, LINGER_AFTER_END, lock};
use crate::protocol::{Event, Personal, PlayerInfo, Standing, StateView, render_event};
use crate::session::{Answer, Phase, Refusal, Scored, Session};
use crate::throttle::Throttle;
use amane_domain::{Lang, Nickname};
use amane_store::Db;
use amane_store::live::{self as store, AnswerRow, PlayerRow, Write};
use rand::Rng;
use sha2::{Digest, Sha256};
use std::collections::{HashMap, VecDeque};
use std::net::IpAddr;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, Weak};
use std::time::{Duration, Instant};
use tokio::sync::mpsc;

pub use crate::messages::{Cmd, Connection, Control, Frames, LiveError, Out};

/// Messages a connection may have waiting before new broadcasts are dropped for it.
const CONN_QUEUE: usize = 128;
/// The most writes in one transaction.
const BATCH_MAX: usize = 2_000;
const SWITCH_CODE_ALPHABET: &[u8] = b"ABCDEFGHJKMNPQRSTUVWXYZ23456789";

/// A new game as the facilitator asked for it.
pub struct NewGame {
    pub owner_id: String,
    pub workshop_id: Option<String>,
    pub module_id: String,
    pub audience: String,
    pub lang: Lang,
    pub settings: Settings,
    pub questions: Vec<amane_content::model::Question>,
}

/// Which bus links the nodes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BusKind {
    /// One node: nothing to link.
    Local,
    /// PostgreSQL LISTEN/NOTIFY (only with a PostgreSQL database).
    Postgres,
}

struct Member {
    tx: mpsc::Sender<Out>,
    host: bool,
}

#[derive(Default)]
struct FanState {
    members: HashMap<u64, Member>,
    /// The last public state and when it came, to bring a newcomer up to date.
    last: Option<(Event, Instant)>,
    last_players: Option<Arc<Frames>>,
}

/// A node's copy of a game's public side: who watches it here, and its last state.
pub struct Fanout {
    pub game: Arc<Game>,
    pub pin: String,
    state: Mutex<FanState>,
}

impl Fanout {
    fn render(&self, event: &Event) -> Arc<Frames> {
        let f = |l| bytes::Bytes::from(render_event(&self.game, event, l, false));
        Arc::new(Frames([f(Lang::Fr), f(Lang::Ar), f(Lang::En)]))
    }

    fn broadcast(&self, event: Event) {
        let frames = self.render(&event);
        let mut st = lock(&self.state);
        match &event {
            Event::Players { .. } => st.last_players = Some(frames.clone()),
            Event::Progress { .. } => {}
            Event::Timer { index, remaining_ms, paused } => {
                st.last = Some((
                    Event::Question { index: *index, remaining_ms: *remaining_ms, paused: *paused },
                    Instant::now(),
                ))
            }
            _ => st.last = Some((event.clone(), Instant::now())),
        }
        let hosts_only = event.hosts_only();
        for m in st.members.values() {
            if hosts_only && !m.host {
                continue;
            }
            let _ = m.tx.try_send(Out::Shared(frames.clone()));
        }
    }

    /// The current state as a frame for one connection.
    fn current(&self, st: &FanState, lang: Lang, answered: Option<u32>) -> Option<String> {
        let (event, at) = st.last.as_ref()?;
        let event = match event {
            Event::Question { index, remaining_ms, paused } => Event::Question {
                index: *index,
                remaining_ms: if *paused {
                    *remaining_ms
                } else {
                    (*remaining_ms - at.elapsed().as_millis() as i64).max(0)
                },
                paused: *paused,
            },
            other => other.clone(),
        };
        let done = matches!(event, Event::Question { index, .. } if answered == Some(index));
        Some(render_event(&self.game, &event, lang, done))
    }
}

struct ConnEntry {
    tx: mpsc::Sender<Out>,
    lang: Lang,
}

struct Inner {
    node: String,
    db: Db,
    bus: Box<dyn Bus>,
    writer: mpsc::UnboundedSender<Job>,
    owners: Mutex<HashMap<String, mpsc::Sender<Cmd>>>,
    /// Games other nodes own, with when that was read from the database.
    routes: Mutex<HashMap<String, (String, Instant)>>,
    fanouts: Mutex<HashMap<String, Arc<Fanout>>>,
    conns: Mutex<HashMap<u64, ConnEntry>>,
    next_conn: AtomicU64,
    restore: tokio::sync::Mutex<()>,
    pub throttle: Throttle,
}

/// A node's live engine. Cheap to clone.
#[derive(Clone)]
pub struct Hub {
    inner: Arc<Inner>,
}

/// A write for the store and the messages to send once it is stored (or at once when there is none), in order.
struct Job {
    session: String,
    write: Option<Write>,
    deliver: Vec<(Addr, Personal)>,
}

fn sha256_hex(s: &str) -> String {
    hex::encode(Sha256::digest(s.as_bytes()))
}

fn random_secret() -> String {
    let bytes: [u8; 18] = rand::rng().random();
    hex::encode(bytes)
}

fn random_code() -> String {
    let mut rng = rand::rng();
    (0..6).map(|_| SWITCH_CODE_ALPHABET[rng.random_range(0..SWITCH_CODE_ALPHABET.len())] as char).collect()
}

impl Hub {
    /// Starts the engine of node `node` (a name stable across restarts, so that the node takes its games back).
    pub async fn start(db: Db, node: String, bus: BusKind) -> Result<Hub, amane_store::StoreError> {
        let (inbox_tx, inbox) = mpsc::unbounded_channel();
        let bus: Box<dyn Bus> = match bus {
            BusKind::Local => Box::new(LocalBus),
            BusKind::Postgres => match PgBus::start(db.clone(), node.clone(), inbox_tx).await? {
                Some(b) => Box::new(b),
                None => Box::new(LocalBus),
            },
        };
        Ok(Hub::with_bus(db, node, bus, inbox))
    }

    /// A single node's engine (no bus). Must be called inside a tokio runtime.
    pub fn local(db: Db, node: String) -> Hub {
        let (_, inbox) = mpsc::unbounded_channel();
        Hub::with_bus(db, node, Box::new(LocalBus), inbox)
    }

    fn with_bus(db: Db, node: String, bus: Box<dyn Bus>, mut inbox: mpsc::UnboundedReceiver<Envelope>) -> Hub {
        let (writer, jobs) = mpsc::unbounded_channel();
        let hub = Hub {
            inner: Arc::new(Inner {
                node,
                db,
                bus,
                writer,
                owners: Mutex::default(),
                routes: Mutex::default(),
                fanouts: Mutex::default(),
                conns: Mutex::default(),
                next_conn: AtomicU64::new(1),
                restore: tokio::sync::Mutex::new(()),
                throttle: Throttle::default(),
            }),
        };
        tokio::spawn(writer_task(Arc::downgrade(&hub.inner), jobs));
        if hub.inner.db.postgres_pool().is_some() {
            tokio::spawn(heartbeat_task(Arc::downgrade(&hub.inner)));
        }
        let weak = Arc::downgrade(&hub.inner);
        tokio::spawn(async move {
            while let Some(env) = inbox.recv().await {
                let Some(inner) = weak.upgrade() else { break };
                Hub { inner }.on_envelope(env).await;
            }
        });
        hub
    }

    pub fn node(&self) -> &str {
        &self.inner.node
    }

    pub fn db(&self) -> &Db {
        &self.inner.db
    }

    pub fn throttle(&self) -> &Throttle {
        &self.inner.throttle
    }

    /// Stores a new game in the lobby, owned by this node, and starts its task. Returns (id, PIN).
    pub async fn create(&self, g: NewGame) -> Result<(String, String), amane_store::StoreError> {
        let id = uuid::Uuid::new_v4().to_string();
        let settings =
            serde_json::to_string(&g.settings).map_err(|e| amane_store::StoreError::Corrupt(e.to_string()))?;
        let questions =
            serde_json::to_string(&g.questions).map_err(|e| amane_store::StoreError::Corrupt(e.to_string()))?;
        let pin = store::create(
            &self.inner.db,
            &store::NewLiveSession {
                id: id.clone(),
                node: self.inner.node.clone(),
                owner_id: g.owner_id,
                workshop_id: g.workshop_id,
                module_id: g.module_id,
                audience: g.audience,
                lang: g.lang.code().into(),
                settings,
                questions,
            },
        )
        .await?;
        let game = Arc::new(Game::new(g.settings, g.questions));
        let session = Session::new(game.live.clone(), game.settings.scoring.mode(), game.settings.streaks);
        self.spawn_owner(Owner::new(self.clone(), id.clone(), pin.clone(), game, session));
        Ok((id, pin))
    }

    fn spawn_owner(&self, owner: Owner) {
        let (tx, rx) = mpsc::channel(8_192);
        lock(&self.inner.owners).insert(owner.id.clone(), tx);
        self.install_fanout(&owner.id, &owner.pin, owner.game.clone());
        tokio::spawn(owner.run(rx));
    }

    fn install_fanout(&self, session: &str, pin: &str, game: Arc<Game>) -> Arc<Fanout> {
        lock(&self.inner.fanouts)
            .entry(session.to_owned())
            .or_insert_with(|| Arc::new(Fanout { game, pin: pin.to_owned(), state: Mutex::default() }))
            .clone()
    }

    /// The node's copy of a game, loaded from the database the first time.
    pub async fn fanout(&self, session: &str) -> Result<Option<Arc<Fanout>>, amane_store::StoreError> {
        if let Some(f) = lock(&self.inner.fanouts).get(session) {
            return Ok(Some(f.clone()));
        }
        let Some(row) = store::get(&self.inner.db, session).await? else { return Ok(None) };
        let game = Game::from_json(&row.settings, &row.questions)
            .map_err(|e| amane_store::StoreError::Corrupt(format!("live_sessions.questions: {e}")))?;
        Ok(Some(self.install_fanout(session, &row.pin, Arc::new(game))))
    }

    pub fn game(&self, session: &str) -> Option<Arc<Game>> {
        lock(&self.inner.fanouts).get(session).map(|f| f.game.clone())
    }

    /// Registers a connection.
    pub fn connect(&self, lang: Lang) -> Connection {
        let id = self.inner.next_conn.fetch_add(1, Ordering::Relaxed);
        let (tx, rx) = mpsc::channel(CONN_QUEUE);
        lock(&self.inner.conns).insert(id, ConnEntry { tx, lang });
        Connection { id, rx }
    }

    /// Forgets a connection (closed by either side).
    pub fn disconnect(&self, conn: u64, session: Option<&str>) {
        lock(&self.inner.conns).remove(&conn);
        if let Some(s) = session
            && let Some(f) = lock(&self.inner.fanouts).get(s)
        {
            lock(&f.state).members.remove(&conn);
        }
    }

    fn addr(&self, conn: u64) -> Addr {
        Addr { node: self.inner.node.clone(), conn }
    }

    fn set_lang(&self, conn: u64, lang: Lang) {
        if let Some(c) = lock(&self.inner.conns).get_mut(&conn) {
            c.lang = lang;
        }
    }

    /// A participant joins the game with this PIN. The `welcome` (or a refusal) arrives on the connection.
    pub async fn join(
        &self,
        conn: u64,
        pin: &str,
        nickname: &str,
        lang: Lang,
        ip: Option<IpAddr>,
    ) -> Result<(), LiveError> {
        let now = Instant::now();
        let pin = pin.trim();
        let row = self.game_by_pin(ip, pin, now, false).await?;
        self.inner.throttle.joined(ip, pin, now);
        if row.status == "finished" {
            return Err(LiveError::new("session_finished"));
        }
        let fanout = self.fanout(&row.id).await.map_err(|_| LiveError::new("server_busy"))?;
        let teams = fanout.is_some_and(|f| f.game.settings.teams);
        let nick = check_nickname(nickname, teams)?;
        self.set_lang(conn, lang);
        self.send(&row.id, Cmd::Join { nickname: nick.as_str().to_owned(), lang, from: self.addr(conn) }).await
    }

    /// A participant comes back with their resume token. Tokens carry a 144-bit secret: nobody guesses one,
    /// so a slowed-down network is not kept from resuming (failures still count against it).
    pub async fn resume(&self, conn: u64, token: &str, lang: Lang, ip: Option<IpAddr>) -> Result<(), LiveError> {
        let now = Instant::now();
        let mut parts = token.splitn(3, '.');
        let (Some(session), Some(player), Some(secret)) = (parts.next(), parts.next(), parts.next()) else {
            self.inner.throttle.fail(ip, None, now);
            return Err(LiveError::new("unknown_token"));
        };
        let Ok(player) = player.parse::<u32>() else {
            self.inner.throttle.fail(ip, None, now);
            return Err(LiveError::new("unknown_token"));
        };
        match self.fanout(session).await {
            Ok(Some(_)) => {}
            Ok(None) => {
                self.inner.throttle.fail(ip, None, now);
                return Err(LiveError::new("unknown_token"));
            }
            Err(_) => return Err(LiveError::new("server_busy")),
        }
        self.set_lang(conn, lang);
        let cmd = Cmd::Resume { player, secret: secret.to_owned(), lang, from: self.addr(conn) };
        self.send(session, cmd).await
    }

    /// A participant moves to this connection with their device-switch code.
    pub async fn switch(
        &self,
        conn: u64,
        pin: &str,
        code: &str,
        lang: Lang,
        ip: Option<IpAddr>,
    ) -> Result<(), LiveError> {
        let row = self.game_by_pin(ip, pin.trim(), Instant::now(), true).await?;
        self.fanout(&row.id).await.map_err(|_| LiveError::new("server_busy"))?;
        self.set_lang(conn, lang);
        let code = code.trim().to_uppercase();
        self.send(&row.id, Cmd::Switch { code, lang, from: self.addr(conn) }).await
    }

    /// The unfinished game with this PIN, unless this network (and, with `per_pin`, this PIN's switch codes)
    /// failed too often lately; an unknown PIN counts as a failure.
    async fn game_by_pin(
        &self,
        ip: Option<IpAddr>,
        pin: &str,
        now: Instant,
        per_pin: bool,
    ) -> Result<store::LiveSessionRow, LiveError> {
        let throttle = &self.inner.throttle;
        let mut wait = throttle.check_pin(ip, pin, now);
        if per_pin {
            wait = wait.or(throttle.check(None, Some(pin), now));
        }
        if let Some(wait) = wait {
            return Err(LiveError { retry_after_s: Some(wait), ..LiveError::new("too_many_attempts") });
        }
        let row = store::by_pin(&self.inner.db, pin).await.map_err(|_| LiveError::new("server_busy"))?;
        row.ok_or_else(|| {
            throttle.fail(ip, None, now);
            LiveError::new("unknown_pin")
        })
    }

    /// Counts a wrong switch code against the network and the PIN (called when the owner refuses one).
    pub fn code_failed(&self, ip: Option<IpAddr>, session: &str) {
        let pin = lock(&self.inner.fanouts).get(session).map(|f| f.pin.clone());
        self.inner.throttle.fail(ip, pin.as_deref(), Instant::now());
    }

    pub async fn answer(
        &self,
        conn: u64,
        session: &str,
        player: u32,
        question: u32,
        answer: WireAnswer,
        lang: Lang,
    ) -> Result<(), LiveError> {
        self.send(session, Cmd::Answer { player, question, answer, lang, from: self.addr(conn) }).await
    }

    /// A participant's connection closed: the game stops waiting for their answer before closing a question.
    pub async fn left(&self, conn: u64, session: &str, player: u32) {
        let _ = self.send(session, Cmd::Left { player, from: self.addr(conn) }).await;
    }

    /// A screen starts watching a game: it gets the current state, then every event, and the players list.
    pub async fn watch(&self, conn: u64, session: &str, lang: Lang) -> Result<(), LiveError> {
        match self.fanout(session).await {
            Ok(Some(_)) => {}
            Ok(None) => return Err(LiveError::new("unknown_session")),
            Err(_) => return Err(LiveError::new("server_busy")),
        }
        self.set_lang(conn, lang);
        self.send(session, Cmd::Control { control: Control::Watch, from: self.addr(conn) }).await
    }

    /// Runs a facilitator's control and returns the game's new state.
    pub async fn control(&self, session: &str, control: Control) -> Result<StateView, LiveError> {
        let mut c = self.connect(Lang::Fr);
        let sent = self.send(session, Cmd::Control { control, from: self.addr(c.id) }).await;
        let reply = match sent {
            Ok(()) => tokio::time::timeout(Duration::from_secs(10), c.rx.recv()).await,
            Err(e) => {
                self.disconnect(c.id, None);
                return Err(e);
            }
        };
        self.disconnect(c.id, None);
        match reply {
            Ok(Some(Out::Personal(p))) => match *p {
                Personal::State(s) => Ok(s),
                Personal::Error { code, .. } => Err(LiveError::new(static_code(&code))),
                _ => Err(LiveError::new("server_busy")),
            },
            _ => Err(LiveError::new("server_busy")),
        }
    }

    /// Sends a command to the game's owner: this node's task, a task restored from the database, or the owner
    /// node over the bus.
    async fn send(&self, session: &str, cmd: Cmd) -> Result<(), LiveError> {
        let tx = lock(&self.inner.owners).get(session).cloned();
        if let Some(tx) = tx {
            return tx.send(cmd).await.map_err(|_| LiveError::new("session_finished"));
        }
        // Another node's game, looked up a moment ago: straight to it, without reading the database for every
        // answer. The route is forgotten when the game moves, and kept only a third of the owner timeout.
        let cached = lock(&self.inner.routes).get(session).filter(|(_, at)| at.elapsed() < route_ttl()).cloned();
        if let Some((node, _)) = cached {
            self.inner.bus.publish(Envelope::ToOwner { node, session: session.to_owned(), cmd });
            return Ok(());
        }
        let row = store::get(&self.inner.db, session).await.map_err(|_| LiveError::new("server_busy"))?;
        let Some(row) = row else { return Err(LiveError::new("unknown_session")) };
        let single = self.inner.db.postgres_pool().is_none();
        let mut ours = row.node == self.inner.node || single;
        let mut lost_race = false;
        if !ours && row.status != "finished" && self.owner_is_gone(&row.node).await {
            // The owner node stopped saying it is alive: the first node to get here takes the game over, and
            // every node closes its connections to the game so that they resume with the new owner.
            ours = store::take_over(&self.inner.db, session, &row.node, &self.inner.node)
                .await
                .map_err(|_| LiveError::new("server_busy"))?;
            lost_race = !ours;
            if ours {
                tracing::warn!(session, from = %row.node, "live game taken over from a silent node");
                self.inner.bus.publish(Envelope::Moved { session: session.to_owned() });
                self.close_watchers(session);
            }
        }
        if ours {
            if row.status == "finished" {
                return Err(LiveError::new("session_finished"));
            }
            self.restore_owner(&row).await?;
            let tx = lock(&self.inner.owners).get(session).cloned();
            return match tx {
                Some(tx) => tx.send(cmd).await.map_err(|_| LiveError::new("session_finished")),
                None => Err(LiveError::new("session_finished")),
            };
        }
        // Another node took it over first: its name is in the database now.
        let node = if lost_race {
            store::get(&self.inner.db, session).await.ok().flatten().map_or(row.node, |r| r.node)
        } else {
            row.node
        };
        lock(&self.inner.routes).insert(session.to_owned(), (node.clone(), Instant::now()));
        self.inner.bus.publish(Envelope::ToOwner { node, session: session.to_owned(), cmd });
        Ok(())
    }

    /// Whether `node` has not said it is alive for longer than the owner timeout.
    async fn owner_is_gone(&self, node: &str) -> bool {
        match store::node_seen(&self.inner.db, node).await {
            Ok(Some(seen)) => amane_store::now_ms() - seen > owner_timeout_ms(),
            Ok(None) => true,
            Err(_) => false,
        }
    }

    /// Closes this node's connections to a game (they resume, with a new owner).
    fn close_watchers(&self, session: &str) {
        if let Some(f) = lock(&self.inner.fanouts).get(session) {
            let mut st = lock(&f.state);
            for m in st.members.values() {
                let _ = m.tx.try_send(Out::Close);
            }
            st.members.clear();
        }
    }

    /// Takes a game back from the database after a restart: players, their answers and scores, and the last
    /// question (closed: its timer did not survive).
    async fn restore_owner(&self, row: &store::LiveSessionRow) -> Result<(), LiveError> {
        let _guard = self.inner.restore.lock().await;
        if lock(&self.inner.owners).contains_key(&row.id) {
            return Ok(());
        }
        let busy = |_| LiveError::new("server_busy");
        let game = Arc::new(Game::from_json(&row.settings, &row.questions).map_err(|_| LiveError::new("server_busy"))?);
        let players = store::players(&self.inner.db, &row.id).await.map_err(busy)?;
        let answers = store::answers(&self.inner.db, &row.id).await.map_err(busy)?;
        let mut session = Session::new(game.live.clone(), game.settings.scoring.mode(), game.settings.streaks);
        let mut owner_players = Vec::new();
        for p in &players {
            let nick = Nickname::parse_team(&p.nickname).map_err(|_| LiveError::new("server_busy"))?;
            let i = session.join(nick).map_err(|_| LiveError::new("server_busy"))?;
            if p.kicked {
                session.kick(i);
            }
            owner_players.push(PlayerMeta { addr: None, hash: p.resume_hash.clone(), code: p.switch_code.clone() });
        }
        let mut owner = Owner::new(self.clone(), row.id.clone(), row.pin.clone(), game, session);
        for a in &answers {
            let scored = Scored { correctness: a.correct_milli as f64 / 1000.0, points: a.points as u32 };
            owner.session.restore_answer(a.player_idx as usize, a.question_idx as usize, scored);
            owner.count_stored(a);
        }
        owner.session.restore_phase(row.current_question, row.status == "finished");
        owner.by_code = owner_players.iter().enumerate().map(|(i, p)| (p.code.clone(), i)).collect();
        owner.players = owner_players;
        if row.node != self.inner.node {
            store::set_node(&self.inner.db, &row.id, &self.inner.node).await.map_err(busy)?;
        }
        owner.rerank();
        tracing::info!(session = %row.id, players = players.len(), answers = answers.len(), "live game restored");
        self.spawn_owner(owner);
        Ok(())
    }

    async fn on_envelope(&self, env: Envelope) {
        match env {
            Envelope::ToOwner { node, session, cmd } if node == self.inner.node => {
                let tx = lock(&self.inner.owners).get(&session).cloned();
                match tx {
                    Some(tx) => {
                        let _ = tx.send(cmd).await;
                    }
                    None => {
                        let _ = self.send(&session, cmd).await;
                    }
                }
            }
            Envelope::Event { session, event } => {
                let f = lock(&self.inner.fanouts).get(&session).cloned();
                if let Some(f) = f {
                    if matches!(event, Event::Finished { .. }) {
                        self.forget_later(&session);
                    }
                    f.broadcast(event);
                }
            }
            Envelope::Moved { session } => {
                // If this node still runs the game (it was only slow to say it is alive), it stops: one owner.
                lock(&self.inner.routes).remove(&session);
                if lock(&self.inner.owners).remove(&session).is_some() {
                    tracing::warn!(session, "live game taken over by another node; this node lets it go");
                }
                self.close_watchers(&session);
            }
            Envelope::Deliver { node, items } if node == self.inner.node => {
                for d in items {
                    self.deliver_local(d.conn, &d.session, d.personal);
                }
            }
            _ => {}
        }
    }

    /// Drops this node's copy of a finished game once reconnecting participants have had time to see the end.
    fn forget_later(&self, session: &str) {
        let weak = Arc::downgrade(&self.inner);
        let session = session.to_owned();
        tokio::spawn(async move {
            tokio::time::sleep(LINGER_AFTER_END).await;
            if let Some(inner) = weak.upgrade() {
                lock(&inner.fanouts).remove(&session);
            }
        });
    }

    /// Sends an event to every node's watchers of the game.
    fn broadcast(&self, session: &str, event: Event) {
        if matches!(event, Event::Finished { .. }) {
            self.forget_later(session);
        }
        let f = lock(&self.inner.fanouts).get(session).cloned();
        if let Some(f) = f {
            f.broadcast(event.clone());
        }
        self.inner.bus.publish(Envelope::Event { session: session.to_owned(), event });
    }

    /// Sends personal messages, grouping those for other nodes.
    fn deliver_many(&self, session: &str, items: Vec<(Addr, Personal)>) {
        let mut remote: HashMap<String, Vec<Delivery>> = HashMap::new();
        let mut local = Vec::new();
        for (addr, p) in items {
            if addr.node == self.inner.node {
                local.push((addr.conn, p));
            } else {
                remote.entry(addr.node).or_default().push(Delivery {
                    conn: addr.conn,
                    session: session.to_owned(),
                    personal: p,
                });
            }
        }
        for (node, items) in remote {
            self.inner.bus.publish(Envelope::Deliver { node, items });
        }
        // In order; plain messages (results, acknowledgements) are handed over under one lock, those that change
        // who watches the game one by one.
        let mut conns = Some(lock(&self.inner.conns));
        for (conn, p) in local {
            if matches!(p, Personal::Welcome { .. } | Personal::Watching | Personal::Kicked | Personal::Replaced) {
                drop(conns.take());
                self.deliver_local(conn, session, p);
                conns = Some(lock(&self.inner.conns));
            } else if let Some(c) = conns.as_ref().and_then(|g| g.get(&conn)) {
                let _ = c.tx.try_send(Out::Personal(Box::new(p)));
            }
        }
        drop(conns);
    }

    fn deliver_local(&self, conn: u64, session: &str, p: Personal) {
        let entry = lock(&self.inner.conns).get(&conn).map(|c| (c.tx.clone(), c.lang));
        let Some((tx, lang)) = entry else { return };
        match &p {
            Personal::Welcome { .. } | Personal::Watching => {
                let host = matches!(p, Personal::Watching);
                let answered = if let Personal::Welcome { answered, .. } = &p { *answered } else { None };
                let f = lock(&self.inner.fanouts).get(session).cloned();
                let _ = tx.try_send(Out::Personal(Box::new(p)));
                if let Some(f) = f {
                    let mut st = lock(&f.state);
                    if let Some(frame) = f.current(&st, lang, answered) {
                        let _ = tx.try_send(Out::Text(frame));
                    }
                    if host && let Some(players) = &st.last_players {
                        let _ = tx.try_send(Out::Shared(players.clone()));
                    }
                    st.members.insert(conn, Member { tx: tx.clone(), host });
                }
            }
            Personal::Kicked | Personal::Replaced => {
                if let Some(f) = lock(&self.inner.fanouts).get(session) {
                    lock(&f.state).members.remove(&conn);
                }
                let _ = tx.try_send(Out::Personal(Box::new(p)));
                let _ = tx.try_send(Out::Close);
            }
            _ => {
                let _ = tx.try_send(Out::Personal(Box::new(p)));
            }
        }
    }

    /// How many connections this node holds.
    pub fn connections(&self) -> usize {
        lock(&self.inner.conns).len()
    }
}

fn static_code(code: &str) -> &'static str {
    const CODES: [&str; 6] =
        ["unknown_session", "session_finished", "question_not_open", "invalid_counts", "unknown_player", "server_busy"];
    CODES.into_iter().find(|c| *c == code).unwrap_or("server_busy")
}

/// A nickname as the protocol accepts it: the domain's rules (a team's name in teams mode), and no blocked word.
pub fn check_nickname(raw: &str, team: bool) -> Result<Nickname, LiveError> {
    let parsed = if team { Nickname::parse_team(raw) } else { Nickname::parse(raw) };
    // The domain's reasons are the protocol's field codes; an empty nickname is one too short.
    let nick = parsed.map_err(|why| LiveError {
        field: Some(if why == "required" { "nickname_too_short" } else { why }),
        ..LiveError::new("nickname_invalid")
    })?;
    if amane_domain::nickname::is_blocked(nick.as_str()) {
        return Err(LiveError { field: Some("nickname_blocked"), ..LiveError::new("nickname_invalid") });
    }
    Ok(nick)
}

/// How long an owner node may stay silent before another node takes its games: `AMANE_LIVE_OWNER_TIMEOUT_MS`,
/// else 15 seconds. Nodes say they are alive three times as often.
pub fn owner_timeout_ms() -> i64 {
    std::env::var("AMANE_LIVE_OWNER_TIMEOUT_MS")
        .ok()
        .and_then(|v| v.parse().ok())
        .filter(|v| *v >= 300)
        .unwrap_or(15_000)
}

/// How often a node says it is alive, and how long a node trusts what it read about another node's game.
fn route_ttl() -> Duration {
    Duration::from_millis((owner_timeout_ms() / 3) as u64)
}

async fn heartbeat_task(hub: Weak<Inner>) {
    let every = route_ttl();
    loop {
        let Some(inner) = hub.upgrade() else { break };
        if let Err(e) = store::heartbeat(&inner.db, &inner.node, amane_store::now_ms()).await {
            tracing::warn!(error = %e, "live: this node could not say it is alive");
        }
        drop(inner);
        tokio::time::sleep(every).await;
    }
}

async fn writer_task(hub: Weak<Inner>, mut jobs: mpsc::UnboundedReceiver<Job>) {
    let mut batch: Vec<Job> = Vec::with_capacity(BATCH_MAX);
    while let Some(first) = jobs.recv().await {
        batch.push(first);
        while batch.len() < BATCH_MAX {
            match jobs.try_recv() {
                Ok(j) => batch.push(j),
                Err(_) => break,
            }
        }
        let Some(inner) = hub.upgrade() else { break };
        let hub = Hub { inner };
        let writes: Vec<Write> = batch.iter().filter_map(|j| j.write.clone()).collect();
        let mut stored = writes.is_empty();
        for attempt in 0..5u64 {
            if stored {
                break;
            }
            match store::write_batch(&hub.inner.db, &writes).await {
                Ok(()) => stored = true,
                Err(e) => {
                    tracing::warn!(error = %e, attempt, writes = writes.len(), "live: a batch was not stored; retrying");
                    tokio::time::sleep(Duration::from_millis(50 * (attempt + 1))).await;
                }
            }
        }
        if !stored {
            // One bad write must not sink the others: store them one by one.
            for j in &mut batch {
                if let Some(w) = &j.write
                    && store::write_batch(&hub.inner.db, std::slice::from_ref(w)).await.is_err()
                {
                    tracing::error!(write = ?w, "live: a write was lost");
                    for (_, p) in &mut j.deliver {
                        *p = match p {
                            Personal::Accepted { question } => {
                                Personal::Refused { question: *question, code: "server_busy".into() }
                            }
                            _ => LiveError::new("server_busy").personal(),
                        };
                    }
                }
            }
        }
        let mut by_session: HashMap<String, Vec<(Addr, Personal)>> = HashMap::new();
        for j in batch.drain(..) {
            if !j.deliver.is_empty() {
                by_session.entry(j.session).or_default().extend(j.deliver);
            }
        }
        for (session, items) in by_session {
            hub.deliver_many(&session, items);
        }
    }
}

struct PlayerMeta {
    addr: Option<Addr>,
    hash: String,
    code: String,
}

/// The task that owns one game's state.
struct Owner {
    hub: Hub,
    id: String,
    pin: String,
    game: Arc<Game>,
    session: Session,
    players: Vec<PlayerMeta>,
    by_code: HashMap<String, usize>,
    /// Per question, answers per option (see `count_answer`).
    counts: Vec<Vec<u32>>,
    group: Vec<Option<Vec<u32>>>,
    /// Rank of each player after the last closed question.
    ranks: Vec<u32>,
    paused_at: Option<i64>,
    recent: VecDeque<u32>,
    dirty_lobby: bool,
    dirty_players: bool,
    dirty_progress: bool,
    finished_at: Option<Instant>,
}

/// How many bars a question's chart has (see `Game::slots`).
fn counts_len(live: &crate::session::LiveQuestion) -> usize {
    use crate::session::Expected;
    match &live.expected {
        Expected::Choices { options, .. } => *options,
        Expected::TrueFalse(_) | Expected::Text { .. } => 2,
        Expected::RedFlags { flags, harmless } => flags + harmless,
    }
}

fn now_ms() -> i64 {
    amane_store::now_ms()
}

impl Owner {
    fn new(hub: Hub, id: String, pin: String, game: Arc<Game>, session: Session) -> Owner {
        let counts = game.live.iter().map(|l| vec![0; counts_len(l)]).collect();
        let group = vec![None; game.questions.len()];
        Owner {
            hub,
            id,
            pin,
            game,
            session,
            players: Vec::new(),
            by_code: HashMap::new(),
            counts,
            group,
            ranks: Vec::new(),
            paused_at: None,
            recent: VecDeque::new(),
            dirty_lobby: false,
            dirty_players: false,
            dirty_progress: false,
            finished_at: None,
        }
    }

    async fn run(mut self, mut rx: mpsc::Receiver<Cmd>) {
        let mut tick = tokio::time::interval(Duration::from_millis(250));
        let mut last_slow = Instant::now();
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
                    if self.dirty_progress {
                        self.dirty_progress = false;
                        if let Phase::Open { question, .. } = self.session.phase() {
                            let answered = self.session.answer_count(question) as u32;
                            self.hub.broadcast(&self.id, Event::Progress { index: question as u32, answered, players: self.active() });
                        }
                    }
                    if last_slow.elapsed() >= Duration::from_secs(1) {
                        last_slow = Instant::now();
                        self.flush_slow();
                    }
                    if self.finished_at.is_some_and(|t| t.elapsed() > LINGER_AFTER_END) {
                        break;
                    }
                }
            }
        }
        lock(&self.hub.inner.owners).remove(&self.id);
    }

    fn flush_slow(&mut self) {
        if self.dirty_lobby {
            self.dirty_lobby = false;
            if self.session.phase() == Phase::Lobby {
                self.hub.broadcast(&self.id, Event::Lobby { players: self.active() });
            }
        }
        if self.dirty_players {
            self.dirty_players = false;
            self.hub.broadcast(&self.id, self.players_event());
        }
    }

    fn players_event(&self) -> Event {
        let ps = self.session.players();
        let players = self
            .recent
            .iter()
            .rev()
            .filter(|&&i| !ps[i as usize].kicked)
            .map(|&i| PlayerInfo {
                player: i,
                nickname: ps[i as usize].nickname.to_string(),
                score: ps[i as usize].score,
            })
            .collect();
        Event::Players { count: self.active(), players }
    }

    fn active(&self) -> u32 {
        self.session.players().iter().filter(|p| !p.kicked).count() as u32
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

    /// Every personal message goes through the writer, so that a connection receives them in the order the
    /// game produced them (its `welcome` before its `result`), each after what it depends on is stored.
    fn job(&self, write: Option<Write>, to: Option<&Addr>, p: Personal) {
        let deliver = to.map(|a| vec![(a.clone(), p)]).unwrap_or_default();
        let _ = self.hub.inner.writer.send(Job { session: self.id.clone(), write, deliver });
    }

    fn reply(&self, to: &Addr, p: Personal) {
        self.job(None, Some(to), p);
    }

    fn send_all(&self, items: Vec<(Addr, Personal)>) {
        let _ = self.hub.inner.writer.send(Job { session: self.id.clone(), write: None, deliver: items });
    }

    fn write(&self, w: Write) {
        let _ = self.hub.inner.writer.send(Job { session: self.id.clone(), write: Some(w), deliver: Vec::new() });
    }

    fn handle(&mut self, cmd: Cmd) {
        match cmd {
            Cmd::Join { nickname, lang: _, from } => self.join(&nickname, from),
            Cmd::Resume { player, secret, lang: _, from } => {
                let ok = self.players.get(player as usize).is_some_and(|p| p.hash == sha256_hex(&secret));
                if !ok {
                    return self.reply(&from, LiveError::new("unknown_token").personal());
                }
                self.welcome(player as usize, from, None);
            }
            Cmd::Switch { code, lang: _, from } => match self.by_code.get(&code).copied() {
                Some(i) => {
                    let secret = random_secret();
                    let new_code = self.unique_code();
                    self.by_code.remove(&code);
                    self.by_code.insert(new_code.clone(), i);
                    let p = &mut self.players[i];
                    p.hash = sha256_hex(&secret);
                    p.code = new_code.clone();
                    let w = Write::Credentials {
                        session: self.id.clone(),
                        player: i as i64,
                        resume_hash: p.hash.clone(),
                        switch_code: new_code,
                    };
                    self.welcome(i, from, Some((w, secret)));
                }
                None => self.reply(&from, LiveError::new("unknown_code").personal()),
            },
            Cmd::Answer { player, question, answer, lang, from } => self.answer(player, question, &answer, lang, from),
            Cmd::Control { control, from } => {
                // Through the writer: the reply follows whatever the control stored.
                if let Some(p) = self.control(control) {
                    self.job(None, Some(&from), p);
                }
            }
            Cmd::Left { player, from } => {
                if let Some(m) = self.players.get_mut(player as usize)
                    && m.addr.as_ref() == Some(&from)
                {
                    m.addr = None;
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
            if p.kicked || self.players.get(i).is_none_or(|m| m.addr.is_none()) {
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

    fn unique_code(&self) -> String {
        loop {
            let c = random_code();
            if !self.by_code.contains_key(&c) {
                return c;
            }
        }
    }

    fn join(&mut self, nickname: &str, from: Addr) {
        if self.session.phase() == Phase::Finished {
            return self.reply(&from, LiveError::new("session_finished").personal());
        }
        if let Some(i) = self.session.find(nickname) {
            let code = if self.session.players()[i].kicked { "kicked" } else { "nickname_taken" };
            return self.reply(&from, LiveError::new(code).personal());
        }
        let Ok(nick) = Nickname::parse_team(nickname) else {
            return self.reply(&from, LiveError::new("nickname_invalid").personal());
        };
        let Ok(i) = self.session.join(nick) else {
            return self.reply(&from, LiveError::new("session_finished").personal());
        };
        let secret = random_secret();
        let code = self.unique_code();
        self.by_code.insert(code.clone(), i);
        self.players.push(PlayerMeta { addr: None, hash: sha256_hex(&secret), code: code.clone() });
        self.ranks.push(0);
        self.recent.push_back(i as u32);
        if self.recent.len() > 100 {
            self.recent.pop_front();
        }
        self.dirty_lobby = true;
        self.dirty_players = true;
        let w = Write::Player {
            session: self.id.clone(),
            player: PlayerRow {
                idx: i as i64,
                nickname: nickname.to_owned(),
                resume_hash: self.players[i].hash.clone(),
                switch_code: code,
                kicked: false,
            },
            joined_at: now_ms(),
        };
        self.welcome(i, from, Some((w, secret)));
    }

    /// Binds the player to the connection and welcomes it, after `write` (if any) is stored. `secret` is the
    /// resume secret when a new one was made; a resumed player keeps theirs, which the client already holds.
    fn welcome(&mut self, i: usize, from: Addr, new: Option<(Write, String)>) {
        if self.session.players()[i].kicked {
            return self.reply(&from, LiveError::new("kicked").personal());
        }
        if let Some(old) = self.players[i].addr.replace(from.clone())
            && old != from
        {
            self.reply(&old, Personal::Replaced);
        }
        let answered = match self.session.phase() {
            Phase::Open { question, .. } if self.session.answered(i, question) => Some(question as u32),
            _ => None,
        };
        let p = &self.session.players()[i];
        let (write, token) = match new {
            Some((w, secret)) => (Some(w), format!("{}.{}.{}", self.id, i, secret)),
            None => (None, String::new()),
        };
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
            code: self.players[i].code.clone(),
            score: p.score - pending,
            rank: self.ranks.get(i).copied().filter(|r| *r > 0),
            answered,
        };
        self.job(write, Some(&from), welcome);
    }

    fn answer(&mut self, player: u32, question: u32, wire: &WireAnswer, lang: Lang, from: Addr) {
        let (p, q) = (player as usize, question as usize);
        let refuse = |o: &Owner, r: Refusal| o.reply(&from, Personal::Refused { question, code: r.code().into() });
        if self.players.get(p).and_then(|m| m.addr.as_ref()) != Some(&from) {
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
                self.count_answer(q, &answer, scored);
                self.dirty_progress = true;
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

    fn count_answer(&mut self, q: usize, answer: &Answer, scored: Scored) {
        let slots = self.game.slots_of(q, answer, scored.correctness);
        if let Some(c) = self.counts.get_mut(q) {
            for i in slots {
                if let Some(x) = c.get_mut(i) {
                    *x += 1;
                }
            }
        }
    }

    /// Counts a stored answer again after a restart.
    fn count_stored(&mut self, a: &AnswerRow) {
        let q = a.question_idx as usize;
        let Ok(stored) = serde_json::from_str::<StoredAnswer>(&a.answer) else { return };
        if let Ok(answer) = self.game.answer(q, stored.lang.unwrap_or_default(), &stored.wire) {
            let scored = Scored { correctness: a.correct_milli as f64 / 1000.0, points: a.points as u32 };
            self.count_answer(q, &answer, scored);
        }
    }

    fn state(&self) -> StateView {
        let (status, question, remaining_ms, answered) = match self.session.phase() {
            Phase::Lobby => ("lobby", None, None, 0),
            Phase::Open { question, closes_at, .. } => {
                let left = match self.paused_at {
                    Some(p) => closes_at - p,
                    None => closes_at - now_ms(),
                };
                ("open", Some(question as u32), Some(left.max(0)), self.session.answer_count(question) as u32)
            }
            Phase::Closed { question } => {
                ("closed", Some(question as u32), None, self.session.answer_count(question) as u32)
            }
            Phase::Finished => ("finished", None, None, 0),
        };
        StateView {
            id: self.id.clone(),
            pin: self.pin.clone(),
            status: status.into(),
            question,
            total: self.game.questions.len() as u32,
            remaining_ms,
            paused: self.paused_at.is_some(),
            players: self.active(),
            answered,
        }
    }

    fn control(&mut self, control: Control) -> Option<Personal> {
        match control {
            Control::Status => {}
            Control::Watch => {
                self.dirty_players = true;
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
            Control::Kick { player } => {
                let i = player as usize;
                if i >= self.players.len() {
                    return Some(LiveError::new("unknown_player").personal());
                }
                self.session.kick(i);
                self.write(Write::Kick { session: self.id.clone(), player: i64::from(player) });
                if let Some(a) = self.players[i].addr.take() {
                    self.reply(&a, Personal::Kicked);
                }
                self.dirty_lobby = true;
                self.dirty_players = true;
            }
            Control::Counts { question, counts } => {
                let q = question as usize;
                let expected = self.counts.get(q).map(Vec::len);
                if expected != Some(counts.len()) || counts.iter().any(|c| *c > 100_000) {
                    return Some(LiveError::new("invalid_counts").personal());
                }
                self.write(Write::GroupCounts {
                    session: self.id.clone(),
                    question: i64::from(question),
                    question_id: self.game.live[q].id.clone(),
                    counts: counts.iter().map(|c| i64::from(*c)).collect(),
                    at: now_ms(),
                });
                self.group[q] = Some(counts);
            }
        }
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
            self.hub.broadcast(&self.id, Event::Timer { index: question as u32, remaining_ms, paused });
        }
    }

    fn progress(&self, status: &'static str, current: i64) {
        self.write(Write::Progress { session: self.id.clone(), status, current_question: current, at: now_ms() });
    }

    fn open_next(&mut self) {
        self.paused_at = None;
        match self.session.next(now_ms()) {
            Phase::Open { question, opened_at, closes_at } => {
                self.progress("running", question as i64);
                let remaining_ms = closes_at - opened_at;
                self.hub.broadcast(&self.id, Event::Question { index: question as u32, remaining_ms, paused: false });
                self.dirty_progress = true;
            }
            Phase::Finished => self.end(),
            _ => {}
        }
    }

    fn rerank(&mut self) {
        let ranking = self.session.ranking();
        self.ranks = vec![0; self.session.players().len()];
        for (pos, (i, _)) in ranking.iter().enumerate() {
            self.ranks[*i] = pos as u32 + 1;
        }
    }

    fn standings(&self, n: usize) -> Vec<Standing> {
        let ps = self.session.players();
        let mut order: Vec<usize> = (0..ps.len()).filter(|i| self.ranks.get(*i).is_some_and(|r| *r > 0)).collect();
        order.sort_by_key(|i| self.ranks[*i]);
        order
            .into_iter()
            .take(n)
            .map(|i| Standing { rank: self.ranks[i], nickname: ps[i].nickname.to_string(), score: ps[i].score })
            .collect()
    }

    /// Closes the open question; with `reveal`, shows the answers and sends each participant their result.
    fn close(&mut self, reveal: bool) {
        let Phase::Open { question, .. } = self.session.phase() else { return };
        self.paused_at = None;
        self.session.close();
        self.rerank();
        if !reveal {
            return;
        }
        let mut counts = self.counts[question].clone();
        if let Some(g) = &self.group[question] {
            for (c, g) in counts.iter_mut().zip(g) {
                *c += g;
            }
        }
        let answered = self.session.answer_count(question) as u32;
        let event = Event::Closed {
            index: question as u32,
            counts,
            answered,
            players: self.active(),
            leaderboard: self.standings(5),
        };
        self.hub.broadcast(&self.id, event);
        let ps = self.session.players();
        let items = self
            .players
            .iter()
            .enumerate()
            .filter_map(|(i, m)| {
                let addr = m.addr.clone()?;
                let s = self.session.scored(i, question);
                Some((
                    addr,
                    Personal::Result {
                        index: question as u32,
                        answered: s.is_some(),
                        correct: s.is_some_and(|s| s.correctness >= 1.0),
                        points: s.map_or(0, |s| s.points),
                        score: ps[i].score,
                        rank: self.ranks[i],
                        streak: ps[i].streak,
                    },
                ))
            })
            .collect();
        self.send_all(items);
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
        self.rerank();
        self.finished_at = Some(Instant::now());
        self.progress("finished", last);
        self.hub.broadcast(&self.id, Event::Finished { players: self.active(), podium: self.standings(3) });
        let ps = self.session.players();
        let items = self
            .players
            .iter()
            .enumerate()
            .filter_map(|(i, m)| Some((m.addr.clone()?, Personal::Final { score: ps[i].score, rank: self.ranks[i] })))
            .collect::<Vec<_>>();
        self.send_all(items);
    }
}
