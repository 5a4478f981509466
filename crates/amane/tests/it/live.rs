//! Live games end to end over real WebSockets, driven as docs/live-protocol.md describes: a client written
//! from the document alone (this one), a server killed with SIGKILL mid-game, and two nodes sharing PostgreSQL.

use crate::common::{Server, bin, serve, serve_env};
use amane_store::testing;
use futures::{SinkExt, StreamExt};
use serde_json::{Value, json};
use std::io::Write;
use std::process::Stdio;
use std::time::Duration;
use tokio_tungstenite::tungstenite::Message;

type Ws = tokio_tungstenite::WebSocketStream<tokio_tungstenite::MaybeTlsStream<tokio::net::TcpStream>>;

/// Creates a facilitator and a bearer token with the CLI, against the data directory or the database URL.
fn facilitator_token(db_args: &[&str]) -> String {
    let mut child = bin()
        .args(["--lang", "en", "admin", "create-user"])
        .args(db_args)
        .args(["--email", "host@example.ma", "--role", "facilitator", "--name", "Salma"])
        .stdin(Stdio::piped())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn");
    child.stdin.take().expect("stdin").write_all(b"a long enough password\n").expect("write");
    let o = child.wait_with_output().expect("wait");
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let o = bin()
        .args(["--lang", "en", "admin", "token"])
        .args(db_args)
        .args(["--email", "host@example.ma"])
        .stdin(Stdio::null())
        .output()
        .expect("token");
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    String::from_utf8_lossy(&o.stdout).trim().to_owned()
}

fn runtime() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_multi_thread().worker_threads(2).enable_all().build().expect("runtime")
}

async fn api(client: &reqwest::Client, server: &Server, token: &str, path: &str, body: Option<Value>) -> Value {
    let url = format!("{}{path}", server.url);
    let req = match body {
        Some(b) => client.post(url).json(&b),
        None => client.get(url),
    };
    let res = req.bearer_auth(token).send().await.expect("api");
    let status = res.status();
    let text = res.text().await.expect("body");
    assert!(status.is_success(), "{path}: {status} {text}");
    serde_json::from_str(&text).expect("json")
}

async fn control(client: &reqwest::Client, server: &Server, token: &str, id: &str, op: &str) -> Value {
    api(client, server, token, &format!("/api/v1/live/{id}/{op}"), Some(json!({}))).await
}

async fn connect(server: &Server) -> Ws {
    let url = format!("{}/live/ws", server.url.replace("http://", "ws://"));
    tokio_tungstenite::connect_async(url).await.expect("websocket").0
}

async fn send(ws: &mut Ws, v: Value) {
    ws.send(Message::Text(v.to_string().into())).await.expect("send");
}

/// The next frame of this type (others are skipped); panics on an `error` frame or after ten seconds.
async fn next_of(ws: &mut Ws, ty: &str) -> Value {
    loop {
        let msg = tokio::time::timeout(Duration::from_secs(10), ws.next())
            .await
            .unwrap_or_else(|_| panic!("no {ty} frame within 10 s"))
            .unwrap_or_else(|| panic!("closed while waiting for {ty}"))
            .expect("frame");
        if let Message::Text(t) = msg {
            let v: Value = serde_json::from_str(t.as_str()).expect("json frame");
            if v["type"] == ty {
                return v;
            }
            assert_ne!(v["type"], "error", "waiting for {ty}: {v}");
        }
    }
}

/// An answer of the shape the question's kind asks for.
fn answer_for(q: &Value) -> Value {
    let index = q["index"].clone();
    match q["kind"].as_str().expect("kind") {
        "single" | "multiple" => json!({"v": 1, "type": "answer", "question": index, "choices": [0]}),
        "true_false" => json!({"v": 1, "type": "answer", "question": index, "value": true}),
        "short_answer" => json!({"v": 1, "type": "answer", "question": index, "text": "motdepasse"}),
        _ => json!({"v": 1, "type": "answer", "question": index, "taps": [0, 1]}),
    }
}

async fn join(server: &Server, pin: &str, nickname: &str, lang: &str) -> (Ws, Value) {
    let mut ws = connect(server).await;
    send(&mut ws, json!({"v": 1, "type": "join", "pin": pin, "nickname": nickname, "lang": lang})).await;
    let welcome = next_of(&mut ws, "welcome").await;
    (ws, welcome)
}

