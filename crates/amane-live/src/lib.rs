//! Live sessions: a classroom quiz that children join with a PIN and a nickname.
//!
//! - `session` holds the rules as pure state (phases, joining and rejoining, idempotent answers, scoring);
//! - `game` freezes a question set and checks wire answers against it;
//! - `protocol` is version 1 of the wire protocol (docs/live-protocol.md);
//! - `hub` is a node's engine: one owner task per game, connections, the batched writer, fan-out;
//! - `bus` links nodes (PostgreSQL LISTEN/NOTIFY); `throttle` slows down PIN and code guessing.

pub mod bus;
pub mod game;
pub mod hub;
mod messages;
pub mod protocol;
pub mod scoring;
pub mod session;
pub mod throttle;

pub use hub::{BusKind, Connection, Control, Hub, LiveError, NewGame, Out};

/// The largest WebSocket frame a participant may send; a bigger one closes that connection.
pub const MAX_PARTICIPANT_FRAME_BYTES: usize = 4 * 1024;
