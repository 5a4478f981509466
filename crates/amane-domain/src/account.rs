//! Staff accounts: adults who plan and run campaigns. Children never have one.

use crate::error::FieldCode;
use serde::{Deserialize, Serialize};
use std::fmt;
use std::str::FromStr;
use uuid::Uuid;

/// A staff account's random identifier (random, so records made on an offline classroom server can merge later).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct UserId(pub Uuid);

impl UserId {
    pub fn new() -> Self {
        Self(Uuid::new_v4())
    }
}

impl Default for UserId {
    fn default() -> Self {
        Self::new()
    }
}

impl fmt::Display for UserId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.fmt(f)
    }
}

impl FromStr for UserId {
    type Err = FieldCode;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Uuid::parse_str(s).map(UserId).map_err(|_| FieldCode::IdInvalid)
    }
}

/// What a staff member may do. The role matrix over routes is built on these five.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Role {
    /// Runs the installation: accounts, reference data, configuration.
    Admin,
    /// Plans campaigns and reads their reports (ministry, partner NGO).
    Organizer,
    /// Runs workshops and live sessions.
    Facilitator,
    /// Registers a school's classes and staff, sees attendance.
    Coordinator,
    /// Partners and auditors: aggregated figures only.
    Observer,
}

impl Role {
    pub const ALL: [Role; 5] = [Role::Admin, Role::Organizer, Role::Facilitator, Role::Coordinator, Role::Observer];

    pub fn as_str(self) -> &'static str {
        match self {
            Role::Admin => "admin",
            Role::Organizer => "organizer",
            Role::Facilitator => "facilitator",
            Role::Coordinator => "coordinator",
            Role::Observer => "observer",
        }
    }
}

impl fmt::Display for Role {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for Role {
    type Err = FieldCode;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Role::ALL.into_iter().find(|r| r.as_str().eq_ignore_ascii_case(s.trim())).ok_or(FieldCode::RoleUnknown)
    }
}

/// An adult's e-mail address, trimmed and lower-cased so that logins compare equal.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize)]
#[serde(transparent)]
pub struct Email(String);

impl Email {
    pub fn parse(raw: &str) -> Result<Email, FieldCode> {
        let s = raw.trim().to_lowercase();
        if s.is_empty() {
            return Err(FieldCode::Required);
        }
        if s.chars().count() > 254 {
            return Err(FieldCode::TooLong);
        }
        let Some((local, domain)) = s.split_once('@') else {
            return Err(FieldCode::EmailInvalid);
        };
        let domain_ok = !domain.is_empty()
            && !domain.starts_with('.')
            && !domain.ends_with('.')
            && !domain.contains("..")
            && domain.chars().all(|c| c.is_alphanumeric() || c == '.' || c == '-');
        let local_ok = !local.is_empty()
            && local.len() <= 64
            && !local.chars().any(|c| c.is_whitespace() || c == '@' || c.is_control());
        if domain_ok && local_ok { Ok(Email(s)) } else { Err(FieldCode::EmailInvalid) }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for Email {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// A password that meets the policy. It never prints: `Debug` hides it.
#[derive(Clone)]
pub struct Password(String);

impl Password {
    pub const MIN_CHARS: usize = 10;
    pub const MAX_CHARS: usize = 256;

    pub fn parse(raw: &str) -> Result<Password, FieldCode> {
        let n = raw.chars().count();
        if n == 0 {
            return Err(FieldCode::Required);
        }
        if n < Self::MIN_CHARS {
            return Err(FieldCode::PasswordTooShort);
        }
        if n > Self::MAX_CHARS {
            return Err(FieldCode::TooLong);
        }
        let mut chars = raw.chars();
        let first = chars.next();
        if chars.all(|c| Some(c) == first) {
            return Err(FieldCode::PasswordTooWeak);
        }
        Ok(Password(raw.to_owned()))
    }

    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for Password {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Password(***)")
    }
}

/// The name shown for a staff member: 1 to 100 characters, no control characters.
pub fn parse_display_name(raw: &str) -> Result<String, FieldCode> {
    let s = raw.trim();
    if s.is_empty() {
        return Err(FieldCode::Required);
    }
    if s.chars().count() > 100 {
        return Err(FieldCode::TooLong);
    }
    if s.chars().any(char::is_control) {
        return Err(FieldCode::TextControlChars);
    }
    Ok(s.to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn email_is_normalised() {
        let e = Email::parse("  Samira.Alaoui@Example.MA ").expect("valid");
        assert_eq!(e.as_str(), "samira.alaoui@example.ma");
    }

    #[test]
    fn email_rejects_malformed() {
        for bad in ["", "x", "a@", "@b.ma", "a b@c.ma", "a@b..ma", "a@.ma", "a@b.ma."] {
            assert!(Email::parse(bad).is_err(), "{bad:?} should be refused");
        }
        assert_eq!(Email::parse("  "), Err(FieldCode::Required));
    }

    #[test]
    fn role_round_trips() {
        for r in Role::ALL {
            assert_eq!(r.as_str().parse::<Role>(), Ok(r));
        }
        assert_eq!("ADMIN".parse::<Role>(), Ok(Role::Admin));
        assert_eq!("child".parse::<Role>(), Err(FieldCode::RoleUnknown));
    }

    #[test]
    fn password_policy() {
        assert_eq!(Password::parse("short").err(), Some(FieldCode::PasswordTooShort));
        assert_eq!(Password::parse("aaaaaaaaaaaa").err(), Some(FieldCode::PasswordTooWeak));
        assert_eq!(Password::parse("").err(), Some(FieldCode::Required));
        assert!(Password::parse("correct horse battery").is_ok());
        assert!(Password::parse("كلمة سر طويلة").is_ok());
        assert_eq!(format!("{:?}", Password::parse("correct horse battery")), "Ok(Password(***))");
    }

    #[test]
    fn display_name() {
        assert_eq!(parse_display_name("  Nadia "), Ok("Nadia".to_owned()));
        assert_eq!(parse_display_name(""), Err(FieldCode::Required));
        assert_eq!(parse_display_name("a\u{7}b"), Err(FieldCode::TextControlChars));
    }
}

/// A staff account as the rest of the program sees it (never its password hash).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct User {
    pub id: UserId,
    pub email: Email,
    pub display_name: String,
    pub role: Role,
    /// The language this person chose for pages and e-mails, if any.
    pub locale: Option<crate::Lang>,
    pub active: bool,
    /// Milliseconds since the Unix epoch, UTC.
    pub created_at: i64,
}
