#!/usr/bin/env bash
# Pre/post results at scale: a demo database, one test of 10 questions, N participants (default 20,000) spread over
# the demo's 300 schools, each with a pre and a post sheet (N × 20 answers), imported from one paper-results CSV;
# then the time of the learning figures, the campaign report (JSON) and its PDF, as served by `amane serve`.
# Usage: bench/learning.sh [N] [BINARY]   (BINARY defaults to target/release/amane)
set -euo pipefail
cd "$(dirname "$0")/.."
n=${1:-20000}
bin=${2:-target/release/amane}
[ -x "$bin" ] || { echo "build first: cargo build --release (or pass target/debug/amane)"; exit 1; }
dir=$(mktemp -d)
port=$((20000 + RANDOM % 20000))
"$bin" --lang en demo --data-dir "$dir/data" > /dev/null
token=$("$bin" admin token --email organizer@amane.test --data-dir "$dir/data" | tail -n1)
"$bin" serve --data-dir "$dir/data" --bind "127.0.0.1:$port" > "$dir/serve.log" 2>&1 &
pid=$!
trap 'kill $pid 2>/dev/null; rm -rf "$dir"' EXIT
for _ in $(seq 1 50); do curl -fs "http://127.0.0.1:$port/healthz" > /dev/null && break; sleep 0.2; done
api() { curl -fs -H "Authorization: Bearer $token" "$@"; }
campaign=$(api "http://127.0.0.1:$port/api/v1/campaigns" | python3 -c 'import json,sys; print(json.load(sys.stdin)["items"][-1]["id"])')
test=$(api -H 'Content-Type: application/json' -d '{"title":"bench","module":"phishing","age_band":"12-14","count":10}' \
  "http://127.0.0.1:$port/api/v1/campaigns/$campaign/tests" | python3 -c 'import json,sys; print(json.load(sys.stdin)["id"])')
python3 - "$n" > "$dir/results.csv" <<'PY'
import random, sys
n = int(sys.argv[1])
rng = random.Random(2027)
print("participant;establishment;age_band;phase;question;correct")
for i in range(n):
    school = f"DEMO-{i % 12 + 1:02d}-{(i // 12) % 25:03d}"
    ease = rng.uniform(-0.15, 0.15)
    for phase, p in (("pre", 0.45), ("post", 0.72)):
        for q in range(1, 11):
            print(f"P{i:07d};{school};12-14;{phase};{q};{int(rng.random() < p + ease - q * 0.02)}")
PY
lines=$(($(wc -l < "$dir/results.csv") - 1))
start=$(date +%s%N)
"$bin" --lang en import test-results "$dir/results.csv" --test "$test" --data-dir "$dir/data" > "$dir/import.txt"
end=$(date +%s%N)
printf 'import of %s answers (%s participants): %d ms (%s)\n' "$lines" "$n" $(( (end - start) / 1000000 )) "$(tail -n1 "$dir/import.txt")"
for what in "tests/$test/learning" "campaigns/$campaign/report" "campaigns/$campaign/report.pdf?lang=ar"; do
  for run in 1 2 3; do
    t=$(api -o "$dir/out" -w '%{time_total}' "http://127.0.0.1:$port/api/v1/$what")
    printf 'GET /api/v1/%s (run %s): %s s, %s bytes\n' "$what" "$run" "$t" "$(wc -c < "$dir/out")"
  done
done
