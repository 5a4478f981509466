//! Lessons in Markdown: splitting a language file into parts and age-band sections, checking what the
//! sanitiser would strip, and rendering to safe HTML with deployment contacts filled in.

use crate::model::{LangDoc, Part, Section};
use crate::problem::{Problem, line_of};
use amane_domain::Audience;
use pulldown_cmark::{CowStr, Event, Options, Parser, Tag};

/// The contact placeholders a deployment configures (`{{contact:KEY}}`).
pub const CONTACT_KEYS: [&str; 5] =
    ["child_helpline", "report_portal", "cybercrime_police", "data_protection_authority", "emergency"];

/// The law placeholders a deployment fills with its own citation (`{{law:KEY}}`): the offence as the country's
/// law names it and where. Content never states an article; an unset key reads "ask a trusted adult".
pub const LAW_KEYS: [&str; 7] =
    ["intimate_images", "sextortion", "harassment", "fraud", "personal_data", "hate_speech", "impersonation"];

/// A placeholder's kind and key, when both are known: `contact:child_helpline` → `("contact", "child_helpline")`.
pub fn placeholder(inner: &str) -> Option<(&'static str, &str)> {
    let (kind, key) = inner.trim().split_once(':')?;
    let key = key.trim();
    match kind.trim() {
        "contact" if CONTACT_KEYS.contains(&key) => Some(("contact", key)),
        "law" if LAW_KEYS.contains(&key) => Some(("law", key)),
        _ => None,
    }
}

pub(crate) fn options() -> Options {
    Options::ENABLE_TABLES | Options::ENABLE_STRIKETHROUGH
}

/// A marker line: `<!-- part: guide -->` or `<!-- for: 8-11 12-14 -->`.
fn marker(line: &str) -> Option<(&str, &str)> {
    let inner = line.trim().strip_prefix("<!--")?.strip_suffix("-->")?.trim();
    let (k, v) = inner.split_once(':')?;
    Some((k.trim(), v.trim()))
}

/// Splits a language file; the sections keep the line where they start, for problems found later.
pub fn split(
    src: &str,
    file: &str,
    module_audiences: &[Audience],
) -> (LangDoc, Vec<(Part, usize, String)>, Vec<Problem>) {
    let mut problems = Vec::new();
    let mut doc = LangDoc::default();
    let mut located = Vec::new();
    let mut part: Option<Part> = None;
    let mut seen: Vec<Part> = Vec::new();
    let mut audiences: Option<Vec<Audience>> = None;
    let mut buf = String::new();
    let mut buf_line = 1;

    let flush = |part: Option<Part>,
                 audiences: &Option<Vec<Audience>>,
                 buf: &mut String,
                 line: usize,
                 doc: &mut LangDoc,
                 located: &mut Vec<(Part, usize, String)>| {
        if let Some(p) = part
            && !buf.trim().is_empty()
        {
            {
                let section = Section { audiences: audiences.clone(), markdown: buf.trim_end().to_owned() };
                located.push((p, line, section.markdown.clone()));
                match p {
                    Part::Lesson => doc.lesson.push(section),
                    Part::Guide => doc.guide.push(section),
                    Part::Handout => doc.handout.push(section),
                    Part::Poster => doc.poster.push(section),
                }
            }
        }
        buf.clear();
    };

    for (i, line) in src.lines().enumerate() {
        let n = i + 1;
        if let Some((key, value)) = marker(line) {
            match key {
                "part" => {
                    flush(part, &audiences, &mut buf, buf_line, &mut doc, &mut located);
                    match Part::parse(value) {
                        Some(p) => {
                            if seen.contains(&p)
                                || seen.last().is_some_and(|last| {
                                    Part::ALL.iter().position(|x| x == last) > Part::ALL.iter().position(|x| *x == p)
                                })
                            {
                                problems.push(Problem::new(file, n, "md-part-order").arg("part", value));
                            }
                            seen.push(p);
                            part = Some(p);
                        }
                        None => problems.push(Problem::new(file, n, "md-unknown-marker").arg("text", line.trim())),
                    }
                    audiences = None;
                    buf_line = n + 1;
                    continue;
                }
                "for" => {
                    flush(part, &audiences, &mut buf, buf_line, &mut doc, &mut located);
                    if value == "all" {
                        audiences = None;
                    } else {
                        let mut list = Vec::new();
                        for code in value.split_whitespace() {
                            match Audience::parse(code) {
                                Ok(a) if module_audiences.contains(&a) => list.push(a),
                                Ok(_) => {
                                    problems.push(Problem::new(file, n, "audience-not-in-module").arg("value", code))
                                }
                                Err(_) => problems.push(Problem::new(file, n, "unknown-audience").arg("value", code)),
                            }
                        }
                        audiences = Some(list);
                    }
                    buf_line = n + 1;
                    continue;
                }
                _ => {
                    problems.push(Problem::new(file, n, "md-unknown-marker").arg("text", line.trim()));
                    continue;
                }
            }
        }
        if part.is_none() && !line.trim().is_empty() {
            problems.push(Problem::new(file, n, "md-missing-part").arg("part", "lesson"));
            part = Some(Part::Lesson);
            seen.push(Part::Lesson);
        }
        if buf.is_empty() {
            buf_line = n;
        }
        buf.push_str(line);
        buf.push('\n');
    }
    flush(part, &audiences, &mut buf, buf_line, &mut doc, &mut located);
    for p in Part::ALL {
        if !seen.contains(&p) {
            if Part::REQUIRED.contains(&p) {
                problems.push(Problem::new(file, 0, "md-missing-part").arg("part", p.code()));
            }
        } else if doc.part(p).is_empty() {
            problems.push(Problem::new(file, 0, "md-empty-part").arg("part", p.code()));
        }
    }
    (doc, located, problems)
}

