//! The audit log, written as requests pass: every request of a signed-in staff member that changes something
//! (any method but GET and HEAD) or takes data out (a CSV or PDF), with who, the route, the path with its ids, the
//! answer's status and the client's address; sign-ins and failed sign-ins are written by `auth::login`. Bodies are
//! never written, so no nickname or contact reaches the log. Children (no account) are not in it.

use crate::AppState;
use crate::auth::Identity;
use amane_store::audit::AuditEntry;
use amane_store::now_ms;
use axum::extract::{ConnectInfo, MatchedPath, Request, State};
use axum::http::Method;
use axum::middleware::Next;
use axum::response::Response;
use std::net::SocketAddr;

fn worth_recording(method: &Method, route: &str) -> bool {
    let reads = method == Method::GET || method == Method::HEAD;
    !reads || route.ends_with(".csv") || route.ends_with(".pdf")
}

/// The client's address as the connection gives it ("" in tests, which have none).
pub fn address(req: &Request) -> String {
    req.extensions().get::<ConnectInfo<SocketAddr>>().map(|c| c.0.ip().to_string()).unwrap_or_default()
}

/// Records one entry; a failure to record is logged and does not change the answer.
pub async fn write(state: &AppState, entry: AuditEntry) {
    if let Err(e) = state.db.record_audit(&entry).await {
        tracing::warn!(error = %e, action = %entry.action, "could not write the audit log");
    }
}

pub async fn record(State(state): State<AppState>, req: Request, next: Next) -> Response {
    let route = req.extensions().get::<MatchedPath>().map(|m| m.as_str().to_owned());
    let who = req.extensions().get::<Identity>().map(|i| i.user.clone());
    let method = req.method().clone();
    let target = req.uri().path().to_owned();
    let address = address(&req);
    let res = next.run(req).await;
    if let (Some(user), Some(route)) = (who, route)
        && worth_recording(&method, &route)
    {
        let entry = AuditEntry {
            at: now_ms(),
            actor_id: Some(user.id.to_string()),
            actor: user.email.to_string(),
            action: format!("{method} {route}"),
            target,
            status: i64::from(res.status().as_u16()),
            address,
        };
        write(&state, entry).await;
    }
    res
}
