//! Backups (issue 12, finding 19): `amane backup` copies the SQLite database while a script keeps creating
//! campaigns through the API; each copy restores into a fresh directory, passes SQLite's integrity check (the
//! restore runs it) and holds every campaign acknowledged before the copy began. A restore under a running server,
//! a second server on the same directory, a backup over an existing file and a file that is not a database are
//! refused, changing nothing.

use crate::common::*;
use std::io::Write;
use std::process::Stdio;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};

fn organizer_token(data: &str) -> String {
    let mut child = bin()
        .args(["--lang", "en", "admin", "create-user", "--data-dir", data])
        .args(["--email", "org@example.ma", "--role", "organizer"])
        .stdin(Stdio::piped())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn");
    child.stdin.take().expect("stdin").write_all(b"a long enough password\n").expect("write");
    assert!(child.wait_with_output().expect("wait").status.success());
    let o = bin()
        .args(["--lang", "en", "admin", "token", "--data-dir", data, "--email", "org@example.ma"])
        .output()
        .expect("token");
    String::from_utf8_lossy(&o.stdout).trim().to_owned()
}

fn count(path: &std::path::Path, sql: &'static str) -> i64 {
    let rt = tokio::runtime::Runtime::new().expect("runtime");
    rt.block_on(async {
        let db = amane_store::Db::connect(&amane_store::DbUrl::Sqlite(path.to_owned())).await.expect("db");
        let n: i64 = db.fetch_one(amane_store::q(sql)).await.expect("q").get("n").expect("n");
        db.close().await;
        n
    })
}

#[test]
fn backups_taken_during_writes_restore_whole() {
    let dir = tempfile::tempdir().expect("tmp");
    let data = dir.path().join("data");
    let data_s = data.to_str().expect("utf8").to_owned();
    let token = organizer_token(&data_s);
    let mut server = serve(&data, &[]);
    let url = server.url.clone();

    // The writer: one campaign per request, as fast as the server takes them.
    let stop = Arc::new(AtomicBool::new(false));
    let made = Arc::new(AtomicUsize::new(0));
    let writer = {
        let (stop, made) = (stop.clone(), made.clone());
        std::thread::spawn(move || {
            let rt = tokio::runtime::Builder::new_current_thread().enable_all().build().expect("rt");
            rt.block_on(async {
                let client = reqwest::Client::new();
                let mut i = 0;
                while !stop.load(Ordering::Relaxed) {
                    i += 1;
                    let body = serde_json::json!({"title_fr": format!("Campagne {i}"), "starts_on": "2027-02-01", "ends_on": "2027-02-28"});
                    let r = client.post(format!("{url}/api/v1/campaigns")).bearer_auth(&token).json(&body).send().await.expect("post");
                    assert_eq!(r.status(), 201);
                    made.fetch_add(1, Ordering::Relaxed);
                }
            });
        })
    };
    let mut copies = Vec::new();
    while copies.len() < 3 {
        std::thread::sleep(std::time::Duration::from_millis(150));
        let before = made.load(Ordering::Relaxed);
        let file = dir.path().join(format!("copy-{}.db", copies.len()));
        let o = bin().args(["--lang", "en", "backup", "--data-dir", &data_s]).arg(&file).output().expect("backup");
        assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
        assert!(String::from_utf8_lossy(&o.stdout).contains("Backup written"));
        copies.push((file, before, made.load(Ordering::Relaxed)));
    }
    stop.store(true, Ordering::Relaxed);
    writer.join().expect("writer");
    assert!(made.load(Ordering::Relaxed) > 0);

    // Refusals, with the server still running.
    let first = copies[0].0.clone();
    let again = bin().args(["--lang", "en", "backup", "--data-dir", &data_s]).arg(&first).output().expect("backup");
    assert_eq!(again.status.code(), Some(2), "a backup never overwrites");
    let under = bin().args(["--lang", "en", "restore", "--data-dir", &data_s]).arg(&first).output().expect("restore");
    assert_eq!(under.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&under.stderr).contains("in use"), "{}", String::from_utf8_lossy(&under.stderr));
    let second = bin()
        .args(["--lang", "en", "serve", "--bind", "127.0.0.1:0", "--data-dir", &data_s])
        .output()
        .expect("second server");
    assert_eq!(second.status.code(), Some(2), "a second server on the same directory is refused");
    let garbage = dir.path().join("notes.db");
    std::fs::write(&garbage, "not a database").expect("write");
    let bad = bin().args(["--lang", "en", "restore", "--data-dir", &data_s]).arg(&garbage).output().expect("restore");
    assert_eq!(bad.status.code(), Some(2));

    // Each copy restores into a directory of its own and holds every campaign made before it started.
    for (i, (file, before, after)) in copies.iter().enumerate() {
        let fresh = dir.path().join(format!("restored-{i}"));
        let o = bin().args(["--lang", "en", "restore", "--data-dir"]).arg(&fresh).arg(file).output().expect("restore");
        assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
        let db = fresh.join("amane.db");
        let n = count(&db, "SELECT COUNT(*) AS n FROM campaigns") as usize;
        assert!((*before..=*after + 1).contains(&n), "copy {i}: {n} campaigns, made {before}..{after}");
        assert_eq!(count(&db, "SELECT COUNT(*) AS n FROM users WHERE email = 'org@example.ma'"), 1);
    }
    let _ = server.child.kill();
    let _ = server.child.wait();

    // Stopped, the server's own directory takes a copy back; the database it had is kept beside it.
    let o = bin().args(["--lang", "en", "restore", "--data-dir", &data_s]).arg(&first).output().expect("restore");
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    assert!(String::from_utf8_lossy(&o.stdout).contains("kept as"));
    let kept = std::fs::read_dir(&data)
        .expect("dir")
        .filter_map(Result::ok)
        .any(|e| e.file_name().to_string_lossy().starts_with("amane.db.before-restore-"));
    assert!(kept);
    let restored = serve(&data, &[]);
    drop(restored);
}
