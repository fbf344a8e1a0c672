#!/usr/bin/env bash
# `make fuzz`: libFuzzer targets for the input decoder and the extraction pipeline.
#
# Each target (Fuzz/Targets/<name>.swift) is compiled with the DatelineExtraction sources into one module by
# plain swiftc (-sanitize=fuzzer,address), and asserts the pipeline's invariants on every input
# (Tests/DatelineHardeningTests/Support/FuzzHarness.swift, RecordInvariants.swift): no crash or trap, every
# offset inside the text and slicing to the reported text, lists sorted, output JSON parses, deterministic
# output, and a per-input time budget (a slow input aborts like a crash).
#
# Seeds: Fuzz/Corpus/<target>/ and the development articles of ../shared/eval/news-dev.jsonl, split into one
# file per article at run time. Dictionary: Fuzz/dateline.dict. Fuzz/Regressions/<target>/ holds the findings;
# they are replayed by `FUZZ_MODE=replay` and by `make test` (DatelineHardeningTests), not used as seeds, so
# a finding that still awaits its fix cannot stop a fuzzing run at start-up.
# Everything generated (binaries, the growing corpus, crash artifacts, logs) is under .build-fuzz/.
#
# Settings (environment):
#   FUZZ_SECONDS    seconds per target (default 600)
#   FUZZ_TARGETS    space-separated targets (default: decoder pipeline-utf8 pipeline-bytes)
#   FUZZ_BUDGET_MS  per-input budget checked by the target itself (default 1000, plus FUZZ_BUDGET_US_PER_BYTE,
#                   default 25, per input byte: ~1.8 s for a 32 KB input)
#   FUZZ_TIMEOUT    libFuzzer's hard per-input timeout in seconds, a hang backstop (default 10)
#   FUZZ_MAX_LEN    largest input libFuzzer generates, in bytes (default 32768)
#   FUZZ_RESTARTS   how often a target is restarted after a finding within its time (default 5)
#   FUZZ_MODE       run (default) | build (compile only) | replay (run every seed and regression input once)
#   FUZZ_IGNORE     |-separated substrings of violations to ignore while a reported bug awaits its fix
#   DATELINE_EVAL_DIR  the development corpus directory (default ../shared/eval)
# Exit status: 0 when no target found anything, 1 when a crash, slow input or invariant violation was found
# (the inputs are copied to .build-fuzz/findings/<target>/; minimise them and keep them in Fuzz/Regressions/).
set -euo pipefail
cd "$(dirname "$0")/.."

FUZZ_SECONDS="${FUZZ_SECONDS:-600}"
FUZZ_TARGETS="${FUZZ_TARGETS:-decoder pipeline-utf8 pipeline-bytes}"
FUZZ_BUDGET_MS="${FUZZ_BUDGET_MS:-1000}"
FUZZ_TIMEOUT="${FUZZ_TIMEOUT:-10}"
FUZZ_MAX_LEN="${FUZZ_MAX_LEN:-32768}"
FUZZ_RESTARTS="${FUZZ_RESTARTS:-5}"
FUZZ_MODE="${FUZZ_MODE:-run}"
SWIFTC="${SWIFTC:-swiftc}"
EVAL_DIR="${DATELINE_EVAL_DIR:-../shared/eval}"
OUT=.build-fuzz
LEXICONS="$(pwd)/Sources/DatelineExtraction/Resources/Lexicons"

[ -f "$LEXICONS/places.tsv" ] || {
    echo "fuzz: error: generated lexicons missing in $LEXICONS; run scripts/setup.sh (make setup)" >&2
    exit 2
}
export DATELINE_LEXICON_DIR="$LEXICONS"
# The record schema's enums (entity types, date kinds) are read from the checkout's schema at start-up.
export DATELINE_SCHEMA_PATH="$(pwd)/schema/dateline.article.v1.schema.json"
# The Swift runtime's crash backtracer can hang after libFuzzer's first finding; libFuzzer prints its own.
export SWIFT_BACKTRACE=enable=no
# Leak checking stays on (libFuzzer's -detect_leaks); malloc limit guards against runaway inputs.
export ASAN_OPTIONS="${ASAN_OPTIONS:-abort_on_error=1:symbolize=1:detect_stack_use_after_return=0}"

