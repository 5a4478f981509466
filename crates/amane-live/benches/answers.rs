//! Durable answers per second on one node (issue 15: at least 20,000 acknowledged answers a second on SQLite),
//! apart from the WebSocket and the fan-out: the node's engine (`Hub`) with in-process connections, its owner
//! tasks and its batched writer, on a real database file. Each round opens a question in every game, sends every
//! player's answer at once, and times until the last `accepted` arrived: an `accepted` leaves only after the
//! transaction holding its answer committed (D21).
//!
//! cargo bench -p amane-live --bench answers
//! AMANE_BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/test cargo bench -p amane-live --bench answers
//!   (PostgreSQL too, in a new schema of its own, as the tests make them)
//! AMANE_BENCH_GAMES=100 AMANE_BENCH_PLAYERS=200 AMANE_BENCH_ROUNDS=5 (the defaults)

use amane_content::model::{Question, QuestionKind, Text3};
use amane_domain::{Audience, Lang};
use amane_live::game::{Settings, WireAnswer};
use amane_live::protocol::Personal;
use amane_live::{Connection, Control, Hub, NewGame, Out};
use amane_store::{Db, DbUrl};
use std::time::{Duration, Instant};

fn setting(name: &str, default: usize) -> usize {
    std::env::var(name).ok().and_then(|v| v.parse().ok()).filter(|n| *n > 0).unwrap_or(default)
}

/// Single-choice questions for 12–14 from the built-in curriculum, and the index of a right option of each.
fn questions(n: usize) -> Vec<(Question, usize)> {
    let c = amane_content::load_builtin().expect("the built-in curriculum");
    c.modules
        .iter()
        .flat_map(|m| &m.questions)
        .filter(|q| q.audiences.contains(&Audience::Age12To14))
        .filter_map(|q| match &q.kind {
            QuestionKind::Single { choices } => Some((q.clone(), choices.iter().position(|c| c.correct)?)),
            _ => None,
        })
        .take(n)
        .collect()
}

/// Waits for the next personal message of a connection, skipping shared frames.
async fn personal(c: &mut Connection) -> Personal {
    loop {
        match tokio::time::timeout(Duration::from_secs(60), c.rx.recv()).await.expect("a message within a minute") {
            Some(Out::Personal(p)) => return *p,
            Some(Out::Close) | None => panic!("the node closed a connection"),
            Some(_) => continue,
        }
    }
}

/// A nickname per player: a word and a counter that spells no word.
fn nickname(mut n: usize) -> String {
    // As the load generator's counters: no vowel, and no letter of a blocked abbreviation.
    const LETTERS: &[u8] = b"bghjqrz2689";
    let mut tail = String::new();
    loop {
        tail.push(LETTERS[n % LETTERS.len()] as char);
        n /= LETTERS.len();
        if n == 0 {
            break;
        }
    }
    format!("Lynx-{tail}")
}

struct Player {
    conn: Connection,
    game: usize,
    number: u32,
}

async fn measure(db: Db, label: &str) {
    let (games, per_game, rounds) =
        (setting("AMANE_BENCH_GAMES", 100), setting("AMANE_BENCH_PLAYERS", 200), setting("AMANE_BENCH_ROUNDS", 5));
    let qs = questions(rounds);
    assert_eq!(qs.len(), rounds, "the curriculum has fewer single-choice questions for 12-14 than rounds");
    let hub = Hub::local(db.clone(), "bench".into());
    let owner = amane_store::testing::facilitator(&db).await;
    let mut ids = Vec::new();
    let mut pins = Vec::new();
    for g in 0..games {
        let settings = Settings {
            title: Text3::one(Lang::Fr, format!("Banc {g}")),
            scoring: Default::default(),
            streaks: true,
            teams: false,
            no_device: false,
            time_limit_s: None,
            auto_close: false,
        };
        let (id, pin) = hub
            .create(NewGame {
                owner_id: owner,
                workshop_id: None,
                module_id: "mixed".into(),
                audience: "12-14".into(),
                lang: Lang::Fr,
                settings,
                questions: qs.iter().map(|(q, _)| q.clone()).collect(),
            })
            .await
            .expect("a game");
        ids.push(id);
        pins.push(pin);
    }
    let started = Instant::now();
    let mut players = Vec::with_capacity(games * per_game);
    for n in 0..games * per_game {
        let game = n % games;
        let conn = hub.connect(Lang::Fr);
        hub.join(conn.id, &pins[game], &nickname(n), Lang::Fr, None, None).await.expect("join sent");
        players.push(Player { conn, game, number: 0 });
    }
    for p in &mut players {
        match personal(&mut p.conn).await {
            Personal::Welcome { player, .. } => p.number = player,
            other => panic!("a welcome, not {other:?}"),
        }
    }
    println!(
        "{label}: {} players joined {games} games in {:.2} s (each join stored before its welcome)",
        players.len(),
        started.elapsed().as_secs_f64()
    );

    let mut rates = Vec::new();
    for (round, (_, right)) in qs.iter().enumerate() {
        for id in &ids {
            hub.control(id, Control::Next).await.expect("the question opens");
        }
        let t0 = Instant::now();
        for (n, p) in players.iter().enumerate() {
            let choice = if n % 3 == 0 { (right + 1) % 2 } else { *right };
            let answer = WireAnswer { choices: Some(vec![choice]), ..Default::default() };
            hub.answer(p.conn.id, &ids[p.game], p.number, round as u32, answer, Lang::Fr).await.expect("answer sent");
        }
        let sent = t0.elapsed();
        for p in &mut players {
            match personal(&mut p.conn).await {
                Personal::Accepted { .. } => {}
                other => panic!("an `accepted`, not {other:?}"),
            }
        }
        let all = t0.elapsed();
        let rate = players.len() as f64 / all.as_secs_f64();
        rates.push(rate);
        println!(
            "{label}: round {}: {} answers sent in {:.0} ms, all acknowledged after {:.0} ms: {rate:.0} answers/s",
            round + 1,
            players.len(),
            sent.as_secs_f64() * 1e3,
            all.as_secs_f64() * 1e3
        );
        for id in &ids {
            hub.control(id, Control::Close).await.expect("the question closes");
        }
        for p in &mut players {
            match personal(&mut p.conn).await {
                Personal::Result { answered: true, .. } => {}
                other => panic!("an answered `result`, not {other:?}"),
            }
        }
    }
    let mut stored = 0;
    for id in &ids {
        stored += amane_store::live::answers(&db, id).await.expect("answers").len();
    }
    assert_eq!(stored, players.len() * rounds, "every acknowledged answer is stored");
    rates.sort_by(f64::total_cmp);
    println!(
        "{label}: {stored} answers stored; acknowledged answers a second over {rounds} rounds: median {:.0}, \
         lowest {:.0}, highest {:.0}",
        rates[rates.len() / 2],
        rates[0],
        rates[rates.len() - 1]
    );
}

fn main() {
    let rt = tokio::runtime::Builder::new_multi_thread().enable_all().build().expect("runtime");
    rt.block_on(async {
        let dir = tempfile::tempdir().expect("a temporary directory");
        let db = Db::connect(&DbUrl::Sqlite(dir.path().join("amane.db"))).await.expect("sqlite");
        db.migrate().await.expect("migrate");
        measure(db, "sqlite").await;
        if let Ok(url) = std::env::var("AMANE_BENCH_DATABASE_URL") {
            let t = amane_store::testing::postgres(&url).await;
            measure(t.db.clone(), "postgres").await;
        }
    });
}
