//! `amane content check [DIR]`: checks a content tree (or one module folder, or the built-in curriculum), lists
//! every error and warning with its file and line, and fails if there is any; `--fix-direction` first inserts the
//! direction marks the Arabic texts lack.

use super::Failure;
use amane_i18n::{Arg, Tr};
use clap::Args;
use std::path::PathBuf;

#[derive(Args, Debug)]
pub struct CheckArgs {
    pub dir: Option<PathBuf>,
    /// First insert the missing LEFT-TO-RIGHT MARKs (U+200E) around Latin runs in the Arabic texts of DIR,
    /// in place, and list them.
    #[arg(long, requires = "dir")]
    pub fix_direction: bool,
}

pub fn run(args: CheckArgs, tr: Tr) -> Result<(), Failure> {
    content_check(args.dir.as_deref(), args.fix_direction, tr)
}

fn content_check(dir: Option<&std::path::Path>, fix_direction: bool, tr: Tr) -> Result<(), Failure> {
    // Files are named relative to the tree; a single module folder's relative to its parent.
    let place = |file: &str| match dir {
        None => String::new(),
        Some(d) if d.join("module.toml").is_file() => {
            let parent = d.parent().map(|d| format!("{}/", d.display())).unwrap_or_default();
            format!("{parent}{file}")
        }
        Some(d) => format!("{}/{file}", d.display().to_string().trim_end_matches('/')),
    };
    if fix_direction {
        let d = dir.ok_or_else(|| Failure::usage(tr.plain("cli-content-fix-needs-dir", &[])))?;
        match amane_content::fix_direction(d) {
            Ok(fixes) => {
                for f in &fixes {
                    let args = [
                        ("file", Arg::Str(&place(&f.file))),
                        ("line", Arg::Num(f.line as i64)),
                        ("text", Arg::Str(&f.text)),
                    ];
                    println!("{}", tr.plain("cli-content-fixed", &args));
                }
                let files = fixes.iter().map(|f| f.file.as_str()).collect::<std::collections::BTreeSet<_>>().len();
                let args = [("count", Arg::Num(fixes.len() as i64)), ("files", Arg::Num(files as i64))];
                println!("{}", tr.plain("cli-content-fixed-summary", &args));
            }
            Err(problems) => {
                for p in &problems {
                    println!("{}", describe_problem(tr, p, ""));
                }
                return Err(Failure::runtime(summary(tr, &problems)));
            }
        }
    }
    let loaded = match dir {
        Some(d) => amane_content::load_dir(d),
        None => amane_content::load_builtin(),
    };
    let problems = match &loaded {
        Ok(c) => c.warnings.as_slice(),
        Err(problems) => problems.as_slice(),
    };
    for p in problems {
        println!("{}", describe_problem(tr, p, &place(&p.file)));
    }
    if let Ok(c) = &loaded {
        let questions: usize = c.modules.iter().map(|m| m.questions.len()).sum();
        let args = [("modules", Arg::Num(c.modules.len() as i64)), ("questions", Arg::Num(questions as i64))];
        println!("{}", tr.plain("content-ok", &args));
    }
    if problems.is_empty() { Ok(()) } else { Err(Failure::runtime(summary(tr, problems))) }
}

/// "2 errors, 5 warnings."
pub fn summary(tr: Tr, problems: &[amane_content::Problem]) -> String {
    let errors = problems.iter().filter(|p| p.is_error()).count();
    let args = [("errors", Arg::Num(errors as i64)), ("warnings", Arg::Num((problems.len() - errors) as i64))];
    tr.plain("cli-content-summary", &args)
}

/// One content problem as `file:line: error[code]: message` (or `warning[code]:`) in the reader's language
/// (`place` overrides the file name).
pub fn describe_problem(tr: Tr, p: &amane_content::Problem, place: &str) -> String {
    let args: Vec<(&str, Arg<'_>)> = p.args.iter().map(|(k, v)| (*k, Arg::Str(v.as_str()))).collect();
    let message = tr.plain(&format!("content-{}", p.code), &args);
    let file = if place.is_empty() { p.file.as_str() } else { place };
    let label = tr.plain(if p.is_error() { "cli-content-error" } else { "cli-content-warning" }, &[]);
    format!("{file}:{}: {label}[{}]: {message}", p.line, p.code)
}

#[cfg(test)]
mod tests {
    use super::*;
    use amane_domain::Lang;

    #[test]
    fn every_content_problem_code_and_the_summary_are_translated() {
        for lang in Lang::ALL {
            let tr = Tr::new(lang);
            for code in amane_content::problem::CODES {
                assert!(tr.has(&format!("content-{code}")), "{}: content-{code}", lang.code());
            }
            for key in ["cli-content-error", "cli-content-warning", "cli-content-summary", "cli-content-fixed"] {
                assert!(tr.has(key), "{}: {key}", lang.code());
            }
        }
        let p = amane_content::Problem::warning("m/ar.md", 3, "bidi-unmarked").arg("text", ".top").arg("shown", "top.");
        let line = describe_problem(Tr::new(Lang::En), &p, "content/m/ar.md");
        assert!(
            line.starts_with("content/m/ar.md:3: warning[bidi-unmarked]: \".top\" is displayed as \"top.\""),
            "{line}"
        );
        let summary = summary(Tr::new(Lang::En), &[p.clone(), amane_content::Problem::new("m/x", 0, "missing-file")]);
        assert_eq!(summary, "one error, one warning.");
    }
}
