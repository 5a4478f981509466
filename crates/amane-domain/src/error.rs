//! Validation failures that name the field and a stable reason code.
//!
//! The code doubles as a Fluent key (`field_<code>`), so every layer can show it in the reader's language.

use serde::Serialize;

/// One refused field: which field, and why (a stable code such as `email_invalid`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FieldError {
    pub field: String,
    pub code: &'static str,
    /// For a field of several lines (a roster), the 1-based line at fault.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub line: Option<usize>,
}

/// All the refused fields of one input, so a form can show every problem at once.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, thiserror::Error)]
#[error("invalid input: {}", .0.iter().map(|e| format!("{}: {}", e.field, e.code)).collect::<Vec<_>>().join(", "))]
pub struct ValidationErrors(pub Vec<FieldError>);

impl ValidationErrors {
    pub fn new() -> Self {
        Self::default()
    }

    pub fn add(&mut self, field: impl Into<String>, code: &'static str) {
        self.0.push(FieldError { field: field.into(), code, line: None });
    }

    /// A problem on one line of a field of several lines.
    pub fn add_at(&mut self, field: impl Into<String>, code: &'static str, line: usize) {
        self.0.push(FieldError { field: field.into(), code, line: Some(line) });
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// Collects the error of a parse into this list and returns the value if it parsed.
    pub fn check<T>(&mut self, field: &str, result: Result<T, &'static str>) -> Option<T> {
        match result {
            Ok(v) => Some(v),
            Err(code) => {
                self.add(field, code);
                None
            }
        }
    }

    pub fn into_result(self) -> Result<(), ValidationErrors> {
        if self.is_empty() { Ok(()) } else { Err(self) }
    }

    pub fn single(field: impl Into<String>, code: &'static str) -> Self {
        let mut e = Self::new();
        e.add(field, code);
        e
    }

    pub fn code_for(&self, field: &str) -> Option<&'static str> {
        self.0.iter().find(|e| e.field == field).map(|e| e.code)
    }
}
