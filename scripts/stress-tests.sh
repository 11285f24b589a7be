#!/usr/bin/env bash
# Runs the test suite several times in a row on a loaded machine (busy loops on the CPUs), to catch the tests that
# fail by chance: it stops at the first red run, keeps every run's output, and exits non-zero if any run failed.
#
#   scripts/stress-tests.sh                      # npm test's setup and build once, then its mocha step 10 times under 4 busy loops
#   RUNS=3 BUSY=2 scripts/stress-tests.sh        # fewer runs, lighter load
#   TEST_CMD='npx mocha dist/test/history/store.unit.test.js' BUILD=0 scripts/stress-tests.sh   # one file, no build
#   SEED=1234 scripts/stress-tests.sh            # every seeded test draws from this seed instead of its own
#   MOCHA_JOBS=1 scripts/stress-tests.sh         # the suite's files one at a time (default three at once: ~14 min a run loaded)
#
# RUNS (default 10), BUSY (busy loops, default 4), TEST_CMD (default: scripts/mocha-all.sh, npm test's mocha step:
# the suite and, beside it, the generated-network tests), BUILD (default 1: setup and build once first, as `npm test`
# does), LOG_DIR (default test-output/stress).
set -euo pipefail

cd "$(dirname "$0")/.."
# As scripts/mocha-all.sh: nothing the tests start looks up names on the host's resolver.
export PEERTRACE_NUMERIC=1

runs="${RUNS:-10}"
busy="${BUSY:-4}"
test_cmd="${TEST_CMD:-bash scripts/mocha-all.sh}"
build="${BUILD:-1}"
log_dir="${LOG_DIR:-test-output/stress}"

for value in "$runs" "$busy"; do
  if ! [[ "$value" =~ ^[0-9]+$ ]]; then
    echo "stress-tests: RUNS and BUSY must be non-negative integers (got RUNS=$runs BUSY=$busy)" >&2
    exit 2
  fi
done

loaders=()
stop_loaders() {
  # Only the busy loops this script started, by pid.
  for pid in "${loaders[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${loaders[@]}"; do wait "$pid" 2>/dev/null || true; done
  loaders=()
}
trap stop_loaders EXIT
trap 'stop_loaders; exit 130' INT
trap 'stop_loaders; exit 143' TERM

if [ "$build" = 1 ]; then
  # What `npm test` does before mocha, once: the same tests then run against the same build every time.
  bash scripts/setup-system.sh --browser
  npm run build
fi

mkdir -p "$log_dir"
for _ in $(seq "$busy"); do
  sh -c 'while :; do :; done' &
  loaders+=("$!")
done
echo "stress-tests: $runs run(s) of '$test_cmd' under $busy busy loop(s) (pids ${loaders[*]:-none})${SEED:+, SEED=$SEED}; logs in $log_dir/"

passed=0
failed=0
for run in $(seq "$runs"); do
  log="$log_dir/run-$run.log"
  started=$(date +%s)
  if bash -c "$test_cmd" >"$log" 2>&1; then
    passed=$((passed + 1))
    echo "run $run/$runs: passed in $(( $(date +%s) - started )) s"
  else
    failed=$((failed + 1))
    echo "run $run/$runs: FAILED in $(( $(date +%s) - started )) s (log: $log); the failures:"
    # mocha's list of failures, else the end of the output.
    grep -A 12 -E '^ +[0-9]+ failing' "$log" || tail -n 30 "$log"
    break
  fi
done

stop_loaders
not_run=$((runs - passed - failed))
summary="stress-tests: $passed passed, $failed failed"
[ "$not_run" = 0 ] || summary="$summary, $not_run not run (stopped at the first failure)"
echo "$summary"
[ "$failed" = 0 ]
