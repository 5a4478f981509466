//! A thin layer that runs one query text on either backend.
//!
//! sqlx's `Any` driver loses booleans and precise types, so instead a [`Query`] carries its arguments as a
//! small enum and is bound to the concrete driver at the last moment.

use crate::error::{Result, StoreError};
use sqlx::postgres::{PgConnectOptions, PgPoolOptions, PgRow};
use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePoolOptions, SqliteRow, SqliteSynchronous};
use sqlx::{Decode, PgPool, Postgres, Row as _, Sqlite, SqlitePool, Type};
use std::path::{Path, PathBuf};
use std::str::FromStr;
use std::time::Duration;

/// Which database a [`Db`] talks to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

/// A database location, checked before anything is created.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DbUrl {
    Sqlite(PathBuf),
    Postgres(String),
}

impl DbUrl {
    /// Reads `sqlite:PATH`, `sqlite://PATH` or `postgres://…` / `postgresql://…`.
    pub fn parse(raw: &str) -> std::result::Result<DbUrl, String> {
        let raw = raw.trim();
        if let Some(rest) = raw.strip_prefix("sqlite://").or_else(|| raw.strip_prefix("sqlite:")) {
            let path = rest.split('?').next().unwrap_or("");
            if path.is_empty() {
                return Err("a sqlite URL needs a file path, e.g. sqlite:///var/lib/amane/amane.db".into());
            }
            return Ok(DbUrl::Sqlite(PathBuf::from(path)));
        }
        if raw.starts_with("postgres://") || raw.starts_with("postgresql://") {
            let parsed = url::Url::parse(raw).map_err(|e| format!("malformed PostgreSQL URL: {e}"))?;
            if parsed.host_str().is_none_or(str::is_empty) && !raw.contains("host=") {
                return Err("a PostgreSQL URL needs a host, e.g. postgres://amane@127.0.0.1:5432/amane".into());
            }
            PgConnectOptions::from_str(raw).map_err(|e| format!("malformed PostgreSQL URL: {e}"))?;
            return Ok(DbUrl::Postgres(raw.to_owned()));
        }
        Err("the database URL must start with sqlite: or postgres://".into())
    }

    pub fn sqlite_in(data_dir: &Path) -> DbUrl {
        DbUrl::Sqlite(data_dir.join("amane.db"))
    }

    /// The URL with any password hidden, for logs.
    pub fn redacted(&self) -> String {
        match self {
            DbUrl::Sqlite(p) => format!("sqlite:{}", p.display()),
            DbUrl::Postgres(u) => match url::Url::parse(u) {
                Ok(mut url) => {
                    if url.password().is_some() {
                        let _ = url.set_password(Some("***"));
                    }
                    url.to_string()
                }
                Err(_) => "postgres://(unparsable)".into(),
            },
        }
    }
}

#[derive(Clone, Debug)]
enum Pool {
    Sqlite(SqlitePool),
    Postgres(PgPool),
}

/// A connection pool to either backend. Cheap to clone.
#[derive(Clone, Debug)]
pub struct Db {
    pool: Pool,
}

/// One argument of a query.
#[derive(Debug, Clone, PartialEq)]
pub enum Arg {
    Int(i64),
    OptInt(Option<i64>),
    Float(f64),
    Text(String),
    OptText(Option<String>),
    Bool(bool),
}

impl From<i64> for Arg {
    fn from(v: i64) -> Self {
        Arg::Int(v)
    }
}
impl From<Option<i64>> for Arg {
    fn from(v: Option<i64>) -> Self {
        Arg::OptInt(v)
    }
}
impl From<f64> for Arg {
    fn from(v: f64) -> Self {
        Arg::Float(v)
    }
}
impl From<bool> for Arg {
    fn from(v: bool) -> Self {
        Arg::Bool(v)
    }
}
impl From<String> for Arg {
    fn from(v: String) -> Self {
        Arg::Text(v)
    }
}
impl From<&str> for Arg {
    fn from(v: &str) -> Self {
        Arg::Text(v.to_owned())
    }
}
impl From<&String> for Arg {
    fn from(v: &String) -> Self {
        Arg::Text(v.clone())
    }
}
impl From<Option<String>> for Arg {
    fn from(v: Option<String>) -> Self {
        Arg::OptText(v)
    }
}
impl From<Option<&str>> for Arg {
    fn from(v: Option<&str>) -> Self {
        Arg::OptText(v.map(str::to_owned))
    }
}

/// A query text in the shared dialect and its arguments.
#[derive(Debug, Clone)]
pub struct Query {
    sql: std::borrow::Cow<'static, str>,
    args: Vec<Arg>,
}

