import DatelineKafka
import Dispatch
import Logging
import Synchronization

/// Copies dead letters back to a topic byte for byte, streaming, with its progress committed in its own
/// consumer group so that a re-run never copies a message twice.
///
/// Why not `consume | produce`: that decodes values as text, splits them at newlines, drops keys and headers and
/// holds the topic in memory. Here each batch of at most ``Options/batchSize`` messages is produced with its key,
/// value and headers as received (only `dateline-error` is dropped: the worker adds a fresh one if the article
/// fails again), the batch's delivery reports are awaited, and only then its offsets are committed. A crash
/// between acknowledgement and commit can duplicate at most one batch; nothing acknowledged-but-uncommitted is lost.
///
/// The run ends when every partition reached the high watermark it had at the start, so dead letters that arrive
/// meanwhile wait for the next run.
struct DeadLetterRedrive: Sendable {
    /// What to copy, where to, and how.
    struct Options: Sendable {
        /// The dead-letter topic to read.
        var source: String
        /// The topic to copy to, normally the worker's input topic.
        var destination: String
        /// Copy only dead letters whose `dateline-error` starts with `<reason>:`; `nil` copies all.
        var reason: String?
        /// Count what would be copied; copy and commit nothing.
        ///
        /// Default: `false`.
        var dryRun = false
        /// The consumer group that holds the redrive's progress.
        ///
        /// Default: `dateline-redrive`.
        var group = Self.defaultGroup
        /// Messages copied between commits; bounds memory together with librdkafka's prefetch.
        ///
        /// Default: 500.
        var batchSize = 500
        /// Give up when no message arrived for this long while partitions are still short of their end.
        ///
        /// Default: 60 seconds.
        var idleTimeout: Duration = .seconds(60)

        /// The redrive's own group, distinct from the workers'.
        static let defaultGroup = "dateline-redrive"

        init(source: String, destination: String) {
            self.source = source
            self.destination = destination
        }
    }

    /// Headers added by dead-lettering that are not copied back.
    static let droppedHeaders: Set<String> = ["dateline-error"]

    var options: Options
    /// Properties for the consumer (security and pass-through); `group.id` and offset handling are overridden.
    var consumerProperties: [String: String]
    /// Properties for the producer and admin handles.
    var producerProperties: [String: String]
    var logger: Logger

    /// The error code of a dead letter: its `dateline-error` header up to the first `:`.
    ///
    /// - Returns: The code, or `nil` when the header is missing.
    static func reasonCode(of message: KafkaMessage) -> String? {
        guard let error = message.header("dateline-error") else { return nil }
        guard let colon = error.firstIndex(of: ":") else { return error }
        return String(error[..<colon])
    }

