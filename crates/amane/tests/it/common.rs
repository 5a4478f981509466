//! Starting and stopping the real binary.

use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

pub fn bin() -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_amane"));
    // Tests must not pick up an operator's settings.
    for (k, _) in std::env::vars() {
        if k.starts_with("AMANE_") {
            c.env_remove(k);
        }
    }
    c.env("AMANE_LOG", "warn,sqlx=warn");
    c
}

/// A running `amane serve`, killed when dropped.
pub struct Server {
    pub child: Child,
    pub url: String,
    pub lines: mpsc::Receiver<String>,
    /// Lines printed before the listening line.
    pub early: Vec<String>,
    pub started: Instant,
    pub ready_after: Duration,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Server {
    /// Sends SIGTERM and waits for the process to exit; returns its exit code.
    pub fn terminate(&mut self) -> Option<i32> {
        let _ = Command::new("kill").args(["-TERM", &self.child.id().to_string()]).status();
        let deadline = Instant::now() + Duration::from_secs(20);
        while Instant::now() < deadline {
            if let Ok(Some(status)) = self.child.try_wait() {
                return status.code();
            }
            std::thread::sleep(Duration::from_millis(50));
        }
        None
    }

    /// Every line printed on stdout so far.
    pub fn drain(&self) -> Vec<String> {
        self.early.iter().cloned().chain(self.lines.try_iter()).collect()
    }
}

/// Starts `amane serve` on a free port with `--lang en` and waits for `/healthz` to answer 200.
pub fn serve(data_dir: &Path, extra: &[&str]) -> Server {
    serve_env(data_dir, extra, &[])
}

/// As `serve`, with environment variables for the server.
pub fn serve_env(data_dir: &Path, extra: &[&str], env: &[(&str, &str)]) -> Server {
    let started = Instant::now();
    let mut child = bin()
        .envs(env.iter().copied())
        .args(["--lang", "en", "serve", "--bind", "127.0.0.1:0", "--data-dir"])
        .arg(data_dir)
        .args(extra)
        .stdout(Stdio::piped())
        .stderr(Stdio::inherit())
        .spawn()
        .expect("spawn amane");
    let stdout = child.stdout.take().expect("stdout");
    let (tx, rx) = mpsc::channel();
    std::thread::spawn(move || {
        for line in BufReader::new(stdout).lines().map_while(Result::ok) {
            if tx.send(line).is_err() {
                break;
            }
        }
    });
    let mut seen = Vec::new();
    let deadline = Instant::now() + Duration::from_secs(60);
    let url = loop {
        let line = rx.recv_timeout(deadline.saturating_duration_since(Instant::now())).unwrap_or_else(|_| {
            let _ = child.kill();
            panic!("amane serve printed no listening line; it printed: {seen:?}")
        });
        if line.contains("listening on http://") {
            break line.split("listening on ").nth(1).expect("url").trim().to_owned();
        }
        seen.push(line);
    };
    let mut server = Server { child, url, lines: rx, early: seen, started, ready_after: Duration::ZERO };
    let deadline = Instant::now() + Duration::from_secs(60);
    loop {
        if health(&server.url) == Some(200) {
            break;
        }
        assert!(Instant::now() < deadline, "healthz never answered 200");
        std::thread::sleep(Duration::from_millis(25));
    }
    server.ready_after = server.started.elapsed();
    server
}
/// The status of `GET /healthz`, over a plain TCP request (no runtime needed).
pub fn health(base: &str) -> Option<u16> {
    use std::io::{Read, Write};
    let addr = base.trim_start_matches("http://");
    let mut s = std::net::TcpStream::connect(addr).ok()?;
    s.set_read_timeout(Some(Duration::from_secs(5))).ok()?;
    write!(s, "GET /healthz HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n\r\n").ok()?;
    let mut buf = String::new();
    s.read_to_string(&mut buf).ok()?;
    buf.split_whitespace().nth(1)?.parse().ok()
}

/// Whether tests that need an outside program must fail (CI) rather than skip.
pub fn in_ci() -> bool {
    std::env::var("CI").is_ok_and(|v| v == "true" || v == "1")
}
