//! Certificates of attendance: what kind a certificate is, and the code printed on it that anyone can type
//! (or scan) to check that it is genuine.

use std::fmt;

/// Who a certificate was issued to. A child's certificate names a nickname, a class's certificate its label, a
/// staff member's their name; the verification page shows the kind and never the name.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum CertificateKind {
    /// One of the children of a class roster checked in at the door.
    Child,
    /// A class that came (attendance above zero), whether it had a roster or not.
    Class,
    /// A member of a school's staff who came.
    Staff,
}

impl CertificateKind {
    pub const ALL: [CertificateKind; 3] = [CertificateKind::Child, CertificateKind::Class, CertificateKind::Staff];

    /// The stored form, also the suffix of its translation keys.
    pub fn code(self) -> &'static str {
        match self {
            CertificateKind::Child => "child",
            CertificateKind::Class => "class",
            CertificateKind::Staff => "staff",
        }
    }

    pub fn parse(s: &str) -> Option<CertificateKind> {
        CertificateKind::ALL.into_iter().find(|k| k.code() == s)
    }
}

/// The characters a code is made of: digits and capitals without those read as one another on paper or typed
/// from a phone (0 and O, 1, I and L). 31 of them, so ten make about 8·10¹⁴ codes.
pub const CODE_ALPHABET: &[u8; 31] = b"23456789ABCDEFGHJKMNPQRSTUVWXYZ";

/// `len` characters of the alphabet, each drawn by `pick(n)` (a uniformly random index below `n`).
pub(crate) fn draw_code(pick: &mut impl FnMut(usize) -> usize, len: usize) -> String {
    (0..len).map(|_| char::from(CODE_ALPHABET[pick(CODE_ALPHABET.len()) % CODE_ALPHABET.len()])).collect()
}

/// A code of `len` characters of the alphabet as a person may type it: any case, with spaces and dashes anywhere.
pub(crate) fn read_code(raw: &str, len: usize) -> Option<String> {
    let mut code = String::with_capacity(len);
    for c in raw.chars() {
        if c == '-' || c.is_whitespace() {
            continue;
        }
        let c = c.to_ascii_uppercase();
        if !c.is_ascii() || !CODE_ALPHABET.contains(&(c as u8)) || code.len() == len {
            return None;
        }
        code.push(c);
    }
    (code.len() == len).then_some(code)
}

/// How many characters a code has (the dash of the printed form aside).
pub const CODE_LEN: usize = 10;

/// A certificate's code, kept as its ten characters; shown as `XXXXX-XXXXX`.
///
/// The code is the only key to a certificate: it is random rather than derived from anything, so that knowing
/// one certificate tells nothing about another and codes cannot be walked through in order.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct CertificateCode(String);

impl CertificateCode {
    /// A new code; `pick(n)` must return a uniformly random index below `n` (the caller brings the random
    /// generator, so this crate stays free of one).
    pub fn generate(mut pick: impl FnMut(usize) -> usize) -> CertificateCode {
        CertificateCode(draw_code(&mut pick, CODE_LEN))
    }

    /// Reads a code as a person may type it: any case, with spaces and dashes anywhere. `None` when it cannot be
    /// a code (wrong length, a character outside the alphabet).
    pub fn parse(raw: &str) -> Option<CertificateCode> {
        read_code(raw, CODE_LEN).map(CertificateCode)
    }

    /// The ten characters without the dash: the stored form, and the one in addresses.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// The printed form, `XXXXX-XXXXX`.
impl fmt::Display for CertificateCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (a, b) = self.0.split_at(CODE_LEN / 2);
        write!(f, "{a}-{b}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_alphabet_has_no_look_alikes_and_no_repeats() {
        for c in b"01OIL" {
            assert!(!CODE_ALPHABET.contains(c), "{}", char::from(*c));
        }
        let mut sorted = CODE_ALPHABET.to_vec();
        sorted.sort_unstable();
        sorted.dedup();
        assert_eq!(sorted.len(), CODE_ALPHABET.len());
    }

    #[test]
    fn a_code_prints_grouped_and_reads_back_however_it_is_typed() {
        let mut i = 0;
        let code = CertificateCode::generate(|n| {
            i += 7;
            i % n
        });
        assert_eq!(code.as_str().len(), CODE_LEN);
        let shown = code.to_string();
        assert_eq!(shown.len(), CODE_LEN + 1);
        assert_eq!(shown.as_bytes()[5], b'-');
        for typed in [shown.clone(), shown.to_lowercase(), shown.replace('-', " "), format!("  {}  ", code.as_str())] {
            assert_eq!(CertificateCode::parse(&typed), Some(code.clone()), "{typed:?}");
        }
        assert_eq!(CertificateCode::parse("abcde fghjk").map(|c| c.to_string()), Some("ABCDE-FGHJK".into()));
    }

    #[test]
    fn what_cannot_be_a_code_is_refused() {
        for bad in [
            "",
            "ABCDE",
            "ABCDE-FGHJK2",
            "ABCDE-FGHJ0",
            "ABCDE-FGHJO",
            "ABCDE-FGHJI",
            "ABCDE-FGHJL",
            "ABCDÉ-FGHJK",
            "ABCDE/FGHJK",
            "../../etc",
        ] {
            assert_eq!(CertificateCode::parse(bad), None, "{bad:?}");
        }
    }

    #[test]
    fn every_character_can_be_drawn() {
        let mut next = 0;
        let mut seen = std::collections::BTreeSet::new();
        for _ in 0..CODE_ALPHABET.len() {
            let code = CertificateCode::generate(|n| {
                next += 1;
                next % n
            });
            seen.extend(code.as_str().chars());
        }
        assert_eq!(seen.len(), CODE_ALPHABET.len());
    }

    #[test]
    fn kinds_read_back_from_their_code() {
        for k in CertificateKind::ALL {
            assert_eq!(CertificateKind::parse(k.code()), Some(k));
        }
        assert_eq!(CertificateKind::parse("parent"), None);
    }
}
