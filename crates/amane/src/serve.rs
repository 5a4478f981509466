//! `amane serve`: check every setting before creating anything, open and migrate the database, then serve
//! until SIGTERM or Ctrl-C, finishing the requests in flight and closing the database cleanly.

use crate::config::Settings;
use crate::{Failure, database_url};
use amane_domain::{Lang, Role};
use amane_i18n::{Arg, Tr};
use amane_live::{BusKind, Hub};
use amane_store::{Db, DbUrl, now_ms};
use amane_web::{AppState, WebConfig};
use std::net::{IpAddr, SocketAddr};
use std::path::{Path, PathBuf};
use std::time::Duration;
use tracing_subscriber::EnvFilter;

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

fn web_config(settings: &Settings, tr: Tr) -> Result<WebConfig, Failure> {
    let public_url = match settings.public_url.as_deref().filter(|s| !s.trim().is_empty()) {
        Some(raw) => Some(
            url::Url::parse(raw.trim())
                .ok()
                .filter(|u| matches!(u.scheme(), "http" | "https"))
                .ok_or_else(|| Failure::usage(tr.plain("cli-err-public-url", &[("value", Arg::Str(raw))])))?,
        ),
        None => None,
    };
    let default_lang: Lang = settings
        .default_lang
        .parse()
        .map_err(|_| Failure::usage(tr.plain("cli-err-lang", &[("value", Arg::Str(&settings.default_lang))])))?;
    let trusted_proxies = settings
        .trusted_proxies
        .iter()
        .map(|p| {
            p.parse::<IpAddr>().map_err(|_| {
                Failure::usage(tr.plain("cli-err-config", &[("reason", Arg::Str(&format!("trusted_proxies: {p}")))]))
            })
        })
        .collect::<Result<_, _>>()?;
    let contacts = known_keys(&settings.contacts, &amane_content::markdown::CONTACT_KEYS, "contacts");
    let laws = known_keys(&settings.laws, &amane_content::markdown::LAW_KEYS, "laws");
    Ok(WebConfig {
        public_url,
        default_lang,
        trusted_origins: settings.trusted_origins.clone(),
        trusted_proxies,
        contacts,
        laws,
    })
}

/// The configured values whose key lessons can use; an unknown key is ignored with a warning.
fn known_keys(
    configured: &std::collections::BTreeMap<String, String>,
    keys: &[&str],
    section: &str,
) -> std::collections::BTreeMap<String, String> {
    let mut kept = configured.clone();
    kept.retain(|k, v| {
        let known = keys.contains(&k.as_str());
        if !known {
            tracing::warn!(key = %k, section, "unknown key in the configuration; it is ignored");
        }
        known && !v.trim().is_empty()
    });
    kept
}

/// The curriculum to serve: `content_dir` if set, else the built-in one. Any problem refuses the start.
pub fn load_curriculum(settings: &Settings, tr: Tr) -> Result<amane_content::Curriculum, Failure> {
    let loaded = match &settings.content_dir {
        Some(dir) => amane_content::load_dir(dir),
        None => amane_content::load_builtin(),
    };
    loaded.map_err(|problems| {
        // The errors that refuse the start come first; warnings follow them in the list.
        let mut lines: Vec<String> = problems.iter().take(20).map(|p| crate::describe_problem(tr, p, "")).collect();
        lines.push(crate::summary(tr, &problems));
        Failure::usage(lines.join("\n"))
    })
}

pub async fn run(settings: Settings, tr: Tr) -> Result<(), Failure> {
    // Everything that can be checked without side effects is checked first.
    init_logging(&settings, tr)?;
    let bind: SocketAddr = settings
        .bind
        .parse()
        .map_err(|_| Failure::usage(tr.plain("cli-err-bind", &[("value", Arg::Str(&settings.bind))])))?;
    let web = web_config(&settings, tr)?;
    database_url(&settings, tr)?;
    let curriculum = load_curriculum(&settings, tr)?;
    let content_warnings = curriculum.warnings.len();
    let listener = tokio::net::TcpListener::bind(bind).await.map_err(|e| {
        Failure::usage(tr.plain(
            "cli-err-bind-in-use",
            &[("addr", Arg::Str(&bind.to_string())), ("reason", Arg::Str(&e.to_string()))],
        ))
    })?;
    let local = listener.local_addr().map_err(|e| Failure::runtime(e.to_string()))?;

    let (db, _) = open_database(&settings, tr).await?;
    if settings.demo {
        demo(&db, tr).await?;
    }
    let base = web.public_url.as_ref().map(|u| u.as_str().trim_end_matches('/').to_owned());
    let base = base.unwrap_or_else(|| format!("http://{local}"));
    if db.count_active_admins().await.map_err(|e| Failure::runtime(e.to_string()))? == 0 {
        let token = amane_web::auth::random_secret();
        let now = now_ms();
        db.create_setup_token(&amane_web::auth::digest(&token), now, now + 60 * 60 * 1000)
            .await
            .map_err(|e| Failure::runtime(e.to_string()))?;
        println!("{}", tr.plain("cli-setup-link", &[("url", Arg::Str(&format!("{base}/setup/{token}")))]));
    }

    // The live engine: games survive a restart of the same node (same name), and nodes sharing PostgreSQL
    // exchange live messages over LISTEN/NOTIFY.
    let node = node_name(local.port());
    let bus = if db.postgres_pool().is_some() { BusKind::Postgres } else { BusKind::Local };
    let live = Hub::start(db.clone(), node, bus).await.map_err(|e| Failure::runtime(e.to_string()))?;
    let state = AppState::with_curriculum(db.clone(), web, curriculum).with_live(live);
    let app = amane_web::router(state);
    let sweeper = tokio::spawn(sweep(db.clone()));
    // Said once the start cannot fail any more, so that a refusal stays one clear line.
    if content_warnings > 0 {
        tracing::warn!(
            warnings = content_warnings,
            "the curriculum loads with warnings (unfair questions, years, direction marks, glossary terms); `amane content check` lists them"
        );
    }
    tracing::info!(addr = %local, database = ?db.backend(), "listening");
    println!("{}", tr.plain("cli-listening", &[("url", Arg::Str(&format!("http://{local}")))]));
    let served = axum::serve(listener, app.into_make_service_with_connect_info::<SocketAddr>())
        .with_graceful_shutdown(shutdown_signal())
        .await;
    sweeper.abort();
    db.close().await;
    served.map_err(|e| Failure::runtime(tr.plain("cli-err-internal", &[("reason", Arg::Str(&e.to_string()))])))?;
    tracing::info!("stopped");
    println!("{}", tr.plain("cli-stopped", &[]));
    Ok(())
}

