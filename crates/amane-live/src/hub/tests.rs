//! The engine's parts together: the order of each connection's messages through owner, writer and fan-out.

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
            hub.join(c.id, &pin, &format!("Joueur-{n}"), Lang::Fr, None).await.expect("join");
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
