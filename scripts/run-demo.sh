#!/usr/bin/env bash
# `make run`: the main job end to end on a local broker that this script starts and stops.
# Starts Tansu on 127.0.0.1, creates the topics, publishes samples/ (five articles, two poison inputs),
# runs `dateline run` until every input has an output or dead-letter record, prints them, stops everything.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/broker.sh

mkdir -p var
echo "== building dateline (log: var/build.log)"
swift build --product dateline >var/build.log 2>&1 || { tail -50 var/build.log; exit 1; }
bin="$(swift build --show-bin-path)/dateline"
PYTHON=.venv/bin/python
export DATELINE_GROUP_ID="dateline-demo-$$"
export DATELINE_METRICS_PORT="${DATELINE_METRICS_PORT:-9464}"

worker_pid=""
cleanup() {
    if [ -n "$worker_pid" ] && kill -0 "$worker_pid" 2>/dev/null; then kill -TERM "$worker_pid"; wait "$worker_pid" || true; fi
    broker_stop
}
trap cleanup EXIT

broker_start
export DATELINE_BROKERS="$BROKER_ADDRESS"
broker_create_topic articles.raw 3
broker_create_topic articles.extracted 3
broker_create_topic articles.dlq 1

good=$(grep -c . samples/articles.jsonl)
bad=$(grep -c . samples/poison.jsonl)
"$bin" produce --topic articles.raw samples/articles.jsonl samples/poison.jsonl

echo "== starting the worker (logs: var/demo-worker.log, metrics: http://127.0.0.1:$DATELINE_METRICS_PORT/metrics)"
# A short session timeout makes the group join in ~3 s on Tansu (consumer property: the worker only).
DATELINE_KAFKA_SESSION_TIMEOUT_MS=6000 "$bin" run >var/demo-worker.log 2>&1 &
worker_pid=$!

echo "== output records (articles.extracted)"
"$bin" consume --topic articles.extracted --count "$good" --timeout 90 --values-only | tee var/demo-output.jsonl
echo "== in short"
"$PYTHON" scripts/summarize-records.py var/demo-output.jsonl
echo "== dead-letter records (articles.dlq)"
"$bin" consume --topic articles.dlq --count "$bad" --timeout 30
echo "== worker metrics"
curl -fsS "http://127.0.0.1:$DATELINE_METRICS_PORT/metrics" 2>/dev/null | grep -E '^dateline_(messages|records)_' || true

kill -TERM "$worker_pid"
wait "$worker_pid" && echo "== worker stopped cleanly (exit 0)"
worker_pid=""
