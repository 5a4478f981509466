//! A campaign's pre/post tests ("assessments" in the code, so that they never read as unit tests): their ids and
//! the origin of a participant's answers.

use crate::error::FieldCode;
use serde::{Deserialize, Serialize};
use std::fmt;
use std::str::FromStr;
use uuid::Uuid;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct AssessmentId(pub Uuid);

impl AssessmentId {
    pub fn new() -> Self {
        AssessmentId(Uuid::new_v4())
    }
}

impl Default for AssessmentId {
    fn default() -> Self {
        Self::new()
    }
}

impl fmt::Display for AssessmentId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.fmt(f)
    }
}

impl FromStr for AssessmentId {
    type Err = FieldCode;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Uuid::parse_str(s.trim()).map(AssessmentId).map_err(|_| FieldCode::IdInvalid)
    }
}

/// Where a participant's answers came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Source {
    /// Typed in or imported by a facilitator from paper sheets.
    Paper,
    /// Taken self-paced on a phone.
    Phone,
    /// A live game flagged as the pre- or post-test.
    Live,
}

impl Source {
    pub const ALL: [Source; 3] = [Source::Paper, Source::Phone, Source::Live];

    pub fn code(self) -> &'static str {
        match self {
            Source::Paper => "paper",
            Source::Phone => "phone",
            Source::Live => "live",
        }
    }

    pub fn parse(s: &str) -> Option<Source> {
        Source::ALL.into_iter().find(|x| x.code() == s.trim())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_and_sources_round_trip() {
        let id = AssessmentId::new();
        assert_eq!(id.to_string().parse::<AssessmentId>(), Ok(id));
        assert_eq!("not-an-id".parse::<AssessmentId>(), Err(FieldCode::IdInvalid));
        for s in Source::ALL {
            assert_eq!(Source::parse(s.code()), Some(s));
        }
        assert_eq!(Source::parse("email"), None);
    }
}
