//! A node's batched writer (D21): one task per node takes every job waiting (up to 2,000), stores their writes
//! in one transaction, then hands over their messages in the order the jobs came. Messages with nothing to
//! store go through the same queue, so that each connection receives its messages in the order the game
//! produced them, and an `accepted` leaves only after its answer is committed. A batch that fails is retried,
//! then written row by row: one bad row does not sink the others, and its messages become refusals.

use crate::messages::{Addr, LiveError};
use crate::protocol::{Event, Personal};
use amane_store::Db;
use amane_store::live::{self as store, Write};
use std::collections::HashMap;
use std::sync::Weak;
use std::time::Duration;
use tokio::sync::mpsc;

/// The most jobs (so writes) in one transaction.
const BATCH_MAX: usize = 2_000;
/// How many times a whole batch is tried before it is written row by row.
const ATTEMPTS: u64 = 5;

/// A write for the store and the messages to send once it is stored (or at once when there is none), in order.
pub(crate) struct Job {
    pub session: String,
    pub write: Option<Write>,
    pub deliver: Vec<(Addr, Personal)>,
    /// A public event that must reach every watcher after the messages queued before it: the next question or
    /// the end of the game after the last results (a phone showing a result over the next question or the
    /// podium would hide it).
    pub broadcast: Option<Event>,
}

/// Where the writer hands the messages of a stored batch: the node's routing, which knows the connections.
pub(crate) trait Deliver: Send + Sync {
    /// Messages of one game, in the order they must arrive.
    fn deliver(&self, session: &str, items: Vec<(Addr, Personal)>);
    /// An event of one game, to every connection watching it.
    fn broadcast(&self, session: &str, event: Event);
}

/// The queue to a node's writer. Cheap to clone.
#[derive(Clone)]
pub(crate) struct Writer {
    jobs: mpsc::UnboundedSender<Job>,
    #[cfg(test)]
    pub stats: std::sync::Arc<Stats>,
}

/// What the writer did, for tests.
#[cfg(test)]
#[derive(Default)]
pub(crate) struct Stats {
    /// Jobs in each batch taken from the queue, in order.
    pub batches: std::sync::Mutex<Vec<usize>>,
    /// Transactions begun (a batch, its retries, and each row written alone).
    pub transactions: std::sync::atomic::AtomicUsize,
}

impl Writer {
    /// Starts the writer's task. It stops when every `Writer` is dropped or `to` is gone.
    pub(crate) fn start(db: Db, to: Weak<dyn Deliver>) -> Writer {
        let (jobs, rx) = mpsc::unbounded_channel();
        let writer = Writer {
            jobs,
            #[cfg(test)]
            stats: Default::default(),
        };
        tokio::spawn(run(
            Task {
                db,
                #[cfg(test)]
                stats: writer.stats.clone(),
            },
            to,
            rx,
        ));
        writer
    }

    /// Queues a job; its messages leave after every job queued before it.
    pub(crate) fn send(&self, job: Job) {
        let _ = self.jobs.send(job);
    }
}

struct Task {
    db: Db,
    #[cfg(test)]
    stats: std::sync::Arc<Stats>,
}

async fn run(task: Task, to: Weak<dyn Deliver>, mut jobs: mpsc::UnboundedReceiver<Job>) {
    let mut batch: Vec<Job> = Vec::with_capacity(BATCH_MAX);
    while let Some(first) = jobs.recv().await {
        batch.push(first);
        while batch.len() < BATCH_MAX {
            match jobs.try_recv() {
                Ok(j) => batch.push(j),
                Err(_) => break,
            }
        }
        #[cfg(test)]
        crate::messages::lock(&task.stats.batches).push(batch.len());
        let Some(to) = to.upgrade() else { break };
        // The jobs before the batch's first write depend on nothing it stores (what they follow was committed
        // with an earlier batch): their messages leave before the transaction, still in order. A game's `final`
        // frames do not wait for its finished status to be stored.
        let first_write = batch.iter().position(|j| j.write.is_some()).unwrap_or(batch.len());
        hand_over(to.as_ref(), batch.drain(..first_write));
        task.store(&mut batch).await;
        hand_over(to.as_ref(), batch.drain(..));
    }
}

/// Hands over the messages and events of stored (or write-free) jobs, grouped by game, each game's in the order
/// they came.
fn hand_over(to: &dyn Deliver, jobs: impl Iterator<Item = Job>) {
    let mut by_session: HashMap<String, Vec<(Addr, Personal)>> = HashMap::new();
    for Job { session, deliver, broadcast, .. } in jobs {
        match broadcast {
            None if deliver.is_empty() => {}
            None => by_session.entry(session).or_default().extend(deliver),
            Some(event) => {
                let mut items = by_session.remove(&session).unwrap_or_default();
                items.extend(deliver);
                if !items.is_empty() {
                    to.deliver(&session, items);
                }
                to.broadcast(&session, event);
            }
        }
    }
    for (session, items) in by_session {
        to.deliver(&session, items);
    }
}

impl Task {
    async fn write(&self, writes: &[Write]) -> Result<(), amane_store::StoreError> {
        #[cfg(test)]
        self.stats.transactions.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
        store::write_batch(&self.db, writes).await
    }

    /// Stores the batch's writes in one transaction, retried; failing that, row by row, turning the messages
    /// of each row that could not be stored into refusals.
    async fn store(&self, batch: &mut [Job]) {
        let writes: Vec<Write> = batch.iter().filter_map(|j| j.write.clone()).collect();
        if writes.is_empty() {
            return;
        }
        for attempt in 0..ATTEMPTS {
            match self.write(&writes).await {
                Ok(()) => return,
                Err(e) => {
                    tracing::warn!(error = %e, attempt, writes = writes.len(), "live: a batch was not stored; retrying");
                    tokio::time::sleep(Duration::from_millis(50 * (attempt + 1))).await;
                }
            }
        }
        // One bad write must not sink the others: store them one by one.
        for j in batch.iter_mut() {
            if let Some(w) = &j.write
                && self.write(std::slice::from_ref(w)).await.is_err()
            {
                // The summary, not the write: a write holds a child's nickname, an answer's text or a secret.
                tracing::error!(write = %w.summary(), "live: a write was lost");
                refuse(&mut j.deliver);
            }
        }
    }
}

/// The messages of a write that was lost: an `accepted` becomes a refused answer, anything else `server_busy`.
fn refuse(deliver: &mut [(Addr, Personal)]) {
    for (_, p) in deliver {
        *p = match p {
            Personal::Accepted { question } => Personal::Refused { question: *question, code: "server_busy".into() },
            _ => LiveError::new("server_busy").personal(),
        };
    }
}

#[cfg(test)]
mod tests;
