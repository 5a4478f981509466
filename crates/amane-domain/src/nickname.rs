//! Children's nicknames and participant codes: the only names a child has in amane. Neither may identify the
//! child.

use crate::error::FieldCode;
use std::fmt;

/// A nickname that passed the checks: 2 to 24 characters, no e-mail address, no phone number, and not shaped
/// like a first and last name.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Nickname(String);

impl Nickname {
    /// Checks a nickname as typed, normalised first (see [`normalise`]), and keeps the normalised form, so that
    /// look-alike spellings of a name are one name.
    pub fn parse(raw: &str) -> Result<Nickname, FieldCode> {
        if has_format_chars(raw) {
            return Err(FieldCode::TextControlChars);
        }
        let n = collapse_spaces(&normalise(raw));
        let chars = n.chars().count();
        if chars == 0 {
            return Err(FieldCode::Required);
        }
        if chars < 2 {
            return Err(FieldCode::NicknameTooShort);
        }
        if chars > 24 {
            return Err(FieldCode::NicknameTooLong);
        }
        if n.chars().any(char::is_control) {
            return Err(FieldCode::TextControlChars);
        }
        let digits = n.chars().filter(char::is_ascii_digit).count();
        if n.contains('@') || digits >= 6 || spells_an_address(&n) {
            return Err(FieldCode::NicknameContact);
        }
        let words: Vec<&str> = n.split(' ').collect();
        if words.len() >= 2
            && words.iter().all(|w| w.chars().next().is_some_and(char::is_uppercase) && w.chars().count() >= 2)
        {
            return Err(FieldCode::NicknameFullName);
        }
        Ok(Nickname(n))
    }