async fn new_game(client: &reqwest::Client, server: &Server, token: &str, count: u32) -> (String, String) {
    let body = json!({"module": "phishing", "audience": "12-14", "lang": "fr", "count": count});
    let g = api(client, server, token, "/api/v1/live", Some(body)).await;
    assert_eq!(g["status"], "lobby");
    assert!(g["join_url"].as_str().expect("url").ends_with(&format!("/join/{}", g["pin"].as_str().expect("pin"))));
    (g["id"].as_str().expect("id").to_owned(), g["pin"].as_str().expect("pin").to_owned())
}

async fn full_game(server: &Server, token: &str) {
    let client = reqwest::Client::new();
    let (id, pin) = new_game(&client, server, token, 3).await;
    let (mut a, wa) = join(server, &pin, "Faucon", "fr").await;
    let (mut b, wb) = join(server, &pin, "Comète", "ar").await;
    let (mut c, _) = join(server, &pin, "Lynx", "en").await;
    assert_eq!((wa["player"].as_u64(), wb["player"].as_u64()), (Some(0), Some(1)));
    assert_eq!(wa["score"], 0);
    let b_token = wb["token"].as_str().expect("token").to_owned();

    // Refusals a client can recover from keep the connection; bad frames close only their own connection.
    let mut d = connect(server).await;
    send(&mut d, json!({"v": 1, "type": "join", "pin": &pin, "nickname": "faucon", "lang": "fr"})).await;
    let e = next_of_error(&mut d).await;
    assert_eq!(e["code"], "nickname_taken");
    send(&mut d, json!({"v": 1, "type": "join", "pin": &pin, "nickname": "yasmine@mail.ma", "lang": "fr"})).await;
    let e = next_of_error(&mut d).await;
    assert_eq!((e["code"].as_str(), e["field"].as_str()), (Some("nickname_invalid"), Some("nickname_contact")));
    assert!(e["message"].as_str().is_some_and(|m| m.contains("e-mail")), "{e}");
    // Over 4 KiB: an error frame, then close 1009 (not a dropped TCP connection); a binary frame: 1003.
    send(&mut d, Value::String("x".repeat(5_000))).await;
    assert_eq!(refused_and_closed(&mut d).await, ("frame_too_large".to_owned(), 1009));
    let mut binary = connect(server).await;
    binary.send(Message::Binary(vec![1u8, 2, 3].into())).await.expect("send");
    assert_eq!(refused_and_closed(&mut binary).await, ("malformed_frame".to_owned(), 1003));
    let mut f = connect(server).await;
    f.send(Message::Text("{not json".into())).await.expect("send");
    let e = next_of_error(&mut f).await;
    assert_eq!(e["code"], "malformed_frame");
    assert_closed(&mut f).await;

    // Another site cannot open a classroom screen's socket with the facilitator's cookie.
    {
        use tokio_tungstenite::tungstenite::client::IntoClientRequest;
        let url = format!("{}/live/ws?host={id}", server.url.replace("http://", "ws://"));
        let mut req = url.into_client_request().expect("request");
        req.headers_mut().insert("origin", "https://evil.example".parse().expect("header"));
        match tokio_tungstenite::connect_async(req).await {
            Err(tokio_tungstenite::tungstenite::Error::Http(res)) => assert_eq!(res.status(), 403),
            other => panic!("a cross-site screen socket must be refused: {:?}", other.map(|_| ())),
        }
    }

    // Guessing PINs is slowed down per network, but this network, which joined the game, still gets in.
    let mut g = connect(server).await;
    for _ in 0..20 {
        send(&mut g, json!({"v": 1, "type": "join", "pin": "000000", "nickname": "Devin", "lang": "fr"})).await;
        assert_eq!(next_of_error(&mut g).await["code"], "unknown_pin");
    }
    send(&mut g, json!({"v": 1, "type": "join", "pin": "000001", "nickname": "Devin", "lang": "fr"})).await;
    let e = next_of_error(&mut g).await;
    assert_eq!(e["code"], "too_many_attempts");
    assert!(e["retry_after_s"].as_u64().is_some_and(|s| s > 0), "{e}");
    let (mut late, wl) = join(server, &pin, "Zèbre", "fr").await;
    let s =
        api(&client, server, token, &format!("/api/v1/live/{id}/kick"), Some(json!({"player": wl["player"]}))).await;
    assert_eq!(s["players"], 3, "the facilitator removed the extra nickname");
    assert_eq!(next_of(&mut late, "kicked").await["type"], "kicked");

    let mut scores = [0u64; 3];
    for q in 0..3u64 {
        let s = control(&client, server, token, &id, "next").await;
        assert_eq!((s["status"].as_str(), s["question"].as_u64()), (Some("open"), Some(q)));
        for (ws, i) in [(&mut a, 0), (&mut b, 1), (&mut c, 2)] {
            let question = next_of(ws, "question").await;
            assert_eq!(question["index"], q);
            assert!(question["remaining_ms"].as_i64().is_some_and(|r| r > 1_000), "{question}");
            if i == 1 {
                let prompt = question["prompt"].as_str().expect("prompt");
                assert!(prompt.chars().any(|ch| ('\u{0600}'..='\u{06FF}').contains(&ch)), "Arabic for B: {prompt}");
            }
            send(ws, answer_for(&question)).await;
            assert_eq!(next_of(ws, "accepted").await["question"], q, "acknowledged once stored");
        }
        // A repeated submit is harmless.
        let again =
            json!({"v": 1, "type": "answer", "question": q, "choices": [1], "value": false, "text": "y", "taps": []});
        send(&mut a, again).await;
        assert_eq!(next_of(&mut a, "accepted").await["question"], q);
        control(&client, server, token, &id, "close").await;
        for (ws, i) in [(&mut a, 0), (&mut b, 1), (&mut c, 2)] {
            let closed = next_of(ws, "closed").await;
            assert_eq!((closed["answered"].as_u64(), closed["players"].as_u64()), (Some(3), Some(3)));
            let result = next_of(ws, "result").await;
            assert!(result["rank"].as_u64().is_some_and(|r| (1..=3).contains(&r)));
            scores[i] = result["score"].as_u64().expect("score");
        }
        if q == 0 {
            // B's phone drops; the page reloads and resumes with the token it kept.
            drop(b);
            let mut b2 = connect(server).await;
            send(&mut b2, json!({"v": 1, "type": "resume", "token": &b_token, "lang": "ar"})).await;
            let w = next_of(&mut b2, "welcome").await;
            assert_eq!(
                (w["player"].as_u64(), w["score"].as_u64()),
                (Some(1), Some(scores[1])),
                "same player, same score"
            );
            let state = next_of(&mut b2, "closed").await;
            assert_eq!(state["index"], 0, "the state follows the welcome");
            // The old connection, had it survived, would have been replaced.
            b = b2;
        }
    }
    control(&client, server, token, &id, "end").await;
    for ws in [&mut a, &mut b, &mut c] {
        let fin = next_of(ws, "finished").await;
        assert_eq!(fin["podium"].as_array().map(Vec::len), Some(3));
        next_of(ws, "final").await;
    }
    let r = api(&client, server, token, &format!("/api/v1/live/{id}/results"), None).await;
    assert_eq!(r["status"], "finished");
    assert_eq!(r["players"], 3);
    let answered: u64 =
        r["questions"].as_array().expect("questions").iter().map(|q| q["answered"].as_u64().unwrap_or(0)).sum();
    assert_eq!(answered, 9, "one answer per participant per question, repeats not counted");
    for q in r["questions"].as_array().expect("questions") {
        let chart = q["chart"].as_array().expect("chart");
        let total: u64 = chart.iter().map(|b| b["count"].as_u64().unwrap_or(0)).sum();
        match q["kind"].as_str() {
            // Everyone picked the first option, or tapped the first two parts, or said "true".
            Some("single" | "multiple") => assert_eq!(chart[0]["count"], 3, "{q}"),
            Some("true_false") => assert_eq!(chart[1]["count"], 3, "{q}"),
            Some("red_flags") => assert_eq!(total, 6, "two taps each, whatever the language: {q}"),
            _ => {}
        }
        assert!(chart.iter().any(|b| b["right"] == true), "the right answer is marked: {q}");
    }
    let ranked: Vec<u64> =
        r["ranking"].as_array().expect("ranking").iter().map(|s| s["score"].as_u64().unwrap_or(0)).collect();
    let mut expected = scores.to_vec();
    expected.sort_unstable_by(|x, y| y.cmp(x));
    assert_eq!(ranked, expected, "stored results match what participants were told");
    let csv = reqwest::Client::new()
        .get(format!("{}/live/{id}/results.csv", server.url))
        .bearer_auth(token)
        .send()
        .await
        .expect("csv");
    assert_eq!(csv.status(), 200);
    let body = csv.text().await.expect("csv body");
    assert_eq!(body.lines().filter(|l| l.starts_with("participant,")).count(), 3, "{body}");
    assert!(body.contains("Comète") && !body.contains('@'), "nicknames only: {body}");
}

