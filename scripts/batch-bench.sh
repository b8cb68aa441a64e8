#!/usr/bin/env bash
# Batch throughput, CPU time and memory: generates a CSV of varied
# customers of the Ojoo variant (every row renders) and runs `clausemark
# batch` on it in each format, the formats taken in turn within each
# round, then the same command once more on the same folder (a resume,
# every row checked and skipped). It reports the median over RUNS rounds
# of the seconds, documents per second, CPU seconds (user and system) and
# peak memory, and each format's throughput and CPU time against
# Markdown's. Each first run records into a fresh registry (an SQLite file
# in the work folder); RECORD=no runs with --no-record instead, and
# RECORD=both runs both, to show what recording costs. PREV=rev also runs
# the binary of commit rev, built from git, in the same rounds.
# Usage: [RUNS=3] [FORMATS="md pdf docx"] [JOBS="2"] [RECORD=no|both] [PREV=rev]
#        scripts/batch-bench.sh [rows ...]          (default rows: 1000)
# Needs GNU time (apt-get install time) for CPU time and peak memory.
set -euo pipefail
# sort must order numbers alike under any locale.
export LC_ALL=C
cd "$(dirname "$0")/.."
sizes=("$@")
[ ${#sizes[@]} -gt 0 ] || sizes=(1000)
runs=${RUNS:-3}
read -r -a formats <<< "${FORMATS:-md pdf docx}"
read -r -a jobs <<< "${JOBS:-2}"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

echo "date: $(date -u +%Y-%m-%dT%H:%MZ), commit: $(git rev-parse --short HEAD)$(git diff --quiet HEAD -- . 2> /dev/null || echo " (with changes)"), load average: $(cut -d' ' -f1-3 /proc/loadavg 2> /dev/null || echo unknown)"
echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), $(go version | cut -d' ' -f3)"
go build -o "$work/now" ./cmd/clausemark
bins=(now)
if [ -n "${PREV:-}" ]; then
  mkdir -p "$work/prev-src"
  git archive "$PREV" | tar -x -C "$work/prev-src"
  (cd "$work/prev-src" && go build -o "$work/prev" ./cmd/clausemark)
  bins+=(prev)
  echo "prev: $(git rev-parse --short "$PREV") ($(git log -1 --format=%s "$PREV" | cut -c1-60))"
fi

gen() { # rows file: varied customers over the jurisdictions Ojoo's processor can serve
  # Brazil is left out: its transfer rules to Ojoo's India need clauses the
  # library does not carry. The people and data transferred are given, as
  # the Standard Contractual Clauses' annexes require them wherever those
  # apply.
  awk -v n="$1" 'BEGIN {
    split("de fr nl ie uk ch in us-ca ca au eu", j, " ")
    split("DE FR NL IE GB CH IN US CA AU DE", c, " ")
    split("Nordwind Zürich Łódź Ørsted Müller Globex Initech Umbrella Hooli Stark Wayne Acme Soylent Tyrell", w, " ")
    print "customer.name,customer.country,jurisdiction,deletion.days,transfer.data_subjects,transfer.data_categories"
    for (i = 1; i <= n; i++) printf "\"%s %s %d GmbH\",%s,%s,%d,\"[Employees of the Customer]\",\"[Contact details]\"\n", w[1 + i % 14], w[1 + int(i / 14) % 14], i, c[1 + i % 11], j[1 + i % 11], 1 + i % 365
  }' > "$2"
}

median() { sort -g | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }

# one bin rows format jobs out file [flags]: runs a batch, appending
# "seconds cpu-seconds peak-KiB" to file.
one() {
  local start end
  start=$(date +%s.%N)
  # Its warnings (a venue of Ojoo's India left out elsewhere) go to a
  # log, shown if the batch fails.
  CLAUSEMARK_REGISTRY="$work/registry.db" /usr/bin/time -f "%U %S %M" -o "$work/time" "$work/$1" batch --variant ojoo \
    --data "$work/c$2.csv" --out "$5" --format "$3" --jobs "$4" --quiet "${@:7}" 2> "$work/batch.log" ||
    { tail -5 "$work/batch.log" >&2; exit 1; }
  end=$(date +%s.%N)
  read -r user sys mem < "$work/time"
  echo "$(echo "$end - $start" | bc -l) $(echo "$user + $sys" | bc -l) $mem" >> "$6"
}

printf "%-5s %-6s %-5s %-5s %-7s %8s %8s %8s %9s\n" bin rows fmt jobs run seconds docs/s "CPU s" "peak MiB"
# report bin rows format jobs label file: prints the medians, and keeps the docs/s and CPU seconds.
report() {
  local secs cpu mem
  secs=$(cut -d' ' -f1 "$6" | median)
  cpu=$(cut -d' ' -f2 "$6" | median)
  mem=$(cut -d' ' -f3 "$6" | median)
  printf "%-5s %-6s %-5s %-5s %-7s %8.2f %8.1f %8.2f %9.1f\n" "$1" "$2" "$3" "$4" "$5" "$secs" "$(echo "$2 / $secs" | bc -l)" "$cpu" "$(echo "$mem / 1024" | bc -l)"
  echo "$2 / $secs" | bc -l > "$work/rate-$1-$2-$3-$4-$5"
  echo "$cpu" > "$work/cpu-$1-$2-$3-$4-$5"
}

for n in "${sizes[@]}"; do
  gen "$n" "$work/c$n.csv"
  for j in "${jobs[@]}"; do
    for b in "${bins[@]}"; do
      for f in "${formats[@]}"; do : > "$work/first-$b-$f" && : > "$work/resume-$b-$f" && : > "$work/norecord-$b-$f"; done
    done
    flags=()
    [ "${RECORD:-}" != no ] || flags=(--no-record)
    for _ in $(seq "$runs"); do
      for b in "${bins[@]}"; do
        for f in "${formats[@]}"; do
          out="$work/out-$b-$f"
          rm -rf "$out" "$work/registry.db"*
          one "$b" "$n" "$f" "$j" "$out" "$work/first-$b-$f" "${flags[@]}"
          # The same command again: every row is checked and skipped.
          one "$b" "$n" "$f" "$j" "$out" "$work/resume-$b-$f" "${flags[@]}"
          rm -rf "$out"
          if [ "${RECORD:-}" = both ]; then
            one "$b" "$n" "$f" "$j" "$out" "$work/norecord-$b-$f" --no-record
            rm -rf "$out"
          fi
        done
      done
    done
    for b in "${bins[@]}"; do
      for f in "${formats[@]}"; do
        report "$b" "$n" "$f" "$j" first "$work/first-$b-$f"
        report "$b" "$n" "$f" "$j" resume "$work/resume-$b-$f"
        [ "${RECORD:-}" != both ] || report "$b" "$n" "$f" "$j" norecord "$work/norecord-$b-$f"
      done
      if [[ " ${formats[*]} " == *" md "* ]]; then
        for f in "${formats[@]}"; do
          [ "$f" != md ] || continue
          md=$(cat "$work/rate-$b-$n-md-$j-first") r=$(cat "$work/rate-$b-$n-$f-$j-first")
          mc=$(cat "$work/cpu-$b-$n-md-$j-first") c=$(cat "$work/cpu-$b-$n-$f-$j-first")
          printf "%-5s %s / md: 1/%.2f of its throughput, %.2fx its CPU time\n" "$b" "$f" "$(echo "$md / $r" | bc -l)" "$(echo "$c / $mc" | bc -l)"
        done
      fi
    done
  done
done
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg 2> /dev/null || echo unknown)"
