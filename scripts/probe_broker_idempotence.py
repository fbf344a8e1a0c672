#!/usr/bin/env python3
"""Does a broker keep every record it acknowledged to an idempotent producer across a delivery timeout?

A probe with a client that is not Dateline (confluent-kafka, its own bundled librdkafka), so a finding is about
the broker, not about the worker. It starts a Tansu broker, produces N keyed records to a 4-partition topic with
a delivery timeout shorter than a broker stall (SIGSTOP, then SIGCONT), then reads the topic back from the
beginning and compares: every record whose delivery report said "delivered" must be in the log.

    .venv/bin/python scripts/probe_broker_idempotence.py [--idempotence true|false] [--stall 2.5] [--timeout-ms 1500]

Prints delivered / failed / read back / acknowledged-but-missing, and the producer errors seen.
"""
import argparse
import collections
import os
import pathlib
import signal
import socket
import subprocess
import time

from confluent_kafka import Consumer, Producer, TopicPartition

ROOT = pathlib.Path(__file__).resolve().parent.parent
TANSU = os.environ.get("DATELINE_TANSU", str(ROOT / ".venv" / "bin" / "tansu"))


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--idempotence", default="true")
    parser.add_argument("--records", type=int, default=20000)
    parser.add_argument("--stall", type=float, default=2.5)
    parser.add_argument("--timeout-ms", type=int, default=1500)
    args = parser.parse_args()

    address = f"127.0.0.1:{free_port()}"
    (ROOT / "var").mkdir(exist_ok=True)
    log = open(ROOT / "var" / "probe-tansu.log", "w")
    url = f"tcp://{address}"
    broker = subprocess.Popen([TANSU, "broker", "--listener-url", url, "--advertised-listener-url", url],
                              stdout=log, stderr=subprocess.STDOUT)
    try:
        for _ in range(100):
            try:
                socket.create_connection(("127.0.0.1", int(address.split(":")[1])), timeout=0.2).close()
                break
            except OSError:
                time.sleep(0.1)
        subprocess.run([TANSU, "topic", "create", "probe", "--partitions", "4", "--broker", url], check=True,
                       stdout=log, stderr=subprocess.STDOUT)
        delivered, failed, errors = set(), set(), collections.Counter()

        def report(err, msg):
            key = msg.key().decode()
            if err is None:
                delivered.add(key)
            else:
                failed.add(key)
                errors[err.name()] += 1

        producer = Producer({"bootstrap.servers": address, "enable.idempotence": args.idempotence, "acks": "all",
                             "linger.ms": 5, "message.timeout.ms": args.timeout_ms,
                             "error_cb": lambda e: errors.update([f"error_cb:{e.name()}"])})
        value = b"x" * 2500
        stalled = False
        for index in range(args.records):
            while True:
                try:
                    producer.produce("probe", key=f"k{index}".encode(), value=value, on_delivery=report)
                    break
                except BufferError:
                    producer.poll(0.01)
            producer.poll(0)
            if not stalled and index == args.records // 3:
                broker.send_signal(signal.SIGSTOP)
                time.sleep(args.stall)
                broker.send_signal(signal.SIGCONT)
                stalled = True
        producer.flush(60)
        # After the stall: does the same producer deliver again?
        for index in range(args.records, args.records + 1000):
            producer.produce("probe", key=f"k{index}".encode(), value=value, on_delivery=report)
            producer.poll(0)
        producer.flush(60)
        after = sum(1 for index in range(args.records, args.records + 1000) if f"k{index}" in delivered)

        consumer = Consumer({"bootstrap.servers": address, "group.id": "probe-reader", "enable.auto.commit": False})
        consumer.assign([TopicPartition("probe", p, 0) for p in range(4)])
        stored, idle_since = collections.Counter(), time.time()
        while time.time() - idle_since < 5:
            message = consumer.poll(0.5)
            if message is None or message.error():
                continue
            stored[message.key().decode()] += 1
            idle_since = time.time()
        consumer.close()
        missing = sorted(delivered - set(stored), key=lambda k: int(k[1:]))
        print(f"idempotence={args.idempotence} stall={args.stall}s message.timeout.ms={args.timeout_ms}")
        print(f"produced {args.records}: delivered {len(delivered)}, failed {len(failed)}, "
              f"read back {len(stored)} distinct ({sum(stored.values())} records)")
        failed_ranges = sorted(int(k[1:]) for k in failed)
        print(f"failed keys: {failed_ranges[:1]}..{failed_ranges[-1:]}; after the stall the same producer "
              f"delivered {after} of 1000 new records")
        print(f"acknowledged but missing from the log: {len(missing)} {missing[:10]}")
        print(f"errors: {dict(errors)}")
    finally:
        broker.send_signal(signal.SIGCONT)
        broker.kill()


if __name__ == "__main__":
    main()
