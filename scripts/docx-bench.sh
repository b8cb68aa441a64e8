#!/usr/bin/env bash
# Benchmarks for the README's DOCX figures, all in one run on one machine:
#  - the Ojoo variant to DOCX in one warm process against the floor
#    (template execution plus Markdown parsing), and a redline;
#  - clausemark against pandoc's Markdown-to-DOCX, per document: the warm
#    figure above, and one `clausemark render` process against one pandoc
#    process on the same Markdown;
#  - batch --format docx against batch --format md, ROWS rows (default
#    1,000), --jobs 2.
# Medians of COUNT runs (default 5). The pandoc figures need pandoc; without
# it they are left out.
# Usage: [COUNT=5] [ROWS=1000] scripts/docx-bench.sh
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/benchenv.sh
runinfo
count=${COUNT:-5}
rows=${ROWS:-1000}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
go build -o "$work/clausemark" ./cmd/clausemark

median() { sort -g | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
# seconds command...: its wall time; a failure stops the run, showing the
# end of what the command said.
seconds() {
  local s e
  s=$(date +%s.%N)
  "$@" > /dev/null 2> "$work/stderr" || { tail -5 "$work/stderr" >&2; return 1; }
  e=$(date +%s.%N)
  echo "$e - $s" | bc -l
}

out=$(go test ./internal/render/docx -run '^$' -bench 'Floor|OjooDOCX|OjooRedline' -benchtime 2s -count "$count" -benchmem)
echo "$out" | grep -E '^(goos|goarch|cpu)'
for b in Floor OjooDOCX OjooRedline; do
  m=$(echo "$out" | awk -v b="Benchmark$b-" 'index($1, b) == 1 { print $3 }' | median)
  eval "ns_$b=$m"
  printf "%-24s median %8.2f ms\n" "$b" "$(echo "$m / 1000000" | bc -l)"
done
printf "Ojoo DOCX / floor:       %.1fx (target at most 3x)\n" "$(echo "$ns_OjooDOCX / $ns_Floor" | bc -l)"

# A registry of the run's own, not the user's.
export CLAUSEMARK_REGISTRY="$work/registry.db"
"$work/clausemark" render --no-record --variant ojoo -o "$work/ojoo.md"
# The process figures take turns, so that a busy spell of the machine falls
# on both.
have_pandoc=false
! command -v pandoc > /dev/null || have_pandoc=true
: > "$work/pandoc"
: > "$work/process"
for _ in $(seq "$count"); do
  ! $have_pandoc || seconds pandoc -f gfm -t docx -o "$work/pandoc.docx" "$work/ojoo.md" >> "$work/pandoc"
  seconds "$work/clausemark" render --no-record --variant ojoo -o "$work/cm.docx" >> "$work/process"
done
process_ms=$(echo "$(median < "$work/process") * 1000" | bc -l)
if $have_pandoc; then
  pandoc_ms=$(echo "$(median < "$work/pandoc") * 1000" | bc -l)
  printf "\npandoc %s, Markdown to DOCX:  median %8.1f ms per document\n" "$(pandoc --version | head -1 | cut -d' ' -f2)" "$pandoc_ms"
  printf "clausemark render, one process: median %8.1f ms (%.0fx faster than pandoc)\n" "$process_ms" "$(echo "$pandoc_ms / $process_ms" | bc -l)"
  printf "clausemark, warm process:       median %8.1f ms (%.0fx faster than pandoc; target at least 20x)\n" "$(echo "$ns_OjooDOCX / 1000000" | bc -l)" "$(echo "$pandoc_ms * 1000000 / $ns_OjooDOCX" | bc -l)"
else
  printf "\npandoc: not run (apt-get install pandoc)\n"
  printf "clausemark render, one process: median %8.1f ms\n" "$process_ms"
fi

# Batch: ROWS rows over the jurisdictions Ojoo's processor can serve (not
# Brazil: its transfer rules to India need clauses the library does not
# carry), with the people and data transferred that the Standard
# Contractual Clauses' annexes require.
awk -v n="$rows" 'BEGIN {
  split("de fr nl ie uk ch in us-ca ca au eu", j, " "); split("DE FR NL IE GB CH IN US CA AU DE", c, " ")
  print "customer.name,customer.country,jurisdiction,deletion.days,transfer.data_subjects,transfer.data_categories"
  for (i = 1; i <= n; i++) printf "Customer %d Ltd,%s,%s,%d,\"[Employees of the Customer]\",\"[Contact details]\"\n", i, c[1 + i % 11], j[1 + i % 11], 1 + i % 365
}' > "$work/rows.csv"
echo
for f in md docx; do
  for _ in $(seq "$count"); do
    rm -rf "$work/out" "$CLAUSEMARK_REGISTRY"*
    seconds "$work/clausemark" batch --variant ojoo --data "$work/rows.csv" --out "$work/out" --format "$f" --jobs 2 --quiet
  done | median > "$work/batch-$f"
  printf "batch --format %-4s --jobs 2, %d rows: median %6.2f s, %6.0f documents/s\n" "$f" "$rows" "$(cat "$work/batch-$f")" "$(echo "$rows / $(cat "$work/batch-$f")" | bc -l)"
done
