//! Live sessions: a classroom quiz that children join with a PIN and a nickname.
//!
//! `session` holds the rules as pure state (phases, joining and rejoining, idempotent answers, scoring) so that
//! they are tested without sockets; the owner task, the WebSocket protocol and the cross-node bus are built on
//! it with the live-sessions issue.

pub mod scoring;
pub mod session;

/// The largest WebSocket frame a participant may send; the engine will close a connection that exceeds it.
pub const MAX_PARTICIPANT_FRAME_BYTES: usize = 4 * 1024;
