//! What a test before and after a workshop measures: the learning gain of a group, and how each question fared.
//!
//! Pure arithmetic over scores already gathered (live games or paper results); the formulas are those of
//! `docs/REPORTS.md`, which quotes the worked example tested at the bottom of this file.

use crate::error::FieldCode;
use crate::student_t::student_t_quantile;
use crate::suppression::Cell;
use serde::Serialize;
use std::collections::HashMap;
use std::sync::{OnceLock, RwLock};

/// t(0.975, df), computed once per number of degrees of freedom: the bisection takes tens of microseconds, and a
/// national report asks for it once per group (some thirty thousand workshops and schools) with few distinct sizes.
fn t_975(df: u64) -> Option<f64> {
    static KNOWN: OnceLock<RwLock<HashMap<u64, Option<f64>>>> = OnceLock::new();
    let known = KNOWN.get_or_init(|| RwLock::new(HashMap::new()));
    if let Some(t) = known.read().ok().and_then(|m| m.get(&df).copied()) {
        return t;
    }
    let t = student_t_quantile(0.975, df as f64);
    if let Ok(mut m) = known.write() {
        m.insert(df, t);
    }
    t
}

/// When a test is taken: before the workshop, right after it, or some weeks later.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Phase {
    Pre,
    Post,
    FollowUp,
}

impl Phase {
    pub const ALL: [Phase; 3] = [Phase::Pre, Phase::Post, Phase::FollowUp];

    pub fn code(self) -> &'static str {
        match self {
            Phase::Pre => "pre",
            Phase::Post => "post",
            Phase::FollowUp => "followup",
        }
    }

    pub fn parse(s: &str) -> Result<Phase, FieldCode> {
        let s = s.trim();
        if s.is_empty() {
            return Err(FieldCode::Required);
        }
        Phase::ALL.into_iter().find(|p| p.code() == s).ok_or(FieldCode::PhaseUnknown)
    }
}

impl Serialize for Phase {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.code())
    }
}

impl<'de> serde::Deserialize<'de> for Phase {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        Phase::parse(&s).map_err(serde::de::Error::custom)
    }
}

/// One participant's scores (correct answers out of the test's questions); `None` for a test not taken.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct ParticipantScores {
    pub pre: Option<u32>,
    pub post: Option<u32>,
}

/// A group's learning between the pre-test and the post-test. The means and the gain are taken over the paired
/// participants only, so that a child who missed one of the tests does not move the comparison.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Learning {
    pub n_paired: u64,
    /// Who took one test only: counted apart, never mixed in; a report hides a small count (`Cell::Suppressed`).
    pub n_pre_only: Cell<u64>,
    pub n_post_only: Cell<u64>,
    pub mean_pre: Option<f64>,
    pub mean_post: Option<f64>,
    pub mean_gain: Option<f64>,
    /// Two-sided 95 % Student t interval of the mean gain.
    pub ci95: Option<[f64; 2]>,
    pub cohens_dz: Option<f64>,
    /// Hake's class-average normalised gain: the share of what was left to learn that was learnt.
    pub normalised_gain: Option<f64>,
    pub share_improved: Option<f64>,
}

/// The learning of a group on a test of `n_questions` questions. A participant with neither score counts nowhere.
pub fn learning(n_questions: u32, scores: impl IntoIterator<Item = ParticipantScores>) -> Learning {
    let mut sums = LearningSums::default();
    for s in scores {
        sums.add(s);
    }
    sums.learning(n_questions)
}

/// What every figure of [`Learning`] is computed from: counts and integer sums over a group's participants.
/// Sums of groups add up, so the store can aggregate cells (workshop × establishment × age band) in SQL and the
/// service merge them into any breakdown without reading a participant twice; integers keep the variance exact.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct LearningSums {
    pub n_paired: u64,
    pub n_pre_only: u64,
    pub n_post_only: u64,
    /// Over the paired participants: Σ pre, Σ post, Σ (post − pre), Σ (post − pre)², and how many had post > pre.
    pub sum_pre: i64,
    pub sum_post: i64,
    pub sum_gain: i64,
    pub sum_gain_sq: i64,
    pub n_improved: u64,
}

