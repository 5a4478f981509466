//! A `play` run's summary: its figures, how they are printed, what counts as missed, and `loadgen merge`, which
//! adds up the samples files of several processes (and of the bare baseline) into one summary.

use crate::bare::BareSamples;
use crate::common::{Percentiles, durations, per_connection_kib};
use serde::{Deserialize, Serialize};
use serde_json::Value;
use std::collections::BTreeMap;
use std::path::PathBuf;

#[derive(Debug, Default, Clone, Serialize, Deserialize)]
#[serde(default)]
pub struct FrameCounts {
    pub closed: usize,
    pub result: usize,
    pub finished: usize,
    #[serde(rename = "final")]
    pub final_: usize,
}

impl FrameCounts {
    fn total(&self) -> usize {
        self.closed + self.result + self.finished + self.final_
    }

    fn add(&mut self, other: &FrameCounts) {
        self.closed += other.closed;
        self.result += other.result;
        self.finished += other.finished;
        self.final_ += other.final_;
    }
}

/// One node of a run with several (`--base A,B`).
#[derive(Debug, Default, Clone, Serialize, Deserialize)]
#[serde(default)]
pub struct NodeFigures {
    pub base: String,
    pub pid: Option<u32>,
    /// Participants that joined on it, from this process.
    pub participants: usize,
    /// Participants that joined on it, from every process at the barrier.
    pub participants_all: usize,
    /// Its resident memory before this process's participants joined.
    pub rss_before_kib: Option<u64>,
    /// Its resident memory with every process's participants joined.
    pub rss_joined_kib: Option<u64>,
}

/// A node killed mid-game (`--kill-pid`).
#[derive(Debug, Default, Clone, Serialize, Deserialize)]
#[serde(default)]
pub struct KillFigures {
    /// The process killed (known by the process that killed it).
    pub pid: Option<u32>,
    /// During which question (from 1) of the killer's first game.
    pub question: usize,
    /// Whether the kill happened.
    pub fired: bool,
    /// Participants whose connection broke after the kill, and how many of them got a `welcome` again each time.
    pub to_recover: u64,
    pub recovered: u64,
    /// Connection broken → `welcome` with the state again.
    pub recovery: Percentiles,
    /// Kill → `welcome` with the state again, for each participant without it.
    pub kill_to_state: Percentiles,
}

#[derive(Debug, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct Summary {
    pub sessions: usize,
    pub questions: usize,
    pub players_planned: usize,
    pub players_connected: usize,
    pub connect_failures: usize,
    pub joins_refused: usize,
    pub join_refusal_codes: BTreeMap<String, usize>,
    pub answers_sent: u64,
    pub answers_accepted: u64,
    pub answers_accepted_on_resume: u64,
    pub answers_refused: u64,
    pub refusal_codes: BTreeMap<String, usize>,
    /// Answers never acknowledged, with no node kill to explain it.
    pub answers_unacknowledged: u64,
    /// Answers never acknowledged whose connection broke at the node kill after they were sent (they may have
    /// died with the node before being stored: only acknowledged answers are promised).
    pub answers_lost_at_kill: u64,
    pub answers_missed: u64,
    pub unknown_kinds: u64,
    pub resumes_attempted: u64,
    pub resumes_ok: u64,
    /// Resume attempts tried again (node down, no `welcome` in time, `server_busy`).
    pub resume_retries: u64,
    pub resume_retry_reasons: BTreeMap<String, usize>,
    pub resume_score_mismatches: u64,
    pub resume_score_unchecked: u64,
    /// `final` with another score than the last `result` or `welcome`.
    pub final_score_mismatches: u64,
    pub unplanned_disconnects: u64,
    pub unplanned_disconnect_reasons: BTreeMap<String, usize>,
    /// Participants compared with their game's stored results (`GET /api/v1/live/{id}/results`).
    pub stored_checked: u64,
    /// Participants missing from the stored results.
    pub stored_players_missing: u64,
    /// Acknowledged answers beyond the answers stored for their participant: acknowledged, then lost.
    pub acknowledged_not_stored: u64,
    /// Participants whose stored score is not their `final` score.
    pub stored_score_mismatches: u64,
    pub close_to_closed: Percentiles,
    pub close_to_result: Percentiles,
    pub closed_before_close_call: usize,
    /// The load's shape: the most games that closed the same question within 100 ms of one another. With games
    /// closing apart, each close serves one game's participants; all at once, it is one broadcast to everyone.
    #[serde(default)]
    pub closes_within_100ms: usize,
    pub end_to_finished: Percentiles,
    pub end_to_final: Percentiles,
    /// Live frames not received by connected participants, with no reconnection to explain it.
    pub missing: FrameCounts,
    /// Live frames not received because the participant was reconnecting (replayed state instead).
    pub missed_while_reconnecting: FrameCounts,
    pub players_failed: usize,
    pub failures: BTreeMap<String, usize>,
    pub join_seconds: f64,
    pub game_seconds: f64,
    pub server_rss_before_kib: Option<u64>,
    pub server_rss_joined_kib: Option<u64>,
    pub server_rss_per_player_kib: Option<f64>,
    /// With several nodes: each node's participants and memory.
    pub nodes: Vec<NodeFigures>,
    pub kill: Option<KillFigures>,
    /// Controls tried again (node down, `server_busy`).
    pub http_retries: u64,
    pub http_errors: Vec<String>,
}

