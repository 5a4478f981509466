//! amane's storage: one set of SQL queries over SQLite (embedded, the default) or PostgreSQL (several nodes).
//!
//! Queries are written once in the dialect both backends share (`$1` placeholders, `RETURNING`,
//! `ON CONFLICT`); the few places that need a backend's own SQL match on [`Backend`]. Rows are mapped into
//! domain types here, so nothing above the store sees a SQL row.

mod answer_pages;
pub mod assessments;
pub mod audit;
pub mod auth;
pub mod backup;
pub mod banks;
pub mod bulk;
pub mod campaigns;
pub mod certificates;
mod db;
mod error;
pub mod establishments;
pub mod live;
mod migrate;
pub mod openings;
pub mod purge;
pub mod registrations;
pub mod reports;
#[cfg(feature = "testing")]
pub mod testing;
pub mod tokens;
pub mod users;
pub mod workshops;

pub use answer_pages::AnswerPage;
pub use db::{Arg, Backend, Db, DbUrl, Listener, Query, Row, Tx, like_pattern, q};
pub use error::StoreError;
pub use migrate::{MIGRATION_FILES, Migration, migrations};

/// Milliseconds since the Unix epoch: the one time representation the store keeps.
pub fn now_ms() -> i64 {
    std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map(|d| d.as_millis() as i64).unwrap_or(0)
}
