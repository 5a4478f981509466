#!/usr/bin/env bash
# Issue 11's scale: `amane demo --scale national` (1,000,000 children, 20,000,000 answers over 12 regions), timed,
# then, as served by `amane serve`: the campaign dashboard page, the campaign report (JSON), the test's learning
# figures, the full CSV export of the test's answers, the report's PDF and a batch of 200 certificates.
#
# Usage: cargo build --release && bench/national.sh [POSTGRES_URL] [RUNS]
#   SQLite (a fresh data directory) without POSTGRES_URL; with it, the schema `national` of that database, dropped
#   and made again first (tests use schemas of their own, so they are not disturbed).
#   AMANE_BENCH_DIR=DIR keeps the data directory (SQLite) and, with AMANE_BENCH_REUSE=1, reuses what an earlier run
#   generated there or in the schema (to time another build of the server on the same data).
set -euo pipefail
cd "$(dirname "$0")/.."
pg=${1:-}
runs=${2:-3}
bin=target/release/amane
[ -x "$bin" ] || { echo "build first: cargo build --release"; exit 1; }
dir=${AMANE_BENCH_DIR:-$(mktemp -d)}
mkdir -p "$dir"
reuse=${AMANE_BENCH_REUSE:-0}
if [ -n "$pg" ]; then
  sep='?'; case "$pg" in *\?*) sep='&';; esac
  url="${pg}${sep}options=-c%20search_path%3Dnational"
  db=(--database-url "$url")
  if [ "$reuse" != 1 ]; then psql -q "$pg" -c 'DROP SCHEMA IF EXISTS national CASCADE' -c 'CREATE SCHEMA national'; fi
  size() { psql -At "$pg" -c "SELECT pg_size_pretty(SUM(pg_total_relation_size(c.oid))) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = 'national' AND c.relkind = 'r'"; }
else
  db=(--data-dir "$dir/data")
  if [ "$reuse" != 1 ]; then rm -rf "$dir/data"; fi
  size() { du -sh "$dir/data" | cut -f1; }
fi
port=$((20000 + RANDOM % 20000))
log="$dir/demo.log"
if [ "$reuse" != 1 ]; then
  start=$(date +%s%N)
  "$bin" --lang en demo --scale national "${db[@]}" | tee "$log"
  end=$(date +%s%N)
  printf 'generation (amane demo --scale national): %d s\n' $(( (end - start) / 1000000000 ))
fi
printf 'database size: %s\n' "$(size)"
token=$("$bin" admin token --email organizer@amane.test "${db[@]}" | tail -n1)
"$bin" serve "${db[@]}" --bind "127.0.0.1:$port" > "$dir/serve.log" 2>&1 &
pid=$!
trap 'kill $pid 2>/dev/null || true; [ -n "${AMANE_BENCH_DIR:-}" ] || rm -rf "$dir"' EXIT
for _ in $(seq 1 600); do curl -fs "http://127.0.0.1:$port/healthz" > /dev/null && break; sleep 0.5; done
base="http://127.0.0.1:$port"
get() { curl -fsS -H "Authorization: Bearer $token" "$@"; }
campaign=$(get "$base/api/v1/campaigns" | python3 -c '
import json, sys
items = json.load(sys.stdin)["items"]
print(next(c["id"] for c in items if "simulated demonstration" in (c.get("title_en") or c.get("title", {}).get("en") or "")))')
test=$(get "$base/api/v1/campaigns/$campaign/tests" | python3 -c 'import json,sys; print(json.load(sys.stdin)["items"][0]["id"])')
workshop=$(grep -o 'workshops/[0-9a-f-]*/certificates.pdf' "$log" 2>/dev/null | head -n1 | cut -d/ -f2 || true)
if [ -z "$workshop" ]; then
  workshop=$(get "$base/api/v1/campaigns/$campaign/workshops?per_page=500" | python3 -c '
import json, sys
print(next(w["id"] for w in json.load(sys.stdin)["items"] if w["title"].endswith("(certificats)")))')
fi
echo "campaign $campaign, test $test, certificates workshop $workshop"
time_it() { # label, path, extra curl args...
  local label=$1 path=$2; shift 2
  for run in $(seq 1 "$runs"); do
    local t
    t=$(get -o "$dir/out" -w '%{time_total}' "$@" "$base$path")
    printf '%s (run %s): %s s, %s bytes\n' "$label" "$run" "$t" "$(wc -c < "$dir/out")"
  done
}
time_it "GET /campaigns/{id}/report (page)" "/campaigns/$campaign/report"
time_it "GET /api/v1/campaigns/{id}/report" "/api/v1/campaigns/$campaign/report"
time_it "GET /api/v1/tests/{id}/learning" "/api/v1/tests/$test/learning"
# The export is counted as it arrives instead of written to this machine's disk (739 MB a run): what is timed
# is the server producing it, not the client's disk.
for run in $(seq 1 "$runs"); do
  t=$(get -o >(wc -lc > "$dir/export-count") -w '%{time_total}' "$base/api/v1/tests/$test/results.csv")
  sleep 1
  read -r lines bytes < "$dir/export-count"
  printf 'GET /api/v1/tests/{id}/results.csv (run %s): %s s, %s bytes, %s lines (header included)\n' \
    "$run" "$t" "$bytes" "$lines"
done
time_it "GET /api/v1/campaigns/{id}/report.pdf?lang=ar" "/api/v1/campaigns/$campaign/report.pdf?lang=ar"
time_it "GET /workshops/{id}/certificates.pdf" "/workshops/$workshop/certificates.pdf?language=ar"
python3 - "$dir/out" <<'PY'
import re, sys
data = open(sys.argv[1], "rb").read()
print("certificates PDF pages:", len(re.findall(rb"/Type\s*/Page(?!s)", data)))
PY
printf 'server peak memory: %s\n' "$(grep VmHWM /proc/$pid/status | tr -s ' \t' ' ')"
