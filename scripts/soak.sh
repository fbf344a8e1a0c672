#!/usr/bin/env bash
# `make soak`: SOAK_SECONDS (default 1200) of good and poison articles at a steady rate through two workers of
# one group on a local Tansu broker. Worker 1 is restarted every SOAK_RESTART_SECONDS, alternating SIGTERM and
# SIGKILL; worker 2 runs throughout, so its memory and descriptors show leaks. Both are sampled every 10 s
# (VmRSS, open fds, threads) into var/soak/samples.csv.
#
# At the end the producer stops, the group drains (lag 0), the workers stop, and the input, output and
# dead-letter topics are read back and matched by article id:
#   in          messages on the input topic (ground truth: what the broker accepted)
#   out         output records; dead letters: dead-letter records
#   lost        inputs with neither an output nor a dead-letter record (must be 0)
#   duplicates  records beyond the first per id (allowed, at-least-once; expected after SIGKILLs)
#   RSS / fds   first and last samples per worker, and worker 2's growth after warm-up
# Exit status: 0 when nothing was lost and worker 2 did not grow past the thresholds, 1 otherwise.
#
# Settings (environment):
#   SOAK_SECONDS               producing time (default 1200)
#   SOAK_RATE                  articles per second (default 4; one in ten is poison)
#   SOAK_RESTART_SECONDS       time between restarts of worker 1 (default 180)
#   SOAK_WARMUP_SECONDS        samples ignored for the growth check (default: a quarter of SOAK_SECONDS, <= 300)
#   SOAK_MAX_RSS_GROWTH_MB     allowed RSS growth of worker 2 after warm-up (default 32)
#   SOAK_MAX_FD_GROWTH         allowed growth of worker 2's open descriptors after warm-up (default 4)
#   SOAK_CONFIGURATION         debug (default) or release: which build of `dateline` to run
#   DATELINE_BINARY            a prebuilt `dateline` to use instead of building one
#   DATELINE_EVAL_DIR          where news-dev.jsonl is (default ../shared/eval; samples/ when missing)
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/broker.sh

SOAK_SECONDS="${SOAK_SECONDS:-1200}"
SOAK_RATE="${SOAK_RATE:-4}"
SOAK_RESTART_SECONDS="${SOAK_RESTART_SECONDS:-180}"
default_warmup=$((SOAK_SECONDS / 4))
[ "$default_warmup" -le 300 ] || default_warmup=300
SOAK_WARMUP_SECONDS="${SOAK_WARMUP_SECONDS:-$default_warmup}"
SOAK_MAX_RSS_GROWTH_MB="${SOAK_MAX_RSS_GROWTH_MB:-32}"
SOAK_MAX_FD_GROWTH="${SOAK_MAX_FD_GROWTH:-4}"
SOAK_CONFIGURATION="${SOAK_CONFIGURATION:-debug}"
EVAL_DIR="${DATELINE_EVAL_DIR:-../shared/eval}"
export PKG_CONFIG_PATH="/usr/local/lib/pkgconfig${PKG_CONFIG_PATH:+:$PKG_CONFIG_PATH}"

dir=var/soak
rm -rf "$dir"
mkdir -p "$dir/bin"

# A private copy of the binary and its lexicons: other builds of the checkout must not swap it mid-run.
if [ -n "${DATELINE_BINARY:-}" ]; then
    source_bin="$DATELINE_BINARY"
else
    echo "== soak: building dateline ($SOAK_CONFIGURATION)"
    nice -n 10 swift build -c "$SOAK_CONFIGURATION" --product dateline >"$dir/build.log" 2>&1 \
        || { tail -30 "$dir/build.log"; exit 1; }
    source_bin="$(swift build -c "$SOAK_CONFIGURATION" --show-bin-path)/dateline"
fi
cp "$source_bin" "$dir/bin/dateline"
bin="$(pwd)/$dir/bin/dateline"
lexicons="$(dirname "$source_bin")/dateline_DatelineExtraction.resources/Lexicons"
[ -f "$lexicons/places.tsv" ] || lexicons="$(pwd)/Sources/DatelineExtraction/Resources/Lexicons"
cp -r "$lexicons" "$dir/bin/Lexicons"
export DATELINE_LEXICON_DIR="$(pwd)/$dir/bin/Lexicons"

