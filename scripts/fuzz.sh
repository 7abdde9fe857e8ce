#!/usr/bin/env bash
# Builds the libFuzzer targets (the `fuzz` CMake preset: clang, ASan + UBSan) and runs each for
# SECONDS seconds on a scratch copy of its committed seed corpus (fuzz/corpus/<target>/ is never
# modified). Before fuzzing, every input under fuzz/regressions/<target>/ is replayed once: these
# are inputs that crashed once and must not crash again.
#
#   scripts/fuzz.sh [SECONDS]          # default 60
#   FUZZ_JOBS=2 scripts/fuzz.sh 300    # run the targets side by side
#
# Exits non-zero when a regression input or a fuzzing run crashes, leaks, trips a sanitizer or
# times out; the offending input is kept under build/fuzz/artifacts/<target>/ and the log beside
# it. Environment: WRIT_HOME (default: the repository) for the prelude, catalogs and calendars.
set -uo pipefail

seconds="${1:-60}"
if ! [[ "$seconds" =~ ^[0-9]+$ ]] || [ "$seconds" -lt 1 ]; then
  echo "usage: scripts/fuzz.sh [SECONDS]" >&2
  exit 2
fi
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"

echo "== building the fuzz preset"
cmake --preset fuzz >/dev/null || exit 1
cmake --build --preset fuzz --target policy_parser_fuzz case_decoder_fuzz || exit 1

bin="$root/build/fuzz/fuzz"
artifacts="$root/build/fuzz/artifacts"
scratch="$(mktemp -d "${TMPDIR:-/tmp}/writ-fuzz.XXXXXX")"
trap 'rm -rf "$scratch"' EXIT
export WRIT_HOME="${WRIT_HOME:-$root}"
export ASAN_OPTIONS="${ASAN_OPTIONS:-abort_on_error=1:detect_leaks=1:symbolize=1}"
export UBSAN_OPTIONS="${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}"

# target name, corpus folder (under fuzz/corpus and fuzz/regressions), dictionary
targets=(
  "policy_parser_fuzz policy fuzz/policy.dict"
  "case_decoder_fuzz case fuzz/case.dict"
)

run_target() {
  local name="$1" corpus="$2" dict="$3" status=0
  local out="$artifacts/$name"
  mkdir -p "$out" "$scratch/$corpus"
  cp -r "fuzz/corpus/$corpus/." "$scratch/$corpus/"

  if [ -d "fuzz/regressions/$corpus" ] && [ -n "$(ls -A "fuzz/regressions/$corpus" 2>/dev/null)" ]; then
    echo "== $name: replaying fuzz/regressions/$corpus"
    for f in "fuzz/regressions/$corpus"/*; do
      [ -f "$f" ] || continue
      case "$(basename "$f")" in README*) continue ;; esac  # notes beside the inputs
      if ! "$bin/$name" -runs=1 -timeout=30 "$f" >"$out/regression-$(basename "$f").log" 2>&1; then
        echo "FAIL  $name regression $f (log: $out/regression-$(basename "$f").log)"
        status=1
      fi
    done
  fi

  echo "== $name: fuzzing for ${seconds}s"
  local log="$out/fuzz.log"
  "$bin/$name" "$scratch/$corpus" \
    -dict="$dict" -max_total_time="$seconds" -timeout=25 -rss_limit_mb=4096 \
    -artifact_prefix="$out/" -print_final_stats=1 >"$log" 2>&1
  local rc=$?
  local execs cov
  execs="$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)"
  cov="$(grep -oE 'cov: [0-9]+ ft: [0-9]+' "$log" | tail -1)"
  if [ "$rc" -ne 0 ]; then
    echo "FAIL  $name exited $rc after ${execs:-?} runs (${cov:-no coverage line}); log: $log"
    grep -m1 -E 'ERROR: (AddressSanitizer|LeakSanitizer|libFuzzer)|runtime error|terminate called|==[0-9]+== ?ERROR' "$log" | sed 's/^/      /'
    grep -m1 -oE "Test unit written to .*" "$log" | sed 's/^/      /'
    status=1
  else
    echo "ok    $name: ${execs:-?} runs, ${cov:-?}"
  fi
  return $status
}

failed=0
if [ "${FUZZ_JOBS:-1}" -gt 1 ]; then
  pids=()
  for t in "${targets[@]}"; do
    # shellcheck disable=SC2086
    run_target $t &
    pids+=($!)
  done
  for p in "${pids[@]}"; do wait "$p" || failed=1; done
else
  for t in "${targets[@]}"; do
    # shellcheck disable=SC2086
    run_target $t || failed=1
  done
fi

if [ "$failed" -ne 0 ]; then
  echo "fuzzing found problems (inputs and logs under build/fuzz/artifacts/)"
  exit 1
fi
echo "fuzzing: no crashes"
