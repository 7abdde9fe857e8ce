#!/usr/bin/env bash
# Differential check of Writ against Cedar on the NYC DOC rule (run by CTest as cedar_nyc_doc):
# exports generated cases without unknowns with batch_eval_bench, then bench/cedar/run.mjs decides
# each in Cedar and fails on any case where Cedar's permit/deny differs from Writ's honor/decline.
# Installs the pinned npm package (npm ci) when it is missing. Exits 77 (CTest: skipped) when
# node or npm is not installed or the package cannot be installed.
#
# Usage: bench/cedar/check.sh BATCH_EVAL_BENCH [CASES]
set -euo pipefail
bench=$1
cases=${2:-3000}
here=$(cd "$(dirname "$0")" && pwd)
if ! command -v node >/dev/null || ! command -v npm >/dev/null; then
  echo "cedar check: node and npm are needed (skipped)"
  exit 77
fi
if [ ! -d "$here/node_modules/@cedar-policy/cedar-wasm" ]; then
  if ! (cd "$here" && npm ci --no-audit --no-fund); then
    echo "cedar check: npm ci failed (no network?): skipped"
    exit 77
  fi
fi
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
"$bench" --rows 4096 --reps 0 --export-cedar "$dir" --cedar-cases "$cases" >/dev/null
node "$here/run.mjs" "$dir" --min-seconds 0
