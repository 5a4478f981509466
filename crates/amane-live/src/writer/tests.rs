//! The writer against real databases (SQLite, and PostgreSQL when configured), with a sink in place of the
//! routing that records what leaves, when, and what was stored at that moment.

use super::*;
use crate::messages::lock;
use amane_store::live::{AnswerRow, LiveGame, PlayerRow};
use amane_store::testing::{self, TestDb};
use std::sync::{Arc, Mutex};

/// What the sink saw at one delivery.
struct Seen {
    session: String,
    items: Vec<(Addr, Personal)>,
    /// The (player, question) pairs stored when these messages left.
    stored: Vec<(i64, i64)>,
}

/// Records deliveries. The first one can be held until the test lets it go, which keeps the writer busy.
struct Sink {
    db: Db,
    session: String,
    seen: Mutex<Vec<Seen>>,
    entered: Mutex<Option<tokio::sync::oneshot::Sender<()>>>,
    hold: Mutex<Option<std::sync::mpsc::Receiver<()>>>,
}

impl Deliver for Sink {
    fn deliver(&self, session: &str, items: Vec<(Addr, Personal)>) {
        let (db, s) = (self.db.clone(), self.session.clone());
        // The sink runs on the writer's task: wait there for the database, as a slow delivery would.
        let stored = tokio::task::block_in_place(|| {
            tokio::runtime::Handle::current().block_on(async move {
                let answers = store::answers(&db, &s).await.expect("answers");
                answers.iter().map(|a| (a.player_idx, a.question_idx)).collect()
            })
        });
        lock(&self.seen).push(Seen { session: session.to_owned(), items, stored });
        if let Some(tx) = lock(&self.entered).take() {
            let _ = tx.send(());
        }
        if let Some(rx) = lock(&self.hold).take() {
            tokio::task::block_in_place(|| {
                let _ = rx.recv();
            });
        }
    }

    fn broadcast(&self, session: &str, _: crate::protocol::Event) {
        lock(&self.seen).push(Seen { session: format!("{session} (event)"), items: Vec::new(), stored: Vec::new() });
    }
}

/// A sink whose first delivery waits: the receiver says the writer got there, the sender lets it go on.
fn held_sink(db: &Db, session: &str) -> (Arc<Sink>, tokio::sync::oneshot::Receiver<()>, std::sync::mpsc::Sender<()>) {
    let (entered_tx, entered) = tokio::sync::oneshot::channel();
    let (release, hold) = std::sync::mpsc::channel();
    let sink = Arc::new(Sink {
        db: db.clone(),
        session: session.to_owned(),
        seen: Mutex::default(),
        entered: Mutex::new(Some(entered_tx)),
        hold: Mutex::new(Some(hold)),
    });
    (sink, entered, release)
}

fn start(db: &Db, sink: &Arc<Sink>) -> Writer {
    let to: Weak<dyn Deliver> = Arc::downgrade(sink) as Weak<dyn Deliver>;
    Writer::start(db.clone(), to)
}

