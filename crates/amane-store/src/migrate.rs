//! Schema migrations, embedded in the binary: one folder per backend, applied in order, each in its own
//! transaction, and recorded so a second run (or a second node starting at once) applies nothing twice.

use crate::db::{Backend, Db, q};
use crate::error::Result;

/// (version, name, SQL) for SQLite.
pub const MIGRATIONS_SQLITE: &[(i64, &str, &str)] = &[
    (1, "foundation", include_str!("../migrations/sqlite/0001_foundation.sql")),
    (2, "question_banks", include_str!("../migrations/sqlite/0002_question_banks.sql")),
    (3, "establishments", include_str!("../migrations/sqlite/0003_establishments.sql")),
    (4, "campaigns", include_str!("../migrations/sqlite/0004_campaigns.sql")),
    (5, "workshops", include_str!("../migrations/sqlite/0005_workshops.sql")),
    (6, "registrations", include_str!("../migrations/sqlite/0006_registrations.sql")),
    (7, "attendance", include_str!("../migrations/sqlite/0007_attendance.sql")),
    (8, "checkin", include_str!("../migrations/sqlite/0008_checkin.sql")),
    (9, "live", include_str!("../migrations/sqlite/0009_live.sql")),
    (10, "live_nodes", include_str!("../migrations/sqlite/0010_live_nodes.sql")),
];

/// (version, name, SQL) for PostgreSQL; the same versions as SQLite, in that backend's dialect.
pub const MIGRATIONS_POSTGRES: &[(i64, &str, &str)] = &[
    (1, "foundation", include_str!("../migrations/postgres/0001_foundation.sql")),
    (2, "question_banks", include_str!("../migrations/postgres/0002_question_banks.sql")),
    (3, "establishments", include_str!("../migrations/postgres/0003_establishments.sql")),
    (4, "campaigns", include_str!("../migrations/postgres/0004_campaigns.sql")),
    (5, "workshops", include_str!("../migrations/postgres/0005_workshops.sql")),
    (6, "registrations", include_str!("../migrations/postgres/0006_registrations.sql")),
    (7, "attendance", include_str!("../migrations/postgres/0007_attendance.sql")),
    (8, "checkin", include_str!("../migrations/postgres/0008_checkin.sql")),
    (9, "live", include_str!("../migrations/postgres/0009_live.sql")),
    (10, "live_nodes", include_str!("../migrations/postgres/0010_live_nodes.sql")),
];

/// An arbitrary key for PostgreSQL's advisory lock, so that nodes starting together migrate one at a time.
const MIGRATION_LOCK: i64 = 0x0061_6d61_6e65;

impl Db {
    /// Applies every migration not yet applied; returns how many ran.
    #[tracing::instrument(skip(self))]
    pub async fn migrate(&self) -> Result<usize> {
        let list = match self.backend() {
            Backend::Sqlite => MIGRATIONS_SQLITE,
            Backend::Postgres => MIGRATIONS_POSTGRES,
        };
        let mut tx = self.begin().await?;
        if self.backend() == Backend::Postgres {
            tx.execute(q("SELECT pg_advisory_xact_lock($1)").bind(MIGRATION_LOCK)).await?;
        }
        tx.execute(q("CREATE TABLE IF NOT EXISTS amane_migrations (
                version BIGINT PRIMARY KEY,
                name TEXT NOT NULL,
                applied_at BIGINT NOT NULL
            )"))
            .await?;
        let applied: Vec<i64> = tx
            .fetch_all(q("SELECT version FROM amane_migrations ORDER BY version"))
            .await?
            .iter()
            .map(|r| r.get::<i64>("version"))
            .collect::<Result<_>>()?;
        let mut ran = 0;
        for (version, name, sql) in list {
            if applied.contains(version) {
                continue;
            }
            tracing::info!(version, name, "applying migration");
            tx.execute_script(sql).await?;
            tx.execute(
                q("INSERT INTO amane_migrations (version, name, applied_at) VALUES ($1, $2, $3)")
                    .bind(*version)
                    .bind(*name)
                    .bind(crate::now_ms()),
            )
            .await?;
            ran += 1;
        }
        tx.commit().await?;
        Ok(ran)
    }

    /// The highest migration applied, or 0 on an empty database.
    pub async fn schema_version(&self) -> Result<i64> {
        let row = self.fetch_one(q("SELECT COALESCE(MAX(version), 0) AS v FROM amane_migrations")).await?;
        row.get::<i64>("v")
    }
}
