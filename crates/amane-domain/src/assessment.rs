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

/// How many characters a test's phone code has: short enough to type from the board, drawn from the certificate
/// alphabet (no 0/O, no 1/I/L), so about 8.9·10⁸ codes.
pub const TEST_CODE_LEN: usize = 6;

/// The code children type (or scan) to take a test opened for their workshop on a phone: `/t/<code>`. Random,
/// so that one workshop's code tells nothing of another's; shown as three characters, a dash and three more
/// (`K7M-P2Q`).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct TestCode(String);

impl TestCode {
    /// A new code; `pick(n)` returns a uniformly random index below `n`.
    pub fn generate(mut pick: impl FnMut(usize) -> usize) -> TestCode {
        TestCode(crate::certificate::draw_code(&mut pick, TEST_CODE_LEN))
    }

    /// Reads a code as typed: any case, spaces and dashes anywhere. `None` when it cannot be a code.
    pub fn parse(raw: &str) -> Option<TestCode> {
        crate::certificate::read_code(raw, TEST_CODE_LEN).map(TestCode)
    }

    /// The six characters without the dash: the stored form, and the one in addresses.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// The form written on the board: `K7M-P2Q`.
impl fmt::Display for TestCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (a, b) = self.0.split_at(TEST_CODE_LEN / 2);
        write!(f, "{a}-{b}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn test_codes_read_as_typed() {
        let mut n = 0;
        let code = TestCode::generate(|len| {
            n += 7;
            n % len
        });
        assert_eq!(code.as_str().len(), TEST_CODE_LEN);
        assert_eq!(TestCode::parse(&code.to_string()), Some(code.clone()));
        assert_eq!(TestCode::parse(&code.as_str().to_lowercase()), Some(code.clone()));
        assert_eq!(TestCode::parse(" k7m - p2q "), TestCode::parse("K7MP2Q"));
        assert_eq!(TestCode::parse("K7MP2"), None, "too short");
        assert_eq!(TestCode::parse("K7MP2QR"), None, "too long");
        assert_eq!(TestCode::parse("K7MP2O"), None, "O is not in the alphabet (read as 0)");
        assert_eq!(TestCode::parse("K7MP2Q").map(|c| c.to_string()), Some("K7M-P2Q".to_owned()));
    }

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