    /// A team's name (a class or a table sharing a device): the same rules, except that two capitalised words
    /// ("Les Aigles") are a team's name, not a child's first and last name.
    pub fn parse_team(raw: &str) -> Result<Nickname, FieldCode> {
        match Nickname::parse(raw) {
            Err(FieldCode::NicknameFullName) => Ok(Nickname(collapse_spaces(raw))),
            other => other,
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for Nickname {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// The pseudonymous code a facilitator gives a child on paper tests, so that the child's pre-test and post-test
/// can be paired. Up to 64 characters; never an e-mail address or a phone number.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct ParticipantCode(String);

impl ParticipantCode {
    pub const MAX_CHARS: usize = 64;

    pub fn parse(raw: &str) -> Result<ParticipantCode, FieldCode> {
        if has_format_chars(raw) {
            return Err(FieldCode::TextControlChars);
        }
        // Kept as typed (a code on a paper sheet must match itself), checked in its normalised form.
        let s = raw.trim();
        let normalised = normalise(s);
        if s.is_empty() {
            return Err(FieldCode::Required);
        }
        if s.chars().count() > Self::MAX_CHARS {
            return Err(FieldCode::TooLong);
        }
        if s.chars().any(char::is_control) {
            return Err(FieldCode::TextControlChars);
        }
        if normalised.contains('@') || has_phone_number(&normalised) || spells_an_address(&normalised) {
            return Err(FieldCode::ParticipantContact);
        }
        Ok(ParticipantCode(s.to_owned()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for ParticipantCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// Whether the text holds nine digits or more in a run that only spaces, dots, dashes, slashes or brackets
/// break: a Moroccan number has ten ("06 12 34 56 78"), nine after +212. Codes such as "6B-017" or
/// "FES001-12" stay well short of it, unlike the nickname rule (six digits anywhere), too strict for codes.
fn has_phone_number(s: &str) -> bool {
    let mut run = 0;
    for c in s.chars() {
        if c.is_ascii_digit() {
            run += 1;
            if run >= 9 {
                return true;
            }
        } else if !matches!(c, ' ' | '.' | '-' | '/' | '(' | ')') {
            run = 0;
        }
    }
    false
}

/// The form a name is checked and kept in: Unicode NFKC (a full-width `＠` or `Ｆ` becomes `@` or `F`, a ligature
/// its letters), then every decimal digit written in Arabic-Indic or Persian figures as its ASCII digit, so a
/// phone number cannot hide in another script's digits.
pub fn normalise(raw: &str) -> String {
    use unicode_normalization::UnicodeNormalization;
    raw.nfkc()
        .map(|c| match c {
            '\u{660}'..='\u{669}' => char::from_u32('0' as u32 + (c as u32 - 0x660)).unwrap_or(c),
            '\u{6F0}'..='\u{6F9}' => char::from_u32('0' as u32 + (c as u32 - 0x6F0)).unwrap_or(c),
            _ => c,
        })
        .collect()
}

/// Invisible formatting characters: zero-width spaces and joiners, direction marks, embeddings and isolates, the
/// soft hyphen, the byte-order mark. A name holding one can look exactly like another player's name, or reorder
/// what is shown around it; no nickname needs one.
fn has_format_chars(s: &str) -> bool {
    s.chars().any(|c| {
        matches!(c, '\u{AD}' | '\u{61C}' | '\u{180E}' | '\u{200B}'..='\u{200F}' | '\u{202A}'..='\u{202E}'
            | '\u{2060}'..='\u{2064}' | '\u{2066}'..='\u{206F}' | '\u{FEFF}' | '\u{FFF9}'..='\u{FFFB}')
    })
}

/// An e-mail address spelt out ("ali at gmail dot com", "ali(at)mail", a webmail's name).
fn spells_an_address(s: &str) -> bool {
    let folded = crate::establishment::fold(s);
    let words: Vec<&str> = folded.split(|c: char| !c.is_alphanumeric()).filter(|w| !w.is_empty()).collect();
    let has = |w: &str| words.contains(&w);
    const WEBMAILS: [&str; 5] = ["gmail", "hotmail", "yahoo", "outlook", "icloud"];
    (has("at") && (has("dot") || has("point")))
        || has("arobase")
        || WEBMAILS.iter().any(|m| has(m))
        || folded.contains("(at)")
        || folded.contains("[at]")
}

/// Spaces trimmed and runs of them made one.
fn collapse_spaces(raw: &str) -> String {
    raw.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Blocked words in French, Arabic (script and Latin "Arabizi") and English; the file explains the rules.
const BLOCKED_WORDS: &str = include_str!("blocked_words.txt");

fn blocked_entries() -> &'static [(bool, String)] {
    static ENTRIES: std::sync::OnceLock<Vec<(bool, String)>> = std::sync::OnceLock::new();
    ENTRIES.get_or_init(|| {
        BLOCKED_WORDS
            .lines()
            .map(str::trim)
            .filter(|l| !l.is_empty() && !l.starts_with('#'))
            .map(|l| match l.strip_prefix('*') {
                Some(stem) => (true, crate::establishment::fold(stem)),
                None => (false, crate::establishment::fold(l)),
            })
            .collect()
    })
}

fn leet(c: char) -> char {
    match c {
        '0' => 'o',
        '1' => 'i',
        '3' => 'e',
        '4' => 'a',
        '5' => 's',
        '7' => 't',
        '@' => 'a',
        '$' => 's',
        other => other,
    }
}

/// Whether a nickname contains a blocked word: as a whole word, or anywhere for the long stems marked `*`.
/// Checked on the folded nickname with leetspeak undone, and on the folded nickname as typed (for Arabizi).
pub fn is_blocked(nickname: &str) -> bool {
    let folded = crate::establishment::fold(nickname);
    let forms = [folded.chars().map(leet).collect::<String>(), folded];
    forms.iter().any(|form| {
        let words: Vec<&str> = form.split(|c: char| !c.is_alphanumeric()).filter(|w| !w.is_empty()).collect();
        let joined: String = words.concat();
        blocked_entries()
            .iter()
            .any(|(inside, e)| if *inside { joined.contains(e.as_str()) } else { words.contains(&e.as_str()) })
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn team_names_may_look_like_two_names_but_not_like_contacts() {
        assert_eq!(Nickname::parse("Les Aigles"), Err(FieldCode::NicknameFullName));
        assert_eq!(Nickname::parse_team("  Les   Aigles ").map(|n| n.to_string()), Ok("Les Aigles".into()));
        assert_eq!(Nickname::parse_team("table@ecole.ma"), Err(FieldCode::NicknameContact));
    }

    #[test]
    fn blocked_words_are_refused_and_innocent_names_are_not() {
        for bad in ["Gros Con", "SuperConnard", "P0rn0", "b1tch", "Sexto", "ولد القحبة", "Hitler88", "sh1t-head"]
        {
            assert!(is_blocked(bad), "{bad}");
        }
        for ok in [
            "Faucon",
            "Condor",
            "Étoile",
            "Comète",
            "Lynx",
            "Class7",
            "Bassma",
            "Assia",
            "Passion",
            "Scunthorpe",
            "Cocorico",
            "Shiitake",
            "Pénélope",
            "Matisse",
            "Dragon Bleu",
            "يوسف",
            "نجمة",
            "صقر",
            "Koko",
            "Titi",
            "Hassan",
            "Basket",
            "Analyse",
            "Salopette",
            "Grapefruit",
            "Peacock",
        ] {
            assert!(!is_blocked(ok), "{ok}");
        }
    }

    #[test]
    fn participant_codes_are_pseudonyms_not_contacts() {
        for ok in ["P01", " 6B-017 ", "FES001-6B-014", "élève 12", "ت-٠٣"] {
            assert_eq!(ParticipantCode::parse(ok).map(|c| c.to_string()), Ok(ok.trim().to_owned()), "{ok}");
        }
        for contact in ["ali@mail.ma", "0612345678", "06 12 34 56 78", "+212 6-12-34-56-78", "(06).12.34.56.78"] {
            assert_eq!(ParticipantCode::parse(contact), Err(FieldCode::ParticipantContact), "{contact}");
        }
        assert_eq!(ParticipantCode::parse("  "), Err(FieldCode::Required));
        assert_eq!(ParticipantCode::parse(&"x".repeat(65)), Err(FieldCode::TooLong));
        assert!(ParticipantCode::parse(&"x".repeat(64)).is_ok());
        assert_eq!(ParticipantCode::parse("P\u{0}1"), Err(FieldCode::TextControlChars));
    }

    #[test]
    fn nicknames_must_not_identify_a_child() {
        assert_eq!(Nickname::parse("  Faucon  ").map(|n| n.to_string()), Ok("Faucon".into()));
        assert!(Nickname::parse("étoile filante").is_ok());
        assert!(Nickname::parse("يوسف").is_ok());
        assert!(Nickname::parse("Super Faucon 7").is_ok(), "a digit word is not a surname");
        assert_eq!(Nickname::parse("yasmine@mail.ma"), Err(FieldCode::NicknameContact));
        assert_eq!(Nickname::parse("06 12 34 56 78"), Err(FieldCode::NicknameContact));
        assert_eq!(Nickname::parse("Yasmine Benali"), Err(FieldCode::NicknameFullName));
        // What a probe got through before: look-alike and spelt-out contacts, other scripts' digits, invisible
        // characters.
        assert_eq!(Nickname::parse("ali＠mail"), Err(FieldCode::NicknameContact), "full-width @");
        assert_eq!(Nickname::parse("ali at gmail dot com"), Err(FieldCode::NicknameContact));
        assert_eq!(Nickname::parse("ali(at)mail"), Err(FieldCode::NicknameContact));
        assert_eq!(Nickname::parse("سارة ٠٦١٢٣٤٥٦٧٨"), Err(FieldCode::NicknameContact), "Arabic-Indic digits");
        assert_eq!(Nickname::parse("ali ۰۶۱۲۳۴۵۶۷۸"), Err(FieldCode::NicknameContact), "Persian digits");
        assert_eq!(Nickname::parse("ali ０６１２３４５６７８"), Err(FieldCode::NicknameContact), "full-width digits");
        assert_eq!(
            Nickname::parse("Ｙａｓｍｉｎｅ Ｂｅｎａｌｉ"),
            Err(FieldCode::NicknameFullName),
            "full-width letters"
        );
        for hidden in ["Fau\u{200B}con", "Faucon\u{200D}", "\u{202E}nocuaF", "Fau\u{2066}con\u{2069}", "\u{FEFF}Faucon"]
        {
            assert_eq!(Nickname::parse(hidden), Err(FieldCode::TextControlChars), "{hidden:?}");
        }
        assert_eq!(Nickname::parse("Ｆａｕｃｏｎ").map(|n| n.to_string()), Ok("Faucon".into()), "kept normalised");
        assert!(Nickname::parse("Lynx ٣").is_ok(), "one Arabic-Indic digit is no phone number");
        assert_eq!(ParticipantCode::parse("٠٦١٢٣٤٥٦٧٨"), Err(FieldCode::ParticipantContact));
        assert_eq!(Nickname::parse("x"), Err(FieldCode::NicknameTooShort));
        assert_eq!(Nickname::parse(""), Err(FieldCode::Required));
        assert_eq!(Nickname::parse(&"a".repeat(25)), Err(FieldCode::NicknameTooLong));
    }
}
