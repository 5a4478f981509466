//! The curriculum: modules of lessons, facilitator guides, handouts and questions, read from plain files that
//! authors edit (the format is explained in `docs/CONTENT.md`), and question banks in GIFT and Moodle XML.
//!
//! Loading always checks: a tree with any [`Problem`] is refused, and every problem names its file and line.

pub mod gift;
mod load;
pub mod markdown;
pub mod model;
pub mod moodle;
pub mod problem;
pub mod redflags;

pub use load::{Curriculum, load_builtin, load_dir, load_files};
pub use model::{
    Choice, Competency, Flag, LangDoc, Module, Part, Question, QuestionKind, RedFlags, RfFormat, Section, TestForm,
    Text3,
};
pub use problem::Problem;