/// A game row to hang players and answers on.
async fn session(t: &TestDb) -> String {
    let id = uuid::Uuid::new_v4().to_string();
    store::create(
        &t.db,
        &LiveGame {
            id: id.clone(),
            node: "node-a".into(),
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
    id
}

fn player(session: &str, idx: i64) -> Write {
    Write::Player {
        session: session.to_owned(),
        player: PlayerRow {
            idx,
            nickname: format!("Joueur-{idx}"),
            resume_hash: format!("hash-{idx}"),
            switch_code: format!("CODE{idx:02}"),
            kicked: false,
        },
        joined_at: 0,
    }
}

fn answer(session: &str, player: i64, question: i64) -> Write {
    Write::Answer {
        session: session.to_owned(),
        answer: AnswerRow {
            player_idx: player,
            question_idx: question,
            question_id: format!("q{question}"),
            answer: "{}".into(),
            correct_milli: 1000,
            points: 900,
            elapsed_ms: 100,
            answered_at: 0,
        },
    }
}

fn to(conn: u64) -> Addr {
    Addr { node: "node-a".into(), conn }
}

fn job(session: &str, write: Option<Write>, conn: u64, p: Personal) -> Job {
    Job { session: session.to_owned(), write, deliver: vec![(to(conn), p)], broadcast: None }
}

fn result(index: u32) -> Personal {
    Personal::Result { index, answered: true, correct: true, points: 900, score: 900, rank: 1, streak: 1 }
}

fn welcome(session: &str, player: u32) -> Personal {
    Personal::Welcome {
        session: session.to_owned(),
        player,
        nickname: format!("Joueur-{player}"),
        token: String::new(),
        code: String::new(),
        score: 0,
        rank: None,
        answered: None,
    }
}

/// Waits until the sink has seen `n` messages in all.
async fn delivered(sink: &Sink, n: usize) {
    let wait = async {
        while lock(&sink.seen).iter().map(|s| s.items.len()).sum::<usize>() < n {
            tokio::time::sleep(Duration::from_millis(10)).await;
        }
    };
    tokio::time::timeout(Duration::from_secs(20), wait).await.expect("every message delivered");
}

/// The messages one connection received, in order.
fn received(sink: &Sink, conn: u64) -> Vec<Personal> {
    lock(&sink.seen)
        .iter()
        .flat_map(|s| s.items.iter())
        .filter(|(a, _)| a.conn == conn)
        .map(|(_, p)| p.clone())
        .collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn jobs_waiting_while_the_writer_is_busy_are_stored_in_one_transaction_then_delivered() {
    for t in testing::all().await {
        let id = session(&t).await;
        let (sink, entered, release) = held_sink(&t.db, &id);
        let writer = start(&t.db, &sink);
        writer.send(job(&id, Some(player(&id, 0)), 1, welcome(&id, 0)));
        entered.await.expect("the first batch delivered");
        // The writer is busy handing over the first batch: everything queued now waits for it.
        for q in 0..300 {
            writer.send(job(&id, Some(answer(&id, 0, q)), 1, Personal::Accepted { question: q as u32 }));
        }
        release.send(()).expect("let go");
        delivered(&sink, 301).await;

        assert_eq!(*lock(&writer.stats.batches), vec![1, 300], "the 300 waiting jobs made one batch");
        assert_eq!(writer.stats.transactions.load(std::sync::atomic::Ordering::SeqCst), 2, "one per batch");
        {
            let seen = lock(&sink.seen);
            assert_eq!(seen.len(), 2);
            assert!(seen[0].stored.is_empty(), "the first batch stored a player, no answer");
            assert_eq!(seen[1].stored.len(), 300, "every answer was committed before any `accepted` left");
        }
        let expected: Vec<Personal> =
            std::iter::once(welcome(&id, 0)).chain((0..300).map(|q| Personal::Accepted { question: q })).collect();
        assert_eq!(received(&sink, 1), expected, "in the order they were queued");
        assert_eq!(store::answers(&t.db, &id).await.expect("answers").len(), 300);
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn messages_queued_before_a_batchs_first_write_leave_before_its_transaction() {
    for t in testing::all().await {
        let id = session(&t).await;
        let (sink, entered, release) = held_sink(&t.db, &id);
        let writer = start(&t.db, &sink);
        writer.send(job(&id, Some(player(&id, 0)), 1, welcome(&id, 0)));
        entered.await.expect("the first batch delivered");
        // Queued while the writer is busy: results (nothing to store), then an answer, then another result.
        for conn in 2..5 {
            writer.send(job(&id, None, conn, result(0)));
        }
        writer.send(job(&id, Some(answer(&id, 0, 1)), 1, Personal::Accepted { question: 1 }));
        writer.send(job(&id, None, 2, result(1)));
        release.send(()).expect("let go");
        delivered(&sink, 6).await;

        assert_eq!(*lock(&writer.stats.batches), vec![1, 5], "one batch");
        let seen = lock(&sink.seen);
        let results_first = seen.iter().find(|s| s.items.iter().any(|(a, _)| a.conn == 3)).expect("connection 3");
        assert!(results_first.stored.is_empty(), "the results before the answer did not wait for its transaction");
        assert_eq!(results_first.items.len(), 3);
        let last = seen.last().expect("a delivery");
        assert_eq!(last.stored, vec![(0, 1)], "the `accepted` and what follows it left after the commit");
        assert_eq!(last.items.len(), 2);
        drop(seen);
        assert_eq!(received(&sink, 2), vec![result(0), result(1)], "in order");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_answer_written_twice_in_one_statement_is_kept_once_and_the_rest_of_the_batch_stored() {
    for t in testing::all().await {
        let id = session(&t).await;
        let (sink, entered, release) = held_sink(&t.db, &id);
        let writer = start(&t.db, &sink);
        writer.send(job(&id, Some(player(&id, 0)), 1, welcome(&id, 0)));
        entered.await.expect("the first batch delivered");
        // 41 answers in a row (statements of 32, 4, 4 and 1 rows), question 10's twice, side by side in the
        // first statement.
        for q in (0..=10).chain(10..40) {
            writer.send(job(&id, Some(answer(&id, 0, q)), 1, Personal::Accepted { question: q as u32 }));
        }
        release.send(()).expect("let go");
        delivered(&sink, 42).await;
        assert_eq!(writer.stats.transactions.load(std::sync::atomic::Ordering::SeqCst), 2, "no retry");
        let stored = store::answers(&t.db, &id).await.expect("answers");
        assert_eq!(stored.len(), 40);
        assert_eq!(received(&sink, 1).len(), 42, "the welcome and every `accepted`");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_failing_row_does_not_sink_the_others_and_its_message_becomes_a_refusal() {
    for t in testing::all().await {
        let id = session(&t).await;
        let (sink, entered, release) = held_sink(&t.db, &id);
        let writer = start(&t.db, &sink);
        writer.send(job(&id, None, 9, Personal::Pong));
        entered.await.expect("the first batch delivered");
        writer.send(job(&id, Some(player(&id, 1)), 1, welcome(&id, 1)));
        // No player 7: the answer breaks a foreign key.
        writer.send(job(&id, Some(answer(&id, 7, 0)), 2, Personal::Accepted { question: 0 }));
        // Player 1 again: the same primary key.
        writer.send(job(&id, Some(player(&id, 1)), 3, welcome(&id, 1)));
        writer.send(job(&id, Some(answer(&id, 1, 0)), 1, Personal::Accepted { question: 0 }));
        writer.send(job(&id, None, 1, result(0)));
        release.send(()).expect("let go");
        delivered(&sink, 6).await;

        assert_eq!(*lock(&writer.stats.batches), vec![1, 5]);
        let transactions = writer.stats.transactions.load(std::sync::atomic::Ordering::SeqCst);
        assert_eq!(transactions, ATTEMPTS as usize + 4, "the batch, retried, then its four writes one by one");
        assert_eq!(received(&sink, 1), vec![welcome(&id, 1), Personal::Accepted { question: 0 }, result(0)]);
        assert_eq!(
            received(&sink, 2),
            vec![Personal::Refused { question: 0, code: "server_busy".into() }],
            "a lost answer is refused, not acknowledged"
        );
        assert_eq!(received(&sink, 3), vec![LiveError::new("server_busy").personal()]);
        let players = store::players(&t.db, &id).await.expect("players");
        assert_eq!(players.iter().map(|p| p.idx).collect::<Vec<_>>(), vec![1]);
        let answers = store::answers(&t.db, &id).await.expect("answers");
        assert_eq!(answers.iter().map(|a| (a.player_idx, a.question_idx)).collect::<Vec<_>>(), vec![(1, 0)]);
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn each_connection_receives_its_messages_in_the_order_the_game_produced_them() {
    for t in testing::all().await {
        let (a, b) = (session(&t).await, session(&t).await);
        let (sink, entered, release) = held_sink(&t.db, &a);
        let writer = start(&t.db, &sink);
        writer.send(job(&a, None, 9, Personal::Pong));
        entered.await.expect("the first batch delivered");
        // Two games, three connections; messages with writes and without, interleaved, in one batch and then
        // in whatever batches the writer makes while they keep coming.
        let mut expected: HashMap<u64, Vec<Personal>> = HashMap::new();
        let mut send = |game: &str, write: Option<Write>, conn: u64, p: Personal| {
            expected.entry(conn).or_default().push(p.clone());
            writer.send(job(game, write, conn, p));
        };
        send(&a, Some(player(&a, 0)), 1, welcome(&a, 0));
        send(&b, Some(player(&b, 0)), 3, welcome(&b, 0));
        send(&a, Some(player(&a, 1)), 2, welcome(&a, 1));
        for q in 0..40 {
            let qi = q as u32;
            send(&a, Some(answer(&a, 0, q)), 1, Personal::Accepted { question: qi });
            send(&b, None, 3, result(qi));
            send(&a, None, 1, result(qi));
            // Player 1 comes back on connection 2 (nothing to store) just before the result.
            send(&a, None, 2, welcome(&a, 1));
            send(&a, None, 2, result(qi));
            send(&b, Some(answer(&b, 0, q)), 3, Personal::Accepted { question: qi });
            if q == 19 {
                release.send(()).expect("let go");
            }
            if q % 10 == 9 {
                tokio::task::yield_now().await;
            }
        }
        let total = expected.values().map(Vec::len).sum::<usize>() + 1;
        delivered(&sink, total).await;
        for (conn, want) in &expected {
            assert_eq!(&received(&sink, *conn), want, "connection {conn}");
        }
        assert!(lock(&sink.seen).iter().all(|s| s.session == a || s.session == b));
        assert!(lock(&writer.stats.batches).len() >= 2);
    }
}
