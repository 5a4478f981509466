//! The content loader on a complete sample module, on broken copies of it (every problem named with file
//! and line), and on random input (never a panic).

use amane_content::{QuestionKind, load_dir, load_files};
use amane_domain::{Audience, Lang};
use proptest::prelude::*;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

fn fixture() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/tree")
}

fn files() -> BTreeMap<String, String> {
    let mut m = BTreeMap::new();
    for e in std::fs::read_dir(fixture().join("sample")).expect("fixture") {
        let e = e.expect("entry");
        let name = format!("sample/{}", e.file_name().to_string_lossy());
        m.insert(name, std::fs::read_to_string(e.path()).expect("read"));
    }
    m
}

/// Replaces the first occurrence of `from` in one file of the tree, and returns the 1-based line it is on.
fn edit(files: &mut BTreeMap<String, String>, file: &str, from: &str, to: &str) -> usize {
    let text = files.get_mut(file).expect("file");
    let at = text.find(from).unwrap_or_else(|| panic!("{from:?} not in {file}"));
    let line = text[..at].matches('\n').count() + 1;
    *text = text.replacen(from, to, 1);
    line
}

/// The 1-based line of `needle` in one file of the tree.
fn line_in(files: &BTreeMap<String, String>, file: &str, needle: &str) -> usize {
    let text = &files[file];
    let at = text.find(needle).unwrap_or_else(|| panic!("{needle:?} not in {file}"));
    text[..at].matches('\n').count() + 1
}

#[test]
fn the_sample_module_loads_with_its_parts_variants_and_questions() {
    let c = load_dir(&fixture()).expect("valid");
    let m = c.module("sample").expect("sample");
    assert_eq!(m.audiences, [Audience::Age12To14, Audience::Staff]);
    assert_eq!(m.title.text(Lang::Ar), "وحدة تجريبية");
    let doc = m.doc(Lang::Ar).expect("ar doc");
    assert_eq!(doc.lesson.len(), 4, "{:?}", doc.lesson);
    assert_eq!(doc.lesson[1].audiences, Some(vec![Audience::Age12To14]));
    assert_eq!(m.questions_for(Audience::Staff).count(), 9);
    assert_eq!(m.questions_for(Audience::Age12To14).count(), 9);
    let rf = m.questions.iter().find(|q| q.id == "sample-rf").expect("scenario");
    let QuestionKind::RedFlags(rf) = &rf.kind else { panic!("not a scenario") };
    assert_eq!(rf.flags.iter().map(|f| f.id.as_str()).collect::<Vec<_>>(), ["link", "urgent"]);
    // A single module folder loads too.
    assert!(load_dir(&fixture().join("sample")).is_ok());
}

#[test]
fn a_broken_copy_lists_every_problem_with_file_and_line() {
    let mut f = files();
    let q = "sample/questions.toml";
    edit(&mut f, q, "prompt.ar = \"العبارة 3.\"\n", "");
    let l_missing = line_in(&f, q, "id = \"sample-03\"");
    let l_dup = edit(&mut f, q, "id = \"sample-05\"", "id = \"sample-04\"");
    edit(&mut f, q, "correct = true\nfr = \"Oui\"", "fr = \"Oui\"");
    let l_correct = line_in(&f, q, "id = \"sample-choice\"");
    let l_flag = edit(&mut f, q, "[[urgent|بسرعة]]", "بسرعة");
    let l_for = edit(&mut f, "sample/fr.md", "<!-- for: 12-14 -->", "<!-- for: 7-9 -->");
    let l_html = edit(&mut f, "sample/en.md", "Only for staff.", "Only for <b>staff</b>.");
    let l_link = edit(&mut f, "sample/ar.md", "(module:sample)", "(ftp://example.org)");
    let l_place = edit(&mut f, "sample/en.md", "{{contact:child_helpline}}", "{{contact:phone}}");
    let problems = load_files(&f).expect_err("broken");
    let got: Vec<(String, usize, &str)> = problems.iter().map(|p| (p.file.clone(), p.line, p.code)).collect();
    let want = [
        (q, l_missing, "missing-translation"),
        (q, l_dup, "duplicate-id"),
        (q, l_correct, "no-correct-answer"),
        ("sample/fr.md", l_for, "unknown-audience"),
        ("sample/en.md", l_html, "md-raw-html"),
        ("sample/ar.md", l_link, "md-broken-link"),
        ("sample/en.md", l_place, "md-unknown-placeholder"),
    ];
    for (file, line, code) in want {
        assert!(
            got.iter().any(|(f, l, c)| f == file && *c == code && *l == line),
            "missing {file}:{line} {code} in {got:#?}"
        );
    }
    assert!(got.iter().any(|(f, _, c)| f == q && *c == "rf-flag-missing"), "flag removed at line {l_flag}: {got:#?}");
    let missing = problems.iter().find(|p| p.code == "missing-translation").expect("missing translation");
    assert!(missing.args.iter().any(|(k, v)| *k == "lang" && v == "ar"), "{missing:?}");
}

