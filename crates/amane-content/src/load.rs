//! Reading and checking a content tree: from the files embedded in the binary, or from a directory.

use crate::checks;
use crate::glossary::{self, Glossary};
use crate::markdown::{self, Target};
use crate::model::*;
use crate::problem::{Problem, line_of};
use crate::redflags::{self, Segment};
use amane_domain::{Audience, Lang};
use serde::Deserialize;
use std::collections::{BTreeMap, HashMap};
use std::path::Path;
use toml::Spanned;

/// Questions each audience of a module needs at least.
pub const MIN_QUESTIONS_PER_AUDIENCE: usize = 8;

/// A checked curriculum.
#[derive(Debug, Clone, Default)]
pub struct Curriculum {
    pub modules: Vec<Module>,
    /// What the checker warns about (never an error: a tree with errors is not loaded).
    pub warnings: Vec<Problem>,
}

impl Curriculum {
    pub fn module(&self, id: &str) -> Option<&Module> {
        self.modules.iter().find(|m| m.id == id)
    }

    pub fn question(&self, id: &str) -> Option<(&Module, &Question)> {
        self.modules.iter().find_map(|m| m.questions.iter().find(|q| q.id == id).map(|q| (m, q)))
    }
}

#[derive(rust_embed::RustEmbed)]
#[folder = "../../content"]
struct Builtin;

/// The curriculum shipped inside the binary, with its glossary.
pub fn load_builtin() -> Result<Curriculum, Vec<Problem>> {
    let mut files = BTreeMap::new();
    for name in Builtin::iter() {
        if let Some(f) = Builtin::get(&name) {
            files.insert(name.to_string(), String::from_utf8_lossy(&f.data).into_owned());
        }
    }
    load_files(&files)
}

/// A content tree (folders of modules and its `GLOSSARY.toml`) or a single module folder (with the glossary of
/// the folder above it).
pub fn load_dir(dir: &Path) -> Result<Curriculum, Vec<Problem>> {
    let (files, siblings) = read_dir(dir)?;
    load_files_with(&files, &siblings)
}

/// The files of a tree, named relative to its root (the parent of a single module folder).
type Files = BTreeMap<String, String>;

/// The files of a tree, and the modules beside a single module.
fn read_dir(dir: &Path) -> Result<(Files, Vec<String>), Vec<Problem>> {
    let mut files = BTreeMap::new();
    let unreadable = |p: &Path, e: std::io::Error| {
        vec![Problem::new(&p.display().to_string(), 0, "missing-file").arg("reason", e.to_string())]
    };
    let single = dir.join("module.toml").is_file();
    // A single module may link to its siblings (module:<id>) though they are not checked with it.
    let mut siblings = Vec::new();
    if single
        && let Some(parent) = dir.parent()
        && let Ok(entries) = std::fs::read_dir(parent)
    {
        for e in entries.filter_map(Result::ok) {
            if e.path().join("module.toml").is_file() {
                siblings.push(e.file_name().to_string_lossy().into_owned());
            }
        }
    }
    let root = if single { dir.parent().map(Path::to_path_buf) } else { Some(dir.to_owned()) };
    if let Some(path) = root.map(|r| r.join(glossary::FILE))
        && path.is_file()
    {
        let bytes = std::fs::read(&path).map_err(|e| unreadable(&path, e))?;
        files.insert(glossary::FILE.to_owned(), String::from_utf8_lossy(&bytes).into_owned());
    }
    let module_dirs: Vec<std::path::PathBuf> = if single {
        vec![dir.to_owned()]
    } else {
        let mut v: Vec<_> = std::fs::read_dir(dir)
            .map_err(|e| unreadable(dir, e))?
            .filter_map(Result::ok)
            .map(|e| e.path())
            .filter(|p| p.is_dir() && p.join("module.toml").is_file())
            .collect();
        v.sort();
        v
    };
    for mdir in module_dirs {
        let name = mdir.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
        for entry in std::fs::read_dir(&mdir).map_err(|e| unreadable(&mdir, e))?.filter_map(Result::ok) {
            let path = entry.path();
            if path.is_file() {
                let fname = entry.file_name().to_string_lossy().into_owned();
                let bytes = std::fs::read(&path).map_err(|e| unreadable(&path, e))?;
                files.insert(format!("{name}/{fname}"), String::from_utf8_lossy(&bytes).into_owned());
            }
        }
    }
    Ok((files, siblings))
}

