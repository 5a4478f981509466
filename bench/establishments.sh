#!/usr/bin/env bash
# Imports a generated registry of N establishments (default 12,000) into a fresh SQLite database with the
# release binary, then again (every row an update), and prints the wall time of each run.
# Usage: cargo build --release && bench/establishments.sh [N]
set -euo pipefail
cd "$(dirname "$0")/.."
n=${1:-12000}
bin=target/release/amane
[ -x "$bin" ] || { echo "build first: cargo build --release"; exit 1; }
dir=$(mktemp -d)
python3 - "$n" > "$dir/establishments.csv" <<'PY'
import sys
n = int(sys.argv[1])
levels = ["primaire", "collège", "lycée"]
print("code;nom_fr;nom_ar;region;province;commune;niveau;secteur;milieu")
for i in range(n):
    r = i % 12 + 1
    print(f"E{i:06d};École n°{i} « Al Amal »;مدرسة رقم {i};{r:02d};Province {r};Commune {i % 97};{levels[i % 3]};{'public' if i % 5 else 'privé'};{'urbain' if i % 3 else 'rural'}")
PY
for run in first again; do
  start=$(date +%s%N)
  "$bin" --lang en import establishments "$dir/establishments.csv" --data-dir "$dir/data" > "$dir/out.txt"
  end=$(date +%s%N)
  printf '%s import of %s rows: %d ms (%s)\n' "$run" "$n" $(( (end - start) / 1000000 )) "$(tail -n1 "$dir/out.txt")"
done
rm -rf "$dir"
