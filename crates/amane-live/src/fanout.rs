//! A node's side of its connections (D22): the connections it holds, and per game the ones watching it, the
//! last public state (so a newcomer's `welcome` is followed by the current question with its remaining time),
//! and broadcasts rendered once per language for all of them. `Pace` is how an owner throttles the lobby
//! count, the players list and answer progress.

use crate::game::Game;
use crate::messages::{Connection, Frames, LINGER_AFTER_END, Out, lock};
use crate::protocol::{Event, Personal, render_event};
use amane_domain::Lang;
use std::collections::HashMap;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};
use tokio::sync::mpsc;

/// Messages a connection may have waiting before new broadcasts are dropped for it.
const CONN_QUEUE: usize = 128;
/// How often an owner looks at its throttled frames; answer progress goes out at most this often.
pub(crate) const FAST_TICK: Duration = Duration::from_millis(250);
/// Lobby counts and players lists go out at most this often.
const SLOW_TICK: Duration = Duration::from_secs(1);

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
    fn new(game: Arc<Game>, pin: &str) -> Fanout {
        Fanout { game, pin: pin.to_owned(), state: Mutex::default() }
    }

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

    /// Whether the game's last public state is its end.
    pub(crate) fn finished(&self) -> bool {
        matches!(lock(&self.state).last, Some((Event::Finished { .. }, _)))
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

    /// A connection starts watching: the current state (and for a screen the players list), then every event.
    fn admit(&self, conn: u64, tx: &mpsc::Sender<Out>, lang: Lang, answered: Option<u32>, host: bool) {
        let mut st = lock(&self.state);
        if let Some(frame) = self.current(&st, lang, answered) {
            let _ = tx.try_send(Out::Text(frame));
        }
        if host && let Some(players) = &st.last_players {
            let _ = tx.try_send(Out::Shared(players.clone()));
        }
        st.members.insert(conn, Member { tx: tx.clone(), host });
    }

    fn leave(&self, conn: u64) {
        lock(&self.state).members.remove(&conn);
    }

    /// Closes every connection watching (they resume, with a new owner).
    fn close_all(&self) {
        let mut st = lock(&self.state);
        for m in st.members.values() {
            let _ = m.tx.try_send(Out::Close);
        }
        st.members.clear();
    }
}

struct ConnEntry {
    tx: mpsc::Sender<Out>,
    lang: Lang,
    /// When the connection opened (ms since the epoch), to tell a late command from an older connection.
    opened_ms: i64,
}

/// This node's connections and its copy of each game it has seen.
#[derive(Default)]
pub(crate) struct Local {
    fanouts: Mutex<HashMap<String, Arc<Fanout>>>,
    conns: Mutex<HashMap<u64, ConnEntry>>,
    next_conn: AtomicU64,
}

impl Local {
    pub(crate) fn new() -> Local {
        Local { next_conn: AtomicU64::new(1), ..Local::default() }
    }

    /// Registers a connection.
    pub(crate) fn connect(&self, lang: Lang) -> Connection {
        let id = self.next_conn.fetch_add(1, Ordering::Relaxed);
        let (tx, rx) = mpsc::channel(CONN_QUEUE);
        let opened_ms = amane_store::now_ms();
        lock(&self.conns).insert(id, ConnEntry { tx, lang, opened_ms });
        Connection { id, rx }
    }

    /// When a connection of this node opened (0 if it is gone).
    pub(crate) fn opened_ms(&self, conn: u64) -> i64 {
        lock(&self.conns).get(&conn).map_or(0, |c| c.opened_ms)
    }

    /// Forgets a connection (closed by either side).
    pub(crate) fn disconnect(&self, conn: u64, session: Option<&str>) {
        lock(&self.conns).remove(&conn);
        if let Some(s) = session
            && let Some(f) = self.get(s)
        {
            f.leave(conn);
        }
    }

    pub(crate) fn set_lang(&self, conn: u64, lang: Lang) {
        if let Some(c) = lock(&self.conns).get_mut(&conn) {
            c.lang = lang;
        }
    }

    /// How many connections this node holds.
    pub(crate) fn connections(&self) -> usize {
        lock(&self.conns).len()
    }

    pub(crate) fn get(&self, session: &str) -> Option<Arc<Fanout>> {
        lock(&self.fanouts).get(session).cloned()
    }

    /// The node's copy of a game, made now unless it has one.
    pub(crate) fn install(&self, session: &str, pin: &str, game: Arc<Game>) -> Arc<Fanout> {
        lock(&self.fanouts).entry(session.to_owned()).or_insert_with(|| Arc::new(Fanout::new(game, pin))).clone()
    }

    /// Hands an event to every connection on this node watching the game.
    pub(crate) fn broadcast(self: &Arc<Self>, session: &str, event: Event) {
        if matches!(event, Event::Finished { .. }) {
            self.forget_later(session);
        }
        if let Some(f) = self.get(session) {
            f.broadcast(event);
        }
    }

    /// Drops this node's copy of a finished game once reconnecting participants have had time to see the end.
    fn forget_later(self: &Arc<Self>, session: &str) {
        let weak = Arc::downgrade(self);
        let session = session.to_owned();
        tokio::spawn(async move {
            tokio::time::sleep(LINGER_AFTER_END).await;
            if let Some(local) = weak.upgrade() {
                lock(&local.fanouts).remove(&session);
            }
        });
    }

