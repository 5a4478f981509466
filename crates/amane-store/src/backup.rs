//! A consistent copy of a running SQLite database (`amane backup`), and the checks a copy passes before it replaces
//! one (`amane restore`). PostgreSQL is backed up with its own tools (`pg_dump`, docs/OPERATIONS.md).

use crate::db::{Backend, Db, DbUrl, q};
use crate::error::{Result, StoreError};
use std::path::Path;

/// What a database file holds, read before it is trusted.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BackupInfo {
    pub schema_version: i64,
    pub users: i64,
    pub campaigns: i64,
}

impl Db {
    /// Writes a consistent copy of this SQLite database to `path` (which must not exist) while it keeps serving:
    /// `VACUUM INTO` reads one snapshot, so writes made meanwhile are either all in the copy or not at all.
    pub async fn backup_into(&self, path: &Path) -> Result<()> {
        if self.backend() != Backend::Sqlite {
            return Err(StoreError::Unavailable("a PostgreSQL database is backed up with pg_dump".into()));
        }
        let target = path.to_str().ok_or_else(|| StoreError::Unavailable("the path is not UTF-8".into()))?;
        self.execute(q("VACUUM INTO $1").bind(target.to_owned())).await?;
        Ok(())
    }
}

/// Opens a copy and checks it: SQLite's integrity check passes, it is an amane database, and its schema is not
/// newer than this binary's. The copy is opened as it is (a restore works on a copy of the file it was given).
pub async fn check_copy(path: &Path) -> Result<BackupInfo> {
    if !path.is_file() {
        return Err(StoreError::NotFound);
    }
    let db = Db::connect(&DbUrl::Sqlite(path.to_owned())).await?;
    let result = async {
        let ok: String = db.fetch_one(q("PRAGMA integrity_check")).await?.get("integrity_check")?;
        if ok != "ok" {
            return Err(StoreError::Corrupt(format!("integrity check: {ok}")));
        }
        let has_table = db
            .fetch_optional(q("SELECT name FROM sqlite_master WHERE type = 'table' AND name = 'amane_migrations'"))
            .await?
            .is_some();
        if !has_table {
            return Err(StoreError::Corrupt("not an amane database (no amane_migrations table)".into()));
        }
        let schema_version: i64 =
            db.fetch_one(q("SELECT COALESCE(MAX(version), 0) AS v FROM amane_migrations")).await?.get("v")?;
        let known = i64::try_from(crate::MIGRATION_FILES.len()).unwrap_or(i64::MAX);
        if schema_version > known {
            return Err(StoreError::Corrupt(format!(
                "schema version {schema_version} is newer than this amane ({known}): use a newer amane"
            )));
        }
        let n = |sql: &'static str| {
            let db = &db;
            async move { db.fetch_one(q(sql)).await?.get::<i64>("n") }
        };
        Ok(BackupInfo {
            schema_version,
            users: n("SELECT COUNT(*) AS n FROM users").await?,
            campaigns: n("SELECT COUNT(*) AS n FROM campaigns").await?,
        })
    }
    .await;
    db.close().await;
    result
}
