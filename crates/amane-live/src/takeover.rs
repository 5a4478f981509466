//! Takeover (D23): nodes on PostgreSQL say they are alive in `live_nodes`, every third of the owner timeout.
//! A command for a game whose owner node has been silent longer than the timeout makes the node that got it
//! take the game over, with a compare-and-set on `live_sessions.node` so that of two nodes racing only one
//! wins; the winner tells every node (`Envelope::Moved`), which close their connections to the game (they
//! resume with the new owner) and, if one still runs it, only slow to say it is alive, lets it go.

use crate::messages::LiveError;
use crate::routing::Router;
use amane_store::Db;
use amane_store::live::{self as store, LiveSessionRow};
use std::sync::{Arc, Weak};
use std::time::Duration;

/// How long an owner node may stay silent before another node takes its games: `AMANE_LIVE_OWNER_TIMEOUT_MS`,
/// else 15 seconds. Nodes say they are alive three times as often.
pub fn owner_timeout_ms() -> i64 {
    std::env::var("AMANE_LIVE_OWNER_TIMEOUT_MS")
        .ok()
        .and_then(|v| v.parse().ok())
        .filter(|v| *v >= 300)
        .unwrap_or(15_000)
}

/// Which node runs a game, as this node finds it.
#[derive(Debug, PartialEq, Eq)]
pub(crate) enum Claim {
    /// This node: it is recorded as the owner (or just took the game over, or is the only node).
    Ours,
    /// Another node, alive or faster to take it over.
    Theirs(String),
}

/// This node's side of ownership between nodes.
pub(crate) struct Takeover {
    db: Db,
    node: String,
    timeout_ms: i64,
    /// Tests stop a node's heartbeats to make it look dead (or slow) while it still runs.
    #[cfg(test)]
    pub silent: std::sync::atomic::AtomicBool,
}

impl Takeover {
    pub(crate) fn new(db: Db, node: String, timeout_ms: i64) -> Takeover {
        Takeover {
            db,
            node,
            timeout_ms,
            #[cfg(test)]
            silent: Default::default(),
        }
    }

    /// How often a node says it is alive, and how long a node trusts what it read about another node's game.
    pub(crate) fn route_ttl(&self) -> Duration {
        Duration::from_millis((self.timeout_ms / 3) as u64)
    }

    /// Says this node is alive now and every `route_ttl` while `self` lives (only among PostgreSQL nodes).
    pub(crate) fn start_heartbeats(self: &Arc<Self>) {
        if self.db.is_shared() {
            tokio::spawn(heartbeats(Arc::downgrade(self)));
        }
    }

    /// Whether `node` has not said it is alive for longer than the owner timeout.
    async fn owner_is_gone(&self, node: &str) -> bool {
        match store::node_seen(&self.db, node).await {
            Ok(Some(seen)) => amane_store::now_ms() - seen > self.timeout_ms,
            Ok(None) => true,
            Err(_) => false,
        }
    }

    /// Who runs the game `row` describes. When its owner is another node that has been silent too long, this
    /// node tries to take the game over; if it wins, every node hears that the game moved and this node's
    /// connections to it close (they resume with this node). With SQLite there is only this node.
    pub(crate) async fn claim(&self, row: &LiveSessionRow, router: &Router) -> Result<Claim, LiveError> {
        let single = !self.db.is_shared();
        if row.game.node == self.node || single {
            return Ok(Claim::Ours);
        }
        if row.status.is_finished() || !self.owner_is_gone(&row.game.node).await {
            return Ok(Claim::Theirs(row.game.node.clone()));
        }
        let won = store::take_over(&self.db, &row.game.id, &row.game.node, &self.node)
            .await
            .map_err(LiveError::busy("taking over a game"))?;
        if won {
            tracing::warn!(session = %row.game.id, from = %row.game.node, "live game taken over from a silent node");
            router.moved(&row.game.id);
            router.local().close_watchers(&row.game.id);
            return Ok(Claim::Ours);
        }
        // Another node took it over first: its name is in the database now.
        let now = store::get(&self.db, &row.game.id).await.ok().flatten();
        Ok(Claim::Theirs(now.map_or_else(|| row.game.node.clone(), |r| r.game.node)))
    }
}

async fn heartbeats(takeover: Weak<Takeover>) {
    let Some(every) = takeover.upgrade().map(|t| t.route_ttl()) else { return };
    loop {
        let Some(t) = takeover.upgrade() else { break };
        #[cfg(test)]
        let beat = !t.silent.load(std::sync::atomic::Ordering::SeqCst);
        #[cfg(not(test))]
        let beat = true;
        if beat && let Err(e) = store::heartbeat(&t.db, &t.node, amane_store::now_ms()).await {
            tracing::warn!(error = %e, "live: this node could not say it is alive");
        }
        drop(t);
        tokio::time::sleep(every).await;
    }
}

#[cfg(test)]
mod tests;
