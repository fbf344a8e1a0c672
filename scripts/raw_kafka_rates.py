#!/usr/bin/env python3
"""The broker's own speed for `make bench-e2e`: raw librdkafka clients (confluent-kafka), no worker logic.

    raw_kafka_rates.py BROKERS TOPIC COUNT     (TOPIC must be new and have the benchmark's partition count)

Produces COUNT keyed 2.5 KB records with an idempotent producer (acks=all) and times it to the last delivery report,
then reads them back with a group consumer from the beginning and times that. Prints one JSON object.
"""
import json
import sys
import time

from confluent_kafka import Consumer, Producer


def main():
    brokers, topic, count = sys.argv[1], sys.argv[2], int(sys.argv[3])
    producer = Producer({"bootstrap.servers": brokers, "enable.idempotence": True, "acks": "all", "linger.ms": 5})
    value = b"x" * 2500
    started = time.time()
    for index in range(count):
        while True:
            try:
                producer.produce(topic, key=f"raw-{index}".encode(), value=value)
                break
            except BufferError:
                producer.poll(0.01)
        producer.poll(0)
    producer.flush(120)
    produce_rate = count / (time.time() - started)

    consumer = Consumer({"bootstrap.servers": brokers, "group.id": f"raw-{time.time()}", "auto.offset.reset": "earliest",
                         "enable.auto.commit": False, "session.timeout.ms": 6000})
    consumer.subscribe([topic])
    seen, first = 0, None
    deadline = time.time() + 120
    while seen < count and time.time() < deadline:
        for message in consumer.consume(num_messages=1000, timeout=0.5):
            if message.error():
                continue
            if first is None:
                first = time.time()
            seen += 1
    consume_rate = seen / max(1e-6, time.time() - (first or time.time()))
    consumer.close()
    print(json.dumps({"produce_per_s": produce_rate, "consume_per_s": consume_rate, "consumed": seen}))


if __name__ == "__main__":
    main()
