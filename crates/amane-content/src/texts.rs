//! The text a reader sees, located in its file: lessons without their Markdown syntax, TOML strings decoded,
//! red-flag markers and placeholders taken out. Every character keeps the bytes of the file it comes from, so a
//! check can name its line and the direction fix can insert marks in place.

use crate::markdown;
use amane_domain::Lang;
use pulldown_cmark::{Event, Parser, Tag, TagEnd};
use std::ops::Range;

/// LEFT-TO-RIGHT MARK.
pub const LRM: char = '\u{200E}';
/// What stands for a `{{contact:…}}` or `{{law:…}}` placeholder: its text comes from the configuration.
pub const PLACEHOLDER: char = '\u{FFFC}';

/// One displayed character and the bytes of the source it comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Ch {
    pub c: char,
    pub start: usize,
    pub end: usize,
}

/// A paragraph as displayed: a bidi paragraph, and the unit inside which words are searched.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Para {
    pub chars: Vec<Ch>,
    /// Positions (0 to `chars.len()`) where an inline span opens or closes: emphasis, a code span, a link's text,
    /// a red-flag part. No word goes across one.
    pub bounds: Vec<usize>,
    /// The same for the spans that set a thing apart as written (emphasis, code, a link's text), as quotation
    /// marks do; not red-flag parts, which are pieces of the message's sentences.
    pub quotes: Vec<usize>,
    /// How a LEFT-TO-RIGHT MARK is written in this text's source (`\u200E` inside a TOML `"…"` string).
    pub lrm: &'static str,
}

impl Para {
    /// A paragraph of plain text, without markup or marks (for tests).
    #[cfg(test)]
    pub fn plain(s: &str) -> Para {
        let chars = s.char_indices().map(|(i, c)| Ch { c, start: i, end: i + c.len_utf8() }).collect();
        Para { chars, bounds: Vec::new(), quotes: Vec::new(), lrm: "\u{200E}" }
    }
}

impl Para {
    fn new(lrm: &'static str) -> Self {
        Para { chars: Vec::new(), bounds: Vec::new(), quotes: Vec::new(), lrm }
    }

    fn bound(&mut self) {
        let at = self.chars.len();
        if self.bounds.last() != Some(&at) {
            self.bounds.push(at);
        }
    }

    fn quote(&mut self) {
        self.bound();
        let at = self.chars.len();
        if self.quotes.last() != Some(&at) {
            self.quotes.push(at);
        }
    }

    pub fn is_bound(&self, at: usize) -> bool {
        self.bounds.binary_search(&at).is_ok()
    }

    pub fn is_quote(&self, at: usize) -> bool {
        self.quotes.binary_search(&at).is_ok()
    }

    pub fn text(&self) -> String {
        self.chars.iter().map(|c| c.c).collect()
    }

    /// The text of `range` (character indices).
    pub fn slice(&self, range: Range<usize>) -> String {
        self.chars.get(range).unwrap_or_default().iter().map(|c| c.c).collect()
    }

    /// Replaces each `{{…}}` by one [`PLACEHOLDER`] character spanning its source.
    fn fold_placeholders(&mut self) {
        let chars = std::mem::take(&mut self.chars);
        // Where each old position (0 to len) lands.
        let mut pos = vec![0; chars.len() + 1];
        let at = |k: usize, c: char| chars.get(k).is_some_and(|x| x.c == c);
        let mut i = 0;
        while i < chars.len() {
            pos[i] = self.chars.len();
            if at(i, '{')
                && at(i + 1, '{')
                && let Some(k) = (i + 2..chars.len()).find(|k| at(*k, '}') && at(k + 1, '}'))
            {
                self.chars.push(Ch { c: PLACEHOLDER, start: chars[i].start, end: chars[k + 1].end });
                for p in &mut pos[i + 1..k + 2] {
                    *p = self.chars.len();
                }
                i = k + 2;
                continue;
            }
            self.chars.push(chars[i]);
            i += 1;
        }
        pos[chars.len()] = self.chars.len();
        for b in self.bounds.iter_mut().chain(self.quotes.iter_mut()) {
            *b = pos[*b];
        }
        self.bounds.dedup();
        self.quotes.dedup();
    }
}