/// A run's raw samples, in milliseconds, for `loadgen merge`.
#[derive(Debug, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct Samples {
    pub close_to_closed: Vec<f64>,
    pub close_to_result: Vec<f64>,
    pub end_to_finished: Vec<f64>,
    pub end_to_final: Vec<f64>,
    pub recovery: Vec<f64>,
    pub kill_to_state: Vec<f64>,
}

impl Samples {
    fn extend(&mut self, other: Samples) {
        self.close_to_closed.extend(other.close_to_closed);
        self.close_to_result.extend(other.close_to_result);
        self.end_to_finished.extend(other.end_to_finished);
        self.end_to_final.extend(other.end_to_final);
        self.recovery.extend(other.recovery);
        self.kill_to_state.extend(other.kill_to_state);
    }
}

fn add_codes(into: &mut BTreeMap<String, usize>, from: &BTreeMap<String, usize>) {
    for (code, n) in from {
        *into.entry(code.clone()).or_default() += n;
    }
}

fn min_some(a: Option<u64>, b: Option<u64>) -> Option<u64> {
    match (a, b) {
        (Some(a), Some(b)) => Some(a.min(b)),
        (a, b) => a.or(b),
    }
}

impl Summary {
    /// Adds another process's summary to this one (percentiles are recomputed from the samples afterwards).
    fn absorb(&mut self, o: Summary) {
        self.sessions += o.sessions;
        self.questions = self.questions.max(o.questions);
        self.players_planned += o.players_planned;
        self.players_connected += o.players_connected;
        self.connect_failures += o.connect_failures;
        self.joins_refused += o.joins_refused;
        add_codes(&mut self.join_refusal_codes, &o.join_refusal_codes);
        self.answers_sent += o.answers_sent;
        self.answers_accepted += o.answers_accepted;
        self.answers_accepted_on_resume += o.answers_accepted_on_resume;
        self.answers_refused += o.answers_refused;
        add_codes(&mut self.refusal_codes, &o.refusal_codes);
        self.answers_unacknowledged += o.answers_unacknowledged;
        self.answers_lost_at_kill += o.answers_lost_at_kill;
        self.answers_missed += o.answers_missed;
        self.unknown_kinds += o.unknown_kinds;
        self.resumes_attempted += o.resumes_attempted;
        self.resumes_ok += o.resumes_ok;
        self.resume_retries += o.resume_retries;
        add_codes(&mut self.resume_retry_reasons, &o.resume_retry_reasons);
        self.resume_score_mismatches += o.resume_score_mismatches;
        self.resume_score_unchecked += o.resume_score_unchecked;
        self.final_score_mismatches += o.final_score_mismatches;
        self.unplanned_disconnects += o.unplanned_disconnects;
        add_codes(&mut self.unplanned_disconnect_reasons, &o.unplanned_disconnect_reasons);
        self.stored_checked += o.stored_checked;
        self.stored_players_missing += o.stored_players_missing;
        self.acknowledged_not_stored += o.acknowledged_not_stored;
        self.stored_score_mismatches += o.stored_score_mismatches;
        self.closed_before_close_call += o.closed_before_close_call;
        self.closes_within_100ms = self.closes_within_100ms.max(o.closes_within_100ms);
        self.missing.add(&o.missing);
        self.missed_while_reconnecting.add(&o.missed_while_reconnecting);
        self.players_failed += o.players_failed;
        add_codes(&mut self.failures, &o.failures);
        self.join_seconds = self.join_seconds.max(o.join_seconds);
        self.game_seconds = self.game_seconds.max(o.game_seconds);
        self.server_rss_before_kib = min_some(self.server_rss_before_kib, o.server_rss_before_kib);
        self.server_rss_joined_kib = self.server_rss_joined_kib.max(o.server_rss_joined_kib);
        if self.nodes.len() < o.nodes.len() {
            self.nodes.resize(o.nodes.len(), NodeFigures::default());
        }
        for (mine, theirs) in self.nodes.iter_mut().zip(o.nodes) {
            if mine.base.is_empty() {
                mine.base = theirs.base;
            }
            mine.pid = mine.pid.or(theirs.pid);
            mine.participants += theirs.participants;
            mine.participants_all = mine.participants_all.max(theirs.participants_all);
            mine.rss_before_kib = min_some(mine.rss_before_kib, theirs.rss_before_kib);
            mine.rss_joined_kib = mine.rss_joined_kib.max(theirs.rss_joined_kib);
        }
        self.kill = match (self.kill.take(), o.kill) {
            (Some(mut mine), Some(theirs)) => {
                mine.pid = mine.pid.or(theirs.pid);
                mine.question = mine.question.max(theirs.question);
                mine.fired |= theirs.fired;
                mine.to_recover += theirs.to_recover;
                mine.recovered += theirs.recovered;
                Some(mine)
            }
            (mine, theirs) => mine.or(theirs),
        };
        self.http_retries += o.http_retries;
        self.http_errors.extend(o.http_errors);
    }