run_id="soak-$$"
# Settings come from the environment; they override config/dateline.yaml.
export DATELINE_INPUT_TOPIC="$run_id.raw"
export DATELINE_OUTPUT_TOPIC="$run_id.extracted"
export DATELINE_DLQ_TOPIC="$run_id.dlq"
export DATELINE_GROUP_ID="$run_id"
export DATELINE_SHUTDOWN_GRACE_SECONDS=20
# Small enough that an oversize poison input is cheap to produce.
export DATELINE_MAX_MESSAGE_BYTES=131072

producer_pid=""
generator_pid=""
worker_pids=("" "")
cleanup() {
    [ -n "$generator_pid" ] && kill "$generator_pid" 2>/dev/null || true
    [ -n "$producer_pid" ] && kill "$producer_pid" 2>/dev/null || true
    for pid in "${worker_pids[@]}"; do
        [ -n "$pid" ] && kill -KILL "$pid" 2>/dev/null || true
    done
    broker_stop
}
trap cleanup EXIT

broker_start
export DATELINE_BROKERS="$BROKER_ADDRESS"
broker_create_topic "$DATELINE_INPUT_TOPIC" 6
broker_create_topic "$DATELINE_OUTPUT_TOPIC" 3
broker_create_topic "$DATELINE_DLQ_TOPIC" 1

ports=("$(free_port)" "$(free_port)")
start_worker() {
    local index="$1"
    # A short session timeout (consumer-only, so not exported to the producer): a SIGKILLed member is
    # replaced within seconds.
    DATELINE_METRICS_PORT="${ports[$index]}" DATELINE_KAFKA_SESSION_TIMEOUT_MS=6000 \
        "$bin" run >>"$dir/worker-$((index + 1)).log" 2>&1 &
    worker_pids[$index]=$!
    echo "$(date +%s),$((index + 1)),${worker_pids[$index]},start" >>"$dir/events.csv"
}

# Writes article lines (JSONL) at SOAK_RATE per second to stdout; `dateline produce` publishes each line as it
# arrives, keyed by its id. One in ten is poison: malformed JSON, no text, blank text, a non-string text, or
# (once a minute) an oversize article.
cat >"$dir/generator.py" <<'PY'
import json, sys, time
dev, samples, rate = sys.argv[1], sys.argv[2], float(sys.argv[3])
texts = []
for path in (dev, samples):
    try:
        with open(path, encoding="utf-8") as source:
            for line in source:
                try:
                    texts.append(json.loads(line)["text"])
                except (ValueError, KeyError, TypeError):
                    pass
    except OSError:
        pass
    if texts:
        break
if not texts:
    sys.exit("soak: no article texts found")
