//! Who is asking: browser sessions (a cookie) and API tokens (a bearer header), password checks and login
//! throttling. The store keeps only SHA-256 digests of session ids and tokens.

use crate::AppState;
use crate::error::AppError;
use crate::i18n::Tr;
use crate::i18n_layer::{ReqLang, cookie};
use amane_domain::{Email, Role, User};
use amane_store::auth::ThrottleScope;
use amane_store::now_ms;
use axum::extract::{ConnectInfo, FromRequestParts, Request, State};
use axum::http::header::{AUTHORIZATION, SET_COOKIE};
use axum::http::request::Parts;
use axum::http::{HeaderMap, HeaderValue};
use axum::middleware::Next;
use axum::response::{IntoResponse, Redirect, Response};
use std::marker::PhantomData;
use std::net::{IpAddr, SocketAddr};
use std::sync::OnceLock;

pub const SESSION_COOKIE: &str = "amane_session";
/// A session ends after 30 minutes without a request...
pub const SESSION_IDLE_MS: i64 = 30 * 60 * 1000;
/// ... and 8 hours after login whatever happens.
pub const SESSION_ABSOLUTE_MS: i64 = 8 * 60 * 60 * 1000;
/// `last_seen_at` is written at most once a minute per session.
const TOUCH_EVERY_MS: i64 = 60 * 1000;
/// Failed logins count over this window.
pub const THROTTLE_WINDOW_MS: i64 = 15 * 60 * 1000;
/// Wrong passwords for one account from one address within the window before that address must wait.
pub const PAIR_FAILURE_LIMIT: i64 = 10;
/// Wrong passwords for one account from anywhere within the window before addresses the account has never signed
/// in from must wait (guessing spread over many addresses); its known addresses keep their way in.
pub const ACCOUNT_FAILURE_LIMIT: i64 = 50;
/// Failures from one address within the window, whatever the account (a school shares one address: keep this
/// generous), before it must wait, except for accounts that have signed in from it before.
pub const IP_FAILURE_LIMIT: i64 = 100;
/// How long a successful sign-in makes an address known for its account.
pub const KNOWN_FOR_MS: i64 = 30 * 24 * 60 * 60 * 1000;
/// The bearer token prefix, so a leaked token is recognisable in logs and secret scanners.
pub use amane_app::accounts::TOKEN_PREFIX;

use amane_app::secrets::verify_password;
/// A new secret: 32 random bytes, URL-safe base64.
pub use amane_app::secrets::{digest, hash_password, random_secret};

/// A hash to check against when the account does not exist, so timing does not reveal which e-mails do.
fn dummy_hash() -> &'static str {
    static H: OnceLock<String> = OnceLock::new();
    H.get_or_init(|| password_auth::generate_hash("amane-dummy-password-for-timing"))
}

/// How the current request proved who it is.
#[derive(Debug, Clone)]
pub struct Identity {
    pub user: User,
    /// The digest of the session id, when the proof was a session cookie.
    pub session: Option<String>,
}

/// A bearer token was sent but is unknown or revoked (the API answers 401 even on open routes).
#[derive(Debug, Clone, Copy)]
struct BadToken;

/// A signed-in person's pages are in the language their account chose, whatever the browser says; choosing
/// another one with `?lang=` makes it the account's.
async fn follow_account_language(state: &AppState, req: &mut Request, mut user: User) -> User {
    match crate::i18n_layer::query_lang(req.uri().query()) {
        Some(l) if user.locale != Some(l) => match state.db.set_locale(user.id, Some(l)).await {
            Ok(()) => user.locale = Some(l),
            Err(e) => tracing::warn!(error = %e, "could not remember the account's language"),
        },
        Some(_) => {}
        None => {
            if let Some(l) = user.locale {
                req.extensions_mut().insert(l);
            }
        }
    }
    user
}

