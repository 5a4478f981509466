//! Live sessions as stored: the game, its players and their answers. The live engine keeps the state in memory
//! and writes here in batches (one transaction per batch); an answer is acknowledged only after its batch
//! commits, so these rows are what survives a crash.

use crate::db::{Db, Row, q};

mod answer_rows;
use crate::error::{Result, StoreError};
use amane_domain::UserId;
use amane_domain::workshop::WorkshopId;

/// Where a stored game is: waiting for players, under way, or over (a finished game's PIN may be reused).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum LiveStatus {
    Lobby,
    Running,
    Finished,
}

impl LiveStatus {
    pub const ALL: [LiveStatus; 3] = [LiveStatus::Lobby, LiveStatus::Running, LiveStatus::Finished];

    /// The value stored in `live_sessions.status` (and the API's `status`).
    pub fn code(self) -> &'static str {
        match self {
            LiveStatus::Lobby => "lobby",
            LiveStatus::Running => "running",
            LiveStatus::Finished => "finished",
        }
    }

    pub fn parse(s: &str) -> Option<LiveStatus> {
        Self::ALL.into_iter().find(|v| v.code() == s)
    }

    pub fn is_finished(self) -> bool {
        self == LiveStatus::Finished
    }
}

/// A stored game: what it was created as, and where it has got to since.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LiveSessionRow {
    pub game: LiveGame,
    pub pin: String,
    pub status: LiveStatus,
    pub current_question: i64,
    pub created_at: i64,
    pub started_at: Option<i64>,
    pub ended_at: Option<i64>,
}

/// A game as its host sets it up: who runs it, on which node, for which workshop, module, audience and
/// language, with which settings and questions. `create` stores one (choosing the PIN); a stored row holds it,
/// its `node` being the one that owns the game now (a takeover moves it).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LiveGame {
    pub id: String,
    pub node: String,
    pub owner_id: UserId,
    pub workshop_id: Option<WorkshopId>,
    pub module_id: String,
    pub audience: String,
    pub lang: String,
    pub settings: String,
    pub questions: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PlayerRow {
    pub idx: i64,
    pub nickname: String,
    pub resume_hash: String,
    pub switch_code: String,
    pub kicked: bool,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AnswerRow {
    pub player_idx: i64,
    pub question_idx: i64,
    pub question_id: String,
    pub answer: String,
    pub correct_milli: i64,
    pub points: i64,
    pub elapsed_ms: i64,
    pub answered_at: i64,
}

/// One write of the engine's batches.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Write {
    Player {
        session: String,
        player: PlayerRow,
        joined_at: i64,
    },
    Answer {
        session: String,
        answer: AnswerRow,
    },
    Kick {
        session: String,
        player: i64,
    },
    /// A new resume secret or switch code (after a device switch).
    Credentials {
        session: String,
        player: i64,
        resume_hash: String,
        switch_code: String,
    },
    Progress {
        session: String,
        status: LiveStatus,
        current_question: i64,
        at: i64,
    },
    /// Show-of-hands counts for one question (no-device mode), replacing earlier ones.
    GroupCounts {
        session: String,
        question: i64,
        question_id: String,
        counts: Vec<i64>,
        at: i64,
    },
}

impl Write {
    /// What the write is, for a log line: its kind, game and player or question, never a nickname, an answer's
    /// text or a secret.
    pub fn summary(&self) -> String {
        match self {
            Write::Player { session, player, .. } => format!("player {} joining game {session}", player.idx),
            Write::Answer { session, answer } => {
                format!("answer of player {} to question {} of game {session}", answer.player_idx, answer.question_idx)
            }
            Write::Kick { session, player } => format!("kick of player {player} from game {session}"),
            Write::Credentials { session, player, .. } => {
                format!("new credentials of player {player} of game {session}")
            }
            Write::Progress { session, status, current_question, .. } => {
                format!("game {session} {} at question {current_question}", status.code())
            }
            Write::GroupCounts { session, question, .. } => {
                format!("show of hands for question {question} of game {session}")
            }
        }
    }
}

macro_rules! select {
    ($rest:literal) => {
        concat!(
            "SELECT id, pin, status, node, owner_id, workshop_id, module_id, audience, lang, settings, questions, ",
            "current_question, created_at, started_at, ended_at FROM live_sessions ",
            $rest
        )
    };
}

