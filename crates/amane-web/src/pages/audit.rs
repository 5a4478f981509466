//! `/admin/audit`: the audit log for administrators, newest first, a page at a time, and the whole of it as CSV.

use super::{Page, render};
use crate::AppState;
use crate::auth::{Admins, Staff};
use crate::error::AppError;
use crate::i18n::{Arg, Tr};
use amane_store::audit::AuditEntry;
use askama::Template;
use axum::extract::{Query, State};
use axum::http::header::{CONTENT_DISPOSITION, CONTENT_TYPE};
use axum::response::{IntoResponse, Response};
use serde::Deserialize;

const PER_PAGE: i64 = 100;
/// The CSV holds at most this many rows, the newest.
const CSV_ROWS: i64 = 200_000;

pub struct EntryView {
    pub when: String,
    pub actor: String,
    pub action: String,
    pub target: String,
    pub status: String,
    pub address: String,
}

fn when(t: &Tr, at: i64) -> String {
    t.date_time(at, 0) + " UTC"
}

fn view(t: &Tr, e: AuditEntry) -> EntryView {
    EntryView {
        when: when(t, e.at),
        actor: if e.actor.is_empty() { t.get("audit-unknown-account") } else { e.actor },
        action: e.action,
        target: e.target,
        status: if e.status == 0 { String::new() } else { e.status.to_string() },
        address: e.address,
    }
}

#[derive(Template)]
#[template(path = "pages/audit.html")]
struct AuditPage {
    page: Page,
    summary: String,
    rows: Vec<EntryView>,
    prev: Option<String>,
    next: Option<String>,
}

#[derive(Deserialize, Default)]
pub struct AuditQuery {
    #[serde(default)]
    page: Option<i64>,
}

pub async fn list(
    State(state): State<AppState>,
    staff: Staff<Admins>,
    Query(q): Query<AuditQuery>,
) -> Result<Response, AppError> {
    let t = staff.t;
    let total = state.db.count_audit().await?;
    let last = ((total + PER_PAGE - 1) / PER_PAGE).max(1);
    let page_no = q.page.unwrap_or(1).clamp(1, last);
    let rows = state.db.audit_entries(PER_PAGE, (page_no - 1) * PER_PAGE).await?;
    let page = AuditPage {
        summary: t.args("audit-summary", &[("count", Arg::Num(total)), ("formatted", Arg::Str(&t.number(total)))]),
        rows: rows.into_iter().map(|e| view(&t, e)).collect(),
        prev: (page_no > 1).then(|| format!("/admin/audit?page={}", page_no - 1)),
        next: (page_no < last).then(|| format!("/admin/audit?page={}", page_no + 1)),
        page: Page::new(t, t.get("audit-title"), Some(staff.user)),
    };
    Ok(render(&page))
}

pub async fn csv(State(state): State<AppState>, _staff: Staff<Admins>) -> Result<Response, AppError> {
    let fail = |e: &dyn std::fmt::Display| AppError::Internal(format!("audit CSV: {e}"));
    let mut w = amane_app::csv_out::writer();
    amane_app::csv_out::row(&mut w, ["at_utc", "actor_id", "actor", "action", "target", "status", "address"])
        .map_err(|e| fail(&e))?;
    for e in state.db.audit_entries(CSV_ROWS, 0).await? {
        let at = jiff::Timestamp::from_millisecond(e.at).map(|t| t.to_string()).unwrap_or_default();
        amane_app::csv_out::row(
            &mut w,
            [at, e.actor_id.unwrap_or_default(), e.actor, e.action, e.target, e.status.to_string(), e.address],
        )
        .map_err(|e| fail(&e))?;
    }
    let bytes = w.into_inner().map_err(|e| fail(&e))?;
    let name = "attachment; filename=\"amane-audit.csv\"".to_owned();
    Ok(([(CONTENT_TYPE, "text/csv; charset=utf-8".to_owned()), (CONTENT_DISPOSITION, name)], bytes).into_response())
}
