//! The stylesheet's sections own their class names: a class styled by two components (`.bar` for the header
//! and for a chart) hid the site header on every page once. `app.css` is split by `== name: prefixes ==`
//! comment lines; each class a section styles must be one of its prefixes or start with `prefix-`, and belong to
//! that section only. The `print` section may only restyle classes that other sections own.

use std::collections::BTreeMap;

/// A problem found in the stylesheet, as a sentence naming the class and the sections.
pub fn check(css: &str) -> Vec<String> {
    let mut problems = Vec::new();
    let mut owner: BTreeMap<String, String> = BTreeMap::new();
    let mut in_print: Vec<String> = Vec::new();
    let mut declared: Vec<String> = Vec::new();
    for (name, prefixes, body) in sections(css) {
        declared.extend(prefixes.iter().cloned());
        for class in subject_classes(&body) {
            if name == "print" {
                in_print.push(class);
                continue;
            }
            let fits = prefixes.iter().any(|p| class == *p || class.starts_with(&format!("{p}-")));
            if !fits {
                problems.push(format!("section {name} styles .{class}, which does not start with one of {prefixes:?}"));
            }
            match owner.get(&class) {
                Some(other) if *other != name => {
                    problems.push(format!(".{class} is styled by two sections: {other} and {name}"));
                }
                _ => {
                    owner.insert(class, name.clone());
                }
            }
        }
    }
    for class in in_print {
        if !owner.contains_key(&class) && !declared.contains(&class) {
            problems.push(format!("the print section styles .{class}, which no component owns"));
        }
    }
    problems
}

/// `(name, prefixes, text)` of each section, comments removed from the text.
fn sections(css: &str) -> Vec<(String, Vec<String>, String)> {
    let mut out: Vec<(String, Vec<String>, String)> = Vec::new();
    let mut rest = css;
    let mut current: Option<(String, Vec<String>, String)> = None;
    while let Some(start) = rest.find("/*") {
        let before = &rest[..start];
        if let Some(c) = current.as_mut() {
            c.2.push_str(before);
        }
        let Some(len) = rest[start..].find("*/") else { break };
        let comment = rest[start + 2..start + len].trim();
        if let Some(header) = comment.strip_prefix("==").and_then(|h| h.strip_suffix("==")) {
            if let Some(done) = current.take() {
                out.push(done);
            }
            let (name, prefixes) = header.split_once(':').unwrap_or((header, ""));
            current =
                Some((name.trim().to_owned(), prefixes.split_whitespace().map(str::to_owned).collect(), String::new()));
        }
        rest = &rest[start + len + 2..];
    }
    if let Some(mut c) = current.take() {
        c.2.push_str(rest);
        out.push(c);
    }
    // Whatever follows "@media print" is the print section, wherever it appears.
    let mut split = Vec::new();
    for (name, prefixes, body) in out {
        match body.find("@media print") {
            Some(at) => {
                split.push((name, prefixes, body[..at].to_owned()));
                split.push(("print".to_owned(), Vec::new(), body[at..].to_owned()));
            }
            None => split.push((name, prefixes, body)),
        }
    }
    split
}

/// The classes of the element each selector styles (its last compound), in every rule of `css`.
fn subject_classes(css: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut selector = String::new();
    for ch in css.chars() {
        match ch {
            '{' => {
                let sel = selector.trim();
                if !sel.starts_with('@') {
                    for one in sel.split(',') {
                        let last = one.rsplit([' ', '>', '+', '~']).find(|p| !p.trim().is_empty()).unwrap_or("");
                        out.extend(classes_in(last));
                    }
                }
                selector.clear();
            }
            '}' | ';' => selector.clear(),
            c => selector.push(c),
        }
    }
    out
}

fn classes_in(compound: &str) -> Vec<String> {
    // Attribute values may hold dots (`a[href^="http."]`): drop bracketed parts first.
    let mut plain = String::new();
    let mut depth = 0;
    for c in compound.chars() {
        match c {
            '[' => depth += 1,
            ']' => depth -= 1,
            _ if depth == 0 => plain.push(c),
            _ => {}
        }
    }
    plain
        .split('.')
        .skip(1)
        .map(|p| p.chars().take_while(|c| c.is_ascii_alphanumeric() || *c == '-' || *c == '_').collect::<String>())
        .filter(|c| !c.is_empty())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_stylesheet_gives_each_class_one_component() {
        let css = include_str!("../../../web/static/app.css");
        let problems = check(css);
        assert!(problems.is_empty(), "{problems:#?}");
        assert!(sections(css).len() > 10, "the stylesheet is split into sections");
    }

    #[test]
    fn a_class_styled_by_two_components_is_refused() {
        let css = "/* == site: site bar == */\n.bar { display: flex; }\n/* == quiz: quiz bar == */\n.quiz-x .bar { block-size: .6rem; }\n";
        let problems = check(css);
        assert!(problems.iter().any(|p| p.contains(".bar is styled by two sections: site and quiz")), "{problems:?}");
        let css = "/* == site: site == */\n.bar { display: flex; }\n";
        assert!(check(css).iter().any(|p| p.contains("does not start with")), "a class outside the section's prefixes");
        let css = "/* == site: site == */\n.site-bar { display: flex; }\n@media print { .site-bar, .other { display: none; } }\n";
        assert_eq!(check(css), vec!["the print section styles .other, which no component owns".to_owned()]);
    }
}