    /// The percentiles of the union of every process's samples.
    fn recompute(&mut self, samples: &Samples) {
        self.close_to_closed = Percentiles::of(&mut durations(&samples.close_to_closed));
        self.close_to_result = Percentiles::of(&mut durations(&samples.close_to_result));
        self.end_to_finished = Percentiles::of(&mut durations(&samples.end_to_finished));
        self.end_to_final = Percentiles::of(&mut durations(&samples.end_to_final));
        if let Some(kill) = self.kill.as_mut() {
            kill.recovery = Percentiles::of(&mut durations(&samples.recovery));
            kill.kill_to_state = Percentiles::of(&mut durations(&samples.kill_to_state));
        }
        if let (Some(before), Some(after)) = (self.server_rss_before_kib, self.server_rss_joined_kib) {
            self.server_rss_per_player_kib = Some(per_connection_kib(before, after, self.players_connected));
        }
    }
}

/// What the run missed: a participant without a live frame and no reconnection to explain it, an answer sent and
/// never acknowledged, a score that does not add up, a participant that failed, a control that did not go
/// through. Empty when the run is clean.
pub fn problems(s: &Summary) -> Vec<String> {
    let mut out = Vec::new();
    let mut check = |n: u64, what: &str| {
        if n > 0 {
            out.push(format!("{n} {what}"));
        }
    };
    check((s.players_planned - s.players_connected.min(s.players_planned)) as u64, "participants did not join");
    check(s.missing.total() as u64, "live frames missing with no reconnection to explain them");
    check(s.answers_unacknowledged, "answers sent and never acknowledged");
    check(s.resume_score_mismatches, "resumes with another score than the last one known");
    check(s.final_score_mismatches, "`final` scores other than the last one known");
    check(s.acknowledged_not_stored, "acknowledged answers not in the stored results");
    check(s.stored_score_mismatches, "stored scores other than the `final` score");
    check(s.stored_players_missing, "participants missing from the stored results");
    check(s.players_failed as u64, "participants failed");
    check(s.http_errors.len() as u64, "controls failed");
    if let Some(kill) = &s.kill {
        check(u64::from(!kill.fired), "node kill that did not happen");
        check(kill.to_recover - kill.recovered.min(kill.to_recover), "participants did not recover after the kill");
    }
    out
}

fn codes(map: &BTreeMap<String, usize>) -> String {
    if map.is_empty() {
        String::new()
    } else {
        let list: Vec<String> = map.iter().map(|(code, n)| format!("{code}: {n}")).collect();
        format!(" ({})", list.join(", "))
    }
}

