//! Schema migrations, embedded in the binary from one folder (`crates/amane-store/migrations/`), applied in
//! order in one transaction, and recorded so a second run (or a second node starting at once) applies
//! nothing twice.
//!
//! A file is named `NNNN_name.sql` and both backends run it. Where the dialects really differ, the version
//! is a pair instead, `NNNN_name.sqlite.sql` beside `NNNN_name.postgres.sql`, and each backend runs its own;
//! a version is either one shared file or that pair, never a shared file with an override nor one
//! backend's file alone (the other backend's schema would silently fall behind). A backend with nothing to
//! do for a version still gets its file, holding a comment that says why.
//!
//! `amane_migrations` records `(version, name)`; whether a migration has run is decided by its version
//! alone, and the name is the file's name between `NNNN_` and the extension, so a pair records the same
//! name as a shared file would. No checksum is kept: a migration is never edited once released.

use crate::db::{Backend, Db, q};
use crate::error::{Result, StoreError};
use std::collections::BTreeMap;

/// Embeds each named file of `migrations/` as `(file name, SQL)`.
macro_rules! migration_files {
    ($($file:literal),* $(,)?) => {
        &[$(($file, include_str!(concat!("../migrations/", $file)))),*]
    };
}

/// Every file of `migrations/`, in any order (the runner sorts by version). A test fails when a file in
/// the folder is missing here.
pub const MIGRATION_FILES: &[(&str, &str)] = migration_files![
    "0001_foundation.sql",
    "0002_question_banks.sql",
    "0003_establishments.sql",
    "0004_campaigns.sql",
    "0005_workshops.sql",
    "0006_registrations.sql",
    "0007_attendance.sql",
    "0008_checkin.sql",
    "0009_live.sql",
    "0010_live_nodes.sql",
    "0011_assessments.sql",
    "0012_certificates.sql",
    "0013_assessment_games.sql",
    "0014_test_openings.sql",
    "0015_login_pairs.sql",
    "0016_assessment_cells.sql",
    "0017_token_expiry.sql",
    "0018_purge.sql",
    "0019_audit_log.sql",
    "0020_bank_sharing.sql",
    "0021_score_bits.sql",
];

/// One migration as a backend runs it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Migration<'a> {
    pub version: i64,
    /// What `amane_migrations.name` records.
    pub name: &'a str,
    /// The file this backend runs for this version.
    pub file: &'a str,
    pub sql: &'a str,
}

/// The embedded migrations as `backend` runs them, in order.
pub fn migrations(backend: Backend) -> Result<Vec<Migration<'static>>> {
    plan(MIGRATION_FILES, backend).map_err(StoreError::Migrations)
}

/// A version's files, as found in the folder.
#[derive(Default)]
struct Version<'a> {
    name: &'a str,
    shared: Option<(&'a str, &'a str)>,
    sqlite: Option<(&'a str, &'a str)>,
    postgres: Option<(&'a str, &'a str)>,
}

/// Splits `NNNN_name.sql`, `NNNN_name.sqlite.sql` or `NNNN_name.postgres.sql` into version, name and the
/// backend the file is for (`None`: both).
fn parse_file_name(file: &str) -> Result<(i64, &str, Option<Backend>), String> {
    let bad = |why: &str| {
        format!(
            "migration file {file:?}: {why} (expected NNNN_name.sql, NNNN_name.sqlite.sql or NNNN_name.postgres.sql)"
        )
    };
    let stem = file.strip_suffix(".sql").ok_or_else(|| bad("not a .sql file"))?;
    let (stem, backend) = if let Some(s) = stem.strip_suffix(".sqlite") {
        (s, Some(Backend::Sqlite))
    } else if let Some(s) = stem.strip_suffix(".postgres") {
        (s, Some(Backend::Postgres))
    } else {
        (stem, None)
    };
    let (number, name) = stem.split_once('_').ok_or_else(|| bad("no '_' after the version"))?;
    if number.is_empty() || !number.bytes().all(|b| b.is_ascii_digit()) {
        return Err(bad("the version is not a number"));
    }
    let version: i64 = number.parse().map_err(|_| bad("the version is too large"))?;
    if version < 1 {
        return Err(bad("versions start at 1"));
    }
    if name.is_empty() || !name.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_') {
        return Err(bad("the name must be lowercase letters, digits and '_'"));
    }
    Ok((version, name, backend))
}

