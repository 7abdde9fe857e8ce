#!/usr/bin/env bash
# Measures batch evaluation throughput at 10^4 .. 10^7 rows on 1 and 2 threads with
# bench/batch_eval_bench and writes docs/img/batch_scaling.csv, then draws
# docs/img/batch_scaling.svg (docs/img/batch_scaling_plot.py). Each point builds its own column
# store: up to 20,000 distinct generated cases, repeated to the row count (see
# docs/performance.md, "Batch evaluation"); best of 3 (1 at 10^7 rows). Takes several minutes;
# needs about 8 GB of memory for 10^7 rows.
#
# Usage: docs/img/batch_scaling.sh [BUILD_DIR]   (default build/release, with the bench built)
set -euo pipefail
cd "$(dirname "$0")/../.."
bin=${1:-build/release}/bench/batch_eval_bench
out=docs/img/batch_scaling.csv
echo "rows,distinct,threads,batch_per_s,batch_all_actions_per_s,handwritten_per_s,ratio,batch_cpu_ns,handwritten_cpu_ns" >"$out"
for rows in 10000 100000 1000000 10000000; do
  distinct=$((rows < 20000 ? rows : 20000))
  reps=$((rows < 10000000 ? 3 : 1))
  for threads in 1 2; do
    r=$("$bin" --rows "$rows" --distinct "$distinct" --threads "$threads" --reps "$reps")
    get() { sed -n "s/^$1=//p" <<<"$r"; }
    echo "$rows,$distinct,$threads,$(get batch_decisions_per_s),$(get batch_all_actions_decisions_per_s),$(get handwritten_decisions_per_s),$(get batch_vs_handwritten_ratio),$(get batch_cpu_ns_per_decision),$(get handwritten_cpu_ns_per_decision)" | tee -a "$out"
  done
done
python3 docs/img/batch_scaling_plot.py "$out" docs/img/batch_scaling.svg
