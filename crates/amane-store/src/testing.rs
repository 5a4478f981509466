//! Databases for tests: every test gets its own, so tests run in parallel.
//!
//! SQLite always (a temporary file); PostgreSQL too when `AMANE_TEST_DATABASE_URL` is set, each test in a
//! fresh schema that is dropped afterwards. With `CI=true` a missing PostgreSQL is a failure, not a skip.

use crate::db::{Backend, Db, DbUrl, q};
use sqlx::postgres::PgConnectOptions;
use std::str::FromStr;

/// A migrated database for one test.
pub struct TestDb {
    pub db: Db,
    /// A URL that reaches this same database (for spawning the binary against it).
    pub url: String,
    /// Keeps the SQLite file's directory alive as long as the test holds the database.
    _dir: Option<tempfile::TempDir>,
}

/// Schemas are named `t_<unix seconds>_<random>`; those older than this are swept when a test starts.
/// (Dropping a schema from `Drop` would block on the test's own open transactions.)
const STALE_SCHEMA_SECS: u64 = 2 * 60 * 60;

fn unix_secs() -> u64 {
    std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map(|d| d.as_secs()).unwrap_or(0)
}

async fn sweep_stale_schemas(admin: &Db) {
    static SWEPT: std::sync::atomic::AtomicBool = std::sync::atomic::AtomicBool::new(false);
    if SWEPT.swap(true, std::sync::atomic::Ordering::SeqCst) {
        return;
    }
    let Some(pool) = admin.postgres_pool() else {
        return;
    };
    let names: Vec<(String,)> = sqlx::query_as("SELECT nspname FROM pg_namespace WHERE nspname LIKE 't\\_%'")
        .fetch_all(pool)
        .await
        .unwrap_or_default();
    let cutoff = unix_secs().saturating_sub(STALE_SCHEMA_SECS);
    for (name,) in names {
        let created = name.split('_').nth(1).and_then(|s| s.parse::<u64>().ok());
        if created.is_some_and(|c| c < cutoff) {
            let _ = sqlx::raw_sql(&format!("DROP SCHEMA IF EXISTS {name} CASCADE")).execute(pool).await;
        }
    }
}

/// The PostgreSQL URL for tests, if configured. Panics under CI when it is missing, because a skipped
/// backend there would let a PostgreSQL-only bug land.
pub fn postgres_url() -> Option<String> {
    match std::env::var("AMANE_TEST_DATABASE_URL") {
        Ok(u) if !u.trim().is_empty() => Some(u),
        _ => {
            if std::env::var("CI").is_ok_and(|v| v == "true" || v == "1") {
                panic!("CI=true but AMANE_TEST_DATABASE_URL is not set: the PostgreSQL tests cannot run");
            }
            eprintln!("skipping PostgreSQL: AMANE_TEST_DATABASE_URL is not set (SQLite still runs)");
            None
        }
    }
}

pub async fn sqlite() -> TestDb {
    let t = empty_sqlite().await;
    t.db.migrate().await.expect("migrate sqlite");
    t
}

/// A new SQLite file with no table yet (tests of a migration start from the versions before it).
async fn empty_sqlite() -> TestDb {
    let dir = tempfile::tempdir().expect("temporary directory");
    let path = dir.path().join("amane.db");
    let db = Db::connect(&DbUrl::Sqlite(path.clone())).await.expect("open sqlite");
    TestDb { db, url: format!("sqlite:{}", path.display()), _dir: Some(dir) }
}

/// A fresh, migrated schema in the test PostgreSQL database.
pub async fn postgres(admin_url: &str) -> TestDb {
    let t = empty_postgres(admin_url).await;
    t.db.migrate().await.expect("migrate postgres");
    t
}

/// One database per backend available, with no table yet.
pub async fn unmigrated() -> Vec<TestDb> {
    let mut v = vec![empty_sqlite().await];
    if let Some(url) = postgres_url() {
        v.push(empty_postgres(&url).await);
    }
    v
}

/// A new, empty schema in the test PostgreSQL database.
async fn empty_postgres(admin_url: &str) -> TestDb {
    let schema = format!("t_{}_{}", unix_secs(), uuid::Uuid::new_v4().simple());
    let admin = Db::connect_postgres(PgConnectOptions::from_str(admin_url).expect("valid AMANE_TEST_DATABASE_URL"))
        .await
        .unwrap_or_else(|e| panic!("PostgreSQL at AMANE_TEST_DATABASE_URL does not answer: {e}"));
    sweep_stale_schemas(&admin).await;
    let pool = admin.postgres_pool().expect("postgres pool");
    sqlx::raw_sql(&format!("CREATE SCHEMA {schema}")).execute(pool).await.expect("create schema");
    admin.close().await;
    let url = with_search_path(admin_url, &schema);
    let db = Db::connect(&DbUrl::Postgres(url.clone())).await.expect("connect to test schema");
    TestDb { db, url, _dir: None }
}

/// Adds `options=-c search_path=SCHEMA` to a PostgreSQL URL, so every connection lands in that schema.
pub fn with_search_path(url: &str, schema: &str) -> String {
    let sep = if url.contains('?') { '&' } else { '?' };
    format!("{url}{sep}options=-c%20search_path%3D{schema}")
}

