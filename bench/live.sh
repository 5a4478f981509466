#!/usr/bin/env bash
# Live quizzes under load: first the baseline (bench/loadgen's bare WebSocket broadcast server, what any server can
# reach on this machine), then amane itself, played by bench/loadgen following docs/live-protocol.md.
#
# Usage: bench/live.sh [players] [sessions] [questions] [drop]      (defaults: 10000 1 5 0.2)
#   LOADGEN_ARGS  extra options for `loadgen play`, e.g. "--think-ms 5000 --json" (see `loadgen play --help`)
#   NO_BUILD=1    use the binaries already built
# Everything runs on 127.0.0.1. The load generator and each server hold one socket per participant, so the open
# file limit must exceed the number of players (raised here to the hard limit when allowed).
set -euo pipefail
cd "$(dirname "$0")/.."

players=${1:-10000}
sessions=${2:-1}
questions=${3:-5}
drop=${4:-0.2}

amane=target/release/amane
loadgen=bench/loadgen/target/release/loadgen

if [ -z "${NO_BUILD:-}" ]; then
  cargo build --release --bin amane
  cargo build --release --manifest-path bench/loadgen/Cargo.toml
fi
[ -x "$amane" ] || { echo "missing $amane: run cargo build --release" >&2; exit 1; }
[ -x "$loadgen" ] || { echo "missing $loadgen: run cargo build --release --manifest-path bench/loadgen/Cargo.toml" >&2; exit 1; }

ulimit -n "$(ulimit -Hn)" 2>/dev/null || true
if [ "$(ulimit -n)" != unlimited ] && [ "$(ulimit -n)" -le $((players + 100)) ]; then
  echo "the open file limit ($(ulimit -n)) is too low for $players players" >&2
  exit 1
fi

tmp=$(mktemp -d)
server_pid=
stop_server() {
  if [ -n "$server_pid" ]; then
    kill -TERM "$server_pid" 2>/dev/null || true
    wait "$server_pid" 2>/dev/null || true
    server_pid=
  fi
}
cleanup() {
  stop_server
  rm -rf "$tmp"
}
trap cleanup EXIT

# shellcheck source=bench/lib.sh
. bench/lib.sh

echo "== load average at start: $(cat /proc/loadavg)"
echo "== baseline: bare WebSocket broadcast server, $players clients, $questions rounds"
port=$(free_port)
"$loadgen" bare-server --bind "127.0.0.1:$port" >"$tmp/bare.log" 2>&1 &
server_pid=$!
wait_for "$server_pid" "$port" bare
"$loadgen" bare --url "ws://127.0.0.1:$port" --clients "$players" --rounds "$questions" --server-pid "$server_pid" \
  --samples-out "$tmp/bare.json"
stop_server

echo "== amane: $players players in $sessions game(s) of $questions questions, drop $drop"
data="$tmp/data"
password=$(head -c 24 /dev/urandom | base64 | tr -d '/+=')
printf '%s\n' "$password" |
  "$amane" --lang en admin create-user --data-dir "$data" --email bench@example.org --name Bench --role facilitator
token=$("$amane" --lang en admin token --data-dir "$data" --email bench@example.org --label bench)
port=$(free_port)
"$amane" serve --data-dir "$data" --bind "127.0.0.1:$port" >"$tmp/amane.log" 2>&1 &
server_pid=$!
wait_for "$server_pid" "http://127.0.0.1:$port/healthz" amane
# The token goes through the environment, not the command line (visible to every user in ps).
# shellcheck disable=SC2086 # LOADGEN_ARGS is a list of options
AMANE_TOKEN=$token "$loadgen" play --base "http://127.0.0.1:$port" --sessions "$sessions" --players "$players" \
  --questions "$questions" --drop "$drop" --server-pid "$server_pid" --samples-out "$tmp/play.json" ${LOADGEN_ARGS:-} ||
  { status=$?; echo "loadgen play failed; the end of amane's log:" >&2; tail -n 40 "$tmp/amane.log" >&2; exit "$status"; }
stop_server
echo "== load average at end: $(cat /proc/loadavg)"
echo "== amane's p99 as ratios to the bare server of this run"
"$loadgen" merge "$tmp/play.json" "$tmp/bare.json"
