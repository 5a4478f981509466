//! The engine's parts together: the order of each connection's messages through owner, writer and fan-out,
//! and a game moving to another node when its owner falls silent (PostgreSQL only: several nodes share one
//! database only there; skipped without `AMANE_TEST_DATABASE_URL`, failing under `CI=true`).

use super::*;
use crate::game::Settings;
use amane_content::model::{Question, QuestionKind, Text3};
use amane_domain::Audience;
use amane_store::testing;

/// One single-answer and one true/false question from the built-in curriculum.
fn questions() -> Vec<Question> {
    let c = amane_content::load_builtin().expect("curriculum");
    let all: Vec<&Question> =
        c.modules.iter().flat_map(|m| &m.questions).filter(|q| q.audiences.contains(&Audience::Age12To14)).collect();
    let pick = |code: &str| (*all.iter().find(|q| q.kind.code() == code).expect(code)).clone();
    vec![pick("single"), pick("true_false")]
}

/// The right answer (`right`) or a wrong one.
fn answer_to(q: &Question, right: bool) -> WireAnswer {
    match &q.kind {
        QuestionKind::Single { choices } => {
            let i = choices.iter().position(|c| c.correct == right).expect("an option");
            WireAnswer { choices: Some(vec![i]), ..Default::default() }
        }
        QuestionKind::TrueFalse { answer } => WireAnswer { value: Some(*answer == right), ..Default::default() },
        other => panic!("no answer for {other:?}"),
    }
}

async fn game(hub: &Hub, db: &Db) -> (String, String, Vec<Question>) {
    let qs = questions();
    let settings = Settings {
        title: Text3::one(Lang::Fr, "Essai"),
        scoring: Default::default(),
        streaks: true,
        teams: false,
        no_device: false,
        time_limit_s: None,
        auto_close: false,
    };
    let (id, pin) = hub
        .create(NewGame {
            owner_id: testing::facilitator(db).await,
            workshop_id: None,
            module_id: "mixed".into(),
            audience: "12-14".into(),
            lang: Lang::Fr,
            settings,
            questions: qs.clone(),
        })
        .await
        .expect("create");
    (id, pin, qs)
}

/// The next personal message (skipping shared frames), within five seconds.
async fn personal(c: &mut Connection) -> Personal {
    loop {
        match tokio::time::timeout(Duration::from_secs(5), c.rx.recv()).await.expect("a message in time") {
            Some(Out::Personal(p)) => return *p,
            Some(_) => continue,
            None => panic!("connection closed"),
        }
    }
}

/// A participant who joined: the connection, and the welcome's player and resume token.
async fn joined(hub: &Hub, pin: &str, nickname: &str) -> (Connection, u32, String) {
    let mut c = hub.connect(Lang::Fr);
    hub.join(c.id, pin, nickname, Lang::Fr, None, None).await.expect("join");
    let Personal::Welcome { player, token, .. } = personal(&mut c).await else { panic!("welcome") };
    (c, player, token)
}

/// What a connection has received so far, by kind, leaving out shared frames.
fn kinds(c: &mut Connection) -> Vec<&'static str> {
    let mut v = Vec::new();
    while let Ok(out) = c.rx.try_recv() {
        v.push(match out {
            Out::Personal(p) => match *p {
                Personal::Welcome { .. } => "welcome",
                Personal::Accepted { .. } => "accepted",
                Personal::Result { .. } => "result",
                Personal::Replaced => "replaced",
                _ => "other",
            },
            Out::Close => "close",
            Out::Shared(_) | Out::Text(_) => continue,
        });
    }
    v
}

