//! `/api/v1/live`: a facilitator's side of a game, for scripts: creating it, reading its state and controlling it
//! (start, next, close, skip, pause, resume, end, more time, removing a player, show-of-hands counts), and its
//! results.

pub mod control;
pub mod create;
pub mod results;
