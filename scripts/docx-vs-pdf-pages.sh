#!/usr/bin/env bash
# Makes the README's pictures of the Word file beside the PDF: Ojoo's DPA
# for Globex, rendered once as a PDF and once as a DOCX laid out by
# LibreOffice, the same page of each side by side (the PDF on the left):
# the title page, a body page with numbered paragraphs and lettered items,
# an appendix's first page and the signature page. Writes
# docs/img/docx-vs-pdf-{title,body,annex,signatures}.png.
# Needs pdftoppm, pdftotext and pdfinfo (poppler-utils) and soffice
# (LibreOffice).
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

# page FILE PATTERN: the first page whose text, its lines run together,
# matches PATTERN (an extended regular expression).
page() {
  local n
  n=$(pdfinfo "$1" | awk '/^Pages:/ {print $2}')
  for ((p = 1; p <= n; p++)); do
    if pdftotext -layout -f "$p" -l "$p" "$1" - | tr -s ' \n' '  ' | grep -qE "$2"; then echo "$p"; return; fi
  done
  echo "no page of $1 matches $2" >&2
  exit 1
}

sets=(--set 'customer.name=Globex Corporation' --no-record)
"$tmp/clausemark" render --variant ojoo "${sets[@]}" -o "$tmp/ojoo.pdf"
"$tmp/clausemark" render --variant ojoo "${sets[@]}" -o "$tmp/ojoo.docx"
soffice -env:UserInstallation="file://$tmp/profile" --headless --convert-to pdf --outdir "$tmp/lo" "$tmp/ojoo.docx" >/dev/null 2>&1

# side NAME PATTERN: the page matching PATTERN in the PDF and in the
# DOCX, side by side, in docs/img/docx-vs-pdf-NAME.png.
side() {
  local a b
  a=$(page "$tmp/ojoo.pdf" "$2")
  b=$(page "$tmp/lo/ojoo.pdf" "$2")
  pdftoppm -png -r 60 -f "$a" -l "$a" -singlefile "$tmp/ojoo.pdf" "$tmp/$1-pdf"
  pdftoppm -png -r 60 -f "$b" -l "$b" -singlefile "$tmp/lo/ojoo.pdf" "$tmp/$1-docx"
  go run ./scripts/tile -o "docs/img/docx-vs-pdf-$1.png" "$tmp/$1-pdf.png" "$tmp/$1-docx.png"
  echo "docs/img/docx-vs-pdf-$1.png: page $a of the PDF, page $b of the DOCX"
}

side title 'Data Processing Agreement'
side body '3\.3 Independent Controller Activities'
side annex 'This Appendix A forms part of the Data Processing Agreement'
side signatures 'For the Processor'