#[tokio::test]
async fn each_connection_gets_its_messages_in_the_order_the_game_produced_them() {
    for t in testing::all().await {
        let db = &t.db;
        let hub = Hub::local(db.clone(), "node-a".into());
        let (id, pin, qs) = game(&hub, db).await;
        // Thirty players join at once: each welcome waits for its player's row.
        let mut conns = Vec::new();
        for n in 0..30 {
            let c = hub.connect(Lang::Fr);
            hub.join(c.id, &pin, &format!("Joueur-{n}"), Lang::Fr, None, None).await.expect("join");
            conns.push(c);
        }
        hub.control(&id, Control::Next).await.expect("open");
        // Everyone answers (each `accepted` waits for its answer's row); ten come back on another connection
        // (a `welcome` with nothing to store); the facilitator closes at once (results, nothing to store).
        for (n, c) in conns.iter().enumerate() {
            hub.answer(c.id, &id, n as u32, 0, answer_to(&qs[0], n % 2 == 0), Lang::Fr).await.expect("sent");
        }
        let mut tokens = Vec::new();
        for c in conns.iter_mut().take(10) {
            let Some(Out::Personal(p)) = c.rx.recv().await else { panic!("the welcome") };
            let Personal::Welcome { token, .. } = *p else { panic!("the welcome first") };
            tokens.push(token);
        }
        let mut again = Vec::new();
        for token in &tokens {
            let c = hub.connect(Lang::Fr);
            hub.resume(c.id, token, Lang::Fr, None).await.expect("resume");
            again.push(c);
        }
        // The reply to a control leaves after every message the game produced before it.
        hub.control(&id, Control::Close).await.expect("close");

        for c in conns.iter_mut().take(10) {
            assert_eq!(kinds(c), ["accepted", "replaced", "close"], "the old connection of a resumed player");
        }
        for c in conns.iter_mut().skip(10) {
            assert_eq!(kinds(c), ["welcome", "accepted", "result"]);
        }
        for c in &mut again {
            assert_eq!(kinds(c), ["welcome", "result"], "a welcome before the next result");
        }
        assert_eq!(amane_store::live::answers(db, &id).await.expect("answers").len(), 30);
    }
}

fn type_of(frame: &[u8]) -> String {
    let json: serde_json::Value = serde_json::from_slice(frame).expect("a JSON frame");
    json["type"].as_str().unwrap_or("?").to_owned()
}

/// What a connection received until nothing came for half a second: each frame's `type`, shared ones included.
async fn frame_types(c: &mut Connection) -> Vec<String> {
    let mut v = Vec::new();
    while let Ok(Some(out)) = tokio::time::timeout(Duration::from_millis(500), c.rx.recv()).await {
        let kind = match out {
            Out::Personal(p) => match *p {
                Personal::Welcome { .. } => "welcome".to_owned(),
                Personal::Accepted { .. } => "accepted".to_owned(),
                Personal::Result { .. } => "result".to_owned(),
                Personal::Final { .. } => "final".to_owned(),
                other => format!("{other:?}"),
            },
            Out::Shared(f) => type_of(f.get(Lang::Fr)),
            Out::Text(t) => type_of(t.as_bytes()),
            Out::Close => "(close)".to_owned(),
        };
        v.push(kind);
    }
    v
}

#[tokio::test]
async fn a_participant_back_after_the_end_gets_the_podium_and_then_their_own_final_score() {
    for t in testing::all().await {
        let db = &t.db;
        let hub = Hub::local(db.clone(), "node-a".into());
        let (id, pin, qs) = game(&hub, db).await;
        let (mut a, pa, token) = joined(&hub, &pin, "Faucon").await;
        let (mut b, pb, _) = joined(&hub, &pin, "Renard").await;
        hub.control(&id, Control::Next).await.expect("open");
        hub.answer(a.id, &id, pa, 0, answer_to(&qs[0], true), Lang::Fr).await.expect("sent");
        hub.answer(b.id, &id, pb, 0, answer_to(&qs[0], false), Lang::Fr).await.expect("sent");
        assert!(matches!(personal(&mut a).await, Personal::Accepted { .. }));
        // A's phone loses its connection; the facilitator ends the game meanwhile.
        hub.disconnect(a.id, Some(&id));
        hub.left(a.id, &id, pa).await;
        hub.control(&id, Control::End).await.expect("end");
        let ended = frame_types(&mut b).await;
        assert!(ended.ends_with(&["finished".to_owned(), "final".to_owned()]), "{ended:?}");

        let mut again = hub.connect(Lang::Fr);
        hub.resume(again.id, &token, Lang::Fr, None).await.expect("resume");
        let Personal::Welcome { score, rank, .. } = personal(&mut again).await else { panic!("a welcome first") };
        assert!(score > 0, "the right answer counted");
        assert_eq!(frame_types(&mut again).await, ["finished", "final"], "the podium, then the own score");
        let mut c = hub.connect(Lang::Fr);
        hub.resume(c.id, &token, Lang::Fr, None).await.expect("resume");
        let mut finals = Vec::new();
        while let Ok(Some(out)) = tokio::time::timeout(Duration::from_millis(500), c.rx.recv()).await {
            if let Out::Personal(p) = out
                && let Personal::Final { score, rank } = *p
            {
                finals.push((score, rank));
            }
        }
        assert_eq!(finals, [(score, rank.expect("ranked"))], "the final frame carries the welcome's score and rank");
    }
}

