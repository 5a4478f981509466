#!/usr/bin/env bash
# Live quizzes on two amane nodes sharing one PostgreSQL (D23), under load: first the baseline (bench/loadgen's
# bare WebSocket broadcast server, what any server reaches on this machine), then two `loadgen play` processes
# playing at the same time against both nodes; optionally a node killed (SIGKILL) mid-game.
#
# Usage: bench/live-nodes.sh [players] [games] [questions] [drop] [kill]      (defaults: 38000 200 5 0.2, no kill)
#   kill          the word `kill`: the first process kills node b during question KILL_AT_QUESTION (default 2)
#                 of its first game, 300 ms after opening it; every participant that was on b resumes on a, and
#                 a's takeover of b's games (after AMANE_LIVE_OWNER_TIMEOUT_MS, 3000 here) is measured.
#   POSTGRES_URL  default postgres://postgres@127.0.0.1:5432/test; the schema LIVE_SCHEMA (default livenodes)
#                 is dropped and made again.
#   LOADGEN_ARGS  extra options for both `loadgen play` processes (see `loadgen play --help`)
#   NO_BUILD=1    use the binaries already built
#
# Layout: each process plays half the games and half the players; game k is created on node k % 2 and driven
# there, participant i of each game joins on node i % 2, and a dropped participant resumes on the other node. So
# each node holds about half the participants, and so does each load generator process: the open file limit
# (raised here to the hard limit) must exceed players / 2 for every process, and in kill mode the survivor holds
# every participant: players must stay below the limit.
#
# Exits non-zero when `loadgen merge` says something was missed (a live frame, an acknowledgement, a score, a
# participant, a control), or when a process failed.
set -euo pipefail
cd "$(dirname "$0")/.."

players=${1:-38000}
games=${2:-200}
questions=${3:-5}
drop=${4:-0.2}
kill=${5:-}
pg=${POSTGRES_URL:-postgres://postgres@127.0.0.1:5432/test}
schema=${LIVE_SCHEMA:-livenodes}
kill_at=${KILL_AT_QUESTION:-2}

case $kill in
  "" | kill) ;;
  *) echo "the fifth argument is \`kill\` or nothing, not \`$kill\`" >&2; exit 2 ;;
esac
if [ $((players % 2)) -ne 0 ] || [ $((games % 2)) -ne 0 ] || [ "$games" -lt 2 ] || [ "$players" -lt "$games" ]; then
  echo "players and games must be even, games at least 2 and at most players" >&2
  exit 2
fi
if [ -n "$kill" ] && [ "$kill_at" -gt "$questions" ]; then
  echo "KILL_AT_QUESTION ($kill_at) is past the last question ($questions)" >&2
  exit 2
fi
half=$((players / 2))
half_games=$((games / 2))

amane=target/release/amane
loadgen=bench/loadgen/target/release/loadgen
if [ -z "${NO_BUILD:-}" ]; then
  cargo build --release --bin amane
  cargo build --release --manifest-path bench/loadgen/Cargo.toml
fi
[ -x "$amane" ] || { echo "missing $amane: run cargo build --release" >&2; exit 1; }
[ -x "$loadgen" ] || { echo "missing $loadgen: run cargo build --release --manifest-path bench/loadgen/Cargo.toml" >&2; exit 1; }

# Every process holds one socket per participant it serves or plays, plus a few hundred files of its own.
ulimit -n "$(ulimit -Hn)" 2>/dev/null || true
limit=$(ulimit -n)
need=$((half + 300))
[ -n "$kill" ] && need=$((players + 300))
if [ "$limit" != unlimited ] && [ "$limit" -lt "$need" ]; then
  if [ -n "$kill" ]; then
    echo "the open file limit ($limit) is too low: after the kill, the surviving node holds all $players players" >&2
  else
    echo "the open file limit ($limit) is too low for $half players per process" >&2
  fi
  exit 1
fi

