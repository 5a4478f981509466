//! What both measurements share: lightweight WebSocket connections, percentiles, and a server's resident memory.

use serde::{Deserialize, Serialize};
use std::net::SocketAddr;
use std::path::Path;
use std::time::{Duration, Instant};
use tokio::net::TcpStream;
use tokio_tungstenite::WebSocketStream;
use tokio_tungstenite::tungstenite::protocol::WebSocketConfig;

/// One client socket, as the load generator holds it.
pub type Ws = WebSocketStream<TcpStream>;

/// Small buffers: the load generator holds up to 19,000 sockets, and the bare server as many.
/// `max_message` caps an incoming message (4 KiB for the bare pair; more for amane's larger server frames).
pub fn ws_config(max_message: usize) -> WebSocketConfig {
    WebSocketConfig::default()
        .read_buffer_size(4 * 1024)
        .write_buffer_size(4 * 1024)
        .max_write_buffer_size(64 * 1024)
        .max_message_size(Some(max_message))
        .max_frame_size(Some(max_message))
}

/// Where to connect: the URL for the handshake and its address, resolved once (no lookup per client).
#[derive(Clone, Debug)]
pub struct Target {
    pub url: String,
    pub addr: SocketAddr,
}

impl Target {
    pub async fn resolve(url: &str) -> Result<Target, String> {
        let rest = if let Some(r) = url.strip_prefix("ws://") {
            r
        } else if url.starts_with("wss://") {
            return Err(format!("{url}: wss:// is not supported by this load generator (no TLS); use ws://"));
        } else {
            return Err(format!("{url}: expected a ws:// URL"));
        };
        let authority = rest.split(['/', '?']).next().unwrap_or_default();
        if authority.is_empty() {
            return Err(format!("{url}: no host"));
        }
        let with_port = if has_port(authority) { authority.to_owned() } else { format!("{authority}:80") };
        let addr = tokio::net::lookup_host(&with_port)
            .await
            .map_err(|e| format!("cannot resolve {with_port}: {e}"))?
            .next()
            .ok_or_else(|| format!("{with_port} resolves to no address"))?;
        Ok(Target { url: url.to_owned(), addr })
    }

    /// Opens a TCP connection (Nagle off) and performs the WebSocket handshake.
    pub async fn connect(&self, max_message: usize) -> Result<Ws, String> {
        let tcp = TcpStream::connect(self.addr).await.map_err(|e| format!("connect {}: {e}", self.addr))?;
        tcp.set_nodelay(true).map_err(|e| format!("set_nodelay: {e}"))?;
        let (ws, _response) =
            tokio_tungstenite::client_async_with_config(self.url.as_str(), tcp, Some(ws_config(max_message)))
                .await
                .map_err(|e| format!("handshake with {}: {e}", self.url))?;
        Ok(ws)
    }
}

fn has_port(authority: &str) -> bool {
    match authority.rsplit_once(':') {
        // `[::1]:8080` has a port, `[::1]` does not.
        Some((_, port)) => !port.is_empty() && port.bytes().all(|b| b.is_ascii_digit()),
        None => false,
    }
}

/// Latency percentiles, in milliseconds.
#[derive(Debug, Default, Clone, Serialize, Deserialize)]
pub struct Percentiles {
    pub samples: usize,
    pub p50_ms: f64,
    pub p95_ms: f64,
    pub p99_ms: f64,
    pub max_ms: f64,
}

impl Percentiles {
    /// Nearest-rank percentiles of the samples (sorted in place).
    pub fn of(samples: &mut [Duration]) -> Percentiles {
        if samples.is_empty() {
            return Percentiles::default();
        }
        samples.sort_unstable();
        let rank = |p: f64| {
            let i = ((p / 100.0) * samples.len() as f64).ceil() as usize;
            ms(samples[i.clamp(1, samples.len()) - 1])
        };
        Percentiles {
            samples: samples.len(),
            p50_ms: rank(50.0),
            p95_ms: rank(95.0),
            p99_ms: rank(99.0),
            max_ms: ms(samples[samples.len() - 1]),
        }
    }
}

impl std::fmt::Display for Percentiles {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        if self.samples == 0 {
            return f.write_str("no samples");
        }
        write!(
            f,
            "p50 {:.1} ms, p95 {:.1} ms, p99 {:.1} ms, max {:.1} ms ({} samples)",
            self.p50_ms, self.p95_ms, self.p99_ms, self.max_ms, self.samples
        )
    }
}

/// A duration in milliseconds, to the microsecond (as samples are written to files).
pub fn ms(d: Duration) -> f64 {
    (d.as_secs_f64() * 1e6).round() / 1e3
}

/// Samples in milliseconds (as read from files) back to durations.
pub fn durations(samples_ms: &[f64]) -> Vec<Duration> {
    samples_ms.iter().map(|&m| Duration::from_secs_f64(m.max(0.0) / 1e3)).collect()
}

