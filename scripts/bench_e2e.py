#!/usr/bin/env python3
"""End-to-end capacity of `dateline run` against a local Tansu broker, with its references measured in the same run.

Configurations, each on fresh topics with the same backlog:
- raw: raw librdkafka clients (confluent-kafka) producing keyed idempotent 2.5 KB records and consuming them: the
  broker's own speed on this machine (scripts/raw_kafka_rates.py);
- python: a confluent-kafka consume → produce → commit-after-delivery worker doing no work
  (scripts/python_passthrough_worker.py), the comparison the worker's goals are stated against;
- baseline: `dateline run --pass-through` (consume and republish, no extraction);
- worker-c1 / worker-c2: the full worker with one and two extraction threads;
- 2 workers: two worker processes (concurrency 1 each) in one group, for the scale-out figure;
- worker-c2-big: the full worker on a BENCH_RSS_BACKLOG-article backlog (200,000), for its peak RSS.
The broker's CPU is sampled beside each worker's: on this 2-core machine they share the cores.
For each: articles/s over the backlog (first to last output record, broker CreateTime, so the group join is not
counted), MB/s of input text, the worker's CPU over that span (cores busy, from /proc), produce-to-output latency
at a steady BENCH_RATE/s once caught up (p50/p99), and peak RSS. Then the ratios.
"""
import json
import os
import pathlib
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.request

ROOT = pathlib.Path(__file__).resolve().parent.parent
BINARY = sys.argv[1]
TANSU = os.environ.get("DATELINE_TANSU", str(ROOT / ".venv" / "bin" / "tansu"))
COPIES = int(os.environ.get("BENCH_COPIES", "20"))
PASS_COPIES = int(os.environ.get("BENCH_PASS_COPIES", "100"))
LATENCY_MESSAGES = int(os.environ.get("BENCH_LATENCY_MESSAGES", "100"))
RATE = float(os.environ.get("BENCH_RATE", "20"))
PARTITIONS = 4
# The memory goal is stated for a backlog this large (the full worker, concurrency 2).
RSS_BACKLOG = int(os.environ.get("BENCH_RSS_BACKLOG", "200000"))


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


class CpuSampler:
    """Samples the CPU seconds (user + system) of processes every 0.1 s, to compute cores busy over a span."""

    def __init__(self, pids):
        self.pids, self.samples, self.running = pids, [], True
        self.thread = threading.Thread(target=self.loop, daemon=True)
        self.thread.start()

    def loop(self):
        ticks = os.sysconf("SC_CLK_TCK")
        while self.running:
            total = []
            for pid in self.pids:
                try:
                    fields = open(f"/proc/{pid}/stat").read().rsplit(")", 1)[1].split()
                    total.append((int(fields[11]) + int(fields[12])) / ticks)
                except (OSError, IndexError):
                    total.append(float("nan"))
            self.samples.append((time.time(), total))
            time.sleep(0.1)

    def cores(self, start, end):
        """Cores busy per process between two wall-clock times (seconds since the epoch)."""
        self.running = False
        self.thread.join()
        before = min(self.samples, key=lambda s: abs(s[0] - start))
        after = min(self.samples, key=lambda s: abs(s[0] - end))
        span = max(1e-3, after[0] - before[0])
        return [(b - a) / span for a, b in zip(before[1], after[1])]


def start_workers(broker, name, kind, concurrency, processes):
    environment = env(broker, name, concurrency)
    workers = []
    for index in range(processes):
        log = open(ROOT / "var" / f"bench-{name}-{index}.log", "w")
        if kind == "python":
            command = [sys.executable, str(ROOT / "scripts" / "python_passthrough_worker.py"), broker.address,
                       f"{name}.in", f"{name}.out", f"{name}.group"]
        else:
            command = [BINARY, "run"] + (["--pass-through"] if kind == "pass-through" else [])
            environment = {**environment, "DATELINE_METRICS_PORT": str(free_port())}
        workers.append(subprocess.Popen(command, env=environment, stdout=log, stderr=subprocess.STDOUT))
    return environment, workers