async fn next_of_error(ws: &mut Ws) -> Value {
    loop {
        let msg = tokio::time::timeout(Duration::from_secs(10), ws.next()).await.expect("in time").expect("open");
        if let Ok(Message::Text(t)) = msg {
            let v: Value = serde_json::from_str(t.as_str()).expect("json");
            if v["type"] == "error" {
                return v;
            }
        }
    }
}

/// The error frame the server sends before closing, and the close code it closes with (0 when the connection
/// ended without a close frame).
async fn refused_and_closed(ws: &mut Ws) -> (String, u16) {
    let mut error = String::new();
    loop {
        match tokio::time::timeout(Duration::from_secs(10), ws.next()).await.expect("closed in time") {
            Some(Ok(Message::Text(t))) => {
                let v: Value = serde_json::from_str(t.as_str()).expect("json");
                if v["type"] == "error" {
                    error = v["code"].as_str().unwrap_or("").to_owned();
                }
            }
            Some(Ok(Message::Close(frame))) => return (error, frame.map_or(0, |f| u16::from(f.code))),
            None | Some(Err(_)) => return (error, 0),
            Some(Ok(_)) => {}
        }
    }
}

/// The server closes this connection (possibly after an error frame).
async fn assert_closed(ws: &mut Ws) {
    loop {
        match tokio::time::timeout(Duration::from_secs(10), ws.next()).await.expect("closed in time") {
            None | Some(Err(_)) | Some(Ok(Message::Close(_))) => return,
            Some(Ok(_)) => continue,
        }
    }
}

