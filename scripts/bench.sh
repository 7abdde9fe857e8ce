#!/usr/bin/env bash
# Builds the release preset and runs the decision benchmarks (bench/decide_bench.cc), then prints
# one summary line per measure (medians of 5 repetitions, CPU time):
#   decide_nyc_doc_ns               engine, fast path (outcome and actions), per decision
#   decide_nyc_doc_explained_ns     engine, with reasons and missing facts, per decision
#   decide_nyc_doc_handwritten_ns   the same rule written by hand in C++, per decision
#   decide_nyc_doc_ratio            decide_nyc_doc_ns / decide_nyc_doc_handwritten_ns
#   engine_open_ms                  loading, checking and compiling every bundled policy
#   decode_case_ns                  decoding one writ-case/1 JSON case
#   batch_csv_rows_per_s            writ batch end to end on a generated 1M-row CSV, NYC DOC, all
#                                   cores (bench/batch_csv_bench.cc; median of 3, wall clock)
#   batch_csv_cpu_us_per_row        the same run's CPU time (all threads) per row
#   batch_decisions_per_s           batch (columnar) evaluation only, NYC DOC, 1M generated cases,
#                                   2 threads (bench/batch_eval_bench.cc; best of 3, wall clock)
#   batch_vs_handwritten_ratio      its time / the rule written by hand over the same columns
#   cedar_decisions_per_s           the NYC DOC rule in Cedar (bench/cedar, cedar-wasm on node,
#                                   one thread); printed when node and npm are installed
#   batch_vs_cedar_ratio            batch_decisions_per_s / cedar_decisions_per_s
#   serve_decisions_per_s           writ serve over loopback: durable decisions acknowledged per
#                                   second, wrk with 2 threads and 32 connections for 10 s
#                                   (bench/serve/run.sh); printed when wrk is installed
#   serve_p99_ms                    the 99th percentile latency of those decisions, milliseconds
# The full results are in build/bench.json (Google Benchmark JSON). See docs/performance.md.
#
# Usage: scripts/bench.sh [extra Google Benchmark flags, e.g. --benchmark_filter=decide]
# Environment:
#   BENCH_CALLGRIND=1   also count instructions per decision under valgrind's callgrind
#                       (deterministic, unlike times; takes about a minute)
#   BENCH_NO_BUILD=1    use the existing build/release
set -euo pipefail
cd "$(dirname "$0")/.."

if [ "${BENCH_NO_BUILD:-0}" != 1 ]; then
  cmake --preset release >/dev/null
  cmake --build --preset release --target decide_bench batch_csv_bench batch_eval_bench writ
fi
bin=build/release/bench/decide_bench
out=build/bench.json

# Console output on stdout, the JSON results in build/bench.json.
"$bin" --benchmark_repetitions=5 --benchmark_report_aggregates_only=true \
  --benchmark_out="$out" --benchmark_out_format=json --benchmark_format=console "$@"

# writ batch end to end (results in build/bench-batch.json).
build/release/bench/batch_csv_bench --benchmark_repetitions=3 \
  --benchmark_report_aggregates_only=true --benchmark_out=build/bench-batch.json \
  --benchmark_out_format=json --benchmark_format=console
batch_line=$(python3 -c '
import json, sys
for r in json.load(open("build/bench-batch.json"))["benchmarks"]:
    if r.get("aggregate_name") == "median":
        print("batch_csv_rows_per_s=%.0f" % r["rows_per_s"])
        print("batch_csv_cpu_us_per_row=%.2f" % r["cpu_us_per_row"])
')

callgrind_lines=""
if [ "${BENCH_CALLGRIND:-0}" = 1 ]; then
  if ! command -v valgrind >/dev/null; then
    echo "bench: BENCH_CALLGRIND=1 needs valgrind (apt-get install valgrind)" >&2
    exit 1
  fi
  iterations=2048  # two passes over the 1024 cases
  for b in decide_nyc_doc decide_nyc_doc_explained decide_nyc_doc_handwritten; do
    cg=$(mktemp)
    WRIT_BENCH_ITERATIONS=$iterations valgrind --tool=callgrind --callgrind-out-file="$cg" \
      --toggle-collect="*BM_${b}(*" "$bin" --benchmark_filter="^BM_${b}(/|\$)" >/dev/null 2>"$cg.log"
    ir=$(sed -n 's/.*Collected : \([0-9]*\).*/\1/p' "$cg.log")
    rm -f "$cg" "$cg.log"
    callgrind_lines+="${b}_instructions=$((ir / iterations))"$'\n'
  done
fi

echo
python3 - "$out" <<'EOF'
import json, sys

with open(sys.argv[1]) as f:
    runs = json.load(f)["benchmarks"]
scale = {"ns": 1.0, "us": 1e3, "ms": 1e6, "s": 1e9}
median = {}
for r in runs:
    if r.get("run_type") == "aggregate" and r.get("aggregate_name") == "median":
        median[r["run_name"]] = r["cpu_time"] * scale[r["time_unit"]]  # in ns

def ns(name):
    if name not in median:
        sys.exit(f"bench: no median for {name} in {sys.argv[1]} (was it filtered out?)")
    return median[name]

decide = ns("BM_decide_nyc_doc")
explained = ns("BM_decide_nyc_doc_explained")
hand = ns("BM_decide_nyc_doc_handwritten")
ratio = decide / hand
targets = [("decide_nyc_doc_ns", decide, 1000), ("decide_nyc_doc_explained_ns", explained, 5000),
           ("decide_nyc_doc_ratio", ratio, 3)]
for name, value, target in targets:
    verdict = "met" if value <= target else f"MISSED by {value / target:.1f}x"
    print(f"target {name} <= {target}: {verdict}", file=sys.stderr)
print(f"decide_nyc_doc_ns={decide:.1f}")
print(f"decide_nyc_doc_explained_ns={explained:.1f}")
print(f"decide_nyc_doc_handwritten_ns={hand:.1f}")
print(f"decide_nyc_doc_ratio={ratio:.2f}")
print(f"engine_open_ms={ns('BM_engine_open') / 1e6:.2f}")
print(f"decode_case_ns={ns('BM_decode_case'):.0f}")
EOF
echo "$batch_line"
# Batch evaluation (columns built first, then timed) and the same rule in Cedar.
cedar_dir=$(mktemp -d)
eval_out=$(build/release/bench/batch_eval_bench --rows 1000000 --threads 2 --reps 3 \
  --export-cedar "$cedar_dir")
grep -E '^(batch_decisions_per_s|batch_vs_handwritten_ratio)=' <<<"$eval_out"
if command -v node >/dev/null && command -v npm >/dev/null; then
  [ -d bench/cedar/node_modules ] || (cd bench/cedar && npm ci --no-audit --no-fund --silent)
  cedar_rate=$(node bench/cedar/run.mjs "$cedar_dir" | sed -n 's/^cedar_decisions_per_s=//p')
  batch_rate=$(sed -n 's/^batch_decisions_per_s=//p' <<<"$eval_out")
  echo "cedar_decisions_per_s=$cedar_rate"
  python3 -c "print(f'batch_vs_cedar_ratio={$batch_rate / $cedar_rate:.0f}')"
else
  echo "bench: node and npm not installed: no Cedar comparison" >&2
fi
rm -rf "$cedar_dir"
printf '%s' "$callgrind_lines"
# The decision service end to end (wrk over loopback, durable SQLite store).
if command -v wrk >/dev/null; then
  bench/serve/run.sh build/release/src/cli/writ 10 32 2 2>build/bench-serve-wrk.log
else
  echo "bench: wrk not installed: no writ serve measurement" >&2
fi
