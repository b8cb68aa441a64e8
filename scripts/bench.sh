#!/usr/bin/env bash
# Benchmarks for the README: typesetting cost per document against the
# floor (template execution plus Markdown parsing), and linearity in length.
# Usage: scripts/bench.sh [count]   (default 5 runs of each benchmark)
set -euo pipefail
cd "$(dirname "$0")/.."
count=${1:-5}
out=$(go test ./internal/render/pdf -run '^$' -bench 'Floor|OjooPDF' -benchtime 3s -count "$count" -benchmem)
echo "$out" | grep -E '^(goos|goarch|cpu|Benchmark)'
echo
# Median ns/op of each benchmark, and the ratios the targets are stated in.
echo "$out" | awk '
  /^Benchmark/ { name=$1; sub(/-[0-9]+$/, "", name); v[name]=v[name] " " $3 }
  END {
    for (n in v) {
      k = split(substr(v[n], 2), a, " ")
      for (i = 2; i <= k; i++) { x = a[i]; j = i - 1; while (j > 0 && a[j] + 0 > x + 0) { a[j+1] = a[j]; j-- } a[j+1] = x }
      m[n] = (k % 2) ? a[(k+1)/2] : (a[k/2] + a[k/2+1]) / 2
      printf "%-28s median %8.2f ms\n", n, m[n] / 1e6
    }
    printf "\nOjoo PDF / floor:           %.1fx (target at most 10x)\n", m["BenchmarkOjooPDF"] / m["BenchmarkFloor"]
    printf "Ojoo x10 / Ojoo x1 PDF:     %.1fx (target at most 12x)\n", m["BenchmarkOjooPDFx10"] / m["BenchmarkOjooPDF"]
  }'