/// Puts LEFT-TO-RIGHT MARKs around the left-to-right runs that display out of order in the Arabic texts of a
/// tree or module folder on disk (`ar.md`, and the `ar` strings of `module.toml` and `questions.toml`), and
/// says what it changed. Only files that need a mark are written.
pub fn fix_direction(dir: &Path) -> Result<Vec<checks::DirectionFix>, Vec<Problem>> {
    let (files, _) = read_dir(dir)?;
    let root = if dir.join("module.toml").is_file() { dir.parent().unwrap_or(dir) } else { dir };
    let mut fixes = Vec::new();
    for (name, src) in &files {
        let wanted = ["/ar.md", "/module.toml", "/questions.toml"].iter().any(|end| name.ends_with(end));
        if !wanted {
            continue;
        }
        let path = root.join(name);
        // Only a file that is valid UTF-8 is written back.
        if std::fs::read_to_string(&path).ok().as_deref() != Some(src.as_str()) {
            continue;
        }
        if let Some((fixed, mut found)) = checks::fix_direction(name, src) {
            std::fs::write(&path, fixed).map_err(|e| {
                vec![Problem::new(&path.display().to_string(), 0, "missing-file").arg("reason", e.to_string())]
            })?;
            fixes.append(&mut found);
        }
    }
    Ok(fixes)
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawText {
    fr: Option<String>,
    ar: Option<String>,
    en: Option<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawModule {
    id: Spanned<String>,
    version: Spanned<String>,
    duration_minutes: Spanned<i64>,
    audiences: Spanned<Vec<String>>,
    competencies: Spanned<Vec<String>>,
    title: RawText,
    summary: RawText,
    #[serde(default)]
    objectives: Vec<RawText>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawQuestions {
    #[serde(default)]
    questions: Vec<RawQuestion>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawQuestion {
    id: Spanned<String>,
    #[serde(rename = "type")]
    kind: Spanned<String>,
    audiences: Spanned<Vec<String>>,
    prompt: Option<RawText>,
    explanation: Option<RawText>,
    #[serde(default)]
    choices: Vec<Spanned<RawChoice>>,
    answer: Option<bool>,
    format: Option<Spanned<String>>,
    sender: Option<RawText>,
    subject: Option<RawText>,
    message: Option<RawText>,
    #[serde(default)]
    flags: Vec<Spanned<RawFlag>>,
    test_form: Option<Spanned<String>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawChoice {
    #[serde(default)]
    correct: bool,
    fr: Option<String>,
    ar: Option<String>,
    en: Option<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawFlag {
    id: String,
    fr: Option<String>,
    ar: Option<String>,
    en: Option<String>,
}

/// Collects problems for one file.
struct Ctx<'a> {
    file: String,
    src: &'a str,
    problems: &'a mut Vec<Problem>,
}

impl Ctx<'_> {
    fn line<T>(&self, s: &Spanned<T>) -> usize {
        line_of(self.src, s.span().start)
    }
    fn push(&mut self, line: usize, code: &'static str) -> &mut Problem {
        self.problems.push(Problem::new(&self.file, line, code));
        self.problems.last_mut().expect("just pushed")
    }
    /// All three languages present and non-empty; problems point at `line`.
    fn text3(&mut self, raw: &RawText, line: usize, field: &str) -> Text3 {
        self.langs(line, field, [&raw.fr, &raw.ar, &raw.en])
    }
    fn langs(&mut self, line: usize, field: &str, values: [&Option<String>; 3]) -> Text3 {
        for (lang, v) in Lang::ALL.into_iter().zip(values) {
            if v.as_deref().is_none_or(|s| s.trim().is_empty()) {
                let p = self.push(line, "missing-translation");
                p.args.push(("field", field.to_owned()));
                p.args.push(("lang", lang.code().to_owned()));
            }
        }
        Text3 { fr: values[0].clone(), ar: values[1].clone(), en: values[2].clone() }
    }
    fn audiences(&mut self, raw: &Spanned<Vec<String>>, allowed: Option<&[Audience]>) -> Vec<Audience> {
        let line = self.line(raw);
        let mut out = Vec::new();
        for code in raw.get_ref() {
            match Audience::parse(code) {
                Ok(a) if allowed.is_none_or(|list| list.contains(&a)) => {
                    if !out.contains(&a) {
                        out.push(a);
                    }
                }
                Ok(_) => {
                    self.push(line, "audience-not-in-module").args.push(("value", code.clone()));
                }
                Err(_) => {
                    self.push(line, "unknown-audience").args.push(("value", code.clone()));
                }
            }
        }
        if raw.get_ref().is_empty() {
            self.push(line, "empty-list").args.push(("field", "audiences".into()));
        }
        out
    }
}

fn toml_problem(file: &str, src: &str, e: &toml::de::Error) -> Problem {
    let line = e.span().map(|s| line_of(src, s.start)).unwrap_or(0);
    Problem::new(file, line, "toml-syntax").arg("message", e.message().trim().to_owned())
}

fn valid_id(s: &str) -> bool {
    !s.is_empty()
        && s.len() <= 64
        && s.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
        && !s.starts_with('-')
        && !s.ends_with('-')
}

/// Loads and checks a whole tree given as `folder/file` → text.
pub fn load_files(files: &BTreeMap<String, String>) -> Result<Curriculum, Vec<Problem>> {
    load_files_with(files, &[])
}

/// As [`load_files`], with further module ids that `module:` links may point to.
pub fn load_files_with(files: &BTreeMap<String, String>, known: &[String]) -> Result<Curriculum, Vec<Problem>> {
    let mut problems = Vec::new();
    let mut warnings = Vec::new();
    let mut modules = Vec::new();
    let glossary = match files.get(glossary::FILE).map(|src| Glossary::parse(src)) {
        Some(Ok(g)) => g,
        Some(Err(mut found)) => {
            problems.append(&mut found);
            Glossary::default()
        }
        None => Glossary::default(),
    };
    let mut folders: Vec<&str> = files.keys().filter_map(|k| k.split_once('/').map(|(d, _)| d)).collect();
    folders.dedup();
    let mut links: Vec<(String, usize, String)> = Vec::new();
    for folder in folders {
        let mut found = Found { problems: &mut problems, warnings: &mut warnings, links: &mut links };
        if let Some(m) = load_module(folder, files, &glossary, &mut found) {
            modules.push(m);
        }
    }
    // Across modules: question ids are unique, and module: links lead somewhere.
    let mut seen: HashMap<&str, &str> = HashMap::new();
    for m in &modules {
        for q in &m.questions {
            if let Some(other) = seen.insert(&q.id, &m.id) {
                problems.push(
                    Problem::new(&format!("{}/questions.toml", m.id), 0, "duplicate-id")
                        .arg("id", q.id.clone())
                        .arg("other", other),
                );
            }
        }
    }
    for (file, line, target) in links {
        if !modules.iter().any(|m| m.id == target) && !known.contains(&target) {
            problems.push(Problem::new(&file, line, "md-broken-link").arg("target", format!("module:{target}")));
        }
    }
    if problems.is_empty() {
        Ok(Curriculum { modules, warnings })
    } else {
        problems.append(&mut warnings);
        Err(problems)
    }
}

/// What checking a module finds: errors, warnings, and `module:` links to check once every module is read.
struct Found<'a> {
    problems: &'a mut Vec<Problem>,
    warnings: &'a mut Vec<Problem>,
    links: &'a mut Vec<(String, usize, String)>,
}

fn load_module(
    folder: &str,
    files: &BTreeMap<String, String>,
    glossary: &Glossary,
    found: &mut Found<'_>,
) -> Option<Module> {
    let problems = &mut *found.problems;
    let links = &mut *found.links;
    let path = |name: &str| format!("{folder}/{name}");
    let Some(src) = files.get(&path("module.toml")) else {
        problems.push(Problem::new(&path("module.toml"), 0, "missing-file"));
        return None;
    };
    let raw: RawModule = match toml::from_str(src) {
        Ok(r) => r,
        Err(e) => {
            problems.push(toml_problem(&path("module.toml"), src, &e));
            return None;
        }
    };
    found.warnings.append(&mut checks::toml(&path("module.toml"), src, glossary));
    let mut cx = Ctx { file: path("module.toml"), src, problems };
    let id = raw.id.get_ref().clone();
    if !valid_id(&id) {
        let l = cx.line(&raw.id);
        cx.push(l, "bad-id").args.push(("value", id.clone()));
    } else if id != folder {
        let l = cx.line(&raw.id);
        let p = cx.push(l, "id-mismatch");
        p.args.push(("id", id.clone()));
        p.args.push(("folder", folder.to_owned()));
    }
    let version = raw.version.get_ref().clone();
    let version_ok = {
        let parts: Vec<_> = version.split('.').collect();
        parts.len() == 3 && parts.iter().all(|p| !p.is_empty() && p.chars().all(|c| c.is_ascii_digit()))
    };
    if !version_ok {
        let l = cx.line(&raw.version);
        cx.push(l, "bad-version").args.push(("value", version.clone()));
    }
    let duration = *raw.duration_minutes.get_ref();
    if !(5..=480).contains(&duration) {
        let l = cx.line(&raw.duration_minutes);
        cx.push(l, "bad-duration").args.push(("value", duration.to_string()));
    }
    let audiences = cx.audiences(&raw.audiences, None);
    let mut competencies = Vec::new();
    for c in raw.competencies.get_ref() {
        match Competency::parse(c) {
            Some(k) => competencies.push(k),
            None => {
                let l = cx.line(&raw.competencies);
                cx.push(l, "unknown-competency").args.push(("value", c.clone()));
            }
        }
    }
    if raw.competencies.get_ref().is_empty() {
        let l = cx.line(&raw.competencies);
        cx.push(l, "empty-list").args.push(("field", "competencies".into()));
    }
    let id_line = cx.line(&raw.id);
    let title = cx.text3(&raw.title, id_line, "title");
    let summary = cx.text3(&raw.summary, id_line, "summary");
    let objectives: Vec<Text3> = raw.objectives.iter().map(|o| cx.text3(o, id_line, "objectives")).collect();
    if objectives.is_empty() {
        cx.push(0, "empty-list").args.push(("field", "objectives".into()));
    }

    let mut docs = Vec::new();
    for lang in Lang::ALL {
        let name = path(&format!("{}.md", lang.code()));
        let Some(md) = files.get(&name) else {
            problems.push(Problem::new(&name, 0, "missing-file"));
            continue;
        };
        found.warnings.append(&mut checks::markdown(&name, md, lang, glossary));
        let (doc, located, mut errors) = markdown::split(md, &name, &audiences);
        problems.append(&mut errors);
        for (_, line, text) in located {
            let (mut errors, targets) = markdown::check(&text, &name, line);
            problems.append(&mut errors);
            for (l, t) in targets {
                match t {
                    Target::Module(m) => links.push((name.clone(), l, m)),
                    Target::File(f) => {
                        if !files.contains_key(&path(&f)) {
                            problems.push(Problem::new(&name, l, "md-image-missing").arg("target", f));
                        }
                    }
                }
            }
        }
        docs.push((lang, doc));
    }

    let qname = path("questions.toml");
    let questions = match files.get(&qname) {
        None => {
            problems.push(Problem::new(&qname, 0, "missing-file"));
            Vec::new()
        }
        Some(qsrc) => match toml::from_str::<RawQuestions>(qsrc) {
            Err(e) => {
                problems.push(toml_problem(&qname, qsrc, &e));
                Vec::new()
            }
            Ok(raw) => {
                let mut cx = Ctx { file: qname.clone(), src: qsrc, problems };
                let mut out = Vec::new();
                let mut ids: HashMap<String, usize> = HashMap::new();
                for rq in &raw.questions {
                    if let Some(q) = question(&mut cx, rq, &audiences, &mut ids) {
                        out.push(q);
                    }
                }
                if raw.questions.is_empty() {
                    cx.push(0, "no-questions");
                }
                for a in &audiences {
                    let n = out.iter().filter(|q| q.audiences.contains(a)).count();
                    if n < MIN_QUESTIONS_PER_AUDIENCE {
                        let p = cx.push(0, "too-few-questions");
                        p.args.push(("audience", a.code().to_owned()));
                        p.args.push(("count", n.to_string()));
                        p.args.push(("min", MIN_QUESTIONS_PER_AUDIENCE.to_string()));
                    }
                }
                found.warnings.append(&mut checks::toml(&qname, qsrc, glossary));
                found.warnings.append(&mut checks::fair(&qname, &out));
                out
            }
        },
    };

    Some(Module {
        id,
        version,
        duration_minutes: u32::try_from(duration).unwrap_or(0),
        audiences,
        competencies,
        title,
        summary,
        objectives,
        docs,
        questions,
    })
}

fn question(
    cx: &mut Ctx<'_>,
    rq: &RawQuestion,
    module_audiences: &[Audience],
    ids: &mut HashMap<String, usize>,
) -> Option<Question> {
    let line = cx.line(&rq.id);
    let id = rq.id.get_ref().trim().to_owned();
    let id_ok =
        !id.is_empty() && id.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-' || c == '_');
    if !id_ok {
        cx.push(line, "bad-id").args.push(("value", id.clone()));
    }
    if let Some(first) = ids.insert(id.clone(), line) {
        let other = format!("{}:{first}", cx.file);
        let p = cx.push(line, "duplicate-id");
        p.args.push(("id", id.clone()));
        p.args.push(("other", other));
    }
    let audiences = cx.audiences(&rq.audiences, Some(module_audiences));
    let prompt = match &rq.prompt {
        Some(p) => cx.text3(p, line, "prompt"),
        None => cx.langs(line, "prompt", [&None, &None, &None]),
    };
    let explanation = match &rq.explanation {
        Some(p) => cx.text3(p, line, "explanation"),
        None => cx.langs(line, "explanation", [&None, &None, &None]),
    };
    let kind_line = cx.line(&rq.kind);
    let choices = |cx: &mut Ctx<'_>| -> Vec<Choice> {
        rq.choices
            .iter()
            .map(|c| {
                let l = cx.line(c);
                let r = c.get_ref();
                Choice { text: cx.langs(l, "choices", [&r.fr, &r.ar, &r.en]), correct: r.correct, feedback: None }
            })
            .collect()
    };
    let not_for = |cx: &mut Ctx<'_>, present: bool, field: &str| {
        if present {
            let p = cx.push(kind_line, "rf-fields-only");
            p.args.push(("field", field.to_owned()));
        }
    };
    let kind = match rq.kind.get_ref().as_str() {
        t @ ("single" | "multiple") => {
            not_for(cx, rq.format.is_some() || rq.message.is_some() || !rq.flags.is_empty(), "format/message/flags");
            let choices = choices(cx);
            let correct = choices.iter().filter(|c| c.correct).count();
            if !(2..=6).contains(&choices.len()) {
                cx.push(line, "choices-count").args.push(("count", choices.len().to_string()));
            }
            if correct == 0 {
                cx.push(line, "no-correct-answer");
            } else if t == "single" && correct != 1 {
                cx.push(line, "single-needs-one-correct").args.push(("count", correct.to_string()));
            }
            if t == "single" { QuestionKind::Single { choices } } else { QuestionKind::Multiple { choices } }
        }
        "true_false" => {
            if !rq.choices.is_empty() {
                cx.push(line, "true-false-no-choices");
            }
            not_for(cx, rq.format.is_some() || rq.message.is_some() || !rq.flags.is_empty(), "format/message/flags");
            match rq.answer {
                Some(answer) => QuestionKind::TrueFalse { answer },
                None => {
                    cx.push(line, "true-false-needs-answer");
                    QuestionKind::TrueFalse { answer: false }
                }
            }
        }
        "red_flags" => red_flags(cx, rq, kind_line),
        other => {
            cx.push(kind_line, "unknown-type").args.push(("value", other.to_owned()));
            return None;
        }
    };
    let test_form = rq.test_form.as_ref().and_then(|f| {
        let form = TestForm::parse(f.get_ref());
        if form.is_none() {
            let l = cx.line(f);
            cx.push(l, "unknown-test-form").args.push(("value", f.get_ref().clone()));
        }
        form
    });
    Some(Question { id, audiences, prompt, explanation, kind, test_form })
}

fn red_flags(cx: &mut Ctx<'_>, rq: &RawQuestion, line: usize) -> QuestionKind {
    if !rq.choices.is_empty() || rq.answer.is_some() {
        cx.push(line, "rf-fields-only").args.push(("field", "choices/answer".into()));
    }
    let format = match &rq.format {
        Some(f) => RfFormat::parse(f.get_ref()).unwrap_or_else(|| {
            let l = cx.line(f);
            cx.push(l, "unknown-format").args.push(("value", f.get_ref().clone()));
            RfFormat::Sms
        }),
        None => {
            cx.push(line, "unknown-format").args.push(("value", String::new()));
            RfFormat::Sms
        }
    };
    let qline = cx.line(&rq.id);
    let sender = rq.sender.as_ref().map(|s| cx.text3(s, qline, "sender"));
    let subject = rq.subject.as_ref().map(|s| cx.text3(s, qline, "subject"));
    let message = match &rq.message {
        Some(m) => cx.text3(m, qline, "message"),
        None => cx.langs(line, "message", [&None, &None, &None]),
    };
    let mline = qline;
    let mut flags = Vec::new();
    for f in &rq.flags {
        let l = cx.line(f);
        let r = f.get_ref();
        flags.push(Flag { id: r.id.clone(), explanation: cx.langs(l, "flags", [&r.fr, &r.ar, &r.en]) });
    }
    if flags.len() < 2 {
        cx.push(line, "rf-too-few-flags").args.push(("count", flags.len().to_string()));
    }
    for lang in Lang::ALL {
        let Some(text) = message.exact(lang) else { continue };
        match redflags::parse(text) {
            Err(reason) => {
                let p = cx.push(mline, "rf-malformed");
                p.args.push(("lang", lang.code().to_owned()));
                p.args.push(("reason", reason));
            }
            Ok(segs) => {
                let mut count: BTreeMap<&str, usize> = BTreeMap::new();
                let mut neutral = 0;
                for s in &segs {
                    match s {
                        Segment::Flag { id, .. } => *count.entry(id.as_str()).or_default() += 1,
                        Segment::Neutral { .. } => neutral += 1,
                        Segment::Text { .. } => {}
                    }
                }
                for f in &flags {
                    match count.get(f.id.as_str()) {
                        None => {
                            let p = cx.push(mline, "rf-flag-missing");
                            p.args.push(("flag", f.id.clone()));
                            p.args.push(("lang", lang.code().to_owned()));
                        }
                        Some(n) if *n > 1 => {
                            let p = cx.push(mline, "rf-flag-repeated");
                            p.args.push(("flag", f.id.clone()));
                            p.args.push(("lang", lang.code().to_owned()));
                        }
                        _ => {}
                    }
                }
                for id in count.keys() {
                    if !flags.iter().any(|f| f.id == *id) {
                        let p = cx.push(mline, "rf-flag-not-explained");
                        p.args.push(("flag", (*id).to_owned()));
                        p.args.push(("lang", lang.code().to_owned()));
                    }
                }
                if neutral < 2 {
                    let p = cx.push(mline, "rf-too-few-neutral");
                    p.args.push(("lang", lang.code().to_owned()));
                    p.args.push(("count", neutral.to_string()));
                }
            }
        }
    }
    QuestionKind::RedFlags(Box::new(RedFlags { format, sender, subject, message, flags }))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_built_in_glossary_is_embedded_and_read() {
        let file = Builtin::get(glossary::FILE).expect("GLOSSARY.toml is embedded with the modules");
        let g = Glossary::parse(&String::from_utf8_lossy(&file.data)).expect("the built-in glossary is valid");
        assert!(!g.is_empty());
        // load_builtin passes it to the checker: a tree whose only Arabic text is an avoided form warns.
        let mut files: BTreeMap<String, String> = Builtin::iter()
            .filter_map(|n| Builtin::get(&n).map(|f| (n.to_string(), String::from_utf8_lossy(&f.data).into_owned())))
            .collect();
        assert!(files.contains_key(glossary::FILE));
        let q = files.get_mut("passwords/module.toml").expect("passwords");
        *q = q.replacen("ar = \"", "ar = \"كلمة السر ", 1);
        let c = load_files(&files).expect("warnings do not stop loading");
        assert!(c.warnings.iter().any(|w| w.code == "glossary-term" && w.file == "passwords/module.toml"));
    }
}
