import CRdKafka
import Logging
import Synchronization

/// A consumer-group member for a single polling thread, with manual offset storage and a rebalance hook.
///
/// Design:
/// - `enable.auto.offset.store=false` is forced: offsets become committable only through ``store(_:)``;
///   the auto-commit timer then commits what was stored.
/// - Rebalances run the handler *inside* the poll call, on the polling thread: ``KafkaRebalanceEvent/assigned(_:)``
///   after the partitions were added, ``KafkaRebalanceEvent/revoking(_:lost:)`` *before* they are removed, so the
///   handler can drain work, store final offsets and ``commit()`` while it still owns them.
/// - Messages arrive in batches (`rd_kafka_consume_batch_queue`), copied into Swift values.
///
/// Only ``poll(maxMessages:timeout:)``, ``close()`` and the rebalance handler's calls must come from one thread;
/// ``store(_:)``, ``pause(_:)``, ``resume(_:)`` and the watermark getters are thread-safe, as librdkafka's are.
public final class KafkaGroupConsumer: @unchecked Sendable {
    private let client: RDKafkaClient
    /// The consumer queue (`rd_kafka_queue_get_consumer`); destroyed before the client, or destroy would block.
    private let queue: OpaquePointer
    private let logger: Logger
    private let closed = Atomic<Bool>(false)

    /// Dateline's consumer defaults for at-least-once processing of KB-sized articles (see the notes, section 3).
    ///
    /// - Parameters:
    ///   - brokers: Comma-separated `host:port` list.
    ///   - groupID: The consumer group.
    /// - Returns: Properties to start from; callers merge their own on top.
    public static func defaultProperties(brokers: String, groupID: String) -> [String: String] {
        [
            "bootstrap.servers": brokers,
            "group.id": groupID,
            "enable.auto.commit": "true",
            "enable.auto.offset.store": "false",
            "auto.commit.interval.ms": "1000",
            "auto.offset.reset": "earliest",
            "partition.assignment.strategy": "cooperative-sticky",
            // The prefetch bound per partition. librdkafka's own message-count threshold (`queued.min.messages`)
            // stays at its default: set to 1000 it cut a plain group consumer on a Kafka-compatible broker from
            // ~107,000 to ~2,000 messages/s, and the worker bounds what it holds itself (`maxInFlight`).
            "queued.max.messages.kbytes": "4096",
            // When a partition's prefetch reaches that bound, librdkafka waits this long before fetching it again
            // (1000 ms by default since 2.3): the worker then got its input in one burst a second and idled in
            // between (2,300 articles/s pass-through on a broker that gave raw clients 29,000/s). 10 ms keeps the
            // prefetch flowing at the cost of a few more fetch requests.
            "fetch.queue.backoff.ms": "10",
            "enable.partition.eof": "false",
            // An idle fetch waits this long for data. Kafka answers as soon as data arrives, but some
            // Kafka-compatible brokers (Tansu among them) hold every fetch for the full wait, which then adds
            // half of it to each article's latency: 100 ms instead of librdkafka's 500 ms keeps that small
            // at the cost of a few idle fetch requests per second.
            "fetch.wait.max.ms": "100",
            "socket.keepalive.enable": "true",
        ]
    }

    /// Creates the consumer; call ``subscribe(_:)`` next.
    ///
    /// - Parameters:
    ///   - properties: librdkafka properties; `enable.auto.offset.store` is forced to `false`.
    ///   - logger: Receives librdkafka's logs.
    /// - Throws: ``KafkaError`` when a property is invalid or the client cannot be created.
    public init(properties: [String: String], logger: Logger) throws(KafkaError) {
        var properties = properties
        properties["enable.auto.offset.store"] = "false"
        let client = try RDKafkaClient(kind: .consumer, properties: properties, logger: logger)
        self.client = client
        self.logger = logger
        // Route everything (rebalances, errors, commit results) to the consumer queue, served by our batch poll.
        client.withPointer { _ = rd_kafka_poll_set_consumer($0) }
        self.queue = client.withPointer { rd_kafka_queue_get_consumer($0)! }
    }

    deinit {
        rd_kafka_queue_destroy(self.queue)
        if !self.closed.load(ordering: .acquiring) {
            self.client.withPointer { _ = rd_kafka_consumer_close($0) }
        }
    }

    // MARK: - Handlers

