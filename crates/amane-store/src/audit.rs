//! The audit log: one row per staff action (a sign-in, a change, an import, an export, a game controlled), kept for
//! administrators. See the migration for what a row may hold.

use crate::db::{Db, Row, q};
use crate::error::Result;

/// One action.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AuditEntry {
    pub at: i64,
    /// The account, when there was one.
    pub actor_id: Option<String>,
    /// The account's e-mail then, `operator` at the terminal, or empty for an attempt by no known account.
    pub actor: String,
    /// What was done: `sign-in`, `sign-in-failed`, `POST /campaigns/{id}/edit`, `cli: deactivate`…
    pub action: String,
    /// What it was done to: the path with its ids, or the object named.
    pub target: String,
    /// The HTTP status of the answer (0 for an action from the terminal).
    pub status: i64,
    /// The client's network address, or empty.
    pub address: String,
}

fn entry(r: &Row) -> Result<AuditEntry> {
    Ok(AuditEntry {
        at: r.get("at")?,
        actor_id: r.get("actor_id")?,
        actor: r.get("actor")?,
        action: r.get("action")?,
        target: r.get("target")?,
        status: r.get("status")?,
        address: r.get("address")?,
    })
}

impl Db {
    pub async fn record_audit(&self, e: &AuditEntry) -> Result<()> {
        self.execute(
            q("INSERT INTO audit_log (id, at, actor_id, actor, action, target, status, address)
               VALUES ($1, $2, $3, $4, $5, $6, $7, $8)")
            .bind(uuid::Uuid::new_v4().to_string())
            .bind(e.at)
            .bind(e.actor_id.clone())
            .bind(e.actor.clone())
            .bind(e.action.clone())
            .bind(e.target.clone())
            .bind(e.status)
            .bind(e.address.clone()),
        )
        .await?;
        Ok(())
    }

    /// The newest entries first, `limit` of them from `offset`.
    pub async fn audit_entries(&self, limit: i64, offset: i64) -> Result<Vec<AuditEntry>> {
        self.fetch_all(
            q("SELECT at, actor_id, actor, action, target, status, address FROM audit_log
               ORDER BY at DESC, id LIMIT $1 OFFSET $2")
            .bind(limit)
            .bind(offset),
        )
        .await?
        .iter()
        .map(entry)
        .collect()
    }

    pub async fn count_audit(&self) -> Result<i64> {
        self.fetch_one(q("SELECT COUNT(*) AS n FROM audit_log")).await?.get("n")
    }
}
