//! An owner's scoring hooks beyond the session's points: answers counted per option for the charts (with
//! show-of-hands counts in no-device mode), and each player's rank after the last closed question.

use crate::game::{Game, StoredAnswer};
use crate::protocol::Standing;
use crate::session::{Answer, Expected, LiveQuestion, Scored, Session};
use amane_store::live::AnswerRow;

pub(super) struct Scoreboard {
    /// Per question, answers per option (see `Game::slots_of`).
    counts: Vec<Vec<u32>>,
    /// Per question, the show-of-hands counts given by the facilitator.
    group: Vec<Option<Vec<u32>>>,
    /// Rank of each player after the last closed question (0: none yet).
    ranks: Vec<u32>,
}

/// How many bars a question's chart has (see `Game::slots`).
fn counts_len(live: &LiveQuestion) -> usize {
    match &live.expected {
        Expected::Choices { options, .. } => *options,
        Expected::TrueFalse(_) | Expected::Text { .. } => 2,
        Expected::RedFlags { flags, harmless } => flags + harmless,
    }
}

impl Scoreboard {
    pub fn new(game: &Game) -> Scoreboard {
        Scoreboard {
            counts: game.live.iter().map(|l| vec![0; counts_len(l)]).collect(),
            group: vec![None; game.questions.len()],
            ranks: Vec::new(),
        }
    }

    /// Counts an answer in its question's chart.
    pub fn count(&mut self, game: &Game, q: usize, answer: &Answer, scored: Scored) {
        let slots = game.slots_of(q, answer, scored.correctness);
        if let Some(c) = self.counts.get_mut(q) {
            for i in slots {
                if let Some(x) = c.get_mut(i) {
                    *x += 1;
                }
            }
        }
    }

    /// Counts a stored answer again after a restart.
    pub fn count_stored(&mut self, game: &Game, a: &AnswerRow) {
        let q = a.question_idx as usize;
        let Ok(stored) = serde_json::from_str::<StoredAnswer>(&a.answer) else { return };
        if let Ok(answer) = game.answer(q, stored.lang.unwrap_or_default(), &stored.wire) {
            let scored = Scored { correctness: a.correct_milli as f64 / 1000.0, points: a.points as u32 };
            self.count(game, q, &answer, scored);
        }
    }

    /// How many bars question `q`'s chart has, if there is such a question.
    pub fn bars(&self, q: usize) -> Option<usize> {
        self.counts.get(q).map(Vec::len)
    }

    /// The facilitator's show-of-hands counts for question `q`, replacing earlier ones.
    pub fn set_group(&mut self, q: usize, counts: Vec<u32>) {
        self.group[q] = Some(counts);
    }

    /// Question `q`'s chart: the answers per option, plus the show of hands.
    pub fn chart(&self, q: usize) -> Vec<u32> {
        let mut counts = self.counts[q].clone();
        if let Some(g) = &self.group[q] {
            for (c, g) in counts.iter_mut().zip(g) {
                *c += g;
            }
        }
        counts
    }

    /// A new player, not ranked yet.
    pub fn joined(&mut self) {
        self.ranks.push(0);
    }

    /// Player `i`'s rank (0 before any closed question).
    pub fn rank(&self, i: usize) -> u32 {
        self.ranks.get(i).copied().unwrap_or(0)
    }

    /// Ranks the players by their scores now.
    pub fn rerank(&mut self, session: &Session) {
        let ranking = session.ranking();
        self.ranks = vec![0; session.players().len()];
        for (pos, (i, _)) in ranking.iter().enumerate() {
            self.ranks[*i] = pos as u32 + 1;
        }
    }

    /// The first `n` players by rank.
    pub fn standings(&self, session: &Session, n: usize) -> Vec<Standing> {
        let ps = session.players();
        let mut order: Vec<usize> = (0..ps.len()).filter(|i| self.ranks.get(*i).is_some_and(|r| *r > 0)).collect();
        order.sort_by_key(|i| self.ranks[*i]);
        order
            .into_iter()
            .take(n)
            .map(|i| Standing { rank: self.ranks[i], nickname: ps[i].nickname.to_string(), score: ps[i].score })
            .collect()
    }
}
