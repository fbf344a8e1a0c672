import CRdKafka
import Dispatch
import Logging

/// Reads a topic by assignment (no consumer group, nothing committed): tests, tools and `make run` use it to
/// print what the worker wrote.
public final class KafkaTopicReader: @unchecked Sendable {
    // @unchecked: one caller at a time (documented); the handle itself is thread-safe.
    private let client: RDKafkaClient
    /// Destroyed in `deinit` before the client, or `rd_kafka_destroy` would block.
    private let queue: OpaquePointer

    /// Creates a reader.
    ///
    /// - Parameters:
    ///   - brokers: Comma-separated `host:port` list.
    ///   - properties: Extra librdkafka properties (TLS, SASL).
    ///   - logger: Receives librdkafka's logs.
    /// - Throws: ``KafkaError`` when the client cannot be created.
    public init(
        brokers: String,
        properties: [String: String] = [:],
        logger: Logger = Logger(label: "dateline.reader")
    ) throws(KafkaError) {
        var all: [String: String] = [:]
        all["bootstrap.servers"] = brokers
        // librdkafka's assign() needs a group handle; the reader never subscribes or commits, so the group never
        // joins and nothing is written to the coordinator.
        all["group.id"] = "dateline-reader-\(UInt64.random(in: 0..<UInt64.max))"
        all["enable.auto.commit"] = "false"
        all["enable.partition.eof"] = "false"
        all["auto.offset.reset"] = "earliest"
        all.merge(properties) { _, new in new }
        let client = try RDKafkaClient(kind: .consumer, properties: all, logger: logger)
        self.client = client
        client.withPointer { _ = rd_kafka_poll_set_consumer($0) }
        self.queue = client.withPointer { rd_kafka_queue_get_consumer($0)! }
    }

    deinit {
        rd_kafka_queue_destroy(self.queue)
        self.client.withPointer { _ = rd_kafka_consumer_close($0) }
    }

    /// Assigns every partition of `topic` from `offset` (blocking metadata request).
    ///
    /// - Returns: The partition ids.
    /// - Throws: ``KafkaError`` when the topic does not exist or the assignment fails.
    @discardableResult
    public func assign(
        topic: String,
        from offset: Int64 = KafkaOffset.beginning,
        timeout: Duration = .seconds(10)
    ) throws(KafkaError) -> [Int32] {
        let partitions = try self.client.partitions(of: topic, timeout: timeout)
        let list = RDKafkaTopicPartitionList(
            partitions.map { KafkaTopicPartition(topic: topic, partition: $0) },
            offset: offset
        )
        let err = self.client.withPointer { handle in list.withPointer { rd_kafka_assign(handle, $0) } }
        guard err == RD_KAFKA_RESP_ERR_NO_ERROR else {
            throw KafkaError.rdKafka(.assignment, err, "assigning \(topic)")
        }
        return partitions
    }

    /// Takes up to `maxMessages` messages, waiting at most `timeout` (blocking).
    public func poll(maxMessages: Int = 1000, timeout: Duration = .milliseconds(200)) -> [KafkaMessage] {
        RDKafkaMessage.pollBatch(queue: self.queue, maximum: maxMessages, timeout: timeout).messages
    }

    /// The high watermark of each partition, asked of the leaders (blocking).
    public func highWatermarks(
        topic: String,
        partitions: [Int32],
        timeout: Duration = .seconds(10)
    ) throws(KafkaError) -> [Int32: Int64] {
        var result: [Int32: Int64] = [:]
        for partition in partitions {
            result[partition] = try self.client.queryWatermarks(topic: topic, partition: partition, timeout: timeout)
                .high
        }
        return result
    }

    // MARK: - One-shot reads

    /// Reads `topic` from the beginning until every partition reached its high watermark and nothing new
    /// arrived for `idleTimeout`.
    ///
    /// The idle wait also covers brokers that under-report the high watermark.
    /// - Parameters:
    ///   - brokers: Comma-separated `host:port` list.
    ///   - topic: The topic to read.
    ///   - idleTimeout: How long the topic must stay quiet at the end.
    ///   - timeout: The longest the whole read may take.
    ///   - properties: Extra librdkafka properties.
    /// - Returns: Every message read, in arrival order.
    /// - Throws: ``KafkaError`` when the topic does not exist, or with ``KafkaError/Code/timeout``.
    public static func readAll(
        brokers: String,
        topic: String,
        idleTimeout: Duration = .seconds(1),
        timeout: Duration = .seconds(60),
        properties: [String: String] = [:]
    ) async throws(KafkaError) -> [KafkaMessage] {
        try await Self.blocking { () throws(KafkaError) -> [KafkaMessage] in
            let reader = try KafkaTopicReader(brokers: brokers, properties: properties)
            let partitions = try reader.assign(topic: topic)
            let high = try reader.highWatermarks(topic: topic, partitions: partitions)
            var next: [Int32: Int64] = [:]
            var messages: [KafkaMessage] = []
            let clock = ContinuousClock()
            let deadline = clock.now.advanced(by: timeout)
            var lastArrival = clock.now
            while clock.now < deadline {
                let batch = reader.poll(maxMessages: 1000, timeout: .milliseconds(100))
                if !batch.isEmpty {
                    lastArrival = clock.now
                    messages += batch
                    for message in batch { next[message.partition] = message.offset + 1 }
                }
                let reached = partitions.allSatisfy { (next[$0] ?? 0) >= (high[$0] ?? 0) }
                if reached && clock.now - lastArrival >= idleTimeout {
                    return messages
                }
            }
            throw KafkaError(
                .timeout,
                "reading \(topic) did not reach the end within \(timeout) (\(messages.count) read)"
            )
        }
    }

    /// Reads `topic` from the beginning until `done` returns true for everything read so far.
    ///
    /// - Returns: Every message read.
    /// - Throws: ``KafkaError`` with ``KafkaError/Code/timeout`` when `done` never held.
    public static func read(
        brokers: String,
        topic: String,
        timeout: Duration = .seconds(60),
        properties: [String: String] = [:],
        until done: @escaping @Sendable ([KafkaMessage]) -> Bool
    ) async throws(KafkaError) -> [KafkaMessage] {
        try await Self.blocking { () throws(KafkaError) -> [KafkaMessage] in
            let reader = try KafkaTopicReader(brokers: brokers, properties: properties)
            try reader.assign(topic: topic)
            var messages: [KafkaMessage] = []
            let clock = ContinuousClock()
            let deadline = clock.now.advanced(by: timeout)
            while clock.now < deadline {
                messages += reader.poll(maxMessages: 1000, timeout: .milliseconds(100))
                if done(messages) { return messages }
            }
            throw KafkaError(.timeout, "reading \(topic): condition not met within \(timeout) (\(messages.count) read)")
        }
    }

    /// Runs a blocking body on its own dispatch thread, off the cooperative pool.
    static func blocking<T: Sendable>(
        _ body: @escaping @Sendable () throws(KafkaError) -> T
    ) async throws(KafkaError) -> T {
        let result: Result<T, KafkaError> = await withCheckedContinuation { continuation in
            DispatchQueue(label: "dateline.kafka.blocking").async {
                do throws(KafkaError) {
                    continuation.resume(returning: .success(try body()))
                } catch {
                    continuation.resume(returning: .failure(error))
                }
            }
        }
        return try result.get()
    }
}
