#!/usr/bin/env bash
# `make bench-e2e`: end-to-end capacity against a local Tansu broker, release build.
# Measures in one run a pass-through baseline (consume + republish, no extraction) and the full worker at
# concurrency 1 and 2; see scripts/bench_e2e.py for what is measured and how.
set -euo pipefail
cd "$(dirname "$0")/.."
mkdir -p var
echo "== building dateline (release; log: var/build-release.log)"
swift build -c release --product dateline >var/build-release.log 2>&1 || { tail -50 var/build-release.log; exit 1; }
exec .venv/bin/python scripts/bench_e2e.py "$(swift build -c release --show-bin-path)/dateline" "$@"