/// One database per backend available: SQLite always, PostgreSQL when configured.
pub async fn all() -> Vec<TestDb> {
    let mut v = vec![sqlite().await];
    if let Some(url) = postgres_url() {
        v.push(postgres(&url).await);
    }
    v
}

/// A facilitator account with a unique e-mail, for tests that need someone to own things; returns its id.
pub async fn facilitator(db: &Db) -> amane_domain::UserId {
    let id = amane_domain::UserId::new();
    db.execute(
        crate::db::q(
            "INSERT INTO users (id, email, display_name, password_hash, role, created_at, updated_at)
             VALUES ($1, $2, 'Host', 'x', 'facilitator', 0, 0)",
        )
        .bind(id.to_string())
        .bind(format!("{id}@example.org")),
    )
    .await
    .expect("a test facilitator");
    id
}

/// A column as both backends can describe it: its table, name, type class and whether it refuses NULL.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Column {
    pub table: String,
    pub column: String,
    pub class: TypeClass,
    pub not_null: bool,
}

/// A column's type reduced to what the store's code relies on (D1b: `TEXT`, `BIGINT`, `BOOLEAN`; and
/// `REAL`/`DOUBLE PRECISION` should a measure need it). SQLite keeps the declared name; PostgreSQL names
/// its own types, so both go through [`TypeClass::of`].
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub enum TypeClass {
    Text,
    Integer,
    Real,
    Boolean,
    /// A type outside the four: a schema test refuses it, since the store's `Row` may not decode it alike.
    Other(String),
}

impl TypeClass {
    /// Classifies a declared (SQLite) or reported (PostgreSQL `information_schema`) type name.
    pub fn of(declared: &str) -> TypeClass {
        let upper = declared.trim().to_ascii_uppercase();
        // `VARCHAR(40)` is a `VARCHAR`.
        let base = upper.split('(').next().unwrap_or_default().trim();
        match base {
            "TEXT" | "VARCHAR" | "CHARACTER VARYING" | "CHAR" | "CHARACTER" | "CLOB" => TypeClass::Text,
            "INTEGER" | "INT" | "BIGINT" | "SMALLINT" | "INT2" | "INT4" | "INT8" => TypeClass::Integer,
            "REAL" | "DOUBLE PRECISION" | "DOUBLE" | "FLOAT" | "FLOAT4" | "FLOAT8" => TypeClass::Real,
            "BOOLEAN" | "BOOL" => TypeClass::Boolean,
            _ => TypeClass::Other(declared.trim().to_owned()),
        }
    }
}

/// Every column of every table in the database (in PostgreSQL, in the connection's schema), sorted.
pub async fn columns(db: &Db) -> crate::error::Result<Vec<Column>> {
    let sql = match db.backend() {
        // A non-INTEGER primary key in SQLite takes NULL unless declared NOT NULL; PostgreSQL never lets it.
        // The code never writes one, so a key column counts as NOT NULL on both.
        Backend::Sqlite => {
            r#"SELECT m.name AS table_name, p.name AS column_name, p.type AS data_type,
                      (p."notnull" <> 0 OR p.pk > 0) AS not_null
               FROM sqlite_master m, pragma_table_info(m.name) p
               WHERE m.type = 'table' AND m.name NOT LIKE 'sqlite\_%' ESCAPE '\'"#
        }
        Backend::Postgres => {
            "SELECT c.table_name::text AS table_name, c.column_name::text AS column_name,
                    c.data_type::text AS data_type, (c.is_nullable = 'NO') AS not_null
             FROM information_schema.columns c
             JOIN information_schema.tables t ON t.table_schema = c.table_schema AND t.table_name = c.table_name
             WHERE c.table_schema = current_schema() AND t.table_type = 'BASE TABLE'"
        }
    };
    let mut out = Vec::new();
    for row in db.fetch_all(q(sql)).await? {
        out.push(Column {
            table: row.get("table_name")?,
            column: row.get("column_name")?,
            class: TypeClass::of(&row.get::<String>("data_type")?),
            not_null: row.get("not_null")?,
        });
    }
    out.sort();
    Ok(out)
}

/// What differs between two databases' [`columns`]: one line per column missing on a side or described
/// differently, empty when they agree.
pub fn column_differences(a: (&str, &[Column]), b: (&str, &[Column])) -> Vec<String> {
    use std::collections::BTreeMap;
    let index = |cols: &[Column]| -> BTreeMap<(String, String), (TypeClass, bool)> {
        cols.iter().map(|c| ((c.table.clone(), c.column.clone()), (c.class.clone(), c.not_null))).collect()
    };
    let describe =
        |(class, not_null): &(TypeClass, bool)| format!("{class:?}{}", if *not_null { " NOT NULL" } else { "" });
    let (ia, ib) = (index(a.1), index(b.1));
    let mut out = Vec::new();
    for (key, da) in &ia {
        match ib.get(key) {
            None => out.push(format!("{}.{}: only on {} ({})", key.0, key.1, a.0, describe(da))),
            Some(d) if d != da => {
                out.push(format!("{}.{}: {} on {}, {} on {}", key.0, key.1, describe(da), a.0, describe(d), b.0))
            }
            Some(_) => {}
        }
    }
    for (key, d) in &ib {
        if !ia.contains_key(key) {
            out.push(format!("{}.{}: only on {} ({})", key.0, key.1, b.0, describe(d)));
        }
    }
    out
}
