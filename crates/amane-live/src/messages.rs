//! What the engine's parts say to each other and to connections: commands for a game's owner, envelopes
//! between nodes, what a connection receives, and the engine's errors. This module depends on none of the
//! engine's others (only on the game's rules and the wire protocol), so that every other one points down to it.

use crate::game::WireAnswer;
use crate::protocol::{Event, Personal};
use amane_domain::Lang;
use serde::{Deserialize, Serialize};
use std::sync::{Arc, Mutex};
use std::time::Duration;
use tokio::sync::mpsc;

/// How long a finished game's task, and each node's copy of it, stay to answer reconnecting participants.
pub(crate) const LINGER_AFTER_END: Duration = Duration::from_secs(15 * 60);

/// Where a reply goes: a connection on a node.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Addr {
    pub node: String,
    pub conn: u64,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Delivery {
    pub conn: u64,
    pub session: String,
    pub personal: Personal,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "k", rename_all = "snake_case")]
pub enum Envelope {
    /// A command for the game's owner node.
    ToOwner { node: String, session: String, cmd: Cmd },
    /// An event for every node watching the game.
    Event { session: String, event: Event },
    /// Personal messages for connections on one node.
    Deliver { node: String, items: Vec<Delivery> },
    /// The game has a new owner node: connections to it close and resume.
    Moved { session: String },
}

/// A facilitator's control.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "op", rename_all = "snake_case")]
pub enum Control {
    Status,
    Next,
    Close,
    Skip,
    Pause,
    Resume,
    Extend { seconds: u32 },
    End,
    Kick { player: u32 },
    Counts { question: u32, counts: Vec<u32> },
    Watch,
}

/// A command for a game's owner.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "c", rename_all = "snake_case")]
pub enum Cmd {
    Join {
        nickname: String,
        lang: Lang,
        from: Addr,
        /// The resume token this device held in this game before its player was kicked, if it kept one.
        #[serde(default)]
        device: Option<String>,
    },
    Resume {
        player: u32,
        secret: String,
        lang: Lang,
        from: Addr,
        /// When the connection opened (ms since the epoch): a resume that arrives after one from a newer
        /// connection does not take the player back from it.
        #[serde(default)]
        opened_ms: i64,
    },
    Switch {
        code: String,
        lang: Lang,
        from: Addr,
    },
    Answer {
        player: u32,
        question: u32,
        answer: WireAnswer,
        lang: Lang,
        from: Addr,
    },
    Control {
        control: Control,
        from: Addr,
    },
    /// The participant's connection `from` closed: they no longer count as connected (auto-close).
    Left {
        player: u32,
        from: Addr,
    },
}

/// Why the engine could not take a request; each is a protocol error code.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LiveError {
    pub code: &'static str,
    pub field: Option<&'static str>,
    pub retry_after_s: Option<u64>,
}

impl LiveError {
    pub fn new(code: &'static str) -> LiveError {
        LiveError { code, field: None, retry_after_s: None }
    }
    /// Turns an internal failure into `server_busy` for the participant, and writes what failed and why to the
    /// log (a participant is never shown internals; an operator must be able to find them).
    pub fn busy<E: std::fmt::Debug>(what: &'static str) -> impl FnOnce(E) -> LiveError {
        move |e| {
            tracing::warn!(error = ?e, "live: {what}");
            LiveError::new("server_busy")
        }
    }
    pub fn personal(&self) -> Personal {
        Personal::Error { code: self.code.into(), field: self.field.map(Into::into), retry_after_s: self.retry_after_s }
    }
}

/// The same frame in each language (fr, ar, en), rendered once for all connections of a node.
#[derive(Debug)]
pub struct Frames(pub [bytes::Bytes; 3]);

impl Frames {
    pub fn get(&self, lang: Lang) -> &bytes::Bytes {
        &self.0[lang_index(lang)]
    }
}

fn lang_index(lang: Lang) -> usize {
    match lang {
        Lang::Fr => 0,
        Lang::Ar => 1,
        Lang::En => 2,
    }
}

/// What a connection receives.
#[derive(Debug)]
pub enum Out {
    Shared(Arc<Frames>),
    Text(String),
    Personal(Box<Personal>),
    /// Close the connection (after a `kicked` or `replaced`).
    Close,
}

/// A connection's end: its id and what it receives.
pub struct Connection {
    pub id: u64,
    pub rx: mpsc::Receiver<Out>,
}

/// Locks a mutex, going on with the data even if a thread panicked while holding it.
pub(crate) fn lock<T>(m: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|e| e.into_inner())
}
