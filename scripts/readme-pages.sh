#!/usr/bin/env bash
# Makes the README's pictures of the PDF: for each house style, its title
# page, a page of lettered obligations, the contents (Ojoo's title page), an
# appendix's first page and the signature page, side by side.
# Needs pdftoppm and pdftotext (poppler-utils).
set -euo pipefail
cd "$(dirname "$0")/.."
# One locale whatever the machine's, so that the programs run read and
# draw alike everywhere (see scripts/benchenv.sh).
export LC_ALL=C
unset LANGUAGE
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
go build -o "$tmp/clausemark" ./cmd/clausemark
export CLAUSEMARK_REGISTRY="$tmp/registry.db"

# page FILE PATTERN: the first page after the title page whose text
# matches PATTERN.
page() {
  local n
  n=$(pdfinfo "$1" | awk '/^Pages:/ {print $2}')
  for ((p = 2; p <= n; p++)); do
    if pdftotext -f "$p" -l "$p" "$1" - | grep -qE "$2"; then echo "$p"; return; fi
  done
  echo "no page of $1 matches $2" >&2; exit 1
}

pages() { # pages NAME FILE PAGE...
  local name=$1 file=$2; shift 2
  local pngs=()
  for p in "$@"; do
    pdftoppm -png -r 42 -f "$p" -l "$p" -singlefile "$file" "$tmp/$name-$p"
    pngs+=("$tmp/$name-$p.png")
  done
  go run ./scripts/tile -o "docs/$name-pages.png" "${pngs[@]}"
}

"$tmp/clausemark" render --variant ojoo --set 'customer.name=Globex Corporation' --no-record -o "$tmp/ojoo.pdf"
obligations=$(page "$tmp/ojoo.pdf" '^\(b\)')
appendix=$(page "$tmp/ojoo.pdf" '^Appendix A')
signatures=$(page "$tmp/ojoo.pdf" '^For the Processor')
pages ojoo "$tmp/ojoo.pdf" 1 "$obligations" "$appendix" "$signatures"

"$tmp/clausemark" render --variant opsium --set 'customer.name=Globex Corporation' --set signature_block=true --no-record -o "$tmp/opsium.pdf"
signatures=$(page "$tmp/opsium.pdf" '^For the Processor')
pages opsium "$tmp/opsium.pdf" 1 2 "$signatures"
