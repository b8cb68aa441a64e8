#!/usr/bin/env bash
# Takes the README's pictures of the sales desk: the form and the history
# of issued agreements, at 1280 and 400 pixels wide, in headless Chromium.
# Starts clausemark serve on loopback with a registry of its own, issues
# two agreements through the API (Opsium's for Globex in PDF, Ojoo's for
# Initech in Word), then writes docs/img/form-1280.png, form-400.png,
# history-1280.png and history-400.png. Needs chromium and curl.
set -euo pipefail
cd "$(dirname "$0")/.."
# One locale whatever the machine's, so that the programs run read and
# draw alike everywhere (see scripts/benchenv.sh).
export LC_ALL=C
unset LANGUAGE
tmp=$(mktemp -d)
pid=
trap '[ -n "$pid" ] && kill "$pid" 2>/dev/null; rm -rf "$tmp"' EXIT
go build -o "$tmp/clausemark" ./cmd/clausemark
export CLAUSEMARK_REGISTRY="$tmp/registry.db"
port=${PORT:-18741}
base="http://127.0.0.1:$port"
"$tmp/clausemark" serve --addr "127.0.0.1:$port" 2>"$tmp/serve.log" &
pid=$!
for _ in $(seq 100); do
  curl -fs "$base/healthz" >/dev/null && break
  sleep 0.1
done
curl -fs "$base/healthz" >/dev/null || { cat "$tmp/serve.log" >&2; exit 1; }

issue() { # issue JSON: render and record one agreement
  curl -fs -o /dev/null -H 'Content-Type: application/json' -d "$1" "$base/api/v1/render"
}
issue '{"variant":"opsium","format":"pdf","variables":{"customer":{"name":"Globex Corporation","country":"IE"}}}'
issue '{"variant":"ojoo","format":"docx","variables":{"customer":{"name":"Initech GmbH","country":"DE"},"jurisdiction":"de","transfer":{"data_subjects":["Employees of the Customer"],"data_categories":["Contact details"]}}}'

shot() { # shot NAME WIDTH HEIGHT PATH
  chromium --headless --no-sandbox --disable-gpu --hide-scrollbars --force-device-scale-factor=1 \
    --window-size="$2,$3" --virtual-time-budget=5000 --screenshot="$tmp/$1.png" "$base$4" 2>/dev/null
  mv "$tmp/$1.png" "docs/img/$1.png"
}
mkdir -p docs/img
shot form-1280 1280 900 /
shot form-400 400 860 /
shot history-1280 1280 600 /history
shot history-400 400 860 /history
ls -l docs/img/form-*.png docs/img/history-*.png
