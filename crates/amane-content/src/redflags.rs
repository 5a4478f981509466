//! "Spot the red flags" messages: text in which `[[id|words]]` marks a suspicious part and `[[-|words]]` a
//! harmless part that can also be tapped.

use serde::Serialize;

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Segment {
    Text { text: String },
    Flag { id: String, text: String },
    Neutral { index: usize, text: String },
}

/// Splits a message into segments; `Err` says what is malformed.
pub fn parse(message: &str) -> Result<Vec<Segment>, String> {
    let mut out = Vec::new();
    let mut rest = message;
    let mut neutral = 0;
    while let Some(start) = rest.find("[[") {
        if start > 0 {
            out.push(Segment::Text { text: rest[..start].to_owned() });
        }
        let after = &rest[start + 2..];
        let end = after.find("]]").ok_or_else(|| "a [[ is not closed by ]]".to_owned())?;
        let inner = &after[..end];
        if inner.contains("[[") {
            return Err("a [[ opens inside another".into());
        }
        let (id, text) = inner.split_once('|').ok_or_else(|| format!("[[{inner}]] lacks the | between id and text"))?;
        let id = id.trim();
        if text.trim().is_empty() {
            return Err(format!("[[{inner}]] has no text"));
        }
        if id == "-" {
            out.push(Segment::Neutral { index: neutral, text: text.to_owned() });
            neutral += 1;
        } else if !id.is_empty()
            && id.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-' || c == '_')
        {
            out.push(Segment::Flag { id: id.to_owned(), text: text.to_owned() });
        } else {
            return Err(format!("[[{inner}]]: the id must be lowercase letters, digits and hyphens, or -"));
        }
        rest = &after[end + 2..];
    }
    if rest.contains("]]") {
        return Err("a ]] closes nothing".into());
    }
    if !rest.is_empty() {
        out.push(Segment::Text { text: rest.to_owned() });
    }
    Ok(out)
}

/// The message as plain text, markers removed (for exports and screen readers).
pub fn plain(message: &str) -> String {
    match parse(message) {
        Ok(segs) => segs
            .into_iter()
            .map(|s| match s {
                Segment::Text { text } | Segment::Flag { text, .. } | Segment::Neutral { text, .. } => text,
            })
            .collect(),
        Err(_) => message.to_owned(),
    }
}

/// Points for a selection: one per red flag found, minus one per harmless part tapped, never below zero.
pub fn score(flags_found: usize, neutral_selected: usize) -> usize {
    flags_found.saturating_sub(neutral_selected)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn segments() {
        let s = parse("Hi [[link|bit.ly/x]] from [[-|the team]].").expect("parses");
        assert_eq!(
            s,
            vec![
                Segment::Text { text: "Hi ".into() },
                Segment::Flag { id: "link".into(), text: "bit.ly/x".into() },
                Segment::Text { text: " from ".into() },
                Segment::Neutral { index: 0, text: "the team".into() },
                Segment::Text { text: ".".into() },
            ]
        );
        assert_eq!(plain("Hi [[link|bit.ly/x]] from [[-|the team]]."), "Hi bit.ly/x from the team.");
    }

    #[test]
    fn malformed() {
        for bad in ["[[link|x", "[[link x]]", "[[Link|x]]", "x ]] y", "[[a|[[b|c]]]]", "[[a| ]]"] {
            assert!(parse(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn scoring_never_negative() {
        assert_eq!(score(3, 0), 3);
        assert_eq!(score(3, 1), 2);
        assert_eq!(score(1, 4), 0);
    }
}
