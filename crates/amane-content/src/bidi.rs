//! Left-to-right runs that the Unicode bidirectional algorithm (UAX #9) displays out of order inside Arabic.
//!
//! An Arabic paragraph is laid out right to left. A run of Latin letters keeps its own order, but the
//! punctuation and symbols at its ends are neutral: between the run and Arabic text (or the edge of the
//! paragraph) they take the paragraph's direction (rules N1–N2) and move to the other side of the run, so
//! `P@ssw0rd!` shows as `!P@ssw0rd` and `.top` as `top.`. Digits that follow Arabic are Arabic numbers (W2) and
//! separators between them stay neutral unless they are a single `,` `.` `:` `/` (W4), so `+212 6 00 00 00 00`
//! shows as `00 00 00 00 6 212+`. What is inside a run is safe: `colis-ma.top/payer`, `ali@mail.ma`, `Xy7#`
//! and `Google Play` display as written.
//!
//! The check runs the algorithm itself (the `unicode-bidi` crate) on each displayed Arabic paragraph and flags
//! a *run* (what the reader takes as one left-to-right thing) any of whose characters is laid out right to
//! left. A run is a stretch of text without spaces, Arabic letters, brackets or quotation marks that holds a
//! Latin letter or a digit; digit groups separated by one space (`+212 6 00 00`, `2 500`) are one run. Its
//! edges are read as a reader would:
//!
//! - a sentence's own punctuation (`.` `,` `;` `:` `!` `?` `…` `،`) after the run is not part of it, unless the
//!   run fills a quotation (`«Football2025!»`), brackets, an emphasis, a code span or its whole paragraph (a
//!   choice, a sender); a red-flag part is a piece of the message's sentence (`[[-|BanqueNova:]]`);
//! - a hyphen, dash or slash glued to an Arabic word belongs to that word (`نفق-7`), but not after a tatweel,
//!   which glues a prefix to a foreign word (`بـ.top`);
//! - quotation marks and brackets around a run are mirrored on the right-to-left side, which is right as long
//!   as both go the same way: the algorithm pairs `(…)` `[…]` `{…}` (N0), but not `<…>` or `«…»`, so
//!   `Snapgram <alerte@x.top>` ending an Arabic paragraph shows as `<Snapgram <alerte@x.top` and is flagged;
//! - a number alone follows the conventions of Arabic: a range or a score (`8–11`, `3-2`) is read right to
//!   left like the sentence, and a percent sign goes after the number (`50%` shows as `%50`); only a sign or
//!   symbol before it (`+212`, `.2`) and groups separated by spaces are flagged.
//!
//! A LEFT-TO-RIGHT MARK (U+200E) right before and right after a run makes every character of it left to right;
//! [`marks`] says where to put them. Runs inside an isolate (U+2066–U+2068 … U+2069) are the author's choice.

use crate::texts::{LRM, PLACEHOLDER, Para};
use unicode_bidi::{BidiClass, BidiInfo, Level, ParagraphBidiInfo, bidi_class};

/// A run displayed out of order: character indices in its paragraph.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Unmarked {
    pub first: usize,
    pub last: usize,
    /// The run as written (logical order).
    pub text: String,
    /// The run as it appears on the screen, read left to right.
    pub shown: String,
}

const TATWEEL: char = '\u{0640}';

fn is_opening(c: char) -> bool {
    matches!(c, '(' | '[' | '{' | '«' | '‹' | '"' | '“' | '„' | '\'' | '‘' | '`' | '<')
}

fn is_closing(c: char) -> bool {
    matches!(c, ')' | ']' | '}' | '»' | '›' | '"' | '”' | '\'' | '’' | '`' | '>')
}

/// Punctuation that ends a clause or sentence, when it follows a run in running text.
fn is_sentence_mark(c: char) -> bool {
    matches!(c, '.' | ',' | ';' | ':' | '!' | '?' | '…' | '،' | '؛' | '؟')
}

/// What a hyphenated or slashed Arabic word may hold.
fn is_joiner(c: char) -> bool {
    matches!(c, '-' | '\u{2010}' | '\u{2011}' | '\u{2013}' | '\u{2014}' | '/')
}

