//! The wire protocol, version 1 (docs/live-protocol.md): what clients send, the events a game broadcasts, the
//! messages addressed to one connection, and how both become JSON frames in a participant's language.

use crate::game::{Game, Tap, WireAnswer, tap_message};
use amane_content::model::QuestionKind;
use amane_domain::Lang;
use serde::{Deserialize, Serialize};
use serde_json::{Value, json};

pub const VERSION: u32 = 1;

/// A client frame.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum ClientMsg {
    Join {
        pin: String,
        nickname: String,
        #[serde(default)]
        lang: Option<String>,
        /// The resume token a kicked player's device kept: the same device cannot come back under another name.
        #[serde(default)]
        device: Option<String>,
    },
    Resume {
        token: String,
        #[serde(default)]
        lang: Option<String>,
    },
    Switch {
        pin: String,
        code: String,
        #[serde(default)]
        lang: Option<String>,
    },
    Answer {
        question: usize,
        #[serde(flatten)]
        answer: WireAnswer,
    },
    Ping,
}

/// Why a frame was not understood.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FrameError {
    Malformed,
    UnsupportedVersion,
}

impl FrameError {
    pub fn code(self) -> &'static str {
        match self {
            FrameError::Malformed => "malformed_frame",
            FrameError::UnsupportedVersion => "unsupported_version",
        }
    }
}

#[derive(Deserialize)]
struct Versioned {
    #[serde(default)]
    v: Option<u32>,
}

pub fn parse_client(frame: &str) -> Result<ClientMsg, FrameError> {
    let value: Value = serde_json::from_str(frame).map_err(|_| FrameError::Malformed)?;
    if !value.is_object() {
        return Err(FrameError::Malformed);
    }
    let v: Versioned = serde_json::from_value(value.clone()).map_err(|_| FrameError::Malformed)?;
    if v.v.is_some_and(|v| v != VERSION) {
        return Err(FrameError::UnsupportedVersion);
    }
    serde_json::from_value(value).map_err(|_| FrameError::Malformed)
}

/// A place on the leaderboard.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Standing {
    pub rank: u32,
    pub nickname: String,
    pub score: u32,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PlayerInfo {
    pub player: u32,
    pub nickname: String,
    pub score: u32,
}

/// What a game tells every connection watching it (participants and screens) on every node.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "e", rename_all = "snake_case")]
pub enum Event {
    Lobby {
        players: u32,
    },
    Question {
        index: u32,
        remaining_ms: i64,
        paused: bool,
    },
    Timer {
        index: u32,
        remaining_ms: i64,
        paused: bool,
    },
    Closed {
        index: u32,
        counts: Vec<u32>,
        answered: u32,
        players: u32,
        leaderboard: Vec<Standing>,
    },
    Finished {
        players: u32,
        podium: Vec<Standing>,
    },
    /// For screens only: who joined (the newest hundred) and how many.
    Players {
        count: u32,
        players: Vec<PlayerInfo>,
    },
    /// For screens only: answers to the open question so far.
    Progress {
        index: u32,
        answered: u32,
        players: u32,
    },
}

impl Event {
    pub fn hosts_only(&self) -> bool {
        matches!(self, Event::Players { .. } | Event::Progress { .. })
    }
}

/// The game's state as the facilitator's controls and the API report it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct StateView {
    pub id: String,
    /// Six digits, shown on the classroom screen.
    pub pin: String,
    /// `lobby`, `open`, `closed` or `finished`.
    pub status: String,
    /// The question open or last closed (from 0).
    pub question: Option<u32>,
    pub total: u32,
    pub remaining_ms: Option<i64>,
    pub paused: bool,
    pub players: u32,
    pub answered: u32,
}

