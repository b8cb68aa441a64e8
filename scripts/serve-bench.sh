#!/usr/bin/env bash
# Load test of `clausemark serve`: 32 concurrent clients render the Ojoo
# variant to PDF against a local server for 30 s, reporting requests per
# second, p50 and p99 latency, and failures.
# Usage: scripts/serve-bench.sh [clients] [duration]
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/benchenv.sh
runinfo
clients=${1:-32}
duration=${2:-30s}
work=$(mktemp -d)
go build -o "$work/clausemark" ./cmd/clausemark
go build -o "$work/load" ./scripts/load
# Record into a registry of the run's own, not the user's.
export CLAUSEMARK_REGISTRY="$work/registry.db"
port=$((20000 + RANDOM % 20000))
"$work/clausemark" serve --addr "127.0.0.1:$port" 2>"$work/server.log" >/dev/null &
pid=$!
trap 'kill $pid 2>/dev/null; wait $pid 2>/dev/null; rm -rf "$work"' EXIT
for _ in $(seq 50); do curl -sf "http://127.0.0.1:$port/healthz" >/dev/null && break; sleep 0.1; done
"$work/load" -url "http://127.0.0.1:$port" -clients "$clients" -duration "$duration"
