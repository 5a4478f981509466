//! A problem found in content: where (file, line), how serious (an error refuses the tree, a warning does not)
//! and what (a stable code with arguments, translated by the caller: the Fluent key is `content-<code>`).

use std::fmt;

/// An error makes the loader refuse the tree; a warning is printed by `amane content check` (which then exits
/// non-zero) and counted in the server's start-up log, but the tree loads.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Severity {
    Error,
    Warning,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    /// Path relative to the content root, e.g. `passwords/questions.toml`.
    pub file: String,
    /// 1-based line; 0 when the problem concerns the whole file.
    pub line: usize,
    pub code: &'static str,
    pub args: Vec<(&'static str, String)>,
    pub severity: Severity,
}

impl Problem {
    /// An error.
    pub fn new(file: &str, line: usize, code: &'static str) -> Self {
        Problem { file: file.to_owned(), line, code, args: Vec::new(), severity: Severity::Error }
    }

    /// A warning: the tree still loads.
    pub fn warning(file: &str, line: usize, code: &'static str) -> Self {
        Problem { severity: Severity::Warning, ..Problem::new(file, line, code) }
    }

    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }

    pub fn arg(mut self, name: &'static str, value: impl Into<String>) -> Self {
        self.args.push((name, value.into()));
        self
    }
}

/// An English rendering, for logs and test failures (people get the translated one).
impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let label = match self.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        write!(f, "{}:{}: {label}: {}", self.file, self.line, self.code)?;
        for (k, v) in &self.args {
            write!(f, " {k}={v:?}")?;
        }
        Ok(())
    }
}

/// Every problem code, so a test can check that each has its translations.
pub const CODES: &[&str] = &[
    "toml-syntax",
    "missing-file",
    "missing-translation",
    "unknown-language",
    "unknown-audience",
    "audience-not-in-module",
    "unknown-competency",
    "bad-id",
    "id-mismatch",
    "duplicate-id",
    "duplicate-module",
    "unknown-type",
    "no-correct-answer",
    "single-needs-one-correct",
    "choices-count",
    "true-false-needs-answer",
    "true-false-no-choices",
    "too-few-questions",
    "unknown-format",
    "rf-flag-missing",
    "rf-flag-not-explained",
    "rf-flag-repeated",
    "rf-too-few-flags",
    "rf-too-few-neutral",
    "rf-malformed",
    "rf-fields-only",
    "md-missing-part",
    "md-part-order",
    "md-empty-part",
    "md-unknown-marker",
    "md-raw-html",
    "md-broken-link",
    "md-unknown-placeholder",
    "md-image-missing",
    "no-questions",
    "bad-version",
    "bad-duration",
    "empty-list",
    "unknown-test-form",
    "glossary-bad-entry",
    // Warnings.
    "fair-position",
    "fair-longest",
    "fair-true-false",
    "year-in-text",
    "bidi-unmarked",
    "glossary-term",
];

/// 1-based line of a byte offset.
pub fn line_of(src: &str, offset: usize) -> usize {
    let end = offset.min(src.len());
    src.as_bytes()[..end].iter().filter(|b| **b == b'\n').count() + 1
}