/// A message for one connection.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "p", rename_all = "snake_case")]
pub enum Personal {
    Welcome {
        session: String,
        player: u32,
        nickname: String,
        token: String,
        code: String,
        score: u32,
        rank: Option<u32>,
        /// The open question this player already answered.
        answered: Option<u32>,
    },
    Accepted {
        question: u32,
    },
    Refused {
        question: u32,
        code: String,
    },
    Result {
        index: u32,
        answered: bool,
        correct: bool,
        points: u32,
        score: u32,
        rank: u32,
        streak: u32,
    },
    Final {
        score: u32,
        rank: u32,
    },
    Kicked,
    Replaced,
    Error {
        code: String,
        field: Option<String>,
        retry_after_s: Option<u64>,
    },
    /// The answer to a facilitator's control.
    State(StateView),
    /// A screen starts watching: the current state follows from the node's copy.
    Watching,
    Pong,
}

/// Texts the engine needs from the application's translations.
pub trait Texts: Send + Sync {
    /// A refusal or error code as a sentence in `lang`.
    fn message(&self, code: &str, lang: Lang) -> String;
}

fn lang_str(t: &amane_content::model::Text3, lang: Lang) -> &str {
    t.get(lang).1
}

/// The frame of a public event, in `lang`. `answered` marks an open question this connection already answered.
pub fn render_event(game: &Game, event: &Event, lang: Lang, answered: bool) -> String {
    let v = match event {
        Event::Lobby { players } => json!({"type": "lobby", "players": players}),
        Event::Question { index, remaining_ms, paused } => {
            let Some(q) = game.questions.get(*index as usize) else { return String::new() };
            let mut v = json!({
                "type": "question", "index": index, "total": game.questions.len(), "kind": q.kind.code(),
                "prompt": lang_str(&q.prompt, lang), "limit_ms": game.live[*index as usize].limit_ms,
                "remaining_ms": remaining_ms, "paused": paused, "answered": answered,
            });
            match &q.kind {
                QuestionKind::Single { choices } | QuestionKind::Multiple { choices } => {
                    v["options"] = choices.iter().map(|c| lang_str(&c.text, lang)).collect();
                }
                QuestionKind::RedFlags(rf) => {
                    let m = tap_message(rf, lang);
                    v["format"] = json!(rf.format.code());
                    v["sender"] = json!(rf.sender.as_ref().map(|t| lang_str(t, lang)));
                    v["subject"] = json!(rf.subject.as_ref().map(|t| lang_str(t, lang)));
                    v["segments"] = m
                        .segments
                        .iter()
                        .map(|(tap, text)| match tap {
                            Some(t) => json!({"tap": t, "text": text}),
                            None => json!({"text": text}),
                        })
                        .collect();
                }
                QuestionKind::TrueFalse { .. } | QuestionKind::ShortAnswer { .. } => {}
            }
            v
        }
        Event::Timer { index, remaining_ms, paused } => {
            json!({"type": "timer", "index": index, "remaining_ms": remaining_ms, "paused": paused})
        }
        Event::Closed { index, counts, answered, players, leaderboard } => {
            let Some(q) = game.questions.get(*index as usize) else { return String::new() };
            let mut v = json!({
                "type": "closed", "index": index, "kind": q.kind.code(), "answered": answered, "players": players,
                "explanation": lang_str(&q.explanation, lang), "leaderboard": leaderboard,
            });
            match &q.kind {
                QuestionKind::Single { choices } | QuestionKind::Multiple { choices } => {
                    v["correct"] = choices.iter().enumerate().filter(|(_, c)| c.correct).map(|(i, _)| i).collect();
                    v["counts"] = json!(counts);
                }
                QuestionKind::TrueFalse { answer } => {
                    v["correct"] = json!([usize::from(*answer)]);
                    v["counts"] = json!(counts);
                }
                QuestionKind::ShortAnswer { answers } => {
                    v["correct"] = json!([0]);
                    v["accepted"] = answers.iter().map(|t| lang_str(t, lang)).collect();
                    v["counts"] = json!(counts);
                }
                QuestionKind::RedFlags(rf) => {
                    let m = tap_message(rf, lang);
                    let nflags = rf.flags.len();
                    let count_of = |t: &Tap| match t {
                        Tap::Flag(f) => counts.get(*f).copied().unwrap_or(0),
                        Tap::Harmless(h) => counts.get(nflags + h).copied().unwrap_or(0),
                    };
                    v["counts"] = m.taps.iter().map(count_of).collect();
                    v["correct"] =
                        m.taps.iter().enumerate().filter(|(_, t)| matches!(t, Tap::Flag(_))).map(|(i, _)| i).collect();
                    v["flags"] = m
                        .taps
                        .iter()
                        .enumerate()
                        .filter_map(|(i, t)| match t {
                            Tap::Flag(f) => rf
                                .flags
                                .get(*f)
                                .map(|fl| json!({"tap": i, "explanation": lang_str(&fl.explanation, lang)})),
                            Tap::Harmless(_) => None,
                        })
                        .collect();
                }
            }
            v
        }
        Event::Finished { players, podium } => json!({"type": "finished", "players": players, "podium": podium}),
        Event::Players { count, players } => json!({"type": "players", "count": count, "players": players}),
        Event::Progress { index, answered, players } => {
            json!({"type": "progress", "index": index, "answered": answered, "players": players})
        }
    };
    v.to_string()
}