pub fn print_summary(s: &Summary) {
    println!(
        "players: {} of {} connected in {:.1} s; {} could not connect; {} had a join refused{}",
        s.players_connected,
        s.players_planned,
        s.join_seconds,
        s.connect_failures,
        s.joins_refused,
        codes(&s.join_refusal_codes)
    );
    println!("games: {} session(s), {} question(s) played in {:.1} s", s.sessions, s.questions, s.game_seconds);
    println!(
        "answers: {} sent, {} accepted ({} of them confirmed by `answered: true` after a reconnection), {} refused{}, \
         {} unacknowledged; {} questions closed before an answer was sent; {} of an unknown kind",
        s.answers_sent,
        s.answers_accepted,
        s.answers_accepted_on_resume,
        s.answers_refused,
        codes(&s.refusal_codes),
        s.answers_unacknowledged,
        s.answers_missed,
        s.unknown_kinds
    );
    if s.answers_lost_at_kill > 0 {
        println!(
            "  {} answers were never acknowledged because their connection broke at the node kill (not stored by \
             the dead node; only acknowledged answers are promised)",
            s.answers_lost_at_kill
        );
    }
    println!(
        "resumes: {} attempted, {} ok, {} score mismatches ({} not checkable: a result was in flight); {} unplanned \
         disconnections",
        s.resumes_attempted, s.resumes_ok, s.resume_score_mismatches, s.resume_score_unchecked, s.unplanned_disconnects
    );
    if !s.unplanned_disconnect_reasons.is_empty() {
        println!("  unplanned disconnections:{}", codes(&s.unplanned_disconnect_reasons));
    }
    if s.resume_retries > 0 {
        println!("  resume attempts tried again: {}{}", s.resume_retries, codes(&s.resume_retry_reasons));
    }
    println!(
        "scores: {} `final` scores differ from the last `result`/`welcome`; stored results of {} participants: {} \
         missing, {} acknowledged answers not stored, {} scores differ from `final`",
        s.final_score_mismatches,
        s.stored_checked,
        s.stored_players_missing,
        s.acknowledged_not_stored,
        s.stored_score_mismatches
    );
    println!(
        "load shape: at most {} of {} games closed the same question within 100 ms of one another",
        s.closes_within_100ms, s.sessions
    );
    println!("close → `closed` frame: {}", s.close_to_closed);
    println!("close → own `result`:  {}", s.close_to_result);
    println!("end → `finished`:      {}", s.end_to_finished);
    println!("end → `final`:         {}", s.end_to_final);
    let frames = |c: &FrameCounts| {
        format!("{} `closed`, {} `result`, {} `finished`, {} `final`", c.closed, c.result, c.finished, c.final_)
    };
    println!("  frames missing: {}", frames(&s.missing));
    println!("  frames missed while reconnecting (state replayed instead): {}", frames(&s.missed_while_reconnecting));
    if s.closed_before_close_call > 0 {
        println!(
            "  {} `closed` frames came before the close call (time limit reached, or a game taken over)",
            s.closed_before_close_call
        );
    }
    if let Some(kill) = &s.kill {
        let pid = kill.pid.map(|p| format!(" (pid {p})")).unwrap_or_default();
        let fired = if kill.fired { "killed" } else { "NOT killed" };
        println!("node kill: a node{pid} {fired} during question {} of the first game", kill.question);
        println!(
            "  participants whose connection broke after the kill: {}, {} of them recovered",
            kill.to_recover, kill.recovered
        );
        println!("  connection broken → `welcome` with the state: {}", kill.recovery);
        println!("  kill → `welcome` with the state:              {}", kill.kill_to_state);
    }
    if let (Some(before), Some(after), Some(per)) =
        (s.server_rss_before_kib, s.server_rss_joined_kib, s.server_rss_per_player_kib)
    {
        println!("server RSS: {before} KiB before, {after} KiB with everyone joined: {per:.2} KiB per participant");
    }
    for (i, node) in s.nodes.iter().enumerate() {
        let pid = node.pid.map(|p| format!(" (pid {p})")).unwrap_or_default();
        let mut line =
            format!("node {} {}{pid}: {} participants joined on it", i + 1, node.base, node.participants_all);
        if let Some(joined) = node.rss_joined_kib {
            let n = node.participants_all.max(1) as f64;
            line.push_str(&format!(
                "; RSS {joined} KiB with everyone joined: {:.2} KiB per participant",
                joined as f64 / n
            ));
            if let Some(before) = node.rss_before_kib {
                line.push_str(&format!(
                    " ({:.2} KiB above the {before} KiB before the joins)",
                    (joined as f64 - before as f64) / n
                ));
            }
        }
        println!("{line}");
    }
    if s.players_failed > 0 || !s.failures.is_empty() {
        println!("participants that left early: {}{}", s.players_failed, codes(&s.failures));
    }
    if s.http_retries > 0 {
        println!("controls tried again: {}", s.http_retries);
    }
    for error in &s.http_errors {
        println!("HTTP error: {error}");
    }
}