mkdir -p "$OUT/bin" "$OUT/logs"
mapfile -t module_sources < <(find Sources/DatelineExtraction -name '*.swift' | LC_ALL=C sort)
shared_sources=(
    Tests/DatelineHardeningTests/Support/FuzzHarness.swift
    Tests/DatelineHardeningTests/Support/RecordInvariants.swift
    Fuzz/Support/FuzzEntry.swift
)

# Compiles one target unless its binary is newer than every source.
build_target() {
    local target="$1" binary="$OUT/bin/$1"
    local sources=("${module_sources[@]}" "${shared_sources[@]}" "Fuzz/Targets/$target.swift")
    [ -f "Fuzz/Targets/$target.swift" ] || { echo "fuzz: error: no target Fuzz/Targets/$target.swift" >&2; exit 2; }
    if [ -x "$binary" ] && [ -z "$(find "${sources[@]}" -newer "$binary" | head -1)" ]; then
        return 0
    fi
    echo "== fuzz: compiling $target"
    # Compile a snapshot: the pipeline's sources may be edited while a long -O build runs.
    local snapshot="$OUT/src/$target"
    rm -rf "$snapshot"
    mkdir -p "$snapshot"
    local source copies=()
    for source in "${sources[@]}"; do
        mkdir -p "$snapshot/$(dirname "$source")"
        cp "$source" "$snapshot/$source"
        copies+=("$snapshot/$source")
    done
    # One module (the library's own name), so the target and harness see the pipeline's public API as-is.
    nice -n 10 "$SWIFTC" -sanitize=fuzzer,address -parse-as-library -O -g \
        -module-name DatelineExtraction -D DATELINE_FUZZ \
        "${copies[@]}" -o "$binary.tmp" 2>&1 | { grep -v "Cannot export local symbol" || true; }
    [ "${PIPESTATUS[0]}" -eq 0 ] || { echo "fuzz: error: compiling $target failed" >&2; exit 2; }
    mv "$binary.tmp" "$binary"
}

# Seeds that are generated at run time: one file per development article (the bare text for the UTF-8
# target; the JSON line for the byte and decoder targets, the latter with a no-key control byte).
write_dev_seeds() {
    local target="$1" directory="$OUT/seeds/$1"
    rm -rf "$directory"
    mkdir -p "$directory"
    local dev="$EVAL_DIR/news-dev.jsonl"
    if [ ! -f "$dev" ]; then
        echo "fuzz: warning: $dev not found; fuzzing with the committed seeds only" >&2
        return 0
    fi
    python3 - "$dev" "$directory" "$target" <<'PY'
import json, os, sys
path, directory, target = sys.argv[1:4]
with open(path, "rb") as source:
    for number, line in enumerate(source):
        line = line.strip()
        if not line:
            continue
        if target == "pipeline-utf8":
            try:
                data = json.loads(line)["text"].encode("utf-8")
            except (ValueError, KeyError, TypeError):
                continue
        elif target == "decoder":
            data = b"\x40" + line
        else:
            data = line
        with open(os.path.join(directory, "dev-%04d" % number), "wb") as out:
            out.write(data)
PY
}

# Pulls "cov: N ft: N" and the execution rate out of a libFuzzer log.
summarise() {
    local target="$1" log="$2"
    local last execs rate
    last="$(grep -E '^#[0-9]+.*(cov|ft): ' "$log" | tail -1 || true)"
    execs="$(grep -E '^stat::number_of_executed_units' "$log" | awk '{s+=$2} END {print s+0}')"
    rate="$(grep -E '^stat::average_exec_per_sec' "$log" | tail -1 | awk '{print $2}')"
    printf '%-15s execs=%-9s exec/s=%-6s %s\n' "$target" "$execs" "${rate:-?}" \
        "$(sed -E 's/^#([0-9]+)[[:space:]]+[A-Z]+[[:space:]]+//' <<<"$last")"
}

