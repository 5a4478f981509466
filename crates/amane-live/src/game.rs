//! A game as created: its settings and its questions, frozen at creation, with what the engine derives from them
//! (what each question expects, and for red flags which tappable part is a flag in each language).

use crate::scoring::Mode;
use crate::session::{Answer, Expected, LiveQuestion, Refusal};
use amane_content::model::{Question, QuestionKind, Text3};
use amane_content::redflags::{self, Segment};
use amane_domain::Lang;
use amane_domain::establishment::fold;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "snake_case")]
pub enum Scoring {
    #[default]
    Speed,
    Accuracy,
}

impl Scoring {
    pub fn mode(self) -> Mode {
        match self {
            Scoring::Speed => Mode::SpeedWeighted,
            Scoring::Accuracy => Mode::AccuracyOnly,
        }
    }
    pub fn code(self) -> &'static str {
        match self {
            Scoring::Speed => "speed",
            Scoring::Accuracy => "accuracy",
        }
    }
}

/// How a game is played; stored as JSON with the game.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Settings {
    pub title: Text3,
    #[serde(default)]
    pub scoring: Scoring,
    #[serde(default = "yes")]
    pub streaks: bool,
    /// A class or a table shares one device: the "nickname" is the team's name.
    #[serde(default)]
    pub teams: bool,
    /// No phones in the room: the facilitator enters show-of-hands counts.
    #[serde(default)]
    pub no_device: bool,
    /// The same limit for every question, else one per kind (see `default_limit_ms`).
    #[serde(default)]
    pub time_limit_s: Option<u32>,
    /// Close a question as soon as every connected participant has answered, instead of waiting for the timer.
    #[serde(default = "yes")]
    pub auto_close: bool,
}

fn yes() -> bool {
    true
}

/// Seconds to answer by default: reading a scenario takes longer than a true-or-false.
pub fn default_limit_ms(kind: &QuestionKind) -> i64 {
    match kind {
        QuestionKind::TrueFalse { .. } | QuestionKind::Single { .. } => 20_000,
        QuestionKind::Multiple { .. } | QuestionKind::ShortAnswer { .. } => 30_000,
        QuestionKind::RedFlags(_) => 60_000,
    }
}

/// What a tappable part of a red-flags message is, in one language.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Tap {
    Flag(usize),
    Harmless(usize),
}

/// A red-flags scenario as shown in one language: the segments with tap numbers, and what each tap is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TapMessage {
    pub segments: Vec<(Option<usize>, String)>,
    pub taps: Vec<Tap>,
}

pub fn tap_message(rf: &amane_content::model::RedFlags, lang: Lang) -> TapMessage {
    let (_, text) = rf.message.get(lang);
    let mut segments = Vec::new();
    let mut taps = Vec::new();
    for seg in redflags::parse(text).unwrap_or_default() {
        match seg {
            Segment::Text { text } => segments.push((None, text)),
            Segment::Flag { id, text } => {
                let flag = rf.flags.iter().position(|f| f.id == id).unwrap_or(usize::MAX);
                segments.push((Some(taps.len()), text));
                taps.push(Tap::Flag(flag));
            }
            Segment::Neutral { index, text } => {
                segments.push((Some(taps.len()), text));
                taps.push(Tap::Harmless(index));
            }
        }
    }
    TapMessage { segments, taps }
}

/// An answer as it arrives on the wire, before it is checked against the question.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct WireAnswer {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub choices: Option<Vec<usize>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub value: Option<bool>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub text: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub taps: Option<Vec<usize>>,
}

/// An answer as stored: what was sent and the language it was seen in (red-flag taps are numbered per language).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StoredAnswer {
    #[serde(default)]
    pub lang: Option<Lang>,
    #[serde(flatten)]
    pub wire: WireAnswer,
}

/// One bar of a question's answer chart.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Slot {
    pub label: String,
    /// A right option, or a real red flag.
    pub right: bool,
}

#[derive(Debug)]
pub struct Game {
    pub settings: Settings,
    pub questions: Vec<Question>,
    pub live: Vec<LiveQuestion>,
}

impl Game {
    pub fn new(settings: Settings, questions: Vec<Question>) -> Game {
        let live = questions
            .iter()
            .map(|q| LiveQuestion {
                id: q.id.clone(),
                expected: expected(&q.kind),
                limit_ms: settings.time_limit_s.map_or_else(|| default_limit_ms(&q.kind), |s| i64::from(s) * 1000),
            })
            .collect();
        Game { settings, questions, live }
    }

    /// Reads a stored game.
    pub fn from_json(settings: &str, questions: &str) -> Result<Game, serde_json::Error> {
        Ok(Game::new(serde_json::from_str(settings)?, serde_json::from_str(questions)?))
    }

