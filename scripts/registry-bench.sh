#!/usr/bin/env bash
# The registry at scale: lookups over 1,000,000 recorded documents in
# SQLite (CLAUSEMARK_SCALE to change), medians of 5 runs. The first run
# fills a file in the temporary folder, which later runs reuse.
set -euo pipefail
cd "$(dirname "$0")/.."
n="${CLAUSEMARK_SCALE:-1000000}"
out=$(CLAUSEMARK_SCALE="$n" go test -run '^$' -bench '^BenchmarkScale$' -benchtime 50x -count 5 -timeout 60m ./internal/registry/)
echo "$out" | grep -E '^(cpu|goos)' || true
echo "documents: $n"
echo "$out" | awk '/^BenchmarkScale\// { name=$1; sub(/-[0-9]+$/, "", name); sub(/^BenchmarkScale\//, "", name); t[name]=t[name] " " $3 }
  END { for (k in t) { n=split(t[k], a, " "); asort(a); printf "%-22s median %8.3f ms\n", k, a[int((n+1)/2)]/1e6 } }' | sort
