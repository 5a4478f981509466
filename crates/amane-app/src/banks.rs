//! Question banks: importing GIFT or Moodle XML files into custom modules, and exporting any module's
//! questions back to those formats. One service for the CLI, the upload page and (later) the API.

use crate::error::Error;
use amane_content::gift::{self, Import, Skipped};
use amane_content::{Curriculum, Module, Question, Text3, moodle};
use amane_domain::FieldCode;
use amane_domain::{Audience, Lang, Role, User, ValidationErrors};
use amane_i18n::{Arg, Tr};
use amane_store::banks::{Bank, BankImport};
use amane_store::{Db, StoreError, now_ms};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BankFormat {
    Gift,
    MoodleXml,
}

impl BankFormat {
    pub fn parse(s: &str) -> Option<BankFormat> {
        match s.trim().to_ascii_lowercase().as_str() {
            "gift" => Some(BankFormat::Gift),
            "moodle-xml" | "moodle" | "xml" => Some(BankFormat::MoodleXml),
            _ => None,
        }
    }

    /// From the file name, else from the content.
    pub fn detect(file_name: &str, text: &str) -> BankFormat {
        let lower = file_name.to_ascii_lowercase();
        if lower.ends_with(".xml") {
            return BankFormat::MoodleXml;
        }
        if lower.ends_with(".gift") || lower.ends_with(".txt") {
            return BankFormat::Gift;
        }
        let head = text.trim_start();
        if head.starts_with("<?xml") || head.starts_with("<quiz") { BankFormat::MoodleXml } else { BankFormat::Gift }
    }

    pub fn code(self) -> &'static str {
        match self {
            BankFormat::Gift => "gift",
            BankFormat::MoodleXml => "moodle-xml",
        }
    }
}

/// What the person asked to import.
#[derive(Debug, Clone)]
pub struct ImportRequest {
    pub module: String,
    pub title: String,
    pub lang: Lang,
    pub audiences: Vec<Audience>,
    pub file_name: String,
    pub bytes: Vec<u8>,
    /// `Some(false)`: private to the importer (and administrators and organizers); `Some(true)`: every staff
    /// member's; `None`: as the bank is (shared, for a new one).
    pub shared: Option<bool>,
}

/// Whether `user` may see and use the bank: a shared one, their own, or any for administrators and organizers.
pub fn may_see(user: &User, bank: &Bank) -> bool {
    bank.shared || may_change(Some(user), bank)
}

/// Whether `user` (`None`: the operator at the terminal) may change the bank: its owner, an administrator or an
/// organizer.
pub fn may_change(user: Option<&User>, bank: &Bank) -> bool {
    match user {
        None => true,
        Some(u) => matches!(u.role, Role::Admin | Role::Organizer) || bank.owner == Some(u.id),
    }
}

#[derive(Debug, Clone)]
pub struct ImportReport {
    pub format: BankFormat,
    pub created_bank: bool,
    pub inserted: usize,
    pub updated: usize,
    pub skipped: Vec<Skipped>,
}

impl ImportReport {
    pub fn imported(&self) -> usize {
        self.inserted + self.updated
    }
}

fn valid_module_id(s: &str) -> bool {
    !s.is_empty()
        && s.len() <= 64
        && s.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
        && !s.starts_with('-')
        && !s.ends_with('-')
}

/// Reads the file and stores its supported questions in the custom module, all or nothing.
pub async fn import(
    db: &Db,
    curriculum: &Curriculum,
    req: &ImportRequest,
    by: Option<&User>,
) -> Result<ImportReport, Error> {
    let mut errors = ValidationErrors::new();
    if !valid_module_id(&req.module) {
        errors.add("module", FieldCode::IdInvalid);
    } else if curriculum.module(&req.module).is_some() {
        errors.add("module", FieldCode::ModuleBuiltin);
    } else if let Some(bank) = db.find_bank(&req.module).await?
        && !may_change(by, &bank)
    {
        // Another facilitator's bank: importing into it would change their questions.
        errors.add("module", FieldCode::BankNotYours);
    }
    if req.audiences.is_empty() {
        errors.add("audience", FieldCode::Required);
    }
    let text = match std::str::from_utf8(&req.bytes) {
        Ok(t) => t.trim_start_matches('\u{feff}'),
        Err(_) => {
            errors.add("file", FieldCode::FileNotUtf8);
            ""
        }
    };
    if req.bytes.is_empty() {
        errors.add("file", FieldCode::Required);
    }
    errors.into_result()?;
    let format = BankFormat::detect(&req.file_name, text);
    let parsed: Import = match format {
        BankFormat::Gift => gift::parse(text, req.lang, &req.module, &req.audiences),
        BankFormat::MoodleXml => {
            moodle::parse(text, req.lang, &req.module, &req.audiences).map_err(|(line, reason)| Error::Unreadable {
                code: crate::ErrorCode::BankUnreadable,
                details: serde_json::json!({"line": line, "reason": reason}),
            })?
        }
    };
    let mut rows = Vec::with_capacity(parsed.questions.len());
    for q in &parsed.questions {
        let json = serde_json::to_string(q).map_err(|e| Error::caused("writing a question as JSON", e))?;
        rows.push((q.id.clone(), json));
    }
    // Questions with the same id in one file: the last one wins, counted once.
    let mut seen = std::collections::HashSet::new();
    let mut deduped: Vec<(String, String)> = rows.into_iter().rev().filter(|(id, _)| seen.insert(id.clone())).collect();
    deduped.reverse();
    let title = if req.title.trim().is_empty() { req.module.clone() } else { req.title.trim().to_owned() };
    let bank = BankImport { id: &req.module, title: &title, lang: req.lang, by: by.map(|u| u.id), shared: req.shared };
    let up = match db.upsert_bank(bank, &deduped, now_ms()).await {
        Ok(u) => u,
        Err(StoreError::Conflict(_)) => {
            return Err(Error::Validation(ValidationErrors::single("lang", FieldCode::BankOtherLang)));
        }
        Err(e) => return Err(e.into()),
    };
    tracing::info!(module = %req.module, format = format.code(), inserted = up.inserted, updated = up.updated, skipped = parsed.skipped.len(), "question bank imported");
    Ok(ImportReport {
        format,
        created_bank: up.created_bank,
        inserted: up.inserted,
        updated: up.updated,
        skipped: parsed.skipped,
    })
}

