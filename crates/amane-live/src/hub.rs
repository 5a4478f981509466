//! A node's live engine: the public handle that wires its parts together.
//!
//! - `fanout`: the connections this node holds and, per game, those watching it (`connect`, `watch`);
//! - `owner`: one task per game this node owns, which takes commands (join, answer, the facilitator's controls);
//! - `writer`: stores what the owners ask in batches, then hands over their messages in order;
//! - `routing`: commands for another node's game, events and deliveries over the `Bus`, and the route cache;
//! - `takeover`: heartbeats, and taking over the games of a node that went silent.
//!
//! A command goes to the game's owner task: on this node, restored from the database, or on the node recorded
//! in the database, over the bus. An answer is acknowledged by the writer after the transaction holding it
//! commits.

use crate::bus::{Bus, LocalBus, PgBus};
use crate::fanout::Local;
use crate::game::{Game, Settings, WireAnswer};
use crate::messages::{Addr, Envelope};
use crate::owner::Owners;
use crate::protocol::{Personal, StateView};
use crate::routing::{Inbound, Router};
use crate::takeover::{Claim, Takeover};
use crate::throttle::Throttle;
use crate::writer::{Deliver, Writer};
use amane_domain::workshop::WorkshopId;
use amane_domain::{Lang, Nickname, UserId};
use amane_store::Db;
use amane_store::live as store;
use std::net::IpAddr;
use std::sync::{Arc, Weak};
use std::time::{Duration, Instant};
use tokio::sync::mpsc;

pub use crate::fanout::Fanout;
pub use crate::messages::{Cmd, Connection, Control, Frames, LiveError, Out};
pub use crate::takeover::owner_timeout_ms;

/// A new game as the facilitator asked for it.
pub struct NewGame {
    pub owner_id: UserId,
    pub workshop_id: Option<WorkshopId>,
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

struct Inner {
    node: String,
    db: Db,
    local: Arc<Local>,
    router: Arc<Router>,
    owners: Arc<Owners>,
    takeover: Arc<Takeover>,
    throttle: Throttle,
}

/// A node's live engine. Cheap to clone.
#[derive(Clone)]
pub struct Hub {
    inner: Arc<Inner>,
}

impl Hub {
    /// Starts the engine of node `node` (a name stable across restarts, so that the node takes its games back).
    pub async fn start(db: Db, node: String, bus: BusKind) -> Result<Hub, amane_store::StoreError> {
        Hub::start_with(db, node, bus, owner_timeout_ms()).await
    }

    /// `start`, with an owner timeout of `timeout_ms`.
    async fn start_with(db: Db, node: String, bus: BusKind, timeout_ms: i64) -> Result<Hub, amane_store::StoreError> {
        let (inbox_tx, inbox) = mpsc::unbounded_channel();
        let bus: Box<dyn Bus> = match bus {
            BusKind::Local => Box::new(LocalBus),
            BusKind::Postgres => match PgBus::start(db.clone(), node.clone(), inbox_tx).await? {
                Some(b) => Box::new(b),
                None => Box::new(LocalBus),
            },
        };
        Ok(Hub::with_bus(db, node, bus, inbox, timeout_ms))
    }

    /// A single node's engine (no bus). Must be called inside a tokio runtime.
    pub fn local(db: Db, node: String) -> Hub {
        let (_, inbox) = mpsc::unbounded_channel();
        Hub::with_bus(db, node, Box::new(LocalBus), inbox, owner_timeout_ms())
    }

