//! Live sessions: a classroom quiz that children join with a PIN and a nickname.
//!
//! - `session` holds the rules as pure state (phases, joining and rejoining, idempotent answers, scoring);
//! - `game` freezes a question set and checks wire answers against it;
//! - `protocol` is version 1 of the wire protocol (docs/live-protocol.md);
//! - `hub` is a node's engine, the handle that wires its parts: `owner` (one task per game), `writer` (the
//!   node's batched writes), `fanout` (the node's connections, broadcasts rendered once per language),
//!   `routing` (envelopes between nodes) and `takeover` (heartbeats, taking over a silent node's games),
//!   which share `messages`;
//! - `bus` links nodes (PostgreSQL LISTEN/NOTIFY); `throttle` slows down PIN and code guessing.

pub mod bus;
mod fanout;
pub mod game;
pub mod hub;
mod messages;
mod owner;
pub mod protocol;
mod routing;
pub mod scoring;
pub mod session;
mod takeover;
pub mod throttle;
mod writer;

pub use hub::{BusKind, Connection, Control, Hub, LiveError, NewGame, Out};

/// How long a game may wait in its lobby, or run, before `amane serve` ends it ([`Hub::end_stale`]): longer than
/// any school day, so that only games left behind are ended.
pub const GAME_EXPIRES_AFTER_MS: i64 = 12 * 60 * 60 * 1000;

/// The largest WebSocket frame a participant may send; a bigger one closes that connection.
pub const MAX_PARTICIPANT_FRAME_BYTES: usize = 4 * 1024;