fn is_percent(c: char) -> bool {
    matches!(c, '%' | '٪' | '‰' | '‱')
}

/// Explicit direction formatting: marks, embeddings, overrides, isolates.
fn is_format(c: char) -> bool {
    matches!(c, '\u{200E}' | '\u{200F}' | '\u{061C}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
}

fn is_arabic_letter(c: char) -> bool {
    matches!(bidi_class(c), BidiClass::AL | BidiClass::R) && c.is_alphabetic()
}

fn is_latin(c: char) -> bool {
    bidi_class(c) == BidiClass::L
}

fn is_digit(c: char) -> bool {
    bidi_class(c) == BidiClass::EN && c.is_numeric()
}

fn is_space(c: char) -> bool {
    matches!(bidi_class(c), BidiClass::WS | BidiClass::S | BidiClass::B)
}

/// What ends a run.
fn breaks(c: char) -> bool {
    is_space(c)
        || matches!(bidi_class(c), BidiClass::AL | BidiClass::R | BidiClass::AN)
        || c == PLACEHOLDER
        || is_format(c)
        || is_opening(c)
        || is_closing(c)
}

/// The runs of an Arabic paragraph that display out of order.
pub fn unmarked(p: &Para) -> Vec<Unmarked> {
    let chars: Vec<char> = p.chars.iter().map(|c| c.c).collect();
    if !chars.iter().any(|c| is_latin(*c) || is_digit(*c)) {
        return Vec::new();
    }
    let text: String = chars.iter().collect();
    let info = ParagraphBidiInfo::new(&text, Some(Level::rtl()));
    let levels: Vec<Level> = text.char_indices().map(|(i, _)| info.levels[i]).collect();
    // Isolate depth of each character.
    let mut depth = Vec::with_capacity(chars.len());
    let mut d = 0usize;
    for c in &chars {
        depth.push(d);
        match c {
            '\u{2066}'..='\u{2068}' => d += 1,
            '\u{2069}' => d = d.saturating_sub(1),
            _ => {}
        }
    }
    // A combining mark goes with the character it is on.
    let mut brk: Vec<bool> = Vec::with_capacity(chars.len());
    for (i, c) in chars.iter().enumerate() {
        let b = if bidi_class(*c) == BidiClass::NSM && i > 0 { brk[i - 1] } else { breaks(*c) };
        brk.push(b);
    }

    let mut out = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        if brk[i] {
            i += 1;
            continue;
        }
        let a = i;
        let mut b = i;
        loop {
            while b < chars.len() && !brk[b] && (b == a || !p.is_bound(b)) {
                b += 1;
            }
            // Digit groups separated by one space are one number.
            let joined = b + 1 < chars.len()
                && b > a
                && is_digit(chars[b - 1])
                && is_space(chars[b])
                && is_digit(chars[b + 1])
                && !p.is_bound(b)
                && !p.is_bound(b + 1);
            if joined {
                b += 1;
            } else {
                break;
            }
        }
        i = b;
        if let Some(u) = judge(p, &chars, &levels, &depth, a, b) {
            out.push(u);
        }
    }
    out
}

