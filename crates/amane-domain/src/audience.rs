//! Who a workshop or a module is for: three age bands of children, and adults.

use crate::error::FieldCode;
/// The audiences a module can be written for: three age bands of children, and adults.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Audience {
    Age8To11,
    Age12To14,
    Age15To17,
    Staff,
    Parents,
}

impl Audience {
    pub const ALL: [Audience; 5] =
        [Audience::Age8To11, Audience::Age12To14, Audience::Age15To17, Audience::Staff, Audience::Parents];

    pub fn code(self) -> &'static str {
        match self {
            Audience::Age8To11 => "8-11",
            Audience::Age12To14 => "12-14",
            Audience::Age15To17 => "15-17",
            Audience::Staff => "staff",
            Audience::Parents => "parents",
        }
    }

    pub fn parse(s: &str) -> Result<Audience, FieldCode> {
        Audience::ALL.into_iter().find(|a| a.code() == s.trim()).ok_or(FieldCode::AudienceUnknown)
    }

    pub fn is_child(self) -> bool {
        matches!(self, Audience::Age8To11 | Audience::Age12To14 | Audience::Age15To17)
    }
}

impl serde::Serialize for Audience {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.code())
    }
}

impl<'de> serde::Deserialize<'de> for Audience {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        Audience::parse(&s).map_err(serde::de::Error::custom)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn audience_codes_round_trip() {
        for a in Audience::ALL {
            assert_eq!(Audience::parse(a.code()), Ok(a));
        }
        assert_eq!(Audience::parse("7-9"), Err(FieldCode::AudienceUnknown));
        assert!(Audience::Age8To11.is_child());
        assert!(!Audience::Staff.is_child());
    }
}
