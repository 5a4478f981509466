//! Warnings: what does not stop a tree from loading but must be fixed before it is taught. Fair questions (a
//! child who guesses must not win), no year in the text, direction marks in Arabic, the glossary's terms.

use crate::bidi;
use crate::glossary::Glossary;
use crate::model::{Question, QuestionKind};
use crate::problem::{Problem, line_of};
use crate::texts::{self, Para};
use amane_domain::Lang;
use std::collections::BTreeMap;

/// The right answer may sit at one position in at most this share (%) of a module's choice questions…
pub const POSITION_MAX_SHARE: usize = 40;
/// …when the module has at least this many.
pub const POSITION_MIN_QUESTIONS: usize = 5;
/// The right answer may be the strictly longest choice in at most this share (%) of single-choice questions…
pub const LONGEST_MAX_SHARE: usize = 50;
/// …when the module has at least this many.
pub const LONGEST_MIN_QUESTIONS: usize = 5;
/// True/false answers may go one way in at most this share (%)…
pub const TRUE_FALSE_MAX_SHARE: usize = 65;
/// …when the module has at least this many.
pub const TRUE_FALSE_MIN_QUESTIONS: usize = 4;

/// `count` out of `total` is more than `max` %.
fn over(count: usize, total: usize, max: usize) -> bool {
    count * 100 > max * total
}

fn share(count: usize, total: usize) -> String {
    ((count * 100 + total / 2) / total.max(1)).to_string()
}

/// The fairness of a module's questions, as warnings on its questions.toml.
pub fn fair(file: &str, questions: &[Question]) -> Vec<Problem> {
    let mut out = Vec::new();
    let positions: Vec<usize> = questions
        .iter()
        .filter_map(|q| match &q.kind {
            QuestionKind::Single { choices } | QuestionKind::Multiple { choices } => {
                choices.iter().position(|c| c.correct)
            }
            _ => None,
        })
        .collect();
    let total = positions.len();
    if total >= POSITION_MIN_QUESTIONS {
        let mut counts: BTreeMap<usize, usize> = BTreeMap::new();
        for p in &positions {
            *counts.entry(*p).or_default() += 1;
        }
        for (pos, n) in counts {
            if over(n, total, POSITION_MAX_SHARE) {
                out.push(
                    Problem::warning(file, 0, "fair-position")
                        .arg("position", (pos + 1).to_string())
                        .arg("count", n.to_string())
                        .arg("total", total.to_string())
                        .arg("share", share(n, total)),
                );
            }
        }
    }

    let singles: Vec<_> = questions
        .iter()
        .filter_map(|q| match &q.kind {
            QuestionKind::Single { choices } => Some(choices),
            _ => None,
        })
        .collect();
    let total = singles.len();
    if total >= LONGEST_MIN_QUESTIONS {
        let len = |t: &crate::model::Text3, lang: Lang| t.exact(lang).unwrap_or("").trim().chars().count();
        let longest = |lang: Lang| {
            singles
                .iter()
                .filter(|choices| {
                    choices.iter().enumerate().any(|(i, c)| {
                        c.correct
                            && choices
                                .iter()
                                .enumerate()
                                .all(|(j, o)| j == i || len(&o.text, lang) < len(&c.text, lang))
                    })
                })
                .count()
        };
        // The worst language; the first of fr, ar, en on a tie.
        let (lang, n) = Lang::ALL
            .into_iter()
            .map(|l| (l, longest(l)))
            .fold((Lang::Fr, 0), |best, x| if x.1 > best.1 { x } else { best });
        if over(n, total, LONGEST_MAX_SHARE) {
            out.push(
                Problem::warning(file, 0, "fair-longest")
                    .arg("lang", lang.code())
                    .arg("count", n.to_string())
                    .arg("total", total.to_string())
                    .arg("share", share(n, total)),
            );
        }
    }

    let answers: Vec<bool> = questions
        .iter()
        .filter_map(|q| match &q.kind {
            QuestionKind::TrueFalse { answer } => Some(*answer),
            _ => None,
        })
        .collect();
    let total = answers.len();
    if total >= TRUE_FALSE_MIN_QUESTIONS {
        let yes = answers.iter().filter(|a| **a).count();
        let (answer, n) = if yes * 2 >= total { (true, yes) } else { (false, total - yes) };
        if over(n, total, TRUE_FALSE_MAX_SHARE) {
            out.push(
                Problem::warning(file, 0, "fair-true-false")
                    .arg("answer", answer.to_string())
                    .arg("count", n.to_string())
                    .arg("total", total.to_string())
                    .arg("share", share(n, total)),
            );
        }
    }
    out
}