    /// The bars of question `index`'s answer chart, labelled in `lang`: one per option (single, multiple),
    /// [false, true], [right, wrong] (short answer), or one per red flag then one per harmless part.
    pub fn slots(&self, index: usize, lang: Lang, right: &str, wrong: &str, yes: &str, no: &str) -> Vec<Slot> {
        let Some(q) = self.questions.get(index) else { return Vec::new() };
        match &q.kind {
            QuestionKind::Single { choices } | QuestionKind::Multiple { choices } => {
                choices.iter().map(|c| Slot { label: c.text.get(lang).1.to_owned(), right: c.correct }).collect()
            }
            QuestionKind::TrueFalse { answer } => {
                vec![Slot { label: no.to_owned(), right: !answer }, Slot { label: yes.to_owned(), right: *answer }]
            }
            QuestionKind::ShortAnswer { .. } => {
                vec![Slot { label: right.to_owned(), right: true }, Slot { label: wrong.to_owned(), right: false }]
            }
            QuestionKind::RedFlags(rf) => {
                let m = tap_message(rf, lang);
                let text_of = |want: Tap| {
                    m.taps
                        .iter()
                        .position(|t| *t == want)
                        .and_then(|i| m.segments.iter().find(|(tap, _)| *tap == Some(i)))
                        .map(|(_, t)| t.clone())
                        .unwrap_or_default()
                };
                let harmless = match &self.live[index].expected {
                    Expected::RedFlags { harmless, .. } => *harmless,
                    _ => 0,
                };
                (0..rf.flags.len())
                    .map(|f| Slot { label: text_of(Tap::Flag(f)), right: true })
                    .chain((0..harmless).map(|h| Slot { label: text_of(Tap::Harmless(h)), right: false }))
                    .collect()
            }
        }
    }

    /// Which bars of the chart an answer adds one to (see `slots`).
    pub fn slots_of(&self, index: usize, answer: &Answer, correctness: f64) -> Vec<usize> {
        let mut out: Vec<usize> = match answer {
            Answer::Choices(v) => v.clone(),
            Answer::TrueFalse(b) => vec![usize::from(*b)],
            Answer::Text(_) => vec![if correctness >= 1.0 { 0 } else { 1 }],
            Answer::RedFlags { flags, harmless } => {
                let nflags = match self.live.get(index).map(|l| &l.expected) {
                    Some(Expected::RedFlags { flags, .. }) => *flags,
                    _ => 0,
                };
                flags.iter().copied().chain(harmless.iter().map(|h| nflags + h)).collect()
            }
        };
        out.sort_unstable();
        out.dedup();
        out
    }

    /// Questions to grade outside a game (a test taken on a phone): the default settings, which grading ignores.
    pub fn for_grading(questions: Vec<Question>) -> Game {
        let settings = Settings {
            title: Text3::default(),
            scoring: Scoring::Accuracy,
            streaks: false,
            teams: false,
            no_device: false,
            time_limit_s: None,
            auto_close: false,
        };
        Game::new(settings, questions)
    }

    /// The answer to question `index` (seen in `lang`) and how right it is, from 0 to 1, by the rules a live game
    /// scores with.
    pub fn grade(&self, index: usize, lang: Lang, wire: &WireAnswer) -> Result<(Answer, f64), Refusal> {
        let answer = self.answer(index, lang, wire)?;
        let live = self.live.get(index).ok_or(Refusal::WrongQuestion)?;
        let c = crate::session::correctness(&live.expected, &answer)?;
        Ok((answer, c))
    }

    /// Checks a wire answer against question `index`, seen in `lang`.
    pub fn answer(&self, index: usize, lang: Lang, wire: &WireAnswer) -> Result<Answer, Refusal> {
        let q = self.questions.get(index).ok_or(Refusal::WrongQuestion)?;
        match &q.kind {
            QuestionKind::Single { .. } => match &wire.choices {
                Some(c) if c.len() == 1 => Ok(Answer::Choices(c.clone())),
                _ => Err(Refusal::Malformed),
            },
            QuestionKind::Multiple { .. } => match &wire.choices {
                Some(c) if !c.is_empty() && c.len() <= 16 => Ok(Answer::Choices(c.clone())),
                _ => Err(Refusal::Malformed),
            },
            QuestionKind::TrueFalse { .. } => wire.value.map(Answer::TrueFalse).ok_or(Refusal::Malformed),
            QuestionKind::ShortAnswer { .. } => match &wire.text {
                Some(t) if !t.trim().is_empty() && t.chars().count() <= 200 => Ok(Answer::Text(t.clone())),
                _ => Err(Refusal::Malformed),
            },
            QuestionKind::RedFlags(rf) => {
                let taps = wire.taps.as_ref().ok_or(Refusal::Malformed)?;
                let m = tap_message(rf, lang);
                let (mut flags, mut harmless) = (Vec::new(), Vec::new());
                for &t in taps {
                    match m.taps.get(t) {
                        Some(Tap::Flag(f)) => flags.push(*f),
                        Some(Tap::Harmless(h)) => harmless.push(*h),
                        None => return Err(Refusal::Malformed),
                    }
                }
                Ok(Answer::RedFlags { flags, harmless })
            }
        }
    }
}