#[test]
fn a_game_played_over_websockets_on_sqlite() {
    let dir = tempfile::tempdir().expect("tmp");
    let data = dir.path().join("data");
    let data_s = data.to_str().expect("utf8").to_owned();
    let m = bin().args(["migrate", "--data-dir", &data_s]).output().expect("migrate");
    assert!(m.status.success());
    let token = facilitator_token(&["--data-dir", &data_s]);
    let server = serve(&data, &[]);
    runtime().block_on(full_game(&server, &token));
}

#[test]
fn a_game_played_over_websockets_on_postgres() {
    let Some(admin_url) = testing::postgres_url() else { return };
    let rt = runtime();
    let t = rt.block_on(testing::postgres(&admin_url));
    let token = facilitator_token(&["--database-url", &t.url]);
    let dir = tempfile::tempdir().expect("tmp");
    let server = serve(&dir.path().join("unused"), &["--database-url", &t.url]);
    rt.block_on(full_game(&server, &token));
}

/// Killing the server with SIGKILL mid-game loses no acknowledged answer: after a restart the results hold
/// every answer that was acknowledged, and a participant resumes with the score they had.
#[test]
fn sigkill_mid_game_loses_no_acknowledged_answer() {
    let dir = tempfile::tempdir().expect("tmp");
    let data = dir.path().join("data");
    let data_s = data.to_str().expect("utf8").to_owned();
    assert!(bin().args(["migrate", "--data-dir", &data_s]).output().expect("migrate").status.success());
    let token = facilitator_token(&["--data-dir", &data_s]);
    let rt = runtime();
    let mut server = serve(&data, &[]);
    let client = reqwest::Client::new();
    let (id, pin, tokens, acked) = rt.block_on(async {
        let (id, pin) = new_game(&client, &server, &token, 3).await;
        let mut players = Vec::new();
        for i in 0..40 {
            players.push(join(&server, &pin, &format!("Joueur-{i}"), "fr").await);
        }
        control(&client, &server, &token, &id, "next").await;
        let mut acked = 0;
        for (ws, _) in players.iter_mut() {
            let q = next_of(ws, "question").await;
            send(ws, answer_for(&q)).await;
        }
        for (ws, _) in players.iter_mut() {
            next_of(ws, "accepted").await;
            acked += 1;
        }
        let tokens: Vec<String> = players.iter().map(|(_, w)| w["token"].as_str().expect("t").to_owned()).collect();
        (id, pin, tokens, acked)
    });
    server.child.kill().expect("SIGKILL");
    server.child.wait().expect("reaped");
    let server = serve(&data, &[]);
    rt.block_on(async {
        let r = api(&client, &server, &token, &format!("/api/v1/live/{id}/results"), None).await;
        assert_eq!(r["questions"][0]["answered"].as_u64(), Some(acked), "every acknowledged answer is there");
        assert_eq!(r["players"], 40);
        let mut ws = connect(&server).await;
        send(&mut ws, json!({"v": 1, "type": "resume", "token": &tokens[7], "lang": "fr"})).await;
        let w = next_of(&mut ws, "welcome").await;
        let stored = r["ranking"].as_array().expect("ranking").iter().find(|s| s["nickname"] == "Joueur-7").cloned();
        assert_eq!(w["score"], stored.expect("Joueur-7")["score"], "the game was taken back with its scores");
        assert_eq!(w["token"], tokens[7], "the token to keep");
        // What the resumed phone receives, not only what is stored: the question the crash interrupted, closed,
        // with its chart and answer, as the next frame after the welcome.
        let msg = tokio::time::timeout(Duration::from_secs(10), ws.next()).await.expect("a frame").expect("open");
        let Ok(Message::Text(t)) = msg else { panic!("a text frame, got {msg:?}") };
        let closed: Value = serde_json::from_str(t.as_str()).expect("json");
        assert_eq!((closed["type"].as_str(), closed["index"].as_u64()), (Some("closed"), Some(0)), "{closed}");
        assert_eq!(closed["answered"].as_u64(), Some(acked), "{closed}");
        let s = control(&client, &server, &token, &id, "next").await;
        assert_eq!((s["status"].as_str(), s["question"].as_u64()), (Some("open"), Some(1)), "and goes on");
        let q = next_of(&mut ws, "question").await;
        assert_eq!(q["index"], 1, "the resumed phone follows the game");
        let _ = pin;
    });
}

