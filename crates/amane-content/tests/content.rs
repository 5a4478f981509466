//! The content loader on a complete sample module, on broken copies of it (every problem named with file
//! and line, errors and warnings), and on random input (never a panic).

use amane_content::{QuestionKind, Severity, fix_direction, load_dir, load_files};
use amane_domain::{Audience, Lang};
use proptest::prelude::*;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

fn fixture() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/tree")
}

/// The sample tree as `folder/file` → text, with its glossary.
fn files() -> BTreeMap<String, String> {
    let mut m = BTreeMap::new();
    m.insert("GLOSSARY.toml".to_owned(), std::fs::read_to_string(fixture().join("GLOSSARY.toml")).expect("glossary"));
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
    assert_eq!(m.questions_for(Audience::Age12To14).count(), 13);
    let rf = m.questions.iter().find(|q| q.id == "sample-rf").expect("scenario");
    let QuestionKind::RedFlags(rf) = &rf.kind else { panic!("not a scenario") };
    assert_eq!(rf.flags.iter().map(|f| f.id.as_str()).collect::<Vec<_>>(), ["link", "urgent"]);
    // A single module folder loads too.
    assert!(load_dir(&fixture().join("sample")).is_ok());
}

#[test]
fn the_sample_tree_passes_every_warning_rule() {
    // It has what each rule looks at: five single-choice questions, eight true/false ones, Latin runs in Arabic
    // (marked), glossary terms (the right ones).
    let c = load_dir(&fixture()).expect("valid");
    assert_eq!(c.warnings, [], "{:#?}", c.warnings);
    let c = load_files(&files()).expect("valid");
    assert_eq!(c.warnings, []);
    // A single module folder is checked with the glossary of the folder above it.
    let one = load_dir(&fixture().join("sample")).expect("valid");
    assert_eq!(one.warnings, []);
}

/// (file, line, code) of each warning.
fn warnings(f: &BTreeMap<String, String>) -> Vec<(String, usize, &'static str)> {
    let c = load_files(f).unwrap_or_else(|p| panic!("warnings alone do not stop a tree from loading: {p:#?}"));
    assert!(c.warnings.iter().all(|w| w.severity == Severity::Warning));
    c.warnings.iter().map(|p| (p.file.clone(), p.line, p.code)).collect()
}

#[test]
fn a_copy_with_each_rule_broken_warns_with_code_file_and_line() {
    let q = "sample/questions.toml";
    let check = |f: &BTreeMap<String, String>, want: &[(&str, usize, &str)]| {
        let got = warnings(f);
        let want: Vec<(String, usize, &str)> = want.iter().map(|(f, l, c)| (f.to_string(), *l, *c)).collect();
        assert_eq!(got, want);
    };

    // The right answer at the same position too often: s2 moves it to the first choice (3 of 5).
    let mut f = files();
    let text = f.get_mut(q).expect("q");
    let at = text.find("id = \"sample-s2\"").expect("s2");
    let s2 = text[at..]
        .replacen(
            "[[questions.choices]]\nfr = \"Le premier choix\"",
            "[[questions.choices]]\ncorrect = true\nfr = \"Le premier choix\"",
            1,
        )
        .replacen("correct = true\nfr = \"Le troisième\"", "fr = \"Le troisième\"", 1);
    text.replace_range(at.., &s2);
    check(&f, &[(q, 0, "fair-position")]);
    let c = load_files(&f).expect("loads");
    assert!(c.warnings[0].args.contains(&("position", "1".to_owned())), "{:?}", c.warnings[0]);
    assert!(c.warnings[0].args.contains(&("share", "60".to_owned())), "{:?}", c.warnings[0]);

    // The right answer the longest choice too often (in Arabic only).
    let mut f = files();
    for right in ["ar = \"الثاني\"", "ar = \"الثالث\""] {
        let text = f.get_mut(q).expect("q");
        *text = text.replace(right, &right.replace("\"ا", "\"الاختيار الصحيح والأطول ا"));
    }
    check(&f, &[(q, 0, "fair-longest")]);
    let c = load_files(&f).expect("loads");
    assert!(c.warnings[0].args.contains(&("lang", "ar".to_owned())), "{:?}", c.warnings[0]);

    // True/false answers one way too often: 6 of 8.
    let mut f = files();
    edit(&mut f, q, "answer = false", "answer = true");
    edit(&mut f, q, "answer = false", "answer = true");
    check(&f, &[(q, 0, "fair-true-false")]);

    // A year, in any language and any file.
    let mut f = files();
    let l_en = edit(&mut f, "sample/en.md", "Ten minutes.", "Ten minutes, as in 2026.");
    let l_q = edit(&mut f, q, "prompt.fr = \"Affirmation 4.\"", "prompt.fr = \"Affirmation de 2025.\"");
    let l_m = edit(&mut f, "sample/module.toml", "ar = \"وحدة تجريبية\"", "ar = \"وحدة تجريبية 2024\"");
    check(
        &f,
        &[
            ("sample/module.toml", l_m, "year-in-text"),
            ("sample/en.md", l_en, "year-in-text"),
            (q, l_q, "year-in-text"),
        ],
    );

    // Left-to-right runs without their marks, in a lesson and in questions.
    let mut f = files();
    let l_md = edit(&mut f, "sample/ar.md", "*\u{200E}P@ssw0rd!\u{200E}*", "*P@ssw0rd!*");
    let l_sender = edit(&mut f, q, "sender.ar = \"\\u200E+000\\u200E\"", "sender.ar = \"+000\"");
    let l_quote = edit(&mut f, q, "«\\u200EAmine2013!\\u200E»", "«Amine2013!»");
    check(
        &f,
        &[("sample/ar.md", l_md, "bidi-unmarked"), (q, l_sender, "bidi-unmarked"), (q, l_quote, "bidi-unmarked")],
    );
    let c = load_files(&f).expect("loads");
    let args: Vec<_> = c.warnings.iter().map(|w| (w.args[0].1.as_str(), w.args[1].1.as_str())).collect();
    assert_eq!(args, [("P@ssw0rd!", "!P@ssw0rd"), ("+000", "000+"), ("Amine2013!", "!Amine2013")]);
    // The text of the other languages is not concerned.
    let mut f = files();
    edit(&mut f, "sample/en.md", "Text for everyone.", "Text for everyone: P@ssw0rd! .top +212 6 00 00 00 00.");
    check(&f, &[]);

    // A term the glossary says to avoid, in Arabic only.
    let mut f = files();
    let l_md = edit(&mut f, "sample/ar.md", "واسأل الأستاذ", "واسأل المعلّم");
    let l_mod =
        edit(&mut f, "sample/module.toml", "ar = \"وحدة قصيرة للاختبارات.\"", "ar = \"وحدة قصيرة عن كلمة السرّ.\"");
    let l_q = edit(&mut f, q, "وكلمة المرور «", "وكلمة السر «");
    edit(&mut f, "sample/fr.md", "Text for everyone.", "Text for everyone: المعلم.");
    check(
        &f,
        &[
            ("sample/module.toml", l_mod, "glossary-term"),
            ("sample/ar.md", l_md, "glossary-term"),
            (q, l_q, "glossary-term"),
        ],
    );
    let c = load_files(&f).expect("loads");
    assert_eq!(
        c.warnings[1].args,
        [("found", "المعلّم".to_owned()), ("form", "المعلم".to_owned()), ("use", "الأستاذ / الأستاذة".to_owned())]
    );
    // Without a glossary, no term is checked.
    f.remove("GLOSSARY.toml");
    check(&f, &[]);
}