def produced_count(port):
    """The worker's dateline_records_produced_total, or 0 while its metrics server is not up."""
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/metrics", timeout=2) as response:
            for line in response.read().decode().splitlines():
                if line.startswith("dateline_records_produced_total"):
                    return float(line.split()[-1])
    except OSError:
        pass
    return 0


def run(broker, rows, name, kind, concurrency=2, processes=1, copies=COPIES, latency=True, readback=True):
    """One configuration on fresh topics. With `readback` off (the big backlog), the drain is timed from the
    worker's start to its produced counter reaching the backlog instead of reading every output back."""
    for suffix, partitions in (("in", PARTITIONS), ("out", PARTITIONS), ("dlq", 1)):
        broker.topic(f"{name}.{suffix}", partitions)
    environment = env(broker, name, concurrency)
    producer_env = {k: v for k, v in environment.items() if not k.startswith("DATELINE_KAFKA_")}
    backlog = "".join(jsonl(rows, copy) for copy in range(copies))
    subprocess.run([BINARY, "produce", "--topic", f"{name}.in"], input=backlog, text=True, env=producer_env,
                   check=True, capture_output=True)
    total = len(rows) * copies
    text_bytes = sum(len(r["text"].encode()) for r in rows) * copies
    environment, workers = start_workers(broker, name, kind, concurrency, processes)
    sampler = CpuSampler([w.pid for w in workers] + [broker.process.pid])
    latencies = []
    try:
        if readback:
            outputs = consume(environment, f"{name}.out", total)
            stamps = sorted(m["timestamp"] for m in outputs)
            first, last = stamps[0] / 1000, stamps[-1] / 1000
        else:
            first = time.time()
            port = int(environment["DATELINE_METRICS_PORT"])
            while produced_count(port) < total:
                if any(w.poll() is not None for w in workers):
                    raise SystemExit(f"bench-e2e: a {name} worker exited early")
                time.sleep(0.5)
            last = time.time()
        span = max(1e-3, last - first)
        throughput = (total - 1) / span
        *cores, broker_cores = sampler.cores(first, last)
        if latency:
            feeder = subprocess.Popen([BINARY, "produce", "--topic", f"{name}.in"], stdin=subprocess.PIPE,
                                      text=True, env=producer_env, stdout=subprocess.DEVNULL,
                                      stderr=subprocess.DEVNULL)
            for i in range(LATENCY_MESSAGES):
                row = rows[i % len(rows)]
                feeder.stdin.write(json.dumps({**row, "id": f"{row['id']}#latency{i}"}) + "\n")
                feeder.stdin.flush()
                time.sleep(1 / RATE)
            feeder.stdin.close()
            feeder.wait(timeout=60)
            inputs = {(m["partition"], m["offset"]): m["timestamp"]
                      for m in consume(environment, f"{name}.in", total + LATENCY_MESSAGES)}
            for m in consume(environment, f"{name}.out", total + LATENCY_MESSAGES):
                _, partition, offset = m["headers"]["dateline-source"].rsplit("/", 2)
                if int(offset) >= 0 and m["key"] and "#latency" in m["key"]:
                    latencies.append(m["timestamp"] - inputs[(int(partition), int(offset))])
        rss = max(peak_rss_mb(w.pid) for w in workers)
    finally:
        for worker in workers:
            worker.send_signal(signal.SIGTERM)
        for worker in workers:
            worker.wait(timeout=60)
    return {"name": name, "kind": kind, "concurrency": concurrency, "processes": processes, "articles": total,
            "articles_per_s": throughput, "mb_per_s": text_bytes / 1e6 / span, "cores": cores,
            "broker_cores": broker_cores,
            "p50_ms": percentile(latencies, 50) if latencies else float("nan"),
            "p99_ms": percentile(latencies, 99) if latencies else float("nan"), "peak_rss_mb": rss,
            "exit": max(w.returncode for w in workers) if kind != "python" else 0}


