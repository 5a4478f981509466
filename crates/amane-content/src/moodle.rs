//! Moodle XML question banks: reading (multichoice, truefalse, shortanswer, with feedback) and writing.
//! Other types are listed with their line and skipped.

use crate::gift::{Ids, Import, Skipped, strip_html};
use crate::model::{Choice, Question, QuestionKind, Text3};
use crate::problem::line_of;
use amane_domain::{Audience, Lang};
use quick_xml::Reader;
use quick_xml::events::Event;

/// A minimal element tree: enough for Moodle's flat format, with the byte offset of each element.
#[derive(Debug, Default)]
struct El {
    name: String,
    attrs: Vec<(String, String)>,
    children: Vec<El>,
    text: String,
    offset: usize,
}

impl El {
    fn attr(&self, k: &str) -> Option<&str> {
        self.attrs.iter().find(|(n, _)| n == k).map(|(_, v)| v.as_str())
    }
    fn child(&self, name: &str) -> Option<&El> {
        self.children.iter().find(|c| c.name == name)
    }
    fn all<'a>(&'a self, name: &'a str) -> impl Iterator<Item = &'a El> {
        self.children.iter().filter(move |c| c.name == name)
    }
    /// The `<text>` inside a child like `<questiontext>`, as plain text.
    fn text_of(&self, name: &str) -> String {
        self.child(name).map(El::inner_text).unwrap_or_default()
    }
    fn inner_text(&self) -> String {
        let raw = self.child("text").map(|t| t.text.as_str()).unwrap_or(self.text.as_str());
        let html = self.attr("format").is_none_or(|f| f == "html" || f == "moodle_auto_format");
        let t = if html { strip_html(raw) } else { raw.to_owned() };
        t.split_whitespace().collect::<Vec<_>>().join(" ")
    }
}

/// Parses the document into a tree; `Err` carries the byte offset and reason of the first XML error.
fn tree(src: &str) -> Result<El, (usize, String)> {
    let mut reader = Reader::from_str(src);
    let mut stack: Vec<El> = vec![El::default()];
    loop {
        let pos = usize::try_from(reader.buffer_position()).unwrap_or(0);
        match reader.read_event() {
            Err(e) => return Err((pos, e.to_string())),
            Ok(Event::Eof) => break,
            Ok(Event::Start(e)) => stack.push(element(&e, pos)),
            Ok(Event::Empty(e)) => {
                let el = element(&e, pos);
                if let Some(parent) = stack.last_mut() {
                    parent.children.push(el);
                }
            }
            Ok(Event::End(_)) => {
                if stack.len() < 2 {
                    return Err((pos, "a closing tag closes nothing".into()));
                }
                if let Some(el) = stack.pop()
                    && let Some(parent) = stack.last_mut()
                {
                    parent.children.push(el);
                }
            }
            Ok(Event::Text(t)) => {
                // An entity XML does not define (`&uarr;`, from HTML) must not empty the text: it stays as written.
                let s = t.unescape().map(|s| s.into_owned()).unwrap_or_else(|_| lenient(&String::from_utf8_lossy(&t)));
                if let Some(cur) = stack.last_mut() {
                    cur.text.push_str(&s);
                }
            }
            Ok(Event::CData(c)) => {
                if let Some(cur) = stack.last_mut() {
                    cur.text.push_str(&String::from_utf8_lossy(&c.into_inner()));
                }
            }
            Ok(_) => {}
        }
    }
    if stack.len() != 1 {
        return Err((src.len(), "the document ends inside an element".into()));
    }
    Ok(stack.pop().unwrap_or_default())
}

