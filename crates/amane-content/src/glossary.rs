//! The curriculum's Arabic terms (`GLOSSARY.toml` at the root of a tree): one term per notion, and the forms it
//! replaces. An `avoid` form is found in Arabic text as a whole sequence of words, with or without the article
//! ال, after the prefixes و ف and ب ل ك (`للمعلم`, `وبالبيانات`), vowel marks and tatweel ignored and the alef
//! forms أ إ آ ٱ read as ا.

use crate::problem::Problem;
use crate::texts::Para;
use serde::Deserialize;

/// Where the glossary is, relative to the root of a content tree.
pub const FILE: &str = "GLOSSARY.toml";

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Raw {
    #[serde(default)]
    terms: Vec<RawTerm>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawTerm {
    en: String,
    fr: String,
    #[serde(rename = "use")]
    use_: String,
    #[serde(default)]
    avoid: Vec<String>,
    /// For authors only.
    #[serde(default, rename = "note")]
    _note: Option<String>,
}

/// One form to avoid, ready to match.
#[derive(Debug, Clone)]
struct Form {
    written: String,
    use_: String,
    /// The normalised words, the article taken off each.
    words: Vec<String>,
}

#[derive(Debug, Clone, Default)]
pub struct Glossary {
    forms: Vec<Form>,
}

/// A form to avoid found in a paragraph: character indices.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Hit {
    pub first: usize,
    pub last: usize,
    pub form: String,
    pub use_: String,
}

/// Vowel marks and other signs written above or below a letter, and the tatweel: part of the word they are in.
fn is_mark(c: char) -> bool {
    matches!(c, '\u{0610}'..='\u{061A}' | '\u{064B}'..='\u{065F}' | '\u{0670}' | '\u{06D6}'..='\u{06ED}' | '\u{0640}')
}

/// Invisible formatting characters, not part of any word.
fn is_format(c: char) -> bool {
    matches!(c, '\u{200B}'..='\u{200F}' | '\u{2066}'..='\u{2069}' | '\u{202A}'..='\u{202E}' | '\u{061C}')
}

fn fold(c: char) -> char {
    match c {
        'أ' | 'إ' | 'آ' | 'ٱ' => 'ا',
        other => other,
    }
}

/// The words of a text, normalised, with the indices of their first and last characters.
fn words(chars: impl Iterator<Item = char>) -> Vec<(String, usize, usize)> {
    let mut out = Vec::new();
    let mut cur: Option<(String, usize, usize)> = None;
    for (i, c) in chars.enumerate() {
        if is_mark(c) {
            if let Some((_, _, last)) = &mut cur {
                *last = i;
            }
            continue;
        }
        if is_format(c) {
            continue;
        }
        if c.is_alphabetic() {
            let c = fold(c);
            match &mut cur {
                Some((w, _, last)) => {
                    w.push(c);
                    *last = i;
                }
                None => cur = Some((c.to_string(), i, i)),
            }
        } else if let Some(w) = cur.take() {
            out.push(w);
        }
    }
    out.extend(cur);
    out
}

/// A word without its article, when what remains is still a word.
fn stem(w: &str) -> &str {
    match w.strip_prefix("ال") {
        Some(rest) if rest.chars().count() >= 2 => rest,
        _ => w,
    }
}

/// Whether `word` is `stem` with or without the article, after the allowed prefixes (first word only).
fn matches(word: &str, stem: &str, prefixed: bool) -> bool {
    let bare = |w: &str| w == stem || w.strip_prefix("ال") == Some(stem);
    if bare(word) {
        return true;
    }
    if !prefixed {
        return false;
    }
    let mut rest = word;
    if let Some(r) = rest.strip_prefix('و').or_else(|| rest.strip_prefix('ف')) {
        if bare(r) {
            return true;
        }
        rest = r;
    }
    for p in ['ب', 'ل', 'ك'] {
        if let Some(r) = rest.strip_prefix(p) {
            // ل with the article is written لل.
            if bare(r) || (p == 'ل' && r.strip_prefix('ل') == Some(stem)) {
                return true;
            }
        }
    }
    false
}

impl Glossary {
    /// Reads `GLOSSARY.toml`; a file that cannot be read is an error.
    pub fn parse(src: &str) -> Result<Glossary, Vec<Problem>> {
        let raw: Raw = toml::from_str(src).map_err(|e| {
            let line = e.span().map(|s| crate::problem::line_of(src, s.start)).unwrap_or(0);
            vec![Problem::new(FILE, line, "toml-syntax").arg("message", e.message().trim().to_owned())]
        })?;
        let mut problems = Vec::new();
        let mut forms = Vec::new();
        for t in raw.terms {
            if t.use_.trim().is_empty() || t.en.trim().is_empty() || t.fr.trim().is_empty() {
                problems.push(Problem::new(FILE, 0, "glossary-bad-entry").arg("term", t.en.clone()));
                continue;
            }
            for a in t.avoid {
                let ws: Vec<String> = words(a.chars()).into_iter().map(|(w, _, _)| stem(&w).to_owned()).collect();
                if ws.is_empty() {
                    problems.push(Problem::new(FILE, 0, "glossary-bad-entry").arg("term", t.en.clone()));
                    continue;
                }
                forms.push(Form { written: a.trim().to_owned(), use_: t.use_.trim().to_owned(), words: ws });
            }
        }
        if problems.is_empty() { Ok(Glossary { forms }) } else { Err(problems) }
    }

