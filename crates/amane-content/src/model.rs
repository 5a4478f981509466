//! The curriculum as the rest of amane sees it, already checked.

use amane_domain::{Audience, Lang};
use serde::{Deserialize, Serialize};

/// A text in the three languages (all present in the built-in curriculum; an imported bank may have one).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Text3 {
    pub fr: Option<String>,
    pub ar: Option<String>,
    pub en: Option<String>,
}

impl Text3 {
    pub fn one(lang: Lang, text: impl Into<String>) -> Self {
        let mut t = Text3::default();
        *t.slot(lang) = Some(text.into());
        t
    }

    pub fn all(fr: &str, ar: &str, en: &str) -> Self {
        Text3 { fr: Some(fr.into()), ar: Some(ar.into()), en: Some(en.into()) }
    }

    fn slot(&mut self, lang: Lang) -> &mut Option<String> {
        match lang {
            Lang::Fr => &mut self.fr,
            Lang::Ar => &mut self.ar,
            Lang::En => &mut self.en,
        }
    }

    pub fn exact(&self, lang: Lang) -> Option<&str> {
        match lang {
            Lang::Fr => self.fr.as_deref(),
            Lang::Ar => self.ar.as_deref(),
            Lang::En => self.en.as_deref(),
        }
    }

    /// The text in `lang`, else in the first language that has one, with the language it is in.
    pub fn get(&self, lang: Lang) -> (Lang, &str) {
        if let Some(t) = self.exact(lang) {
            return (lang, t);
        }
        Lang::ALL.into_iter().find_map(|l| self.exact(l).map(|t| (l, t))).unwrap_or((lang, ""))
    }

    pub fn text(&self, lang: Lang) -> &str {
        self.get(lang).1
    }
}

/// What a module trains, for filtering the curriculum.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Competency {
    AccountSecurity,
    Privacy,
    ScamAwareness,
    RespectfulCommunication,
    AiLiteracy,
    MediaLiteracy,
    Wellbeing,
    SafeContact,
    HelpSeeking,
    AdultGuidance,
}

impl Competency {
    pub const ALL: [Competency; 10] = [
        Competency::AccountSecurity,
        Competency::Privacy,
        Competency::ScamAwareness,
        Competency::RespectfulCommunication,
        Competency::AiLiteracy,
        Competency::MediaLiteracy,
        Competency::Wellbeing,
        Competency::SafeContact,
        Competency::HelpSeeking,
        Competency::AdultGuidance,
    ];

    pub fn code(self) -> &'static str {
        match self {
            Competency::AccountSecurity => "account-security",
            Competency::Privacy => "privacy",
            Competency::ScamAwareness => "scam-awareness",
            Competency::RespectfulCommunication => "respectful-communication",
            Competency::AiLiteracy => "ai-literacy",
            Competency::MediaLiteracy => "media-literacy",
            Competency::Wellbeing => "wellbeing",
            Competency::SafeContact => "safe-contact",
            Competency::HelpSeeking => "help-seeking",
            Competency::AdultGuidance => "adult-guidance",
        }
    }

    pub fn parse(s: &str) -> Option<Competency> {
        Competency::ALL.into_iter().find(|c| c.code() == s.trim())
    }
}

/// One of the parts of a language file, in the order they come.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Part {
    Lesson,
    Guide,
    Handout,
    /// A printable A3 poster; optional.
    Poster,
}

impl Part {
    pub const ALL: [Part; 4] = [Part::Lesson, Part::Guide, Part::Handout, Part::Poster];
    /// The parts every language file must have.
    pub const REQUIRED: [Part; 3] = [Part::Lesson, Part::Guide, Part::Handout];
    pub fn code(self) -> &'static str {
        match self {
            Part::Lesson => "lesson",
            Part::Guide => "guide",
            Part::Handout => "handout",
            Part::Poster => "poster",
        }
    }
    pub fn parse(s: &str) -> Option<Part> {
        Part::ALL.into_iter().find(|p| p.code() == s.trim())
    }
}

/// A stretch of Markdown shown to some audiences (`None`: everyone).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Section {
    pub audiences: Option<Vec<Audience>>,
    pub markdown: String,
}

impl Section {
    pub fn shown_to(&self, audience: Option<Audience>) -> bool {
        match (&self.audiences, audience) {
            (None, _) => true,
            (Some(_), None) => true,
            (Some(list), Some(a)) => list.contains(&a),
        }
    }
}

/// A language file: lesson, guide, handout and, when written, a poster.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct LangDoc {
    pub lesson: Vec<Section>,
    pub guide: Vec<Section>,
    pub handout: Vec<Section>,
    pub poster: Vec<Section>,
}