echo "== load average at start: $(cat /proc/loadavg)"
tmp=$(mktemp -d)
pids=()
cleanup() {
  for pid in "${pids[@]}"; do
    kill -TERM "$pid" 2>/dev/null || true
  done
  for pid in "${pids[@]}"; do
    wait "$pid" 2>/dev/null || true
  done
  if [ -n "${KEEP_TMP:-}" ]; then echo "logs kept in $tmp"; else rm -rf "$tmp"; fi
}
trap cleanup EXIT

# shellcheck source=bench/lib.sh
. bench/lib.sh

stop() { # pid...
  for pid in "$@"; do kill -TERM "$pid" 2>/dev/null || true; done
  for pid in "$@"; do wait "$pid" 2>/dev/null || true; done
}

# The baseline. One bare server cannot hold every client under a 20,000-file limit, and neither does one amane
# node: as the two nodes do, two bare servers hold half the clients each, measured by two bare client processes
# at the same time (a barrier starts their rounds together). Their latencies are merged with the games' below.
echo "== baseline: 2 bare WebSocket broadcast servers, $half clients each (two client processes at once), $questions rounds"
bare_pids=()
bare_clients=()
for side in 1 2; do
  port=$(free_port)
  "$loadgen" bare-server --bind "127.0.0.1:$port" >"$tmp/bare$side.log" 2>&1 &
  bare_pid=$!
  bare_pids+=("$bare_pid")
  pids+=("$bare_pid")
  wait_for "$bare_pid" "$port" "bare$side"
  "$loadgen" bare --url "ws://127.0.0.1:$port" --clients "$half" --rounds "$questions" --server-pid "$bare_pid" \
    --barrier "$tmp/bare-barrier" --parties 2 --samples-out "$tmp/bare$side.json" >"$tmp/bare$side.out" 2>"$tmp/bare$side.err" &
  bare_clients+=("$!")
done
status=0
for side in 1 2; do
  wait "${bare_clients[$((side - 1))]}" || { status=$?; echo "bare client $side failed:" >&2; cat "$tmp/bare$side.err" >&2; }
  sed "s/^/[bare $side] /" "$tmp/bare$side.out"
done
stop "${bare_pids[@]}"
[ "$status" -eq 0 ] || exit "$status"

echo "== amane: two nodes on PostgreSQL (schema $schema), owner timeout 3000 ms"
PGOPTIONS="--client-min-messages=warning" psql -q "$pg" -c "DROP SCHEMA IF EXISTS $schema CASCADE" -c "CREATE SCHEMA $schema"
sep='?'
case "$pg" in *\?*) sep='&' ;; esac
url="${pg}${sep}options=-c%20search_path%3D${schema}"
declare -A node_pid node_port
for node in a b; do
  port=$(free_port)
  AMANE_NODE_ID=$node AMANE_LIVE_OWNER_TIMEOUT_MS=3000 \
    "$amane" serve --database-url "$url" --bind "127.0.0.1:$port" >"$tmp/node-$node.log" 2>&1 &
  node_pid[$node]=$!
  node_port[$node]=$port
  pids+=("$!")
  # One after the other: the first one migrates the fresh schema.
  wait_for "$!" "http://127.0.0.1:$port/healthz" "node-$node"
done
password=$(head -c 24 /dev/urandom | base64 | tr -d '/+=')
printf '%s\n' "$password" |
  "$amane" --lang en admin create-user --database-url "$url" --email bench@example.org --name Bench --role facilitator
token=$("$amane" --lang en admin token --database-url "$url" --email bench@example.org --label bench | tail -n1)

bases="http://127.0.0.1:${node_port[a]},http://127.0.0.1:${node_port[b]}"
server_pids="${node_pid[a]},${node_pid[b]}"
mode="no kill"
[ -n "$kill" ] && mode="node b (pid ${node_pid[b]}) killed during question $kill_at of the first process's first game"
echo "== amane: $players players in $games games of $questions questions over 2 nodes, drop $drop, 2 processes; $mode"
play_pids=()
for side in 1 2; do
  extra=()
  [ "$side" = 2 ] && extra+=(--game-offset "$half_games")
  [ "$side" = 1 ] && [ -n "$kill" ] && extra+=(--kill-pid "${node_pid[b]}" --kill-at-question "$kill_at")
  # The token goes through the environment, not the command line (visible to every user in ps).
  # shellcheck disable=SC2086 # LOADGEN_ARGS is a list of options
  AMANE_TOKEN=$token "$loadgen" play --base "$bases" --sessions "$half_games" --players "$half" \
    --questions "$questions" --drop "$drop" --server-pid "$server_pids" --barrier "$tmp/play-barrier" --parties 2 \
    --samples-out "$tmp/play$side.json" "${extra[@]}" ${LOADGEN_ARGS:-} >"$tmp/play$side.out" 2>"$tmp/play$side.err" &
  play_pids+=("$!")
