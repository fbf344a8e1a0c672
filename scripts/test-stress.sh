#!/usr/bin/env bash
# `make test-stress`: the fault suites with both cores saturated, then the worker's mock-cluster and state-machine
# tests under ThreadSanitizer. Races and timing assumptions show here first; a failure is a bug in the worker or in
# the test, never a reason to loosen an assertion.
#
#   1. stress-ng (Debian's package, installed when missing) keeps one CPU hog per core busy;
#   2. under that load: the mock-cluster fault tests (injected produce, commit, fencing and sequence errors,
#      brokers down, rebalances) and the real-broker fault and liveness tests (SIGKILL, SIGTERM, broker stalls,
#      fairness, poison, three workers, replay), against Tansu and the debug build;
#   3. the hog stops; `scripts/test-sanitizer.sh thread` runs DatelineKafkaTests and DatelineHardeningTests under
#      ThreadSanitizer (set STRESS_SKIP_TSAN=1 to skip this step).
set -euo pipefail
cd "$(dirname "$0")/.."
SWIFT="${SWIFT:-swift}"

if ! command -v stress-ng >/dev/null 2>&1; then
    echo "== installing stress-ng"
    apt-get install -y -q stress-ng >/dev/null || { apt-get update -q >/dev/null && apt-get install -y -q stress-ng >/dev/null; }
fi

"$SWIFT" build --build-tests
bin="$("$SWIFT" build --show-bin-path)"
hog_pid=""
cleanup() { [ -n "$hog_pid" ] && kill "$hog_pid" 2>/dev/null || true; }
trap cleanup EXIT

echo "== CPU hog: stress-ng --cpu $(nproc)"
stress-ng --cpu "$(nproc)" --timeout 3600s --quiet &
hog_pid=$!

DATELINE_TANSU="$(pwd)/.venv/bin/tansu" DATELINE_BINARY="$bin/dateline" DATELINE_INTEGRATION=1 \
    bash scripts/run-tests.sh "$SWIFT" test --skip-build --no-parallel \
    --filter 'MockClusterTests|WorkerIntegrationTests|WorkerLivenessTests|ClusterFaultTests|RollingRestartTests'
kill "$hog_pid" 2>/dev/null || true
hog_pid=""

if [ "${STRESS_SKIP_TSAN:-}" != "1" ]; then
    bash scripts/test-sanitizer.sh thread
fi
echo "== test-stress: passed"
