//! A game taken back from the database (after a restart, or a takeover): its players with their credentials,
//! their answers and so their scores and streaks, and the last question, closed (its timer did not survive).

use super::GameState;
use super::roster::{PlayerMeta, Roster};
use crate::game::Game;
use crate::messages::LiveError;
use crate::session::Scored;
use amane_domain::Nickname;
use amane_store::Db;
use amane_store::live::{self as store, LiveSessionRow};
use std::sync::Arc;

/// What an owner task starts from, as stored.
pub(super) struct Restored {
    pub state: GameState,
    /// How many players and answers were read, for the log.
    pub players: usize,
    pub answers: usize,
}

/// Reads the game `row` describes; `server_busy` when the database does not answer or holds what cannot be.
pub(super) async fn load(db: &Db, row: &LiveSessionRow) -> Result<Restored, LiveError> {
    let game = Arc::new(
        Game::from_json(&row.game.settings, &row.game.questions)
            .map_err(LiveError::busy("reading a stored game's questions"))?,
    );
    let players = store::players(db, &row.game.id).await.map_err(LiveError::busy("reading a stored game's players"))?;
    let answers = store::answers(db, &row.game.id).await.map_err(LiveError::busy("reading a stored game's answers"))?;
    // A restored game is a fresh one with its stored players and answers replayed into it.
    let GameState { game, mut session, roster: _, mut scores } = GameState::fresh(game);
    let mut metas = Vec::new();
    for p in &players {
        let nick = Nickname::parse_team(&p.nickname).map_err(LiveError::busy("a stored nickname that is not valid"))?;
        let i = session.join(nick).map_err(LiveError::busy("a stored player the game refuses"))?;
        if p.kicked {
            session.kick(i);
        }
        metas.push(PlayerMeta { addr: None, opened_ms: 0, hash: p.resume_hash.clone(), code: p.switch_code.clone() });
    }
    for a in &answers {
        let scored = Scored { correctness: a.correct_milli as f64 / 1000.0, points: a.points as u32 };
        session.restore_answer(a.player_idx as usize, a.question_idx as usize, scored);
        scores.count_stored(&game, a);
    }
    session.restore_phase(row.current_question, row.status.is_finished());
    scores.rerank(&session);
    Ok(Restored {
        state: GameState { game, session, roster: Roster::restored(metas), scores },
        players: players.len(),
        answers: answers.len(),
    })
}
