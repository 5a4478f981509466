//! Translations (Fluent, embedded in the binary) and locale-aware formatting of numbers and dates.
//!
//! Fluent wraps each argument in bidi isolation marks (U+2068 … U+2069): right inside Arabic running text,
//! wrong inside attributes, URLs and terminals, where [`Tr::plain`] strips them.

use amane_domain::Lang;
use fluent_bundle::concurrent::FluentBundle;
use fluent_bundle::{FluentArgs, FluentResource, FluentValue};
use std::collections::BTreeSet;
use std::sync::LazyLock;

/// The Fluent files of each language, in the order they are loaded.
const FILES: &[(&str, [&str; 3])] = &[
    (
        "main.ftl",
        [
            include_str!("../../../locales/fr/main.ftl"),
            include_str!("../../../locales/ar/main.ftl"),
            include_str!("../../../locales/en/main.ftl"),
        ],
    ),
    (
        "errors.ftl",
        [
            include_str!("../../../locales/fr/errors.ftl"),
            include_str!("../../../locales/ar/errors.ftl"),
            include_str!("../../../locales/en/errors.ftl"),
        ],
    ),
    (
        "content.ftl",
        [
            include_str!("../../../locales/fr/content.ftl"),
            include_str!("../../../locales/ar/content.ftl"),
            include_str!("../../../locales/en/content.ftl"),
        ],
    ),
    (
        "live.ftl",
        [
            include_str!("../../../locales/fr/live.ftl"),
            include_str!("../../../locales/ar/live.ftl"),
            include_str!("../../../locales/en/live.ftl"),
        ],
    ),
    (
        "reports.ftl",
        [
            include_str!("../../../locales/fr/reports.ftl"),
            include_str!("../../../locales/ar/reports.ftl"),
            include_str!("../../../locales/en/reports.ftl"),
        ],
    ),
    (
        "certificates.ftl",
        [
            include_str!("../../../locales/fr/certificates.ftl"),
            include_str!("../../../locales/ar/certificates.ftl"),
            include_str!("../../../locales/en/certificates.ftl"),
        ],
    ),
    (
        "tests.ftl",
        [
            include_str!("../../../locales/fr/tests.ftl"),
            include_str!("../../../locales/ar/tests.ftl"),
            include_str!("../../../locales/en/tests.ftl"),
        ],
    ),
    (
        "cli.ftl",
        [
            include_str!("../../../locales/fr/cli.ftl"),
            include_str!("../../../locales/ar/cli.ftl"),
            include_str!("../../../locales/en/cli.ftl"),
        ],
    ),
];

fn lang_index(lang: Lang) -> usize {
    match lang {
        Lang::Fr => 0,
        Lang::Ar => 1,
        Lang::En => 2,
    }
}

struct Bundles {
    bundles: [FluentBundle<FluentResource>; 3],
}

static BUNDLES: LazyLock<Bundles> = LazyLock::new(|| {
    let make = |lang: Lang| {
        let id: unic_langid::LanguageIdentifier = lang.code().parse().unwrap_or_default();
        let mut bundle = FluentBundle::new_concurrent(vec![id]);
        for (name, sources) in FILES {
            let source = sources[lang_index(lang)].to_owned();
            let resource = match FluentResource::try_new(source) {
                Ok(r) => r,
                Err((r, errors)) => {
                    // A syntax error is caught by the translation tests; at run time keep what parsed.
                    tracing::error!(lang = lang.code(), file = name, ?errors, "Fluent syntax errors");
                    r
                }
            };
            if let Err(errors) = bundle.add_resource(resource) {
                tracing::error!(lang = lang.code(), file = name, ?errors, "duplicate Fluent keys");
            }
        }
        bundle
    };
    Bundles { bundles: [make(Lang::Fr), make(Lang::Ar), make(Lang::En)] }
});

/// A translator bound to one language; cheap to copy into every template.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Tr {
    pub lang: Lang,
}

impl Tr {
    pub fn new(lang: Lang) -> Self {
        Tr { lang }
    }