impl LearningSums {
    pub fn add(&mut self, s: ParticipantScores) {
        match (s.pre, s.post) {
            (Some(pre), Some(post)) => {
                let gain = i64::from(post) - i64::from(pre);
                self.n_paired += 1;
                self.sum_pre += i64::from(pre);
                self.sum_post += i64::from(post);
                self.sum_gain += gain;
                self.sum_gain_sq += gain * gain;
                self.n_improved += u64::from(post > pre);
            }
            (Some(_), None) => self.n_pre_only += 1,
            (None, Some(_)) => self.n_post_only += 1,
            (None, None) => {}
        }
    }

    pub fn merge(&mut self, o: &LearningSums) {
        self.n_paired += o.n_paired;
        self.n_pre_only += o.n_pre_only;
        self.n_post_only += o.n_post_only;
        self.sum_pre += o.sum_pre;
        self.sum_post += o.sum_post;
        self.sum_gain += o.sum_gain;
        self.sum_gain_sq += o.sum_gain_sq;
        self.n_improved += o.n_improved;
    }

    /// Everyone the group counts, paired or not (what small-cell suppression looks at).
    pub fn participants(&self) -> u64 {
        self.n_paired + self.n_pre_only + self.n_post_only
    }

    pub fn learning(&self, n_questions: u32) -> Learning {
        let mut out = Learning {
            n_paired: self.n_paired,
            n_pre_only: Cell::Shown(self.n_pre_only),
            n_post_only: Cell::Shown(self.n_post_only),
            mean_pre: None,
            mean_post: None,
            mean_gain: None,
            ci95: None,
            cohens_dz: None,
            normalised_gain: None,
            share_improved: None,
        };
        if self.n_paired == 0 {
            return out;
        }
        let n = self.n_paired as f64;
        let mean_pre = self.sum_pre as f64 / n;
        let mean_post = self.sum_post as f64 / n;
        let mean_gain = self.sum_gain as f64 / n;
        out.mean_pre = Some(mean_pre);
        out.mean_post = Some(mean_post);
        out.mean_gain = Some(mean_gain);
        out.share_improved = Some(self.n_improved as f64 / n);
        let ceiling = f64::from(n_questions);
        // Nothing was left to learn when the group already knew it all (or the scores exceed the test).
        if mean_pre < ceiling {
            out.normalised_gain = Some((mean_post - mean_pre) / (ceiling - mean_pre));
        }
        if self.n_paired >= 2 {
            // n·Σg² − (Σg)² is an exact integer (0 when every gain is equal), so the variance is exact too.
            let n_i = i128::from(self.n_paired);
            let spread = n_i * i128::from(self.sum_gain_sq) - i128::from(self.sum_gain) * i128::from(self.sum_gain);
            let variance = spread as f64 / (n * (n - 1.0));
            let sd = variance.max(0.0).sqrt();
            if let Some(t) = t_975(self.n_paired - 1) {
                let half = t * sd / n.sqrt();
                out.ci95 = Some([mean_gain - half, mean_gain + half]);
            }
            if spread > 0 {
                out.cohens_dz = Some(mean_gain / sd);
            }
        }
        out
    }
}

/// How one question was answered (one participant, one phase).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct AnswerFact {
    /// 1-based position of the question in the test.
    pub position: u32,
    pub phase: Phase,
    pub correct: bool,
    /// The index of the option chosen, when known (paper results only say right or wrong).
    pub choice: Option<u32>,
}

/// One question's figures before and after. Rates are over the answers given in that phase; the most chosen
/// wrong option tells which misconception the workshop did (or did not) undo.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct QuestionFigures {
    pub position: u32,
    pub n_pre: u64,
    pub correct_rate_pre: Option<f64>,
    pub n_post: u64,
    pub correct_rate_post: Option<f64>,
    pub most_chosen_wrong_post: Option<u32>,
    pub most_chosen_wrong_pre: Option<u32>,
}

#[derive(Default)]
struct Tally {
    n: u64,
    correct: u64,
    /// (option index, times chosen) of the wrong answers.
    wrong: Vec<(u32, u64)>,
}

