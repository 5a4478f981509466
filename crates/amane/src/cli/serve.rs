//! `amane serve`: check every setting before creating anything, open and migrate the database, then serve
//! until SIGTERM or Ctrl-C, finishing the requests in flight and closing the database cleanly.

use super::{DbArgs, Failure, database_url, init_logging, load_curriculum, open_database, settings};
use crate::config::{Overrides, Settings};
use amane_domain::Lang;
use amane_i18n::{Arg, Tr};
use amane_live::{BusKind, Hub};
use amane_store::{Db, now_ms};
use amane_web::{AppState, WebConfig};
use clap::Args;
use std::net::{IpAddr, SocketAddr};
use std::time::Duration;

#[derive(Args, Debug)]
pub struct ServeArgs {
    #[command(flatten)]
    pub db: DbArgs,
    /// Address to listen on [default: 127.0.0.1:8080].
    #[arg(long)]
    pub bind: Option<String>,
    /// Fill an empty database with demonstration data.
    #[arg(long)]
    pub demo: bool,
    /// Log format: text or json.
    #[arg(long)]
    pub log_format: Option<String>,
    /// The public address of this installation, e.g. https://amane.example.ma.
    #[arg(long)]
    pub public_url: Option<String>,
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
        min_cell: settings.min_cell,
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

pub async fn run(args: ServeArgs, tr: Tr) -> Result<(), Failure> {
    let overrides = Overrides {
        data_dir: args.db.data_dir.clone(),
        bind: args.bind,
        database_url: args.db.database_url.clone(),
        demo: args.demo.then_some(true),
        log_format: args.log_format,
        public_url: args.public_url,
        content_dir: args.db.content_dir.clone(),
    };
    let settings = settings(tr, &args.db, overrides)?;
    serve(settings, tr).await
}

async fn serve(settings: Settings, tr: Tr) -> Result<(), Failure> {
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
    let _lock = match super::lock_sqlite(&database_url(&settings, tr)?, tr) {
        Ok(lock) => lock,
        Err(failure) => {
            db.close().await;
            return Err(failure);
        }
    };
    if settings.demo {
        super::demo::fill(&db, tr).await?;
    }
    let base = web.public_url.as_ref().map(|u| u.as_str().trim_end_matches('/').to_owned());
    let base = base.unwrap_or_else(|| format!("http://{local}"));
    if db.count_active_admins().await.map_err(|e| Failure::runtime(e.to_string()))? == 0 {
        let token = amane_app::secrets::random_secret();
        let now = now_ms();
        db.create_setup_token(&amane_app::secrets::digest(&token), now, now + 60 * 60 * 1000)
            .await
            .map_err(|e| Failure::runtime(e.to_string()))?;
        println!("{}", tr.plain("cli-setup-link", &[("url", Arg::Str(&format!("{base}/setup/{token}")))]));
    }

    // The live engine: games survive a restart of the same node (same name), and nodes sharing PostgreSQL
    // exchange live messages over LISTEN/NOTIFY.
    let node = node_name(local.port());
    let bus = if db.is_shared() { BusKind::Postgres } else { BusKind::Local };
    let live = Hub::start(db.clone(), node, bus).await.map_err(|e| Failure::runtime(e.to_string()))?;
    let state = AppState::with_curriculum(db.clone(), web, curriculum).with_live(live.clone());
    let app = amane_web::router(state);
    let sweeper = tokio::spawn(sweep(db.clone(), live));
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

/// Removes expired sessions and old login failures every ten minutes, and purges the children's data of campaigns
/// whose retention period has passed (`amane_app::retention`). Several nodes may purge at once: a purge is one
/// transaction, and a campaign purged already is not due any more.
async fn sweep(db: Db, live: Hub) {
    let mut tick = tokio::time::interval(Duration::from_secs(600));
    loop {
        tick.tick().await;
        let now = now_ms();
        let sessions = db
            .delete_expired_sessions(now - amane_web::auth::SESSION_IDLE_MS, now - amane_web::auth::SESSION_ABSOLUTE_MS)
            .await;
        let failures = db
            .prune_login_failures(now - amane_web::auth::THROTTLE_WINDOW_MS, now - amane_web::auth::KNOWN_FOR_MS)
            .await;
        if let (Err(e), _) | (_, Err(e)) = (&sessions, &failures) {
            tracing::warn!(error = %e, "sweep failed");
        }
        let ended = live.end_stale(now - amane_live::GAME_EXPIRES_AFTER_MS).await;
        if ended > 0 {
            tracing::info!(games = ended, "unfinished games ended after 12 hours");
        }
        if let Err(e) = amane_app::retention::run(&db, now).await {
            tracing::warn!(error = %e.chain(), "the retention purge failed; it is tried again at the next sweep");
        }
    }
}