/// Two `amane serve` processes on one PostgreSQL: participants on either node play the same game.
#[test]
fn two_nodes_share_a_game_over_postgres() {
    let Some(admin_url) = testing::postgres_url() else { return };
    let rt = runtime();
    let t = rt.block_on(testing::postgres(&admin_url));
    let token = facilitator_token(&["--database-url", &t.url]);
    let dir = tempfile::tempdir().expect("tmp");
    let node_a = serve(&dir.path().join("a"), &["--database-url", &t.url]);
    let node_b = serve(&dir.path().join("b"), &["--database-url", &t.url]);
    assert_ne!(node_a.url, node_b.url);
    rt.block_on(async {
        let client = reqwest::Client::new();
        let (id, pin) = new_game(&client, &node_a, &token, 2).await;
        let (mut on_a, _) = join(&node_a, &pin, "Faucon", "fr").await;
        let (mut on_b, wb) = join(&node_b, &pin, "Comète", "ar").await;
        assert_eq!(wb["player"], 1, "node B's participant joined node A's game");
        // A control sent to node B reaches the owner on node A.
        let s = control(&client, &node_b, &token, &id, "next").await;
        assert_eq!(s["players"], 2);
        for ws in [&mut on_a, &mut on_b] {
            let q = next_of(ws, "question").await;
            send(ws, answer_for(&q)).await;
            next_of(ws, "accepted").await;
        }
        control(&client, &node_a, &token, &id, "close").await;
        for ws in [&mut on_a, &mut on_b] {
            assert_eq!(next_of(ws, "closed").await["answered"], 2);
            next_of(ws, "result").await;
        }
        // B's participant moves to node A with the resume token and keeps their score.
        let score = api(&client, &node_a, &token, &format!("/api/v1/live/{id}/results"), None).await["ranking"]
            .as_array()
            .expect("ranking")
            .iter()
            .find(|s| s["nickname"] == "Comète")
            .expect("Comète")["score"]
            .clone();
        drop(on_b);
        let mut moved = connect(&node_a).await;
        send(&mut moved, json!({"v": 1, "type": "resume", "token": wb["token"], "lang": "ar"})).await;
        assert_eq!(next_of(&mut moved, "welcome").await["score"], score);
        control(&client, &node_b, &token, &id, "end").await;
        next_of(&mut on_a, "finished").await;
        next_of(&mut moved, "finished").await;
    });
}