/// What a link or image in the Markdown points to, for the checks that need the whole tree.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Target {
    Module(String),
    File(String),
}

/// Finds raw HTML, bad links and unknown placeholders in one section starting at `first_line` of `file`.
pub fn check(md: &str, file: &str, first_line: usize) -> (Vec<Problem>, Vec<(usize, Target)>) {
    let mut problems = Vec::new();
    let mut targets = Vec::new();
    let line_at = |offset: usize| first_line + line_of(md, offset) - 1;
    let mut rest = md;
    let mut base = 0;
    while let Some(start) = rest.find("{{") {
        let Some(len) = rest[start..].find("}}") else {
            problems.push(Problem::new(file, line_at(base + start), "md-unknown-placeholder").arg("key", "{{"));
            break;
        };
        let inner = rest[start + 2..start + len].trim();
        if placeholder(inner).is_none() {
            problems.push(Problem::new(file, line_at(base + start), "md-unknown-placeholder").arg("key", inner));
        }
        base += start + len + 2;
        rest = &rest[start + len + 2..];
    }
    for (event, range) in Parser::new_ext(md, options()).into_offset_iter() {
        match event {
            Event::Html(h) | Event::InlineHtml(h) => {
                problems.push(
                    Problem::new(file, line_at(range.start), "md-raw-html")
                        .arg("html", h.trim().chars().take(60).collect::<String>()),
                );
            }
            Event::Start(Tag::Link { dest_url, .. }) => {
                let url = dest_url.as_ref();
                if let Some(id) = url.strip_prefix("module:") {
                    targets.push((line_at(range.start), Target::Module(id.to_owned())));
                } else if !(url.starts_with("https://") || url.starts_with("http://")) {
                    problems.push(Problem::new(file, line_at(range.start), "md-broken-link").arg("target", url));
                }
            }
            Event::Start(Tag::Image { dest_url, .. }) => {
                let url = dest_url.as_ref();
                if url.contains("://") || url.contains("..") || url.starts_with('/') {
                    problems.push(Problem::new(file, line_at(range.start), "md-broken-link").arg("target", url));
                } else {
                    targets.push((line_at(range.start), Target::File(url.to_owned())));
                }
            }
            _ => {}
        }
    }
    (problems, targets)
}

/// Renders sections for an audience (`None`: every section) to sanitised HTML. `contact` gives the text for a
/// placeholder, from its kind and key (`"contact"`, `"child_helpline"`); `module_url` the address of another
/// module.
pub fn render(
    sections: &[Section],
    audience: Option<Audience>,
    contact: &dyn Fn(&str, &str) -> String,
    module_url: &dyn Fn(&str) -> String,
) -> String {
    let mut md = String::new();
    for s in sections.iter().filter(|s| s.shown_to(audience)) {
        md.push_str(&s.markdown);
        md.push_str("\n\n");
    }
    render_markdown(&md, contact, module_url)
}

pub fn render_markdown(
    md: &str,
    contact: &dyn Fn(&str, &str) -> String,
    module_url: &dyn Fn(&str) -> String,
) -> String {
    let filled = fill_placeholders(md, contact);
    let events = Parser::new_ext(&filled, options()).map(|e| match e {
        Event::Start(Tag::Link { link_type, dest_url, title, id }) => {
            let dest = match dest_url.strip_prefix("module:") {
                Some(m) => CowStr::from(module_url(m)),
                None => dest_url,
            };
            Event::Start(Tag::Link { link_type, dest_url: dest, title, id })
        }
        // Raw HTML never reaches the page, even if a checked tree somehow had it.
        Event::Html(h) | Event::InlineHtml(h) => Event::Text(h),
        other => other,
    });
    let mut html = String::new();
    pulldown_cmark::html::push_html(&mut html, events);
    ammonia::Builder::default().link_rel(Some("noopener noreferrer")).clean(&html).to_string()
}

