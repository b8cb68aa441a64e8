#!/usr/bin/env bash
# Makes the lawyer's page's picture of a reply as LibreOffice shows it:
# Ojoo's DPA for Globex is issued as a Word file and edited in LibreOffice
# as the customer's counsel would, with change recording on (the deletion
# period cut from thirty to seven days, a sentence about affiliates added,
# a comment on the seven days; cmd/clausemark/testdata/review/lo-edit.py);
# clausemark review --reply answers it; LibreOffice lays the reply out as
# a PDF, and the paragraph of the deletion period, with the house's
# tracked change of seven days to fourteen, is cut from its page.
# Writes docs/img/reply-libreoffice.png.
# Needs soffice (LibreOffice) with python3's uno, and pdftoppm, pdftotext
# and pdfinfo (poppler-utils).
#
# The comments are asked for in the page's margin (the PDF export's
# ExportNotesInMargin); a LibreOffice that lacks the option (7.4 does)
# marks each comment with its note at the end of the text it is on.
set -euo pipefail
cd "$(dirname "$0")/.."
# One locale whatever the machine's, so that the programs run read and
# draw alike everywhere (see scripts/benchenv.sh).
export LC_ALL=C
unset LANGUAGE
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
go build -o "$tmp/clausemark" ./cmd/clausemark
mkdir -p docs/img
export CLAUSEMARK_REGISTRY="$tmp/registry.db"

"$tmp/clausemark" render --variant ojoo --set customer.name="Globex GmbH" --set deletion.days=30 -o "$tmp/issued.docx"
cat >"$tmp/edits.json" <<'EOF'
[
  {"replace": "thirty (30)", "with": "seven (7)"},
  {"after": "acts as the Processor, except where applicable law or the nature of a specific processing activity requires otherwise.", "insert": " The Customer’s affiliates may rely on this DPA as if each were the Customer."},
  {"comment": "Our retention policy allows seven days at most.", "on": "seven (7)"}
]
EOF
/usr/bin/python3 cmd/clausemark/testdata/review/lo-edit.py --author "Globex counsel" "$tmp/issued.docx" "$tmp/returned.docx" "$tmp/edits.json"
# Exit status 1: not every change is accepted, and the reply is written.
status=0
"$tmp/clausemark" review "$tmp/returned.docx" --reply -o "$tmp/reply.docx" || status=$?
[ "$status" -le 1 ] || exit "$status"

soffice -env:UserInstallation="file://$tmp/profile" --headless \
  --convert-to 'pdf:writer_pdf_Export:{"ExportNotesInMargin":{"type":"boolean","value":"true"}}' \
  --outdir "$tmp" "$tmp/reply.docx" >/dev/null 2>&1
pdf="$tmp/reply.pdf"

# The page that offers fourteen days, and where on it the words are.
n=$(pdfinfo "$pdf" | awk '/^Pages:/ {print $2}')
page=
for ((p = 1; p <= n; p++)); do
  if pdftotext -f "$p" -l "$p" "$pdf" - 2>/dev/null | tr -s ' \n' '  ' | grep -q 'fourteen (14) days'; then page=$p; break; fi
done
[ -n "$page" ] || { echo "no page of the reply offers fourteen (14) days" >&2; exit 1; }
# The top of the line that holds "fourteen", in points, and the page's
# width. The struck "(7)" and "fourteen" stand together as one word.
top=
read -r top width < <(pdftotext -bbox -f "$page" -l "$page" "$pdf" - 2>/dev/null | awk '
  /<page / { for (i = 1; i <= NF; i++) if ($i ~ /^width=/) { w = $i; gsub(/[^0-9.]/, "", w) } }
  /<word / && /fourteen</ { for (i = 1; i <= NF; i++) if ($i ~ /^yMin=/) { y = $i; gsub(/[^0-9.]/, "", y) } print y, w; exit }') || true
[ -n "$top" ] || { echo "page $page of the reply does not place fourteen" >&2; exit 1; }
# From the paragraph's heading, two lines above, to below the
# paragraph, the page's whole width; 110 pixels to the inch.
r=110
px() { awk -v v="$1" -v r="$r" 'BEGIN { printf "%d", v * r / 72 }'; } # px POINTS
pdftoppm -png -r "$r" -f "$page" -l "$page" -x 0 -y "$(px "$(awk -v t="$top" 'BEGIN { print t - 47 }')")" -W "$(px "$width")" -H "$(px 100)" -singlefile "$pdf" "$tmp/crop" 2>/dev/null
mv "$tmp/crop.png" docs/img/reply-libreoffice.png
ls -l docs/img/reply-libreoffice.png
