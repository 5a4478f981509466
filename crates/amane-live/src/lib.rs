//! Live sessions: a classroom quiz owned by one tokio task, which children join with a PIN.
//!
//! The engine arrives with the live-sessions issue; the crate exists now so that its dependencies
//! (domain and store, never the web layer) are fixed from the start and checked in CI.

/// The largest WebSocket frame a participant may send; the engine will close a connection that exceeds it.
pub const MAX_PARTICIPANT_FRAME_BYTES: usize = 4 * 1024;
