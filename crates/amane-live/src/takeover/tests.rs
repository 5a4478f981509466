//! Deciding who owns a game, against real databases. Several nodes share one database only on PostgreSQL:
//! those tests need `AMANE_TEST_DATABASE_URL` (skipped without it, failing under `CI=true`).

use super::*;
use crate::bus::Bus;
use crate::fanout::Local;
use crate::messages::{Envelope, lock};
use amane_store::live::{LiveGame, LiveStatus};
use amane_store::testing::{self, TestDb};
use std::sync::Mutex;

/// A bus that keeps what it was asked to publish.
#[derive(Default)]
struct Recorder(Arc<Mutex<Vec<Envelope>>>);

impl Bus for Recorder {
    fn publish(&self, envelope: Envelope) {
        lock(&self.0).push(envelope);
    }
}

/// A node's takeover and routing (its bus records), with an owner timeout of one second.
fn node(t: &TestDb, name: &str) -> (Takeover, Router, Arc<Mutex<Vec<Envelope>>>) {
    let sent = Arc::new(Mutex::default());
    let takeover = Takeover::new(t.db.clone(), name.into(), 1_000);
    let router =
        Router::new(name.into(), Box::new(Recorder(sent.clone())), Arc::new(Local::new()), takeover.route_ttl());
    (takeover, router, sent)
}

/// A game owned by `owner`.
async fn game(t: &TestDb, owner: &str) -> LiveSessionRow {
    let id = uuid::Uuid::new_v4().to_string();
    store::create(
        &t.db,
        &LiveGame {
            id: id.clone(),
            node: owner.into(),
            owner_id: testing::facilitator(&t.db).await,
            workshop_id: None,
            module_id: "m".into(),
            audience: "12-14".into(),
            lang: "fr".into(),
            settings: "{}".into(),
            questions: "[]".into(),
        },
    )
    .await
    .expect("a game");
    store::get(&t.db, &id).await.expect("read").expect("the game")
}

fn moved(sent: &Mutex<Vec<Envelope>>) -> Vec<String> {
    lock(sent)
        .iter()
        .filter_map(|e| match e {
            Envelope::Moved { session } => Some(session.clone()),
            _ => None,
        })
        .collect()
}

#[tokio::test]
async fn with_sqlite_every_game_is_this_nodes() {
    let t = testing::sqlite().await;
    let (b, router, sent) = node(&t, "node-b");
    let row = game(&t, "node-a").await;
    assert_eq!(b.claim(&row, &router).await, Ok(Claim::Ours), "one node: it takes back whatever it finds");
    assert!(lock(&sent).is_empty(), "nobody to tell");
}

#[tokio::test]
async fn a_node_that_says_it_is_alive_keeps_its_games() {
    let Some(url) = testing::postgres_url() else { return };
    let t = testing::postgres(&url).await;
    let (b, router, sent) = node(&t, "node-b");
    let row = game(&t, "node-a").await;
    store::heartbeat(&t.db, "node-a", amane_store::now_ms()).await.expect("heartbeat");
    assert_eq!(b.claim(&row, &router).await, Ok(Claim::Theirs("node-a".into())));
    assert_eq!(b.claim(&game(&t, "node-b").await, &router).await, Ok(Claim::Ours), "its own game");

    // Silent, but the game is over: nothing to take.
    store::heartbeat(&t.db, "node-a", amane_store::now_ms() - 60_000).await.expect("heartbeat");
    let finished = LiveSessionRow { status: LiveStatus::Finished, ..row.clone() };
    assert_eq!(b.claim(&finished, &router).await, Ok(Claim::Theirs("node-a".into())));
    assert!(moved(&sent).is_empty());
    assert_eq!(store::get(&t.db, &row.game.id).await.expect("read").expect("game").game.node, "node-a");
}

#[tokio::test]
async fn of_two_nodes_racing_for_a_silent_owners_game_one_wins_and_the_other_learns_which() {
    let Some(url) = testing::postgres_url() else { return };
    let t = testing::postgres(&url).await;
    let (b, router_b, sent_b) = node(&t, "node-b");
    let (c, router_c, sent_c) = node(&t, "node-c");
    let row = game(&t, "node-a").await;
    // Node A last said it was alive five seconds ago; the timeout is one second.
    store::heartbeat(&t.db, "node-a", amane_store::now_ms() - 5_000).await.expect("heartbeat");

    // Both read the game while A owned it, and both see A silent.
    let (rb, rc) = tokio::join!(b.claim(&row, &router_b), c.claim(&row, &router_c));
    let owner = store::get(&t.db, &row.game.id).await.expect("read").expect("game").game.node;
    match (rb, rc) {
        (Ok(Claim::Ours), Ok(Claim::Theirs(n))) => {
            assert_eq!((owner.as_str(), n.as_str()), ("node-b", "node-b"));
            assert_eq!(moved(&sent_b), vec![row.game.id.clone()], "the winner tells every node");
            assert!(moved(&sent_c).is_empty(), "the loser does not");
        }
        (Ok(Claim::Theirs(n)), Ok(Claim::Ours)) => {
            assert_eq!((owner.as_str(), n.as_str()), ("node-c", "node-c"));
            assert_eq!(moved(&sent_c), vec![row.game.id.clone()], "the winner tells every node");
            assert!(moved(&sent_b).is_empty(), "the loser does not");
        }
        other => panic!("exactly one node takes the game over: {other:?}"),
    }

    // A node never heard of counts as gone, too.
    let orphan = game(&t, "node-z").await;
    assert_eq!(b.claim(&orphan, &router_b).await, Ok(Claim::Ours));
}

#[tokio::test]
async fn nodes_say_they_are_alive_until_they_fall_silent() {
    let Some(url) = testing::postgres_url() else { return };
    let t = testing::postgres(&url).await;
    let a = Arc::new(Takeover::new(t.db.clone(), "node-a".into(), 1_000));
    a.start_heartbeats();
    let seen = || async { store::node_seen(&t.db, "node-a").await.expect("read") };
    let wait_for_first = async {
        while seen().await.is_none() {
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
    };
    tokio::time::timeout(Duration::from_secs(5), wait_for_first).await.expect("a first heartbeat");
    let (b, router, _) = node(&t, "node-b");
    let row = game(&t, "node-a").await;
    // Longer than the timeout (one second), while A says it is alive every third of it.
    tokio::time::sleep(Duration::from_millis(1_200)).await;
    assert_eq!(b.claim(&row, &router).await, Ok(Claim::Theirs("node-a".into())), "heartbeats keep coming");

    a.silent.store(true, std::sync::atomic::Ordering::SeqCst);
    tokio::time::sleep(Duration::from_millis(1_500)).await;
    assert_eq!(b.claim(&row, &router).await, Ok(Claim::Ours), "silent longer than the timeout: taken over");
}