/// Looks up the session cookie or bearer token once per request.
pub async fn load_identity(State(state): State<AppState>, mut req: Request, next: Next) -> Response {
    let now = now_ms();
    let mut clear_cookie = false;
    let bearer = req
        .headers()
        .get(AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer ").or_else(|| v.strip_prefix("bearer ")))
        .map(|t| t.trim().to_owned());
    if let Some(token) = bearer {
        match state.db.user_for_token(&digest(&token), now).await {
            Ok(Some(user)) => {
                req.extensions_mut().insert(Identity { user, session: None });
            }
            Ok(None) => {
                req.extensions_mut().insert(BadToken);
            }
            Err(e) => return AppError::from(e).into_response(),
        }
    } else if let Some(sid) = cookie(req.headers(), SESSION_COOKIE).map(str::to_owned) {
        let hash = digest(&sid);
        match state.db.find_session(&hash).await {
            Ok(Some(s)) => {
                let expired = now - s.last_seen_at > SESSION_IDLE_MS || now - s.created_at > SESSION_ABSOLUTE_MS;
                if expired {
                    let _ = state.db.delete_session(&hash).await;
                    clear_cookie = true;
                } else {
                    match state.db.find_user(s.user_id).await {
                        Ok(Some(user)) if user.active => {
                            if now - s.last_seen_at > TOUCH_EVERY_MS
                                && let Err(e) = state.db.touch_session(&hash, now).await
                            {
                                tracing::warn!(error = %e, "could not record session activity");
                            }
                            let user = follow_account_language(&state, &mut req, user).await;
                            req.extensions_mut().insert(Identity { user, session: Some(hash) });
                        }
                        Ok(_) => {
                            let _ = state.db.delete_session(&hash).await;
                            clear_cookie = true;
                        }
                        Err(e) => return AppError::from(e).into_response(),
                    }
                }
            }
            Ok(None) => clear_cookie = true,
            Err(e) => return AppError::from(e).into_response(),
        }
    }
    let mut res = next.run(req).await;
    if clear_cookie && !res.headers().contains_key(SET_COOKIE) {
        res.headers_mut().append(SET_COOKIE, expired_session_cookie());
    }
    res
}

pub fn session_cookie(id: &str, secure: bool) -> HeaderValue {
    let secure = if secure { "; Secure" } else { "" };
    let max_age = SESSION_ABSOLUTE_MS / 1000;
    HeaderValue::from_str(&format!("{SESSION_COOKIE}={id}; Path=/; HttpOnly; SameSite=Lax; Max-Age={max_age}{secure}"))
        .unwrap_or_else(|_| HeaderValue::from_static("amane_session=; Path=/"))
}

pub fn expired_session_cookie() -> HeaderValue {
    HeaderValue::from_static("amane_session=; Path=/; HttpOnly; SameSite=Lax; Max-Age=0")
}

/// Starts a fresh session for `user` (a new random id: a session is never carried over from before login)
/// and ends the one the browser had, if any. Returns the `Set-Cookie` value.
pub async fn start_session(state: &AppState, user: &User, previous: Option<&str>) -> Result<HeaderValue, AppError> {
    if let Some(old) = previous {
        state.db.delete_session(old).await?;
    }
    let id = random_secret();
    state.db.create_session(&digest(&id), user.id, now_ms()).await?;
    Ok(session_cookie(&id, state.config.https()))
}

/// The client's address: the peer, or the last hop a trusted proxy reports.
pub fn client_ip(state: &AppState, headers: &HeaderMap, peer: Option<IpAddr>) -> Option<IpAddr> {
    let peer = peer?;
    if !state.config.trusted_proxies.contains(&peer) {
        return Some(peer);
    }
    let forwarded = headers.get("x-forwarded-for").and_then(|v| v.to_str().ok()).unwrap_or("");
    forwarded
        .split(',')
        .rev()
        .filter_map(|s| s.trim().parse::<IpAddr>().ok())
        .find(|ip| !state.config.trusted_proxies.contains(ip))
        .or(Some(peer))
}

pub fn peer_ip(parts_ext: &axum::http::Extensions) -> Option<IpAddr> {
    parts_ext.get::<ConnectInfo<SocketAddr>>().map(|c| c.0.ip())
}

/// Why a login did not succeed.
#[derive(Debug)]
pub enum LoginError {
    /// Wrong e-mail or password (never saying which); `left` counts the attempts before signing in pauses, once
    /// few are left, so that a person who mistypes knows.
    Invalid {
        left: Option<i64>,
    },
    /// Too many failures: wait this many seconds.
    Throttled(i64),
    Other(AppError),
}

impl From<AppError> for LoginError {
    fn from(e: AppError) -> Self {
        LoginError::Other(e)
    }
}

/// `Throttled` when `scope`'s failures for `subject` in the window are over `limit`; else how many there are.
async fn over_limit(
    state: &AppState,
    scope: ThrottleScope,
    subject: &str,
    limit: i64,
    now: i64,
) -> Result<i64, LoginError> {
    let (n, oldest) =
        state.db.login_failures_since(scope, subject, now - THROTTLE_WINDOW_MS).await.map_err(AppError::from)?;
    if n > limit {
        let wait_ms = oldest.unwrap_or(now) + THROTTLE_WINDOW_MS - now;
        return Err(LoginError::Throttled((wait_ms + 999) / 1000));
    }
    Ok(n)
}

/// Checks an e-mail and password.
///
/// Failures count per account and address pair (10 in 15 minutes), which slows a guesser at one place without
/// touching the account's owner elsewhere; per account from anywhere (50) and per address whatever the account
/// (100), which stop guessing spread over addresses or accounts, but never for a pair that has signed in before
/// (30 days), so that neither can lock a real person out of their own account. Each attempt is recorded against
/// its pair **before** the password is checked (and taken back when it is right), so parallel guesses cannot all
/// pass the count: at most the limit of them reach a password check.
///
/// The log names the account by its id (on failure, only when the address is an account's), never by what was
/// typed in the e-mail field, which is sometimes a password typed in the wrong box.
#[tracing::instrument(skip(state, email_raw, password))]
pub async fn login(state: &AppState, email_raw: &str, password: &str, ip: Option<IpAddr>) -> Result<User, LoginError> {
    let now = now_ms();
    let account_key = email_raw.trim().to_lowercase();
    let ip_key = ip.map_or_else(|| "-".to_owned(), |i| i.to_string());
    let pair_key = format!("{account_key}|{ip_key}");
    let db = &state.db;
    db.record_login_failure(ThrottleScope::Pair, &pair_key, now).await.map_err(AppError::from)?;
    let pair_n = over_limit(state, ThrottleScope::Pair, &pair_key, PAIR_FAILURE_LIMIT, now).await?;
    let (known, _) =
        db.login_failures_since(ThrottleScope::Known, &pair_key, now - KNOWN_FOR_MS).await.map_err(AppError::from)?;
    if known == 0 {
        over_limit(state, ThrottleScope::Account, &account_key, ACCOUNT_FAILURE_LIMIT - 1, now).await?;
        over_limit(state, ThrottleScope::Ip, &ip_key, IP_FAILURE_LIMIT - 1, now).await?;
    }
    let found = match Email::parse(email_raw) {
        Ok(email) => db.find_login(&email).await.map_err(AppError::from)?,
        Err(_) => None,
    };
    let (user, hash) = match found {
        Some((u, h)) if u.active => (Some(u), h),
        _ => (None, dummy_hash().to_owned()),
    };
    let ok = verify_password(password.to_owned(), hash).await.map_err(AppError::from)? && user.is_some();
    match user {
        Some(user) if ok => {
            for (scope, subject) in [(ThrottleScope::Pair, &pair_key), (ThrottleScope::Account, &account_key)] {
                db.clear_login_failures(scope, subject).await.map_err(AppError::from)?;
            }
            db.record_login_failure(ThrottleScope::Known, &pair_key, now).await.map_err(AppError::from)?;
            tracing::info!(user = %user.id, "login");
            sign_in_audit(state, Some(&user), "sign-in", 303, &ip_key).await;
            Ok(user)
        }
        known_account => {
            for (scope, subject) in [(ThrottleScope::Account, &account_key), (ThrottleScope::Ip, &ip_key)] {
                db.record_login_failure(scope, subject, now).await.map_err(AppError::from)?;
            }
            tracing::info!(user = ?known_account.as_ref().map(|u| u.id.to_string()), "failed login");
            sign_in_audit(state, known_account.as_ref(), "sign-in-failed", 401, &ip_key).await;
            let left = PAIR_FAILURE_LIMIT - pair_n;
            Err(LoginError::Invalid { left: (left <= 3).then_some(left.max(0)) })
        }
    }
}

/// A sign-in in the audit log: the account when the address is one (never the text typed), and from where.
async fn sign_in_audit(state: &AppState, user: Option<&User>, action: &str, status: i64, ip: &str) {
    let entry = amane_store::audit::AuditEntry {
        at: now_ms(),
        actor_id: user.map(|u| u.id.to_string()),
        actor: user.map(|u| u.email.to_string()).unwrap_or_default(),
        action: action.to_owned(),
        target: "/login".to_owned(),
        status,
        address: if ip == "-" { String::new() } else { ip.to_owned() },
    };
    crate::audit::write(state, entry).await;
}

/// Creates an API token for a user, valid for the default lifetime, and returns it; only its digest is stored.
pub async fn issue_token(db: &amane_store::Db, user: &User, label: &str) -> Result<String, AppError> {
    let days = amane_app::accounts::TOKEN_DAYS_DEFAULT;
    Ok(amane_app::accounts::issue_token(db, user, label, days).await?.secret)
}

/// A signed-in staff member, for pages: without one, the browser is sent to the login page.
pub struct PageUser(pub Identity);

impl<S: Send + Sync> FromRequestParts<S> for PageUser {
    type Rejection = Response;
    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, Self::Rejection> {
        match parts.extensions.get::<Identity>() {
            Some(id) => Ok(PageUser(id.clone())),
            None => {
                let next = parts.uri.path_and_query().map(|p| p.as_str()).unwrap_or("/");
                let target = format!(
                    "/login?next={}",
                    url::form_urlencoded::byte_serialize(next.as_bytes()).collect::<String>()
                );
                Err(Redirect::to(&target).into_response())
            }
        }
    }
}

/// The roles a staff page admits, named as a type so that the check is made while the handler's arguments are
/// read: a handler taking [`Staff`] cannot forget it.
pub trait Admits {
    const ROLES: &'static [Role];
}

/// Campaign and workshop editors (`amane_app::campaigns::CAMPAIGN_EDITORS`).
pub struct CampaignEditors;
/// Those who may start a live game (`amane_app::live::LIVE_HOSTS`).
pub struct LiveHosts;
/// Those who may import into the establishment registry.
pub struct RegistryEditors;
/// Those who may import question banks.
pub struct Importers;
/// Administrators only (the accounts page).
pub struct Admins;
/// Those who may make tests (`amane_app::assessments::TEST_EDITORS`).
pub struct TestEditors;
/// Those who may record or open tests and upload their results (`amane_app::assessments::RESULT_RECORDERS`).
pub struct ResultRecorders;
/// Those who may read a campaign's report (aggregated and suppressed: partners and auditors too).
pub struct FigureReaders;

impl Admits for CampaignEditors {
    const ROLES: &'static [Role] = &amane_app::campaigns::CAMPAIGN_EDITORS;
}
impl Admits for LiveHosts {
    const ROLES: &'static [Role] = &amane_app::live::LIVE_HOSTS;
}
impl Admits for RegistryEditors {
    const ROLES: &'static [Role] = &crate::pages::establishments::REGISTRY_EDITORS;
}
impl Admits for TestEditors {
    const ROLES: &'static [Role] = &amane_app::assessments::TEST_EDITORS;
}
impl Admits for ResultRecorders {
    const ROLES: &'static [Role] = &amane_app::assessments::RESULT_RECORDERS;
}
impl Admits for Admins {
    const ROLES: &'static [Role] = &[Role::Admin];
}
impl Admits for FigureReaders {
    const ROLES: &'static [Role] = &amane_app::assessments::FIGURE_READERS;
}
impl Admits for Importers {
    const ROLES: &'static [Role] = &crate::pages::curriculum::IMPORTERS;
}

/// A signed-in staff member whose role the page admits, with the reader's language: how every staff form
/// starts. Without a session the browser is sent to the login page (as [`PageUser`]); another role is 403.
pub struct Staff<R> {
    pub user: User,
    pub t: Tr,
    admits: PhantomData<R>,
}

impl<R: Admits, S: Send + Sync> FromRequestParts<S> for Staff<R> {
    type Rejection = Response;
    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        let PageUser(id) = PageUser::from_request_parts(parts, state).await?;
        require_role(&id.user, R::ROLES).map_err(IntoResponse::into_response)?;
        let Ok(ReqLang(lang)) = ReqLang::from_request_parts(parts, state).await;
        Ok(Staff { user: id.user, t: Tr::new(lang), admits: PhantomData })
    }
}

