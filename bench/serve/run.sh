#!/usr/bin/env bash
# Measures `writ serve` under load: wrk POSTs writ-case/1 decisions over loopback to a server
# on a fresh SQLite store (durable: WAL, synchronous=FULL, group commit) and prints
#   serve_decisions_per_s   acknowledged (2xx) decisions per second
#   serve_p99_ms            99th percentile latency of a decision, milliseconds
#
# Usage: bench/serve/run.sh WRIT_BINARY [SECONDS] [CONNECTIONS] [WRK_THREADS]
# Defaults: 10 s, 32 connections, 2 wrk threads. The server's log is kept in
# build/bench-serve.log.
set -euo pipefail
cd "$(dirname "$0")/../.."
writ=${1:?usage: bench/serve/run.sh WRIT_BINARY [SECONDS] [CONNECTIONS] [WRK_THREADS]}
seconds=${2:-10}
connections=${3:-32}
wrk_threads=${4:-2}
command -v wrk >/dev/null || { echo "bench/serve: wrk is not installed (apt-get install wrk)" >&2; exit 1; }

tmp=$(mktemp -d)
out=$tmp/serve.out
"$writ" --home "${WRIT_HOME:-.}" serve --listen 127.0.0.1:0 --store "sqlite:$tmp/writ.db" --key-dir "$tmp/keys" \
  --threads "$((connections + 8))" >"$out" 2>build/bench-serve.log &
pid=$!
trap 'kill $pid 2>/dev/null || true; wait $pid 2>/dev/null || true; rm -rf "$tmp"' EXIT
for _ in $(seq 300); do
  grep -q '^writ serve: http' "$out" 2>/dev/null && break
  kill -0 $pid 2>/dev/null || { echo "bench/serve: writ serve did not start" >&2; cat build/bench-serve.log >&2; exit 1; }
  sleep 0.1
done
url=$(sed -n 's/^writ serve: \(http:\/\/[0-9.:]*\)\/.*/\1/p' "$out")
token=$(sed -n 's/^ *\(writ_[A-Za-z0-9]*\)$/\1/p' "$out" | head -1)
[ -n "$url" ] && [ -n "$token" ] || { echo "bench/serve: no URL or token from writ serve" >&2; exit 1; }

result=$(WRIT_TOKEN=$token wrk -t "$wrk_threads" -c "$connections" -d "${seconds}s" \
  --latency -s bench/serve/post_decision.lua "$url")
echo "$result" >&2
requests=$(sed -n 's/^serve_requests=//p' <<<"$result")
errors=$(sed -n 's/^serve_errors=//p' <<<"$result")
secs=$(sed -n 's/^serve_seconds=//p' <<<"$result")
p99=$(sed -n 's/^serve_p99_ms=//p' <<<"$result")
last_seq=$(curl -s "$url/healthz" | python3 -c 'import json,sys; print(json.load(sys.stdin)["last_seq"])')
python3 - "$requests" "$errors" "$secs" "$p99" "$last_seq" <<'PY'
import sys
requests, errors, secs, p99, last_seq = int(sys.argv[1]), int(sys.argv[2]), float(sys.argv[3]), float(sys.argv[4]), int(sys.argv[5])
ok = requests - errors
print(f"serve_decisions_per_s={ok / secs:.0f}")
print(f"serve_p99_ms={p99:.2f}")
print(f"bench/serve: {ok} decisions acknowledged, {errors} errors, log head at seq {last_seq}", file=sys.stderr)
for name, value, target, better in [("serve_decisions_per_s", ok / secs, 5000, "ge"), ("serve_p99_ms", p99, 20, "le")]:
    met = value >= target if better == "ge" else value <= target
    print(f"target {name} {'>=' if better == 'ge' else '<='} {target}: {'met' if met else 'MISSED'}", file=sys.stderr)
PY