/// Starts a query; chain [`Query::bind`] for `$1`, `$2`, …
/// A `LIKE` pattern that finds `text` anywhere, literally: `%`, `_` and `\` in the text match only themselves.
pub fn like_pattern(text: &str) -> String {
    let mut p = String::from("%");
    for c in text.to_lowercase().chars() {
        if matches!(c, '%' | '_' | '\\') {
            p.push('\\');
        }
        p.push(c);
    }
    p.push('%');
    p
}

pub fn q(sql: &'static str) -> Query {
    Query { sql: sql.into(), args: Vec::new() }
}

/// A query whose text the store generates (a multi-row `VALUES` list repeated from a fixed template, for bulk
/// writes); never text that comes from outside the store.
pub(crate) fn q_generated(sql: String) -> Query {
    Query { sql: sql.into(), args: Vec::new() }
}

/// Binds each argument to a query of either driver: the same code, typed for the driver at the last moment.
macro_rules! bind_args {
    ($query:expr, $args:expr) => {{
        let mut query = $query;
        for a in $args {
            query = match a {
                Arg::Int(v) => query.bind(*v),
                Arg::OptInt(v) => query.bind(*v),
                Arg::Float(v) => query.bind(*v),
                Arg::Text(v) => query.bind(v.as_str()),
                Arg::OptText(v) => query.bind(v.as_deref()),
                Arg::Bool(v) => query.bind(*v),
            };
        }
        query
    }};
}

impl Query {
    pub fn bind(mut self, arg: impl Into<Arg>) -> Self {
        self.args.push(arg.into());
        self
    }

    fn sqlite(&self) -> sqlx::query::Query<'_, Sqlite, sqlx::sqlite::SqliteArguments<'_>> {
        bind_args!(sqlx::query(&self.sql), &self.args)
    }

    fn postgres(&self) -> sqlx::query::Query<'_, Postgres, sqlx::postgres::PgArguments> {
        bind_args!(sqlx::query(&self.sql), &self.args)
    }
}

/// A result row from either backend.
pub enum Row {
    Sqlite(SqliteRow),
    Postgres(PgRow),
}

impl Row {
    /// Reads a column by name; the type must decode on both backends (i64, f64, bool, String, Option<…>).
    pub fn get<T>(&self, col: &str) -> Result<T>
    where
        T: for<'r> Decode<'r, Sqlite> + Type<Sqlite> + for<'r> Decode<'r, Postgres> + Type<Postgres>,
    {
        let r = match self {
            Row::Sqlite(r) => r.try_get::<T, _>(col),
            Row::Postgres(r) => r.try_get::<T, _>(col),
        };
        r.map_err(|e| StoreError::Corrupt(format!("column {col}: {e}")))
    }
}

enum Exec<'a> {
    Sqlite(&'a mut sqlx::SqliteConnection),
    Postgres(&'a mut sqlx::PgConnection),
}

impl Exec<'_> {
    async fn execute(self, query: &Query) -> Result<u64> {
        Ok(match self {
            Exec::Sqlite(c) => query.sqlite().execute(c).await?.rows_affected(),
            Exec::Postgres(c) => query.postgres().execute(c).await?.rows_affected(),
        })
    }

    async fn fetch_all(self, query: &Query) -> Result<Vec<Row>> {
        Ok(match self {
            Exec::Sqlite(c) => query.sqlite().fetch_all(c).await?.into_iter().map(Row::Sqlite).collect(),
            Exec::Postgres(c) => query.postgres().fetch_all(c).await?.into_iter().map(Row::Postgres).collect(),
        })
    }

    async fn fetch_optional(self, query: &Query) -> Result<Option<Row>> {
        Ok(match self {
            Exec::Sqlite(c) => query.sqlite().fetch_optional(c).await?.map(Row::Sqlite),
            Exec::Postgres(c) => query.postgres().fetch_optional(c).await?.map(Row::Postgres),
        })
    }
}

/// The methods shared by a pool and a transaction.
macro_rules! query_methods {
    () => {
        /// Runs a statement; returns the number of rows it changed.
        pub async fn execute(&mut self, query: Query) -> Result<u64> {
            self.exec().execute(&query).await
        }

        pub async fn fetch_all(&mut self, query: Query) -> Result<Vec<Row>> {
            self.exec().fetch_all(&query).await
        }

        pub async fn fetch_optional(&mut self, query: Query) -> Result<Option<Row>> {
            self.exec().fetch_optional(&query).await
        }

        pub async fn fetch_one(&mut self, query: Query) -> Result<Row> {
            self.fetch_optional(query).await?.ok_or(StoreError::NotFound)
        }
    };
}

/// A connection taken from the pool for a few queries.
pub struct Conn {
    inner: ConnInner,
}