/// This node's name: `AMANE_NODE_ID`, else the host name and port, stable across restarts.
fn node_name(port: u16) -> String {
    if let Ok(id) = std::env::var("AMANE_NODE_ID")
        && !id.trim().is_empty()
    {
        return id.trim().to_owned();
    }
    let host = std::fs::read_to_string("/etc/hostname")
        .ok()
        .map(|h| h.trim().to_owned())
        .filter(|h| !h.is_empty())
        .or_else(|| std::env::var("HOSTNAME").ok())
        .unwrap_or_else(|| "amane".into());
    format!("{host}:{port}")
}

async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let term = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let term = std::future::pending::<()>();
    tokio::select! {
        () = ctrl_c => {},
        () = term => {},
    }
    tracing::info!("shutting down: finishing requests in flight");
}

/// Removes expired sessions and old login failures every ten minutes.
async fn sweep(db: Db) {
    let mut tick = tokio::time::interval(Duration::from_secs(600));
    loop {
        tick.tick().await;
        let now = now_ms();
        let sessions = db
            .delete_expired_sessions(now - amane_web::auth::SESSION_IDLE_MS, now - amane_web::auth::SESSION_ABSOLUTE_MS)
            .await;
        let failures = db.prune_login_failures(now - amane_web::auth::THROTTLE_WINDOW_MS).await;
        if let (Err(e), _) | (_, Err(e)) = (&sessions, &failures) {
            tracing::warn!(error = %e, "sweep failed");
        }
    }
}

/// The password of every demonstration account: a demo database is for trying amane, never for real data.
pub const DEMO_PASSWORD: &str = "amane-demo-2026";

/// Fills an empty database with the demonstration accounts, schools, campaigns, workshops and registrations
/// (`amane serve --demo` and `amane demo`).
pub async fn demo(db: &Db, tr: Tr) -> Result<(), Failure> {
    seed_demo(db, tr).await?;
    let demo_user = |email: &'static str| async move {
        let email = amane_domain::Email::parse(email).map_err(|e| Failure::runtime(e.to_owned()))?;
        db.find_user_by_email(&email).await.map(|u| u.map(|u| u.id)).map_err(|e| Failure::runtime(e.to_string()))
    };
    let organizer = demo_user("organizer@amane.test").await?;
    let facilitator = demo_user("facilitator@amane.test").await?;
    let (schools, campaigns) = amane_web::demo::seed(db, organizer, facilitator)
        .await
        .map_err(|e| Failure::runtime(tr.plain("cli-err-internal", &[("reason", Arg::Str(&e.to_string()))])))?;
    if schools > 0
        && let Ok(Some(coord)) = db
            .find_user_by_email(
                &amane_domain::Email::parse("coordinator@amane.test").map_err(|e| Failure::runtime(e.to_owned()))?,
            )
            .await
    {
        for code in ["DEMO-03-000", "DEMO-03-001"] {
            db.assign_establishment(coord.id, code).await.map_err(|e| Failure::runtime(e.to_string()))?;
        }
    }
    if schools + campaigns > 0 {
        println!(
            "{}",
            tr.plain(
                "cli-demo-data",
                &[("schools", Arg::Num(schools as i64)), ("campaigns", Arg::Num(campaigns as i64))]
            )
        );
    }
    Ok(())
}

/// One account per role, created only in an empty database.
async fn seed_demo(db: &Db, tr: Tr) -> Result<(), Failure> {
    if db.count_users().await.map_err(|e| Failure::runtime(e.to_string()))? > 0 {
        println!("{}", tr.plain("cli-demo-skipped", &[]));
        return Ok(());
    }
    let people = [
        (Role::Admin, "admin@amane.test", "Amina Admin", "fr"),
        (Role::Organizer, "organizer@amane.test", "Youssef Organisateur", "fr"),
        (Role::Facilitator, "facilitator@amane.test", "سلمى المؤطرة", "ar"),
        (Role::Coordinator, "coordinator@amane.test", "Karim Coordinateur", "fr"),
        (Role::Observer, "observer@amane.test", "Observer Partner", "en"),
    ];
    println!("{}", tr.plain("cli-demo-accounts", &[("password", Arg::Str(DEMO_PASSWORD))]));
    for (role, email, name, locale) in people {
        let input = amane_web::accounts::AccountInput {
            email: email.into(),
            display_name: name.into(),
            role: role.as_str().into(),
            password: DEMO_PASSWORD.into(),
            locale: Some(locale.into()),
        };
        amane_web::accounts::create_account(db, &input)
            .await
            .map_err(|e| Failure::runtime(tr.plain("cli-err-internal", &[("reason", Arg::Str(&e.to_string()))])))?;
        println!("  {email} ({})", role.as_str());
    }
    Ok(())
}
