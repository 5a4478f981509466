//! amane's pure rules: identifiers, roles and the validated values every other crate parses at its edge.
//!
//! Nothing here does I/O, so the rules can be tested alone and reused by the CLI, the web and the store.

pub mod account;
pub mod assessment;
pub mod audience;
pub mod campaign;
pub mod certificate;
pub mod error;
pub mod establishment;
pub mod lang;
pub mod learning;
pub mod nickname;
pub mod student_t;
pub mod suppression;
pub mod survey;
pub mod workshop;

pub use account::{Email, Password, Role, User, UserId, parse_display_name};
pub use audience::Audience;
pub use error::{FieldCode, FieldError, ValidationErrors};
pub use lang::Lang;
pub use nickname::{Nickname, ParticipantCode};
