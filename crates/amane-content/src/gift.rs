//! GIFT question banks (Moodle's plain-text format): reading and writing.
//!
//! Supported: multiple choice (one or several right answers, with per-answer feedback), true/false, short
//! answer (as free text), general feedback (`####`), titles, comments, categories. Everything else (essay,
//! numerical, matching, descriptions) is listed with its line and skipped, never silently dropped.

use crate::model::{Choice, Question, QuestionKind, Text3};
use amane_domain::{Audience, Lang};

/// A question the reader could not take, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Skipped {
    pub line: usize,
    /// The bank's own name for the type (`essay`, `numerical`, `matching`, `cloze`…), or why the question could
    /// not be read: `unclosed` (a `{` never closed), `no_text` (a title or answers alone), `bad_answers`,
    /// `no_right` (no right answer), `no_type` (XML without a type).
    pub kind: String,
    pub title: String,
}

/// What a bank gave.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Import {
    pub questions: Vec<Question>,
    pub skipped: Vec<Skipped>,
}

const SPECIAL: [char; 6] = ['~', '=', '#', '{', '}', ':'];

/// Splits the bank into records separated by blank lines (outside answer blocks), without comment lines.
fn records(src: &str) -> Vec<(usize, String)> {
    let mut out = Vec::new();
    let mut cur = String::new();
    let mut start = 0;
    let mut depth = 0i32;
    for (i, line) in src.lines().enumerate() {
        let trimmed = line.trim_start();
        if trimmed.starts_with("//") {
            continue;
        }
        if line.trim().is_empty() && depth <= 0 {
            if !cur.trim().is_empty() {
                out.push((start, std::mem::take(&mut cur)));
            }
            cur.clear();
            depth = 0;
            continue;
        }
        if cur.is_empty() {
            start = i + 1;
        }
        let mut escaped = false;
        for c in line.chars() {
            if escaped {
                escaped = false;
                continue;
            }
            match c {
                '\\' => escaped = true,
                '{' => depth += 1,
                '}' => depth -= 1,
                _ => {}
            }
        }
        cur.push_str(line);
        cur.push('\n');
    }
    if !cur.trim().is_empty() {
        out.push((start, cur));
    }
    out
}

/// Index of the first unescaped `pat` at or after `from`.
fn find_unescaped(s: &str, pat: char, from: usize) -> Option<usize> {
    let mut escaped = false;
    for (i, c) in s.char_indices().skip_while(|(i, _)| *i < from) {
        if escaped {
            escaped = false;
            continue;
        }
        if c == '\\' {
            escaped = true;
        } else if c == pat {
            return Some(i);
        }
    }
    None
}

fn unescape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut chars = s.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '\\' {
            match chars.peek() {
                // `\\` is a backslash: written that way, it must come back as one.
                Some(n) if SPECIAL.contains(n) || *n == '\\' => {
                    out.push(*n);
                    chars.next();
                }
                Some('n') => {
                    out.push('\n');
                    chars.next();
                }
                _ => out.push(c),
            }
        } else {
            out.push(c);
        }
    }
    out
}

fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        if SPECIAL.contains(&c) || c == '\\' {
            out.push('\\');
        }
        if c == '\n' {
            out.push_str("\\n");
            continue;
        }
        out.push(c);
    }
    out
}

