//! Messages between nodes. A game's state lives on one node (its owner); participants may be connected to any
//! node. Commands travel to the owner, events to every node, personal messages to the node holding the
//! connection. `Bus` hides how: PostgreSQL LISTEN/NOTIFY here; Redis or NATS can be added behind the same trait.

pub use crate::messages::{Addr, Delivery, Envelope};
use amane_store::Db;
use serde::{Deserialize, Serialize};
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

/// LISTEN/NOTIFY on one channel per database schema; envelopes are sent in order by one task.
pub struct PgBus {
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
        let watched = db.clone();
        tokio::spawn(async move {
            loop {
                match listener.recv().await {
                    Ok(payload) => match serde_json::from_str::<Wire>(&payload) {
                        Ok(w) if w.from != me => {
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
        tokio::spawn(async move {
            while let Some(envelope) = rx.recv().await {
                for payload in split(&node, envelope) {
                    if let Err(e) = db.notify(&channel, &payload).await {
                        tracing::warn!(error = %e, "live bus: a notification was not sent");
                    }
                }
            }
        });
        Ok(Some(PgBus { out }))
    }
}

impl Bus for PgBus {
    fn publish(&self, envelope: Envelope) {
        let _ = self.out.send(envelope);
    }
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
