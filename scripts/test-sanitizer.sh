#!/usr/bin/env bash
# `make test-tsan` / `make test-asan`: the worker's unit and mock-cluster tests (DatelineKafkaTests) and the
# hardening tests (DatelineHardeningTests) under ThreadSanitizer or AddressSanitizer.
#
#   bash scripts/test-sanitizer.sh thread|address
#
# Each sanitizer has its own scratch path (.build-tsan, .build-asan): instrumented builds share nothing with
# the normal one, and the first build recompiles every dependency. No broker is needed (librdkafka's mock
# cluster). Any report fails the run: the sanitizers are told to exit non-zero on the first finding, and the
# test log is scanned for reports too (a report on a detached thread may not change the exit status).
#
# Suppressions: none. A suppression may only be added with a comment that proves the report false.
#
# Settings (environment):
#   SANITIZER_FILTER  the `swift test --filter` pattern (default: DatelineKafkaTests|DatelineHardeningTests)
#   SWIFT             the swift driver (default: swift)
set -euo pipefail
cd "$(dirname "$0")/.."

sanitizer="${1:-}"
case "$sanitizer" in
    thread) scratch=.build-tsan ;;
    address) scratch=.build-asan ;;
    *)
        echo "usage: $0 thread|address" >&2
        exit 2
        ;;
esac
SWIFT="${SWIFT:-swift}"
filter="${SANITIZER_FILTER:-DatelineKafkaTests|DatelineHardeningTests}"
export PKG_CONFIG_PATH="/usr/local/lib/pkgconfig${PKG_CONFIG_PATH:+:$PKG_CONFIG_PATH}"
# The Swift runtime's backtracer competes with the sanitizers' own reports.
export SWIFT_BACKTRACE=enable=no
# halt_on_error: the first report fails the process; second_deadlock_stack: both stacks of a lock inversion.
export TSAN_OPTIONS="${TSAN_OPTIONS:-halt_on_error=1:second_deadlock_stack=1:history_size=4}"
# detect_leaks: librdkafka handles and Swift objects are expected to be released; LSan reports what is not.
export ASAN_OPTIONS="${ASAN_OPTIONS:-halt_on_error=1:detect_leaks=1:detect_stack_use_after_return=0}"

mkdir -p var
log="var/test-$sanitizer.log"
echo "== $sanitizer sanitizer: building into $scratch (log: $log)"
nice -n 10 "$SWIFT" build --scratch-path "$scratch" --sanitize="$sanitizer" --build-tests >"var/build-$sanitizer.log" 2>&1 \
    || { tail -40 "var/build-$sanitizer.log"; echo "== $sanitizer sanitizer: build failed" >&2; exit 1; }
echo "== $sanitizer sanitizer: swift test --filter '$filter'"
status=0
"$SWIFT" test --scratch-path "$scratch" --sanitize="$sanitizer" --skip-build --filter "$filter" >"$log" 2>&1 || status=$?
grep -E '(Test run with|Suite .* (passed|failed)|✘|recorded an issue)' "$log" | tail -40 || true

reports="$(grep -cE '^(WARNING: ThreadSanitizer|==[0-9]+==ERROR: (AddressSanitizer|LeakSanitizer))' "$log" || true)"
if [ "$reports" -gt 0 ]; then
    echo "== $sanitizer sanitizer: $reports report(s):"
    grep -E -A12 '^(WARNING: ThreadSanitizer|==[0-9]+==ERROR: (AddressSanitizer|LeakSanitizer))' "$log" | head -80
    exit 1
fi
if [ "$status" -ne 0 ]; then
    echo "== $sanitizer sanitizer: swift test exited $status (see $log)"
    tail -30 "$log"
    exit "$status"
fi
echo "== $sanitizer sanitizer: clean"
