#!/usr/bin/env bash
# Benchmarks for the README's DOCX figures, all in one run on one machine:
#  - the Ojoo variant to DOCX in one warm process against the floor
#    (template execution plus Markdown parsing), and a redline;
#  - clausemark against pandoc's Markdown-to-DOCX, per document: the warm
#    figure above, and one `clausemark render` process against one pandoc
#    process on the same Markdown;
#  - batch --format docx against batch --format md, 1,000 rows, --jobs 2.
# Medians of COUNT runs (default 5). Needs pandoc and GNU time.
# Usage: [COUNT=5] scripts/docx-bench.sh
set -euo pipefail
cd "$(dirname "$0")/.."
count=${COUNT:-5}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
go build -o "$work/clausemark" ./cmd/clausemark

median() { sort -g | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
seconds() { local s e; s=$(date +%s.%N); "$@" > /dev/null 2>&1; e=$(date +%s.%N); echo "$e - $s" | bc -l; }

out=$(go test ./internal/render/docx -run '^$' -bench 'Floor|OjooDOCX|OjooRedline' -benchtime 2s -count "$count" -benchmem)
echo "$out" | grep -E '^(goos|goarch|cpu)'
for b in Floor OjooDOCX OjooRedline; do
  m=$(echo "$out" | awk -v b="Benchmark$b-" 'index($1, b) == 1 { print $3 }' | median)
  eval "ns_$b=$m"
  printf "%-24s median %8.2f ms\n" "$b" "$(echo "$m / 1000000" | bc -l)"
done
printf "Ojoo DOCX / floor:       %.1fx (target at most 3x)\n" "$(echo "$ns_OjooDOCX / $ns_Floor" | bc -l)"

"$work/clausemark" render --variant ojoo -o "$work/ojoo.md"
for _ in $(seq "$count"); do seconds pandoc -f gfm -t docx -o "$work/pandoc.docx" "$work/ojoo.md"; done | median > "$work/pandoc"
for _ in $(seq "$count"); do seconds "$work/clausemark" render --variant ojoo -o "$work/cm.docx"; done | median > "$work/process"
pandoc_ms=$(echo "$(cat "$work/pandoc") * 1000" | bc -l)
process_ms=$(echo "$(cat "$work/process") * 1000" | bc -l)
printf "\npandoc %s, Markdown to DOCX:  median %8.1f ms per document\n" "$(pandoc --version | head -1 | cut -d' ' -f2)" "$pandoc_ms"
printf "clausemark render, one process: median %8.1f ms (%.0fx faster than pandoc)\n" "$process_ms" "$(echo "$pandoc_ms / $process_ms" | bc -l)"
printf "clausemark, warm process:       median %8.1f ms (%.0fx faster than pandoc; target at least 20x)\n" "$(echo "$ns_OjooDOCX / 1000000" | bc -l)" "$(echo "$pandoc_ms * 1000000 / $ns_OjooDOCX" | bc -l)"

# Batch: 1,000 rows over every jurisdiction.
awk 'BEGIN {
  split("de fr nl ie uk ch in us-ca br ca au eu", j, " "); split("DE FR NL IE GB CH IN US BR CA AU DE", c, " ")
  print "customer.name,customer.country,jurisdiction,deletion.days"
  for (i = 1; i <= 1000; i++) printf "Customer %d Ltd,%s,%s,%d\n", i, c[1 + i % 12], j[1 + i % 12], 1 + i % 365
}' > "$work/rows.csv"
echo
for f in md docx; do
  for _ in $(seq "$count"); do
    rm -rf "$work/out"
    seconds "$work/clausemark" batch --variant ojoo --data "$work/rows.csv" --out "$work/out" --format "$f" --jobs 2 --quiet
  done | median > "$work/batch-$f"
  printf "batch --format %-4s --jobs 2, 1,000 rows: median %6.2f s, %6.0f documents/s\n" "$f" "$(cat "$work/batch-$f")" "$(echo "1000 / $(cat "$work/batch-$f")" | bc -l)"
done
