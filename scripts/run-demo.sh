#!/usr/bin/env bash
# `make run`: the main job end to end on a local broker that this script starts and stops.
# Starts Tansu on 127.0.0.1, creates the topics, publishes samples/ (five articles, two poison inputs),
# runs `dateline run` until every input has an output or dead-letter record, prints them, stops everything.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/broker.sh

swift build --product dateline >/dev/null
bin="$(swift build --show-bin-path)/dateline"
export DATELINE_BROKERS="$BROKER_ADDRESS"
export DATELINE_GROUP_ID="dateline-demo-$$"
export DATELINE_METRICS_PORT="${DATELINE_METRICS_PORT:-9464}"
export DATELINE_KAFKA_SESSION_TIMEOUT_MS=6000
export DATELINE_CONFIG=/dev/null

worker_pid=""
cleanup() {
    if [ -n "$worker_pid" ] && kill -0 "$worker_pid" 2>/dev/null; then kill -TERM "$worker_pid"; wait "$worker_pid" || true; fi
    broker_stop
}
trap cleanup EXIT

broker_start
broker_create_topic articles.raw 3
broker_create_topic articles.extracted 3
broker_create_topic articles.dlq 1

good=$(grep -c . samples/articles.jsonl)
bad=$(grep -c . samples/poison.jsonl)
"$bin" produce --topic articles.raw samples/articles.jsonl samples/poison.jsonl

echo "== starting the worker (logs: var/demo-worker.log, metrics: http://127.0.0.1:$DATELINE_METRICS_PORT/metrics)"
mkdir -p var
"$bin" run >var/demo-worker.log 2>&1 &
worker_pid=$!

echo "== output records (articles.extracted)"
"$bin" consume --topic articles.extracted --count "$good" --timeout 90 --values-only
echo "== dead-letter records (articles.dlq)"
"$bin" consume --topic articles.dlq --count "$bad" --timeout 30
echo "== worker metrics"
curl -fsS "http://127.0.0.1:$DATELINE_METRICS_PORT/metrics" 2>/dev/null | grep -E '^dateline_(messages|records)_' || true

kill -TERM "$worker_pid"
wait "$worker_pid" && echo "== worker stopped cleanly (exit 0)"
worker_pid=""