fn digit(c: char) -> Option<u32> {
    match c {
        '0'..='9' => c.to_digit(10),
        '\u{0660}'..='\u{0669}' => Some(c as u32 - 0x0660),
        '\u{06F0}'..='\u{06F9}' => Some(c as u32 - 0x06F0),
        _ => None,
    }
}

fn is_arabic_letter(c: char) -> bool {
    matches!(c, '\u{0600}'..='\u{06FF}' | '\u{0750}'..='\u{077F}' | '\u{08A0}'..='\u{08FF}') && c.is_alphabetic()
}

/// Glued to a year, these make it part of a word, a code or a password (`Amine2013`, `x_2013`). An Arabic letter
/// is a prefix (`و2026`) or the era (`2026م`), and does not.
fn joins(c: char) -> bool {
    (c.is_alphanumeric() && !is_arabic_letter(c)) || c == '_'
}

/// The standalone years of a paragraph (19xx, 20xx): character indices of each.
pub fn years(p: &Para) -> Vec<(usize, String)> {
    let chars: Vec<char> = p.chars.iter().map(|c| c.c).collect();
    let at = |k: Option<usize>| k.and_then(|k| chars.get(k)).copied();
    let is_digit = |k: Option<usize>| at(k).and_then(digit).is_some();
    let mut out = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        if digit(chars[i]).is_none() {
            i += 1;
            continue;
        }
        let a = i;
        while i < chars.len() && digit(chars[i]).is_some() {
            i += 1;
        }
        let b = i;
        if b - a != 4 {
            continue;
        }
        let value = chars[a..b].iter().filter_map(|c| digit(*c)).fold(0, |n, d| n * 10 + d);
        if !(1900..=2099).contains(&value) {
            continue;
        }
        let before = a.checked_sub(1);
        let before2 = a.checked_sub(2);
        let prev = at(before);
        let next = at(Some(b));
        // Part of a word, a code or a password.
        if prev.is_some_and(joins) || next.is_some_and(joins) {
            continue;
        }
        // Part of a longer number (1.2019, 2019,50) or of a code (AB-2019).
        if (prev.is_some_and(|c| matches!(c, '.' | ',')) && is_digit(before2))
            || (next.is_some_and(|c| matches!(c, '.' | ',')) && is_digit(Some(b + 1)))
        {
            continue;
        }
        let letter = |k: Option<usize>| at(k).is_some_and(|c| c.is_alphabetic() && !is_arabic_letter(c));
        if (prev == Some('-') && letter(before2)) || (next == Some('-') && letter(Some(b + 1))) {
            continue;
        }
        // Part of an address or a URL.
        let ws = |c: &char| c.is_whitespace() || *c == texts::PLACEHOLDER;
        let t0 = chars[..a].iter().rposition(ws).map_or(0, |k| k + 1);
        let t1 = chars[b..].iter().position(ws).map_or(chars.len(), |k| b + k);
        let token: String = chars[t0..t1].iter().collect();
        let has_letter = token.chars().any(|c| c.is_alphabetic() && !is_arabic_letter(c));
        let domain = token.as_bytes().windows(2).any(|w| w[0] == b'.' && w[1].is_ascii_alphabetic());
        if token.contains("://") || token.contains('@') || domain || (token.contains('/') && has_letter) {
            continue;
        }
        // Part of a phone number: three groups of digits or more, or a leading +.
        let sep = |c: char| matches!(c, ' ' | '.' | '-' | '\u{a0}');
        let mut groups = 1;
        let mut k = a;
        while k >= 2 && sep(chars[k - 1]) && digit(chars[k - 2]).is_some() {
            k -= 1;
            while k > 0 && digit(chars[k - 1]).is_some() {
                k -= 1;
            }
            groups += 1;
        }
        let plus = k > 0 && chars[k - 1] == '+';
        let mut k = b;
        while k + 1 < chars.len() && sep(chars[k]) && digit(chars[k + 1]).is_some() {
            k += 1;
            while k < chars.len() && digit(chars[k]).is_some() {
                k += 1;
            }
            groups += 1;
        }
        if groups >= 3 || plus {
            continue;
        }
        out.push((a, chars[a..b].iter().collect()));
    }
    out
}

