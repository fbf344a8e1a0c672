#!/usr/bin/env bash
# Runs the test command given as arguments (make test: `swift test -c debug --skip-build`), streams its output,
# and fails when anything failed or when the broker integration suite ran no test at all: with
# DATELINE_INTEGRATION=1 a silently skipped integration suite is a failure, never a pass.
set -uo pipefail

if [ "$#" -eq 0 ]; then
    echo "usage: $0 <test command...>   e.g. $0 swift test --skip-build" >&2
    exit 2
fi

log="$(mktemp -t dateline-tests.XXXXXX.log)"
trap 'rm -f "$log"' EXIT

started=$(date +%s)
"$@" 2>&1 | tee "$log"
status=${PIPESTATUS[0]}
elapsed=$(( $(date +%s) - started ))

integration_ran=$(grep -c '^\[dateline-integration\] running' "$log" || true)
failures=$(grep -E '^✘ Test .* failed' "$log" | grep -vc '^✘ Test run with ' || true)
closing=$(grep -E '^[✔✘] Test run with ' "$log" | tail -n 1)

echo
echo "run-tests: exit status ${status}, ${elapsed}s, integration tests run: ${integration_ran}, failing tests: ${failures}"
grep -E '^\[(basic flow|SIGKILL|SIGTERM|SIGSTOP broker|poison|three workers|replay)\]' "$log" | sed 's/^/run-tests: /' || true

result=0
if [ "$status" -ne 0 ]; then
    echo "run-tests: FAILED: the test command exited with status ${status}" >&2
    result=1
fi
if [ "$failures" -gt 0 ]; then
    echo "run-tests: FAILED: ${failures} test(s) failed" >&2
    result=1
fi
if [ -z "$closing" ]; then
    echo "run-tests: FAILED: swift test printed no closing 'Test run with …' line" >&2
    result=1
fi
if [ "${DATELINE_INTEGRATION:-}" = "1" ] && [ "$integration_ran" -eq 0 ]; then
    echo "run-tests: FAILED: DATELINE_INTEGRATION=1 but the broker integration suite ran zero tests" \
        "(check DATELINE_TANSU and DATELINE_BINARY, and that no --filter excluded it)" >&2
    result=1
fi
# Repeat swift test's own closing line last, so it is the line people see.
[ -n "$closing" ] && echo "$closing"
exit "$result"