/// The signed-in user if there is one (pages that look different for visitors).
pub struct MaybeUser(pub Option<Identity>);

impl<S: Send + Sync> FromRequestParts<S> for MaybeUser {
    type Rejection = std::convert::Infallible;
    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, Self::Rejection> {
        Ok(MaybeUser(parts.extensions.get::<Identity>().cloned()))
    }
}

/// The caller of an API route: a bearer token or a session cookie, else 401 in the JSON error shape.
pub struct ApiUser(pub User);

impl<S: Send + Sync> FromRequestParts<S> for ApiUser {
    type Rejection = AppError;
    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, Self::Rejection> {
        if parts.extensions.get::<BadToken>().is_some() {
            return Err(AppError::InvalidToken);
        }
        parts.extensions.get::<Identity>().map(|i| ApiUser(i.user.clone())).ok_or(AppError::Unauthorized)
    }
}

/// The caller of an API route whose role the route admits, checked before the request's body is read: another
/// role is 403 whatever it sent, so that a refused caller learns nothing from validation errors.
pub struct ApiStaff<R>(pub User, pub PhantomData<R>);

impl<R: Admits, S: Send + Sync> FromRequestParts<S> for ApiStaff<R> {
    type Rejection = AppError;
    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        let ApiUser(user) = ApiUser::from_request_parts(parts, state).await?;
        require_role(&user, R::ROLES)?;
        Ok(ApiStaff(user, PhantomData))
    }
}

/// The one authorisation check a route makes: the caller's role is among those allowed.
pub fn require_role(user: &User, allowed: &[Role]) -> Result<(), AppError> {
    if allowed.contains(&user.role) { Ok(()) } else { Err(AppError::Forbidden) }
}
