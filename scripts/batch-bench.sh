#!/usr/bin/env bash
# Batch throughput and memory: generates CSVs of varied customers and runs
# `clausemark batch` on them for PDF only, Markdown only and both, with
# --jobs 1 and --jobs 2, reporting documents per second and peak memory.
# Usage: scripts/batch-bench.sh [rows ...]   (default: 1000 10000)
# Needs GNU time (apt-get install time) for peak memory.
set -euo pipefail
cd "$(dirname "$0")/.."
sizes=("$@")
[ ${#sizes[@]} -gt 0 ] || sizes=(1000 10000)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
go build -o "$work/clausemark" ./cmd/clausemark

gen() { # rows file
  awk -v n="$1" 'BEGIN {
    split("de fr nl ie uk ch in us-ca br ca au eu", j, " ")
    split("GmbH Ltd SAS BV Inc AG Pty S.A. LLC Oy", s, " ")
    split("Nordwind Zürich Łódź Ørsted Müller Globex Initech Umbrella Hooli Stark Wayne Acme Soylent Tyrell", w, " ")
    print "customer.name,deletion.days,jurisdiction,liability.cap.basis,liability.cap.months,liability.cap.amount,liability.cap.currency,last_updated"
    for (i = 1; i <= n; i++) {
      name = w[1 + i % 14] " " w[1 + int(i / 14) % 14] " " i " " s[1 + i % 10]
      basis = (i % 3 == 0) ? "amount" : "fees"
      months = (basis == "fees") ? 6 + i % 19 : ""
      amount = (basis == "amount") ? 100000 * (1 + i % 50) : ""
      cur = (basis == "amount") ? "EUR" : ""
      printf "\"%s\",%d,%s,%s,%s,%s,%s,2026-%02d-%02d\n", name, 1 + i % 365, j[1 + i % 12], basis, months, amount, cur, 1 + i % 12, 1 + i % 28
    }
  }' > "$2"
}

printf "%-7s %-7s %-5s %9s %9s %12s\n" rows format jobs seconds docs/s "peak MiB"
for n in "${sizes[@]}"; do
  gen "$n" "$work/c$n.csv"
  for format in pdf md pdf,md; do
    for jobs in 1 2; do
      out="$work/out-$n-$format-$jobs"
      start=$(date +%s.%N)
      /usr/bin/time -f "%M" -o "$work/mem" "$work/clausemark" batch --variant ojoo --data "$work/c$n.csv" \
        --out "$out" --format "$format" --jobs "$jobs" --quiet
      end=$(date +%s.%N)
      secs=$(echo "$end - $start" | bc -l)
      printf "%-7s %-7s %-5s %9.2f %9.1f %12.1f\n" "$n" "$format" "$jobs" "$secs" "$(echo "$n / $secs" | bc -l)" "$(echo "$(cat "$work/mem") / 1024" | bc -l)"
      rm -rf "$out"
    done
  done
done