poison = [
    lambda i: '{"id": "%s", "text": "an unterminated string' % i,
    lambda i: json.dumps({"id": i, "title": "no body"}),
    lambda i: json.dumps({"id": i, "text": "  \n\t "}),
    lambda i: json.dumps({"id": i, "text": 42}),
]
n = 0
start = time.monotonic()
while True:
    n += 1
    if n % (int(rate) * 60 or 60) == 0:
        line = json.dumps({"id": "soak-p-%06d" % n, "text": "word " * 40000})
    elif n % 10 == 0:
        line = poison[(n // 10) % len(poison)]("soak-p-%06d" % n)
    else:
        text = texts[n % len(texts)]
        line = json.dumps({"id": "soak-g-%06d" % n, "title": "Soak %d" % n, "text": text + "\n\nSoak article %d." % n})
    sys.stdout.write(line + "\n")
    sys.stdout.flush()
    delay = start + n / rate - time.monotonic()
    if delay > 0:
        time.sleep(delay)
PY

echo "time,worker,pid,rss_kb,fds,threads" >"$dir/samples.csv"
echo "time,worker,pid,event" >"$dir/events.csv"
sample() {
    local now index pid rss fds threads
    now="$(date +%s)"
    for index in 0 1; do
        pid="${worker_pids[$index]}"
        [ -n "$pid" ] && [ -r "/proc/$pid/status" ] || continue
        rss="$(awk '/^VmRSS:/ {print $2}' "/proc/$pid/status" 2>/dev/null || true)"
        threads="$(awk '/^Threads:/ {print $2}' "/proc/$pid/status" 2>/dev/null || true)"
        fds="$(ls "/proc/$pid/fd" 2>/dev/null | wc -l)"
        [ -n "$rss" ] && echo "$now,$((index + 1)),$pid,$rss,$fds,$threads" >>"$dir/samples.csv"
    done
}

start_worker 0
start_worker 1
# A FIFO between the generator and one long-lived producer: stopping the generator ends the producer's input,
# so it flushes and exits.
mkfifo "$dir/articles.pipe"
"$bin" produce --topic "$DATELINE_INPUT_TOPIC" <"$dir/articles.pipe" 2>"$dir/producer.log" &
producer_pid=$!
python3 -u "$dir/generator.py" "$EVAL_DIR/news-dev.jsonl" samples/articles.jsonl "$SOAK_RATE" >"$dir/articles.pipe" &
generator_pid=$!
echo "== soak: $run_id on $BROKER_ADDRESS for ${SOAK_SECONDS}s at ${SOAK_RATE}/s; workers ${worker_pids[*]} (logs in $dir)"

started="$(date +%s)"
next_restart=$((started + SOAK_RESTART_SECONDS))
next_invalid=$((started + 30))
restarts=0
invalid=0
while [ $(($(date +%s) - started)) -lt "$SOAK_SECONDS" ]; do
    sample
    now="$(date +%s)"
    for index in 0 1; do
        if ! kill -0 "${worker_pids[$index]}" 2>/dev/null; then
            echo "   worker $((index + 1)) exited unexpectedly; restarting it"
            echo "$now,$((index + 1)),${worker_pids[$index]},died" >>"$dir/events.csv"
            start_worker "$index"
        fi
    done
    if [ "$now" -ge "$next_invalid" ]; then
        # Invalid UTF-8 cannot pass through the JSONL pipe (lines are decoded); publish it as a keyless file.
        invalid=$((invalid + 1))
        printf 'soak-u-%06d invalid UTF-8 follows: \xff\xfe\xc0\x80\xed\xa0\x80\n' "$invalid" >"$dir/invalid.bin"
        "$bin" produce --topic "$DATELINE_INPUT_TOPIC" "$dir/invalid.bin" 2>>"$dir/producer-invalid.log" || true
        next_invalid=$((now + 30))
    fi
    if [ "$now" -ge "$next_restart" ]; then
        restarts=$((restarts + 1))
        pid="${worker_pids[0]}"
        if [ $((restarts % 2)) -eq 1 ]; then signal=TERM; else signal=KILL; fi
        echo "   $(date -u +%H:%M:%S) restart $restarts of worker 1 (SIG$signal, pid $pid)"
        echo "$now,1,$pid,SIG$signal" >>"$dir/events.csv"
        kill "-$signal" "$pid" 2>/dev/null || true
        wait "$pid" 2>/dev/null || true
        start_worker 0
        next_restart=$((now + SOAK_RESTART_SECONDS))
    fi
    sleep 10
done

echo "== soak: producing stopped; waiting for the group to drain"
kill "$generator_pid" 2>/dev/null || true
wait "$generator_pid" 2>/dev/null || true
generator_pid=""
wait "$producer_pid" 2>/dev/null && echo "   producer: $(tail -1 "$dir/producer.log")" \
    || echo "   producer exited with an error: $(tail -3 "$dir/producer.log")"
producer_pid=""
drained=no
for _ in $(seq 1 60); do
    sample
    lag="$("$bin" status --group "$DATELINE_GROUP_ID" --topic "$DATELINE_INPUT_TOPIC" 2>/dev/null \
        | awk '/^Total lag:/ {print $3}' || true)"
    if [ "$lag" = 0 ]; then drained=yes; break; fi
    sleep 5
done
echo "   drained: $drained (lag ${lag:-unknown})"
for index in 0 1; do
    kill -TERM "${worker_pids[$index]}" 2>/dev/null || true
done
for index in 0 1; do
    wait "${worker_pids[$index]}" 2>/dev/null && code=0 || code=$?
    echo "   worker $((index + 1)) exited with $code after SIGTERM"
    echo "$(date +%s),$((index + 1)),${worker_pids[$index]},exit-$code" >>"$dir/events.csv"
    worker_pids[$index]=""
done

echo "== soak: reading the topics back"
for topic in raw extracted dlq; do
    "$bin" consume --topic "$run_id.$topic" --timeout 300 >"$dir/$topic.jsonl" 2>"$dir/consume-$topic.log"
done

python3 - "$dir" "$SOAK_WARMUP_SECONDS" "$SOAK_MAX_RSS_GROWTH_MB" "$SOAK_MAX_FD_GROWTH" "$restarts" <<'PY'
import collections, csv, json, re, statistics, sys
directory, warmup, max_rss_mb, max_fd, restarts = sys.argv[1], int(sys.argv[2]), float(sys.argv[3]), int(sys.argv[4]), sys.argv[5]
pattern = re.compile(r"soak-[gpu]-\d{6}")

def ids(topic):
    out = []
    with open("%s/%s.jsonl" % (directory, topic), encoding="utf-8") as source:
        for line in source:
            message = json.loads(line)
            value = message["value"]
            found = value.get("id") if isinstance(value, dict) else None
            if not found or not pattern.fullmatch(str(found)):
                match = pattern.search(json.dumps(value, ensure_ascii=False))
                found = match.group(0) if match else None
            out.append(found or "unidentified:%s/%s" % (message["partition"], message["offset"]))
    return out

inputs, outputs, dead = ids("raw"), ids("extracted"), ids("dlq")
input_set = set(inputs)
out_count, dead_count = collections.Counter(outputs), collections.Counter(dead)
lost = sorted(i for i in input_set if out_count[i] == 0 and dead_count[i] == 0)
duplicates = sum(c - 1 for c in out_count.values() if c > 1) + sum(c - 1 for c in dead_count.values() if c > 1)
good_dead = sorted(i for i in dead_count if i.startswith("soak-g-"))
poison_out = sorted(i for i in out_count if not i.startswith("soak-g-"))
unknown = sorted(i for i in set(outputs) | set(dead) if i not in input_set)
print("== soak results")
print("articles in:        %d (%d unique ids; %d good, %d poison)" % (
    len(inputs), len(input_set), sum(1 for i in input_set if i.startswith("soak-g-")),
    sum(1 for i in input_set if not i.startswith("soak-g-"))))
print("records out:        %d (%d unique)" % (len(outputs), len(out_count)))
print("dead letters:       %d (%d unique)" % (len(dead), len(dead_count)))
print("lost:               %d %s" % (len(lost), lost[:10]))
print("duplicates:         %d" % duplicates)
print("good dead-lettered: %d %s; poison with output: %d %s; records of unknown input: %d" % (
    len(good_dead), good_dead[:5], len(poison_out), poison_out[:5], len(unknown)))
print("worker 1 restarts:  %s" % restarts)

rows = list(csv.DictReader(open("%s/samples.csv" % directory)))
failed = bool(lost) or not inputs
by_worker = collections.defaultdict(list)
for row in rows:
    by_worker[row["worker"]].append(row)
for worker in sorted(by_worker):
    samples = by_worker[worker]
    first, last = samples[0], samples[-1]
    print("worker %s: RSS %d -> %d MiB, fds %s -> %s, threads %s -> %s (%d samples, %d pids)" % (
        worker, int(first["rss_kb"]) // 1024, int(last["rss_kb"]) // 1024, first["fds"], last["fds"],
        first["threads"], last["threads"], len(samples), len({s["pid"] for s in samples})))
# Worker 2 runs throughout: after warm-up its RSS and descriptors must stay flat.
samples = [s for s in by_worker.get("2", []) if s["pid"] == by_worker["2"][0]["pid"]]
if samples:
    t0 = int(samples[0]["time"])
    steady = [s for s in samples if int(s["time"]) - t0 >= warmup]
    if len(steady) >= 12:
        window = max(3, len(steady) // 10)
        rss_first = statistics.median(int(s["rss_kb"]) for s in steady[:window]) / 1024
        rss_last = statistics.median(int(s["rss_kb"]) for s in steady[-window:]) / 1024
        fd_first = statistics.median(int(s["fds"]) for s in steady[:window])
        fd_last = statistics.median(int(s["fds"]) for s in steady[-window:])
        print("worker 2 after %ds warm-up: RSS median %.1f -> %.1f MiB (%+.1f, limit +%.0f), fds %.0f -> %.0f (limit +%d)" % (
            warmup, rss_first, rss_last, rss_last - rss_first, max_rss_mb, fd_first, fd_last, max_fd))
        if rss_last - rss_first > max_rss_mb or fd_last - fd_first > max_fd:
            print("FAIL: worker 2 grew after warm-up")
            failed = True
    else:
        print("worker 2: too few samples after warm-up for a growth check (%d)" % len(steady))
else:
    print("worker 2: no samples")
if lost:
    print("FAIL: %d article(s) lost" % len(lost))
print("== soak: %s" % ("FAILED" if failed else "passed"))
sys.exit(1 if failed else 0)
PY