    /// Runs the copy to the end of the source topic.
    ///
    /// - Returns: The counts.
    /// - Throws: ``KafkaError`` when a client fails, ``CommandFailure`` when a copy is not acknowledged (nothing of
    ///   that batch is committed, so a re-run retries it) or when the topic stays silent past the idle timeout.
    func run() async throws -> RedriveReport {
        let brokers = self.producerProperties["bootstrap.servers"] ?? "localhost:9092"
        let admin = try KafkaAdmin(brokers: brokers, properties: self.producerProperties, logger: self.logger)
        let watermarks = try await admin.watermarks(topic: self.options.source)
        let committed = try await admin.committedOffsets(group: self.options.group, topic: self.options.source)
        var report = RedriveReport(dryRun: self.options.dryRun)

        var progress = RedriveProgress()
        for (partition, range) in watermarks {
            let start = max(committed[partition] ?? KafkaOffset.invalid, range.low)
            if start < range.high { progress.pending[partition] = (next: start, end: range.high) }
        }
        self.logger.info(
            "Redrive starting",
            metadata: [
                "kafka.topic": "\(self.options.source)",
                "kafka.topic.destination": "\(self.options.destination)",
                "kafka.group": "\(self.options.group)",
                "redrive.partitions.pending": "\(progress.pending.count)",
            ]
        )
        guard !progress.pending.isEmpty else { return report }

        var consumerProperties = KafkaGroupConsumer.defaultProperties(brokers: brokers, groupID: self.options.group)
        consumerProperties.merge(self.consumerProperties) { _, new in new }
        consumerProperties["group.id"] = self.options.group
        // Progress is committed by hand, after the copies were acknowledged; a group without offsets starts at
        // the beginning whatever the workers' pass-through says.
        consumerProperties["enable.auto.commit"] = "false"
        consumerProperties["auto.offset.reset"] = "earliest"
        let consumer = try KafkaGroupConsumer(properties: consumerProperties, logger: self.logger)
        let errors = FirstFailure()
        consumer.onError { error in
            if error.isFatal { errors.record(error) }
        }
        try consumer.subscribe([self.options.source])

        var producer: KafkaProducer? = nil
        if !self.options.dryRun {
            var properties = KafkaProducer.defaultProperties(brokers: brokers)
            properties.merge(self.producerProperties) { _, new in new }
            producer = try KafkaProducer(properties: properties, logger: self.logger)
        }

        let queue = DispatchQueue(label: "dateline-redrive-consumer")
        do {
            try await self.copy(
                consumer: consumer,
                producer: producer,
                queue: queue,
                errors: errors,
                progress: &progress,
                report: &report
            )
        } catch {
            try? await Self.offPool(queue) { () throws(KafkaError) in try consumer.close() }
            throw error
        }
        try await Self.offPool(queue) { () throws(KafkaError) in try consumer.close() }
        self.logger.info("Redrive finished", metadata: ["redrive.summary": "\(report.summary)"])
        return report
    }

    /// The batch loop: poll, copy, await acknowledgements, commit, until every partition reached its end.
    private func copy(
        consumer: KafkaGroupConsumer,
        producer: KafkaProducer?,
        queue: DispatchQueue,
        errors: FirstFailure,
        progress: inout RedriveProgress,
        report: inout RedriveReport
    ) async throws {
        var lastProgress = ContinuousClock.now
        while !progress.pending.isEmpty {
            if let fatal = errors.first { throw fatal }
            let batchSize = self.options.batchSize
            let messages = await Self.offPool(queue) {
                consumer.poll(maxMessages: batchSize, timeout: .milliseconds(250))
            }
            var batch = RedriveBatch()
            for message in messages {
                guard let window = progress.pending[message.partition], message.offset < window.end else {
                    // Written after the run started: the next run's.
                    continue
                }
                report.read += 1
                batch.next[message.partition] = message.offset + 1
                if let reason = self.options.reason, Self.reasonCode(of: message) != reason {
                    report.skipped[Self.reasonCode(of: message) ?? "none", default: 0] += 1
                    continue
                }
                report.copied += 1
                if let producer {
                    try await batch.copy(message, to: self.options.destination, with: producer)
                }
            }
            if let producer, batch.enqueued > 0 {
                try await producer.flush(timeout: .seconds(120))
                if let failed = batch.failures.first {
                    throw CommandFailure(
                        "a copy to '\(self.options.destination)' was not acknowledged (\(failed)); this batch was not "
                            + "committed, run redrive again to retry it"
                    )
                }
            }
            if !batch.next.isEmpty {
                lastProgress = .now
                progress.advance(batch.next)
                if !self.options.dryRun {
                    let offsets = batch.next.map {
                        (KafkaTopicPartition(topic: self.options.source, partition: $0.key), $0.value)
                    }
                    let refused = try await Self.offPool(queue) { () throws(KafkaError) in
                        let refused = consumer.store(offsets)
                        try consumer.commit()
                        return refused
                    }
                    if !refused.isEmpty {
                        // Another member took the partitions mid-batch (a second redrive in the same group): the
                        // copies stand, but their progress could not be recorded.
                        throw CommandFailure(
                            "partitions \(refused) were reassigned before their progress was committed; their last "
                                + "batch may be copied again by the next run. Run one redrive per group at a time"
                        )
                    }
                }
            }
            // The position also moves past records the broker never returns (transaction markers).
            for partition in progress.pending.keys {
                let topicPartition = KafkaTopicPartition(topic: self.options.source, partition: partition)
                if let position = consumer.position(topicPartition) {
                    progress.advance([partition: position])
                }
            }
            if messages.isEmpty && ContinuousClock.now - lastProgress > self.options.idleTimeout {
                throw CommandFailure(
                    "no dead letters arrived for \(self.options.idleTimeout) while partitions "
                        + "\(progress.pending.keys.sorted()) of '\(self.options.source)' are short of their end"
                )
            }
        }
    }

