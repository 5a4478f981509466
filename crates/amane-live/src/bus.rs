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

/// One notification: the envelopes a node had waiting, in order, as many as fit in one payload.
#[derive(Serialize, Deserialize)]
struct Wire {
    from: String,
    envelopes: Vec<Envelope>,
}

/// The most envelopes taken from the queue for one round of notifications.
const ROUND_MAX: usize = 2_000;

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
                            if w.envelopes.into_iter().any(|e| inbox.send(e).is_err()) {
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
            // One notification is one round trip to PostgreSQL, in order: everything waiting goes in as few as
            // fit (at 38,000 players on two nodes, one per envelope fell seconds behind).
            let mut waiting = Vec::new();
            while let Some(first) = rx.recv().await {
                waiting.push(first);
                while waiting.len() < ROUND_MAX {
                    match rx.try_recv() {
                        Ok(e) => waiting.push(e),
                        Err(_) => break,
                    }
                }
                Totals::add(&sent.sent_envelopes, waiting.len());
                for payload in pack(&node, waiting.drain(..)) {
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

/// Serialises envelopes into as few payloads as fit, in order, splitting personal deliveries too big for one.
fn pack(node: &str, envelopes: impl Iterator<Item = Envelope>) -> Vec<String> {
    let head = format!("{}\"envelopes\":[", own_prefix(node));
    let mut payloads = Vec::new();
    let mut current = head.clone();
    for envelope in envelopes {
        for part in encode(envelope, MAX_PAYLOAD - head.len() - 2) {
            if current.len() > head.len() && current.len() + 1 + part.len() + 2 > MAX_PAYLOAD {
                current.push_str("]}");
                payloads.push(std::mem::replace(&mut current, head.clone()));
            }
            if current.len() > head.len() {
                current.push(',');
            }
            current.push_str(&part);
        }
    }
    if current.len() > head.len() {
        current.push_str("]}");
        payloads.push(current);
    }
    payloads
}

/// One envelope as JSON of at most `max` bytes: a personal delivery is cut in halves until each fits; anything
/// else too big is dropped with a warning.
fn encode(envelope: Envelope, max: usize) -> Vec<String> {
    let json = serde_json::to_string(&envelope).unwrap_or_default();
    if json.len() <= max {
        return vec![json];
    }
    match envelope {
        Envelope::Deliver { node, items } if items.len() > 1 => {
            let (a, b) = items.split_at(items.len() / 2);
            let mut out = encode(Envelope::Deliver { node: node.clone(), items: a.to_vec() }, max);
            out.extend(encode(Envelope::Deliver { node, items: b.to_vec() }, max));
            out
        }
        _ => {
            tracing::warn!(bytes = json.len(), "live bus: an envelope is too large for NOTIFY and was dropped");
            Vec::new()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::protocol::Personal;

    fn one(node: &str, envelope: Envelope) -> String {
        let payloads = pack(node, std::iter::once(envelope));
        assert_eq!(payloads.len(), 1);
        payloads.into_iter().next().expect("a payload")
    }

    #[test]
    fn a_node_recognises_its_own_notifications_before_parsing_them() {
        let envelope = || Envelope::Moved { session: "g".into() };
        for node in ["a", "node \"b\" \\ é", "a-1"] {
            let payload = one(node, envelope());
            assert!(payload.starts_with(&own_prefix(node)), "{payload}");
            let wire: Wire = serde_json::from_str(&payload).expect("a wire envelope");
            assert_eq!(wire.from, node);
            assert_eq!(wire.envelopes, [envelope()]);
        }
        // Another node's name that this one's begins with is not this node.
        assert!(!one("a-1", envelope()).starts_with(&own_prefix("a")));
        assert!(!one("a", envelope()).starts_with(&own_prefix("a-1")));
    }

    fn delivery(conn: u64) -> Delivery {
        Delivery {
            conn,
            session: "3f1c9a6e-0000-4000-8000-000000000000".into(),
            personal: Personal::Accepted { question: 4 },
        }
    }

    #[test]
    fn envelopes_waiting_share_payloads_in_order_and_big_deliveries_are_cut_to_fit() {
        let mut sent = Vec::new();
        for n in 0..500u64 {
            sent.push(match n % 3 {
                0 => Envelope::Moved { session: format!("game-{n}") },
                1 => Envelope::Deliver { node: "b".into(), items: vec![delivery(n)] },
                // Some deliveries alone are bigger than a payload.
                _ => Envelope::Deliver { node: "b".into(), items: (0..n).map(delivery).collect() },
            });
        }
        let payloads = pack("a", sent.clone().into_iter());
        assert!(payloads.iter().all(|p| p.len() <= MAX_PAYLOAD));
        let bytes: usize = payloads.iter().map(String::len).sum();
        assert!(bytes / payloads.len() > MAX_PAYLOAD / 2, "{} notifications, {bytes} bytes", payloads.len());
        let small: Vec<Envelope> =
            (0..300).map(|n| Envelope::Deliver { node: "b".into(), items: vec![delivery(n)] }).collect();
        assert!(pack("a", small.into_iter()).len() <= 10, "300 small envelopes in a few notifications");
        // Read back in order, the deliveries cut in parts give the same messages in the same order.
        let flat = |envelopes: &[Envelope]| -> Vec<String> {
            envelopes
                .iter()
                .flat_map(|e| match e {
                    Envelope::Deliver { items, .. } => items.iter().map(|d| format!("deliver {}", d.conn)).collect(),
                    other => vec![format!("{other:?}")],
                })
                .collect()
        };
        let received: Vec<Envelope> =
            payloads.iter().flat_map(|p| serde_json::from_str::<Wire>(p).expect("a wire").envelopes).collect();
        assert!(received.len() > sent.len(), "the biggest deliveries were cut");
        assert_eq!(flat(&received), flat(&sent));
        assert!(pack("a", std::iter::empty()).is_empty());
    }
}
