//! `amane` as an operator runs it: start-up on both databases, refusals of bad settings, admin commands,
//! graceful shutdown.

use crate::common::{bin, health, serve};
use amane_store::testing;
use std::io::Write;
use std::process::{Output, Stdio};
use std::time::{Duration, Instant};

fn run(args: &[&str]) -> Output {
    bin().args(args).stdin(Stdio::null()).output().expect("run amane")
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

#[test]
fn serves_health_on_sqlite_and_stops_cleanly_on_sigterm() {
    let dir = tempfile::tempdir().expect("tmp");
    let data = dir.path().join("fresh/data");
    let mut server = serve(&data, &[]);
    eprintln!("sqlite: /healthz answered 200 {:?} after spawn (debug build)", server.ready_after);
    assert!(data.join("amane.db").is_file(), "the data directory and database were created");
    // A fresh installation prints the one-time setup link.
    let link = server.drain().into_iter().find(|l| l.contains("/setup/")).expect("setup link printed");
    assert!(link.contains(&server.url), "{link}");
    let code = server.terminate();
    assert_eq!(code, Some(0), "SIGTERM ends the process cleanly");
    assert!(server.drain().iter().any(|l| l.contains("stopped cleanly")));
    assert_eq!(health(&server.url), None, "nothing listens any more");
}

#[test]
fn serves_health_on_postgres() {
    let Some(admin_url) = testing::postgres_url() else { return };
    let rt = tokio::runtime::Builder::new_current_thread().enable_all().build().expect("runtime");
    let t = rt.block_on(testing::postgres(&admin_url));
    let dir = tempfile::tempdir().expect("tmp");
    let mut server = serve(&dir.path().join("unused"), &["--database-url", &t.url]);
    eprintln!("postgres: /healthz answered 200 {:?} after spawn (debug build)", server.ready_after);
    assert!(!dir.path().join("unused").exists(), "PostgreSQL needs no data directory");
    assert_eq!(server.terminate(), Some(0));
}

#[test]
fn unknown_flags_exit_2() {
    let o = run(&["serve", "--no-such-flag"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("--no-such-flag"));
}

#[test]
fn an_unusable_data_dir_is_refused_and_nothing_is_created() {
    let dir = tempfile::tempdir().expect("tmp");
    let file = dir.path().join("a-file");
    std::fs::write(&file, "x").expect("write");
    let target = file.join("data");
    let o = run(&["--lang", "en", "serve", "--bind", "127.0.0.1:0", "--data-dir", target.to_str().expect("utf8")]);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    let err = stderr(&o);
    assert!(err.contains("data directory") && err.contains("--data-dir"), "{err}");
    assert_eq!(err.trim().lines().count(), 1, "one clear line: {err}");
    // The same refusal in Arabic and French.
    let o = run(&["--lang", "ar", "serve", "--bind", "127.0.0.1:0", "--data-dir", target.to_str().expect("utf8")]);
    assert!(stderr(&o).contains("مجلد البيانات"), "{}", stderr(&o));
    let o = run(&["--lang", "fr", "serve", "--bind", "127.0.0.1:0", "--data-dir", target.to_str().expect("utf8")]);
    assert!(stderr(&o).contains("dossier de données"), "{}", stderr(&o));
}

#[test]
fn malformed_database_urls_exit_2_before_creating_anything() {
    let dir = tempfile::tempdir().expect("tmp");
    let data = dir.path().join("never");
    for url in ["mysql://root@localhost/amane", "postgres://host:notaport/db", "sqlite:"] {
        let o = run(&[
            "--lang",
            "en",
            "serve",
            "--bind",
            "127.0.0.1:0",
            "--data-dir",
            data.to_str().expect("utf8"),
            "--database-url",
            url,
        ]);
        assert_eq!(o.status.code(), Some(2), "{url}: {}", stderr(&o));
        assert!(stderr(&o).contains("database URL"), "{url}: {}", stderr(&o));
        assert!(!data.exists(), "{url} left a data directory behind");
    }
}

#[test]
fn an_unreachable_postgres_exits_2_quickly() {
    let dir = tempfile::tempdir().expect("tmp");
    let data = dir.path().join("never");
    let start = Instant::now();
    let o = run(&[
        "--lang",
        "en",
        "serve",
        "--bind",
        "127.0.0.1:0",
        "--data-dir",
        data.to_str().expect("utf8"),
        "--database-url",
        "postgres://amane:secret@127.0.0.1:1/amane",
    ]);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    let err = stderr(&o);
    assert!(err.contains("Cannot open the database") && err.contains("--database-url"), "{err}");
    assert!(!err.contains("secret"), "the password is not printed: {err}");
    assert!(start.elapsed() < Duration::from_secs(30));
    assert!(!data.exists());
}

#[test]
fn bad_settings_from_the_environment_and_files_are_refused() {
    let o = bin().args(["serve"]).env("AMANE_BIND", "not-an-address").output().expect("run");
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    let o = run(&["--lang", "en", "serve", "--config", "/nonexistent/amane.toml"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("/nonexistent/amane.toml"));
    let o = run(&["--lang", "en", "serve", "--log-format", "yaml", "--bind", "127.0.0.1:0"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("yaml"));
}

#[test]
fn config_default_prints_the_commented_defaults() {
    let o = run(&["config", "default"]);
    assert!(o.status.success());
    let text = String::from_utf8_lossy(&o.stdout);
    assert!(text.contains("bind = \"127.0.0.1:8080\"") && text.contains("data_dir = \"./amane-data\""));
    assert!(text.lines().filter(|l| l.starts_with('#')).count() > 10, "commented");
}

#[test]
fn admin_commands_create_a_user_and_a_working_token() {
    let dir = tempfile::tempdir().expect("tmp");
    let data = dir.path().join("data");
    let data_s = data.to_str().expect("utf8");
    let m = run(&["migrate", "--data-dir", data_s]);
    assert!(m.status.success(), "{}", stderr(&m));

    let mut child = bin()
        .args([
            "--lang",
            "en",
            "admin",
            "create-user",
            "--data-dir",
            data_s,
            "--email",
            "Org@Example.ma",
            "--role",
            "organizer",
            "--name",
            "Youssef",
        ])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn");
    child.stdin.take().expect("stdin").write_all(b"a long enough password\n").expect("write");
    let o = child.wait_with_output().expect("wait");
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(String::from_utf8_lossy(&o.stdout).contains("org@example.ma"));

    // Refusals say which field and why.
    let mut child = bin()
        .args(["--lang", "en", "admin", "create-user", "--data-dir", data_s, "--email", "nope", "--role", "pupil"])
        .stdin(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn");
    child.stdin.take().expect("stdin").write_all(b"short\n").expect("write");
    let o = child.wait_with_output().expect("wait");
    assert_eq!(o.status.code(), Some(2));
    let err = stderr(&o);
    assert!(err.contains("email:") && err.contains("role:") && err.contains("password:"), "{err}");

    let t = run(&["--lang", "en", "admin", "token", "--data-dir", data_s, "--email", "org@example.ma"]);
    assert!(t.status.success(), "{}", stderr(&t));
    let token = String::from_utf8_lossy(&t.stdout).trim().to_owned();
    assert!(token.starts_with("amane_") && token.len() > 40, "{token}");
    let none = run(&["--lang", "en", "admin", "token", "--data-dir", data_s, "--email", "ghost@example.ma"]);
    assert_eq!(none.status.code(), Some(2));

    let server = serve(&data, &[]);
    let rt = tokio::runtime::Builder::new_current_thread().enable_all().build().expect("runtime");
    rt.block_on(async {
        let client = reqwest::Client::builder().redirect(reqwest::redirect::Policy::none()).build().expect("client");
        let me = client.get(format!("{}/api/v1/me", server.url)).bearer_auth(&token).send().await.expect("me");
        assert_eq!(me.status(), 200);
        let body: serde_json::Value = me.json().await.expect("json");
        assert_eq!((body["email"].as_str(), body["role"].as_str()), (Some("org@example.ma"), Some("organizer")));

        let bad = client.get(format!("{}/api/v1/me", server.url)).bearer_auth("amane_wrong").send().await.expect("me");
        assert_eq!(bad.status(), 401);
        let body: serde_json::Value = bad.json().await.expect("json");
        assert_eq!(body["error"], "invalid_token");
        assert!(body["message"].as_str().is_some_and(|m| !m.is_empty()));

        let login = client
            .post(format!("{}/login", server.url))
            .form(&[("email", "org@example.ma"), ("password", "a long enough password")])
            .send()
            .await
            .expect("login");
        assert_eq!(login.status(), 303);
        let cookie = login
            .headers()
            .get_all("set-cookie")
            .iter()
            .filter_map(|v| v.to_str().ok())
            .find(|v| v.starts_with("amane_session="))
            .expect("session cookie")
            .split(';')
            .next()
            .expect("pair")
            .to_owned();
        let dash = client.get(format!("{}/dashboard", server.url)).header("cookie", cookie).send().await.expect("dash");
        assert_eq!(dash.status(), 200);
        assert!(dash.text().await.expect("text").contains("Youssef"));

        // A cross-site form post to the login route is refused by the running server too.
        let cross = client
            .post(format!("{}/login", server.url))
            .header("origin", "https://evil.example")
            .header("sec-fetch-site", "cross-site")
            .form(&[("email", "org@example.ma"), ("password", "a long enough password")])
            .send()
            .await
            .expect("cross");
        assert_eq!(cross.status(), 403);
    });
}

fn fixture(path: &str) -> String {
    format!("{}/{path}", env!("CARGO_MANIFEST_DIR"))
}

const SAMPLE_TREE: &str = "../amane-content/tests/fixtures/tree";

#[test]
fn content_check_passes_on_a_good_tree_and_names_file_and_line_on_a_broken_copy() {
    let good = run(&["--lang", "en", "content", "check", &fixture(SAMPLE_TREE)]);
    assert!(good.status.success(), "{}", String::from_utf8_lossy(&good.stdout));
    assert!(String::from_utf8_lossy(&good.stdout).contains("Content is valid"));

    let dir = tempfile::tempdir().expect("tmp");
    let copy = dir.path().join("sample");
    std::fs::create_dir(&copy).expect("mkdir");
    for e in std::fs::read_dir(fixture(&format!("{SAMPLE_TREE}/sample"))).expect("fixture") {
        let e = e.expect("entry");
        std::fs::copy(e.path(), copy.join(e.file_name())).expect("copy");
    }
    let q = copy.join("questions.toml");
    let text = std::fs::read_to_string(&q).expect("read").replacen("correct = true\n", "", 1);
    std::fs::write(&q, text).expect("write");
    let bad = run(&["--lang", "fr", "content", "check", dir.path().to_str().expect("utf8")]);
    assert_eq!(bad.status.code(), Some(1));
    let out = String::from_utf8_lossy(&bad.stdout);
    let line = out.lines().find(|l| l.contains("questions.toml:")).unwrap_or_else(|| panic!("{out}"));
    assert!(line.starts_with(&format!("{}/sample/questions.toml:", dir.path().display())), "{line}");
    assert!(line.contains("aucun choix n’est marqué correct = true"), "{line}");
}

/// A copy of the sample tree (with its glossary) in a temporary folder.
fn sample_copy() -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("tmp");
    let copy = dir.path().join("sample");
    std::fs::create_dir(&copy).expect("mkdir");
    std::fs::copy(fixture(&format!("{SAMPLE_TREE}/GLOSSARY.toml")), dir.path().join("GLOSSARY.toml")).expect("copy");
    for e in std::fs::read_dir(fixture(&format!("{SAMPLE_TREE}/sample"))).expect("fixture") {
        let e = e.expect("entry");
        std::fs::copy(e.path(), copy.join(e.file_name())).expect("copy");
    }
    dir
}

#[test]
fn content_check_fails_on_warnings_alone_and_fix_direction_fixes_a_copy() {
    let dir = sample_copy();
    let root = dir.path().to_str().expect("utf8");
    let ar = dir.path().join("sample/ar.md");
    let original = std::fs::read_to_string(&ar).expect("read");
    std::fs::write(&ar, original.replace('\u{200E}', "")).expect("write");
    let line = original.lines().position(|l| l.contains("P@ssw0rd!")).expect("password") + 1;

    let warned = run(&["--lang", "en", "content", "check", root]);
    let out = String::from_utf8_lossy(&warned.stdout);
    assert_eq!(warned.status.code(), Some(1), "warnings alone fail the check: {out}");
    assert!(
        out.contains(&format!(
            "{root}/sample/ar.md:{line}: warning[bidi-unmarked]: \"P@ssw0rd!\" is displayed as \"!P@ssw0rd\" inside Arabic"
        )),
        "{out}"
    );
    assert!(out.contains("Content is valid"), "the tree still loads: {out}");
    assert!(stderr(&warned).contains("0 errors, 2 warnings."), "{}", stderr(&warned));

    let fixed = run(&["--lang", "en", "content", "check", "--fix-direction", root]);
    let out = String::from_utf8_lossy(&fixed.stdout);
    assert!(fixed.status.success(), "{out}{}", stderr(&fixed));
    assert!(out.contains(&format!("{root}/sample/ar.md:{line}: \"P@ssw0rd!\" marked left to right")), "{out}");
    assert!(out.contains("2 runs marked left to right in one file."), "{out}");
    assert_eq!(std::fs::read_to_string(&ar).expect("read"), original, "the marks are back where they were");

    // Errors and warnings are counted apart.
    let q = dir.path().join("sample/questions.toml");
    let text = std::fs::read_to_string(&q).expect("read").replacen("correct = true\n", "", 1);
    std::fs::write(&q, text.replacen("prompt.fr = \"Affirmation 1.\"", "prompt.fr = \"En 2026.\"", 1)).expect("write");
    let both = run(&["--lang", "fr", "content", "check", root]);
    assert_eq!(both.status.code(), Some(1));
    let out = String::from_utf8_lossy(&both.stdout);
    assert!(out.contains(": erreur[no-correct-answer]: ") && out.contains(": avertissement[year-in-text]: "), "{out}");
    assert!(stderr(&both).contains("1 erreur, 1 avertissement."), "{}", stderr(&both));

    // The built-in curriculum is not files on disk: nothing to fix there.
    let refused = run(&["content", "check", "--fix-direction"]);
    assert_eq!(refused.status.code(), Some(2));
}

#[test]
fn question_banks_import_with_exact_counts_and_export_back() {
    let dir = tempfile::tempdir().expect("tmp");
    let data = dir.path().join("data");
    let data_s = data.to_str().expect("utf8");
    let content = fixture(SAMPLE_TREE);
    let import = |file: &str, module: &str| {
        bin()
            .args([
                "--lang",
                "en",
                "import",
                "questions",
                &fixture(file),
                "--module",
                module,
                "--data-dir",
                data_s,
                "--content-dir",
            ])
            .arg(&content)
            .output()
            .expect("import")
    };
    let gift = import("tests/fixtures/securite.gift", "securite-college");
    assert!(gift.status.success(), "{}", stderr(&gift));
    let out = String::from_utf8_lossy(&gift.stdout);
    assert!(out.contains("securite-college: 6 questions imported from gift (6 new, 0 updated), 4 skipped."), "{out}");
    for (line, reason) in [
        (32, "essay questions, not supported yet"),
        (35, "numerical questions, not supported yet"),
        (38, "matching questions, not supported yet"),
        (52, "descriptions (text without answers), not questions"),
    ] {
        assert!(out.contains(&format!("securite.gift: skipped, {reason} (line {line})")), "{line} {reason}: {out}");
    }
    let again = import("tests/fixtures/securite.gift", "securite-college");
    assert!(
        String::from_utf8_lossy(&again.stdout).contains("(0 new, 6 updated)"),
        "re-import updates, never duplicates"
    );

    let xml = import("tests/fixtures/hameconnage.xml", "hameconnage");
    let out = String::from_utf8_lossy(&xml.stdout);
    assert!(out.contains("hameconnage: 4 questions imported from moodle-xml (4 new, 0 updated), 4 skipped."), "{out}");
    for (line, reason) in [
        (113, "essay questions, not supported yet"),
        (124, "numerical questions, not supported yet"),
        (135, "questions of type “ddwtos”, not supported"),
        (145, "descriptions (text without answers), not questions"),
    ] {
        assert!(out.contains(&format!("hameconnage.xml: skipped, {reason} (line {line})")), "{line} {reason}: {out}");
    }

    // A built-in module's id cannot be taken by a bank.
    let clash = import("tests/fixtures/securite.gift", "sample");
    assert_eq!(clash.status.code(), Some(2));
    assert!(stderr(&clash).contains("module:"), "{}", stderr(&clash));

    // Round trip: GIFT → amane → GIFT → amane keeps every supported question.
    let export = bin()
        .args([
            "export",
            "questions",
            "--module",
            "securite-college",
            "--format",
            "gift",
            "--data-dir",
            data_s,
            "--content-dir",
        ])
        .arg(&content)
        .output()
        .expect("export");
    assert!(export.status.success(), "{}", stderr(&export));
    let exported = dir.path().join("exported.gift");
    std::fs::write(&exported, &export.stdout).expect("write");
    let back = bin()
        .args([
            "--lang",
            "en",
            "import",
            "questions",
            exported.to_str().expect("utf8"),
            "--module",
            "copy",
            "--data-dir",
            data_s,
            "--content-dir",
        ])
        .arg(&content)
        .output()
        .expect("re-import");
    assert!(
        String::from_utf8_lossy(&back.stdout)
            .contains("copy: 6 questions imported from gift (6 new, 0 updated), 0 skipped."),
        "{}",
        String::from_utf8_lossy(&back.stdout)
    );

    let moodle = bin()
        .args([
            "export",
            "questions",
            "--module",
            "sample",
            "--format",
            "moodle-xml",
            "--bank-lang",
            "ar",
            "--data-dir",
            data_s,
            "--content-dir",
        ])
        .arg(&content)
        .output()
        .expect("export");
    let text = String::from_utf8_lossy(&moodle.stdout);
    assert!(text.starts_with("<?xml") && text.contains("العبارة 1."), "{text}");
    assert!(stderr(&moodle).contains("sample-rf"), "the red-flag scenario is named as left out: {}", stderr(&moodle));

    // A bank cut short says where and why, not "Unexpected error: bank_unreadable".
    let cut = dir.path().join("cut.xml");
    std::fs::write(&cut, "<quiz>\n<question type=\"truefalse\">\n<name><text>T").expect("write");
    let out = bin()
        .args(["--lang", "en", "import", "questions"])
        .arg(&cut)
        .args(["--module", "cut", "--data-dir", data_s, "--content-dir"])
        .arg(&content)
        .output()
        .expect("import");
    assert!(!out.status.success());
    assert!(stderr(&out).contains("The question bank cannot be read at line 3: "), "{}", stderr(&out));
}

#[test]
fn establishments_import_all_or_nothing_then_idempotently() {
    let dir = tempfile::tempdir().expect("tmp");
    let data = dir.path().join("data");
    let data_s = data.to_str().expect("utf8");
    let bad = run(&[
        "--lang",
        "en",
        "import",
        "establishments",
        &fixture("tests/fixtures/etablissements-errones.csv"),
        "--data-dir",
        data_s,
    ]);
    assert_eq!(bad.status.code(), Some(2));
    let err = stderr(&bad);
    for (line, column) in [(4, "code"), (5, "region"), (6, "level"), (6, "setting"), (7, "code")] {
        assert!(
            err.contains(&format!("etablissements-errones.csv:{line}: column {column}:")),
            "{line} {column}: {err}"
        );
    }
    assert!(err.contains("4 bad rows; nothing was imported"), "{err}");
    let export =
        |d: &str| String::from_utf8_lossy(&run(&["export", "establishments", "--data-dir", d]).stdout).into_owned();
    assert_eq!(export(data_s).lines().count(), 1, "only the header: nothing half-imported");

    let good = run(&[
        "--lang",
        "en",
        "import",
        "establishments",
        &fixture("tests/fixtures/etablissements.csv"),
        "--data-dir",
        data_s,
    ]);
    assert!(good.status.success(), "{}", stderr(&good));
    assert!(String::from_utf8_lossy(&good.stdout).contains("7 establishments added, 0 updated."));
    let again = run(&[
        "--lang",
        "en",
        "import",
        "establishments",
        &fixture("tests/fixtures/etablissements.csv"),
        "--data-dir",
        data_s,
    ]);
    assert!(String::from_utf8_lossy(&again.stdout).contains("0 establishments added, 7 updated."));
    let csv = export(data_s);
    assert!(csv.starts_with('\u{feff}'), "a byte-order mark, so that Excel reads the Arabic names: {csv:?}");
    assert_eq!(csv.lines().count(), 8, "{csv}");
    assert!(csv.contains("FES-0002,Collège Al Qods; annexe,إعدادية القدس,03,Fès,Saïss,middle,public,urban"), "{csv}");
    assert!(
        csv.contains("TNG-0001,École Al Andalous,مدرسة الأندلس,01,"),
        "regions matched by name ignoring case and accents: {csv}"
    );

    // --skip-invalid imports the good rows and writes the rejects beside the input.
    let copy = dir.path().join("batch.csv");
    std::fs::copy(fixture("tests/fixtures/etablissements-errones.csv"), &copy).expect("copy");
    let skip = run(&[
        "--lang",
        "en",
        "import",
        "establishments",
        copy.to_str().expect("utf8"),
        "--data-dir",
        data_s,
        "--skip-invalid",
    ]);
    assert!(skip.status.success(), "{}", stderr(&skip));
    let rejects = std::fs::read_to_string(dir.path().join("batch.rejects.csv")).expect("rejects file");
    assert_eq!(rejects.lines().count(), 5, "{rejects}");
    assert!(rejects.lines().next().is_some_and(|h| h.ends_with(",error")));
}

#[test]
fn regions_can_be_replaced_by_import() {
    let dir = tempfile::tempdir().expect("tmp");
    let data = dir.path().join("data");
    let data_s = data.to_str().expect("utf8");
    let bad = dir.path().join("bad.csv");
    std::fs::write(&bad, "code;nom_fr;nom_ar\n13;Région test;\n;Sans code;بدون رمز\n").expect("write");
    let o = run(&["--lang", "en", "import", "regions", bad.to_str().expect("utf8"), "--data-dir", data_s]);
    assert_eq!(o.status.code(), Some(2));
    let err = stderr(&o);
    assert!(err.contains("bad.csv:2: column name_ar:") && err.contains("bad.csv:3: column code:"), "{err}");
    let good = dir.path().join("good.csv");
    std::fs::write(&good, "code,name_fr,name_ar\n13,Région test,جهة تجريبية\n").expect("write");
    let o = run(&["--lang", "en", "import", "regions", good.to_str().expect("utf8"), "--data-dir", data_s]);
    assert!(o.status.success(), "{}", stderr(&o));
    let est = dir.path().join("est.csv");
    std::fs::write(&est, "code,name_fr,name_ar,region,province,commune,level,sector,setting\nT1,École T,مدرسة,جهة تجريبية,P,C,primary,public,urban\n").expect("write");
    let o = run(&["--lang", "en", "import", "establishments", est.to_str().expect("utf8"), "--data-dir", data_s]);
    assert!(o.status.success(), "the new region is known by its Arabic name: {}", stderr(&o));
}

#[test]
fn amane_demo_fills_an_empty_database_once() {
    let dir = tempfile::tempdir().expect("tmp");
    let data = dir.path().join("data");
    let data_s = data.to_str().expect("utf8");
    let first = run(&["--lang", "en", "demo", "--data-dir", data_s]);
    assert!(first.status.success(), "{}", stderr(&first));
    let out = String::from_utf8_lossy(&first.stdout);
    assert!(out.contains("300 schools in the 12 regions and 2 campaigns"), "{out}");
    let again = run(&["--lang", "en", "demo", "--data-dir", data_s]);
    assert!(String::from_utf8_lossy(&again.stdout).contains("already has accounts"));
    // The national scale is added to an empty database only: here it says so and adds nothing.
    let national = run(&["--lang", "en", "demo", "--scale", "national", "--data-dir", data_s]);
    assert!(national.status.success(), "{}", stderr(&national));
    assert!(String::from_utf8_lossy(&national.stdout).contains("only added to an empty database"));
    let csv = String::from_utf8_lossy(&run(&["export", "establishments", "--data-dir", data_s]).stdout).into_owned();
    assert_eq!(csv.lines().count(), 301);
}

/// Paper results as a spreadsheet saves them (BOM, `;`, CRLF, a blank line): a bad file is refused whole with its
/// lines named, a good one stored, and the same one again replaces rather than doubles.
#[test]
fn test_results_import_all_or_nothing_with_lines_named() {
    let dir = tempfile::tempdir().expect("tmp");
    let data = dir.path().join("data");
    let data_s = data.to_str().expect("utf8");
    let est = run(&["import", "establishments", &fixture("tests/fixtures/etablissements.csv"), "--data-dir", data_s]);
    assert!(est.status.success(), "{}", stderr(&est));
    let rt = tokio::runtime::Runtime::new().expect("runtime");
    let db_url = amane_store::DbUrl::Sqlite(data.join("amane.db"));
    let test_id = rt.block_on(async {
        let db = amane_store::Db::connect(&db_url).await.expect("db");
        let by = testing::facilitator(&db).await;
        let by = db.find_user(by).await.expect("q").expect("user");
        let input = amane_domain::campaign::CampaignInput {
            title_fr: "C".into(),
            starts_on: "2025-04-19".into(),
            ends_on: "2025-04-27".into(),
            ..Default::default()
        };
        let c = amane_app::campaigns::create(&db, &by, &input).await.expect("campaign");
        let curriculum = amane_content::load_builtin().expect("curriculum");
        let ask = amane_app::assessments::AssessmentIn {
            title: "T".into(),
            module: "phishing".into(),
            age_band: "8-11".into(),
            count: Some(2),
            ..Default::default()
        };
        let t = amane_app::assessments::create(&db, &curriculum, &by, c.id, &ask).await.expect("test");
        db.close().await;
        t.id.to_string()
    });
    let write = |name: &str, text: &str| {
        let p = dir.path().join(name);
        std::fs::write(&p, text).expect("write");
        p.to_string_lossy().into_owned()
    };
    let header = "\u{feff}participant;establishment;age_band;phase;question;correct\r\n";
    let bad = write(
        "bad.csv",
        &format!("{header}K1;FES-0001;8-11;pre;1;1\r\n\r\nK2;FES-9999;8-11;pre;3;1\r\nK1;FES-0001;8-11;pre;1;0\r\n"),
    );
    let out = run(&["--lang", "en", "import", "test-results", &bad, "--test", &test_id, "--data-dir", data_s]);
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    let err = stderr(&out);
    for (line, column) in [(4, "establishment"), (4, "question"), (5, "question")] {
        assert!(err.contains(&format!("bad.csv:{line}: column {column}:")), "{line} {column}: {err}");
    }
    assert!(err.contains("(see line 2)"), "the repeated answer names the first: {err}");
    let good = write("good.csv", &format!("{header}K1;FES-0001;8-11;pre;1;1\r\nK1;FES-0001;8-11;pre;2;0\r\n"));
    let out = run(&["--lang", "en", "import", "test-results", &good, "--test", &test_id, "--data-dir", data_s]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(String::from_utf8_lossy(&out.stdout).contains("2 answers stored (1 new participants, 0 answers replaced)"));
    let out = run(&["--lang", "fr", "import", "test-results", &good, "--test", &test_id, "--data-dir", data_s]);
    assert!(String::from_utf8_lossy(&out.stdout).contains("0 nouveaux participants, 2 réponses remplacées"));
    let out = run(&["--lang", "en", "import", "test-results", &good, "--test", "nope", "--data-dir", data_s]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("No test with the id nope"), "{}", stderr(&out));
}

/// `amane admin create-user`, answering the password prompt.
fn create_user(data: &str, email: &str, role: &str) {
    let mut child = bin()
        .args(["--lang", "en", "admin", "create-user", "--data-dir", data, "--email", email, "--role", role])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn");
    child.stdin.take().expect("stdin").write_all(b"a long enough password\n").expect("write");
    let o = child.wait_with_output().expect("wait");
    assert!(o.status.success(), "{}", stderr(&o));
}

/// The operator ends access from the terminal: lists an account's tokens, revokes one by id, turns the account
/// off (its tokens are revoked with it) and on; the last administrator stays on; lifetimes past a year are refused.
#[test]
fn the_operator_lists_revokes_and_turns_accounts_off() {
    let dir = tempfile::tempdir().expect("tmp");
    let data = dir.path().join("data");
    let data_s = data.to_str().expect("utf-8 path");
    create_user(data_s, "root@example.ma", "admin");
    create_user(data_s, "org@example.ma", "organizer");
    let long =
        run(&["--lang", "en", "admin", "token", "--data-dir", data_s, "--email", "org@example.ma", "--days", "400"]);
    assert_eq!(long.status.code(), Some(2), "{}", stderr(&long));
    assert!(stderr(&long).contains("1 to 365 days"), "{}", stderr(&long));
    for label in ["nightly", "sync"] {
        let t = run(&[
            "admin",
            "token",
            "--data-dir",
            data_s,
            "--email",
            "org@example.ma",
            "--label",
            label,
            "--days",
            "30",
        ]);
        assert!(t.status.success(), "{}", stderr(&t));
    }
    let list = |email: &str| {
        let o = run(&["--lang", "en", "admin", "tokens", "--data-dir", data_s, "--email", email]);
        assert!(o.status.success(), "{}", stderr(&o));
        String::from_utf8_lossy(&o.stdout).lines().map(str::to_owned).collect::<Vec<_>>()
    };
    let lines = list("org@example.ma");
    assert_eq!(lines.len(), 2, "{lines:?}");
    assert!(lines.iter().all(|l| l.contains("valid until") && l.contains("never used")), "{lines:?}");
    let nightly = lines.iter().find(|l| l.contains("nightly")).expect("nightly");
    let id = nightly.split('\t').next().expect("id");
    let r = run(&["--lang", "en", "admin", "revoke-token", "--data-dir", data_s, id]);
    assert!(r.status.success() && stderr(&r).contains("revoked"), "{}", stderr(&r));
    let lines = list("org@example.ma");
    assert!(lines.iter().any(|l| l.contains("nightly") && l.contains("revoked on")), "{lines:?}");
    assert!(lines.iter().any(|l| l.contains("sync") && l.contains("valid until")), "{lines:?}");
    let unknown = run(&["--lang", "en", "admin", "revoke-token", "--data-dir", data_s, "no-such-id"]);
    assert_eq!(unknown.status.code(), Some(2));

    let off = run(&["--lang", "en", "admin", "deactivate", "--data-dir", data_s, "--email", "org@example.ma"]);
    assert!(off.status.success(), "{}", stderr(&off));
    assert!(list("org@example.ma").iter().all(|l| l.contains("revoked on")), "every token revoked with the account");
    let token = run(&["--lang", "en", "admin", "token", "--data-dir", data_s, "--email", "org@example.ma"]);
    assert_eq!(token.status.code(), Some(2), "no token for a turned-off account");
    let last = run(&["--lang", "en", "admin", "deactivate", "--data-dir", data_s, "--email", "root@example.ma"]);
    assert_eq!(last.status.code(), Some(2));
    assert!(stderr(&last).contains("last active administrator"), "{}", stderr(&last));
    let on = run(&["--lang", "fr", "admin", "activate", "--data-dir", data_s, "--email", "org@example.ma"]);
    assert!(on.status.success() && stderr(&on).contains("réactivé"), "{}", stderr(&on));
    let unlock = run(&["--lang", "en", "admin", "unlock", "--data-dir", data_s, "--email", "org@example.ma"]);
    assert!(unlock.status.success() && stderr(&unlock).contains("lifted"), "{}", stderr(&unlock));

    // Each of these is in the audit log, as the operator's.
    let rt = tokio::runtime::Runtime::new().expect("runtime");
    let actions = rt.block_on(async {
        let db = amane_store::Db::connect(&amane_store::DbUrl::Sqlite(data.join("amane.db"))).await.expect("db");
        let rows = db.audit_entries(100, 0).await.expect("audit");
        db.close().await;
        rows.into_iter().map(|e| format!("{} {}", e.actor, e.action)).collect::<Vec<_>>()
    });
    for want in
        ["cli: create-user", "cli: token", "cli: revoke-token", "cli: deactivate", "cli: activate", "cli: unlock"]
    {
        assert!(actions.iter().any(|a| a == &format!("operator {want}")), "{want}: {actions:?}");
    }
}

/// `amane purge --dry-run` lists a campaign past its retention period and what it would lose, changing nothing;
/// `amane purge` removes it; then nothing is due. The demonstration keeps its data (retention of ten years).
#[test]
fn purge_lists_then_removes_what_retention_no_longer_allows() {
    let dir = tempfile::tempdir().expect("tmp");
    let data = dir.path().join("data");
    let data_s = data.to_str().expect("utf8");
    let demo = run(&["--lang", "en", "demo", "--data-dir", data_s]);
    assert!(demo.status.success(), "{}", stderr(&demo));
    let dry = run(&["--lang", "en", "purge", "--dry-run", "--data-dir", data_s]);
    assert!(dry.status.success(), "{}", stderr(&dry));
    assert!(
        String::from_utf8_lossy(&dry.stdout).contains("nothing to purge"),
        "{}",
        String::from_utf8_lossy(&dry.stdout)
    );

    let rt = tokio::runtime::Runtime::new().expect("runtime");
    let db_url = amane_store::DbUrl::Sqlite(data.join("amane.db"));
    let rows = |sql: &'static str| {
        rt.block_on(async {
            let db = amane_store::Db::connect(&db_url).await.expect("db");
            let n: i64 = db.fetch_one(amane_store::q(sql)).await.expect("q").get("n").expect("n");
            db.close().await;
            n
        })
    };
    rt.block_on(async {
        let db = amane_store::Db::connect(&db_url).await.expect("db");
        db.execute(amane_store::q("UPDATE campaigns SET retention_days = 30 WHERE ends_on = '2025-04-27'"))
            .await
            .expect("u");
        db.close().await;
    });
    let answers = "SELECT COUNT(*) AS n FROM assessment_answers";
    let before = rows(answers);
    assert!(before > 0);
    let dry = run(&["--lang", "en", "purge", "--dry-run", "--data-dir", data_s]);
    let out = String::from_utf8_lossy(&dry.stdout).into_owned();
    assert!(out.contains("would lose") && out.contains("Protéger les enfants"), "{out}");
    assert_eq!(rows(answers), before, "a dry run changes nothing");
    let done = run(&["--lang", "fr", "purge", "--data-dir", data_s]);
    let out = String::from_utf8_lossy(&done.stdout).into_owned();
    assert!(done.status.success() && out.contains("supprimés"), "{out}{}", stderr(&done));
    assert_eq!(rows(answers), 0);
    let again = run(&["--lang", "en", "purge", "--dry-run", "--data-dir", data_s]);
    assert!(String::from_utf8_lossy(&again.stdout).contains("nothing to purge"));
}