    /// Runs a blocking librdkafka call on the redrive's serial queue, never on the cooperative pool.
    private static func offPool<T: Sendable, E: Error>(
        _ queue: DispatchQueue,
        _ body: @escaping @Sendable () throws(E) -> T
    ) async throws(E) -> T {
        let result: Result<T, E> = await withCheckedContinuation { continuation in
            queue.async {
                continuation.resume(returning: Result { () throws(E) in try body() })
            }
        }
        return try result.get()
    }
}

/// Which offsets each unfinished partition has reached and where it ends.
private struct RedriveProgress {
    /// The next offset to read and the high watermark at the start, per partition not yet finished.
    var pending: [Int32: (next: Int64, end: Int64)] = [:]

    /// Moves partitions forward; a partition whose next offset reached its end is finished.
    mutating func advance(_ next: [Int32: Int64]) {
        for (partition, offset) in next {
            guard let window = self.pending[partition] else { continue }
            let moved = max(window.next, offset)
            self.pending[partition] = moved >= window.end ? nil : (moved, window.end)
        }
    }
}

/// One batch of copies: how many were enqueued, the first failed delivery, the offsets to commit after it.
private struct RedriveBatch {
    var enqueued = 0
    let failures = FirstFailure()
    /// The offset after the last message read, per partition.
    var next: [Int32: Int64] = [:]

    /// Enqueues one exact copy; librdkafka's full queue is waited out.
    mutating func copy(_ message: KafkaMessage, to topic: String, with producer: KafkaProducer) async throws {
        let headers = message.headers.filter { !DeadLetterRedrive.droppedHeaders.contains($0.name) }
        let failures = self.failures
        while try !Self.enqueue(message, headers: headers, to: topic, with: producer, failures: failures) {
            // librdkafka's backpressure: let delivery reports drain the queue, then retry.
            try await Task.sleep(for: .milliseconds(10))
        }
        self.enqueued += 1
    }

    /// - Returns: `false` when the local queue is full.
    /// - Throws: ``KafkaError`` when the message cannot be enqueued at all.
    private static func enqueue(
        _ message: KafkaMessage,
        headers: [KafkaHeader],
        to topic: String,
        with producer: KafkaProducer,
        failures: FirstFailure
    ) throws(KafkaError) -> Bool {
        do {
            try producer.produce(topic: topic, key: message.key, value: message.value, headers: headers) { result in
                if case .failure(let error) = result { failures.record(error) }
            }
            return true
        } catch {
            guard error.code == .queueFull else { throw error }
            return false
        }
    }
}

/// The first error reported from librdkafka's threads (delivery reports, the consumer's error hook).
private final class FirstFailure: Sendable {
    private let error = Mutex<KafkaError?>(nil)

    /// The first error recorded, if any.
    var first: KafkaError? { self.error.withLock { $0 } }

    /// Keeps `error` unless an earlier one was recorded.
    func record(_ error: KafkaError) {
        self.error.withLock { $0 = $0 ?? error }
    }
}
