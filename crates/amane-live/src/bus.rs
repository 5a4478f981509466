//! Messages between nodes. A game's state lives on one node (its owner); participants may be connected to any
//! node. Commands travel to the owner, events to every node, personal messages to the node holding the
//! connection. `Bus` hides how: PostgreSQL LISTEN/NOTIFY here; Redis or NATS can be added behind the same trait.

pub use crate::messages::{Addr, Delivery, Envelope};
use amane_store::Db;
use serde::{Deserialize, Serialize};
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;
use tokio::sync::mpsc;

/// Sends envelopes to the other nodes. Received envelopes go to the inbox given when the bus was started.
pub trait Bus: Send + Sync {
    fn publish(&self, envelope: Envelope);
}

/// One node alone (SQLite, or a single PostgreSQL node): nobody else to tell.
pub struct LocalBus;

impl Bus for LocalBus {
    fn publish(&self, _: Envelope) {}
}

/// PostgreSQL's payload limit is 8,000 bytes; bigger envelopes are split by the sender.
pub const MAX_PAYLOAD: usize = 7_900;

#[derive(Serialize, Deserialize)]
struct Wire {
    from: String,
    #[serde(flatten)]
    envelope: Envelope,
}

/// How often a node logs its bus totals (when they changed): what the nodes of a cluster cost each other, read
/// by `bench/live-nodes.sh` as messages and bytes per answer.
const TOTALS_EVERY: Duration = Duration::from_secs(5);

/// What a node sent and received over the bus since it started.
#[derive(Default)]
struct Totals {
    sent_envelopes: AtomicU64,
    sent_notifications: AtomicU64,
    sent_bytes: AtomicU64,
    received_notifications: AtomicU64,
    received_bytes: AtomicU64,
}

impl Totals {
    fn add(counter: &AtomicU64, n: usize) {
        counter.fetch_add(n as u64, Ordering::Relaxed);
    }

    fn read(&self) -> [u64; 5] {
        [
            &self.sent_envelopes,
            &self.sent_notifications,
            &self.sent_bytes,
            &self.received_notifications,
            &self.received_bytes,
        ]
        .map(|c| c.load(Ordering::Relaxed))
    }

    /// Logs the totals every `TOTALS_EVERY` while they change, until the bus is gone.
    fn log_while(totals: std::sync::Weak<Totals>) {
        tokio::spawn(async move {
            let mut last = [0; 5];
            let mut tick = tokio::time::interval(TOTALS_EVERY);
            loop {
                tick.tick().await;
                let Some(t) = totals.upgrade() else { break };
                let now = t.read();
                if now != last {
                    let [sent_envelopes, sent_notifications, sent_bytes, received_notifications, received_bytes] = now;
                    tracing::info!(
                        sent_envelopes,
                        sent_notifications,
                        sent_bytes,
                        received_notifications,
                        received_bytes,
                        "live bus: totals"
                    );
                    last = now;
                }
            }
        });
    }
}

/// LISTEN/NOTIFY on one channel per database schema; envelopes are sent in order by one task.
pub struct PgBus {
    /// Kept for the totals' log, which stops when the bus is dropped.
    _totals: Arc<Totals>,
    out: mpsc::UnboundedSender<Envelope>,
}

impl PgBus {
    /// Listens on the channel and forwards what other nodes send to `inbox`. `None` on SQLite.
    pub async fn start(
        db: Db,
        node: String,
        inbox: mpsc::UnboundedSender<Envelope>,
    ) -> Result<Option<PgBus>, amane_store::StoreError> {
        let schema = db.schema_name().await?;
        let channel: String = format!("amane_live_{schema}").chars().take(63).collect();
        let Some(mut listener) = db.listen(&channel).await? else { return Ok(None) };
        let me = node.clone();
        let own_prefix = own_prefix(&me);
        let watched = db.clone();
        let totals = Arc::new(Totals::default());
        Totals::log_while(Arc::downgrade(&totals));
        let received = totals.clone();
        tokio::spawn(async move {
            loop {
                match listener.recv().await {
                    Ok(payload) if payload.starts_with(&own_prefix) => {}
                    Ok(payload) => match serde_json::from_str::<Wire>(&payload) {
                        Ok(w) if w.from != me => {
                            Totals::add(&received.received_notifications, 1);
                            Totals::add(&received.received_bytes, payload.len());
                            if inbox.send(w.envelope).is_err() {
                                break;
                            }
                        }
                        Ok(_) => {}
                        Err(e) => tracing::warn!(error = %e, "live bus: an envelope could not be read"),
                    },
                    Err(e) => {
                        if watched.postgres_pool().is_none_or(|p| p.is_closed()) {
                            break;
                        }
                        tracing::warn!(error = %e, "live bus: listening failed; retrying");
                        tokio::time::sleep(std::time::Duration::from_millis(200)).await;
                    }
                }
            }
        });
        let (out, mut rx) = mpsc::unbounded_channel::<Envelope>();
        let sent = totals.clone();
        tokio::spawn(async move {
            while let Some(envelope) = rx.recv().await {
                Totals::add(&sent.sent_envelopes, 1);
                for payload in split(&node, envelope) {
                    Totals::add(&sent.sent_notifications, 1);
                    Totals::add(&sent.sent_bytes, payload.len());
                    if let Err(e) = db.notify(&channel, &payload).await {
                        tracing::warn!(error = %e, "live bus: a notification was not sent");
                    }
                }
            }
        });
        Ok(Some(PgBus { _totals: totals, out }))
    }
}

impl Bus for PgBus {
    fn publish(&self, envelope: Envelope) {
        let _ = self.out.send(envelope);
    }
}

/// How this node's own notifications begin: every node hears them too, and skips them before parsing them.
fn own_prefix(node: &str) -> String {
    format!("{{\"from\":{},", serde_json::to_string(node).unwrap_or_default())
}

/// Serialises an envelope, splitting personal deliveries so that each payload fits.
fn split(node: &str, envelope: Envelope) -> Vec<String> {
    let encode = |envelope: Envelope| {
        serde_json::to_string(&Wire { from: node.to_owned(), envelope }).unwrap_or_else(|_| String::new())
    };
    match envelope {
        Envelope::Deliver { node: to, items } if items.len() > 1 => {
            let whole = encode(Envelope::Deliver { node: to.clone(), items: items.clone() });
            if whole.len() <= MAX_PAYLOAD {
                return vec![whole];
            }
            let half = items.len() / 2;
            let (a, b) = items.split_at(half);
            let mut out = split(node, Envelope::Deliver { node: to.clone(), items: a.to_vec() });
            out.extend(split(node, Envelope::Deliver { node: to, items: b.to_vec() }));
            out
        }
        other => {
            let s = encode(other);
            if s.len() > MAX_PAYLOAD {
                tracing::warn!(bytes = s.len(), "live bus: an envelope is too large for NOTIFY and was dropped");
                return Vec::new();
            }
            vec![s]
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_node_recognises_its_own_notifications_before_parsing_them() {
        let envelope = || Envelope::Moved { session: "g".into() };
        for node in ["a", "node \"b\" \\ é", "a-1"] {
            let payload = &split(node, envelope())[0];
            assert!(payload.starts_with(&own_prefix(node)), "{payload}");
            let wire: Wire = serde_json::from_str(payload).expect("a wire envelope");
            assert_eq!(wire.from, node);
        }
        // Another node's name that this one's begins with is not this node.
        assert!(!split("a-1", envelope())[0].starts_with(&own_prefix("a")));
        assert!(!split("a", envelope())[0].starts_with(&own_prefix("a-1")));
    }
}
