//! amane's web layer: server-rendered pages, the JSON API under `/api/v1`, sessions and static assets.
//!
//! Handlers stay thin (parse, call the store or a service, render); errors of every route become a page or
//! a JSON body in the reader's language in one middleware ([`error::render_errors`]).

pub mod api;
pub mod assets;
pub mod audit;
pub mod auth;
pub mod error;
/// Translations live in their own crate, shared with the command line.
pub use amane_i18n as i18n;
pub mod live;
mod pages;
pub mod security;
#[cfg(test)]
mod stylesheet_check;

use amane_content::Curriculum;
use amane_domain::Lang;
use amane_store::Db;
use axum::Router;
use axum::middleware::{from_fn, from_fn_with_state};
use std::collections::BTreeMap;
use std::net::IpAddr;
use std::sync::Arc;
use std::time::Duration;
use tower_http::catch_panic::CatchPanicLayer;
use tower_http::timeout::TimeoutLayer;
use tower_http::trace::TraceLayer;

/// The highest page number a list accepts: 100,000 pages of 500 is more than any campaign has, and the offset
/// (`(page - 1) × per page`) stays far from overflowing.
pub const MAX_PAGE: i64 = 100_000;

/// The part of the configuration the web layer reads.
#[derive(Debug, Clone)]
pub struct WebConfig {
    /// The address people use to reach amane (`https://amane.example.ma`); sets `Secure` cookies and HSTS
    /// when it is HTTPS, and is an accepted origin for state-changing requests.
    pub public_url: Option<url::Url>,
    pub default_lang: Lang,
    /// Further origins allowed to send state-changing requests (e.g. the address behind a proxy).
    pub trusted_origins: Vec<String>,
    /// Proxies whose `X-Forwarded-For` is believed for the client address (login throttling).
    pub trusted_proxies: Vec<IpAddr>,
    /// Country-specific contacts shown where lessons say `{{contact:KEY}}` (helpline, reporting portal…).
    pub contacts: BTreeMap<String, String>,
    /// The deployment's own citation of the law where lessons say `{{law:KEY}}` (never guessed by amane).
    pub laws: BTreeMap<String, String>,
    /// The smallest group reports show figures for.
    pub min_cell: amane_domain::suppression::MinCell,
}

impl Default for WebConfig {
    fn default() -> Self {
        WebConfig {
            public_url: None,
            default_lang: Lang::Fr,
            trusted_origins: Vec::new(),
            trusted_proxies: Vec::new(),
            contacts: BTreeMap::new(),
            laws: BTreeMap::new(),
            min_cell: amane_domain::suppression::MinCell::default(),
        }
    }
}

impl WebConfig {
    pub fn https(&self) -> bool {
        self.public_url.as_ref().is_some_and(|u| u.scheme() == "https")
    }
}

/// What every handler can reach.
#[derive(Clone)]
pub struct AppState {
    pub db: Db,
    pub config: Arc<WebConfig>,
    /// The checked curriculum (built in, or from `--content-dir`).
    pub curriculum: Arc<Curriculum>,
    /// The live-session engine of this node.
    pub live: amane_live::Hub,
}

impl AppState {
    /// A state with the curriculum built into the binary (an unloadable one is logged and left empty;
    /// `amane serve` refuses to start on it before this point).
    pub fn new(db: Db, config: WebConfig) -> Self {
        // Checked once per process: it never changes, and checking a thousand questions takes a moment.
        static BUILTIN: std::sync::OnceLock<Curriculum> = std::sync::OnceLock::new();
        let curriculum = BUILTIN.get_or_init(|| {
            amane_content::load_builtin().unwrap_or_else(|problems| {
                tracing::error!(count = problems.len(), "the built-in curriculum does not load");
                Curriculum::default()
            })
        });
        Self::with_curriculum(db, config, curriculum.clone())
    }

    /// A state with a single-node live engine; `amane serve` replaces it with [`AppState::with_live`] when
    /// nodes share PostgreSQL. Must be called inside a tokio runtime.
    pub fn with_curriculum(db: Db, config: WebConfig, curriculum: Curriculum) -> Self {
        let live = amane_live::Hub::local(db.clone(), "local".into());
        AppState { db, config: Arc::new(config), curriculum: Arc::new(curriculum), live }
    }

    pub fn with_live(mut self, live: amane_live::Hub) -> Self {
        self.live = live;
        self
    }
}

/// Routes and the paths they answer, built together: the role matrix test walks [`route_paths`], so a route
/// added without an entry in the matrix fails the tests.
pub struct Routes {
    router: Router<AppState>,
    paths: Vec<String>,
}

impl Routes {
    pub fn new() -> Self {
        Routes { router: Router::new(), paths: Vec::new() }
    }

    pub fn route(mut self, path: &str, method_router: axum::routing::MethodRouter<AppState>) -> Self {
        self.router = self.router.route(path, method_router);
        self.paths.push(path.to_owned());
        self
    }

    fn merge(mut self, other: Routes) -> Self {
        self.router = self.router.merge(other.router);
        self.paths.extend(other.paths);
        self
    }
}

impl Default for Routes {
    fn default() -> Self {
        Self::new()
    }
}

fn all_routes() -> Routes {
    Routes::new().merge(pages::routes()).merge(api::routes()).merge(assets::routes())
}

/// The whole application: pages, API, assets and the middleware every response passes through.
pub fn router(state: AppState) -> Router {
    // Inside the routing, so that the audit log sees which route answered.
    let routes = all_routes().router.route_layer(from_fn_with_state(state.clone(), audit::record));
    with_middleware(routes, state)
}

/// Every path the application routes (`/workshops/{id}`, `/api/v1/campaigns`, …), in the order they were added.
pub fn route_paths() -> Vec<String> {
    all_routes().paths
}

/// Wraps routes in the middleware every response passes through (also used by tests that add routes).
pub fn with_middleware(routes: Router<AppState>, state: AppState) -> Router {
    routes
        .fallback(pages::not_found)
        // Innermost first: a panic or a timeout becomes a bodiless error; then who is asking; then whether the
        // request may come from where it comes; then errors are rendered in the reader's language, which is
        // chosen just outside; security headers wrap everything.
        .layer(CatchPanicLayer::custom(error::panic_response))
        .layer(TimeoutLayer::with_status_code(axum::http::StatusCode::SERVICE_UNAVAILABLE, Duration::from_secs(30)))
        .layer(from_fn_with_state(state.clone(), auth::load_identity))
        .layer(from_fn_with_state(state.clone(), security::refuse_cross_site))
        .layer(from_fn(error::render_errors))
        .layer(from_fn_with_state(state.clone(), i18n_layer::choose_language))
        .layer(from_fn_with_state(state.clone(), security::headers))
        .layer(TraceLayer::new_for_http())
        .with_state(state)
}

pub mod i18n_layer;
