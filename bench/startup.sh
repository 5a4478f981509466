#!/usr/bin/env bash
# Measures how long `amane serve` takes from spawn to the first `200 ok` on /healthz, on SQLite (fresh data
# directory each run, so migrations are included) and on PostgreSQL when AMANE_BENCH_DATABASE_URL is set.
# Usage: cargo build --release && bench/startup.sh [runs]
set -euo pipefail
cd "$(dirname "$0")/.."
bin=target/release/amane
runs=${1:-5}
[ -x "$bin" ] || { echo "build first: cargo build --release"; exit 1; }

measure() { # label, extra args...
  local label=$1; shift
  local times=()
  for i in $(seq 1 "$runs"); do
    local dir; dir=$(mktemp -d)
    local port=$((20000 + RANDOM % 20000))
    local start; start=$(date +%s%N)
    "$bin" serve --data-dir "$dir/data" --bind "127.0.0.1:$port" "$@" >/dev/null 2>&1 &
    local pid=$!
    until curl -fs "http://127.0.0.1:$port/healthz" >/dev/null 2>&1; do
      if ! kill -0 "$pid" 2>/dev/null; then echo "$label: server exited"; exit 1; fi
      sleep 0.005
    done
    local end; end=$(date +%s%N)
    times+=($(( (end - start) / 1000000 )))
    kill -TERM "$pid"; wait "$pid" || true
    rm -rf "$dir"
  done
  printf '%s: spawn to healthz 200, ms over %s runs: %s\n' "$label" "$runs" "${times[*]}"
}

measure "sqlite (fresh data dir)"
if [ -n "${AMANE_BENCH_DATABASE_URL:-}" ]; then
  measure "postgres" --database-url "$AMANE_BENCH_DATABASE_URL"
fi