/// A node that dies for good: after it has been silent for the owner timeout, the other node takes its game over
/// from the database, participants resume there with their scores, and the game goes on.
#[test]
fn a_dead_nodes_game_is_taken_over_by_another_node() {
    let Some(admin_url) = testing::postgres_url() else { return };
    let rt = runtime();
    let t = rt.block_on(testing::postgres(&admin_url));
    let token = facilitator_token(&["--database-url", &t.url]);
    let dir = tempfile::tempdir().expect("tmp");
    let env = [("AMANE_LIVE_OWNER_TIMEOUT_MS", "1500")];
    let mut node_a =
        serve_env(&dir.path().join("a"), &["--database-url", &t.url], &[("AMANE_NODE_ID", "node-a"), env[0]]);
    let node_b = serve_env(&dir.path().join("b"), &["--database-url", &t.url], &[("AMANE_NODE_ID", "node-b"), env[0]]);
    rt.block_on(async {
        let client = reqwest::Client::new();
        let (id, pin) = new_game(&client, &node_a, &token, 3).await;
        let (mut ws, welcome) = join(&node_b, &pin, "Faucon", "fr").await;
        control(&client, &node_b, &token, &id, "next").await;
        let q = next_of(&mut ws, "question").await;
        send(&mut ws, answer_for(&q)).await;
        next_of(&mut ws, "accepted").await;
        control(&client, &node_b, &token, &id, "close").await;
        let score = next_of(&mut ws, "result").await["score"].clone();

        node_a.child.kill().expect("SIGKILL node A");
        node_a.child.wait().expect("reaped");
        tokio::time::sleep(Duration::from_millis(2_500)).await;

        // The next control reaches node B, which takes the game over; its connections close and resume.
        let s = control(&client, &node_b, &token, &id, "next").await;
        assert_eq!((s["status"].as_str(), s["question"].as_u64()), (Some("open"), Some(1)), "{s}");
        assert_closed(&mut ws).await;
        let mut back = connect(&node_b).await;
        send(&mut back, json!({"v": 1, "type": "resume", "token": welcome["token"], "lang": "fr"})).await;
        let w = next_of(&mut back, "welcome").await;
        assert_eq!(w["score"], score, "the same score after the takeover");
        let q = next_of(&mut back, "question").await;
        assert_eq!(q["index"], 1);
        send(&mut back, answer_for(&q)).await;
        next_of(&mut back, "accepted").await;
        let r = api(&client, &node_b, &token, &format!("/api/v1/live/{id}/results"), None).await;
        let answered: u64 =
            r["questions"].as_array().expect("q").iter().map(|q| q["answered"].as_u64().unwrap_or(0)).sum();
        assert_eq!(answered, 2, "both answers, before and after the takeover");
    });
}

/// Forged resume tokens that name a game count against the networks that send them, not against the game: 40
/// of them from 40 addresses used to make the game refuse every device switch (its PIN counted as under attack),
/// so a child whose phone died could not move to another. The child still switches.
#[test]
fn forged_resume_tokens_do_not_block_switching_devices() {
    let dir = tempfile::tempdir().expect("tmp");
    let data = dir.path().join("data");
    let data_s = data.to_str().expect("utf8").to_owned();
    assert!(bin().args(["migrate", "--data-dir", &data_s]).output().expect("migrate").status.success());
    let token = facilitator_token(&["--data-dir", &data_s]);
    // Behind a proxy on loopback, so that each connection can come from an address of its own.
    let server = serve_env(&data, &[], &[("AMANE_TRUSTED_PROXIES", "[\"127.0.0.1\"]")]);
    let from = |addr: String| {
        let url = format!("{}/live/ws", server.url.replace("http://", "ws://"));
        let mut req = tokio_tungstenite::tungstenite::client::IntoClientRequest::into_client_request(url).expect("req");
        req.headers_mut().insert("x-forwarded-for", addr.parse().expect("header"));
        req
    };
    runtime().block_on(async {
        let client = reqwest::Client::new();
        let (id, pin) = new_game(&client, &server, &token, 2).await;
        let (_phone, welcome) = join(&server, &pin, "Faucon", "fr").await;
        let code = welcome["code"].as_str().expect("code").to_owned();
        for n in 0..40 {
            let mut ws = tokio_tungstenite::connect_async(from(format!("10.9.{n}.1"))).await.expect("ws").0;
            let forged = format!("{id}.0.{n:036}");
            send(&mut ws, json!({"v": 1, "type": "resume", "token": forged})).await;
            assert_eq!(next_of_error(&mut ws).await["code"], "unknown_token");
        }
        let mut tablet = tokio_tungstenite::connect_async(from("10.8.0.1".into())).await.expect("ws").0;
        send(&mut tablet, json!({"v": 1, "type": "switch", "pin": pin, "code": code, "lang": "fr"})).await;
        let moved = next_of(&mut tablet, "welcome").await;
        assert_eq!(moved["nickname"], "Faucon");
    });
}