/// Text of an HTML fragment (banks exported from Moodle often carry `[html]<p>…</p>`). A `<` that does not open a
/// tag (`3 < 5`) is text; a tag that ends a block (`</p>`, `<br>`, `<li>`…) leaves a space, so sentences do not run
/// together, and an inline one (`<b>`, `<i>`, `<span>`…) nothing, so words are not cut.
pub fn strip_html(s: &str) -> String {
    const INLINE: [&str; 14] =
        ["a", "b", "i", "u", "em", "strong", "span", "code", "sub", "sup", "small", "mark", "s", "font"];
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(i) = rest.find('<') {
        out.push_str(&rest[..i]);
        let after = &rest[i + 1..];
        let opens_tag = after.starts_with(|c: char| c.is_ascii_alphabetic() || c == '/' || c == '!');
        match after.find('>').filter(|_| opens_tag) {
            Some(end) => {
                let name: String = after[..end]
                    .trim_start_matches('/')
                    .chars()
                    .take_while(char::is_ascii_alphanumeric)
                    .collect::<String>()
                    .to_ascii_lowercase();
                if !INLINE.contains(&name.as_str()) {
                    out.push(' ');
                }
                rest = &after[end + 1..];
            }
            None => {
                out.push('<');
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out.replace("&nbsp;", " ")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&amp;", "&")
}

fn clean_text(s: &str, html: bool) -> String {
    let t = unescape(s.trim());
    let t = if html { strip_html(&t) } else { t };
    t.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// A slug for a question id from its title or text.
pub fn slug(s: &str) -> String {
    slug_upto(s, 40)
}

fn slug_upto(s: &str, max: usize) -> String {
    let mut out = String::new();
    for c in s.to_lowercase().chars().map(fold_accent) {
        if c.is_ascii_alphanumeric() {
            out.push(c);
        } else if !out.ends_with('-') && !out.is_empty() {
            out.push('-');
        }
        if out.len() >= max {
            break;
        }
    }
    out.trim_end_matches('-').to_owned()
}

/// The ids of one imported file's questions: from the title (with a hash of the whole title when its slug had to
/// be cut, so that `…passage A question 1` and `…question 2` stay apart), else from the text; a title that is
/// already an id of this prefix (a bank exported by amane) is kept as it is, so that re-importing an export
/// updates its questions. Unique within the file: a second question with the same id gets `-2`, then `-3`… in
/// the file's order, so no question overwrites another and importing the same file again gives the same ids.
#[derive(Default)]
pub(crate) struct Ids {
    issued: std::collections::HashSet<String>,
}

impl Ids {
    pub(crate) fn next(&mut self, prefix: &str, title: &str, text: &str) -> String {
        let (s, whole) = (slug(title), slug_upto(title, usize::MAX));
        let base = if whole == title && title.starts_with(&format!("{prefix}-")) {
            whole
        } else if s.is_empty() {
            stable_id(prefix, text)
        } else if whole.len() > s.len() {
            stable_id(&format!("{prefix}-{s}"), title)
        } else {
            format!("{prefix}-{s}")
        };
        let (mut id, mut n) = (base.clone(), 1);
        while !self.issued.insert(id.clone()) {
            n += 1;
            id = format!("{base}-{n}");
        }
        id
    }
}

/// A piece of text with its own format marker (`~[plain]blue`, `####[html]<p>…</p>`): the marker removed, and the
/// text read as HTML when it says so (otherwise as the question says).
fn clean_piece(s: &str, html: bool) -> String {
    let (html, rest) = format_marker(s.trim_start()).unwrap_or((html, s));
    clean_text(rest, html)
}

/// A leading `[html]`, `[moodle]`, `[plain]` or `[markdown]`: whether it means HTML, and the text after it.
fn format_marker(s: &str) -> Option<(bool, &str)> {
    let r = s.strip_prefix('[')?;
    let i = r.find(']')?;
    ["html", "moodle", "plain", "markdown"].contains(&&r[..i]).then(|| (&r[..i] == "html", r[i + 1..].trim_start()))
}

/// The unaccented letter for the accented Latin letters of French and other Latin-script banks.
fn fold_accent(c: char) -> char {
    match c {
        'à' | 'â' | 'ä' | 'á' | 'ã' => 'a',
        'ç' => 'c',
        'é' | 'è' | 'ê' | 'ë' => 'e',
        'î' | 'ï' | 'í' => 'i',
        'ô' | 'ö' | 'ó' | 'õ' => 'o',
        'ù' | 'û' | 'ü' | 'ú' => 'u',
        'ÿ' => 'y',
        'ñ' => 'n',
        other => other,
    }
}

/// A stable id for an untitled question, so a re-import updates instead of duplicating.
pub fn stable_id(prefix: &str, text: &str) -> String {
    // FNV-1a: small, stable across releases and platforms.
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in text.as_bytes() {
        h ^= u64::from(*b);
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    format!("{prefix}-{:012x}", h & 0xffff_ffff_ffff)
}

struct Answer {
    right: bool,
    weight: Option<f64>,
    text: String,
    feedback: Option<String>,
}

/// Reads a GIFT bank written in `lang`; question ids start with `prefix`, audiences are `audiences`.
pub fn parse(src: &str, lang: Lang, prefix: &str, audiences: &[Audience]) -> Import {
    let mut import = Import::default();
    let mut ids = Ids::default();
    for (line, rec) in records(src) {
        let rec = rec.trim();
        if rec.starts_with("$CATEGORY") {
            continue;
        }
        let (title, body) = match rec.strip_prefix("::").and_then(|r| {
            find_unescaped(r, ':', 0).filter(|i| r[*i..].starts_with("::")).map(|i| (r[..i].to_owned(), &r[i + 2..]))
        }) {
            Some((t, b)) => (clean_text(&t, false), b.trim_start()),
            None => (String::new(), rec),
        };
        let (html, body) = format_marker(body).unwrap_or((false, body));
        let skip = |kind: &str, import: &mut Import| {
            import.skipped.push(Skipped {
                line,
                kind: kind.to_owned(),
                title: if title.is_empty() { clean_text(body, html).chars().take(60).collect() } else { title.clone() },
            });
        };
        let Some(open) = find_unescaped(body, '{', 0) else {
            skip("description", &mut import);
            continue;
        };
        let Some(close) = find_unescaped(body, '}', open + 1) else {
            skip("unclosed", &mut import);
            continue;
        };
        let before = clean_text(&body[..open], html);
        let after = clean_text(&body[close + 1..], html);
        let prompt = if after.is_empty() { before } else { format!("{before} _____ {after}") };
        let block = body[open + 1..close].trim();
        let (block, general) = match block.find("####") {
            Some(i) => (block[..i].trim(), Some(clean_piece(&block[i + 4..], html))),
            None => (block, None),
        };
        let id = ids.next(prefix, &title, &prompt);
        let explanation = general.map(|g| Text3::one(lang, g)).unwrap_or_default();
        if prompt.is_empty() {
            skip("no_text", &mut import);
            continue;
        }
        if block.is_empty() {
            skip("essay", &mut import);
            continue;
        }
        if block.starts_with('#') {
            skip("numerical", &mut import);
            continue;
        }
        let head = block.split('#').next().unwrap_or("").trim().to_uppercase();
        if ["T", "TRUE", "F", "FALSE"].contains(&head.as_str()) {
            let answer = head.starts_with('T');
            let mut explanation = explanation;
            if explanation == Text3::default() {
                // `{T#wrong-answer feedback#right-answer feedback}`: keep the feedback for the right answer.
                let parts: Vec<&str> = block.split('#').skip(1).collect();
                if let Some(fb) = parts.get(1).or(parts.first()) {
                    let fb = clean_piece(fb, html);
                    if !fb.is_empty() {
                        explanation = Text3::one(lang, fb);
                    }
                }
            }
            import.questions.push(Question {
                id,
                audiences: audiences.to_vec(),
                prompt: Text3::one(lang, prompt),
                explanation,
                kind: QuestionKind::TrueFalse { answer },
                test_form: None,
            });
            continue;
        }
        let answers = match answers(block, html) {
            Some(a) if !a.is_empty() => a,
            _ => {
                skip(if is_cloze(block) { "cloze" } else { "bad_answers" }, &mut import);
                continue;
            }
        };
        if answers.iter().any(|a| a.right && a.text.contains("->")) {
            skip("matching", &mut import);
            continue;
        }
        let any_wrong = answers.iter().any(|a| !a.right);
        let kind = if !any_wrong {
            QuestionKind::ShortAnswer { answers: answers.iter().map(|a| Text3::one(lang, a.text.clone())).collect() }
        } else {
            let weighted = answers.iter().any(|a| a.weight.is_some());
            let choices: Vec<Choice> = answers
                .iter()
                .map(|a| Choice {
                    text: Text3::one(lang, a.text.clone()),
                    correct: if weighted {
                        a.weight.unwrap_or(if a.right { 100.0 } else { 0.0 }) > 0.0
                    } else {
                        a.right
                    },
                    feedback: a.feedback.clone().filter(|f| !f.is_empty()).map(|f| Text3::one(lang, f)),
                })
                .collect();
            let correct = choices.iter().filter(|c| c.correct).count();
            if correct == 0 {
                skip("no_right", &mut import);
                continue;
            }
            if correct == 1 && !weighted {
                QuestionKind::Single { choices }
            } else {
                QuestionKind::Multiple { choices }
            }
        };
        import.questions.push(Question::imported(id, audiences, lang, prompt, explanation, kind));
    }
    import
}

/// A cloze (embedded answers) block: `{1:MULTICHOICE:=a~b}`, `{:SHORTANSWER:=x}`.
fn is_cloze(block: &str) -> bool {
    let rest = block.trim_start_matches(|c: char| c.is_ascii_digit());
    rest.strip_prefix(':').is_some_and(|r| {
        let word: String = r.chars().take_while(|c| c.is_ascii_alphabetic() || *c == '_').collect();
        !word.is_empty() && word.chars().all(|c| c.is_ascii_uppercase() || c == '_') && r[word.len()..].starts_with(':')
    })
}

fn answers(block: &str, html: bool) -> Option<Vec<Answer>> {
    let mut out = Vec::new();
    let mut starts: Vec<usize> = Vec::new();
    let mut escaped = false;
    for (i, c) in block.char_indices() {
        if escaped {
            escaped = false;
            continue;
        }
        match c {
            '\\' => escaped = true,
            // `~=text` is a right answer (Moodle reads it so): one start, not an empty wrong answer.
            '=' if i > 0 && starts.last() == Some(&(i - 1)) && block[..i].ends_with('~') => {}
            '=' | '~' => starts.push(i),
            _ => {}
        }
    }
    if starts.first() != Some(&0) {
        return None;
    }
    for (n, &s) in starts.iter().enumerate() {
        let end = starts.get(n + 1).copied().unwrap_or(block.len());
        let right = block[s..].starts_with('=') || block[s..].starts_with("~=");
        let mut body = &block[s + if block[s..].starts_with("~=") { 2 } else { 1 }..end];
        let mut weight = None;
        if let Some(r) = body.strip_prefix('%') {
            let i = r.find('%')?;
            weight = Some(r[..i].trim().parse::<f64>().ok()?);
            body = &r[i + 1..];
        }
        let (text, feedback) = match find_unescaped(body, '#', 0) {
            Some(i) => (&body[..i], Some(clean_piece(&body[i + 1..], html))),
            None => (body, None),
        };
        let text = clean_piece(text, html);
        if text.is_empty() {
            return None;
        }
        out.push(Answer { right, weight, text, feedback });
    }
    Some(out)
}

/// Writes questions as GIFT in `lang`. Types GIFT cannot hold (red-flag scenarios) are returned by id.
pub fn write(questions: &[Question], lang: Lang) -> (String, Vec<String>) {
    let mut out = String::new();
    let mut unsupported = Vec::new();
    for q in questions {
        let general = match q.explanation.text(lang) {
            "" => String::new(),
            t => format!("####{}", escape(t)),
        };
        let block = match &q.kind {
            QuestionKind::TrueFalse { answer } => format!("{{{}{general}}}", if *answer { "TRUE" } else { "FALSE" }),
            QuestionKind::Single { choices } | QuestionKind::Multiple { choices } => {
                let multiple = matches!(q.kind, QuestionKind::Multiple { .. });
                let right = choices.iter().filter(|c| c.correct).count().max(1);
                let mut b = String::from("{\n");
                for c in choices {
                    let fb = c.feedback.as_ref().map(|f| format!("#{}", escape(f.text(lang)))).unwrap_or_default();
                    let text = escape(c.text.text(lang));
                    if multiple {
                        let w = if c.correct {
                            format!("{}", (100.0 / right as f64 * 1e5).round() / 1e5)
                        } else {
                            "-100".into()
                        };
                        b.push_str(&format!("~%{w}%{text}{fb}\n"));
                    } else {
                        b.push_str(&format!("{}{text}{fb}\n", if c.correct { '=' } else { '~' }));
                    }
                }
                if !general.is_empty() {
                    b.push_str(&general);
                    b.push('\n');
                }
                b.push('}');
                b
            }
            QuestionKind::ShortAnswer { answers } => {
                let list: Vec<String> = answers.iter().map(|a| format!("={}", escape(a.text(lang)))).collect();
                format!("{{{}{general}}}", list.join(" "))
            }
            QuestionKind::RedFlags(_) => {
                unsupported.push(q.id.clone());
                continue;
            }
        };
        out.push_str(&format!("::{}::{} {}\n\n", escape(&q.id), escape(q.prompt.text(lang)), block));
    }
    (out, unsupported)
}

#[cfg(test)]
mod tests;