found=0
summary=()
for target in $FUZZ_TARGETS; do
    build_target "$target"
    [ "$FUZZ_MODE" = build ] && continue
    write_dev_seeds "$target"
    mkdir -p "$OUT/corpus/$target" "$OUT/artifacts/$target" "Fuzz/Corpus/$target" "Fuzz/Regressions/$target"
    binary="$(pwd)/$OUT/bin/$target"

    if [ "$FUZZ_MODE" = replay ]; then
        # Every committed seed and regression input once (libFuzzer runs files given as arguments).
        mapfile -t inputs < <(find "Fuzz/Corpus/$target" "Fuzz/Regressions/$target" -type f ! -name '.*' | LC_ALL=C sort)
        echo "== fuzz: replaying ${#inputs[@]} inputs through $target"
        : >"$OUT/logs/$target-replay.log"
        for input in "${inputs[@]}"; do
            # One process per input: libFuzzer stops at the first failing file.
            one="$OUT/logs/$target-replay-one.log"
            "$binary" -timeout="$FUZZ_TIMEOUT" "$input" >"$one" 2>&1 || {
                found=1
                echo "   FAILED: $input"
                grep -E '^(fuzz\(|  - |==[0-9]+==ERROR|SUMMARY)' "$one" | head -6 | sed 's/^/     /'
            }
            cat "$one" >>"$OUT/logs/$target-replay.log"
        done
        continue
    fi

    rm -f "$OUT/artifacts/$target"/*
    rm -rf "$OUT/findings/$target"
    log="$OUT/logs/$target.log"
    : >"$log"
    deadline=$(($(date +%s) + FUZZ_SECONDS))
    restarts=0
    echo "== fuzz: $target for ${FUZZ_SECONDS}s (log: $log)"
    while true; do
        left=$((deadline - $(date +%s)))
        [ "$left" -ge 5 ] || break
        status=0
        # The first corpus directory collects new interesting inputs; the others are read-only seeds.
        (cd "$OUT/artifacts/$target" && FUZZ_BUDGET_MS="$FUZZ_BUDGET_MS" nice -n 10 "$binary" \
            -max_total_time="$left" -timeout="$FUZZ_TIMEOUT" -max_len="$FUZZ_MAX_LEN" -rss_limit_mb=4096 \
            -dict="$OLDPWD/Fuzz/dateline.dict" -use_value_profile=1 -print_final_stats=1 \
            -artifact_prefix="$(pwd)/" \
            "$OLDPWD/$OUT/corpus/$target" "$OLDPWD/Fuzz/Corpus/$target" "$OLDPWD/$OUT/seeds/$target") \
            >>"$log" 2>&1 || status=$?
        [ "$status" -eq 0 ] && break
        found=1
        restarts=$((restarts + 1))
        echo "   finding (exit $status); see $log"
        grep -E '^(==[0-9]+==ERROR|SUMMARY|fuzz\(|  - |ALARM|Fatal error|.*libFuzzer: )' "$log" | tail -8 | sed 's/^/   /'
        [ "$restarts" -le "$FUZZ_RESTARTS" ] || break
    done
    mkdir -p "$OUT/findings/$target"
    find "$OUT/artifacts/$target" -maxdepth 1 -type f \( -name 'crash-*' -o -name 'timeout-*' -o -name 'oom-*' \
        -o -name 'leak-*' -o -name 'slow-unit-*' \) -exec cp {} "$OUT/findings/$target/" \;
    summary+=("$(summarise "$target" "$log")")
done

if [ "$FUZZ_MODE" = run ]; then
    echo "== fuzz summary (execs, exec/s and the last coverage line per target)"
    printf '%s\n' "${summary[@]}"
    if [ "$found" -ne 0 ]; then
        echo "== fuzz: findings kept in $OUT/findings/ (minimise with -minimize_crash=1, keep in Fuzz/Regressions/)"
        find "$OUT/findings" -type f | sed 's/^/   /'
    fi
fi
exit "$found"
