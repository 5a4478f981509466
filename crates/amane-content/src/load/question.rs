//! The checks of one question of `questions.toml`: its id, audiences and texts in three languages, and what its
//! kind needs (choices and the right ones, a true/false answer, or a red-flag scenario whose flags are all marked
//! once and explained in every language).

use super::raw::{Ctx, RawQuestion};
use crate::model::*;
use crate::redflags::{self, Segment};
use amane_domain::{Audience, Lang};
use std::collections::{BTreeMap, HashMap};

pub(super) fn question(
    cx: &mut Ctx<'_>,
    rq: &RawQuestion,
    module_audiences: &[Audience],
    ids: &mut HashMap<String, usize>,
) -> Option<Question> {
    let line = cx.line(&rq.id);
    let id = rq.id.get_ref().trim().to_owned();
    let id_ok =
        !id.is_empty() && id.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-' || c == '_');
    if !id_ok {
        cx.push(line, "bad-id").args.push(("value", id.clone()));
    }
    if let Some(first) = ids.insert(id.clone(), line) {
        let other = format!("{}:{first}", cx.file);
        let p = cx.push(line, "duplicate-id");
        p.args.push(("id", id.clone()));
        p.args.push(("other", other));
    }
    let audiences = cx.audiences(&rq.audiences, Some(module_audiences));
    let prompt = match &rq.prompt {
        Some(p) => cx.text3(p, line, "prompt"),
        None => cx.langs(line, "prompt", [&None, &None, &None]),
    };
    let explanation = match &rq.explanation {
        Some(p) => cx.text3(p, line, "explanation"),
        None => cx.langs(line, "explanation", [&None, &None, &None]),
    };
    let kind_line = cx.line(&rq.kind);
    let choices = |cx: &mut Ctx<'_>| -> Vec<Choice> {
        rq.choices
            .iter()
            .map(|c| {
                let l = cx.line(c);
                let r = c.get_ref();
                Choice { text: cx.langs(l, "choices", [&r.fr, &r.ar, &r.en]), correct: r.correct, feedback: None }
            })
            .collect()
    };
    let not_for = |cx: &mut Ctx<'_>, present: bool, field: &str| {
        if present {
            let p = cx.push(kind_line, "rf-fields-only");
            p.args.push(("field", field.to_owned()));
        }
    };
    let kind = match rq.kind.get_ref().as_str() {
        t @ ("single" | "multiple") => {
            not_for(cx, rq.format.is_some() || rq.message.is_some() || !rq.flags.is_empty(), "format/message/flags");
            let choices = choices(cx);
            let correct = choices.iter().filter(|c| c.correct).count();
            if !(2..=6).contains(&choices.len()) {
                cx.push(line, "choices-count").args.push(("count", choices.len().to_string()));
            }
            if correct == 0 {
                cx.push(line, "no-correct-answer");
            } else if t == "single" && correct != 1 {
                cx.push(line, "single-needs-one-correct").args.push(("count", correct.to_string()));
            }
            if t == "single" { QuestionKind::Single { choices } } else { QuestionKind::Multiple { choices } }
        }
        "true_false" => {
            if !rq.choices.is_empty() {
                cx.push(line, "true-false-no-choices");
            }
            not_for(cx, rq.format.is_some() || rq.message.is_some() || !rq.flags.is_empty(), "format/message/flags");
            match rq.answer {
                Some(answer) => QuestionKind::TrueFalse { answer },
                None => {
                    cx.push(line, "true-false-needs-answer");
                    QuestionKind::TrueFalse { answer: false }
                }
            }
        }
        "red_flags" => red_flags(cx, rq, kind_line),
        other => {
            cx.push(kind_line, "unknown-type").args.push(("value", other.to_owned()));
            return None;
        }
    };
    let test_form = rq.test_form.as_ref().and_then(|f| {
        let form = TestForm::parse(f.get_ref());
        if form.is_none() {
            let l = cx.line(f);
            cx.push(l, "unknown-test-form").args.push(("value", f.get_ref().clone()));
        }
        form
    });
    Some(Question { id, audiences, prompt, explanation, kind, test_form })
}

fn red_flags(cx: &mut Ctx<'_>, rq: &RawQuestion, line: usize) -> QuestionKind {
    if !rq.choices.is_empty() || rq.answer.is_some() {
        cx.push(line, "rf-fields-only").args.push(("field", "choices/answer".into()));
    }
    let format = match &rq.format {
        Some(f) => RfFormat::parse(f.get_ref()).unwrap_or_else(|| {
            let l = cx.line(f);
            cx.push(l, "unknown-format").args.push(("value", f.get_ref().clone()));
            RfFormat::Sms
        }),
        None => {
            cx.push(line, "unknown-format").args.push(("value", String::new()));
            RfFormat::Sms
        }
    };
    let qline = cx.line(&rq.id);
    let sender = rq.sender.as_ref().map(|s| cx.text3(s, qline, "sender"));
    let subject = rq.subject.as_ref().map(|s| cx.text3(s, qline, "subject"));
    let message = match &rq.message {
        Some(m) => cx.text3(m, qline, "message"),
        None => cx.langs(line, "message", [&None, &None, &None]),
    };
    let mline = qline;
    let mut flags = Vec::new();
    for f in &rq.flags {
        let l = cx.line(f);
        let r = f.get_ref();
        flags.push(Flag { id: r.id.clone(), explanation: cx.langs(l, "flags", [&r.fr, &r.ar, &r.en]) });
    }
    if flags.len() < 2 {
        cx.push(line, "rf-too-few-flags").args.push(("count", flags.len().to_string()));
    }
    for lang in Lang::ALL {
        let Some(text) = message.exact(lang) else { continue };
        match redflags::parse(text) {
            Err(reason) => {
                let p = cx.push(mline, "rf-malformed");
                p.args.push(("lang", lang.code().to_owned()));
                p.args.push(("reason", reason));
            }
            Ok(segs) => {
                let mut count: BTreeMap<&str, usize> = BTreeMap::new();
                let mut neutral = 0;
                for s in &segs {
                    match s {
                        Segment::Flag { id, .. } => *count.entry(id.as_str()).or_default() += 1,
                        Segment::Neutral { .. } => neutral += 1,
                        Segment::Text { .. } => {}
                    }
                }
                for f in &flags {
                    match count.get(f.id.as_str()) {
                        None => {
                            let p = cx.push(mline, "rf-flag-missing");
                            p.args.push(("flag", f.id.clone()));
                            p.args.push(("lang", lang.code().to_owned()));
                        }
                        Some(n) if *n > 1 => {
                            let p = cx.push(mline, "rf-flag-repeated");
                            p.args.push(("flag", f.id.clone()));
                            p.args.push(("lang", lang.code().to_owned()));
                        }
                        _ => {}
                    }
                }
                for id in count.keys() {
                    if !flags.iter().any(|f| f.id == *id) {
                        let p = cx.push(mline, "rf-flag-not-explained");
                        p.args.push(("flag", (*id).to_owned()));
                        p.args.push(("lang", lang.code().to_owned()));
                    }
                }
                if neutral < 2 {
                    let p = cx.push(mline, "rf-too-few-neutral");
                    p.args.push(("lang", lang.code().to_owned()));
                    p.args.push(("count", neutral.to_string()));
                }
            }
        }
    }
    QuestionKind::RedFlags(Box::new(RedFlags { format, sender, subject, message, flags }))
}