#[test]
fn a_malformed_glossary_is_an_error() {
    let mut f = files();
    f.insert("GLOSSARY.toml".to_owned(), "[[terms]]\nen = \"x\"\nfr = \"x\"\nuse = 3\n".to_owned());
    let problems = load_files(&f).expect_err("refused");
    let got: Vec<_> = problems.iter().map(|p| (p.file.as_str(), p.line, p.code, p.severity)).collect();
    assert_eq!(got, [("GLOSSARY.toml", 4, "toml-syntax", Severity::Error)]);
    f.insert("GLOSSARY.toml".to_owned(), "[[terms]]\nen = \"x\"\nfr = \"x\"\nuse = \"y\"\navoid = [\"\"]\n".to_owned());
    let problems = load_files(&f).expect_err("refused");
    assert_eq!(problems[0].code, "glossary-bad-entry");
}

#[test]
fn fix_direction_marks_a_copy_in_place() {
    let dir = tempfile::tempdir().expect("tmp");
    let copy = dir.path().join("sample");
    std::fs::create_dir(&copy).expect("mkdir");
    std::fs::copy(fixture().join("GLOSSARY.toml"), dir.path().join("GLOSSARY.toml")).expect("copy");
    for e in std::fs::read_dir(fixture().join("sample")).expect("fixture") {
        let e = e.expect("entry");
        std::fs::copy(e.path(), copy.join(e.file_name())).expect("copy");
    }
    let original: BTreeMap<String, String> = files();
    // Take every mark out.
    for name in ["ar.md", "questions.toml"] {
        let path = copy.join(name);
        let text = std::fs::read_to_string(&path).expect("read").replace('\u{200E}', "").replace("\\u200E", "");
        std::fs::write(&path, text).expect("write");
    }
    let before = load_dir(dir.path()).expect("loads");
    assert_eq!(before.warnings.iter().filter(|w| w.code == "bidi-unmarked").count(), 4, "{:#?}", before.warnings);
    let fixes = fix_direction(dir.path()).expect("fixed");
    let got: Vec<_> = fixes.iter().map(|f| (f.file.as_str(), f.text.as_str())).collect();
    assert_eq!(
        got,
        [
            ("sample/ar.md", "P@ssw0rd!"),
            ("sample/ar.md", ".top"),
            ("sample/questions.toml", "+000"),
            ("sample/questions.toml", "Amine2013!")
        ]
    );
    assert_eq!(fixes[0].line, line_in(&original, "sample/ar.md", "P@ssw0rd!"));
    // The marks go back where the fixture has them: U+200E in Markdown, \u200E in TOML "…" strings.
    for name in ["ar.md", "questions.toml"] {
        let text = std::fs::read_to_string(copy.join(name)).expect("read");
        assert_eq!(text, original[&format!("sample/{name}")], "{name}");
    }
    assert_eq!(load_dir(dir.path()).expect("loads").warnings, []);
    assert_eq!(fix_direction(dir.path()).expect("nothing to do"), []);
    // A single module folder can be fixed too.
    assert_eq!(fix_direction(&copy).expect("nothing to do"), []);
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
    *q = q.replace("audiences = [\"12-14\", \"staff\"]\nanswer = true", "audiences = [\"12-14\"]\nanswer = true");
    let problems = load_files(&f).expect_err("broken");
    assert!(problems.iter().any(|p| p.file == "sample/ar.md" && p.code == "missing-file"), "{problems:?}");
    assert!(
        problems.iter().any(|p| p.code == "too-few-questions" && p.args.contains(&("audience", "staff".to_owned()))),
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