/// Collects paragraphs.
struct Paras {
    out: Vec<Para>,
    cur: Para,
}

impl Paras {
    fn new(lrm: &'static str) -> Self {
        Paras { out: Vec::new(), cur: Para::new(lrm) }
    }

    fn push(&mut self, c: char, start: usize, end: usize) {
        if c == '\n' {
            self.flush();
        } else if c != '\r' {
            self.cur.chars.push(Ch { c, start, end });
        }
    }

    /// Text that is the source's own bytes at `range` if they match, else spread over the whole range (an
    /// escape such as `\!` or `&lrm;`).
    fn push_text(&mut self, src: &str, text: &str, range: Range<usize>) {
        if src.get(range.clone()) == Some(text) {
            for (i, c) in text.char_indices() {
                self.push(c, range.start + i, range.start + i + c.len_utf8());
            }
        } else {
            for c in text.chars() {
                self.push(c, range.start, range.end);
            }
        }
    }

    fn flush(&mut self) {
        let lrm = self.cur.lrm;
        let mut p = std::mem::replace(&mut self.cur, Para::new(lrm));
        if !p.chars.is_empty() {
            p.fold_placeholders();
            self.out.push(p);
        }
    }

    fn finish(mut self) -> Vec<Para> {
        self.flush();
        self.out
    }
}

/// The paragraphs of a Markdown file as displayed. Marker lines, raw HTML, link addresses and images are not
/// text; headings, list items, table cells and quotes are paragraphs of their own.
pub fn markdown(src: &str) -> Vec<Para> {
    let mut p = Paras::new("\u{200E}");
    let mut in_image = 0usize;
    for (event, range) in Parser::new_ext(src, markdown::options()).into_offset_iter() {
        match event {
            Event::Start(Tag::Image { .. }) => in_image += 1,
            Event::End(TagEnd::Image) => in_image = in_image.saturating_sub(1),
            _ if in_image > 0 => {}
            Event::Text(t) => p.push_text(src, &t, range),
            Event::Code(t) => {
                p.cur.quote();
                let inner = src.get(range.clone()).and_then(|s| s.find(&*t)).map(|k| range.start + k);
                match inner {
                    Some(k) => p.push_text(src, &t, k..k + t.len()),
                    None => p.push_text(src, &t, range),
                }
                p.cur.quote();
            }
            Event::SoftBreak => p.push(' ', range.start, range.start),
            Event::HardBreak => p.flush(),
            Event::Start(Tag::Emphasis | Tag::Strong | Tag::Strikethrough | Tag::Link { .. })
            | Event::End(TagEnd::Emphasis | TagEnd::Strong | TagEnd::Strikethrough | TagEnd::Link) => p.cur.quote(),
            Event::InlineHtml(_) => p.cur.bound(),
            Event::Start(_) | Event::End(_) | Event::Html(_) => p.flush(),
            _ => {}
        }
    }
    p.finish()
}

/// A text of a TOML file: the key path of a `fr`, `ar` or `en` string, its language and its paragraphs (lines).
#[derive(Debug, Clone)]
pub struct TomlText {
    pub path: Vec<String>,
    pub lang: Lang,
    pub paras: Vec<Para>,
}

/// Every `fr`, `ar` and `en` string of a TOML file (`prompt.ar = …`, `[title] ar = …`, `{ ar = … }`), decoded.
/// The `[[id|…]]` and `]]` of red-flag messages are taken out. Nothing when the file is not valid TOML.
pub fn toml(src: &str) -> Vec<TomlText> {
    let Ok(doc) = toml_edit::ImDocument::parse(src) else { return Vec::new() };
    let mut out = Vec::new();
    let mut path = Vec::new();
    walk_table(doc.as_table(), src, &mut path, &mut out);
    out
}

fn walk_table(t: &toml_edit::Table, src: &str, path: &mut Vec<String>, out: &mut Vec<TomlText>) {
    for (k, item) in t.iter() {
        path.push(k.to_owned());
        walk_item(item, src, path, out);
        path.pop();
    }
}