enum ConnInner {
    Sqlite(sqlx::pool::PoolConnection<Sqlite>),
    Postgres(sqlx::pool::PoolConnection<Postgres>),
}

impl Conn {
    fn exec(&mut self) -> Exec<'_> {
        match &mut self.inner {
            ConnInner::Sqlite(c) => Exec::Sqlite(c),
            ConnInner::Postgres(c) => Exec::Postgres(c),
        }
    }
    query_methods!();
}

/// A transaction: every write in it lands, or none does.
pub struct Tx {
    inner: TxInner,
}

enum TxInner {
    Sqlite(sqlx::Transaction<'static, Sqlite>),
    Postgres(sqlx::Transaction<'static, Postgres>),
}

impl Tx {
    fn exec(&mut self) -> Exec<'_> {
        match &mut self.inner {
            TxInner::Sqlite(t) => Exec::Sqlite(t),
            TxInner::Postgres(t) => Exec::Postgres(t),
        }
    }
    query_methods!();

    pub fn backend(&self) -> Backend {
        match self.inner {
            TxInner::Sqlite(_) => Backend::Sqlite,
            TxInner::Postgres(_) => Backend::Postgres,
        }
    }

    /// Streams rows in PostgreSQL's `COPY … FROM STDIN` text format into a table (bulk writes); `None` on SQLite,
    /// which has no such statement.
    pub(crate) async fn copy_in(&mut self, statement: &str, data: &[u8]) -> Result<Option<u64>> {
        let TxInner::Postgres(t) = &mut self.inner else { return Ok(None) };
        let mut copy = t.copy_in_raw(statement).await?;
        if let Err(e) = copy.send(data).await {
            let _ = copy.abort(e.to_string()).await;
            return Err(e.into());
        }
        Ok(Some(copy.finish().await?))
    }

    /// Runs a script of several statements (migrations).
    pub async fn execute_script(&mut self, sql: &str) -> Result<()> {
        match &mut self.inner {
            TxInner::Sqlite(t) => {
                sqlx::raw_sql(sql).execute(&mut **t).await?;
            }
            TxInner::Postgres(t) => {
                sqlx::raw_sql(sql).execute(&mut **t).await?;
            }
        }
        Ok(())
    }

    pub async fn commit(self) -> Result<()> {
        match self.inner {
            TxInner::Sqlite(t) => t.commit().await?,
            TxInner::Postgres(t) => t.commit().await?,
        }
        Ok(())
    }
}

impl Db {
    /// Opens the database: creates the SQLite file (WAL, foreign keys, busy timeout) or connects to
    /// PostgreSQL, failing within a few seconds if it does not answer.
    pub async fn connect(url: &DbUrl) -> Result<Db> {
        match url {
            DbUrl::Sqlite(path) => {
                let opts = SqliteConnectOptions::new()
                    .filename(path)
                    .create_if_missing(true)
                    .journal_mode(SqliteJournalMode::Wal)
                    .synchronous(SqliteSynchronous::Normal)
                    .foreign_keys(true)
                    .busy_timeout(Duration::from_secs(10))
                    // Read the file through memory mapping (the operating system's cache, shared by every
                    // connection) instead of a system call per page, and keep 8 MB of pages per connection: a
                    // national report reads tens of thousands of rows, and copying pages in one call at a time
                    // was most of its time. Address space only on 64-bit machines; nothing is allocated.
                    .pragma("mmap_size", if cfg!(target_pointer_width = "64") { "1073741824" } else { "0" })
                    .pragma("cache_size", "-8000");
                let pool = SqlitePoolOptions::new()
                    .max_connections(8)
                    .acquire_timeout(Duration::from_secs(10))
                    .connect_with(opts)
                    .await?;
                Ok(Db { pool: Pool::Sqlite(pool) })
            }
            DbUrl::Postgres(raw) => {
                let opts = PgConnectOptions::from_str(raw).map_err(|e| StoreError::Unavailable(e.to_string()))?;
                Self::connect_postgres(opts).await
            }
        }
    }

    pub async fn connect_postgres(opts: PgConnectOptions) -> Result<Db> {
        let pool =
            PgPoolOptions::new().max_connections(16).acquire_timeout(Duration::from_secs(5)).connect_with(opts).await?;
        Ok(Db { pool: Pool::Postgres(pool) })
    }

    pub fn backend(&self) -> Backend {
        match self.pool {
            Pool::Sqlite(_) => Backend::Sqlite,
            Pool::Postgres(_) => Backend::Postgres,
        }
    }

    pub async fn acquire(&self) -> Result<Conn> {
        Ok(Conn {
            inner: match &self.pool {
                Pool::Sqlite(p) => ConnInner::Sqlite(p.acquire().await?),
                Pool::Postgres(p) => ConnInner::Postgres(p.acquire().await?),
            },
        })
    }