#[derive(clap::Args, Debug)]
pub struct MergeArgs {
    /// Samples files written by `play --samples-out` (and `bare --samples-out`, the baseline).
    #[arg(required = true)]
    files: Vec<PathBuf>,
}

impl MergeArgs {
    #[cfg(test)]
    pub fn for_files(files: Vec<PathBuf>) -> MergeArgs {
        MergeArgs { files }
    }
}

/// What several samples files add up to.
#[derive(Debug, Default)]
pub struct Merged {
    pub plays: usize,
    pub summary: Summary,
    pub samples: Samples,
    pub bares: usize,
    pub bare: BareSamples,
}

pub fn merge_files(files: &[PathBuf]) -> Result<Merged, String> {
    let mut merged = Merged::default();
    for path in files {
        let text = std::fs::read_to_string(path).map_err(|e| format!("cannot read {}: {e}", path.display()))?;
        let mut file: Value = serde_json::from_str(&text).map_err(|e| format!("{}: not JSON: {e}", path.display()))?;
        let bad = |e: serde_json::Error| format!("{}: {e}", path.display());
        match file["kind"].as_str() {
            Some("play") => {
                let summary: Summary = serde_json::from_value(file["summary"].take()).map_err(bad)?;
                let samples: Samples = serde_json::from_value(file["samples"].take()).map_err(bad)?;
                if merged.plays == 0 {
                    merged.summary = summary;
                } else {
                    merged.summary.absorb(summary);
                }
                merged.samples.extend(samples);
                merged.plays += 1;
            }
            Some("bare") => {
                let bare: BareSamples = serde_json::from_value(file["bare"].take()).map_err(bad)?;
                let b = &mut merged.bare;
                b.clients += bare.clients;
                b.failed += bare.failed;
                b.rounds = b.rounds.max(bare.rounds);
                b.missed += bare.missed;
                b.lost += bare.lost;
                b.broadcast_ms.extend(bare.broadcast_ms);
                merged.bares += 1;
            }
            other => return Err(format!("{}: unknown kind {other:?}", path.display())),
        }
    }
    if merged.plays > 0 {
        let samples = std::mem::take(&mut merged.samples);
        merged.summary.recompute(&samples);
        merged.samples = samples;
    }
    Ok(merged)
}

/// `loadgen merge`: the combined summary; fails when something was missed.
pub fn merge(args: MergeArgs) -> Result<(), String> {
    let merged = merge_files(&args.files)?;
    let s = &merged.summary;
    if merged.plays > 0 {
        println!("== merged: {} play process(es)", merged.plays);
        print_summary(s);
    }
    if merged.bares > 0 {
        let b = &merged.bare;
        let bare = Percentiles::of(&mut durations(&b.broadcast_ms));
        println!(
            "baseline (bare WebSocket broadcast, {} process(es), {} clients, {} failed, {} messages missed, {} \
             connections lost): trigger → message {bare}",
            merged.bares, b.clients, b.failed, b.missed, b.lost
        );
        if merged.plays > 0 && bare.p99_ms > 0.0 {
            let ratio = |p: &Percentiles| {
                if p.samples == 0 { "no samples".to_owned() } else { format!("{:.1}×", p.p99_ms / bare.p99_ms) }
            };
            println!(
                "p99 / bare p99 ({:.1} ms): close → `closed` {}, close → `result` {}, end → `finished` {}, end → \
                 `final` {}",
                bare.p99_ms,
                ratio(&s.close_to_closed),
                ratio(&s.close_to_result),
                ratio(&s.end_to_finished),
                ratio(&s.end_to_final)
            );
        }
    }
    let problems = if merged.plays > 0 { problems(s) } else { Vec::new() };
    if problems.is_empty() {
        println!("merged: nothing missed");
        Ok(())
    } else {
        for p in &problems {
            println!("MISSED: {p}");
        }
        Err(format!("something was missed: {}", problems.join("; ")))
    }
}