fn walk_item(item: &toml_edit::Item, src: &str, path: &mut Vec<String>, out: &mut Vec<TomlText>) {
    match item {
        toml_edit::Item::Table(t) => walk_table(t, src, path, out),
        toml_edit::Item::ArrayOfTables(a) => {
            for t in a.iter() {
                walk_table(t, src, path, out);
            }
        }
        toml_edit::Item::Value(v) => walk_value(v, src, path, out),
        toml_edit::Item::None => {}
    }
}

fn walk_value(v: &toml_edit::Value, src: &str, path: &mut Vec<String>, out: &mut Vec<TomlText>) {
    match v {
        toml_edit::Value::String(s) => {
            let lang = path.last().and_then(|k| Lang::ALL.into_iter().find(|l| l.code() == k));
            if let (Some(lang), Some(span)) = (lang, s.span())
                && let Some(mut paras) = decode(src, span)
            {
                if path.iter().any(|k| k == "message") {
                    for p in &mut paras {
                        strip_red_flag_markers(p);
                    }
                }
                out.push(TomlText { path: path.clone(), lang, paras });
            }
        }
        toml_edit::Value::InlineTable(t) => {
            for (k, v) in t.iter() {
                path.push(k.to_owned());
                walk_value(v, src, path, out);
                path.pop();
            }
        }
        toml_edit::Value::Array(a) => {
            for v in a.iter() {
                walk_value(v, src, path, out);
            }
        }
        _ => {}
    }
}

/// Decodes the TOML string literal at `span`, keeping where each character comes from.
fn decode(src: &str, span: Range<usize>) -> Option<Vec<Para>> {
    let raw = src.get(span.clone())?;
    let (open, basic) = if raw.starts_with("\"\"\"") {
        (3, true)
    } else if raw.starts_with("'''") {
        (3, false)
    } else if raw.starts_with('"') {
        (1, true)
    } else if raw.starts_with('\'') {
        (1, false)
    } else {
        return None;
    };
    if raw.len() < 2 * open {
        return None;
    }
    let mut start = span.start + open;
    let end = span.end - open;
    // A newline right after the opening delimiter of a multi-line string is not part of it.
    if open == 3 {
        if src[start..end].starts_with("\r\n") {
            start += 2;
        } else if src[start..end].starts_with('\n') {
            start += 1;
        }
    }
    let mut p = Paras::new(if basic { "\\u200E" } else { "\u{200E}" });
    let body = &src[start..end];
    let mut it = body.char_indices().peekable();
    while let Some((i, c)) = it.next() {
        let at = start + i;
        if !(basic && c == '\\') {
            p.push(c, at, at + c.len_utf8());
            continue;
        }
        let Some((_, e)) = it.next() else { break };
        let simple = match e {
            'b' => Some('\u{8}'),
            't' => Some('\t'),
            'n' => Some('\n'),
            'f' => Some('\u{c}'),
            'r' => Some('\r'),
            'e' => Some('\u{1b}'),
            '"' => Some('"'),
            '\\' => Some('\\'),
            _ => None,
        };
        if let Some(s) = simple {
            p.push(s, at, at + 2);
            continue;
        }
        let digits = match e {
            'x' => 2,
            'u' => 4,
            'U' => 8,
            _ => 0,
        };
        if digits > 0 {
            let mut n = 0u32;
            let mut len = 2;
            for _ in 0..digits {
                match it.peek().and_then(|(_, d)| d.to_digit(16)) {
                    Some(d) => {
                        n = n.wrapping_mul(16).wrapping_add(d);
                        len += 1;
                        it.next();
                    }
                    None => break,
                }
            }
            if let Some(ch) = char::from_u32(n) {
                p.push(ch, at, at + len);
            }
            continue;
        }
        if e.is_whitespace() {
            // A line-ending backslash: the whitespace and newlines that follow are not part of the string.
            while it.peek().is_some_and(|(_, w)| w.is_whitespace()) {
                it.next();
            }
        }
    }
    Some(p.finish())
}