fn from_row(r: &Row) -> Result<LiveSessionRow> {
    let corrupt = |column: &str, raw: &str| StoreError::Corrupt(format!("live_sessions.{column} {raw:?}"));
    let owner: String = r.get("owner_id")?;
    let workshop: Option<String> = r.get("workshop_id")?;
    let status: String = r.get("status")?;
    Ok(LiveSessionRow {
        pin: r.get("pin")?,
        status: LiveStatus::parse(&status).ok_or_else(|| corrupt("status", &status))?,
        current_question: r.get("current_question")?,
        created_at: r.get("created_at")?,
        started_at: r.get("started_at")?,
        ended_at: r.get("ended_at")?,
        game: LiveGame {
            id: r.get("id")?,
            node: r.get("node")?,
            owner_id: owner.parse().map_err(|_| corrupt("owner_id", &owner))?,
            workshop_id: workshop.map(|w| w.parse().map_err(|_| corrupt("workshop_id", &w))).transpose()?,
            module_id: r.get("module_id")?,
            audience: r.get("audience")?,
            lang: r.get("lang")?,
            settings: r.get("settings")?,
            questions: r.get("questions")?,
        },
    })
}

/// A six-digit PIN from a random source (a v4 UUID's 122 random bits).
fn random_pin() -> String {
    let n = uuid::Uuid::new_v4().as_u128() % 900_000 + 100_000;
    format!("{n}")
}

/// Stores a new game in the lobby with a PIN no other unfinished game holds, and returns the PIN.
pub async fn create(db: &Db, s: &LiveGame) -> Result<String> {
    for _ in 0..20 {
        let pin = random_pin();
        let res = db
            .execute(
                q("INSERT INTO live_sessions (id, pin, status, node, owner_id, workshop_id, module_id, audience, lang,
                   settings, questions, created_at) VALUES ($1, $2, 'lobby', $3, $4, $5, $6, $7, $8, $9, $10, $11)")
                .bind(&s.id)
                .bind(&pin)
                .bind(&s.node)
                .bind(s.owner_id.to_string())
                .bind(s.workshop_id.map(|w| w.to_string()))
                .bind(&s.module_id)
                .bind(&s.audience)
                .bind(&s.lang)
                .bind(&s.settings)
                .bind(&s.questions)
                .bind(crate::now_ms()),
            )
            .await;
        match res {
            Ok(_) => return Ok(pin),
            Err(StoreError::Conflict(c)) if c.contains("pin") || c.contains("UNIQUE") => continue,
            Err(e) => return Err(e),
        }
    }
    Err(StoreError::Conflict("live_sessions_pin".into()))
}

pub async fn get(db: &Db, id: &str) -> Result<Option<LiveSessionRow>> {
    const SQL: &str = select!("WHERE id = $1");
    db.fetch_optional(q(SQL).bind(id)).await?.as_ref().map(from_row).transpose()
}