impl LangDoc {
    pub fn part(&self, part: Part) -> &[Section] {
        match part {
            Part::Lesson => &self.lesson,
            Part::Guide => &self.guide,
            Part::Handout => &self.handout,
            Part::Poster => &self.poster,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Choice {
    pub text: Text3,
    pub correct: bool,
    /// Shown when this choice is picked (imported banks carry it).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub feedback: Option<Text3>,
}

/// What a red-flags scenario imitates.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum RfFormat {
    Sms,
    Email,
    Chat,
    Social,
    Voice,
}

impl RfFormat {
    pub const ALL: [RfFormat; 5] = [RfFormat::Sms, RfFormat::Email, RfFormat::Chat, RfFormat::Social, RfFormat::Voice];
    pub fn code(self) -> &'static str {
        match self {
            RfFormat::Sms => "sms",
            RfFormat::Email => "email",
            RfFormat::Chat => "chat",
            RfFormat::Social => "social",
            RfFormat::Voice => "voice",
        }
    }
    pub fn parse(s: &str) -> Option<RfFormat> {
        RfFormat::ALL.into_iter().find(|f| f.code() == s.trim())
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Flag {
    pub id: String,
    pub explanation: Text3,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum QuestionKind {
    Single {
        choices: Vec<Choice>,
    },
    Multiple {
        choices: Vec<Choice>,
    },
    TrueFalse {
        answer: bool,
    },
    /// A free-text answer (from imported banks); accepted answers are compared case- and accent-insensitively.
    ShortAnswer {
        answers: Vec<Text3>,
    },
    RedFlags(Box<RedFlags>),
}

/// A "spot the red flags" scenario.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RedFlags {
    pub format: RfFormat,
    pub sender: Option<Text3>,
    pub subject: Option<Text3>,
    /// The message with `[[id|…]]` and `[[-|…]]` markers (see `redflags`).
    pub message: Text3,
    pub flags: Vec<Flag>,
}

impl Question {
    /// A question read from a bank written in one language (GIFT, Moodle XML).
    pub fn imported(
        id: String,
        audiences: &[Audience],
        lang: Lang,
        prompt: String,
        explanation: Text3,
        kind: QuestionKind,
    ) -> Question {
        Question {
            id,
            audiences: audiences.to_vec(),
            prompt: Text3::one(lang, prompt),
            explanation,
            kind,
            test_form: None,
        }
    }
}

impl QuestionKind {
    pub fn code(&self) -> &'static str {
        match self {
            QuestionKind::Single { .. } => "single",
            QuestionKind::Multiple { .. } => "multiple",
            QuestionKind::TrueFalse { .. } => "true_false",
            QuestionKind::ShortAnswer { .. } => "short_answer",
            QuestionKind::RedFlags(_) => "red_flags",
        }
    }
}

/// One of a module's two parallel test forms: the same difficulty, so one can be the pre-test and the other the
/// post-test of a workshop without children remembering the questions.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum TestForm {
    A,
    B,
}

impl TestForm {
    pub const ALL: [TestForm; 2] = [TestForm::A, TestForm::B];
    pub fn code(self) -> &'static str {
        match self {
            TestForm::A => "a",
            TestForm::B => "b",
        }
    }
    pub fn parse(s: &str) -> Option<TestForm> {
        TestForm::ALL.into_iter().find(|f| f.code() == s.trim())
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Question {
    pub id: String,
    pub audiences: Vec<Audience>,
    pub prompt: Text3,
    pub explanation: Text3,
    pub kind: QuestionKind,
    /// The parallel test form this question belongs to, if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub test_form: Option<TestForm>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Module {
    pub id: String,
    pub version: String,
    pub duration_minutes: u32,
    pub audiences: Vec<Audience>,
    pub competencies: Vec<Competency>,
    pub title: Text3,
    pub summary: Text3,
    pub objectives: Vec<Text3>,
    /// Lesson, guide and handout per language (fr, ar, en order); absent for a question bank.
    pub docs: Vec<(Lang, LangDoc)>,
    pub questions: Vec<Question>,
}

impl Module {
    pub fn doc(&self, lang: Lang) -> Option<&LangDoc> {
        self.docs.iter().find(|(l, _)| *l == lang).map(|(_, d)| d).or_else(|| self.docs.first().map(|(_, d)| d))
    }

    pub fn questions_for(&self, audience: Audience) -> impl Iterator<Item = &Question> {
        self.questions.iter().filter(move |q| q.audiences.contains(&audience))
    }
}
