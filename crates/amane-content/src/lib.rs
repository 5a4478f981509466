//! The curriculum: modules of lessons, facilitator guides, handouts and questions, read from plain files that
//! authors edit (the format is explained in `docs/CONTENT.md`), and question banks in GIFT and Moodle XML.
//!
//! Loading always checks: a tree with any error is refused; warnings (fair questions, years in the text,
//! direction marks in Arabic, the glossary's terms) come with the loaded curriculum. Every problem names its file
//! and line.

pub mod bidi;
pub mod checks;
pub mod gift;
pub mod glossary;
mod load;
pub mod markdown;
pub mod model;
pub mod moodle;
pub mod problem;
pub mod redflags;
pub mod texts;

pub use checks::DirectionFix;
pub use load::{Curriculum, fix_direction, load_builtin, load_dir, load_files};
pub use model::{
    Choice, Competency, Flag, LangDoc, Module, Part, Question, QuestionKind, RedFlags, RfFormat, Section, TestForm,
    Text3,
};
pub use problem::{Problem, Severity};