#[tokio::test]
async fn a_late_resume_from_an_older_connection_does_not_take_the_player_from_the_newer_one() {
    for t in testing::all().await {
        let db = &t.db;
        let hub = Hub::local(db.clone(), "node-a".into());
        let (_id, pin, _) = game(&hub, db).await;
        let (first, _, token) = joined(&hub, &pin, "Faucon").await;
        hub.disconnect(first.id, None);
        // A phone on a weak network opens a connection, whose `resume` is slow to arrive; it gives up on it and
        // opens another, whose `resume` arrives first.
        let mut slow = hub.connect(Lang::Fr);
        tokio::time::sleep(Duration::from_millis(20)).await;
        let mut fresh = hub.connect(Lang::Fr);
        hub.resume(fresh.id, &token, Lang::Fr, None).await.expect("resume");
        assert!(matches!(personal(&mut fresh).await, Personal::Welcome { .. }));
        hub.resume(slow.id, &token, Lang::Fr, None).await.expect("resume");
        assert!(matches!(personal(&mut slow).await, Personal::Replaced), "the late one is told it was replaced");
        let fresh_frames = frame_types(&mut fresh).await;
        assert!(!fresh_frames.iter().any(|k| k.contains("Replaced") || k == "(close)"), "{fresh_frames:?}");
        // A newer connection still takes the player over, as a second device does.
        let mut newest = hub.connect(Lang::Fr);
        hub.resume(newest.id, &token, Lang::Fr, None).await.expect("resume");
        assert!(matches!(personal(&mut newest).await, Personal::Welcome { .. }));
        assert!(frame_types(&mut fresh).await.iter().any(|k| k.contains("Replaced")), "the older one is replaced");
    }
}

/// Waits for `Out::Close` on a connection.
async fn closes(c: &mut Connection) {
    loop {
        match tokio::time::timeout(Duration::from_secs(5), c.rx.recv()).await.expect("closed in time") {
            Some(Out::Close) | None => return,
            Some(_) => continue,
        }
    }
}