    /// Installs the rebalance hook; call before ``subscribe(_:)``.
    ///
    /// The handler runs on the polling thread inside ``poll(maxMessages:timeout:)`` (or ``close()``).
    public func onRebalance(_ handler: @escaping @Sendable (KafkaRebalanceEvent) -> Void) {
        let logger = self.logger
        self.client.context.handlers.withLock {
            $0.rebalance = { handle, err, list in
                Self.rebalance(handle: handle, err: err, list: list, logger: logger, handler: handler)
            }
        }
    }

    /// Installs the offset-commit hook (auto commits and ``commit()``), run on the polling thread.
    ///
    /// The handler gets `nil` and the committed offsets on success, or the error.
    public func onCommit(_ handler: @escaping @Sendable (KafkaError?, [(KafkaTopicPartition, Int64)]) -> Void) {
        self.client.context.handlers.withLock {
            $0.commit = { error, entries in
                handler(
                    error,
                    entries.map { (KafkaTopicPartition(topic: $0.topic, partition: $0.partition), $0.offset) }
                )
            }
        }
    }

    /// Installs the error hook (broker trouble, fatal errors, per-partition consume errors).
    public func onError(_ handler: @escaping @Sendable (KafkaError) -> Void) {
        self.client.context.handlers.withLock { $0.error = handler }
    }

    private static func rebalance(
        handle: OpaquePointer,
        err: rd_kafka_resp_err_t,
        list: UnsafeMutablePointer<rd_kafka_topic_partition_list_t>?,
        logger: Logger,
        handler: @Sendable (KafkaRebalanceEvent) -> Void
    ) {
        let partitions = RDKafkaTopicPartitionList.entries(of: list).map {
            KafkaTopicPartition(topic: $0.topic, partition: $0.partition)
        }
        let cooperative = String(cString: rd_kafka_rebalance_protocol(handle)) == "COOPERATIVE"
        switch err {
        case RD_KAFKA_RESP_ERR__ASSIGN_PARTITIONS:
            if cooperative {
                if let error = rd_kafka_incremental_assign(handle, list) {
                    logger.error(
                        "incremental assign failed",
                        metadata: ["error": "\(KafkaError.consuming(.assignment, error, "assign"))"]
                    )
                }
            } else {
                let result = rd_kafka_assign(handle, list)
                if result != RD_KAFKA_RESP_ERR_NO_ERROR {
                    logger.error(
                        "assign failed",
                        metadata: ["error": "\(KafkaError.rdKafka(.assignment, result, "assign"))"]
                    )
                }
            }
            handler(.assigned(partitions))
        case RD_KAFKA_RESP_ERR__REVOKE_PARTITIONS:
            handler(.revoking(partitions, lost: rd_kafka_assignment_lost(handle) != 0))
            if cooperative {
                if let error = rd_kafka_incremental_unassign(handle, list) {
                    logger.error(
                        "incremental unassign failed",
                        metadata: ["error": "\(KafkaError.consuming(.assignment, error, "unassign"))"]
                    )
                }
            } else {
                _ = rd_kafka_assign(handle, nil)
            }
        default:
            // An error during the rebalance: drop the whole assignment without committing, as librdkafka advises.
            // In cooperative mode librdkafka refuses `rd_kafka_assign` (`ERR__STATE`) and would go on waiting for
            // the application's unassign, so the partitions go through `incremental_unassign` there.
            logger.warning(
                "rebalance error",
                metadata: ["error": "\(KafkaError.rdKafka(.assignment, err, "rebalance"))"]
            )
            handler(.revoking(partitions, lost: true))
            if cooperative {
                if let error = rd_kafka_incremental_unassign(handle, list) {
                    logger.error(
                        "incremental unassign failed",
                        metadata: ["error": "\(KafkaError.consuming(.assignment, error, "unassign"))"]
                    )
                }
            } else {
                _ = rd_kafka_assign(handle, nil)
            }
        }
    }

    // MARK: - Consuming

    /// Subscribes to `topics`; partitions arrive through the rebalance hook.
    ///
    /// - Throws: ``KafkaError`` when librdkafka rejects the subscription.
    public func subscribe(_ topics: [String]) throws(KafkaError) {
        let list = RDKafkaTopicPartitionList(capacity: topics.count)
        for topic in topics {
            list.add(topic: topic, partition: -1, offset: KafkaOffset.invalid)
        }
        let err = self.client.withPointer { handle in list.withPointer { rd_kafka_subscribe(handle, $0) } }
        guard err == RD_KAFKA_RESP_ERR_NO_ERROR else {
            throw KafkaError.rdKafka(.assignment, err, "subscribing to \(topics.joined(separator: ","))")
        }
    }