    fn with_bus(
        db: Db,
        node: String,
        bus: Box<dyn Bus>,
        mut inbox: mpsc::UnboundedReceiver<Envelope>,
        timeout_ms: i64,
    ) -> Hub {
        let takeover = Arc::new(Takeover::new(db.clone(), node.clone(), timeout_ms));
        let local = Arc::new(Local::new());
        let router = Arc::new(Router::new(node.clone(), bus, local.clone(), takeover.route_ttl()));
        let writer = Writer::start(db.clone(), Arc::downgrade(&router) as Weak<dyn Deliver>);
        let owners = Arc::new(Owners::new(db.clone(), writer, router.clone()));
        let hub =
            Hub { inner: Arc::new(Inner { node, db, local, router, owners, takeover, throttle: Throttle::default() }) };
        hub.inner.takeover.start_heartbeats();
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
            &store::LiveGame {
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
        self.inner.owners.start(id.clone(), pin.clone(), game);
        Ok((id, pin))
    }

    /// The node's copy of a game, loaded from the database the first time.
    pub async fn fanout(&self, session: &str) -> Result<Option<Arc<Fanout>>, amane_store::StoreError> {
        if let Some(f) = self.inner.local.get(session) {
            return Ok(Some(f));
        }
        let Some(row) = store::get(&self.inner.db, session).await? else { return Ok(None) };
        let game = Game::from_json(&row.game.settings, &row.game.questions)
            .map_err(|e| amane_store::StoreError::Corrupt(format!("live_sessions.questions: {e}")))?;
        Ok(Some(self.inner.local.install(session, &row.pin, Arc::new(game))))
    }

    pub fn game(&self, session: &str) -> Option<Arc<Game>> {
        self.inner.local.get(session).map(|f| f.game.clone())
    }

    /// Registers a connection.
    pub fn connect(&self, lang: Lang) -> Connection {
        self.inner.local.connect(lang)
    }

    /// Forgets a connection (closed by either side).
    pub fn disconnect(&self, conn: u64, session: Option<&str>) {
        self.inner.local.disconnect(conn, session);
    }

    /// How many connections this node holds.
    pub fn connections(&self) -> usize {
        self.inner.local.connections()
    }

    fn addr(&self, conn: u64) -> Addr {
        Addr { node: self.inner.node.clone(), conn }
    }

    /// A participant joins the game with this PIN. The `welcome` (or a refusal) arrives on the connection.
    pub async fn join(
        &self,
        conn: u64,
        pin: &str,
        nickname: &str,
        lang: Lang,
        ip: Option<IpAddr>,
        device: Option<&str>,
    ) -> Result<(), LiveError> {
        let now = Instant::now();
        let pin = pin.trim();
        let row = self.game_by_pin(ip, pin, now, false).await?;
        if let Some(wait) = self.inner.throttle.take_join(ip, pin, now) {
            return Err(LiveError { retry_after_s: Some(wait), ..LiveError::new("too_many_attempts") });
        }
        self.inner.throttle.joined(ip, pin, now);
        if row.status.is_finished() {
            return Err(LiveError::new("session_finished"));
        }
        let fanout = self.fanout(&row.game.id).await.map_err(LiveError::busy("finding a game to join"))?;
        let teams = fanout.is_some_and(|f| f.game.settings.teams);
        let nick = check_nickname(nickname, teams)?;
        self.inner.local.set_lang(conn, lang);
        let device = device.map(|d| d.chars().take(200).collect());
        let cmd = Cmd::Join { nickname: nick.as_str().to_owned(), lang, from: self.addr(conn), device };
        self.send(&row.game.id, cmd).await
    }

    /// Ends the games left unfinished: in the lobby since before `before`, or running since before it. The owner
    /// ends each as the facilitator's "end" would, so its players get their final frames and its PIN is free
    /// again. Returns how many were ended.
    pub async fn end_stale(&self, before: i64) -> usize {
        let ids = match store::stale(&self.inner.db, before, before).await {
            Ok(ids) => ids,
            Err(e) => {
                tracing::warn!(error = %e, "could not look for unfinished games");
                return 0;
            }
        };
        let mut ended = 0;
        for id in ids {
            match self.control(&id, Control::End).await {
                Ok(_) => ended += 1,
                Err(e) => tracing::warn!(game = %id, code = e.code, "could not end an unfinished game"),
            }
        }
        ended
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
            Err(e) => return Err(LiveError::busy("finding a game to resume")(e)),
        }
        self.inner.local.set_lang(conn, lang);
        let opened_ms = self.inner.local.opened_ms(conn);
        let cmd = Cmd::Resume { player, secret: secret.to_owned(), lang, from: self.addr(conn), opened_ms };
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
        self.fanout(&row.game.id).await.map_err(LiveError::busy("finding a game to switch to"))?;
        self.inner.local.set_lang(conn, lang);
        let code = code.trim().to_uppercase();
        self.send(&row.game.id, Cmd::Switch { code, lang, from: self.addr(conn) }).await
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
        let row = store::by_pin(&self.inner.db, pin).await.map_err(LiveError::busy("reading a game by PIN"))?;
        row.ok_or_else(|| {
            throttle.fail(ip, None, now);
            LiveError::new("unknown_pin")
        })
    }