    /// Closes this node's connections to a game (they resume, with a new owner).
    pub(crate) fn close_watchers(&self, session: &str) {
        if let Some(f) = self.get(session) {
            f.close_all();
        }
    }

    /// Hands personal messages to connections of this node, in order. Plain messages (results,
    /// acknowledgements) are handed over under one lock, those that change who watches the game one by one.
    pub(crate) fn deliver_all(&self, session: &str, items: Vec<(u64, Personal)>) {
        let mut conns = Some(lock(&self.conns));
        for (conn, p) in items {
            if matches!(p, Personal::Welcome { .. } | Personal::Watching | Personal::Kicked | Personal::Replaced) {
                drop(conns.take());
                self.deliver(conn, session, p);
                conns = Some(lock(&self.conns));
            } else if let Some(c) = conns.as_ref().and_then(|g| g.get(&conn)) {
                let _ = c.tx.try_send(Out::Personal(Box::new(p)));
            }
        }
        drop(conns);
    }

    /// Hands one personal message to a connection of this node. A `welcome` (or a screen's `watching`) makes
    /// the connection a watcher of the game, brought up to date; a `kicked` or `replaced` closes it.
    pub(crate) fn deliver(&self, conn: u64, session: &str, p: Personal) {
        let entry = lock(&self.conns).get(&conn).map(|c| (c.tx.clone(), c.lang));
        let Some((tx, lang)) = entry else { return };
        match &p {
            Personal::Welcome { .. } | Personal::Watching => {
                let host = matches!(p, Personal::Watching);
                let answered = if let Personal::Welcome { answered, .. } = &p { *answered } else { None };
                let f = self.get(session);
                let _ = tx.try_send(Out::Personal(Box::new(p)));
                if let Some(f) = f {
                    f.admit(conn, &tx, lang, answered, host);
                }
            }
            Personal::Kicked | Personal::Replaced => {
                if let Some(f) = self.get(session) {
                    f.leave(conn);
                }
                let _ = tx.try_send(Out::Personal(Box::new(p)));
                let _ = tx.try_send(Out::Close);
            }
            _ => {
                let _ = tx.try_send(Out::Personal(Box::new(p)));
            }
        }
    }
}

/// Which throttled frames a game owes its watchers: the lobby count and the players list at most once a
/// second, answer progress at most four times a second, so that 10,000 joins do not make 10,000² frames.
pub(crate) struct Pace {
    lobby: bool,
    players: bool,
    progress: bool,
    last_slow: Instant,
}

/// The frames due at one tick.
#[derive(Debug, Default, PartialEq, Eq)]
pub(crate) struct Due {
    pub progress: bool,
    pub lobby: bool,
    pub players: bool,
}

impl Pace {
    pub(crate) fn new() -> Pace {
        Pace { lobby: false, players: false, progress: false, last_slow: Instant::now() }
    }

    /// The lobby count changed.
    pub(crate) fn lobby(&mut self) {
        self.lobby = true;
    }

    /// The players list changed.
    pub(crate) fn players(&mut self) {
        self.players = true;
    }

    /// An answer came (or a question opened).
    pub(crate) fn progress(&mut self) {
        self.progress = true;
    }

    /// At each `FAST_TICK`: what to send now, forgetting it.
    pub(crate) fn due(&mut self, now: Instant) -> Due {
        let mut due = Due { progress: std::mem::take(&mut self.progress), ..Due::default() };
        if now.duration_since(self.last_slow) >= SLOW_TICK {
            self.last_slow = now;
            due.lobby = std::mem::take(&mut self.lobby);
            due.players = std::mem::take(&mut self.players);
        }
        due
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn progress_goes_at_each_tick_lobby_and_players_once_a_second() {
        let start = Instant::now();
        let mut pace = Pace { last_slow: start, ..Pace::new() };
        pace.progress();
        pace.lobby();
        pace.players();
        let t1 = start + FAST_TICK;
        assert_eq!(pace.due(t1), Due { progress: true, lobby: false, players: false });
        assert_eq!(pace.due(t1 + FAST_TICK), Due::default(), "nothing new");
        let t2 = start + SLOW_TICK;
        assert_eq!(pace.due(t2), Due { progress: false, lobby: true, players: true });
        pace.lobby();
        assert_eq!(pace.due(t2 + FAST_TICK), Due::default(), "the lobby waits for the next second");
        assert_eq!(pace.due(t2 + SLOW_TICK), Due { lobby: true, ..Due::default() });
    }

    #[test]
    fn a_game_is_finished_for_its_node_once_the_end_was_broadcast() {
        let settings = crate::game::Settings {
            title: amane_content::model::Text3::one(Lang::Fr, "Essai"),
            scoring: Default::default(),
            streaks: false,
            teams: false,
            no_device: false,
            time_limit_s: None,
            auto_close: false,
        };
        let f = Fanout::new(Arc::new(Game::new(settings, Vec::new())), "123456");
        assert!(!f.finished(), "a new game");
        f.broadcast(Event::Lobby { players: 3 });
        assert!(!f.finished(), "in the lobby");
        f.broadcast(Event::Finished { players: 3, podium: Vec::new() });
        assert!(f.finished());
    }
}
