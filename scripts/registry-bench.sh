#!/usr/bin/env bash
# The registry at scale: lookups over 1,000,000 recorded documents in
# SQLite (CLAUSEMARK_SCALE to change), medians of COUNT runs (default 5).
# The first run fills a file in the temporary folder, which later runs
# reuse.
# Usage: [CLAUSEMARK_SCALE=1000000] [COUNT=5] scripts/registry-bench.sh
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/benchenv.sh
runinfo
n="${CLAUSEMARK_SCALE:-1000000}"
out=$(CLAUSEMARK_SCALE="$n" go test -run '^$' -bench '^BenchmarkScale$' -benchtime 50x -count "${COUNT:-5}" -timeout 60m ./internal/registry/) ||
  { echo "$out"; exit 1; }
echo "$out" | grep -E '^(cpu|goos)' || true
echo "documents: $n"
for name in $(echo "$out" | awk '/^BenchmarkScale\// { sub(/-[0-9]+$/, "", $1); sub(/^BenchmarkScale\//, "", $1); print $1 }' | sort -u); do
  median=$(echo "$out" | awk -v n="$name" '{ k = $1; sub(/-[0-9]+$/, "", k) } k == "BenchmarkScale/" n { print $3 }' | sort -g |
    awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }')
  printf "%-22s median %8.3f ms\n" "$name" "$(echo "$median / 1000000" | bc -l)"
done