    /// Drops the subscription: the assignment is revoked through the rebalance hook (served by the next polls),
    /// then the member leaves the group. A ``subscribe(_:)`` right after it is held by librdkafka until that
    /// revoke completed, and then joins the group as a new member, which makes the coordinator rebalance.
    ///
    /// - Throws: ``KafkaError`` when librdkafka refuses.
    public func unsubscribe() throws(KafkaError) {
        let err = self.client.withPointer { rd_kafka_unsubscribe($0) }
        guard err == RD_KAFKA_RESP_ERR_NO_ERROR else {
            throw KafkaError.rdKafka(.assignment, err, "unsubscribing")
        }
    }

    /// Takes up to `maxMessages` messages, waiting at most `timeout` for the first one.
    ///
    /// Serves rebalance, commit and error callbacks as a side effect. Call it even while every partition is
    /// paused: `max.poll.interval.ms` is about this call. Per-partition errors go to the error hook.
    /// - Returns: The messages, in fetch order (ascending offsets within a partition).
    public func poll(maxMessages: Int, timeout: Duration) -> [KafkaMessage] {
        // rd_kafka_consume_batch_queue waits until the batch is full or the timeout passes, which would hold a
        // trickle of messages back by up to `timeout`. Take what is queued; block only for a first message.
        var (messages, errors) = RDKafkaMessage.pollBatch(queue: self.queue, maximum: maxMessages, timeout: .zero)
        if messages.isEmpty && errors.isEmpty {
            (messages, errors) = RDKafkaMessage.pollBatch(queue: self.queue, maximum: 1, timeout: timeout)
            if !messages.isEmpty && maxMessages > 1 {
                let rest = RDKafkaMessage.pollBatch(queue: self.queue, maximum: maxMessages - 1, timeout: .zero)
                messages += rest.messages
                errors += rest.errors
            }
        }
        if !errors.isEmpty, let handler = self.client.context.handlers.withLock({ $0.error }) {
            for error in errors { handler(error) }
        }
        return messages
    }

    // MARK: - Offsets

    /// Stores offsets for the auto-commit timer (`rd_kafka_offsets_store`); pass `last processed + 1`.
    ///
    /// - Parameter offsets: The next offset to consume, per partition.
    /// - Returns: The partitions librdkafka refused (`ERR__STATE`: no longer assigned), empty when all were stored.
    @discardableResult
    public func store(_ offsets: [(KafkaTopicPartition, Int64)]) -> [KafkaTopicPartition] {
        guard !offsets.isEmpty else { return [] }
        let list = RDKafkaTopicPartitionList(capacity: offsets.count)
        for (partition, offset) in offsets {
            list.add(topic: partition.topic, partition: partition.partition, offset: offset)
        }
        let err = self.client.withPointer { handle in list.withPointer { rd_kafka_offsets_store(handle, $0) } }
        guard err != RD_KAFKA_RESP_ERR_NO_ERROR else { return [] }
        return list.entries.filter { $0.error != 0 }.map {
            KafkaTopicPartition(topic: $0.topic, partition: $0.partition)
        }
    }

    /// Commits the stored offsets of the current assignment now and waits for the result.
    ///
    /// - Throws: ``KafkaError`` when the commit fails; "nothing to commit" is not an error.
    public func commit() throws(KafkaError) {
        let err = self.client.withPointer { rd_kafka_commit($0, nil, 0) }
        guard err == RD_KAFKA_RESP_ERR_NO_ERROR || err == RD_KAFKA_RESP_ERR__NO_OFFSET else {
            throw KafkaError.rdKafka(.commit, err, "committing stored offsets")
        }
    }

    /// The committed offsets of `partitions`, asked of the group coordinator (blocking).
    ///
    /// - Returns: The committed offset per partition; ``KafkaOffset/invalid`` when nothing is committed.
    public func committed(
        _ partitions: [KafkaTopicPartition],
        timeout: Duration
    ) throws(KafkaError) -> [KafkaTopicPartition: Int64] {
        let list = RDKafkaTopicPartitionList(partitions)
        let err = self.client.withPointer { handle in
            list.withPointer { rd_kafka_committed(handle, $0, Int32(timeout.milliseconds)) }
        }
        guard err == RD_KAFKA_RESP_ERR_NO_ERROR else {
            throw KafkaError.rdKafka(.commit, err, "reading committed offsets")
        }
        var result: [KafkaTopicPartition: Int64] = [:]
        for entry in list.entries {
            result[KafkaTopicPartition(topic: entry.topic, partition: entry.partition)] = entry.offset
        }
        return result
    }

