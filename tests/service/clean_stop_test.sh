#!/usr/bin/env bash
# `writ serve` stops cleanly on SIGTERM and on SIGINT: it exits 0 and signs a last checkpoint,
# so `writ log verify` finds every entry covered by a signature. (Regression: the signals were
# blocked only after the store had started its threads, so one of those could take the signal
# and end the process at once.) Usage: clean_stop_test.sh WRIT_BINARY
set -euo pipefail
writ=${1:?usage: clean_stop_test.sh WRIT_BINARY}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
case_file="${WRIT_HOME:?}/examples/cases/doc-honor-robbery.json"
for sig in TERM INT; do
  for round in 1 2 3; do
    "$writ" serve --listen 127.0.0.1:0 --store "sqlite:$tmp/writ-$sig.db" --key-dir "$tmp/keys" \
      >"$tmp/out" 2>"$tmp/err" &
    pid=$!
    for _ in $(seq 100); do grep -q '^writ serve: http' "$tmp/out" && break; sleep 0.1; done
    url=$(sed -n 's/^writ serve: \(http:\/\/[0-9.:]*\)\/.*/\1/p' "$tmp/out")
    [ -n "$url" ] || { echo "writ serve did not start"; cat "$tmp/err"; exit 1; }
    if [ "$round" = 1 ]; then
      token=$(sed -n 's/^ *\(writ_[A-Za-z0-9]*\)$/\1/p' "$tmp/out" | head -1)
      echo "$token" >"$tmp/token-$sig"
    fi
    token=$(cat "$tmp/token-$sig")
    for _ in 1 2 3; do
      code=$(curl -s -o /dev/null -w '%{http_code}' -X POST -H "Authorization: Bearer $token" \
        -H 'Content-Type: application/json' --data @"$case_file" "$url/v1/decisions")
      [ "$code" = 201 ] || { echo "submit answered $code"; exit 1; }
    done
    kill -"$sig" "$pid"
    status=0
    wait "$pid" || status=$?
    [ "$status" = 0 ] || { echo "SIG$sig: writ serve exited $status"; cat "$tmp/err"; exit 1; }
    verify=$("$writ" log verify --store "sqlite:$tmp/writ-$sig.db")
    if grep -q "not yet covered" <<<"$verify"; then
      echo "SIG$sig round $round: no last checkpoint:"; echo "$verify"; exit 1
    fi
  done
done
echo "clean stop: SIGTERM and SIGINT, 3 rounds each: exit 0, every entry under a signed checkpoint"