/// How long to wait at a barrier for the other processes before giving up.
const BARRIER_TIMEOUT: Duration = Duration::from_secs(900);

/// Waits until `parties` processes reached the barrier in `dir`: this one writes `party-<me>.json` with `content`,
/// then waits until there are `parties` such files, and returns their contents (this one's included).
pub async fn barrier(dir: &Path, parties: usize, me: &str, content: &str) -> Result<Vec<String>, String> {
    std::fs::create_dir_all(dir).map_err(|e| format!("barrier: cannot create {}: {e}", dir.display()))?;
    let file = dir.join(format!("party-{me}.json"));
    let partial = dir.join(format!(".party-{me}.json.tmp"));
    std::fs::write(&partial, content).map_err(|e| format!("barrier: cannot write {}: {e}", partial.display()))?;
    std::fs::rename(&partial, &file).map_err(|e| format!("barrier: cannot write {}: {e}", file.display()))?;
    let started = Instant::now();
    loop {
        let mut contents = Vec::new();
        let entries = std::fs::read_dir(dir).map_err(|e| format!("barrier: cannot read {}: {e}", dir.display()))?;
        for entry in entries.flatten() {
            let name = entry.file_name();
            let name = name.to_string_lossy();
            if name.starts_with("party-") && name.ends_with(".json") {
                contents.push(std::fs::read_to_string(entry.path()).unwrap_or_default());
            }
        }
        if contents.len() >= parties {
            return Ok(contents);
        }
        if started.elapsed() > BARRIER_TIMEOUT {
            return Err(format!(
                "barrier: {} of {parties} processes reached {} within {} s",
                contents.len(),
                dir.display(),
                BARRIER_TIMEOUT.as_secs()
            ));
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

/// The resident set size of a process, in KiB, from `/proc/PID/status`.
pub fn rss_kib(pid: u32) -> Result<u64, String> {
    let path = format!("/proc/{pid}/status");
    let status = std::fs::read_to_string(&path).map_err(|e| format!("cannot read {path}: {e}"))?;
    status
        .lines()
        .find_map(|line| line.strip_prefix("VmRSS:"))
        .and_then(|rest| rest.trim().trim_end_matches("kB").trim().parse().ok())
        .ok_or_else(|| format!("no VmRSS line in {path}"))
}

/// Memory per connection in KiB, from the RSS before and after connecting `n` clients.
pub fn per_connection_kib(before: u64, after: u64, n: usize) -> f64 {
    if n == 0 {
        return 0.0;
    }
    (after as f64 - before as f64) / n as f64
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn percentiles_use_nearest_rank() {
        let mut v: Vec<Duration> = (1..=100).rev().map(Duration::from_millis).collect();
        let p = Percentiles::of(&mut v);
        assert_eq!(p.samples, 100);
        assert_eq!(p.p50_ms, 50.0);
        assert_eq!(p.p95_ms, 95.0);
        assert_eq!(p.p99_ms, 99.0);
        assert_eq!(p.max_ms, 100.0);
        assert_eq!(Percentiles::of(&mut []).samples, 0);
        assert_eq!(Percentiles::of(&mut [Duration::from_millis(7)]).p99_ms, 7.0);
    }

    #[test]
    fn ports_are_detected() {
        assert!(has_port("127.0.0.1:9001"));
        assert!(!has_port("localhost"));
        assert!(has_port("[::1]:8080"));
        assert!(!has_port("[::1]"));
    }

    #[tokio::test]
    async fn a_barrier_waits_for_every_party() {
        let dir = std::env::temp_dir().join(format!("loadgen-barrier-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        let other = {
            let dir = dir.clone();
            tokio::spawn(async move {
                tokio::time::sleep(Duration::from_millis(200)).await;
                barrier(&dir, 2, "b", "2").await
            })
        };
        let started = Instant::now();
        let mut seen = barrier(&dir, 2, "a", "1").await.expect("barrier");
        assert!(started.elapsed() >= Duration::from_millis(150));
        seen.sort();
        assert_eq!(seen, vec!["1", "2"]);
        assert_eq!(other.await.expect("task").expect("barrier").len(), 2);
        let _ = std::fs::remove_dir_all(&dir);
    }

    #[test]
    fn samples_go_back_to_durations() {
        let d = durations(&[1.5, 0.0, -3.0]);
        assert_eq!(d, vec![Duration::from_micros(1500), Duration::ZERO, Duration::ZERO]);
        assert_eq!(ms(Duration::from_micros(1500)), 1.5);
    }

    #[test]
    fn own_rss_is_readable() {
        let kib = rss_kib(std::process::id()).expect("own /proc status");
        assert!(kib > 0);
    }
}
