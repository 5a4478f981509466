//! A live session's state and rules, without I/O: the session's owner task (to come) feeds it commands and
//! broadcasts what it returns. Times are milliseconds given by the caller, since the server is the clock.

use crate::scoring::{Mode, points, streak_bonus};
use amane_domain::Nickname;
use std::collections::HashMap;

/// What a question expects, as the live engine needs it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Expected {
    /// Indices of the right choices among `options` (one for a single-answer question).
    Choices {
        options: usize,
        right: Vec<usize>,
    },
    TrueFalse(bool),
    /// Accepted answers, folded (lower case, no accents): a free-text answer matches one of them.
    Text {
        accepted: Vec<String>,
    },
    /// How many red flags and harmless tappable parts the scenario has.
    RedFlags {
        flags: usize,
        harmless: usize,
    },
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LiveQuestion {
    pub id: String,
    pub expected: Expected,
    pub limit_ms: i64,
}

/// What a participant sends.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Answer {
    Choices(Vec<usize>),
    TrueFalse(bool),
    Text(String),
    RedFlags { flags: Vec<usize>, harmless: Vec<usize> },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Phase {
    Lobby,
    Open { question: usize, opened_at: i64, closes_at: i64 },
    Closed { question: usize },
    Finished,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Player {
    pub nickname: Nickname,
    pub score: u32,
    pub streak: u32,
    pub kicked: bool,
}

/// The result of an accepted answer, repeated as is when the same answer arrives again.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Scored {
    pub correctness: f64,
    pub points: u32,
}

/// Why an answer is refused; each is a stable code of the protocol.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Refusal {
    NotOpen,
    WrongQuestion,
    TooLate,
    UnknownPlayer,
    Kicked,
    Malformed,
    /// The game has [`MAX_PLAYERS`] players already.
    Full,
}

/// The most players one game takes: above the 10,000 children of the largest game measured (docs/PERFORMANCE.md),
/// below what would let one script fill a node's memory with made-up players.
pub const MAX_PLAYERS: usize = 20_000;

impl Refusal {
    pub fn code(self) -> &'static str {
        match self {
            Refusal::NotOpen => "question_not_open",
            Refusal::WrongQuestion => "wrong_question",
            Refusal::TooLate => "too_late",
            Refusal::UnknownPlayer => "unknown_player",
            Refusal::Kicked => "kicked",
            Refusal::Malformed => "malformed_answer",
            Refusal::Full => "game_full",
        }
    }
}

#[derive(Debug)]
pub struct Session {
    pub mode: Mode,
    pub streaks: bool,
    questions: Vec<LiveQuestion>,
    phase: Phase,
    players: Vec<Player>,
    by_nickname: HashMap<String, usize>,
    /// (player, question) → what was scored: answers are idempotent.
    answers: HashMap<(usize, usize), Scored>,
    /// How many players answered each question (kept with `answers`, read several times a second).
    answered: Vec<usize>,
}

/// How right an answer is, from 0 to 1 (1 only when fully right); red flags give partial credit.
pub(crate) fn correctness(expected: &Expected, answer: &Answer) -> Result<f64, Refusal> {
    match (expected, answer) {
        (Expected::Choices { options, right }, Answer::Choices(picked)) => {
            if picked.is_empty() || picked.iter().any(|i| i >= options) {
                return Err(Refusal::Malformed);
            }
            let mut p = picked.clone();
            p.sort_unstable();
            p.dedup();
            let mut r = right.clone();
            r.sort_unstable();
            Ok(if p == r { 1.0 } else { 0.0 })
        }
        (Expected::TrueFalse(a), Answer::TrueFalse(b)) => Ok(if a == b { 1.0 } else { 0.0 }),
        (Expected::Text { accepted }, Answer::Text(t)) => {
            let t = amane_domain::establishment::fold(t);
            Ok(if accepted.contains(&t) { 1.0 } else { 0.0 })
        }
        (Expected::RedFlags { flags, harmless }, Answer::RedFlags { flags: f, harmless: h }) => {
            if f.iter().any(|i| i >= flags) || h.iter().any(|i| i >= harmless) || *flags == 0 {
                return Err(Refusal::Malformed);
            }
            let mut f = f.clone();
            f.sort_unstable();
            f.dedup();
            let mut h = h.clone();
            h.sort_unstable();
            h.dedup();
            let score = amane_content::redflags::score(f.len(), h.len());
            Ok(score as f64 / *flags as f64)
        }
        _ => Err(Refusal::Malformed),
    }
}