fn fill_placeholders(md: &str, contact: &dyn Fn(&str, &str) -> String) -> String {
    let mut out = String::with_capacity(md.len());
    let mut rest = md;
    while let Some(start) = rest.find("{{") {
        out.push_str(&rest[..start]);
        match rest[start..].find("}}") {
            Some(len) => {
                let inner = rest[start + 2..start + len].trim();
                match placeholder(inner) {
                    Some((kind, key)) => out.push_str(&escape_md(&contact(kind, key))),
                    None => out.push_str(&rest[start..start + len + 2]),
                }
                rest = &rest[start + len + 2..];
            }
            None => {
                out.push_str(&rest[start..]);
                rest = "";
            }
        }
    }
    out.push_str(rest);
    out
}

/// Keeps configured contact text literal inside Markdown.
fn escape_md(s: &str) -> String {
    let mut o = String::with_capacity(s.len());
    for c in s.chars() {
        if matches!(c, '\\' | '*' | '_' | '[' | ']' | '<' | '>' | '`' | '#' | '!' | '|') {
            o.push('\\');
        }
        o.push(c);
    }
    o
}

#[cfg(test)]
mod tests {
    use super::*;

    const DOC: &str = "<!-- part: lesson -->\n# Hello\nall\n<!-- for: 8-11 -->\nsmall\n<!-- for: all -->\nend\n<!-- part: guide -->\nguide\n<!-- part: handout -->\nhandout\n";

    #[test]
    fn splits_parts_and_variants() {
        let (doc, _, problems) = split(DOC, "x/fr.md", &[Audience::Age8To11, Audience::Age12To14]);
        assert!(problems.is_empty(), "{problems:?}");
        assert_eq!(doc.lesson.len(), 3);
        assert_eq!(doc.lesson[1].audiences, Some(vec![Audience::Age8To11]));
        let none = |_: &str, _: &str| String::new();
        let url = |_: &str| String::new();
        let html = render(&doc.lesson, Some(Audience::Age12To14), &none, &url);
        assert!(html.contains("all") && html.contains("end") && !html.contains("small"), "{html}");
        let html = render(&doc.lesson, Some(Audience::Age8To11), &none, &url);
        assert!(html.contains("small"));
    }

    #[test]
    fn finds_missing_parts_order_and_unknown_audiences() {
        let (_, _, p) = split(
            "<!-- part: guide -->\ng\n<!-- part: lesson -->\nl\n<!-- for: 15-17 -->\nx\n",
            "m/en.md",
            &[Audience::Age8To11],
        );
        let codes: Vec<_> = p.iter().map(|p| (p.code, p.line)).collect();
        assert!(codes.contains(&("md-part-order", 3)), "{codes:?}");
        assert!(codes.contains(&("audience-not-in-module", 5)), "{codes:?}");
        assert!(codes.contains(&("md-missing-part", 0)), "{codes:?}");
    }

    #[test]
    fn checks_html_links_and_placeholders() {
        let md = "ok\n<script>x</script>\n[a](javascript:alert(1)) [b](module:phishing) {{contact:child_helpline}} {{phone}}\n{{law:fraud}} {{contact:emergency}} {{law:article_42}}\n";
        let (p, targets) = check(md, "m/fr.md", 10);
        let codes: Vec<_> = p.iter().map(|p| (p.code, p.line)).collect();
        let unknown: Vec<_> = p.iter().filter(|p| p.code == "md-unknown-placeholder").map(|p| p.args.clone()).collect();
        assert_eq!(
            unknown,
            vec![vec![("key", "phone".to_owned())], vec![("key", "law:article_42".to_owned())]],
            "contact and law keys from the lists pass, others are named"
        );
        assert!(codes.contains(&("md-raw-html", 11)), "{codes:?}");
        assert!(codes.contains(&("md-broken-link", 12)), "{codes:?}");
        assert!(codes.contains(&("md-unknown-placeholder", 12)), "{codes:?}");
        assert_eq!(targets, vec![(12, Target::Module("phishing".into()))]);
    }

    #[test]
    fn renders_safely_with_contacts() {
        let contact = |kind: &str, k: &str| match (kind, k) {
            ("contact", "child_helpline") => "Call <b>2525</b>".to_owned(),
            ("law", "fraud") => "Penal code, art. 0".to_owned(),
            _ => String::new(),
        };
        let url = |m: &str| format!("/curriculum/{m}");
        let html = render_markdown(
            "Help: {{contact:child_helpline}} see [x](module:phishing) <img src=x onerror=alert(1)> ({{ law:fraud }})",
            &contact,
            &url,
        );
        assert!(html.contains("Call &lt;b&gt;2525&lt;/b&gt;"), "{html}");
        assert!(html.contains("(Penal code, art. 0)"), "{html}");
        assert!(html.contains("href=\"/curriculum/phishing\""), "{html}");
        assert!(!html.contains("<img"), "{html}");
    }
}