def raw_rates(broker, count):
    broker.topic("raw.bench", PARTITIONS)
    out = subprocess.run([sys.executable, str(ROOT / "scripts" / "raw_kafka_rates.py"), broker.address, "raw.bench",
                          str(count)], check=True, capture_output=True, text=True).stdout
    return json.loads(out.strip().splitlines()[-1])


def main():
    rows = articles()
    broker = Broker()
    results = []
    try:
        raw = raw_rates(broker, len(rows) * PASS_COPIES)
        results.append(run(broker, rows, "python", "python", copies=PASS_COPIES, latency=False))
        results.append(run(broker, rows, "baseline-c2", "pass-through", copies=PASS_COPIES))
        results.append(run(broker, rows, "worker-c1", "full", concurrency=1))
        results.append(run(broker, rows, "worker-c2", "full", concurrency=2))
        results.append(run(broker, rows, "workers-2x-c1", "full", concurrency=1, processes=2, latency=False))
        if RSS_BACKLOG > 0:
            results.append(run(broker, rows, "worker-c2-big", "full", concurrency=2,
                               copies=-(-RSS_BACKLOG // len(rows)), latency=False, readback=False))
    finally:
        broker.stop()
    print(f"raw librdkafka on this broker: produce (keyed, idempotent, 2.5 KB) {raw['produce_per_s']:.0f}/s, "
          f"consume {raw['consume_per_s']:.0f}/s")
    print(f"{'configuration':<15}{'articles':>9}{'art/s':>9}{'MB/s':>8}{'cores':>12}{'broker':>8}{'p50 ms':>8}"
          f"{'p99 ms':>8}{'peak RSS MB':>13}")
    for r in results:
        cores = "+".join(f"{c:.2f}" for c in r["cores"])
        print(f"{r['name']:<15}{r['articles']:>9}{r['articles_per_s']:>9.1f}{r['mb_per_s']:>8.2f}{cores:>12}"
              f"{r['broker_cores']:>8.2f}{r['p50_ms']:>8.0f}{r['p99_ms']:>8.0f}{r['peak_rss_mb']:>13.1f}")
    by = {r["name"]: r for r in results}
    python = by["python"]["articles_per_s"]
    print(f"ratio baseline/python pass-through: {by['baseline-c2']['articles_per_s'] / python:.2f}x (goal >= 8)")
    print(f"ratio baseline/raw keyed idempotent produce: {by['baseline-c2']['articles_per_s'] / raw['produce_per_s']:.2f}"
          f" (goal >= 0.40)")
    print(f"ratio worker-c2/python pass-through: {by['worker-c2']['articles_per_s'] / python:.2f}x (goal >= 3)")
    print(f"ratio worker-c2/baseline: {by['worker-c2']['articles_per_s'] / by['baseline-c2']['articles_per_s']:.3f}")
    print(f"scaling worker-c2/worker-c1: {by['worker-c2']['articles_per_s'] / by['worker-c1']['articles_per_s']:.2f}x")
    print(f"scale-out 2 processes (c1 each)/worker-c1: "
          f"{by['workers-2x-c1']['articles_per_s'] / by['worker-c1']['articles_per_s']:.2f}x")
    if "worker-c2-big" in by:
        big = by["worker-c2-big"]
        print(f"peak RSS, full worker on a {big['articles']}-article backlog: {big['peak_rss_mb']:.0f} MB (goal <= 100)")
    c2 = by["worker-c2"]
    print(f"CPU while worker-c2 drains: worker {sum(c2['cores']):.2f} + broker {c2['broker_cores']:.2f} cores "
          f"of {os.cpu_count()}")
    (ROOT / "var" / "bench-e2e.json").write_text(json.dumps({"raw": raw, "runs": results}, indent=2))
    if any(r["exit"] != 0 for r in results):
        raise SystemExit("bench-e2e: a worker did not exit 0 on SIGTERM")


if __name__ == "__main__":
    main()