    /// The message for `key`; a missing key shows as the key itself (and the tests fail on it).
    pub fn get(&self, key: &str) -> String {
        self.format(key, None)
    }

    /// The message for `key` with named arguments (strings, or numbers for plural selection).
    pub fn args(&self, key: &str, args: &[(&str, Arg<'_>)]) -> String {
        let mut fa = FluentArgs::new();
        for (name, value) in args {
            match value {
                Arg::Str(s) => fa.set(*name, FluentValue::from(*s)),
                Arg::Num(n) => fa.set(*name, FluentValue::from(*n)),
            }
        }
        self.format(key, Some(&fa))
    }

    /// As [`Tr::args`], without bidi isolation marks: for attributes, URLs, headers and terminals.
    pub fn plain(&self, key: &str, args: &[(&str, Arg<'_>)]) -> String {
        strip_isolation(&self.args(key, args))
    }

    /// A message without isolation marks, for attributes.
    pub fn attr(&self, key: &str) -> String {
        self.plain(key, &[])
    }

    pub fn has(&self, key: &str) -> bool {
        BUNDLES.bundles[lang_index(self.lang)].has_message(key)
    }

    fn format(&self, key: &str, args: Option<&FluentArgs<'_>>) -> String {
        let bundle = &BUNDLES.bundles[lang_index(self.lang)];
        let Some(pattern) = bundle.get_message(key).and_then(|m| m.value()) else {
            tracing::warn!(key, lang = self.lang.code(), "missing translation");
            return key.to_owned();
        };
        let mut errors = Vec::new();
        let text = bundle.format_pattern(pattern, args, &mut errors);
        if !errors.is_empty() {
            tracing::warn!(key, lang = self.lang.code(), ?errors, "translation formatting errors");
        }
        text.into_owned()
    }

    /// A whole number with the locale's grouping: `12 000` (fr, narrow no-break space), `12,000` (en),
    /// `12.000` (ar, as written in Morocco with Western digits).
    pub fn number(&self, n: i64) -> String {
        let sep = match self.lang {
            Lang::Fr => '\u{202F}',
            Lang::En => ',',
            Lang::Ar => '.',
        };
        group_digits(n, sep)
    }

    /// A calendar date, e.g. `28 novembre 2026`, `28 November 2026`, `28 نونبر 2026`.
    pub fn date(&self, unix_ms: i64) -> String {
        let (y, m, d) = civil_from_days(unix_ms.div_euclid(86_400_000));
        let month = MONTHS[lang_index(self.lang)][(m - 1) as usize];
        format!("{d} {month} {y}")
    }

    /// A date and 24-hour time in UTC offset by `offset_minutes` (the campaign's time zone at the edge).
    pub fn date_time(&self, unix_ms: i64, offset_minutes: i32) -> String {
        let local = unix_ms + i64::from(offset_minutes) * 60_000;
        let secs_of_day = local.div_euclid(1000).rem_euclid(86_400);
        format!("{} {:02}:{:02}", self.date(local), secs_of_day / 3600, (secs_of_day % 3600) / 60)
    }
}

/// A Fluent argument.
#[derive(Debug, Clone, Copy)]
pub enum Arg<'a> {
    Str(&'a str),
    Num(i64),
}

pub fn strip_isolation(s: &str) -> String {
    s.chars().filter(|c| !matches!(c, '\u{2068}' | '\u{2069}')).collect()
}

const MONTHS: [[&str; 12]; 3] = [
    [
        "janvier",
        "février",
        "mars",
        "avril",
        "mai",
        "juin",
        "juillet",
        "août",
        "septembre",
        "octobre",
        "novembre",
        "décembre",
    ],
    // The month names used in Morocco.
    ["يناير", "فبراير", "مارس", "أبريل", "ماي", "يونيو", "يوليوز", "غشت", "شتنبر", "أكتوبر", "نونبر", "دجنبر"],
    [
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
    ],
];

fn group_digits(n: i64, sep: char) -> String {
    let digits = n.unsigned_abs().to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(sep);
        }
        out.push(c);
    }
    if n < 0 { format!("-{out}") } else { out }
}

/// Days since 1970-01-01 to a proleptic Gregorian (year, month, day); Howard Hinnant's algorithm.
fn civil_from_days(z: i64) -> (i64, i64, i64) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let y = yoe + era * 400;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    (if m <= 2 { y + 1 } else { y }, m, d)
}

/// Every message id defined in `lang`'s files, for the completeness tests.
pub fn message_ids(lang: Lang) -> BTreeSet<String> {
    let mut ids = BTreeSet::new();
    for (_, sources) in FILES {
        if let Ok(res) = fluent_syntax::parser::parse(sources[lang_index(lang)]) {
            for entry in res.body {
                if let fluent_syntax::ast::Entry::Message(m) = entry {
                    ids.insert(m.id.name.to_owned());
                }
            }
        }
    }
    ids
}

/// Parse errors of every Fluent file, as `lang/file: error` lines.
pub fn syntax_errors() -> Vec<String> {
    let mut out = Vec::new();
    for (name, sources) in FILES {
        for lang in Lang::ALL {
            if let Err((_, errors)) = fluent_syntax::parser::parse(sources[lang_index(lang)]) {
                for e in errors {
                    out.push(format!("{}/{name}: {e:?}", lang.code()));
                }
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_group_per_locale() {
        assert_eq!(Tr::new(Lang::Fr).number(12_000), "12\u{202F}000");
        assert_eq!(Tr::new(Lang::En).number(1_234_567), "1,234,567");
        assert_eq!(Tr::new(Lang::Ar).number(700), "700");
        assert_eq!(Tr::new(Lang::Ar).number(-300_000), "-300.000");
    }

    #[test]
    fn dates_name_months_per_locale() {
        // 2026-11-28T00:57:00Z
        let t = 1_795_827_420_000;
        assert_eq!(Tr::new(Lang::Fr).date(t), "28 novembre 2026");
        assert_eq!(Tr::new(Lang::En).date(t), "28 November 2026");
        assert_eq!(Tr::new(Lang::Ar).date(t), "28 نونبر 2026");
        assert_eq!(Tr::new(Lang::En).date_time(t, 60), "28 November 2026 01:57");
        assert_eq!(Tr::new(Lang::En).date(0), "1 January 1970");
        // 2024-02-29, a leap day.
        assert_eq!(Tr::new(Lang::Fr).date(1_709_164_800_000), "29 février 2024");
    }

    #[test]
    fn fluent_files_parse() {
        assert_eq!(syntax_errors(), Vec::<String>::new());
    }

    #[test]
    fn every_key_exists_in_all_three_languages() {
        let all: BTreeSet<String> = Lang::ALL.iter().flat_map(|l| message_ids(*l)).collect();
        for lang in Lang::ALL {
            let have = message_ids(lang);
            let missing: Vec<_> = all.difference(&have).collect();
            assert!(missing.is_empty(), "{} lacks {missing:?}", lang.code());
        }
        assert!(all.len() > 20, "the Fluent files look empty");
    }

    #[test]
    fn every_field_code_is_translated_in_all_three_languages() {
        // The web crate's test checks the same with the error codes; this one runs without building the web.
        for lang in Lang::ALL {
            let have = message_ids(lang);
            let missing: Vec<String> = amane_domain::FieldCode::ALL
                .iter()
                .map(|c| format!("field_{c}"))
                .filter(|k| !have.contains(k))
                .collect();
            assert!(missing.is_empty(), "{} lacks {missing:?}", lang.code());
        }
    }

    #[test]
    fn arabic_plurals_use_their_six_forms() {
        let tr = Tr::new(Lang::Ar);
        let shown =
            |n: i64| tr.plain("dashboard-accounts", &[("count", Arg::Num(n)), ("formatted", Arg::Str(&n.to_string()))]);
        let forms: BTreeSet<String> = [0, 1, 2, 3, 11, 100].into_iter().map(shown).collect();
        assert_eq!(forms.len(), 6, "{forms:?}");
    }
}