/// Unfinished games left behind: still in the lobby though made before `lobby_before`, or running though started
/// before `running_before` (a facilitator who closed the laptop). Their ids.
pub async fn stale(db: &Db, lobby_before: i64, running_before: i64) -> Result<Vec<String>> {
    db.fetch_all(
        q("SELECT id FROM live_sessions
           WHERE (status = 'lobby' AND created_at < $1) OR (status = 'running' AND COALESCE(started_at, created_at) < $2)
           ORDER BY created_at LIMIT 500")
        .bind(lobby_before)
        .bind(running_before),
    )
    .await?
    .iter()
    .map(|r| r.get("id"))
    .collect()
}

/// The unfinished game with this PIN.
pub async fn by_pin(db: &Db, pin: &str) -> Result<Option<LiveSessionRow>> {
    const SQL: &str = select!("WHERE pin = $1 AND status <> 'finished'");
    db.fetch_optional(q(SQL).bind(pin)).await?.as_ref().map(from_row).transpose()
}

/// Games of one owner, newest first.
pub async fn list_for_owner(db: &Db, owner: UserId, limit: i64) -> Result<Vec<LiveSessionRow>> {
    const SQL: &str = select!("WHERE owner_id = $1 ORDER BY created_at DESC LIMIT $2");
    db.fetch_all(q(SQL).bind(owner.to_string()).bind(limit)).await?.iter().map(from_row).collect()
}

/// Hands the game to another node (when its owner is gone).
pub async fn set_node(db: &Db, id: &str, node: &str) -> Result<()> {
    db.execute(q("UPDATE live_sessions SET node = $2 WHERE id = $1").bind(id).bind(node)).await?;
    Ok(())
}

/// Takes the game from `from` to `to` unless another node took it first; true when this call took it.
pub async fn take_over(db: &Db, id: &str, from: &str, to: &str) -> Result<bool> {
    let n = db
        .execute(q("UPDATE live_sessions SET node = $3 WHERE id = $1 AND node = $2").bind(id).bind(from).bind(to))
        .await?;
    Ok(n == 1)
}

/// Records that `node` is alive at `now`.
pub async fn heartbeat(db: &Db, node: &str, now: i64) -> Result<()> {
    db.execute(
        q("INSERT INTO live_nodes (node, seen_at) VALUES ($1, $2)
           ON CONFLICT (node) DO UPDATE SET seen_at = excluded.seen_at")
        .bind(node)
        .bind(now),
    )
    .await?;
    Ok(())
}

/// When `node` last said it was alive.
pub async fn node_seen(db: &Db, node: &str) -> Result<Option<i64>> {
    db.fetch_optional(q("SELECT seen_at FROM live_nodes WHERE node = $1").bind(node))
        .await?
        .map(|r| r.get("seen_at"))
        .transpose()
}

/// Writes a batch in one transaction: all of it lands, or none.
pub async fn write_batch(db: &Db, batch: &[Write]) -> Result<()> {
    let mut tx = db.begin().await?;
    // Consecutive answers go in multi-row statements; any other write first stores the answers before it.
    let mut answers: Vec<(&str, &AnswerRow)> = Vec::new();
    for w in batch {
        if let Write::Answer { session, answer } = w {
            answers.push((session, answer));
            continue;
        }
        answer_rows::insert(&mut tx, &answers).await?;
        answers.clear();
        match w {
            Write::Player { session, player: p, joined_at } => {
                tx.execute(
                    q("INSERT INTO live_players (session_id, idx, nickname, resume_hash, switch_code, kicked, joined_at)
                       VALUES ($1, $2, $3, $4, $5, $6, $7)")
                    .bind(session)
                    .bind(p.idx)
                    .bind(&p.nickname)
                    .bind(&p.resume_hash)
                    .bind(&p.switch_code)
                    .bind(i64::from(p.kicked))
                    .bind(*joined_at),
                )
                .await?;
            }
            Write::Answer { .. } => {} // gathered above
            Write::Kick { session, player } => {
                tx.execute(
                    q("UPDATE live_players SET kicked = 1 WHERE session_id = $1 AND idx = $2")
                        .bind(session)
                        .bind(*player),
                )
                .await?;
            }
            Write::Credentials { session, player, resume_hash, switch_code } => {
                tx.execute(
                    q("UPDATE live_players SET resume_hash = $3, switch_code = $4 WHERE session_id = $1 AND idx = $2")
                        .bind(session)
                        .bind(*player)
                        .bind(resume_hash)
                        .bind(switch_code),
                )
                .await?;
            }
            Write::Progress { session, status, current_question, at } => {
                tx.execute(
                    q("UPDATE live_sessions SET status = $2, current_question = $3,
                       started_at = CASE WHEN started_at IS NULL AND $2 <> 'lobby' THEN $4 ELSE started_at END,
                       ended_at = CASE WHEN $2 = 'finished' THEN $4 ELSE ended_at END
                       WHERE id = $1")
                    .bind(session)
                    .bind(status.code())
                    .bind(*current_question)
                    .bind(*at),
                )
                .await?;
            }
            Write::GroupCounts { session, question, question_id, counts, at } => {
                tx.execute(
                    q("DELETE FROM live_group_answers WHERE session_id = $1 AND question_idx = $2")
                        .bind(session)
                        .bind(*question),
                )
                .await?;
                for (i, c) in counts.iter().enumerate() {
                    tx.execute(
                        q("INSERT INTO live_group_answers (session_id, question_idx, question_id, option_idx, count,
                           recorded_at) VALUES ($1, $2, $3, $4, $5, $6)")
                        .bind(session)
                        .bind(*question)
                        .bind(question_id)
                        .bind(i as i64)
                        .bind(*c)
                        .bind(*at),
                    )
                    .await?;
                }
            }
        }
    }
    answer_rows::insert(&mut tx, &answers).await?;
    tx.commit().await
}

impl PlayerRow {
    fn from_row(r: &Row) -> Result<PlayerRow> {
        Ok(PlayerRow {
            idx: r.get("idx")?,
            nickname: r.get("nickname")?,
            resume_hash: r.get("resume_hash")?,
            switch_code: r.get("switch_code")?,
            kicked: r.get::<i64>("kicked")? != 0,
        })
    }
}

impl AnswerRow {
    fn from_row(r: &Row) -> Result<AnswerRow> {
        Ok(AnswerRow {
            player_idx: r.get("player_idx")?,
            question_idx: r.get("question_idx")?,
            question_id: r.get("question_id")?,
            answer: r.get("answer")?,
            correct_milli: r.get("correct_milli")?,
            points: r.get("points")?,
            elapsed_ms: r.get("elapsed_ms")?,
            answered_at: r.get("answered_at")?,
        })
    }
}

pub async fn players(db: &Db, session: &str) -> Result<Vec<PlayerRow>> {
    const SQL: &str =
        "SELECT idx, nickname, resume_hash, switch_code, kicked FROM live_players WHERE session_id = $1 ORDER BY idx";
    db.fetch_all(q(SQL).bind(session)).await?.iter().map(PlayerRow::from_row).collect()
}

pub async fn answers(db: &Db, session: &str) -> Result<Vec<AnswerRow>> {
    const SQL: &str = "SELECT player_idx, question_idx, question_id, answer, correct_milli, points, elapsed_ms,
                       answered_at FROM live_answers WHERE session_id = $1
                       ORDER BY question_idx, answered_at, player_idx";
    db.fetch_all(q(SQL).bind(session)).await?.iter().map(AnswerRow::from_row).collect()
}

/// Show-of-hands counts per question: (question index, counts per option).
pub async fn group_counts(db: &Db, session: &str) -> Result<Vec<(i64, Vec<i64>)>> {
    let rows = db
        .fetch_all(
            q("SELECT question_idx, option_idx, count FROM live_group_answers WHERE session_id = $1
               ORDER BY question_idx, option_idx")
            .bind(session),
        )
        .await?;
    let mut out: Vec<(i64, Vec<i64>)> = Vec::new();
    for r in rows {
        let qi: i64 = r.get("question_idx")?;
        let c: i64 = r.get("count")?;
        match out.last_mut() {
            Some((last, v)) if *last == qi => v.push(c),
            _ => out.push((qi, vec![c])),
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A lost write used to be logged whole (`{:?}`), with the child's nickname, their typed answer and their
    /// resume secret's hash; the summary names the write by numbers only.
    #[test]
    fn a_writes_summary_names_no_child_and_no_secret() {
        let player = Write::Player {
            session: "g1".into(),
            player: PlayerRow {
                idx: 3,
                nickname: "Faucon".into(),
                resume_hash: "c0ffee".into(),
                switch_code: "7KQ2MD".into(),
                kicked: false,
            },
            joined_at: 1,
        };
        let answer = Write::Answer {
            session: "g1".into(),
            answer: AnswerRow {
                player_idx: 3,
                question_idx: 2,
                question_id: "q".into(),
                answer: r#"{"text": "mon mot de passe est soleil"}"#.into(),
                correct_milli: 0,
                points: 0,
                elapsed_ms: 1,
                answered_at: 1,
            },
        };
        for w in [&player, &answer] {
            let s = w.summary();
            for secret in ["Faucon", "c0ffee", "7KQ2MD", "soleil"] {
                assert!(!s.contains(secret), "{s}");
            }
            assert!(s.contains("g1") && s.contains('3'), "{s}");
        }
    }
    use crate::testing;

    fn new_session(id: &str, owner: UserId) -> LiveGame {
        LiveGame {
            id: id.into(),
            node: "n1".into(),
            owner_id: owner,
            workshop_id: None,
            module_id: "phishing".into(),
            audience: "12-14".into(),
            lang: "fr".into(),
            settings: "{}".into(),
            questions: "[]".into(),
        }
    }

    #[tokio::test]
    async fn a_batch_lands_whole_and_answers_count_once() {
        for t in testing::all().await {
            let db = &t.db;
            let o = testing::facilitator(db).await;
            let pin = create(db, &new_session("s1", o)).await.expect("create");
            assert_eq!(pin.len(), 6);
            assert_eq!(by_pin(db, &pin).await.expect("by pin").map(|s| s.game.id), Some("s1".into()));
            let player = PlayerRow {
                idx: 0,
                nickname: "Faucon".into(),
                resume_hash: "h".into(),
                switch_code: "ABC234".into(),
                kicked: false,
            };
            let answer = AnswerRow {
                player_idx: 0,
                question_idx: 0,
                question_id: "q1".into(),
                answer: r#"{"choices":[1]}"#.into(),
                correct_milli: 1000,
                points: 950,
                elapsed_ms: 1200,
                answered_at: 5,
            };
            let s = || "s1".to_string();
            write_batch(
                db,
                &[
                    Write::Player { session: s(), player: player.clone(), joined_at: 1 },
                    Write::Progress { session: s(), status: LiveStatus::Running, current_question: 0, at: 2 },
                    Write::Answer { session: s(), answer: answer.clone() },
                    Write::Answer { session: s(), answer: AnswerRow { points: 1, ..answer.clone() } },
                ],
            )
            .await
            .expect("batch");
            assert_eq!(players(db, "s1").await.expect("players"), std::slice::from_ref(&player));
            assert_eq!(
                answers(db, "s1").await.expect("answers"),
                std::slice::from_ref(&answer),
                "the first answer counts"
            );
            // A batch with a bad row (an answer from an unknown player) lands nothing.
            let bad = write_batch(
                db,
                &[
                    Write::Kick { session: s(), player: 0 },
                    Write::Answer { session: s(), answer: AnswerRow { player_idx: 9, question_idx: 1, ..answer } },
                ],
            )
            .await;
            assert!(bad.is_err());
            assert!(!players(db, "s1").await.expect("players")[0].kicked, "the kick in the failed batch is undone");
            write_batch(
                db,
                &[Write::Progress { session: s(), status: LiveStatus::Finished, current_question: 0, at: 9 }],
            )
            .await
            .expect("finish");
            assert_eq!(by_pin(db, &pin).await.expect("by pin"), None, "a finished game frees its PIN");
            assert!(take_over(db, "s1", "n1", "n2").await.expect("take"), "n2 takes the game from n1");
            assert!(!take_over(db, "s1", "n1", "n3").await.expect("take"), "n3 is too late");
            heartbeat(db, "n2", 41).await.expect("beat");
            heartbeat(db, "n2", 42).await.expect("beat again");
            assert_eq!(node_seen(db, "n2").await.expect("seen"), Some(42));
            assert_eq!(node_seen(db, "n9").await.expect("seen"), None);
            let row = get(db, "s1").await.expect("get").expect("row");
            assert_eq!((row.game.node.as_str(), row.status), ("n2", LiveStatus::Finished));
            assert_eq!((row.started_at, row.ended_at), (Some(2), Some(9)));
            // Every status the code knows is one the table accepts, and reads back as itself.
            for status in LiveStatus::ALL.into_iter().chain([LiveStatus::Finished]) {
                write_batch(db, &[Write::Progress { session: s(), status, current_question: 0, at: 9 }])
                    .await
                    .expect("status stored");
                assert_eq!(get(db, "s1").await.expect("get").expect("row").status, status);
            }
            let counts = |c: &[i64]| Write::GroupCounts {
                session: s(),
                question: 0,
                question_id: "q1".into(),
                counts: c.to_vec(),
                at: 10,
            };
            write_batch(db, &[counts(&[3, 5, 0])]).await.expect("counts");
            write_batch(db, &[counts(&[4, 5, 1])]).await.expect("counts replaced");
            assert_eq!(group_counts(db, "s1").await.expect("read"), [(0, vec![4, 5, 1])]);
        }
    }
}