/// Year, direction and glossary warnings on one displayed paragraph of `file`.
fn paragraph(file: &str, src: &str, lang: Lang, p: &Para, glossary: &Glossary, out: &mut Vec<Problem>) {
    for (at, year) in years(p) {
        out.push(Problem::warning(file, texts::line(src, p, at), "year-in-text").arg("year", year));
    }
    if lang != Lang::Ar {
        return;
    }
    for u in bidi::unmarked(p) {
        out.push(
            Problem::warning(file, texts::line(src, p, u.first), "bidi-unmarked")
                .arg("text", u.text)
                .arg("shown", u.shown),
        );
    }
    for h in glossary.find(p) {
        out.push(
            Problem::warning(file, texts::line(src, p, h.first), "glossary-term")
                .arg("found", p.slice(h.first..h.last + 1))
                .arg("form", h.form)
                .arg("use", h.use_),
        );
    }
}

/// The warnings of a lesson file in `lang`.
pub fn markdown(file: &str, src: &str, lang: Lang, glossary: &Glossary) -> Vec<Problem> {
    let mut out = Vec::new();
    for p in texts::markdown(src) {
        paragraph(file, src, lang, &p, glossary, &mut out);
    }
    out.sort_by_key(|p| p.line);
    out
}

/// The warnings of the texts of a TOML file (module.toml, questions.toml).
pub fn toml(file: &str, src: &str, glossary: &Glossary) -> Vec<Problem> {
    let mut out = Vec::new();
    for t in texts::toml(src) {
        for p in &t.paras {
            paragraph(file, src, t.lang, p, glossary, &mut out);
        }
    }
    out.sort_by_key(|p| p.line);
    out
}

/// Where a direction fix inserted marks: the line (before the fix) and the run.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DirectionFix {
    pub file: String,
    pub line: usize,
    pub text: String,
}

