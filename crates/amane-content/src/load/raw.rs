//! The TOML of `module.toml` and `questions.toml` as written (every field that a problem points at keeps its
//! place in the file), and `Ctx`, which collects one file's problems with their lines.

use crate::model::Text3;
use crate::problem::{Problem, line_of};
use amane_domain::{Audience, Lang};
use serde::Deserialize;
use toml::Spanned;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawText {
    pub(super) fr: Option<String>,
    pub(super) ar: Option<String>,
    pub(super) en: Option<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawModule {
    pub(super) id: Spanned<String>,
    pub(super) version: Spanned<String>,
    pub(super) duration_minutes: Spanned<i64>,
    pub(super) audiences: Spanned<Vec<String>>,
    pub(super) competencies: Spanned<Vec<String>>,
    pub(super) title: RawText,
    pub(super) summary: RawText,
    #[serde(default)]
    pub(super) objectives: Vec<RawText>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawQuestions {
    #[serde(default)]
    pub(super) questions: Vec<RawQuestion>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawQuestion {
    pub(super) id: Spanned<String>,
    #[serde(rename = "type")]
    pub(super) kind: Spanned<String>,
    pub(super) audiences: Spanned<Vec<String>>,
    pub(super) prompt: Option<RawText>,
    pub(super) explanation: Option<RawText>,
    #[serde(default)]
    pub(super) choices: Vec<Spanned<RawChoice>>,
    pub(super) answer: Option<bool>,
    pub(super) format: Option<Spanned<String>>,
    pub(super) sender: Option<RawText>,
    pub(super) subject: Option<RawText>,
    pub(super) message: Option<RawText>,
    #[serde(default)]
    pub(super) flags: Vec<Spanned<RawFlag>>,
    pub(super) test_form: Option<Spanned<String>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawChoice {
    #[serde(default)]
    pub(super) correct: bool,
    pub(super) fr: Option<String>,
    pub(super) ar: Option<String>,
    pub(super) en: Option<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawFlag {
    pub(super) id: String,
    pub(super) fr: Option<String>,
    pub(super) ar: Option<String>,
    pub(super) en: Option<String>,
}

/// Collects problems for one file.
pub(super) struct Ctx<'a> {
    pub(super) file: String,
    pub(super) src: &'a str,
    pub(super) problems: &'a mut Vec<Problem>,
}

impl Ctx<'_> {
    pub(super) fn line<T>(&self, s: &Spanned<T>) -> usize {
        line_of(self.src, s.span().start)
    }
    pub(super) fn push(&mut self, line: usize, code: &'static str) -> &mut Problem {
        self.problems.push(Problem::new(&self.file, line, code));
        self.problems.last_mut().expect("just pushed")
    }
    /// All three languages present and non-empty; problems point at `line`.
    pub(super) fn text3(&mut self, raw: &RawText, line: usize, field: &str) -> Text3 {
        self.langs(line, field, [&raw.fr, &raw.ar, &raw.en])
    }
    pub(super) fn langs(&mut self, line: usize, field: &str, values: [&Option<String>; 3]) -> Text3 {
        for (lang, v) in Lang::ALL.into_iter().zip(values) {
            if v.as_deref().is_none_or(|s| s.trim().is_empty()) {
                let p = self.push(line, "missing-translation");
                p.args.push(("field", field.to_owned()));
                p.args.push(("lang", lang.code().to_owned()));
            }
        }
        Text3 { fr: values[0].clone(), ar: values[1].clone(), en: values[2].clone() }
    }
    pub(super) fn audiences(&mut self, raw: &Spanned<Vec<String>>, allowed: Option<&[Audience]>) -> Vec<Audience> {
        let line = self.line(raw);
        let mut out = Vec::new();
        for code in raw.get_ref() {
            match Audience::parse(code) {
                Ok(a) if allowed.is_none_or(|list| list.contains(&a)) => {
                    if !out.contains(&a) {
                        out.push(a);
                    }
                }
                Ok(_) => {
                    self.push(line, "audience-not-in-module").args.push(("value", code.clone()));
                }
                Err(_) => {
                    self.push(line, "unknown-audience").args.push(("value", code.clone()));
                }
            }
        }
        if raw.get_ref().is_empty() {
            self.push(line, "empty-list").args.push(("field", "audiences".into()));
        }
        out
    }
}