    /// The group's committed offset and the watermarks of every partition of `topic`, whoever owns them
    /// (blocking: a metadata request, an offset fetch from the group coordinator, a list-offsets request per
    /// partition). Works on brokers whose group descriptions do not list members.
    ///
    /// Thread-safe; call it off the polling thread, as the requests wait for the network.
    /// - Parameters:
    ///   - topic: The subscribed topic.
    ///   - timeout: The timeout of each request.
    /// - Returns: Per partition, the committed offset (`nil` when none is committed) and the watermarks.
    /// - Throws: ``KafkaError`` when a request fails.
    public func groupProgress(
        topic: String,
        timeout: Duration
    ) throws(KafkaError) -> [Int32: (committed: Int64?, watermarks: KafkaWatermarks)] {
        let partitions = try self.client.partitions(of: topic, timeout: timeout)
        let committed = try self.committed(
            partitions.map { KafkaTopicPartition(topic: topic, partition: $0) },
            timeout: timeout
        )
        var result: [Int32: (committed: Int64?, watermarks: KafkaWatermarks)] = [:]
        for partition in partitions {
            let (low, high) = try self.client.queryWatermarks(topic: topic, partition: partition, timeout: timeout)
            let offset = committed[KafkaTopicPartition(topic: topic, partition: partition)] ?? KafkaOffset.invalid
            result[partition] = (offset >= 0 ? offset : nil, KafkaWatermarks(low: low, high: high))
        }
        return result
    }

    /// The last known high watermark of a partition, from fetch responses (no request; `nil` before the first fetch).
    public func cachedHighWatermark(_ partition: KafkaTopicPartition) -> Int64? {
        var low: Int64 = -1
        var high: Int64 = -1
        let err = self.client.withPointer {
            rd_kafka_get_watermark_offsets($0, partition.topic, partition.partition, &low, &high)
        }
        guard err == RD_KAFKA_RESP_ERR_NO_ERROR, high >= 0 else { return nil }
        return high
    }

    /// The consume position of a partition (the offset of the next message to be returned), if known (no request).
    public func position(_ partition: KafkaTopicPartition) -> Int64? {
        let list = RDKafkaTopicPartitionList([partition])
        let err = self.client.withPointer { handle in list.withPointer { rd_kafka_position(handle, $0) } }
        guard err == RD_KAFKA_RESP_ERR_NO_ERROR, let entry = list.entries.first, entry.offset >= 0 else { return nil }
        return entry.offset
    }

    // MARK: - Flow control

    /// Stops fetching `partitions`; already-fetched messages of them are discarded by librdkafka and refetched
    /// from the consumed position on ``resume(_:)``.
    public func pause(_ partitions: [KafkaTopicPartition]) {
        guard !partitions.isEmpty else { return }
        let list = RDKafkaTopicPartitionList(partitions)
        let err = self.client.withPointer { handle in list.withPointer { rd_kafka_pause_partitions(handle, $0) } }
        if err != RD_KAFKA_RESP_ERR_NO_ERROR {
            self.logger.warning("pause failed", metadata: ["error": "\(KafkaError.rdKafka(.assignment, err, "pause"))"])
        }
    }

    /// Restarts fetching `partitions`; resume only partitions you paused.
    public func resume(_ partitions: [KafkaTopicPartition]) {
        guard !partitions.isEmpty else { return }
        let list = RDKafkaTopicPartitionList(partitions)
        let err = self.client.withPointer { handle in list.withPointer { rd_kafka_resume_partitions(handle, $0) } }
        if err != RD_KAFKA_RESP_ERR_NO_ERROR {
            self.logger.warning(
                "resume failed",
                metadata: ["error": "\(KafkaError.rdKafka(.assignment, err, "resume"))"]
            )
        }
    }

    /// Whether the last revoke happened because the assignment was lost (`rd_kafka_assignment_lost`).
    public var isAssignmentLost: Bool {
        self.client.withPointer { rd_kafka_assignment_lost($0) != 0 }
    }

    /// The fatal error raised on this consumer, if any.
    public var fatalError: KafkaError? { self.client.fatalError() }

    // MARK: - Closing

    /// Leaves the group: runs the final revoke through the rebalance hook, commits, closes (blocking).
    ///
    /// - Throws: ``KafkaError`` when librdkafka reports an error while closing.
    public func close() throws(KafkaError) {
        guard self.closed.exchange(true, ordering: .acquiringAndReleasing) == false else { return }
        let err = self.client.withPointer { rd_kafka_consumer_close($0) }
        guard err == RD_KAFKA_RESP_ERR_NO_ERROR else {
            throw KafkaError.rdKafka(.consume, err, "closing the consumer")
        }
    }
}