impl Session {
    pub fn new(questions: Vec<LiveQuestion>, mode: Mode, streaks: bool) -> Self {
        let questions_len = questions.len();
        Session {
            mode,
            streaks,
            questions,
            phase: Phase::Lobby,
            players: Vec::new(),
            by_nickname: HashMap::new(),
            answers: HashMap::new(),
            answered: vec![0; questions_len],
        }
    }

    pub fn phase(&self) -> Phase {
        self.phase
    }

    pub fn players(&self) -> &[Player] {
        &self.players
    }

    /// The player with this nickname (case-insensitive), kicked or not.
    pub fn find(&self, nickname: &str) -> Option<usize> {
        self.by_nickname.get(&nickname.to_lowercase()).copied()
    }

    /// Joins, or rejoins with the same nickname (case-insensitive): a returning player keeps their score.
    pub fn join(&mut self, nickname: Nickname) -> Result<usize, Refusal> {
        let key = nickname.as_str().to_lowercase();
        if let Some(&i) = self.by_nickname.get(&key) {
            return if self.players[i].kicked { Err(Refusal::Kicked) } else { Ok(i) };
        }
        if self.phase == Phase::Finished {
            return Err(Refusal::NotOpen);
        }
        if self.players.len() >= MAX_PLAYERS {
            return Err(Refusal::Full);
        }
        self.players.push(Player { nickname, score: 0, streak: 0, kicked: false });
        let i = self.players.len() - 1;
        self.by_nickname.insert(key, i);
        Ok(i)
    }

    pub fn questions(&self) -> &[LiveQuestion] {
        &self.questions
    }

    /// Whether this player's answer to this question is already counted.
    pub fn answered(&self, player: usize, question: usize) -> bool {
        self.answers.contains_key(&(player, question))
    }

    /// What was scored for this player and question.
    pub fn scored(&self, player: usize, question: usize) -> Option<Scored> {
        self.answers.get(&(player, question)).copied()
    }

    /// How many players answered this question.
    pub fn answer_count(&self, question: usize) -> usize {
        self.answered.get(question).copied().unwrap_or(0)
    }

    fn record(&mut self, player: usize, question: usize, scored: Scored) {
        self.answers.insert((player, question), scored);
        if let Some(n) = self.answered.get_mut(question) {
            *n += 1;
        }
    }

    /// Puts back an answer read from the store (after a restart); the streaks follow in `restore_phase`.
    pub fn restore_answer(&mut self, player: usize, question: usize, scored: Scored) {
        if player >= self.players.len() || self.answers.contains_key(&(player, question)) {
            return;
        }
        self.players[player].score += scored.points;
        self.record(player, question, scored);
    }

    /// Puts the game back where the store says it was: an open question comes back closed, since its timer
    /// did not survive. Each player's streak is their run of right answers up to the last question played: a
    /// question they missed ended it, though it left no row to replay.
    pub fn restore_phase(&mut self, current_question: i64, finished: bool) {
        let last =
            (current_question >= 0).then(|| (current_question as usize).min(self.questions.len().saturating_sub(1)));
        self.phase = match (finished, last) {
            (true, _) => Phase::Finished,
            (false, None) => Phase::Lobby,
            (false, Some(question)) => Phase::Closed { question },
        };
        for (i, p) in self.players.iter_mut().enumerate() {
            p.streak = match last {
                Some(last) => (0..=last)
                    .rev()
                    .take_while(|q| self.answers.get(&(i, *q)).is_some_and(|s| s.correctness >= 1.0))
                    .count() as u32,
                None => 0,
            };
        }
    }

    pub fn kick(&mut self, player: usize) {
        if let Some(p) = self.players.get_mut(player) {
            p.kicked = true;
        }
    }

    /// Opens the next question (from the lobby or after one closed); finishes after the last.
    pub fn next(&mut self, now: i64) -> Phase {
        let next = match self.phase {
            Phase::Lobby => 0,
            Phase::Closed { question } => question + 1,
            Phase::Open { .. } | Phase::Finished => return self.phase,
        };
        self.phase = match self.questions.get(next) {
            Some(q) => Phase::Open { question: next, opened_at: now, closes_at: now + q.limit_ms },
            None => Phase::Finished,
        };
        self.phase
    }