impl Tally {
    fn add(&mut self, a: &AnswerFact, times: u64) {
        self.n += times;
        if a.correct {
            self.correct += times;
        } else if let Some(choice) = a.choice {
            match self.wrong.iter_mut().find(|(c, _)| *c == choice) {
                Some((_, seen)) => *seen += times,
                None => self.wrong.push((choice, times)),
            }
        }
    }

    fn rate(&self) -> Option<f64> {
        (self.n > 0).then(|| self.correct as f64 / self.n as f64)
    }

    /// Ties go to the lowest option index, so the answer does not depend on the order the facts came in.
    fn most_chosen_wrong(&self) -> Option<u32> {
        self.wrong.iter().max_by(|a, b| a.1.cmp(&b.1).then(b.0.cmp(&a.0))).map(|(c, _)| *c)
    }
}

/// The figures of every question 1..=`n_questions`, in order. Answers of the follow-up phase, and answers at a
/// position outside the test, are not counted here.
pub fn by_question(n_questions: u32, answers: impl IntoIterator<Item = AnswerFact>) -> Vec<QuestionFigures> {
    by_question_counted(n_questions, answers.into_iter().map(|a| (a, 1)))
}

/// [`by_question`] over answers already counted: each fact stands for that many identical answers (what the
/// store's per-question counts give, so that no answer is read again).
pub fn by_question_counted(
    n_questions: u32,
    answers: impl IntoIterator<Item = (AnswerFact, u64)>,
) -> Vec<QuestionFigures> {
    let size = usize::try_from(n_questions).unwrap_or(usize::MAX);
    let mut pre: Vec<Tally> = std::iter::repeat_with(Tally::default).take(size).collect();
    let mut post: Vec<Tally> = std::iter::repeat_with(Tally::default).take(size).collect();
    for (a, times) in answers {
        let Some(i) = a.position.checked_sub(1).and_then(|i| usize::try_from(i).ok()) else { continue };
        let tallies = match a.phase {
            Phase::Pre => &mut pre,
            Phase::Post => &mut post,
            Phase::FollowUp => continue,
        };
        if let Some(t) = tallies.get_mut(i) {
            t.add(&a, times);
        }
    }
    (1..=n_questions)
        .zip(pre.iter().zip(&post))
        .map(|(position, (pre, post))| QuestionFigures {
            position,
            n_pre: pre.n,
            correct_rate_pre: pre.rate(),
            n_post: post.n,
            correct_rate_post: post.rate(),
            most_chosen_wrong_post: post.most_chosen_wrong(),
            most_chosen_wrong_pre: pre.most_chosen_wrong(),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn close(got: Option<f64>, want: f64, tol: f64) -> bool {
        got.is_some_and(|g| (g - want).abs() <= tol)
    }

    fn s(pre: Option<u32>, post: Option<u32>) -> ParticipantScores {
        ParticipantScores { pre, post }
    }

    /// Groups aggregated apart and merged give what one pass over everyone gives (what the store's cells rely on).
    #[test]
    fn merged_sums_equal_one_pass() {
        let a = [s(Some(3), Some(7)), s(Some(5), Some(6)), s(Some(8), None)];
        let b = [s(Some(4), Some(4)), s(Some(6), Some(9)), s(Some(2), Some(5)), s(Some(7), Some(6)), s(None, Some(9))];
        let (mut left, mut right) = (LearningSums::default(), LearningSums::default());
        a.iter().for_each(|x| left.add(*x));
        b.iter().for_each(|x| right.add(*x));
        left.merge(&right);
        assert_eq!(left.participants(), 8);
        assert_eq!(left.learning(10), learning(10, a.iter().chain(b.iter()).copied()));
        assert_eq!((left.sum_gain, left.sum_gain_sq, left.n_improved), (10, 36, 4));
    }

    /// The worked example of docs/REPORTS.md, N = 10 questions.
    ///
    /// | participant | pre | post | gain |
    /// |---|---|---|---|
    /// | A | 3 | 7 | 4 |
    /// | B | 5 | 6 | 1 |
    /// | C | 4 | 4 | 0 |
    /// | D | 6 | 9 | 3 |
    /// | E | 2 | 5 | 3 |
    /// | F | 7 | 6 | −1 |
    /// | G | 8 | – | (pre only) |
    /// | H | 5 | – | (pre only) |
    /// | I | – | 9 | (post only) |
    ///
    /// Paired n = 6; pre-only 2; post-only 1.
    /// mean_pre = (3+5+4+6+2+7)/6 = 27/6 = 4.5; mean_post = (7+6+4+9+5+6)/6 = 37/6 = 6.1666667.
    /// gains 4, 1, 0, 3, 3, −1: sum 10, mean_gain = 10/6 = 5/3 = 1.6666667.
    /// Deviations from 5/3: 7/3, −2/3, −5/3, 4/3, 4/3, −8/3; squares in ninths 49+4+25+16+16+64 = 174, so
    /// Σ = 174/9 and the variance (n − 1 = 5) is 174/45 = 58/15 = 3.8666667; sd = √(58/15) = 1.9663842.
    /// Standard error sd/√6 = √(58/90) = 0.8027730. t(0.975, 5) = 2.5705818; half-width 2.5705818 × 0.8027730
    /// = 2.0635936; ci95 = [5/3 − 2.0635936, 5/3 + 2.0635936] = [−0.3969270, 3.7302603].
    /// cohens_dz = (5/3) / 1.9663842 = 0.8475794.
    /// normalised_gain = (37/6 − 27/6) / (10 − 4.5) = (5/3) / 5.5 = 10/33 = 0.3030303.
    /// share_improved: A, B, D, E gained (C equal, F lost) = 4/6 = 0.6666667.
    #[test]
    fn worked_example_by_hand() {
        let scores = [
            s(Some(3), Some(7)),
            s(Some(5), Some(6)),
            s(Some(4), Some(4)),
            s(Some(6), Some(9)),
            s(Some(2), Some(5)),
            s(Some(7), Some(6)),
            s(Some(8), None),
            s(Some(5), None),
            s(None, Some(9)),
        ];
        let l = learning(10, scores);
        assert_eq!((l.n_paired, l.n_pre_only, l.n_post_only), (6, Cell::Shown(2), Cell::Shown(1)));
        let tol = 1e-6;
        assert!(close(l.mean_pre, 4.5, tol), "{l:?}");
        assert!(close(l.mean_post, 6.166_666_7, tol), "{l:?}");
        assert!(close(l.mean_gain, 1.666_666_7, tol), "{l:?}");
        let [low, high] = l.ci95.expect("an interval");
        assert!((low - -0.396_927_0).abs() < tol && (high - 3.730_260_3).abs() < tol, "{l:?}");
        assert!(close(l.cohens_dz, 0.847_579_4, tol), "{l:?}");
        assert!(close(l.normalised_gain, 0.303_030_3, tol), "{l:?}");
        assert!(close(l.share_improved, 0.666_666_7, tol), "{l:?}");
        // The order of the participants changes nothing.
        let mut reversed = scores;
        reversed.reverse();
        assert_eq!(learning(10, reversed), l);
    }

    #[test]
    fn nobody_paired_gives_counts_only() {
        let l = learning(10, [s(Some(3), None), s(None, Some(4)), s(None, Some(5)), s(None, None)]);
        assert_eq!((l.n_paired, l.n_pre_only, l.n_post_only), (0, Cell::Shown(1), Cell::Shown(2)));
        let means = [l.mean_pre, l.mean_post, l.mean_gain, l.cohens_dz, l.normalised_gain, l.share_improved];
        assert!(means.iter().all(Option::is_none) && l.ci95.is_none(), "{l:?}");
        assert_eq!(learning(10, []).n_paired, 0);
    }

    #[test]
    fn one_pair_has_means_but_no_spread() {
        let l = learning(8, [s(Some(2), Some(6))]);
        assert_eq!((l.mean_pre, l.mean_post, l.mean_gain), (Some(2.0), Some(6.0), Some(4.0)));
        assert_eq!((l.ci95, l.cohens_dz), (None, None));
        assert_eq!(l.normalised_gain, Some(4.0 / 6.0));
        assert_eq!(l.share_improved, Some(1.0));
    }

    #[test]
    fn equal_gains_have_a_zero_width_interval_and_no_effect_size() {
        let l = learning(10, [s(Some(1), Some(3)), s(Some(4), Some(6)), s(Some(7), Some(9))]);
        assert_eq!(l.mean_gain, Some(2.0));
        assert_eq!(l.ci95, Some([2.0, 2.0]));
        assert_eq!(l.cohens_dz, None);
    }

    #[test]
    fn a_group_that_knew_everything_has_no_normalised_gain() {
        let l = learning(5, [s(Some(5), Some(5)), s(Some(5), Some(4))]);
        assert_eq!(l.mean_pre, Some(5.0));
        assert_eq!(l.normalised_gain, None);
        assert_eq!(l.share_improved, Some(0.0));
        assert_eq!(l.mean_gain, Some(-0.5));
    }

    #[test]
    fn serialises_with_the_api_field_names() {
        let l = learning(4, [s(Some(1), Some(3)), s(Some(2), Some(2))]);
        let v = serde_json::to_value(&l).expect("json");
        let mut keys: Vec<&str> = v.as_object().expect("object").keys().map(String::as_str).collect();
        keys.sort_unstable();
        assert_eq!(
            keys,
            [
                "ci95",
                "cohens_dz",
                "mean_gain",
                "mean_post",
                "mean_pre",
                "n_paired",
                "n_post_only",
                "n_pre_only",
                "normalised_gain",
                "share_improved"
            ]
        );
        assert!(v["ci95"].is_array());
        let q = serde_json::to_value(by_question(1, [])).expect("json");
        assert_eq!(q[0]["correct_rate_pre"], serde_json::Value::Null);
        assert_eq!(q[0]["position"], 1);
    }

    #[test]
    fn phases_parse_from_their_codes() {
        for p in Phase::ALL {
            assert_eq!(Phase::parse(&format!(" {} ", p.code())), Ok(p));
        }
        assert_eq!(Phase::parse("Post"), Err(FieldCode::PhaseUnknown));
        assert_eq!(Phase::parse(""), Err(FieldCode::Required));
    }

    fn fact(position: u32, phase: Phase, correct: bool, choice: Option<u32>) -> AnswerFact {
        AnswerFact { position, phase, correct, choice }
    }

    #[test]
    fn per_question_rates_and_most_chosen_wrong_answers() {
        use Phase::*;
        let answers = [
            // Question 1 before: 1 right of 4; wrong choices 2, 3, 3 → 3.
            fact(1, Pre, true, Some(0)),
            fact(1, Pre, false, Some(2)),
            fact(1, Pre, false, Some(3)),
            fact(1, Pre, false, Some(3)),
            // After: 2 right of 4; wrong choices 3 and 1 tie → the lower index, 1.
            fact(1, Post, true, Some(0)),
            fact(1, Post, true, Some(0)),
            fact(1, Post, false, Some(3)),
            fact(1, Post, false, Some(1)),
            // Question 2 on paper: no choices known.
            fact(2, Pre, false, None),
            fact(2, Pre, true, None),
            // Not counted: follow-up, and positions outside 1..=3.
            fact(2, FollowUp, true, None),
            fact(0, Pre, true, None),
            fact(4, Post, true, None),
        ];
        let q = by_question(3, answers);
        assert_eq!(
            q,
            vec![
                QuestionFigures {
                    position: 1,
                    n_pre: 4,
                    correct_rate_pre: Some(0.25),
                    n_post: 4,
                    correct_rate_post: Some(0.5),
                    most_chosen_wrong_post: Some(1),
                    most_chosen_wrong_pre: Some(3),
                },
                QuestionFigures {
                    position: 2,
                    n_pre: 2,
                    correct_rate_pre: Some(0.5),
                    n_post: 0,
                    correct_rate_post: None,
                    most_chosen_wrong_post: None,
                    most_chosen_wrong_pre: None,
                },
                QuestionFigures {
                    position: 3,
                    n_pre: 0,
                    correct_rate_pre: None,
                    n_post: 0,
                    correct_rate_post: None,
                    most_chosen_wrong_post: None,
                    most_chosen_wrong_pre: None,
                },
            ]
        );
        assert!(by_question(0, [fact(1, Pre, true, None)]).is_empty());
    }
}
