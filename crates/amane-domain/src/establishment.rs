//! Schools and other establishments, and the regions they belong to: the reference data every campaign
//! figure is later counted by.

use crate::error::FieldCode;
use serde::Serialize;
use std::fmt;

/// Folds text for lenient matching: lower case, French accents removed, Arabic diacritics (tashkeel and
/// tatweel) removed and alef forms unified, inner spaces, hyphens and apostrophes collapsed.
pub fn fold(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut space = false;
    for c in s.trim().chars().flat_map(char::to_lowercase) {
        let c = match c {
            'à' | 'â' | 'ä' | 'á' => 'a',
            'ç' => 'c',
            'é' | 'è' | 'ê' | 'ë' => 'e',
            'î' | 'ï' | 'í' => 'i',
            'ô' | 'ö' | 'ó' => 'o',
            'ù' | 'û' | 'ü' | 'ú' => 'u',
            'أ' | 'إ' | 'آ' | 'ٱ' => 'ا',
            'ى' => 'ي',
            '\u{064B}'..='\u{0652}' | '\u{0640}' | '\u{0670}' => continue,
            '-' | '_' | '\'' | '’' | ' ' | '\t' => {
                space = true;
                continue;
            }
            other => other,
        };
        if space && !out.is_empty() {
            out.push(' ');
        }
        space = false;
        out.push(c);
    }
    out
}

/// An establishment's official code (e.g. a ministry's school code): 1 to 32 letters, digits, `-`, `_`, `/`
/// or `.`, kept in upper case so that re-imports match.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(transparent)]
pub struct EstablishmentCode(String);

impl EstablishmentCode {
    pub fn parse(raw: &str) -> Result<Self, FieldCode> {
        let s = raw.trim().to_uppercase();
        if s.is_empty() {
            return Err(FieldCode::Required);
        }
        if s.chars().count() > 32 {
            return Err(FieldCode::TooLong);
        }
        if !s.chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '/' | '.')) {
            return Err(FieldCode::CodeInvalid);
        }
        Ok(EstablishmentCode(s))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for EstablishmentCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