/// Whether the node runs a task for the game.
fn runs(hub: &Hub, id: &str) -> bool {
    hub.inner.owners.sender(id).is_some()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_silent_owners_game_is_taken_over_by_one_node_and_players_resume_with_their_scores() {
    let Some(url) = testing::postgres_url() else { return };
    let t = testing::postgres(&url).await;
    let db = &t.db;
    let start = |name: &str| Hub::start_with(db.clone(), name.into(), BusKind::Postgres, 1_500);
    let (a, b, c) =
        (start("node-a").await.expect("a"), start("node-b").await.expect("b"), start("node-c").await.expect("c"));
    let (id, pin, qs) = game(&a, db).await;
    let (mut p1, i1, token1) = joined(&a, &pin, "Faucon").await;
    // Comète plays from node C: her commands go to A over the bus, A's replies come back to C.
    let (mut p2, i2, token2) = joined(&c, &pin, "Comète").await;
    a.control(&id, Control::Next).await.expect("open");
    a.answer(p1.id, &id, i1, 0, answer_to(&qs[0], true), Lang::Fr).await.expect("sent");
    assert_eq!(personal(&mut p1).await, Personal::Accepted { question: 0 });
    c.answer(p2.id, &id, i2, 0, answer_to(&qs[0], false), Lang::Fr).await.expect("sent");
    assert_eq!(personal(&mut p2).await, Personal::Accepted { question: 0 });
    a.control(&id, Control::Close).await.expect("close");
    let Personal::Result { score: score1, rank: 1, .. } = personal(&mut p1).await else { panic!("Faucon first") };
    let Personal::Result { score: 0, rank: 2, .. } = personal(&mut p2).await else { panic!("Comète second") };
    assert!(score1 >= 500);

    // Node A stops saying it is alive, yet still runs the game.
    a.inner.takeover.silent.store(true, std::sync::atomic::Ordering::SeqCst);
    tokio::time::sleep(Duration::from_millis(2_500)).await;
    assert!(runs(&a, &id));

    // B and C get a command for the game at the same moment: one takes it over, the other sends it there.
    let (sb, sc) = tokio::join!(b.control(&id, Control::Status), c.control(&id, Control::Status));
    for s in [sb.expect("status on B"), sc.expect("status on C")] {
        assert_eq!((s.status.as_str(), s.question, s.players), ("closed", Some(0), 2), "the game as stored");
    }
    let owner = amane_store::live::get(db, &id).await.expect("read").expect("game").game.node;
    let (winner, loser) = match owner.as_str() {
        "node-b" => (&b, &c),
        "node-c" => (&c, &b),
        other => panic!("taken over by B or C, not {other}"),
    };
    assert!(runs(winner, &id) && !runs(loser, &id), "one owner");
    let let_go = async {
        while runs(&a, &id) {
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
    };
    tokio::time::timeout(Duration::from_secs(5), let_go).await.expect("node A lets the game go");

    // The players' connections close; they resume, on any node, with their scores.
    closes(&mut p1).await;
    closes(&mut p2).await;
    let mut r1 = b.connect(Lang::Fr);
    b.resume(r1.id, &token1, Lang::Fr, None).await.expect("resume on B");
    let Personal::Welcome { player, score, rank, token, .. } = personal(&mut r1).await else { panic!("welcome") };
    assert_eq!((player, score, rank), (i1, score1, Some(1)), "Faucon as before");
    assert_eq!(token, token1, "a resumed welcome carries the token to keep, not an empty one");
    let mut r2 = a.connect(Lang::Fr);
    a.resume(r2.id, &token2, Lang::Fr, None).await.expect("resume on A");
    let Personal::Welcome { player, score, rank, .. } = personal(&mut r2).await else { panic!("welcome") };
    assert_eq!((player, score, rank), (i2, 0, Some(2)), "Comète as before, through A, which no longer owns it");

    // The game goes on with its new owner.
    let s = c.control(&id, Control::Next).await.expect("next");
    assert_eq!((s.status.as_str(), s.question), ("open", Some(1)));
    b.answer(r1.id, &id, i1, 1, answer_to(&qs[1], true), Lang::Fr).await.expect("sent");
    assert_eq!(personal(&mut r1).await, Personal::Accepted { question: 1 });
    let s = b.control(&id, Control::End).await.expect("end");
    assert_eq!(s.status, "finished");
    // Ending with a question open closes it first: its result, then the final standing.
    let Personal::Result { index: 1, correct: true, .. } = personal(&mut r1).await else { panic!("result") };
    let Personal::Final { rank: 1, score, .. } = personal(&mut r1).await else { panic!("final") };
    assert!(score > score1);
    assert!(matches!(personal(&mut r2).await, Personal::Result { index: 1, answered: false, .. }));
    assert!(matches!(personal(&mut r2).await, Personal::Final { rank: 2, score: 0 }));
    assert_eq!(amane_store::live::answers(db, &id).await.expect("answers").len(), 3, "before and after");
}