/// The frame of a personal message, in `lang`.
pub fn render_personal(p: &Personal, lang: Lang, texts: &dyn Texts, game: Option<&Game>) -> String {
    let v = match p {
        Personal::Welcome { session, player, nickname, token, code, score, rank, answered: _ } => {
            let (title, total, scoring, teams) = match game {
                Some(g) => (
                    lang_str(&g.settings.title, lang).to_owned(),
                    g.questions.len(),
                    g.settings.scoring.code(),
                    g.settings.teams,
                ),
                None => (String::new(), 0, "speed", false),
            };
            json!({"type": "welcome", "session": session, "player": player, "nickname": nickname, "token": token,
                   "code": code, "score": score, "rank": rank, "title": title, "questions": total,
                   "scoring": scoring, "teams": teams})
        }
        Personal::Accepted { question } => json!({"type": "accepted", "question": question}),
        Personal::Refused { question, code } => {
            json!({"type": "refused", "question": question, "code": code, "message": texts.message(code, lang)})
        }
        Personal::Result { index, answered, correct, points, score, rank, streak } => json!({
            "type": "result", "index": index, "answered": answered, "correct": correct, "points": points,
            "score": score, "rank": rank, "streak": streak,
        }),
        Personal::Final { score, rank } => json!({"type": "final", "score": score, "rank": rank}),
        Personal::Kicked => json!({"type": "kicked"}),
        Personal::Replaced => json!({"type": "replaced"}),
        Personal::Error { code, field, retry_after_s } => {
            let mut v = json!({"type": "error", "code": code, "message": texts.message(code, lang)});
            if let Some(f) = field {
                v["field"] = json!(f);
                v["message"] = json!(texts.message(f, lang));
            }
            if let Some(r) = retry_after_s {
                v["retry_after_s"] = json!(r);
            }
            v
        }
        Personal::State(s) => json!({"type": "state", "state": s}),
        Personal::Watching => json!({"type": "watching"}),
        Personal::Pong => json!({"type": "pong"}),
    };
    v.to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn client_frames_parse_or_say_why() {
        assert_eq!(
            parse_client(r#"{"v":1,"type":"join","pin":"123456","nickname":"Faucon","lang":"ar"}"#),
            Ok(ClientMsg::Join {
                pin: "123456".into(),
                nickname: "Faucon".into(),
                lang: Some("ar".into()),
                device: None
            })
        );
        assert_eq!(
            parse_client(r#"{"v":1,"type":"answer","question":2,"taps":[0,3]}"#),
            Ok(ClientMsg::Answer { question: 2, answer: WireAnswer { taps: Some(vec![0, 3]), ..Default::default() } })
        );
        assert_eq!(parse_client(r#"{"type":"ping"}"#), Ok(ClientMsg::Ping));
        assert_eq!(parse_client(r#"{"v":2,"type":"ping"}"#), Err(FrameError::UnsupportedVersion));
        for bad in ["", "[]", "42", r#"{"type":"dance"}"#, r#"{"type":"answer","question":-1}"#, "{\"type\":"] {
            assert_eq!(parse_client(bad), Err(FrameError::Malformed), "{bad}");
        }
    }
}