/// A custom module built from a stored bank that `user` may see (`None`: the operator, who sees every bank).
pub async fn bank_module(db: &Db, id: &str, user: Option<&User>) -> Result<Option<Module>, Error> {
    let Some(bank) = db.find_bank(id).await? else { return Ok(None) };
    if user.is_some_and(|u| !may_see(u, &bank)) {
        return Ok(None);
    }
    let mut questions = Vec::new();
    for body in db.bank_questions(id).await? {
        let q: Question =
            serde_json::from_str(&body).map_err(|e| Error::caused(format!("reading the stored question {id}"), e))?;
        questions.push(q);
    }
    let mut audiences: Vec<Audience> = Vec::new();
    for a in questions.iter().flat_map(|q| q.audiences.iter()) {
        if !audiences.contains(a) {
            audiences.push(*a);
        }
    }
    Ok(Some(Module {
        id: bank.id,
        version: "1.0.0".into(),
        duration_minutes: 0,
        audiences,
        competencies: Vec::new(),
        title: Text3::one(bank.lang, bank.title),
        summary: Text3::default(),
        objectives: Vec::new(),
        docs: Vec::new(),
        questions,
    }))
}

/// A module from the curriculum or, failing that, from the imported banks.
pub async fn find_module(db: &Db, curriculum: &Curriculum, id: &str) -> Result<Option<Module>, Error> {
    match curriculum.module(id) {
        Some(m) => Ok(Some(m.clone())),
        None => bank_module(db, id, None).await,
    }
}

/// The module's questions in the format, and the ids of questions the format cannot hold.
pub fn export(module: &Module, format: BankFormat, lang: Lang) -> (String, Vec<String>) {
    match format {
        BankFormat::Gift => gift::write(&module.questions, lang),
        BankFormat::MoodleXml => moodle::write(&module.questions, lang, &module.id),
    }
}

/// How many lines of each reason the import report names.
const SKIPPED_LINES_SHOWN: usize = 5;

/// The skipped questions of an import, one sentence per reason in the order each first appears: the reason, how
/// many, and their first lines. The import page and `amane import questions` show the same sentences (a bank of
/// 20 MB skipped 49,020 questions, one printed line each).
pub fn skipped_report(tr: &Tr, skipped: &[Skipped]) -> Vec<String> {
    let mut groups: Vec<(&str, Vec<usize>)> = Vec::new();
    for s in skipped {
        match groups.iter_mut().find(|(kind, _)| *kind == s.kind) {
            Some((_, lines)) => lines.push(s.line),
            None => groups.push((&s.kind, vec![s.line])),
        }
    }
    groups
        .into_iter()
        .map(|(kind, lines)| {
            let reason = match kind {
                "essay" => tr.get("import-skip-essay"),
                "numerical" => tr.get("import-skip-numerical"),
                "matching" => tr.get("import-skip-matching"),
                "description" => tr.get("import-skip-description"),
                "cloze" => tr.get("import-skip-cloze"),
                "unclosed" => tr.get("import-skip-unclosed"),
                "no_text" => tr.get("import-skip-no-text"),
                "bad_answers" => tr.get("import-skip-bad-answers"),
                "no_right" => tr.get("import-skip-no-right"),
                "no_type" => tr.get("import-skip-no-type"),
                other => tr.args("import-skip-type", &[("kind", Arg::Str(other))]),
            };
            let shown: Vec<String> = lines.iter().take(SKIPPED_LINES_SHOWN).map(usize::to_string).collect();
            let more = lines.len() - shown.len();
            let args = [
                ("reason", Arg::Str(&reason)),
                ("count", Arg::Num(lines.len() as i64)),
                ("lines", Arg::Str(&shown.join(", "))),
                ("more", Arg::Num(more as i64)),
            ];
            let key = match (lines.len(), more) {
                (1, _) => "import-skip-group-one",
                (_, 0) => "import-skip-group",
                _ => "import-skip-group-more",
            };
            tr.args(key, &args)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn skipped_questions_are_told_once_per_reason_with_their_first_lines() {
        let skipped: Vec<Skipped> = [(3, "essay"), (5, "cloze"), (8, "essay"), (9, "ddwtos")]
            .into_iter()
            .chain((10..20).map(|l| (l, "no_right")))
            .map(|(line, kind)| Skipped { line, kind: kind.into(), title: String::new() })
            .collect();
        let tr = Tr::new(Lang::En);
        let report: Vec<String> =
            skipped_report(&tr, &skipped).iter().map(|l| amane_i18n::strip_isolation(l)).collect();
        assert_eq!(
            report,
            [
                "essay questions, not supported yet: 2 (lines 3, 8)",
                "cloze questions (answers inside the text), not supported (line 5)",
                "questions of type “ddwtos”, not supported (line 9)",
                "no right answer: 10 (lines 10, 11, 12, 13, 14 and 5 more)",
            ]
        );
        for lang in [Lang::Fr, Lang::Ar] {
            let lines = skipped_report(&Tr::new(lang), &skipped);
            assert_eq!(lines.len(), 4);
            assert!(lines.iter().all(|l| !l.contains("import-skip")), "{lines:?}");
        }
    }
}
