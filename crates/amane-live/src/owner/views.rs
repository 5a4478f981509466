//! What an owner shows of its state: the facilitator's view, the screens' players list, and each connected
//! participant's result or final standing.

use super::roster::Roster;
use super::scoreboard::Scoreboard;
use crate::game::Game;
use crate::messages::Addr;
use crate::protocol::{Event, Personal, PlayerInfo, StateView};
use crate::session::{Phase, Session};

/// Players not kicked out.
pub(super) fn active(session: &Session) -> u32 {
    session.players().iter().filter(|p| !p.kicked).count() as u32
}

/// The game's state for the facilitator; `paused_at` is when the open question was paused.
pub(super) fn state(
    id: &str,
    pin: &str,
    game: &Game,
    session: &Session,
    paused_at: Option<i64>,
    now: i64,
) -> StateView {
    let (status, question, remaining_ms, answered) = match session.phase() {
        Phase::Lobby => ("lobby", None, None, 0),
        Phase::Open { question, closes_at, .. } => {
            let left = closes_at - paused_at.unwrap_or(now);
            ("open", Some(question as u32), Some(left.max(0)), session.answer_count(question) as u32)
        }
        Phase::Closed { question } => ("closed", Some(question as u32), None, session.answer_count(question) as u32),
        Phase::Finished => ("finished", None, None, 0),
    };
    StateView {
        id: id.to_owned(),
        pin: pin.to_owned(),
        status: status.into(),
        question,
        total: game.questions.len() as u32,
        remaining_ms,
        paused: paused_at.is_some(),
        players: active(session),
        answered,
    }
}

/// The screens' players list: the last to join first, without those kicked out.
pub(super) fn players(session: &Session, roster: &Roster) -> Event {
    let ps = session.players();
    let players = roster
        .recent()
        .filter(|&i| !ps[i as usize].kicked)
        .map(|i| PlayerInfo { player: i, nickname: ps[i as usize].nickname.to_string(), score: ps[i as usize].score })
        .collect();
    Event::Players { count: active(session), players }
}

/// Each connected participant's result for the question just closed.
pub(super) fn results(
    session: &Session,
    roster: &Roster,
    scores: &Scoreboard,
    question: usize,
) -> Vec<(Addr, Personal)> {
    let ps = session.players();
    roster
        .iter()
        .filter_map(|(i, m)| {
            let addr = m.addr.clone()?;
            let s = session.scored(i, question);
            Some((
                addr,
                Personal::Result {
                    index: question as u32,
                    answered: s.is_some(),
                    correct: s.is_some_and(|s| s.correctness >= 1.0),
                    points: s.map_or(0, |s| s.points),
                    score: ps[i].score,
                    rank: scores.rank(i),
                    streak: ps[i].streak,
                },
            ))
        })
        .collect()
}

/// Each connected participant's final score and rank.
pub(super) fn finals(session: &Session, roster: &Roster, scores: &Scoreboard) -> Vec<(Addr, Personal)> {
    let ps = session.players();
    roster
        .iter()
        .filter_map(|(i, m)| Some((m.addr.clone()?, Personal::Final { score: ps[i].score, rank: scores.rank(i) })))
        .collect()
}