#[test]
fn a_poster_part_test_forms_and_law_placeholders_are_read() {
    let mut f = files();
    let md = f.get_mut("sample/en.md").expect("en");
    md.push_str("\n<!-- part: poster -->\n# Remember\nWhat the law says: {{law:harassment}}\n");
    let q = "sample/questions.toml";
    edit(&mut f, q, "id = \"sample-03\"", "id = \"sample-03\"\ntest_form = \"a\"");
    edit(&mut f, q, "id = \"sample-04\"", "id = \"sample-04\"\ntest_form = \"b\"");
    let c = load_files(&f).expect("a poster part, test forms and a law placeholder are valid");
    let m = c.module("sample").expect("sample");
    assert_eq!(m.doc(Lang::En).expect("en").poster.len(), 1);
    assert!(m.doc(Lang::Fr).expect("fr").poster.is_empty(), "the poster part is optional");
    let forms: Vec<_> = m.questions.iter().filter_map(|q| q.test_form.map(|f| (q.id.as_str(), f))).collect();
    assert_eq!(forms, [("sample-03", amane_content::TestForm::A), ("sample-04", amane_content::TestForm::B)]);

    let l_form = edit(&mut f, q, "test_form = \"b\"", "test_form = \"c\"");
    let problems = load_files(&f).expect_err("form c does not exist");
    assert!(problems.iter().any(|p| p.file == q && p.line == l_form && p.code == "unknown-test-form"), "{problems:?}");
}

#[test]
fn missing_files_and_too_few_questions_are_reported() {
    let mut f = files();
    f.remove("sample/ar.md");
    let q = f.get_mut("sample/questions.toml").expect("q");
    *q = q.replace("audiences = [\"12-14\", \"staff\"]\nanswer = true", "audiences = [\"staff\"]\nanswer = true");
    let problems = load_files(&f).expect_err("broken");
    assert!(problems.iter().any(|p| p.file == "sample/ar.md" && p.code == "missing-file"), "{problems:?}");
    assert!(
        problems.iter().any(|p| p.code == "too-few-questions" && p.args.contains(&("audience", "12-14".to_owned()))),
        "{problems:?}"
    );
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn no_input_makes_the_readers_panic(s in "\\PC*") {
        let _ = amane_content::gift::parse(&s, Lang::Fr, "p", &[]);
        let _ = amane_content::moodle::parse(&s, Lang::Fr, "p", &[]);
        let _ = amane_content::redflags::parse(&s);
        let mut f = BTreeMap::new();
        f.insert("m/module.toml".to_owned(), s.clone());
        f.insert("m/questions.toml".to_owned(), s.clone());
        f.insert("m/fr.md".to_owned(), s);
        let _ = load_files(&f);
    }

    #[test]
    fn gift_like_input_never_panics(s in "(::[a-z ]{0,8}::)?[a-zé \\\\:{}=~#%\\-\\n]{0,80}") {
        let _ = amane_content::gift::parse(&s, Lang::Ar, "p", &[Audience::Staff]);
    }

    #[test]
    fn xml_like_input_never_panics(s in "(<quiz>|<question type=\"(multichoice|truefalse)\">|<text>|</text>|<answer fraction=\"[0-9-]{0,3}\">|</answer>|</question>|</quiz>|<!\\[CDATA\\[|\\]\\]>|[a-z&;<>]){0,40}") {
        let _ = amane_content::moodle::parse(&s, Lang::En, "p", &[]);
    }
}

#[test]
fn the_built_in_curriculum_is_complete() {
    let c = amane_content::load_builtin().unwrap_or_else(|p| panic!("the built-in curriculum has problems: {p:#?}"));
    assert!(c.modules.len() >= 10, "{} modules", c.modules.len());
    for m in &c.modules {
        for lang in Lang::ALL {
            assert!(
                m.docs
                    .iter()
                    .any(|(l, d)| *l == lang && !d.lesson.is_empty() && !d.guide.is_empty() && !d.handout.is_empty()),
                "{} lacks {lang}",
                m.id
            );
            assert!(!m.title.text(lang).is_empty());
        }
        for a in &m.audiences {
            assert!(m.questions_for(*a).count() >= 8, "{} has too few questions for {}", m.id, a.code());
        }
    }
    // Every age band and the adults are served.
    for a in Audience::ALL {
        assert!(c.modules.iter().any(|m| m.audiences.contains(&a)), "no module for {}", a.code());
    }
    let scenarios = ["phishing", "deepfakes", "voice-cloning", "chatbots"]
        .iter()
        .filter_map(|id| c.module(id))
        .flat_map(|m| m.questions.iter())
        .filter(|q| matches!(q.kind, QuestionKind::RedFlags(_)))
        .count();
    assert!(scenarios >= 30, "{scenarios} red-flag scenarios in the four modules");
    let topics = [
        "passwords",
        "privacy",
        "phishing",
        "cyberbullying",
        "deepfakes",
        "voice-cloning",
        "chatbots",
        "misinformation",
        "wellbeing",
        "grooming",
        "adults",
    ];
    for t in topics {
        assert!(c.module(t).is_some(), "module {t} missing");
    }
}