/// Whether the run `a..b` (as cut by [`unmarked`]) displays out of order.
fn judge(p: &Para, chars: &[char], levels: &[Level], depth: &[usize], a: usize, b: usize) -> Option<Unmarked> {
    let (mut a, mut b) = (a, b);
    if !chars[a..b].iter().any(|c| is_latin(*c) || is_digit(*c)) || depth[a..b].iter().any(|d| *d > 0) {
        return None;
    }
    // A hyphen or slash glued to an Arabic word is part of that word.
    if a > 0 && is_arabic_letter(chars[a - 1]) && chars[a - 1] != TATWEEL && !p.is_bound(a) {
        while a < b && is_joiner(chars[a]) {
            a += 1;
        }
    }
    if b < chars.len() && is_arabic_letter(chars[b]) && !p.is_bound(b) {
        while b > a && is_joiner(chars[b - 1]) {
            b -= 1;
        }
    }
    // The sentence's punctuation, unless the run fills a quotation, a span or the paragraph.
    // (Direction marks already there do not count.)
    let mut pa = a;
    while pa > 0 && is_format(chars[pa - 1]) && !p.is_bound(pa) {
        pa -= 1;
    }
    let mut pb = b;
    while pb < chars.len() && is_format(chars[pb]) && !p.is_bound(pb) {
        pb += 1;
    }
    let opened = pa == 0 || p.is_quote(pa) || is_opening(chars[pa - 1]);
    let closed = pb == chars.len() || p.is_quote(pb) || is_closing(chars[pb]);
    if !(opened && closed) {
        while b > a && is_sentence_mark(chars[b - 1]) {
            b -= 1;
        }
    }
    let run = &chars[a..b];
    if !run.iter().any(|c| is_latin(*c) || is_digit(*c)) {
        return None;
    }
    let rtl = |k: usize| levels[k].is_rtl();
    // Quotation marks and brackets around the run are mirrored on the right-to-left side; only brackets that
    // the algorithm pairs (rule N0) are sure to go the same way. `Snapgram <alerte@x.top>` at the end of an
    // Arabic paragraph shows as `<Snapgram <alerte@x.top`.
    let enclosed = pa > 0 && pb < chars.len() && is_opening(chars[pa - 1]) && is_closing(chars[pb]);
    if enclosed && rtl(pa - 1) != rtl(pb) {
        return Some(unit(chars, levels, pa - 1, pb + 1));
    }
    let wrong = if run.iter().any(|c| is_latin(*c)) {
        (a..b).any(rtl)
    } else {
        // A number: only what stands before its first digit, spaces between its groups, and what follows
        // its last digit other than a percent sign.
        let first = (a..b).find(|k| is_digit(chars[*k])).unwrap_or(a);
        let last = (a..b).rev().find(|k| is_digit(chars[*k])).unwrap_or(b);
        (a..first).any(rtl)
            || (first..last).any(|k| is_space(chars[k]) && rtl(k))
            || (last + 1..b).any(|k| rtl(k) && !is_percent(chars[k]))
    };
    if !wrong {
        return None;
    }
    Some(unit(chars, levels, a, b))
}

/// The run `a..b`, and how it is shown: its characters in visual order, mirrored where they are laid out right
/// to left.
fn unit(chars: &[char], levels: &[Level], a: usize, b: usize) -> Unmarked {
    let mirror = |c: char| match c {
        '(' => ')',
        ')' => '(',
        '[' => ']',
        ']' => '[',
        '{' => '}',
        '}' => '{',
        '<' => '>',
        '>' => '<',
        '«' => '»',
        '»' => '«',
        '‹' => '›',
        '›' => '‹',
        other => other,
    };
    let order = BidiInfo::reorder_visual(levels);
    let shown = order
        .iter()
        .filter(|k| (a..b).contains(*k))
        .map(|k| if levels[*k].is_rtl() { mirror(chars[*k]) } else { chars[*k] })
        .collect();
    Unmarked { first: a, last: b - 1, text: chars[a..b].iter().collect(), shown }
}

/// Where LEFT-TO-RIGHT MARKs go to fix a paragraph: byte offsets in the source, with the text to insert there
/// (no mark where one is already).
pub fn marks(p: &Para) -> Vec<(usize, &'static str)> {
    let mut out = Vec::new();
    for u in unmarked(p) {
        if u.first == 0 || p.chars[u.first - 1].c != LRM {
            out.push((p.chars[u.first].start, p.lrm));
        }
        if p.chars.get(u.last + 1).is_none_or(|c| c.c != LRM) {
            out.push((p.chars[u.last].end, p.lrm));
        }
    }
    out
}

