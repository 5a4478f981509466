//! The commands of `amane`, one file each, and what they share: the database and settings options, reading the
//! configuration, opening and migrating the database, and turning a service's refusal into a message.

pub mod admin_access;
pub mod admin_assign_establishment;
pub mod admin_create_user;
pub mod admin_token;
pub mod backup;
pub mod content_check;
pub mod demo;
pub mod export_establishments;
pub mod export_questions;
pub mod import_establishments;
pub mod import_questions;
pub mod import_regions;
pub mod import_test_results;
pub mod migrate;
pub mod purge;
pub mod serve;

use crate::config::{self, ConfigError, Overrides, Settings};
use amane_domain::Lang;
use amane_i18n::{Arg, Tr};
use amane_store::{Db, DbUrl};
use clap::Args;
use std::io::{BufRead, IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::time::Duration;
use tracing_subscriber::EnvFilter;

/// A failure to report to the person at the terminal, with the exit code (2: fix the input; 1: runtime).
pub struct Failure {
    pub code: u8,
    pub message: String,
}

impl Failure {
    pub fn usage(message: String) -> Self {
        Failure { code: 2, message }
    }
    pub fn runtime(message: String) -> Self {
        Failure { code: 1, message }
    }
}

#[derive(Args, Debug, Clone, Default)]
pub struct DbArgs {
    /// Directory for the SQLite database and other files [default: ./amane-data].
    #[arg(long)]
    pub data_dir: Option<PathBuf>,
    /// sqlite:PATH or postgres://… [default: SQLite inside the data directory].
    #[arg(long)]
    pub database_url: Option<String>,
    /// A TOML configuration file [default: ./amane.toml if present].
    #[arg(long, env = "AMANE_CONFIG")]
    pub config: Option<PathBuf>,
    /// A curriculum folder that replaces the built-in one.
    #[arg(long)]
    pub content_dir: Option<PathBuf>,
}

pub fn parse_lang(tr: Tr, raw: &str) -> Result<Lang, Failure> {
    raw.parse::<Lang>().map_err(|_| {
        Failure::usage(tr.plain(
            "cli-err-invalid-field",
            &[("field", Arg::Str("--bank-lang")), ("message", Arg::Str(&tr.plain("field_lang_unknown", &[])))],
        ))
    })
}

pub fn db_overrides(db: &DbArgs) -> Overrides {
    Overrides {
        data_dir: db.data_dir.clone(),
        database_url: db.database_url.clone(),
        content_dir: db.content_dir.clone(),
        ..Default::default()
    }
}

pub fn settings(tr: Tr, db: &DbArgs, overrides: Overrides) -> Result<Settings, Failure> {
    config::load(db.config.as_deref(), &overrides).map_err(|e| match e {
        ConfigError::MissingFile(p) => {
            Failure::usage(tr.plain("cli-err-config-file", &[("path", Arg::Str(&p.display().to_string()))]))
        }
        ConfigError::Invalid(reason) => Failure::usage(tr.plain("cli-err-config", &[("reason", Arg::Str(&reason))])),
    })
}

pub fn read_password(tr: Tr) -> Result<String, Failure> {
    let stdin = std::io::stdin();
    if stdin.is_terminal() {
        eprint!("{} ", tr.plain("cli-password-prompt", &[]));
        let _ = std::io::stderr().flush();
    }
    let mut line = String::new();
    stdin
        .lock()
        .read_line(&mut line)
        .map_err(|e| Failure::usage(tr.plain("cli-err-stdin", &[("reason", Arg::Str(&e.to_string()))])))?;
    Ok(line.trim_end_matches(['\n', '\r']).to_owned())
}

/// Turns a service error into lines a person can act on, in their language.
pub fn explain(tr: Tr, e: amane_app::Error, email: &str) -> Failure {
    use amane_app::{Error, ErrorCode};
    match e {
        Error::Validation(v) => {
            let lines: Vec<String> = v
                .0
                .iter()
                .map(|f| {
                    let message = tr.plain(&format!("field_{}", f.code), &[]);
                    let message = match f.line {
                        Some(line) => tr.plain(
                            "field-at-line",
                            &[("line", Arg::Num(line as i64)), ("message", Arg::Str(&message))],
                        ),
                        None => message,
                    };
                    tr.plain("cli-err-invalid-field", &[("field", Arg::Str(&f.field)), ("message", Arg::Str(&message))])
                })
                .collect();
            Failure::usage(lines.join("\n       "))
        }
        Error::Unreadable { code: ErrorCode::BankUnreadable, details } => {
            let line = details["line"].as_i64().unwrap_or(0);
            let reason = details["reason"].as_str().unwrap_or("");
            Failure::usage(
                tr.plain("cli-err-bank-unreadable", &[("line", Arg::Num(line)), ("reason", Arg::Str(reason))]),
            )
        }
        Error::Conflict { code: ErrorCode::EmailTaken, .. } => {
            Failure::usage(tr.plain("cli-err-email-taken", &[("email", Arg::Str(email))]))
        }
        other => Failure::runtime(tr.plain("cli-err-internal", &[("reason", Arg::Str(&other.chain()))])),
    }
}

/// Parses the database URL from the settings, or the SQLite file inside the data directory.
pub fn database_url(settings: &Settings, tr: Tr) -> Result<DbUrl, Failure> {
    match settings.database_url.as_deref().map(str::trim).filter(|s| !s.is_empty()) {
        Some(raw) => DbUrl::parse(raw)
            .map_err(|reason| Failure::usage(tr.plain("cli-err-db-url", &[("reason", Arg::Str(&reason))]))),
        None => Ok(DbUrl::sqlite_in(&settings.data_dir)),
    }
}

pub fn init_logging(settings: &Settings, tr: Tr) -> Result<(), Failure> {
    let filter = EnvFilter::try_new(&settings.log)
        .map_err(|e| Failure::usage(tr.plain("cli-err-config", &[("reason", Arg::Str(&format!("log: {e}")))])))?;
    let builder = tracing_subscriber::fmt().with_env_filter(filter).with_writer(std::io::stderr);
    let result = match settings.log_format.as_str() {
        "text" => builder.try_init(),
        "json" => builder.json().try_init(),
        other => {
            return Err(Failure::usage(tr.plain("cli-err-log-format", &[("value", Arg::Str(other))])));
        }
    };
    // A second initialisation (tests calling in-process) keeps the first subscriber.
    let _ = result;
    Ok(())
}

/// Creates the data directory if needed and proves it is writable. Returns the topmost directory it
/// created, so that a later failure can remove it and leave nothing half-made.
fn prepare_data_dir(dir: &Path) -> Result<Option<PathBuf>, String> {
    let mut first_missing = None;
    let mut p = Some(dir);
    while let Some(cur) = p {
        if cur.as_os_str().is_empty() || cur.exists() {
            break;
        }
        first_missing = Some(cur.to_owned());
        p = cur.parent();
    }
    let result = (|| {
        std::fs::create_dir_all(dir).map_err(|e| e.to_string())?;
        if !dir.is_dir() {
            return Err("not a directory".to_owned());
        }
        let probe = dir.join(".amane-write-test");
        std::fs::write(&probe, b"ok").map_err(|e| e.to_string())?;
        std::fs::remove_file(&probe).map_err(|e| e.to_string())?;
        Ok(())
    })();
    match result {
        Ok(()) => Ok(first_missing),
        Err(e) => {
            remove_created(first_missing.as_deref());
            Err(e)
        }
    }
}

fn remove_created(created: Option<&Path>) {
    if let Some(dir) = created {
        let _ = std::fs::remove_dir_all(dir);
    }
}

/// Writes an action of the operator at the terminal to the audit log; a failure to write it is only a warning.
pub async fn audit_cli(db: &Db, action: &str, target: &str) {
    let entry = amane_store::audit::AuditEntry {
        at: amane_store::now_ms(),
        actor_id: None,
        actor: "operator".to_owned(),
        action: format!("cli: {action}"),
        target: target.to_owned(),
        status: 0,
        address: String::new(),
    };
    if let Err(e) = db.record_audit(&entry).await {
        tracing::warn!(error = %e, "could not write the audit log");
    }
}

/// Takes `<database file>.lock` for as long as the returned file lives, when the database is SQLite: `amane serve`
/// holds it, so a second server on the same data directory, or a restore under a running one, is refused.
/// PostgreSQL needs no lock (nodes share it by design): `None`.
pub fn lock_sqlite(url: &DbUrl, tr: Tr) -> Result<Option<std::fs::File>, Failure> {
    let DbUrl::Sqlite(path) = url else { return Ok(None) };
    let mut name = path.as_os_str().to_owned();
    name.push(".lock");
    let lock_path = PathBuf::from(name);
    let in_use = |reason: String| {
        Failure::usage(tr.plain(
            "cli-err-db-in-use",
            &[("path", Arg::Str(&path.display().to_string())), ("reason", Arg::Str(&reason))],
        ))
    };
    let file = std::fs::OpenOptions::new()
        .create(true)
        .truncate(false)
        .write(true)
        .open(&lock_path)
        .map_err(|e| in_use(e.to_string()))?;
    match file.try_lock() {
        Ok(()) => Ok(Some(file)),
        Err(std::fs::TryLockError::WouldBlock) => Err(in_use(tr.plain("cli-db-locked", &[]))),
        Err(std::fs::TryLockError::Error(e)) => Err(in_use(e.to_string())),
    }
}

/// Opens (creating if needed) and migrates the database the settings name.
pub async fn open_database(settings: &Settings, tr: Tr) -> Result<(Db, Option<PathBuf>), Failure> {
    let url = database_url(settings, tr)?;
    let created = match &url {
        DbUrl::Sqlite(path) => {
            let dir = path.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new("."));
            prepare_data_dir(dir).map_err(|reason| {
                Failure::usage(tr.plain(
                    "cli-err-data-dir",
                    &[("path", Arg::Str(&dir.display().to_string())), ("reason", Arg::Str(&reason))],
                ))
            })?
        }
        DbUrl::Postgres(_) => None,
    };
    let connect_failed = |reason: String| {
        Failure::usage(
            tr.plain("cli-err-db-connect", &[("url", Arg::Str(&url.redacted())), ("reason", Arg::Str(&reason))]),
        )
    };
    let db = match tokio::time::timeout(Duration::from_secs(15), Db::connect(&url)).await {
        Ok(Ok(db)) => db,
        Ok(Err(e)) => {
            remove_created(created.as_deref());
            return Err(connect_failed(e.to_string()));
        }
        Err(_) => {
            remove_created(created.as_deref());
            return Err(connect_failed("timed out".into()));
        }
    };
    if let Err(e) = db.migrate().await {
        db.close().await;
        remove_created(created.as_deref());
        return Err(Failure::runtime(tr.plain("cli-err-migrate", &[("reason", Arg::Str(&e.to_string()))])));
    }
    Ok((db, created))
}