    /// Counts a resume token the owner did not know against the network only.
    pub fn token_failed(&self, ip: Option<IpAddr>) {
        self.inner.throttle.fail(ip, None, Instant::now());
    }

    /// Counts a wrong switch code against the network and the PIN (called when the owner refuses one).
    pub fn code_failed(&self, ip: Option<IpAddr>, session: &str) {
        let pin = self.inner.local.get(session).map(|f| f.pin.clone());
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
    /// After the end there is nothing to stop waiting for, and the owner (perhaps on another node, over the bus)
    /// is not told: a class closing its phones on the podium would otherwise be thousands of messages at once.
    pub async fn left(&self, conn: u64, session: &str, player: u32) {
        if self.inner.local.get(session).is_some_and(|f| f.finished()) {
            return;
        }
        let _ = self.send(session, Cmd::Left { player, from: self.addr(conn) }).await;
    }

    /// A screen starts watching a game: it gets the current state, then every event, and the players list.
    pub async fn watch(&self, conn: u64, session: &str, lang: Lang) -> Result<(), LiveError> {
        match self.fanout(session).await {
            Ok(Some(_)) => {}
            Ok(None) => return Err(LiveError::new("unknown_session")),
            Err(e) => return Err(LiveError::busy("finding a game to watch")(e)),
        }
        self.inner.local.set_lang(conn, lang);
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
                other => Err(LiveError::busy("a control answered with something else than the state")(other)),
            },
            Ok(other) => Err(LiveError::busy("a control's reply channel closed")(other.map(|_| "a message"))),
            Err(e) => Err(LiveError::busy("a control got no reply within 10 s")(e)),
        }
    }

    /// Sends a command to the game's owner: this node's task, a task restored from the database (after a
    /// restart, or taken over from a silent node), or the owner node over the bus.
    async fn send(&self, session: &str, cmd: Cmd) -> Result<(), LiveError> {
        let inner = &self.inner;
        if let Some(tx) = inner.owners.sender(session) {
            return tx.send(cmd).await.map_err(|_| LiveError::new("session_finished"));
        }
        // Another node's game, looked up a moment ago: straight to it, without reading the database for every
        // answer. The route is forgotten when the game moves, and kept only a third of the owner timeout.
        if let Some(node) = inner.router.route(session) {
            inner.router.forward(node, session, cmd);
            return Ok(());
        }
        let row = store::get(&inner.db, session).await.map_err(LiveError::busy("reading a game"))?;
        let Some(row) = row else { return Err(LiveError::new("unknown_session")) };
        match inner.takeover.claim(&row, &inner.router).await? {
            Claim::Ours => {
                if row.status.is_finished() {
                    return Err(LiveError::new("session_finished"));
                }
                inner.owners.restore(&row).await?;
                match inner.owners.sender(session) {
                    Some(tx) => tx.send(cmd).await.map_err(|_| LiveError::new("session_finished")),
                    None => Err(LiveError::new("session_finished")),
                }
            }
            Claim::Theirs(node) => {
                inner.router.to_owner(node, session, cmd);
                Ok(())
            }
        }
    }

    /// An envelope from another node.
    async fn on_envelope(&self, env: Envelope) {
        match self.inner.router.receive(env) {
            Some(Inbound::ToOwner { session, cmd }) => match self.inner.owners.sender(&session) {
                Some(tx) => {
                    let _ = tx.send(cmd).await;
                }
                None => {
                    let _ = self.send(&session, cmd).await;
                }
            },
            Some(Inbound::Moved { session }) => {
                // If this node still runs the game (it was only slow to say it is alive), it stops: one owner.
                self.inner.owners.let_go(&session);
                self.inner.local.close_watchers(&session);
            }
            None => {}
        }
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
        field: Some(if why == amane_domain::FieldCode::Required { "nickname_too_short" } else { why.as_str() }),
        ..LiveError::new("nickname_invalid")
    })?;
    if amane_domain::nickname::is_blocked(nick.as_str()) {
        return Err(LiveError { field: Some("nickname_blocked"), ..LiveError::new("nickname_invalid") });
    }
    Ok(nick)
}

#[cfg(test)]
mod tests;