/// Inserts `marks` (byte offset, text) into `src`.
pub fn insert(src: &str, marks: &[(usize, &str)]) -> String {
    let mut sorted = marks.to_vec();
    sorted.sort_by_key(|m| m.0);
    sorted.dedup();
    let mut out = String::with_capacity(src.len() + 6 * sorted.len());
    let mut at = 0;
    for (offset, text) in sorted {
        if let Some(part) = src.get(at..offset) {
            out.push_str(part);
            at = offset;
        }
        out.push_str(text);
    }
    out.push_str(src.get(at..).unwrap_or_default());
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn para(s: &str) -> Para {
        Para::plain(s)
    }

    fn flagged(s: &str) -> Vec<String> {
        unmarked(&para(s)).into_iter().map(|u| u.text).collect()
    }

    #[test]
    fn runs_that_the_algorithm_reorders_are_flagged() {
        let cases: &[(&str, &[&str])] = &[
            // A password's own punctuation, in quotes, emphasis-free.
            ("لا تستعمل «P@ssw0rd!» أبدًا.", &["P@ssw0rd!"]),
            ("و«Football2025!» تتبع نمطًا.", &["Football2025!"]),
            // Alone in its paragraph (a choice, a sender): every character is the run's.
            ("Football2025!", &["Football2025!"]),
            ("amine.vlogs.officiel_", &["amine.vlogs.officiel_"]),
            ("+212 6 00 00 00 00", &["+212 6 00 00 00 00"]),
            ("+000", &["+000"]),
            // A domain ending, with or without a prefix glued by a tatweel.
            ("رابط ينتهي بـ.top ولا علاقة له", &[".top"]),
            ("هذا العنوان المنتهي بـ.top، ينسخ", &[".top"]),
            ("انتبه إلى النهاية (.top في الرابط)", &[".top"]),
            ("ينتهي بـ«.top»: انتبه", &[".top"]),
            ("امتداد .xyz مشبوه", &[".xyz"]),
            // A phone number inside Arabic, a number with a sign.
            ("اتصل بالرقم +212 6 00 00 00 00 الآن", &["+212 6 00 00 00 00"]),
            ("مع «.2» في آخره", &[".2"]),
            ("المبلغ 2 500 درهم", &["2 500"]),
            ("رصيد -5 نقط", &["-5"]),
            // A Latin code that starts with a digit and a hyphen after Arabic.
            ("الرمز 1-A صالح", &["1-A"]),
            ("الحساب @amine_vlogs مزيف", &["@amine_vlogs"]),
            ("الوسم #Amane2 منتشر", &["#Amane2"]),
            // Quotation marks or angle brackets that end up on different sides.
            ("Snapgram Sécurité <alerte@snapgram-verif.top>", &["<alerte@snapgram-verif.top>"]),
            ("راسل Amane «Info» اليوم", &["«Info»"]),
        ];
        for (text, want) in cases {
            assert_eq!(flagged(text), *want, "{text}");
        }
    }

    #[test]
    fn runs_that_display_as_written_are_not_flagged() {
        let fine = [
            // Plain words and numbers.
            "استعمل WhatsApp أو TikTok أو Google Play.",
            "اتصل بالرقم 15 أو 2525.",
            "الثمن 49,99 DH فقط",
            "الثمن 9,90 درهم والساعة 00:40.",
            "على الساعة 14:05 يوم 12/05",
            // Inside a run, punctuation between Latin letters or digits is left to right.
            "ادخل إلى colis-ma.top/payer الآن",
            "راسل ali@mail.ma اليوم",
            "الرابط https://www.banquenova.example/mon-compte مزيف",
            "الحساب x_user_4471 و yanis.art_16 وnour_x09",
            "كلمة المرور Xy7# قصيرة",
            "كلمة المرور AmineFes2016 ضعيفة",
            "التحقق بخطوتين (2FA) مهم",
            "مفاتيح المرور (passkeys): جديدة",
            "صورة عكسية (TinEye).",
            // The sentence's own punctuation after a run.
            "الثانوية تستعمل lycee-oliviers.example. هذا العنوان",
            "استعمل QR، ثم",
            "ابحث في Google Lens!",
            // Numbers in the conventions of Arabic.
            "للفئة 8–11 و12-14.",
            "النتيجة 3-2",
            "خصم 50% اليوم",
            "(12 دقيقة)",
            // A hyphenated Arabic passphrase.
            "سلحفاة-بيانو-قرفة-نفق-7",
            // Brackets and quotation marks, mirrored on the right-to-left side.
            "المصلحة المعلوماتية <support@lycee-oliviers-fes.top>",
            "أرسل من «alerte@snapgram-verif.top» اليوم",
            "Snapgram (alerte@snapgram-verif.top)",
            // Already marked, or isolated.
            "لا تستعمل «\u{200E}P@ssw0rd!\u{200E}» أبدًا.",
            "اتصل بالرقم \u{200E}+212 6 00 00 00 00\u{200E} الآن",
            "ينتهي بـ\u{200E}.top\u{200E} ولا",
            "ينتهي بـ\u{2066}.top\u{2069} ولا",
            "ينتهي بـ\u{2068}.top\u{2069} ولا",
            "ينتهي بـ\u{2067}.top\u{2069} ولا",
            // No Latin at all.
            "مرحبا، كيف حالك؟",
        ];
        for text in fine {
            assert_eq!(flagged(text), Vec::<String>::new(), "{text}");
        }
    }

    #[test]
    fn the_message_shows_how_it_looks() {
        let u = unmarked(&para("لا تستعمل «P@ssw0rd!» أبدًا."));
        assert_eq!(u[0].shown, "!P@ssw0rd");
        let u = unmarked(&para("+212 6 00 00 00 00"));
        assert_eq!(u[0].shown, "00 00 00 00 6 212+");
        let u = unmarked(&para("ينتهي بـ.top ولا"));
        assert_eq!(u[0].shown, "top.");
        let u = unmarked(&para("Snapgram <alerte@x.top>"));
        assert_eq!(u[0].shown, "<<alerte@x.top");
    }

    #[test]
    fn spans_decide_whose_punctuation_it_is() {
        // `*P@ssw0rd!*` in a lesson: the emphasis holds the whole password.
        let mut p = para("لا تستعمل P@ssw0rd! أبدًا");
        p.bounds = vec![10, 19];
        p.quotes = vec![10, 19];
        assert_eq!(unmarked(&p).len(), 1);
        // Without the emphasis, the `!` ends the sentence.
        assert!(unmarked(&para("لا تستعمل P@ssw0rd! أبدًا")).is_empty());
        // A code span holds the whole address, its last character included.
        let mut p = para("ادفع على pay.top/x. الآن");
        assert!(unmarked(&p).is_empty());
        p.bounds = vec![9, 19];
        p.quotes = vec![9, 19];
        assert_eq!(unmarked(&p)[0].text, "pay.top/x.");
        // A red-flag part is a piece of the sentence: `[[-|BanqueNova:]] تمّ إيقاف بطاقتك`.
        let mut p = para("BanqueNova: تمّ إيقاف بطاقتك");
        p.bounds = vec![0, 11];
        assert!(unmarked(&p).is_empty());
    }

    #[test]
    fn marks_fix_every_case() {
        let cases = [
            "لا تستعمل «P@ssw0rd!» أبدًا.",
            "Football2025!",
            "amine.vlogs.officiel_",
            "اتصل بالرقم +212 6 00 00 00 00 الآن",
            "رابط ينتهي بـ.top، ولا علاقة له",
            "مع «.2» في آخره",
            "المبلغ 2 500 درهم",
            "الرمز 1-A صالح و1-B أيضًا",
            "لا تستعمل «\u{200E}P@ssw0rd!» أبدًا.",
            "Snapgram Sécurité <alerte@snapgram-verif.top>",
            "راسل Amane «Info» اليوم",
        ];
        for text in cases {
            let p = para(text);
            let m = marks(&p);
            assert!(!m.is_empty(), "{text}");
            let fixed = insert(text, &m);
            assert!(flagged(&fixed).is_empty(), "{text} → {fixed:?}: {:?}", flagged(&fixed));
            assert!(marks(&para(&fixed)).is_empty(), "a second fix changes nothing: {fixed:?}");
        }
        let half = "لا تستعمل «\u{200E}P@ssw0rd!» أبدًا.";
        let fixed = insert(half, &marks(&para(half)));
        assert_eq!(fixed, "لا تستعمل «\u{200E}P@ssw0rd!\u{200E}» أبدًا.", "no second mark where one is");
    }
}