/// Picks, from a folder's files, what `backend` runs: for each version its shared file or its own file of
/// the pair. Refuses a folder that is not well formed (see the module's documentation), so that a mistake
/// fails every test rather than one backend in production.
fn plan<'a>(files: &[(&'a str, &'a str)], backend: Backend) -> Result<Vec<Migration<'a>>, String> {
    let mut versions: BTreeMap<i64, Version<'a>> = BTreeMap::new();
    for &(file, sql) in files {
        let (version, name, for_backend) = parse_file_name(file)?;
        let v = versions.entry(version).or_insert_with(|| Version { name, ..Version::default() });
        if v.name != name {
            return Err(format!("migration {version} has two names, {:?} and {name:?}", v.name));
        }
        let slot = match for_backend {
            None => &mut v.shared,
            Some(Backend::Sqlite) => &mut v.sqlite,
            Some(Backend::Postgres) => &mut v.postgres,
        };
        if let Some((other, _)) = slot.replace((file, sql)) {
            return Err(format!("migration {version}: {other:?} and {file:?} are the same migration"));
        }
    }
    let mut out = Vec::with_capacity(versions.len());
    for (expected, (&version, v)) in (1..).zip(&versions) {
        if version != expected {
            return Err(format!("migration {expected} is missing (the next one is {version})"));
        }
        let (file, sql) = match (v.shared, v.sqlite, v.postgres) {
            (Some(shared), None, None) => shared,
            (None, Some(sqlite), Some(postgres)) => match backend {
                Backend::Sqlite => sqlite,
                Backend::Postgres => postgres,
            },
            (Some((shared, _)), _, _) => {
                return Err(format!(
                    "migration {version}: {shared:?} is shared, so it cannot also have a file for one backend"
                ));
            }
            (None, sqlite, postgres) => {
                let (present, missing) = match (sqlite, postgres) {
                    (Some((f, _)), None) => (f, "postgres"),
                    (None, Some((f, _))) => (f, "sqlite"),
                    _ => unreachable!("a version exists because it has at least one file"),
                };
                return Err(format!(
                    "migration {version}: {present:?} has no {missing} counterpart \
                     (write {version:04}_{}.{missing}.sql, if only a comment, or make it shared)",
                    v.name
                ));
            }
        };
        out.push(Migration { version, name: v.name, file, sql });
    }
    Ok(out)
}

/// An arbitrary key for PostgreSQL's advisory lock, so that nodes starting together migrate one at a time.
const MIGRATION_LOCK: i64 = 0x0061_6d61_6e65;

impl Db {
    /// Applies every migration not yet applied; returns how many ran.
    #[tracing::instrument(skip(self))]
    pub async fn migrate(&self) -> Result<usize> {
        self.migrate_files(MIGRATION_FILES).await
    }

