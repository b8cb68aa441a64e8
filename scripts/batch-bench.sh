#!/usr/bin/env bash
# Batch throughput and memory: generates CSVs of varied customers and runs
# `clausemark batch` on them for each format and --jobs 1 and 2, then once
# more on the same folder (a resume, every row skipped), reporting the
# median over RUNS runs of the seconds, documents per second and peak
# memory. Each first run records into a fresh registry (an SQLite file in
# the work folder); RECORD=both also runs it with --no-record, to show what
# recording costs.
# Usage: [RUNS=3] [FORMATS="pdf md pdf,md"] [RECORD=both] scripts/batch-bench.sh [rows ...]
#        (default rows: 1000 10000)
# Needs GNU time (apt-get install time) for peak memory.
set -euo pipefail
cd "$(dirname "$0")/.."
sizes=("$@")
[ ${#sizes[@]} -gt 0 ] || sizes=(1000 10000)
runs=${RUNS:-3}
read -r -a formats <<< "${FORMATS:-pdf md pdf,md}"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
go build -o "$work/clausemark" ./cmd/clausemark
export CLAUSEMARK_REGISTRY="$work/registry.db"

gen() { # rows file
  awk -v n="$1" 'BEGIN {
    split("de fr nl ie uk ch in us-ca br ca au eu", j, " ")
    split("DE FR NL IE GB CH IN US BR CA AU DE", c, " ")
    split("GmbH Ltd SAS BV Inc AG Pty S.A. LLC Oy", s, " ")
    split("Nordwind Zürich Łódź Ørsted Müller Globex Initech Umbrella Hooli Stark Wayne Acme Soylent Tyrell", w, " ")
    print "customer.name,customer.country,deletion.days,jurisdiction,liability.cap.basis,liability.cap.months,liability.cap.amount,liability.cap.currency,last_updated"
    for (i = 1; i <= n; i++) {
      name = w[1 + i % 14] " " w[1 + int(i / 14) % 14] " " i " " s[1 + i % 10]
      basis = (i % 3 == 0) ? "amount" : "fees"
      months = (basis == "fees") ? 6 + i % 19 : ""
      amount = (basis == "amount") ? 100000 * (1 + i % 50) : ""
      cur = (basis == "amount") ? "EUR" : ""
      printf "\"%s\",%s,%d,%s,%s,%s,%s,%s,2026-%02d-%02d\n", name, c[1 + i % 12], 1 + i % 365, j[1 + i % 12], basis, months, amount, cur, 1 + i % 12, 1 + i % 28
    }
  }' > "$2"
}

median() { sort -g | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }

# one rows format jobs out file [flags]: runs a batch, appending "seconds peak-KiB" to file.
one() {
  local start end
  start=$(date +%s.%N)
  /usr/bin/time -f "%M" -o "$work/mem" "$work/clausemark" batch --variant ojoo --data "$work/c$1.csv" \
    --out "$4" --format "$2" --jobs "$3" --quiet "${@:6}"
  end=$(date +%s.%N)
  echo "$(echo "$end - $start" | bc -l) $(cat "$work/mem")" >> "$5"
}

report() { # rows format jobs label file
  local secs mem
  secs=$(cut -d' ' -f1 "$5" | median)
  mem=$(cut -d' ' -f2 "$5" | median)
  printf "%-7s %-7s %-5s %-7s %9.2f %9.1f %12.1f\n" "$1" "$2" "$3" "$4" "$secs" "$(echo "$1 / $secs" | bc -l)" "$(echo "$mem / 1024" | bc -l)"
}

echo "median of $runs runs"
printf "%-7s %-7s %-5s %-7s %9s %9s %12s\n" rows format jobs run seconds docs/s "peak MiB"
for n in "${sizes[@]}"; do
  gen "$n" "$work/c$n.csv"
  for format in "${formats[@]}"; do
    for jobs in 1 2; do
      : > "$work/first"
      : > "$work/resume"
      : > "$work/norecord"
      for _ in $(seq "$runs"); do
        out="$work/out-$n-$format-$jobs"
        rm -f "$CLAUSEMARK_REGISTRY"*
        one "$n" "$format" "$jobs" "$out" "$work/first"
        # The same command again: every row is checked and skipped.
        one "$n" "$format" "$jobs" "$out" "$work/resume"
        rm -rf "$out"
        if [ "${RECORD:-}" = both ]; then
          one "$n" "$format" "$jobs" "$out" "$work/norecord" --no-record
          rm -rf "$out"
        fi
      done
      report "$n" "$format" "$jobs" first "$work/first"
      report "$n" "$format" "$jobs" resume "$work/resume"
      [ "${RECORD:-}" != both ] || report "$n" "$format" "$jobs" norecord "$work/norecord"
    done
  done
done