    /// Gives the open question more time.
    pub fn extend(&mut self, ms: i64) {
        if let Phase::Open { closes_at, .. } = &mut self.phase {
            *closes_at += ms.max(0);
        }
    }

    /// Closes the open question; players who did not answer lose their streak.
    pub fn close(&mut self) -> Phase {
        if let Phase::Open { question, .. } = self.phase {
            for (i, p) in self.players.iter_mut().enumerate() {
                if !self.answers.contains_key(&(i, question)) {
                    p.streak = 0;
                }
            }
            self.phase = Phase::Closed { question };
        }
        self.phase
    }

    pub fn end(&mut self) {
        self.phase = Phase::Finished;
    }

    /// Scores an answer. The same player answering the same question again gets the first result back,
    /// whatever they send: an answer counts once.
    pub fn answer(&mut self, player: usize, question: usize, answer: &Answer, now: i64) -> Result<Scored, Refusal> {
        let p = self.players.get(player).ok_or(Refusal::UnknownPlayer)?;
        if p.kicked {
            return Err(Refusal::Kicked);
        }
        if let Some(done) = self.answers.get(&(player, question)) {
            return Ok(*done);
        }
        let Phase::Open { question: open, opened_at, closes_at } = self.phase else { return Err(Refusal::NotOpen) };
        if open != question {
            return Err(Refusal::WrongQuestion);
        }
        if now > closes_at {
            return Err(Refusal::TooLate);
        }
        let q = &self.questions[question];
        let c = correctness(&q.expected, answer)?;
        let mut pts = points(c, now - opened_at, closes_at - opened_at, self.mode);
        let p = &mut self.players[player];
        if c >= 1.0 {
            p.streak += 1;
            if self.streaks {
                pts += streak_bonus(p.streak);
            }
        } else {
            p.streak = 0;
        }
        p.score += pts;
        let scored = Scored { correctness: c, points: pts };
        self.record(player, question, scored);
        Ok(scored)
    }

