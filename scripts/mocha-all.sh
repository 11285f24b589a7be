#!/usr/bin/env bash
# npm test's mocha step: the suite (.mocharc.cjs) and, beside it in a second mocha, the engine's property test and
# differential check on generated networks (test/engine/generated.test.ts, differential.test.ts). Those mostly wait
# on probe timeouts inside network namespaces of their own, so on two cores they overlap the rest of the suite at
# little cost; run one after the other, the two would take about twice as long. Both must pass.
# The suite runs in two parts (.mocharc.cjs, PEERTRACE_TEST_GROUP): its shared files, three at a time; then the files
# that start a whole overlay and hold it to bounds, one at a time, so that no two of them starve each other.
#
#   scripts/mocha-all.sh              # both, as `npm test` runs them (after its setup and build)
#   SEED=1234 scripts/mocha-all.sh    # the generated-network tests replay one seed
#   MOCHA_JOBS=1 scripts/mocha-all.sh # the suite's files one at a time (default 3 at once, in worker processes)
#
# The generated-network tests' report is printed when they end (log: test-output/generated.log).
set -uo pipefail

cd "$(dirname "$0")/.."
# No reverse DNS in any process the tests start: an emulated network's address must never reach the host's
# resolver (test/harness/numeric-environment.ts; the name tests turn it back on inside their own namespace).
export PEERTRACE_NUMERIC=1
mkdir -p test-output
log=test-output/generated.log
# The suite's files three at a time (9 min; one at a time took 19): three at once first found junk-history's
# operator trace refused at the entry's neighbours (fixed in policy/flood-shares.ts); MOCHA_JOBS=1 runs them in order.
jobs="${MOCHA_JOBS:-3}"
if ! [[ "$jobs" =~ ^[1-9][0-9]*$ ]]; then
  echo "mocha-all: MOCHA_JOBS must be a positive integer (got '$jobs')" >&2
  exit 2
fi

npx mocha --no-config --timeout 1800000 --reporter spec \
  dist/test/engine/generated.test.js dist/test/engine/differential.test.js >"$log" 2>&1 &
generated_pid=$!
stop_generated() {
  # Only the mocha this script started; its harness deletes its namespaces and processes on SIGTERM.
  kill "$generated_pid" 2>/dev/null || true
  wait "$generated_pid" 2>/dev/null || true
}
trap 'stop_generated; exit 130' INT
trap 'stop_generated; exit 143' TERM
echo "mocha-all: generated-network tests running beside the suite (pid $generated_pid, log $log)"

# MOCHA_JOBS > 1: the suite's shared files in parallel worker processes (mocha --parallel). They mostly wait on probe
# timeouts and libp2p, each in namespaces and on ports of its own, so three at a time take half the time on two cores.
if [ "$jobs" -gt 1 ]; then
  PEERTRACE_TEST_GROUP=shared npx mocha --parallel --jobs "$jobs"
else
  PEERTRACE_TEST_GROUP=shared npx mocha
fi
shared=$?
# Then the files that run alone, one after another (beside what is left of the generated-network tests): 32 peers in
# one process, 64 traces at once through one connection, a star of 70, 32 peer processes split and healed. Beside
# each other and the shared files, they starved each other past their bounds (docs/testing.md, "Files that run alone").
echo "mocha-all: the suite's files that run alone, one at a time"
PEERTRACE_TEST_GROUP=alone npx mocha
alone=$?
suite=$(( shared != 0 ? shared : alone ))

if kill -0 "$generated_pid" 2>/dev/null; then
  echo "mocha-all: the suite is done; waiting for the generated-network tests (log $log) ..."
  while kill -0 "$generated_pid" 2>/dev/null; do
    sleep 30 & wait $! 2>/dev/null
    kill -0 "$generated_pid" 2>/dev/null && echo "mocha-all: still running: $(grep -cE '^\s+(✔|[0-9]+\))' "$log") checks reported so far"
  done
fi
wait "$generated_pid"
generated=$?
trap - INT TERM

echo
echo "===== generated networks: property test and differential check (test/engine/generated.test.ts, differential.test.ts)"
cat "$log"
echo "mocha-all: suite exit $suite (shared files $shared, files alone $alone), generated-network tests exit $generated"
[ "$suite" -eq 0 ] && [ "$generated" -eq 0 ]