    /// [`Db::migrate`] over a given folder's files (tests give it files of their own).
    async fn migrate_files(&self, files: &[(&str, &str)]) -> Result<usize> {
        let list = plan(files, self.backend()).map_err(StoreError::Migrations)?;
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
        for m in list {
            if applied.contains(&m.version) {
                continue;
            }
            tracing::info!(version = m.version, name = m.name, file = m.file, "applying migration");
            tx.execute_script(m.sql).await?;
            tx.execute(
                q("INSERT INTO amane_migrations (version, name, applied_at) VALUES ($1, $2, $3)")
                    .bind(m.version)
                    .bind(m.name)
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing;

    /// What the code before the single folder recorded in `amane_migrations` (one list per backend, the
    /// same on both). A database it migrated must find every one of these applied, under these names.
    const RECORDED_BEFORE: &[(i64, &str)] = &[
        (1, "foundation"),
        (2, "question_banks"),
        (3, "establishments"),
        (4, "campaigns"),
        (5, "workshops"),
        (6, "registrations"),
        (7, "attendance"),
        (8, "checkin"),
        (9, "live"),
        (10, "live_nodes"),
    ];

    #[test]
    fn the_embedded_migrations_keep_their_versions_and_names() {
        for backend in [Backend::Sqlite, Backend::Postgres] {
            let list = migrations(backend).expect("a well-formed folder");
            let got: Vec<(i64, &str)> = list.iter().map(|m| (m.version, m.name)).collect();
            assert_eq!(&got[..RECORDED_BEFORE.len()], RECORDED_BEFORE, "{backend:?}");
        }
    }

    #[test]
    fn every_file_in_the_folder_is_embedded() {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("migrations");
        let mut on_disk = Vec::new();
        for entry in std::fs::read_dir(&dir).expect("the migrations folder") {
            let entry = entry.expect("a folder entry");
            let name = entry.file_name().into_string().expect("a UTF-8 file name");
            assert!(
                !entry.file_type().expect("a file type").is_dir(),
                "{name}/ in {}: migrations live in one folder; name a backend's file NNNN_name.sqlite.sql or \
                 NNNN_name.postgres.sql instead",
                dir.display()
            );
            if name.ends_with(".sql") {
                on_disk.push(name);
            }
        }
        on_disk.sort();
        let mut embedded: Vec<&str> = MIGRATION_FILES.iter().map(|(f, _)| *f).collect();
        embedded.sort();
        assert_eq!(embedded, on_disk, "MIGRATION_FILES in migrate.rs must list every file of {}", dir.display());
    }

    const PAIR: &[(&str, &str)] = &[
        ("0003_c.sql", "shared 3"),
        ("0002_b.postgres.sql", "postgres 2"),
        ("0001_a.sql", "shared 1"),
        ("0002_b.sqlite.sql", "sqlite 2"),
    ];

    #[test]
    fn each_backend_runs_its_own_file_of_a_pair_and_both_run_a_shared_one() {
        let run = |backend| -> Vec<(i64, &str, &str, &str)> {
            plan(PAIR, backend).expect("well formed").iter().map(|m| (m.version, m.name, m.file, m.sql)).collect()
        };
        assert_eq!(
            run(Backend::Sqlite),
            [
                (1, "a", "0001_a.sql", "shared 1"),
                (2, "b", "0002_b.sqlite.sql", "sqlite 2"),
                (3, "c", "0003_c.sql", "shared 3")
            ]
        );
        assert_eq!(
            run(Backend::Postgres),
            [
                (1, "a", "0001_a.sql", "shared 1"),
                (2, "b", "0002_b.postgres.sql", "postgres 2"),
                (3, "c", "0003_c.sql", "shared 3")
            ]
        );
    }

    #[test]
    fn a_folder_that_would_let_the_backends_drift_is_refused() {
        let refused = |files: &[(&str, &str)], says: &str| {
            for backend in [Backend::Sqlite, Backend::Postgres] {
                let e = plan(files, backend).expect_err(says);
                assert!(e.contains(says), "{files:?} on {backend:?}: {e}");
            }
        };
        refused(&[("0001_a.sqlite.sql", "")], "no postgres counterpart");
        refused(&[("0001_a.postgres.sql", "")], "no sqlite counterpart");
        refused(&[("0001_a.sql", ""), ("0001_a.sqlite.sql", "")], "cannot also have a file for one backend");
        refused(&[("0001_a.sqlite.sql", ""), ("0001_b.postgres.sql", "")], "two names");
        refused(&[("0001_a.sql", ""), ("01_a.sql", "")], "the same migration");
        refused(&[("0001_a.sql", ""), ("0003_c.sql", "")], "migration 2 is missing");
        refused(&[("0002_b.sql", "")], "migration 1 is missing");
        refused(&[("0001_a.mysql.sql", "")], "lowercase letters");
        refused(&[("0001_a.sql.txt", "")], "not a .sql file");
        refused(&[("foundation.sql", "")], "no '_'");
        refused(&[("v1_a.sql", "")], "not a number");
        refused(&[("0000_a.sql", "")], "start at 1");
    }

    /// The schema comparison of `tests/store.rs` notices a pair whose two files do not build the same table.
    #[tokio::test]
    async fn a_pair_that_builds_different_tables_shows_in_the_schema_comparison() {
        let Some(url) = testing::postgres_url() else { return };
        let (sqlite, postgres) = (testing::sqlite().await, testing::postgres(&url).await);
        let mut files = MIGRATION_FILES.to_vec();
        let next = migrations(Backend::Sqlite).expect("folder").last().map_or(0, |m| m.version) + 1;
        let (sqlite_file, postgres_file) =
            (format!("{next:04}_probe.sqlite.sql"), format!("{next:04}_probe.postgres.sql"));
        files.push((&sqlite_file, "CREATE TABLE probe (id TEXT PRIMARY KEY, at BIGINT NOT NULL, seen BOOLEAN);"));
        files.push((&postgres_file, "CREATE TABLE probe (id TEXT PRIMARY KEY, at TEXT NOT NULL, extra REAL);"));
        for t in [&sqlite, &postgres] {
            assert_eq!(t.db.migrate_files(&files).await.expect("migrate"), 1);
        }
        let (a, b) =
            (testing::columns(&sqlite.db).await.expect("sqlite"), testing::columns(&postgres.db).await.expect("pg"));
        assert_eq!(
            testing::column_differences(("SQLite", &a), ("PostgreSQL", &b)),
            [
                "probe.at: Integer NOT NULL on SQLite, Text NOT NULL on PostgreSQL",
                "probe.seen: only on SQLite (Boolean)",
                "probe.extra: only on PostgreSQL (Real)",
            ]
        );
    }

    /// The real folder plus a next version written per backend: each backend runs its own file and records
    /// the pair's one name.
    #[tokio::test]
    async fn the_runner_applies_a_backends_own_file() {
        let mut files = MIGRATION_FILES.to_vec();
        let next = migrations(Backend::Sqlite).expect("folder").last().map_or(0, |m| m.version) + 1;
        let sqlite_file = format!("{next:04}_probe.sqlite.sql");
        let postgres_file = format!("{next:04}_probe.postgres.sql");
        files.push((&sqlite_file, "CREATE TABLE probe (ran_on TEXT NOT NULL); INSERT INTO probe VALUES ('sqlite');"));
        files.push((
            &postgres_file,
            "CREATE TABLE probe (ran_on TEXT NOT NULL); INSERT INTO probe VALUES ('postgres');",
        ));
        for t in testing::all().await {
            let backend = t.db.backend();
            assert_eq!(t.db.migrate_files(&files).await.expect("migrate"), 1, "{backend:?}");
            assert_eq!(t.db.migrate_files(&files).await.expect("again"), 0, "{backend:?}");
            let ran_on: String =
                t.db.fetch_one(q("SELECT ran_on FROM probe")).await.expect("probe").get("ran_on").expect("text");
            let expected = match backend {
                Backend::Sqlite => "sqlite",
                Backend::Postgres => "postgres",
            };
            assert_eq!(ran_on, expected);
            let row = t.db.fetch_one(q("SELECT name FROM amane_migrations WHERE version = $1").bind(next)).await;
            assert_eq!(row.expect("recorded").get::<String>("name").expect("name"), "probe", "{backend:?}");
            assert_eq!(t.db.schema_version().await.expect("version"), next, "{backend:?}");
        }
    }

    /// Version 21 keeps each participant's answers of a phase as bits beside the score: a database made before
    /// it gets them from the answers it holds, on both backends.
    #[tokio::test]
    async fn scores_of_answers_made_before_get_their_bits() {
        let before: Vec<(&str, &str)> =
            MIGRATION_FILES.iter().copied().filter(|(file, _)| file[..4] < *"0021").collect();
        for t in testing::unmigrated().await {
            let db = &t.db;
            db.migrate_files(&before).await.expect("migrate to 20");
            assert_eq!(db.schema_version().await.expect("version"), 20);
            let mut tx = db.begin().await.expect("begin");
            tx.execute_script(
                "INSERT INTO campaigns (id, title_fr, starts_on, ends_on, time_zone, partners, target_children,
                   target_staff, target_parents, target_workshops, target_establishments, retention_days, status,
                   created_at, updated_at)
                 VALUES ('c', 'C', '2026-02-01', '2026-02-28', 'Africa/Casablanca', '[]', 0, 0, 0, 0, 0, 365, 'open',
                   0, 0);
                 INSERT INTO assessments (id, campaign_id, title, module_id, audience, questions, n_questions, created_at)
                 VALUES ('t', 'c', 'T', 'phishing', '8-11', '[]', 12, 0);
                 INSERT INTO assessment_participants (assessment_id, code, source, created_at)
                 VALUES ('t', 'P1', 'paper', 0), ('t', 'P2', 'phone', 0);
                 INSERT INTO assessment_answers (assessment_id, participant, phase, position, correct, choice,
                   recorded_at)
                 VALUES ('t', 'P1', 'pre', 1, 0, NULL, 5), ('t', 'P1', 'pre', 2, 1, NULL, 5),
                        ('t', 'P1', 'pre', 12, 1, NULL, 5), ('t', 'P1', 'post', 3, 1, NULL, 8),
                        ('t', 'P2', 'pre', 1, 1, 3, 6);
                 INSERT INTO assessment_scores (assessment_id, participant, phase, score, answered)
                 VALUES ('t', 'P1', 'pre', 2, 3), ('t', 'P1', 'post', 1, 1), ('t', 'P2', 'pre', 1, 1);",
            )
            .await
            .expect("answers made before version 21");
            tx.commit().await.expect("commit");
            let last = migrations(db.backend()).expect("folder").last().map_or(0, |m| m.version);
            assert_eq!(db.migrate().await.expect("migrate") as i64, last - 20);
            let bits: Vec<(String, String, i64, i64)> = db
                .fetch_all(q("SELECT participant, phase, answered_bits, right_bits FROM assessment_scores
                              ORDER BY participant, phase"))
                .await
                .expect("scores")
                .iter()
                .map(|r| {
                    let text = |c: &str| r.get::<String>(c).expect("text");
                    (
                        text("participant"),
                        text("phase"),
                        r.get("answered_bits").expect("a"),
                        r.get("right_bits").expect("r"),
                    )
                })
                .collect();
            let row = |p: &str, phase: &str, a: i64, r: i64| (p.to_owned(), phase.to_owned(), a, r);
            assert_eq!(
                bits,
                [
                    row("P1", "post", 0b100, 0b100),
                    row("P1", "pre", 0b1000_0000_0011, 0b1000_0000_0010),
                    row("P2", "pre", 1, 1)
                ],
                "{:?}",
                db.backend()
            );
        }
    }
}