    /// Players by score (then by nickname), for the leaderboard.
    pub fn ranking(&self) -> Vec<(usize, u32)> {
        let mut r: Vec<(usize, u32)> =
            self.players.iter().enumerate().filter(|(_, p)| !p.kicked).map(|(i, p)| (i, p.score)).collect();
        r.sort_by(|a, b| {
            b.1.cmp(&a.1).then_with(|| self.players[a.0].nickname.as_str().cmp(self.players[b.0].nickname.as_str()))
        });
        r
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn quiz() -> Session {
        let q = |id: &str, expected| LiveQuestion { id: id.into(), expected, limit_ms: 20_000 };
        Session::new(
            vec![
                q("q1", Expected::Choices { options: 4, right: vec![2] }),
                q("q2", Expected::TrueFalse(false)),
                q("q3", Expected::RedFlags { flags: 4, harmless: 2 }),
            ],
            Mode::SpeedWeighted,
            true,
        )
    }

    fn nick(s: &str) -> Nickname {
        Nickname::parse(s).expect("valid nickname")
    }

    #[test]
    fn a_full_game() {
        let mut s = quiz();
        let a = s.join(nick("Faucon")).expect("join");
        let b = s.join(nick("Étoile")).expect("join");
        assert_eq!(
            s.answer(a, 0, &Answer::Choices(vec![2]), 0),
            Err(Refusal::NotOpen),
            "nothing to answer in the lobby"
        );
        assert!(matches!(s.next(1_000), Phase::Open { question: 0, .. }));
        assert_eq!(s.answer(a, 0, &Answer::Choices(vec![2]), 1_000).map(|x| x.points), Ok(1_000));
        assert_eq!(s.answer(b, 0, &Answer::Choices(vec![1]), 11_000).map(|x| x.points), Ok(0));
        s.close();
        s.next(30_000);
        assert_eq!(
            s.answer(a, 1, &Answer::TrueFalse(false), 40_000).map(|x| x.points),
            Ok(750 + 100),
            "a streak of two"
        );
        s.close();
        s.next(60_000);
        // Three flags found, one harmless part tapped: (3 − 1) / 4 = half right.
        let r = s.answer(b, 2, &Answer::RedFlags { flags: vec![0, 1, 3], harmless: vec![1] }, 60_000).expect("scored");
        assert_eq!((r.correctness, r.points), (0.5, 500));
        s.close();
        assert_eq!(s.next(90_000), Phase::Finished);
        assert_eq!(s.ranking(), [(a, 1_850), (b, 500)]);
    }

    #[test]
    fn a_restored_game_gives_the_streaks_that_were_played_not_a_run_through_a_missed_question() {
        let right = Scored { correctness: 1.0, points: 900 };
        let mut s = quiz();
        let a = s.join(nick("Faucon")).expect("join");
        let b = s.join(nick("Étoile")).expect("join");
        // Faucon: right, missed, right; Étoile: wrong, right, right. Stored answers come back in any order.
        s.restore_answer(b, 2, right);
        s.restore_answer(a, 2, right);
        s.restore_answer(a, 0, right);
        s.restore_answer(b, 1, right);
        s.restore_answer(b, 0, Scored { correctness: 0.0, points: 0 });
        s.restore_phase(2, false);
        assert_eq!(s.phase(), Phase::Closed { question: 2 });
        assert_eq!((s.players()[a].streak, s.players()[b].streak), (1, 2));
        assert_eq!((s.players()[a].score, s.players()[b].score), (1_800, 1_800));
        // Interrupted while question 1 was open: the streaks as of question 1.
        let mut t = quiz();
        let a = t.join(nick("Faucon")).expect("join");
        t.restore_answer(a, 0, right);
        t.restore_answer(a, 1, right);
        t.restore_phase(1, false);
        assert_eq!(t.players()[a].streak, 2);
        t.restore_phase(-1, false);
        assert_eq!((t.phase(), t.players()[a].streak), (Phase::Lobby, 0));
    }

    #[test]
    fn answers_count_once_and_late_ones_are_refused() {
        let mut s = quiz();
        let a = s.join(nick("Faucon")).expect("join");
        s.next(0);
        let first = s.answer(a, 0, &Answer::Choices(vec![2]), 5_000).expect("first");
        let again = s.answer(a, 0, &Answer::Choices(vec![3]), 6_000).expect("repeat");
        assert_eq!(first, again, "a repeated submit returns the first result");
        assert_eq!(s.players()[a].score, first.points, "and counts once");
        let b = s.join(nick("Comète")).expect("late joiner");
        assert_eq!(s.answer(b, 0, &Answer::Choices(vec![2]), 20_001), Err(Refusal::TooLate));
        s.extend(5_000);
        assert!(s.answer(b, 0, &Answer::Choices(vec![2]), 20_001).is_ok(), "extended time");
        assert_eq!(s.answer(b, 1, &Answer::TrueFalse(true), 20_002), Err(Refusal::WrongQuestion));
        assert_eq!(
            s.answer(b, 0, &Answer::Choices(vec![9]), 20_002).map(|x| x.points),
            Ok(s.answers[&(b, 0)].points),
            "already answered"
        );
    }

    #[test]
    fn a_game_takes_at_most_max_players() {
        let mut s = quiz();
        for n in 0..MAX_PLAYERS {
            s.join(Nickname::parse(&format!("Joueur {n}")).expect("nickname")).expect("join");
        }
        assert_eq!(s.join(Nickname::parse("Retardataire").expect("n")), Err(Refusal::Full));
        assert_eq!(s.join(Nickname::parse("Joueur 7").expect("n")), Ok(7), "a player already in may come back");
    }

    #[test]
    fn rejoining_keeps_the_score_and_kicked_players_stay_out() {
        let mut s = quiz();
        let a = s.join(nick("Faucon")).expect("join");
        s.next(0);
        s.answer(a, 0, &Answer::Choices(vec![2]), 0).expect("scored");
        assert_eq!(s.join(nick("faucon")), Ok(a), "same nickname, same player, same score");
        assert_eq!(s.players()[a].score, 1_000);
        s.kick(a);
        assert_eq!(s.join(nick("Faucon")), Err(Refusal::Kicked));
        assert!(s.ranking().is_empty());
    }

    #[test]
    fn malformed_answers_are_refused() {
        let mut s = quiz();
        let a = s.join(nick("Faucon")).expect("join");
        s.next(0);
        assert_eq!(s.answer(a, 0, &Answer::TrueFalse(true), 1), Err(Refusal::Malformed));
        assert_eq!(s.answer(a, 0, &Answer::Choices(vec![]), 1), Err(Refusal::Malformed));
        assert_eq!(s.answer(a, 0, &Answer::Choices(vec![4]), 1), Err(Refusal::Malformed));
        assert_eq!(s.answer(7, 0, &Answer::Choices(vec![1]), 1), Err(Refusal::UnknownPlayer));
    }
}