fn expected(kind: &QuestionKind) -> Expected {
    match kind {
        QuestionKind::Single { choices } | QuestionKind::Multiple { choices } => Expected::Choices {
            options: choices.len(),
            right: choices.iter().enumerate().filter(|(_, c)| c.correct).map(|(i, _)| i).collect(),
        },
        QuestionKind::TrueFalse { answer } => Expected::TrueFalse(*answer),
        QuestionKind::ShortAnswer { answers } => {
            let mut accepted: Vec<String> = answers
                .iter()
                .flat_map(|t| [&t.fr, &t.ar, &t.en])
                .flatten()
                .map(|s| fold(s))
                .filter(|s| !s.is_empty())
                .collect();
            accepted.sort();
            accepted.dedup();
            Expected::Text { accepted }
        }
        QuestionKind::RedFlags(rf) => {
            let harmless = Lang::ALL
                .iter()
                .map(|l| tap_message(rf, *l).taps.iter().filter(|t| matches!(t, Tap::Harmless(_))).count())
                .max()
                .unwrap_or(0);
            Expected::RedFlags { flags: rf.flags.len(), harmless }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use amane_content::model::{Flag, RedFlags, RfFormat};

    fn question(kind: QuestionKind) -> Question {
        Question {
            id: "q".into(),
            audiences: vec![],
            prompt: Text3::one(Lang::Fr, "?"),
            explanation: Text3::default(),
            kind,
            test_form: None,
        }
    }

    fn settings() -> Settings {
        Settings {
            title: Text3::default(),
            scoring: Scoring::Speed,
            streaks: true,
            teams: false,
            no_device: false,
            time_limit_s: None,
            auto_close: true,
        }
    }

    #[test]
    fn short_answers_ignore_case_and_accents() {
        let answers = vec![Text3 { fr: Some("Hameçonnage".into()), ar: None, en: Some("phishing".into()) }];
        let g = Game::new(settings(), vec![question(QuestionKind::ShortAnswer { answers })]);
        let mut s = crate::session::Session::new(g.live.clone(), Scoring::Speed.mode(), false);
        let a = s.join(amane_domain::Nickname::parse("Faucon").expect("nick")).expect("join");
        let b = s.join(amane_domain::Nickname::parse("Lynx").expect("nick")).expect("join");
        s.next(0);
        let wire = |t: &str| WireAnswer { text: Some(t.into()), ..Default::default() };
        let right = g.answer(0, Lang::Fr, &wire("  HAMECONNAGE ")).expect("shape");
        assert_eq!(s.answer(a, 0, &right, 0).map(|x| x.correctness), Ok(1.0));
        let wrong = g.answer(0, Lang::Fr, &wire("spam")).expect("shape");
        assert_eq!(s.answer(b, 0, &wrong, 0).map(|x| x.correctness), Ok(0.0));
        assert_eq!(g.answer(0, Lang::Fr, &wire("   ")), Err(Refusal::Malformed));
        assert_eq!(
            g.answer(0, Lang::Fr, &WireAnswer { value: Some(true), ..Default::default() }),
            Err(Refusal::Malformed)
        );
    }

    #[test]
    fn red_flag_taps_are_mapped_per_language_without_telling_which_is_which() {
        let rf = RedFlags {
            format: RfFormat::Sms,
            sender: None,
            subject: None,
            message: Text3 {
                fr: Some("[[-|Salut]] [[gift|Tu as gagné]] [[link|clique ici]]".into()),
                ar: Some("[[link|اضغط هنا]] [[gift|ربحت]] [[-|مرحبا]]".into()),
                en: None,
            },
            flags: vec![
                Flag { id: "gift".into(), explanation: Text3::default() },
                Flag { id: "link".into(), explanation: Text3::default() },
            ],
        };
        let g = Game::new(settings(), vec![question(QuestionKind::RedFlags(Box::new(rf.clone())))]);
        let taps = |t: Vec<usize>| WireAnswer { taps: Some(t), ..Default::default() };
        // In French the harmless greeting comes first; in Arabic it comes last.
        assert_eq!(
            g.answer(0, Lang::Fr, &taps(vec![1, 2])),
            Ok(Answer::RedFlags { flags: vec![0, 1], harmless: vec![] })
        );
        assert_eq!(
            g.answer(0, Lang::Ar, &taps(vec![0, 2])),
            Ok(Answer::RedFlags { flags: vec![1], harmless: vec![0] })
        );
        assert_eq!(g.answer(0, Lang::Fr, &taps(vec![3])), Err(Refusal::Malformed), "no fourth part");
        let shown = tap_message(&rf, Lang::Fr);
        assert_eq!(shown.segments.iter().filter(|(t, _)| t.is_some()).count(), 3, "every part is just a tap");
    }
}