macro_rules! folded_enum {
    ($(#[$doc:meta])* $name:ident { $($variant:ident = $code:literal [$($alias:literal),*]),+ $(,)? }, $err:expr) => {
        $(#[$doc])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
        #[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
        #[serde(rename_all = "lowercase")]
        pub enum $name { $($variant),+ }

        impl $name {
            pub const ALL: &'static [$name] = &[$($name::$variant),+];

            pub fn code(self) -> &'static str {
                match self { $($name::$variant => $code),+ }
            }

            /// Reads the English code or a French equivalent, ignoring case and accents.
            pub fn parse(raw: &str) -> Result<Self, FieldCode> {
                let f = fold(raw);
                if f.is_empty() {
                    return Err(FieldCode::Required);
                }
                $(if f == $code $(|| f == $alias)* { return Ok($name::$variant); })+
                Err($err)
            }
        }
    };
}

folded_enum!(
    /// The level of teaching.
    Level { Primary = "primary" ["primaire"], Middle = "middle" ["college", "secondaire collegial"], Secondary = "secondary" ["lycee", "secondaire qualifiant"], Higher = "higher" ["superieur"], Other = "other" ["autre"] },
    FieldCode::LevelUnknown
);
folded_enum!(
    /// Public or private.
    Sector { Public = "public" [], Private = "private" ["prive"] },
    FieldCode::SectorUnknown
);
folded_enum!(
    /// Urban or rural.
    Setting { Urban = "urban" ["urbain"], Rural = "rural" [] },
    FieldCode::SettingUnknown
);

/// A region of the deployment's country.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema), schema(as = RegionOut))]
pub struct Region {
    /// Two digits, e.g. `06`.
    pub code: String,
    pub name_fr: String,
    pub name_ar: String,
}

impl Region {
    /// Whether `raw` names this region: its code (with or without the leading zero) or its French or Arabic
    /// name, ignoring case, accents and diacritics.
    pub fn matches(&self, raw: &str) -> bool {
        let t = raw.trim();
        if t == self.code || t.parse::<u32>().ok().zip(self.code.parse::<u32>().ok()).is_some_and(|(a, b)| a == b) {
            return true;
        }
        let f = fold(t);
        !f.is_empty() && (f == fold(&self.name_fr) || f == fold(&self.name_ar))
    }
}

/// Morocco's twelve regions (2015), shipped as the default reference data; a deployment can replace them.
pub fn morocco_regions() -> Vec<Region> {
    [
        ("01", "Tanger-Tétouan-Al Hoceïma", "طنجة تطوان الحسيمة"),
        ("02", "L'Oriental", "الشرق"),
        ("03", "Fès-Meknès", "فاس مكناس"),
        ("04", "Rabat-Salé-Kénitra", "الرباط سلا القنيطرة"),
        ("05", "Béni Mellal-Khénifra", "بني ملال خنيفرة"),
        ("06", "Casablanca-Settat", "الدار البيضاء سطات"),
        ("07", "Marrakech-Safi", "مراكش آسفي"),
        ("08", "Drâa-Tafilalet", "درعة تافيلالت"),
        ("09", "Souss-Massa", "سوس ماسة"),
        ("10", "Guelmim-Oued Noun", "كلميم واد نون"),
        ("11", "Laâyoune-Sakia El Hamra", "العيون الساقية الحمراء"),
        ("12", "Dakhla-Oued Ed-Dahab", "الداخلة وادي الذهب"),
    ]
    .into_iter()
    .map(|(c, f, a)| Region { code: c.into(), name_fr: f.into(), name_ar: a.into() })
    .collect()
}

/// One establishment of the registry.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema), schema(as = EstablishmentOut))]
pub struct Establishment {
    pub code: EstablishmentCode,
    pub name_fr: String,
    pub name_ar: String,
    /// Region code.
    pub region: String,
    pub province: String,
    pub commune: String,
    pub level: Level,
    pub sector: Sector,
    pub setting: Setting,
}

impl Establishment {
    /// The name a reader of `lang` knows it by: the Arabic name on Arabic pages when there is one, the French
    /// name otherwise (the registry's names are French and Arabic).
    pub fn name_in(&self, lang: crate::Lang) -> &str {
        if lang == crate::Lang::Ar && !self.name_ar.trim().is_empty() { &self.name_ar } else { &self.name_fr }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folding_ignores_case_accents_and_diacritics() {
        assert_eq!(fold("  Fès-Meknès "), "fes meknes");
        assert_eq!(fold("FES MEKNES"), "fes meknes");
        assert_eq!(fold("الدَّار البيضاء"), fold("الدار البيضاء"));
        assert_eq!(fold("إقليم"), fold("اقليم"));
        assert_eq!(fold("L’Oriental"), fold("l'oriental"));
    }

    #[test]
    fn regions_match_by_code_or_name() {
        let r = morocco_regions();
        let fes = &r[2];
        for name in ["03", "3", "Fès-Meknès", "fes meknes", "FES-MEKNES", "فاس مكناس", "فاس - مكناس"]
        {
            assert!(fes.matches(name), "{name}");
        }
        assert!(!fes.matches("04"));
        assert!(!fes.matches(""));
        assert_eq!(r.len(), 12);
    }

    #[test]
    fn enumerations_read_english_and_french() {
        assert_eq!(Level::parse("Collège"), Ok(Level::Middle));
        assert_eq!(Level::parse("LYCEE"), Ok(Level::Secondary));
        assert_eq!(Level::parse("supérieur"), Ok(Level::Higher));
        assert_eq!(Level::parse("kindergarten"), Err(FieldCode::LevelUnknown));
        assert_eq!(Sector::parse("Privé"), Ok(Sector::Private));
        assert_eq!(Setting::parse("urbain"), Ok(Setting::Urban));
        assert_eq!(Setting::parse(""), Err(FieldCode::Required));
    }

    #[test]
    fn codes_are_normalised() {
        assert_eq!(EstablishmentCode::parse(" ab-12 ").map(|c| c.to_string()), Ok("AB-12".into()));
        assert_eq!(EstablishmentCode::parse("a b"), Err(FieldCode::CodeInvalid));
        assert_eq!(EstablishmentCode::parse(""), Err(FieldCode::Required));
    }
}
