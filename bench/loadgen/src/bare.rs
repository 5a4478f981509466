//! The baseline: a minimal WebSocket broadcast server and the client that measures it.
//!
//! Protocol of the pair (text frames):
//! - a client sends `broadcast`: it becomes the round's controller, and the server sends a 200-byte JSON message
//!   `{"type":"message","round":R,"pad":"…"}` to every connection (the controller included);
//! - every other client answers `{"type":"reply","round":R}`;
//! - once every connection but the controller has replied, the controller gets `{"type":"done","round":R,"replies":N}`.

use crate::common::{Percentiles, Target, Ws, barrier, per_connection_kib, rss_kib, ws_config};
use futures_util::{SinkExt, StreamExt};
use serde::{Deserialize, Serialize};
use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};
use tokio::net::{TcpSocket, TcpStream};
use tokio::sync::{Semaphore, broadcast, mpsc, oneshot, watch};
use tokio_tungstenite::tungstenite::{Message, Utf8Bytes};

/// The size of every broadcast message, in bytes.
pub const MESSAGE_BYTES: usize = 200;
/// The bare pair's frame limit, like amane's participant frames.
const MAX_MESSAGE: usize = 4096;
const TRIGGER: &str = "broadcast";

#[derive(clap::Args, Debug)]
pub struct ServerArgs {
    /// Address to listen on.
    #[arg(long, default_value = "127.0.0.1:9001")]
    bind: SocketAddr,
}

#[derive(clap::Args, Debug)]
pub struct ClientArgs {
    /// The bare server's address.
    #[arg(long, default_value = "ws://127.0.0.1:9001")]
    url: String,
    /// How many clients to connect.
    #[arg(long, default_value_t = 10_000)]
    clients: usize,
    /// How many broadcasts to time.
    #[arg(long, default_value_t = 5)]
    rounds: usize,
    /// The server's process id, to report its memory per connection (from /proc/PID/status).
    #[arg(long)]
    server_pid: Option<u32>,
    /// How many connections are opened at the same time during the ramp-up.
    #[arg(long, default_value_t = 500)]
    connect_concurrency: usize,
    /// How long to wait for every client's reply to one broadcast, in milliseconds.
    #[arg(long, default_value_t = 30_000)]
    round_timeout_ms: u64,
    /// Pause between two rounds, in milliseconds.
    #[arg(long, default_value_t = 500)]
    pause_ms: u64,
    /// A directory shared with other `bare` processes: once its clients are connected, this process waits there
    /// until --parties processes are ready, so that their rounds run at the same time.
    #[arg(long)]
    barrier: Option<PathBuf>,
    /// How many processes meet at --barrier.
    #[arg(long, default_value_t = 1)]
    parties: usize,
    /// Writes the latencies (ms) and counts as JSON, for `loadgen merge` (the baseline of a run).
    #[arg(long)]
    samples_out: Option<PathBuf>,
}

/// What `--samples-out` writes: the baseline's raw figures.
#[derive(Debug, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct BareSamples {
    pub clients: usize,
    pub failed: usize,
    pub rounds: usize,
    pub missed: usize,
    pub lost: usize,
    /// Trigger → message received, one per client and round, in milliseconds.
    pub broadcast_ms: Vec<f64>,
    pub server_rss_before_kib: Option<u64>,
    pub server_rss_connected_kib: Option<u64>,
}

// ---------------------------------------------------------------------------------------------------------------
// Server

/// What all connections share: the fan-out channel and the round being counted.
struct Hub {
    fan_out: broadcast::Sender<Utf8Bytes>,
    connected: AtomicUsize,
    round: Mutex<Round>,
}

#[derive(Default)]
struct Round {
    number: u64,
    expected: usize,
    replies: usize,
    controller: Option<oneshot::Sender<(u64, usize)>>,
}

