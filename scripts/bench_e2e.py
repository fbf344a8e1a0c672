#!/usr/bin/env python3
"""End-to-end capacity of `dateline run` against a local Tansu broker.

For each configuration (pass-through baseline; full worker at concurrency 1 and 2), on fresh topics:
1. Backlog: publish BENCH_COPIES copies of the development corpus (or the samples), start the worker, and time
   the stream of output records: articles/s and MB/s of input text from the first to the last output timestamp
   (broker CreateTime, so the group join is not counted).
2. Latency: with the worker caught up and idle, publish BENCH_LATENCY_MESSAGES more at a steady BENCH_RATE/s and
   take, per record, output CreateTime minus input CreateTime (ms): p50 and p99.
3. Peak RSS of the worker process (VmHWM) after both phases.
Then prints each configuration and the worker/baseline ratios.
"""
import json
import os
import pathlib
import signal
import socket
import subprocess
import sys
import time

ROOT = pathlib.Path(__file__).resolve().parent.parent
BINARY = sys.argv[1]
TANSU = os.environ.get("DATELINE_TANSU", str(ROOT / ".venv" / "bin" / "tansu"))
COPIES = int(os.environ.get("BENCH_COPIES", "5"))
LATENCY_MESSAGES = int(os.environ.get("BENCH_LATENCY_MESSAGES", "100"))
RATE = float(os.environ.get("BENCH_RATE", "20"))
PARTITIONS = 4


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def articles():
    corpus = ROOT.parent / "shared" / "eval" / "news-dev.jsonl"
    source = corpus if corpus.exists() else ROOT / "samples" / "articles.jsonl"
    if source != corpus:
        print(f"bench-e2e: {corpus} missing, using the samples", file=sys.stderr)
    rows = [json.loads(line) for line in source.read_text().splitlines() if line.strip()]
    return [{"id": r.get("id", str(i)), "title": r.get("title"), "text": r["text"]} for i, r in enumerate(rows)]


def jsonl(rows, copy):
    return "".join(json.dumps({**r, "id": f"{r['id']}#{copy}"}) + "\n" for r in rows)


class Broker:
    def __init__(self):
        self.address = f"127.0.0.1:{free_port()}"
        (ROOT / "var").mkdir(exist_ok=True)
        self.log = open(ROOT / "var" / "bench-tansu.log", "w")
        url = f"tcp://{self.address}"
        self.process = subprocess.Popen(
            [TANSU, "broker", "--listener-url", url, "--advertised-listener-url", url],
            stdout=self.log, stderr=subprocess.STDOUT)
        host, port = self.address.split(":")
        for _ in range(100):
            try:
                socket.create_connection((host, int(port)), timeout=0.2).close()
                return
            except OSError:
                time.sleep(0.1)
        raise SystemExit("bench-e2e: Tansu did not start")

    def topic(self, name, partitions):
        subprocess.run([TANSU, "topic", "create", name, "--partitions", str(partitions), "--broker",
                        f"tcp://{self.address}"], check=True, stdout=self.log, stderr=subprocess.STDOUT)

    def stop(self):
        self.process.terminate()
        try:
            self.process.wait(timeout=8)
        except subprocess.TimeoutExpired:
            self.process.kill()


def env(broker, name, concurrency):
    return {**os.environ, "DATELINE_BROKERS": broker.address, "DATELINE_INPUT_TOPIC": f"{name}.in",
            "DATELINE_OUTPUT_TOPIC": f"{name}.out", "DATELINE_DLQ_TOPIC": f"{name}.dlq",
            "DATELINE_GROUP_ID": f"{name}.group", "DATELINE_CONCURRENCY": str(concurrency),
            "DATELINE_METRICS_PORT": str(free_port()), "DATELINE_LOG_LEVEL": "warning",
            "DATELINE_KAFKA_SESSION_TIMEOUT_MS": "6000"}


def consume(environment, topic, count, timeout=900):
    out = subprocess.run([BINARY, "consume", "--topic", topic, "--count", str(count), "--timeout", str(timeout)],
                         env={k: v for k, v in environment.items() if not k.startswith("DATELINE_KAFKA_")},
                         check=True, capture_output=True, text=True).stdout
    return [json.loads(line) for line in out.splitlines() if line.strip()]