/// Puts LEFT-TO-RIGHT MARKs around the runs that [`bidi::unmarked`] flags in the Arabic texts of one file
/// (`ar.md`, or any TOML file); returns the new text and what changed, or `None` when nothing needs a mark.
pub fn fix_direction(file: &str, src: &str) -> Option<(String, Vec<DirectionFix>)> {
    let paras: Vec<Para> = if file.ends_with(".md") {
        texts::markdown(src)
    } else {
        texts::toml(src).into_iter().filter(|t| t.lang == Lang::Ar).flat_map(|t| t.paras).collect()
    };
    let mut marks = Vec::new();
    let mut fixes = Vec::new();
    for p in &paras {
        let m = bidi::marks(p);
        if m.is_empty() {
            continue;
        }
        for u in bidi::unmarked(p) {
            fixes.push(DirectionFix {
                file: file.to_owned(),
                line: line_of(src, p.chars[u.first].start),
                text: u.text,
            });
        }
        marks.extend(m);
    }
    if marks.is_empty() { None } else { Some((bidi::insert(src, &marks), fixes)) }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Choice, Text3};
    use crate::texts::Ch;

    fn para(s: &str) -> Para {
        let chars = s.char_indices().map(|(i, c)| Ch { c, start: i, end: i + c.len_utf8() }).collect();
        Para { chars, bounds: Vec::new(), quotes: Vec::new(), lrm: "\u{200E}" }
    }

    fn found(s: &str) -> Vec<String> {
        years(&para(s)).into_iter().map(|(_, y)| y).collect()
    }

    #[test]
    fn standalone_years_only() {
        for (text, want) in [
            ("En 2026, les élèves…", vec!["2026"]),
            ("in 1999.", vec!["1999"]),
            ("l’année scolaire 2025-2026", vec!["2025", "2026"]),
            ("le 12/05/2024", vec!["2024"]),
            ("(2015)", vec!["2015"]),
            ("«2030»", vec!["2030"]),
            ("في سنة 2026 وفي ٢٠٢٥", vec!["2026", "٢٠٢٥"]),
            ("و2026 و2026م", vec!["2026", "2026"]),
            // Not a year.
            ("Amine2013 et Football2025! et x_2019 et 2019_b", vec![]),
            ("CODE-2019 et 2019-AB", vec![]),
            ("20251 et 120 et 1899 et 2100 et 201", vec![]),
            ("https://example.org/2019/a et site2019.ma et a@b2019.ma et www.x.ma/2019", vec![]),
            ("+212 6 2019 00 00 et 05 22 2019 10 et 0522.2019.10", vec![]),
            ("1.2019 et 2019,50", vec![]),
            ("loi 09-08", vec![]),
        ] {
            assert_eq!(found(text), want, "{text}");
        }
    }

    fn single(correct_at: usize, lens: [usize; 3]) -> Question {
        let choices = (0..3)
            .map(|i| {
                let t = "x".repeat(lens[i]);
                Choice { text: Text3::all(&t, &t, &t), correct: i == correct_at, feedback: None }
            })
            .collect();
        Question {
            id: format!("q{correct_at}"),
            audiences: vec![],
            prompt: Text3::default(),
            explanation: Text3::default(),
            kind: QuestionKind::Single { choices },
            test_form: None,
        }
    }

    fn tf(answer: bool) -> Question {
        Question { kind: QuestionKind::TrueFalse { answer }, ..single(0, [1, 1, 1]) }
    }

    fn codes(p: &[Problem]) -> Vec<(&str, Vec<(&str, String)>)> {
        p.iter().map(|p| (p.code, p.args.clone())).collect()
    }

    #[test]
    fn positions() {
        let even: Vec<Question> = [0, 1, 2, 0, 1, 2].iter().map(|i| single(*i, [3, 3, 3])).collect();
        assert!(fair("m/questions.toml", &even).is_empty());
        // 2 of 5 is 40 %: allowed.
        let two: Vec<Question> = [0, 0, 1, 2, 1].iter().map(|i| single(*i, [3, 3, 3])).collect();
        assert!(fair("m/questions.toml", &two).is_empty());
        let biased: Vec<Question> = [1, 1, 1, 0, 2].iter().map(|i| single(*i, [3, 3, 3])).collect();
        let p = fair("m/questions.toml", &biased);
        assert_eq!(
            codes(&p),
            [(
                "fair-position",
                vec![
                    ("position", "2".to_owned()),
                    ("count", "3".to_owned()),
                    ("total", "5".to_owned()),
                    ("share", "60".to_owned())
                ]
            )]
        );
        assert!(p[0].severity == crate::problem::Severity::Warning && p[0].file == "m/questions.toml");
        // Too few questions to judge.
        let few: Vec<Question> = [1, 1, 1, 1].iter().map(|i| single(*i, [3, 3, 3])).collect();
        assert!(fair("m/questions.toml", &few).is_empty());
        // A multiple-choice question counts at its first right choice.
        let mut multi: Vec<Question> = [0, 1, 2, 0].iter().map(|i| single(*i, [3, 3, 3])).collect();
        let mut m = single(2, [3, 3, 3]);
        if let QuestionKind::Single { choices } = &mut m.kind {
            choices[0].correct = true;
            m.kind = QuestionKind::Multiple { choices: choices.clone() };
        }
        multi.push(m);
        assert_eq!(codes(&fair("m/questions.toml", &multi))[0].1[0], ("position", "1".to_owned()));
    }

    #[test]
    fn longest() {
        let qs: Vec<Question> = (0..6).map(|i| single(i % 3, if i < 3 { [9, 9, 9] } else { [3, 3, 3] })).collect();
        assert!(fair("m/q", &qs).is_empty(), "equal lengths are not strictly longest");
        let mut qs: Vec<Question> = (0..6).map(|i| single(i % 3, [3, 3, 3])).collect();
        for (i, q) in qs.iter_mut().enumerate().take(4) {
            *q = single(i % 3, [3, 3, 3]);
            if let QuestionKind::Single { choices } = &mut q.kind {
                choices[i % 3].text.ar = Some("a much longer right answer".into());
            }
        }
        let p = fair("m/q", &qs);
        assert_eq!(
            codes(&p),
            [(
                "fair-longest",
                vec![
                    ("lang", "ar".to_owned()),
                    ("count", "4".to_owned()),
                    ("total", "6".to_owned()),
                    ("share", "67".to_owned())
                ]
            )]
        );
    }

    #[test]
    fn true_false() {
        let qs: Vec<Question> = [true, true, false, false].map(tf).into();
        assert!(fair("m/q", &qs).is_empty());
        let qs: Vec<Question> = [false, false, false, true].map(tf).into();
        assert_eq!(codes(&fair("m/q", &qs))[0].1[..2], [("answer", "false".to_owned()), ("count", "3".to_owned())]);
        // 2 of 3 is 67 %, but three questions are too few to judge.
        assert!(fair("m/q", &[true, true, false].map(tf)).is_empty());
        // 13 of 20 is 65 %: allowed.
        let qs: Vec<Question> = (0..20).map(|i| tf(i < 13)).collect();
        assert!(fair("m/q", &qs).is_empty());
    }

    #[test]
    fn toml_texts_are_checked_and_fixed_in_place() {
        let src = "[[questions]]\nprompt.ar = \"لا تستعمل «P@ssw0rd!» أبدًا.\"\nprompt.fr = \"En 2026.\"\nsender.ar = '+212 6 00 00 00 00'\n";
        let g = Glossary::default();
        let w = toml("m/questions.toml", src, &g);
        let got: Vec<_> = w.iter().map(|p| (p.line, p.code)).collect();
        assert_eq!(got, [(2, "bidi-unmarked"), (3, "year-in-text"), (4, "bidi-unmarked")]);
        let (fixed, fixes) = fix_direction("m/questions.toml", src).expect("changes");
        assert_eq!(
            fixed,
            "[[questions]]\nprompt.ar = \"لا تستعمل «\\u200EP@ssw0rd!\\u200E» أبدًا.\"\nprompt.fr = \"En 2026.\"\nsender.ar = '\u{200E}+212 6 00 00 00 00\u{200E}'\n"
        );
        assert_eq!(
            fixes.iter().map(|f| (f.line, f.text.as_str())).collect::<Vec<_>>(),
            [(2, "P@ssw0rd!"), (4, "+212 6 00 00 00 00")]
        );
        assert!(toml("m/questions.toml", &fixed, &g).iter().all(|p| p.code != "bidi-unmarked"));
        assert!(fix_direction("m/questions.toml", &fixed).is_none());
    }

    #[test]
    fn markdown_texts_are_checked_and_fixed_in_place() {
        let src = "<!-- part: lesson -->\n# عنوان\n\nلا تستعمل *P@ssw0rd!* أبدًا، ولا `Amine2013`.\n\n- ينتهي بـ.top\n- في [الموقع](https://x.example/2019) سنة 2019\n";
        let w = markdown("m/ar.md", src, Lang::Ar, &Glossary::default());
        let got: Vec<_> = w.iter().map(|p| (p.line, p.code, p.args[0].1.as_str())).collect();
        assert_eq!(got, [(4, "bidi-unmarked", "P@ssw0rd!"), (6, "bidi-unmarked", ".top"), (7, "year-in-text", "2019")]);
        let (fixed, _) = fix_direction("m/ar.md", src).expect("changes");
        assert!(fixed.contains("*\u{200E}P@ssw0rd!\u{200E}*") && fixed.contains("بـ\u{200E}.top\u{200E}\n"), "{fixed}");
        assert!(markdown("m/ar.md", &fixed, Lang::Ar, &Glossary::default()).iter().all(|p| p.code != "bidi-unmarked"));
    }
}