    pub fn is_empty(&self) -> bool {
        self.forms.is_empty()
    }

    /// The forms to avoid in an Arabic paragraph.
    pub fn find(&self, p: &Para) -> Vec<Hit> {
        if self.forms.is_empty() {
            return Vec::new();
        }
        let ws = words(p.chars.iter().map(|c| c.c));
        let mut out: Vec<Hit> = Vec::new();
        let mut next_free = 0;
        for start in 0..ws.len() {
            if start < next_free {
                continue;
            }
            // The longest form found here (أشخاص بالغين rather than بالغين).
            let found = self
                .forms
                .iter()
                .filter(|f| {
                    let n = f.words.len();
                    start + n <= ws.len() && (0..n).all(|k| matches(&ws[start + k].0, &f.words[k], k == 0))
                })
                .max_by_key(|f| f.words.len());
            if let Some(f) = found {
                let n = f.words.len();
                out.push(Hit {
                    first: ws[start].1,
                    last: ws[start + n - 1].2,
                    form: f.written.clone(),
                    use_: f.use_.clone(),
                });
                next_free = start + n;
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn para(s: &str) -> Para {
        Para::plain(s)
    }

    const G: &str = r#"
[[terms]]
en = "teacher"
fr = "enseignant"
use = "الأستاذ / الأستاذة"
avoid = ["المدرس", "المعلم"]

[[terms]]
en = "personal data"
fr = "données personnelles"
use = "المعطيات الشخصية"
avoid = ["البيانات الشخصية"]
note = "CNDP"

[[terms]]
en = "password"
fr = "mot de passe"
use = "كلمة المرور"
avoid = ["كلمة السر"]

[[terms]]
en = "adult"
fr = "adulte"
use = "شخص راشد"
avoid = ["شخص بالغ", "أشخاص بالغين", "البالغين"]
"#;

    fn found(text: &str) -> Vec<String> {
        let g = Glossary::parse(G).expect("glossary");
        let p = para(text);
        g.find(&p).into_iter().map(|h| format!("{}={}", h.form, p.slice(h.first..h.last + 1))).collect()
    }

    #[test]
    fn forms_with_prefixes_article_marks_and_alef_forms() {
        assert_eq!(found("أخبر المدرس."), ["المدرس=المدرس"]);
        assert_eq!(found("أخبر مدرسك"), Vec::<String>::new(), "a suffix makes another word");
        assert_eq!(found("قال للمعلم ثم للمدرس"), ["المعلم=للمعلم", "المدرس=للمدرس"]);
        assert_eq!(found("وبالمعلم وكمعلم فالمعلم"), ["المعلم=وبالمعلم", "المعلم=وكمعلم", "المعلم=فالمعلم"]);
        assert_eq!(found("احمِ البَيَاناتِ الشَّخْصِيَّةَ"), ["البيانات الشخصية=البَيَاناتِ الشَّخْصِيَّةَ"]);
        assert_eq!(found("وبيانات شخصية"), ["البيانات الشخصية=وبيانات شخصية"]);
        assert_eq!(found("لا تشارك كلمةَ السرّ"), ["كلمة السر=كلمةَ السرّ"]);
        assert_eq!(found("اسأل شخصًا بالغًا"), Vec::<String>::new(), "another case ending is another word");
        assert_eq!(found("اسأل شخص بالغ أو اشخاص بالغين"), ["شخص بالغ=شخص بالغ", "أشخاص بالغين=اشخاص بالغين"]);
        assert_eq!(found("بعض البالغين"), ["البالغين=البالغين"], "one hit for the longest form only");
        assert_eq!(found("الأستاذ والمدرسة والتعليم والعلم"), Vec::<String>::new());
        assert_eq!(found("كلمة المرور"), Vec::<String>::new());
        assert_eq!(found("المعلمين"), Vec::<String>::new());
    }

    #[test]
    fn a_bad_glossary_is_an_error() {
        let e = Glossary::parse("[[terms]]\nen = \"x\"\n").expect_err("no use");
        assert_eq!(e[0].code, "toml-syntax");
        let e =
            Glossary::parse("[[terms]]\nen = \"x\"\nfr = \"x\"\nuse = \"ي\"\navoid = [\"  \"]\n").expect_err("empty");
        assert_eq!(e[0].code, "glossary-bad-entry");
        assert!(Glossary::parse(G).is_ok());
        assert!(Glossary::parse("").expect("empty file").is_empty());
    }
}