def percentile(values, p):
    values = sorted(values)
    return values[min(len(values) - 1, int(round(p / 100 * (len(values) - 1))))]


def peak_rss_mb(pid):
    for line in open(f"/proc/{pid}/status"):
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def run(broker, rows, name, concurrency, pass_through):
    for suffix, partitions in (("in", PARTITIONS), ("out", PARTITIONS), ("dlq", 1)):
        broker.topic(f"{name}.{suffix}", partitions)
    environment = env(broker, name, concurrency)
    producer_env = {k: v for k, v in environment.items() if not k.startswith("DATELINE_KAFKA_")}
    backlog = "".join(jsonl(rows, copy) for copy in range(COPIES))
    subprocess.run([BINARY, "produce", "--topic", f"{name}.in"], input=backlog, text=True, env=producer_env,
                   check=True, capture_output=True)
    total = len(rows) * COPIES
    text_bytes = sum(len(r["text"].encode()) for r in rows) * COPIES
    log = open(ROOT / "var" / f"bench-{name}.log", "w")
    worker = subprocess.Popen([BINARY, "run"] + (["--pass-through"] if pass_through else []), env=environment,
                              stdout=log, stderr=subprocess.STDOUT)
    try:
        outputs = consume(environment, f"{name}.out", total)
        stamps = sorted(m["timestamp"] for m in outputs)
        span = max(1, stamps[-1] - stamps[0]) / 1000
        throughput = (total - 1) / span

        feeder = subprocess.Popen([BINARY, "produce", "--topic", f"{name}.in"], stdin=subprocess.PIPE, text=True,
                                  env=producer_env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        for i in range(LATENCY_MESSAGES):
            row = rows[i % len(rows)]
            feeder.stdin.write(json.dumps({**row, "id": f"{row['id']}#latency{i}"}) + "\n")
            feeder.stdin.flush()
            time.sleep(1 / RATE)
        feeder.stdin.close()
        feeder.wait(timeout=60)
        inputs = {(m["partition"], m["offset"]): m["timestamp"]
                  for m in consume(environment, f"{name}.in", total + LATENCY_MESSAGES)}
        outputs = consume(environment, f"{name}.out", total + LATENCY_MESSAGES)
        latencies = []
        for m in outputs:
            _, partition, offset = m["headers"]["dateline-source"].rsplit("/", 2)
            if int(offset) >= 0 and m["key"] and "#latency" in m["key"]:
                latencies.append(m["timestamp"] - inputs[(int(partition), int(offset))])
        rss = peak_rss_mb(worker.pid)
    finally:
        worker.send_signal(signal.SIGTERM)
        worker.wait(timeout=60)
    return {"name": name, "concurrency": concurrency, "articles": total, "articles_per_s": throughput,
            "mb_per_s": text_bytes / 1e6 / span, "p50_ms": percentile(latencies, 50),
            "p99_ms": percentile(latencies, 99), "peak_rss_mb": rss, "exit": worker.returncode}


def main():
    rows = articles()
    broker = Broker()
    results = []
    try:
        results.append(run(broker, rows, "baseline-c2", 2, True))
        results.append(run(broker, rows, "worker-c1", 1, False))
        results.append(run(broker, rows, "worker-c2", 2, False))
    finally:
        broker.stop()
    print(f"{'configuration':<14}{'articles':>9}{'art/s':>9}{'MB/s':>8}{'p50 ms':>8}{'p99 ms':>8}{'peak RSS MB':>13}")
    for r in results:
        print(f"{r['name']:<14}{r['articles']:>9}{r['articles_per_s']:>9.1f}{r['mb_per_s']:>8.2f}"
              f"{r['p50_ms']:>8.0f}{r['p99_ms']:>8.0f}{r['peak_rss_mb']:>13.1f}")
    base = results[0]["articles_per_s"]
    for r in results[1:]:
        print(f"ratio {r['name']}/baseline throughput: {r['articles_per_s'] / base:.3f}")
    print(f"scaling worker-c2/worker-c1: {results[2]['articles_per_s'] / results[1]['articles_per_s']:.2f}x")
    (ROOT / "var" / "bench-e2e.json").write_text(json.dumps(results, indent=2))
    if any(r["exit"] != 0 for r in results):
        raise SystemExit("bench-e2e: a worker did not exit 0 on SIGTERM")


if __name__ == "__main__":
    main()
