#!/usr/bin/env python3
"""The comparison worker of `make bench-e2e`: a plain confluent-kafka consume → produce → commit loop, no extraction.

What a careful Python pass-through worker does for at-least-once delivery: poll a batch, produce each message
unchanged (key, value, a `dateline-source` header) with an idempotent producer, and commit the batch's offsets only
after every delivery report of the batch arrived (flush). Runs until SIGTERM.

    python_passthrough_worker.py BROKERS INPUT OUTPUT GROUP
"""
import signal
import sys

from confluent_kafka import Consumer, Producer, TopicPartition


def main():
    brokers, source, destination, group = sys.argv[1:5]
    running = True

    def stop(*_):
        nonlocal running
        running = False

    signal.signal(signal.SIGTERM, stop)
    consumer = Consumer({"bootstrap.servers": brokers, "group.id": group, "enable.auto.commit": False,
                         "auto.offset.reset": "earliest", "session.timeout.ms": 6000,
                         "fetch.wait.max.ms": 100})
    producer = Producer({"bootstrap.servers": brokers, "enable.idempotence": True, "acks": "all", "linger.ms": 5})
    consumer.subscribe([source])
    while running:
        batch = consumer.consume(num_messages=500, timeout=0.2)
        offsets = {}
        for message in batch:
            if message.error():
                continue
            header = f"{message.topic()}/{message.partition()}/{message.offset()}".encode()
            while True:
                try:
                    producer.produce(destination, key=message.key(), value=message.value(),
                                     headers=[("dateline-source", header)])
                    break
                except BufferError:
                    producer.poll(0.01)
            offsets[message.partition()] = message.offset() + 1
        if offsets:
            producer.flush()
            consumer.commit(offsets=[TopicPartition(source, p, o) for p, o in offsets.items()], asynchronous=False)
    producer.flush(10)
    consumer.close()


if __name__ == "__main__":
    main()