/// XML text with the entities XML defines (and numeric ones) decoded, and any other `&name;` left as written.
fn lenient(raw: &str) -> String {
    let mut out = String::with_capacity(raw.len());
    let mut rest = raw;
    while let Some(i) = rest.find('&') {
        out.push_str(&rest[..i]);
        let after = &rest[i + 1..];
        let entity = after.find(';').filter(|e| *e <= 10).map(|e| &after[..e]);
        let decoded = entity.and_then(|e| match e {
            "lt" => Some('<'),
            "gt" => Some('>'),
            "amp" => Some('&'),
            "quot" => Some('"'),
            "apos" => Some('\''),
            _ => e
                .strip_prefix("#x")
                .or_else(|| e.strip_prefix("#X"))
                .and_then(|h| u32::from_str_radix(h, 16).ok())
                .or_else(|| e.strip_prefix('#').and_then(|d| d.parse().ok()))
                .and_then(char::from_u32),
        });
        match (entity, decoded) {
            (Some(e), Some(c)) => {
                out.push(c);
                rest = &after[e.len() + 1..];
            }
            _ => {
                out.push('&');
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

/// An element's name and attributes, where it starts.
fn element(e: &quick_xml::events::BytesStart<'_>, offset: usize) -> El {
    let mut el = El { name: String::from_utf8_lossy(e.local_name().as_ref()).into_owned(), offset, ..El::default() };
    for a in e.attributes().flatten() {
        let v = a.unescape_value().map(|v| v.into_owned()).unwrap_or_default();
        el.attrs.push((String::from_utf8_lossy(a.key.local_name().as_ref()).into_owned(), v));
    }
    el
}

/// Reads a Moodle XML bank written in `lang`. A document that is not well-formed XML gives `Err((line, reason))`.
pub fn parse(src: &str, lang: Lang, prefix: &str, audiences: &[Audience]) -> Result<Import, (usize, String)> {
    let root = tree(src).map_err(|(off, e)| (line_of(src, off), e))?;
    let Some(quiz) = root.child("quiz") else {
        return Err((1, "no <quiz> element".into()));
    };
    let mut import = Import::default();
    let mut ids = Ids::default();
    for q in quiz.all("question") {
        let line = line_of(src, q.offset);
        let kind = q.attr("type").unwrap_or("");
        if kind == "category" {
            continue;
        }
        let name = q.text_of("name");
        let prompt = q.text_of("questiontext");
        let skip = |import: &mut Import, kind: &str| {
            import.skipped.push(Skipped {
                line,
                kind: kind.to_owned(),
                title: if name.is_empty() { prompt.chars().take(60).collect() } else { name.clone() },
            });
        };
        if prompt.is_empty() {
            skip(&mut import, if kind.is_empty() { "no_type" } else { "no_text" });
            continue;
        }
        let general = q.text_of("generalfeedback");
        let explanation = if general.is_empty() { Text3::default() } else { Text3::one(lang, general) };
        let id = ids.next(prefix, &name, &prompt);
        let answers: Vec<(f64, String, String)> = q
            .all("answer")
            .map(|a| {
                let fraction = a.attr("fraction").and_then(|f| f.trim().parse::<f64>().ok()).unwrap_or(0.0);
                (fraction, a.inner_text(), a.child("feedback").map(El::inner_text).unwrap_or_default())
            })
            .collect();
        let kind = match kind {
            "multichoice" => {
                let single = q.child("single").is_none_or(|s| s.text.trim() != "false" && s.text.trim() != "0");
                let choices: Vec<Choice> = answers
                    .iter()
                    .filter(|(_, t, _)| !t.is_empty())
                    .map(|(f, t, fb)| Choice {
                        text: Text3::one(lang, t.clone()),
                        correct: *f > 0.0,
                        feedback: if fb.is_empty() { None } else { Some(Text3::one(lang, fb.clone())) },
                    })
                    .collect();
                let correct = choices.iter().filter(|c| c.correct).count();
                if choices.len() < 2 || correct == 0 {
                    skip(&mut import, if correct == 0 { "no_right" } else { "bad_answers" });
                    continue;
                }
                if single && correct == 1 {
                    QuestionKind::Single { choices }
                } else {
                    QuestionKind::Multiple { choices }
                }
            }
            "truefalse" => {
                let right = answers.iter().find(|(f, _, _)| *f > 0.0).map(|(_, t, _)| t.trim().to_lowercase());
                match right.as_deref() {
                    Some("true") => QuestionKind::TrueFalse { answer: true },
                    Some("false") => QuestionKind::TrueFalse { answer: false },
                    _ => {
                        skip(&mut import, "no_right");
                        continue;
                    }
                }
            }
            "shortanswer" => {
                let list: Vec<Text3> = answers
                    .iter()
                    .filter(|(f, t, _)| *f > 0.0 && !t.is_empty())
                    .map(|(_, t, _)| Text3::one(lang, t.clone()))
                    .collect();
                if list.is_empty() {
                    skip(&mut import, "no_right");
                    continue;
                }
                QuestionKind::ShortAnswer { answers: list }
            }
            other => {
                skip(&mut import, if other.is_empty() { "no_type" } else { other });
                continue;
            }
        };
        import.questions.push(Question::imported(id, audiences, lang, prompt, explanation, kind));
    }
    Ok(import)
}

fn esc(s: &str) -> String {
    s.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;").replace('"', "&quot;")
}

fn text_el(name: &str, text: &str) -> String {
    format!("    <{name} format=\"plain_text\"><text>{}</text></{name}>\n", esc(text))
}

/// Writes questions as Moodle XML in `lang`; red-flag scenarios (which Moodle cannot hold) are returned by id.
pub fn write(questions: &[Question], lang: Lang, category: &str) -> (String, Vec<String>) {
    let mut out = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<quiz>\n");
    out.push_str(&format!(
        "  <question type=\"category\">\n    <category><text>$course$/{}</text></category>\n  </question>\n",
        esc(category)
    ));
    let mut unsupported = Vec::new();
    for q in questions {
        let (kind, body) = match &q.kind {
            QuestionKind::Single { choices } | QuestionKind::Multiple { choices } => {
                let multiple = matches!(q.kind, QuestionKind::Multiple { .. });
                let right = choices.iter().filter(|c| c.correct).count().max(1);
                let mut b = format!("    <single>{}</single>\n    <shuffleanswers>true</shuffleanswers>\n", !multiple);
                for c in choices {
                    let fraction = match (c.correct, multiple) {
                        (true, false) => "100".to_owned(),
                        (true, true) => format!("{}", (100.0 / right as f64 * 1e5).round() / 1e5),
                        (false, true) => "-100".to_owned(),
                        (false, false) => "0".to_owned(),
                    };
                    let fb = c
                        .feedback
                        .as_ref()
                        .map(|f| {
                            format!("<feedback format=\"plain_text\"><text>{}</text></feedback>", esc(f.text(lang)))
                        })
                        .unwrap_or_default();
                    b.push_str(&format!(
                        "    <answer fraction=\"{fraction}\" format=\"plain_text\"><text>{}</text>{fb}</answer>\n",
                        esc(c.text.text(lang))
                    ));
                }
                ("multichoice", b)
            }
            QuestionKind::TrueFalse { answer } => {
                let (t, f) = if *answer { ("100", "0") } else { ("0", "100") };
                (
                    "truefalse",
                    format!(
                        "    <answer fraction=\"{t}\"><text>true</text></answer>\n    <answer fraction=\"{f}\"><text>false</text></answer>\n"
                    ),
                )
            }
            QuestionKind::ShortAnswer { answers } => {
                let mut b = String::from("    <usecase>0</usecase>\n");
                for a in answers {
                    b.push_str(&format!(
                        "    <answer fraction=\"100\" format=\"plain_text\"><text>{}</text></answer>\n",
                        esc(a.text(lang))
                    ));
                }
                ("shortanswer", b)
            }
            QuestionKind::RedFlags(_) => {
                unsupported.push(q.id.clone());
                continue;
            }
        };
        out.push_str(&format!("  <question type=\"{kind}\">\n"));
        out.push_str(&format!("    <name><text>{}</text></name>\n", esc(&q.id)));
        out.push_str(&text_el("questiontext", q.prompt.text(lang)));
        if !q.explanation.text(lang).is_empty() {
            out.push_str(&text_el("generalfeedback", q.explanation.text(lang)));
        }
        out.push_str(&body);
        out.push_str("  </question>\n");
    }
    out.push_str("</quiz>\n");
    (out, unsupported)
}

#[cfg(test)]
mod tests {
    use super::*;

    const BANK: &str = r#"<?xml version="1.0" encoding="UTF-8"?>
<quiz>
  <question type="category">
    <category><text>$course$/Default</text></category>
  </question>
  <question type="multichoice">
    <name><text>Phishing 1</text></name>
    <questiontext format="html"><text><![CDATA[<p>Which link is <b>suspicious</b>?</p>]]></text></questiontext>
    <generalfeedback format="html"><text>Look at the domain.</text></generalfeedback>
    <single>true</single>
    <answer fraction="100"><text>bank-secure.top/login</text><feedback><text>Yes: not the bank's domain.</text></feedback></answer>
    <answer fraction="0"><text>www.example.org</text></answer>
  </question>
  <question type="truefalse">
    <name><text>TF</text></name>
    <questiontext format="plain_text"><text>Codes can be shared &amp; that is fine.</text></questiontext>
    <answer fraction="0"><text>true</text></answer>
    <answer fraction="100"><text>false</text></answer>
  </question>
  <question type="essay">
    <name><text>Essay</text></name>
    <questiontext><text>Tell us.</text></questiontext>
  </question>
  <question type="shortanswer">
    <name><text>SA</text></name>
    <questiontext><text>Two-step verification is also called 2__?</text></questiontext>
    <answer fraction="100"><text>FA</text></answer>
  </question>
  <question type="matching">
    <name><text>M</text></name>
    <questiontext><text>Match.</text></questiontext>
  </question>
</quiz>
"#;

    #[test]
    fn reads_supported_types_and_lists_the_rest() {
        let imp = parse(BANK, Lang::En, "bank", &[Audience::Staff]).expect("well-formed");
        let got: Vec<_> = imp.questions.iter().map(|q| (q.id.as_str(), q.kind.code())).collect();
        assert_eq!(got, [("bank-phishing-1", "single"), ("bank-tf", "true_false"), ("bank-sa", "short_answer")]);
        let skipped: Vec<_> = imp.skipped.iter().map(|s| (s.line, s.kind.as_str())).collect();
        assert_eq!(skipped, [(20, "essay"), (29, "matching")]);
        assert_eq!(imp.questions[0].prompt.text(Lang::En), "Which link is suspicious?");
        assert_eq!(imp.questions[1].prompt.text(Lang::En), "Codes can be shared & that is fine.");
        assert_eq!(imp.questions[1].kind, QuestionKind::TrueFalse { answer: false });
    }

    #[test]
    fn lines_are_the_same_with_windows_line_ends() {
        let crlf = BANK.replace('\n', "\r\n");
        let imp = parse(&crlf, Lang::En, "bank", &[Audience::Staff]).expect("well-formed");
        let skipped: Vec<_> = imp.skipped.iter().map(|s| (s.line, s.kind.as_str())).collect();
        assert_eq!(skipped, [(20, "essay"), (29, "matching")]);
        assert_eq!(imp.questions[0].prompt.text(Lang::En), "Which link is suspicious?", "no stray carriage return");
        let err = parse("<quiz>\r\n<question type=\"truefalse\">\r\n</quiz>", Lang::En, "b", &[]).expect_err("bad");
        let lf = parse("<quiz>\n<question type=\"truefalse\">\n</quiz>", Lang::En, "b", &[]).expect_err("bad");
        assert_eq!(err.0, lf.0, "the same line either way");
    }

    #[test]
    fn round_trip() {
        let first = parse(BANK, Lang::En, "bank", &[]).expect("ok");
        let (xml, unsupported) = write(&first.questions, Lang::En, "amane");
        assert!(unsupported.is_empty());
        let second = parse(&xml, Lang::En, "bank", &[]).expect("our own output parses");
        assert_eq!(second.questions.len(), first.questions.len(), "{xml}");
        for (a, b) in first.questions.iter().zip(&second.questions) {
            assert_eq!((&a.prompt, &a.explanation, &a.kind), (&b.prompt, &b.explanation, &b.kind));
        }
    }

    #[test]
    fn malformed_xml_names_the_line() {
        let err = parse("<quiz>\n<question type=\"truefalse\">\n</quiz>", Lang::En, "b", &[]).expect_err("mismatched");
        assert!(err.0 >= 1, "{err:?}");
        assert!(parse("not xml at all", Lang::En, "b", &[]).is_err());
    }

    fn one_tf(text: &str) -> Result<Import, (usize, String)> {
        let xml = format!(
            "<quiz>\n<question type=\"truefalse\">\n<name><text>T</text></name>\n<questiontext format=\"html\">\
             <text>{text}</text></questiontext>\n<answer fraction=\"100\"><text>true</text></answer>\n\
             <answer fraction=\"0\"><text>false</text></answer>\n</question>\n</quiz>\n"
        );
        parse(&xml, Lang::En, "b", &[])
    }

    #[test]
    fn html_text_keeps_what_is_not_a_tag_and_an_entity_xml_does_not_know() {
        let prompt = |text: &str| one_tf(text).expect("well-formed").questions[0].prompt.text(Lang::En).to_owned();
        assert_eq!(prompt("Is 3 &lt; 5 true?"), "Is 3 < 5 true?");
        assert_eq!(prompt("Press &uarr; then OK &#8594; done"), "Press &uarr; then OK → done");
        assert_eq!(
            prompt("&lt;p&gt;One.&lt;/p&gt;&lt;p&gt;Two, &lt;b&gt;ham&lt;/b&gt;eçonnage.&lt;/p&gt;"),
            "One. Two, hameçonnage."
        );
    }

    #[test]
    fn a_truncated_bank_says_where_it_ends() {
        let err = parse("<quiz>\n<question type=\"truefalse\">\n<name><text>T", Lang::En, "b", &[]).expect_err("cut");
        assert_eq!(err.0, 3, "{err:?}");
        assert!(!err.1.is_empty());
    }
}