impl Hub {
    fn round(&self) -> std::sync::MutexGuard<'_, Round> {
        // A panic while holding this lock would be a bug in a few lines of arithmetic; keep serving anyway.
        self.round.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    /// Starts a round for this controller and sends the message to everyone.
    fn start_round(&self) -> oneshot::Receiver<(u64, usize)> {
        let (done_tx, done_rx) = oneshot::channel();
        let number = {
            let mut round = self.round();
            round.number += 1;
            round.expected = self.connected.load(Ordering::SeqCst).saturating_sub(1);
            round.replies = 0;
            round.controller = Some(done_tx);
            if round.expected == 0 {
                finish(&mut round);
            }
            round.number
        };
        // No receiver at all only happens when nobody is connected, which cannot be: the controller is.
        let _ = self.fan_out.send(Utf8Bytes::from(message(number)));
        done_rx
    }

    fn reply(&self, number: u64) {
        let mut round = self.round();
        if round.number == number {
            round.replies += 1;
            if round.replies >= round.expected {
                finish(&mut round);
            }
        }
    }
}

fn finish(round: &mut Round) {
    if let Some(controller) = round.controller.take() {
        let _ = controller.send((round.number, round.replies));
    }
}

/// The 200-byte broadcast message of a round.
fn message(round: u64) -> String {
    let mut text = format!(r#"{{"type":"message","round":{round},"pad":""#);
    let pad = MESSAGE_BYTES.saturating_sub(text.len() + 2);
    text.extend(std::iter::repeat_n('x', pad));
    text.push_str("\"}");
    text
}

#[derive(Deserialize)]
struct Numbered {
    round: u64,
}

pub async fn serve(args: ServerArgs) -> Result<(), String> {
    let socket = if args.bind.is_ipv4() { TcpSocket::new_v4() } else { TcpSocket::new_v6() }
        .map_err(|e| format!("socket: {e}"))?;
    socket.set_reuseaddr(true).map_err(|e| format!("SO_REUSEADDR: {e}"))?;
    socket.bind(args.bind).map_err(|e| format!("cannot bind {}: {e}", args.bind))?;
    let listener = socket.listen(4096).map_err(|e| format!("listen on {}: {e}", args.bind))?;
    eprintln!("bare-server: listening on ws://{} (pid {})", args.bind, std::process::id());
    let (fan_out, _) = broadcast::channel(16);
    let hub = Arc::new(Hub { fan_out, connected: AtomicUsize::new(0), round: Mutex::new(Round::default()) });
    loop {
        match listener.accept().await {
            Ok((tcp, _)) => {
                tokio::spawn(connection(hub.clone(), tcp));
            }
            Err(e) => {
                // Out of file descriptors, typically: wait for some to be released rather than spin.
                eprintln!("bare-server: accept: {e}");
                tokio::time::sleep(Duration::from_millis(50)).await;
            }
        }
    }
}

/// One task per connection, as a real server would have.
async fn connection(hub: Arc<Hub>, tcp: TcpStream) {
    if tcp.set_nodelay(true).is_err() {
        return;
    }
    let Ok(mut ws) = tokio_tungstenite::accept_async_with_config(tcp, Some(ws_config(MAX_MESSAGE))).await else {
        return;
    };
    let mut messages = hub.fan_out.subscribe();
    hub.connected.fetch_add(1, Ordering::SeqCst);
    let mut done: Option<oneshot::Receiver<(u64, usize)>> = None;
    loop {
        tokio::select! {
            incoming = ws.next() => match incoming {
                Some(Ok(Message::Text(text))) => {
                    if text.as_str() == TRIGGER {
                        done = Some(hub.start_round());
                    } else if let Ok(reply) = serde_json::from_str::<Numbered>(text.as_str()) {
                        hub.reply(reply.round);
                    }
                }
                Some(Ok(Message::Close(_))) | Some(Err(_)) | None => break,
                Some(Ok(_)) => {}
            },
            message = messages.recv() => match message {
                Ok(text) => {
                    if ws.send(Message::Text(text)).await.is_err() {
                        break;
                    }
                }
                Err(broadcast::error::RecvError::Lagged(_)) => {}
                Err(broadcast::error::RecvError::Closed) => break,
            },
            Ok((round, replies)) = wait_done(&mut done) => {
                done = None;
                let text = format!(r#"{{"type":"done","round":{round},"replies":{replies}}}"#);
                if ws.send(Message::text(text)).await.is_err() {
                    break;
                }
            }
        }
    }
    hub.connected.fetch_sub(1, Ordering::SeqCst);
}

async fn wait_done(done: &mut Option<oneshot::Receiver<(u64, usize)>>) -> Result<(u64, usize), ()> {
    match done {
        Some(receiver) => receiver.await.map_err(|_| ()),
        None => std::future::pending().await,
    }
}

// ---------------------------------------------------------------------------------------------------------------
// Client

/// When one client received the message of each server round.
type Arrivals = Vec<(u64, Instant)>;

/// How a measured client ended.
enum ClientEnd {
    NotConnected,
    /// Connected until told to stop.
    Stopped(Arrivals),
    /// Lost its connection on the way.
    Lost(Arrivals),
}

pub async fn measure(args: ClientArgs) -> Result<(), String> {
    let target = Target::resolve(&args.url).await?;
    let rss_before = args.server_pid.map(rss_kib).transpose()?;

    // The controller connects first, so it is not part of the timed ramp-up.
    let mut controller = target.connect(MAX_MESSAGE).await?;

    let started = Instant::now();
    let gate = Arc::new(Semaphore::new(args.connect_concurrency.max(1)));
    let (ready_tx, mut ready_rx) = mpsc::unbounded_channel::<Result<(), String>>();
    let (stop_tx, stop_rx) = watch::channel(false);
    let mut clients = Vec::with_capacity(args.clients);
    for _ in 0..args.clients {
        clients.push(tokio::spawn(client(target.clone(), gate.clone(), ready_tx.clone(), stop_rx.clone())));
    }
    drop(ready_tx);
    let (mut connected, mut failed) = (0usize, 0usize);
    while let Some(ready) = ready_rx.recv().await {
        match ready {
            Ok(()) => connected += 1,
            Err(e) => {
                if failed < 5 {
                    eprintln!("bare: client failed to connect: {e}");
                }
                failed += 1;
            }
        }
        if connected + failed == args.clients {
            break;
        }
    }
    let ramp = started.elapsed();
    eprintln!("bare: {connected} clients connected in {:.1} s ({failed} failed)", ramp.as_secs_f64());
    // Let the server finish registering the last handshakes before reading its memory.
    tokio::time::sleep(Duration::from_millis(500)).await;
    let rss_connected = args.server_pid.map(rss_kib).transpose()?;
    if let Some(dir) = &args.barrier {
        let me = format!("bare-{}", std::process::id());
        barrier(dir, args.parties, &me, &connected.to_string()).await?;
        eprintln!("bare: {} processes ready at the barrier", args.parties);
    }

    let mut triggers: Vec<(u64, Instant)> = Vec::with_capacity(args.rounds);
    for round in 1..=args.rounds {
        let t0 = Instant::now();
        controller.send(Message::text(TRIGGER)).await.map_err(|e| format!("controller: send: {e}"))?;
        let end = wait_for_done(&mut controller, Duration::from_millis(args.round_timeout_ms)).await?;
        let elapsed_ms = t0.elapsed().as_secs_f64() * 1e3;
        match end {
            RoundEnd { number: Some(number), replies: Some(replies) } => {
                eprintln!("bare: round {round}: {replies} replies in {elapsed_ms:.1} ms (server round {number})");
                triggers.push((number, t0));
            }
            RoundEnd { number: Some(number), replies: None } => {
                eprintln!("bare: round {round}: not every client replied within {} ms", args.round_timeout_ms);
                triggers.push((number, t0));
            }
            RoundEnd { number: None, .. } => {
                eprintln!("bare: round {round}: the broadcast never came back to the controller; round not timed");
            }
        }
        tokio::time::sleep(Duration::from_millis(args.pause_ms)).await;
    }
    let rss_after = args.server_pid.map(rss_kib).transpose()?;

    let _ = stop_tx.send(true);
    let mut latencies = Vec::with_capacity(connected * triggers.len());
    let (mut missed, mut clients_missing, mut lost) = (0usize, 0usize, 0usize);
    for handle in clients {
        let arrivals = match handle.await {
            Ok(ClientEnd::Stopped(arrivals)) => arrivals,
            Ok(ClientEnd::Lost(arrivals)) => {
                lost += 1;
                arrivals
            }
            Ok(ClientEnd::NotConnected) => continue,
            Err(e) => return Err(format!("a client task failed: {e}")),
        };
        let mut client_missed = false;
        for &(number, t0) in &triggers {
            match arrivals.iter().find(|(n, _)| *n == number) {
                Some(&(_, at)) => latencies.push(at.saturating_duration_since(t0)),
                None => {
                    missed += 1;
                    client_missed = true;
                }
            }
        }
        clients_missing += usize::from(client_missed);
    }
    let _ = controller.close(None).await;

    if let Some(path) = &args.samples_out {
        let samples = BareSamples {
            clients: connected,
            failed,
            rounds: triggers.len(),
            missed,
            lost,
            broadcast_ms: latencies.iter().map(|&d| crate::common::ms(d)).collect(),
            server_rss_before_kib: rss_before,
            server_rss_connected_kib: rss_connected,
        };
        let file = serde_json::json!({"kind": "bare", "bare": samples});
        std::fs::write(path, file.to_string()).map_err(|e| format!("cannot write {}: {e}", path.display()))?;
    }
    let percentiles = Percentiles::of(&mut latencies);
    println!(
        "bare: {connected} clients ({failed} failed to connect), {} of {} rounds timed, ramp-up {:.1} s",
        triggers.len(),
        args.rounds,
        ramp.as_secs_f64()
    );
    println!("bare: trigger → {MESSAGE_BYTES}-byte message received: {percentiles}");
    println!(
        "bare: messages missed: {missed}; clients that missed at least one: {clients_missing}; connections lost: {lost}"
    );
    if let (Some(before), Some(after)) = (rss_before, rss_connected) {
        println!(
            "bare: server RSS {before} KiB before, {after} KiB with {connected} clients: {:.2} KiB per connection",
            per_connection_kib(before, after, connected)
        );
    }
    if let (Some(before), Some(after)) = (rss_before, rss_after) {
        println!(
            "bare: server RSS after the rounds {after} KiB: {:.2} KiB per connection",
            per_connection_kib(before, after, connected)
        );
    }
    Ok(())
}

/// How a round ended for the controller: the server's round number (from the message the controller receives
/// too) and the number of replies (from `done`; `None` after the timeout).
#[derive(Debug, PartialEq)]
struct RoundEnd {
    number: Option<u64>,
    replies: Option<usize>,
}

/// Reads the controller's frames until `done`, or until the timeout.
async fn wait_for_done(controller: &mut Ws, timeout: Duration) -> Result<RoundEnd, String> {
    #[derive(Deserialize)]
    struct Frame {
        r#type: String,
        round: u64,
        #[serde(default)]
        replies: usize,
    }
    let deadline = tokio::time::Instant::now() + timeout;
    let mut end = RoundEnd { number: None, replies: None };
    loop {
        let frame = match tokio::time::timeout_at(deadline, controller.next()).await {
            Err(_) => return Ok(end),
            Ok(None) => return Err("controller: the server closed the connection".into()),
            Ok(Some(Err(e))) => return Err(format!("controller: {e}")),
            Ok(Some(Ok(frame))) => frame,
        };
        let Message::Text(text) = frame else { continue };
        let Ok(frame) = serde_json::from_str::<Frame>(text.as_str()) else { continue };
        match frame.r#type.as_str() {
            "message" => end.number = Some(frame.round),
            "done" => {
                end.number = Some(frame.round);
                end.replies = Some(frame.replies);
                return Ok(end);
            }
            _ => {}
        }
    }
}

/// One measured client: connects (at most `gate` at a time), then records every message's arrival and replies.
async fn client(
    target: Target,
    gate: Arc<Semaphore>,
    ready: mpsc::UnboundedSender<Result<(), String>>,
    mut stop: watch::Receiver<bool>,
) -> ClientEnd {
    let connected = {
        let Ok(_permit) = gate.acquire().await else { return ClientEnd::NotConnected };
        target.connect(MAX_MESSAGE).await
    };
    let mut ws = match connected {
        Ok(ws) => {
            let _ = ready.send(Ok(()));
            ws
        }
        Err(e) => {
            let _ = ready.send(Err(e));
            return ClientEnd::NotConnected;
        }
    };
    drop(ready);
    let mut arrivals = Arrivals::new();
    loop {
        tokio::select! {
            frame = ws.next() => match frame {
                Some(Ok(Message::Text(text))) => {
                    let at = Instant::now();
                    if let Ok(message) = serde_json::from_str::<Numbered>(text.as_str()) {
                        arrivals.push((message.round, at));
                        let reply = format!(r#"{{"type":"reply","round":{}}}"#, message.round);
                        if ws.send(Message::text(reply)).await.is_err() {
                            return ClientEnd::Lost(arrivals);
                        }
                    }
                }
                Some(Ok(_)) => {}
                Some(Err(_)) | None => return ClientEnd::Lost(arrivals),
            },
            _ = stop.changed() => break,
        }
    }
    let _ = tokio::time::timeout(Duration::from_secs(5), ws.close(None)).await;
    ClientEnd::Stopped(arrivals)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn messages_are_200_bytes_of_json() {
        for round in [1, 42, 123_456_789] {
            let text = message(round);
            assert_eq!(text.len(), MESSAGE_BYTES, "{text}");
            let parsed: Numbered = serde_json::from_str(&text).expect("valid JSON");
            assert_eq!(parsed.round, round);
        }
    }

    #[tokio::test]
    async fn a_round_trip_between_the_pair() {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("bind");
        let addr = listener.local_addr().expect("local address");
        let (fan_out, _) = broadcast::channel(16);
        let hub = Arc::new(Hub { fan_out, connected: AtomicUsize::new(0), round: Mutex::new(Round::default()) });
        tokio::spawn(async move {
            while let Ok((tcp, _)) = listener.accept().await {
                tokio::spawn(connection(hub.clone(), tcp));
            }
        });
        let target = Target::resolve(&format!("ws://{addr}/")).await.expect("target");
        let mut controller = target.connect(MAX_MESSAGE).await.expect("controller");
        let gate = Arc::new(Semaphore::new(2));
        let (ready_tx, mut ready_rx) = mpsc::unbounded_channel();
        let (stop_tx, stop_rx) = watch::channel(false);
        let clients: Vec<_> = (0..3)
            .map(|_| tokio::spawn(client(target.clone(), gate.clone(), ready_tx.clone(), stop_rx.clone())))
            .collect();
        for _ in 0..3 {
            ready_rx.recv().await.expect("ready").expect("connected");
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
        controller.send(Message::text(TRIGGER)).await.expect("trigger");
        let done = wait_for_done(&mut controller, Duration::from_secs(5)).await.expect("read");
        assert_eq!(done, RoundEnd { number: Some(1), replies: Some(3) });
        stop_tx.send(true).expect("stop");
        for handle in clients {
            let ClientEnd::Stopped(arrivals) = handle.await.expect("join") else { panic!("client did not finish") };
            assert_eq!(arrivals.iter().map(|(n, _)| *n).collect::<Vec<_>>(), vec![1]);
        }
    }
}
