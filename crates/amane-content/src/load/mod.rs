//! Reading and checking a content tree: from the files embedded in the binary, or from a directory. A module's
//! files are checked here; the TOML as written is in `raw`, the checks of one question in `question`.

mod question;
mod raw;

use crate::checks;
use crate::glossary::{self, Glossary};
use crate::markdown::{self, Target};
use crate::model::*;
use crate::problem::{Problem, line_of};
use amane_domain::Lang;
use question::question;
use raw::{Ctx, RawModule, RawQuestions};
use std::collections::{BTreeMap, HashMap};
use std::path::Path;

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