/// Takes `[[id|` and `]]` out of a red-flag message line; the part between them is a span of its own.
fn strip_red_flag_markers(p: &mut Para) {
    let chars = std::mem::take(&mut p.chars);
    p.bounds.clear();
    p.quotes.clear();
    let at = |k: usize, c: char| chars.get(k).is_some_and(|x| x.c == c);
    let mut i = 0;
    let mut open = false;
    while i < chars.len() {
        if !open
            && at(i, '[')
            && at(i + 1, '[')
            && let Some(k) = (i + 2..chars.len()).take_while(|k| !(at(*k, ']') && at(k + 1, ']'))).find(|k| at(*k, '|'))
        {
            p.bound();
            open = true;
            i = k + 1;
            continue;
        }
        if open && at(i, ']') && at(i + 1, ']') {
            p.bound();
            open = false;
            i += 2;
            continue;
        }
        p.chars.push(chars[i]);
        i += 1;
    }
}

/// 1-based line of the character at `index` of a paragraph.
pub fn line(src: &str, p: &Para, index: usize) -> usize {
    p.chars.get(index).map(|c| crate::problem::line_of(src, c.start)).unwrap_or(0)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(p: &[Para]) -> Vec<String> {
        p.iter().map(Para::text).collect()
    }

    #[test]
    fn markdown_without_its_syntax() {
        let src = "<!-- part: lesson -->\n# Title **bold**\n\n- item *one* [link](https://x.example) ![alt](a.svg)\n- `code!` {{contact:child_helpline}} end\n\n| a | b |\n|---|---|\n| 1 | 2 |\n";
        let paras = markdown(src);
        assert_eq!(
            texts(&paras),
            ["Title bold", "item one link ", "code! \u{FFFC} end", "a", "b", "1", "2"],
            "{paras:#?}"
        );
        let item = &paras[1];
        // Each character points at its own bytes.
        for c in &item.chars {
            assert_eq!(&src[c.start..c.end], c.c.to_string());
        }
        let code = &paras[2];
        assert_eq!(&src[code.chars[0].start..code.chars[4].end], "code!");
        assert!(code.is_quote(0) && code.is_quote(5), "{:?}", code.quotes);
        assert_eq!(&src[code.chars[6].start..code.chars[6].end], "{{contact:child_helpline}}");
        assert!(item.is_quote(5) && item.is_quote(8), "emphasis is a span: {:?}", item.quotes);
    }

    #[test]
    fn toml_strings_in_every_form() {
        let src = "[title]\nar = \"a\\u0041\\\"b\"\nfr = 'lit\\n'\n[[q]]\nprompt.en = \"\"\"\nline 1\nline 2\"\"\"\nx = { ar = '''m''' }\nmessage.ar = \"x [[link|site.top]] y [[-|z]].\"\nid = \"not a text\"\n";
        let t = toml(src);
        let got: Vec<(String, Lang, Vec<String>)> =
            t.iter().map(|t| (t.path.join("."), t.lang, texts(&t.paras))).collect();
        assert_eq!(
            got,
            [
                ("title.ar".to_owned(), Lang::Ar, vec!["aA\"b".to_owned()]),
                ("title.fr".to_owned(), Lang::Fr, vec!["lit\\n".to_owned()]),
                ("q.prompt.en".to_owned(), Lang::En, vec!["line 1".to_owned(), "line 2".to_owned()]),
                ("q.x.ar".to_owned(), Lang::Ar, vec!["m".to_owned()]),
                ("q.message.ar".to_owned(), Lang::Ar, vec!["x site.top y z.".to_owned()]),
            ]
        );
        let title = &t[0].paras[0];
        assert_eq!(&src[title.chars[1].start..title.chars[1].end], "\\u0041");
        assert_eq!(title.lrm, "\\u200E");
        assert_eq!(t[1].paras[0].lrm, "\u{200E}");
        let line2 = &t[2].paras[1];
        assert_eq!(crate::problem::line_of(src, line2.chars[0].start), 7);
        let msg = &t[4].paras[0];
        assert_eq!(msg.bounds, [2, 10, 13, 14]);
        assert!(msg.quotes.is_empty(), "red-flag parts are not quotations");
        assert_eq!(&src[msg.chars[2].start..msg.chars[9].end], "site.top");
    }

    #[test]
    fn invalid_toml_gives_nothing() {
        assert!(toml("a = \"").is_empty());
        assert!(toml("ar = 5\nfr = [\"x\"]").iter().all(|t| t.path == ["fr"]));
    }
}