/// The curriculum to serve: `content_dir` if set, else the built-in one. Any problem refuses the start.
pub fn load_curriculum(settings: &Settings, tr: Tr) -> Result<amane_content::Curriculum, Failure> {
    let loaded = match &settings.content_dir {
        Some(dir) => amane_content::load_dir(dir),
        None => amane_content::load_builtin(),
    };
    loaded.map_err(|problems| {
        // The errors that refuse the start come first; warnings follow them in the list.
        let mut lines: Vec<String> =
            problems.iter().take(20).map(|p| content_check::describe_problem(tr, p, "")).collect();
        lines.push(content_check::summary(tr, &problems));
        Failure::usage(lines.join("\n"))
    })
}

/// Reads a file the person named, or says which and why not.
pub fn read_file(tr: Tr, file: &Path) -> Result<Vec<u8>, Failure> {
    std::fs::read(file).map_err(|e| {
        Failure::usage(tr.plain(
            "cli-err-read-file",
            &[("path", Arg::Str(&file.display().to_string())), ("reason", Arg::Str(&e.to_string()))],
        ))
    })
}

/// The settings of a command that only needs the database options.
pub fn db_settings(tr: Tr, db: &DbArgs) -> Result<Settings, Failure> {
    settings(tr, db, db_overrides(db))
}