done
play_status=0
for side in 1 2; do
  wait "${play_pids[$((side - 1))]}" || play_status=$?
  echo "-- process $side"
  sed "s/^/[play $side] /" "$tmp/play$side.out"
  grep -E "kill:|barrier:|trying again|HTTP|loadgen:" "$tmp/play$side.err" | head -n 40 | sed "s/^/[play $side] /" || true
done
stop "${node_pid[a]}" "${node_pid[b]}"

echo "== bus between the nodes"
answers=$(python3 - "$tmp/play1.json" "$tmp/play2.json" <<'PY'
import json, sys
total = 0
for path in sys.argv[1:]:
    try:
        total += json.load(open(path))["summary"]["answers_accepted"]
    except (OSError, ValueError, KeyError):
        pass
print(total)
PY
)
# The logs' colours off, for reading and parsing.
for node in a b; do
  sed 's/\x1b\[[0-9;]*m//g' "$tmp/node-$node.log" >"$tmp/node-$node.txt"
done
for node in a b; do
  echo "-- node $node: its \`live bus:\` lines (totals: the last one only)"
  grep -v "live bus: totals" "$tmp/node-$node.txt" | grep "live bus:" | head -n 20 || true
  grep "live bus: totals" "$tmp/node-$node.txt" | tail -n 1 || echo "(no \`live bus: totals\` line)"
done
python3 - "$answers" "$tmp/node-a.txt" "$tmp/node-b.txt" <<'PY'
import re, sys
answers = int(sys.argv[1])
keys = ["sent_envelopes", "sent_notifications", "sent_bytes", "received_notifications", "received_bytes"]
totals = dict.fromkeys(keys, 0)
found = False
for path in sys.argv[2:]:
    last = None
    for line in open(path, errors="replace"):
        if "live bus: totals" in line:
            last = line
    if last is None:
        continue
    found = True
    fields = dict(re.findall(r"(\w+)=(\d+)", last))
    for k in keys:
        totals[k] += int(fields.get(k, 0))
if not found:
    print("bus: no `live bus: totals` line in the nodes' logs")
elif answers == 0:
    print("bus:", totals, "(no acknowledged answer to divide by)")
else:
    print("bus, both nodes (the killed node's last totals line, if any):",
          ", ".join(f"{k}={v}" for k, v in totals.items()))
    print(f"bus per acknowledged answer ({answers}): "
          f"{totals['sent_envelopes'] / answers:.2f} envelopes, {totals['sent_notifications'] / answers:.2f} "
          f"notifications sent, {totals['sent_bytes'] / answers:.0f} bytes sent, "
          f"{totals['received_bytes'] / answers:.0f} bytes received")
PY

echo "== load average at end: $(cat /proc/loadavg)"
echo "== merged summary (both processes; p99 ratios to the bare baseline of this run)"
merge_status=0
"$loadgen" merge "$tmp/play1.json" "$tmp/play2.json" "$tmp/bare1.json" "$tmp/bare2.json" || merge_status=$?
if [ "$play_status" -ne 0 ] || [ "$merge_status" -ne 0 ]; then
  echo "FAILED: play exit $play_status, merge exit $merge_status" >&2
  for side in 1 2; do
    echo "-- the end of process $side's log:" >&2
    tail -n 15 "$tmp/play$side.err" >&2
  done
  for node in a b; do
    echo "-- warnings and errors in node $node's log:" >&2
    grep -E "WARN|ERROR" "$tmp/node-$node.txt" | tail -n 20 >&2 || true
  done
  exit 1
fi