    /// Begins a write transaction. On SQLite it takes the write lock at once (`BEGIN IMMEDIATE`), so two
    /// writers queue on the busy timeout instead of failing when one upgrades from reading to writing.
    pub async fn begin(&self) -> Result<Tx> {
        Ok(Tx {
            inner: match &self.pool {
                Pool::Sqlite(p) => TxInner::Sqlite(p.begin_with("BEGIN IMMEDIATE").await?),
                Pool::Postgres(p) => TxInner::Postgres(p.begin().await?),
            },
        })
    }

    /// Runs one statement on a pooled connection.
    pub async fn execute(&self, query: Query) -> Result<u64> {
        self.acquire().await?.execute(query).await
    }

    pub async fn fetch_all(&self, query: Query) -> Result<Vec<Row>> {
        self.acquire().await?.fetch_all(query).await
    }

    pub async fn fetch_optional(&self, query: Query) -> Result<Option<Row>> {
        self.acquire().await?.fetch_optional(query).await
    }

    pub async fn fetch_one(&self, query: Query) -> Result<Row> {
        self.acquire().await?.fetch_one(query).await
    }

    /// Answers whether the database responds now (for `/healthz`).
    pub async fn ping(&self) -> Result<()> {
        self.fetch_one(q("SELECT 1 AS one")).await?.get::<i32>("one")?;
        Ok(())
    }

    /// Waits for queries in flight and closes every connection (SQLite checkpoints its WAL here).
    pub async fn close(&self) {
        match &self.pool {
            Pool::Sqlite(p) => p.close().await,
            Pool::Postgres(p) => p.close().await,
        }
    }

    /// Sends `payload` to every listener of `channel` (PostgreSQL NOTIFY); `None` on SQLite, which has no
    /// other node to tell.
    pub async fn notify(&self, channel: &str, payload: &str) -> Result<Option<()>> {
        let Pool::Postgres(p) = &self.pool else { return Ok(None) };
        sqlx::query("SELECT pg_notify($1, $2)").bind(channel).bind(payload).execute(p).await?;
        Ok(Some(()))
    }

    /// Listens on `channel` (PostgreSQL LISTEN) on a connection of its own; `None` on SQLite.
    pub async fn listen(&self, channel: &str) -> Result<Option<Listener>> {
        let Pool::Postgres(p) = &self.pool else { return Ok(None) };
        let mut l = sqlx::postgres::PgListener::connect_with(p).await?;
        l.listen(channel).await?;
        Ok(Some(Listener(l)))
    }

    /// The schema queries run in (PostgreSQL), so that tests sharing a database use channels of their own.
    pub async fn schema_name(&self) -> Result<String> {
        match &self.pool {
            Pool::Postgres(_) => self.fetch_one(q("SELECT current_schema() AS s")).await?.get("s"),
            Pool::Sqlite(_) => Ok("main".into()),
        }
    }

    /// Whether several amane nodes may share this database (PostgreSQL), so that live games need the bus between
    /// nodes; SQLite belongs to one process.
    pub fn is_shared(&self) -> bool {
        self.postgres_pool().is_some()
    }

    /// The PostgreSQL pool, for backend-specific features (LISTEN/NOTIFY).
    pub fn postgres_pool(&self) -> Option<&PgPool> {
        match &self.pool {
            Pool::Postgres(p) => Some(p),
            Pool::Sqlite(_) => None,
        }
    }
}

/// Notifications received on a PostgreSQL channel.
pub struct Listener(sqlx::postgres::PgListener);

impl Listener {
    /// The next payload; after a lost connection the listener reconnects (notifications sent meanwhile are lost).
    pub async fn recv(&mut self) -> Result<String> {
        Ok(self.0.recv().await?.payload().to_owned())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn urls_parse() {
        assert_eq!(DbUrl::parse("sqlite:/tmp/a.db"), Ok(DbUrl::Sqlite("/tmp/a.db".into())));
        assert_eq!(DbUrl::parse("sqlite:///tmp/a.db"), Ok(DbUrl::Sqlite("/tmp/a.db".into())));
        assert!(matches!(DbUrl::parse("postgres://u@127.0.0.1:5432/test"), Ok(DbUrl::Postgres(_))));
        assert!(DbUrl::parse("mysql://x").is_err());
        assert!(DbUrl::parse("postgres://").is_err());
        assert!(DbUrl::parse("postgres://host:notaport/db").is_err());
        assert!(DbUrl::parse("sqlite:").is_err());
    }

    #[test]
    fn redaction_hides_password() {
        let u = DbUrl::parse("postgres://amane:secret@db.example:5432/amane").expect("valid");
        assert!(!u.redacted().contains("secret"));
    }
}
