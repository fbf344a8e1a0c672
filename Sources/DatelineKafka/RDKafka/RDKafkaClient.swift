import CRdKafka
import Logging
import Synchronization

/// Receives what librdkafka reports through callbacks on behalf of one client handle.
///
/// librdkafka gets an unretained pointer to this object as its opaque; ``RDKafkaClient`` keeps the only strong
/// reference and destroys the handle before releasing it, so the pointer is valid for every callback.
final class RDKafkaClientContext: Sendable {
    /// Called on the polling thread with the rebalance event; the consumer installs it before subscribing.
    typealias RebalanceHandler =
        @Sendable (
            OpaquePointer, rd_kafka_resp_err_t, UnsafeMutablePointer<rd_kafka_topic_partition_list_t>?
        ) -> Void
    /// Called after each (auto or manual) offset commit.
    typealias CommitHandler = @Sendable (KafkaError?, [RDKafkaTopicPartitionList.Entry]) -> Void
    /// Called with every error librdkafka reports through `error_cb`.
    typealias ErrorHandler = @Sendable (KafkaError) -> Void
    /// Called once per produced message with its delivery report.
    typealias DeliveryHandler = @Sendable (Result<KafkaDelivery, KafkaError>) -> Void

    struct Handlers {
        var rebalance: RebalanceHandler?
        var commit: CommitHandler?
        var error: ErrorHandler?
    }

    struct Deliveries {
        var nextID: UInt = 1
        var pending: [UInt: DeliveryHandler] = [:]
    }

    let logger: Logger
    let handlers = Mutex(Handlers())
    let deliveries = Mutex(Deliveries())

    init(logger: Logger) {
        self.logger = logger
    }

    /// Registers a delivery handler and returns the id to pass as the message opaque.
    func register(_ handler: @escaping DeliveryHandler) -> UInt {
        self.deliveries.withLock { table in
            let id = table.nextID
            table.nextID &+= 1
            if table.nextID == 0 { table.nextID = 1 }
            table.pending[id] = handler
            return id
        }
    }

    /// Removes and returns the handler for `id` (exactly once).
    func takeDelivery(_ id: UInt) -> DeliveryHandler? {
        self.deliveries.withLock { $0.pending.removeValue(forKey: id) }
    }

    /// Messages handed to librdkafka whose delivery report has not arrived yet.
    var pendingDeliveries: Int {
        self.deliveries.withLock { $0.pending.count }
    }
}

/// Owns one `rd_kafka_t` handle (producer or consumer) and the context its callbacks reach.
///
/// librdkafka handles are thread-safe; this class is `@unchecked Sendable` because its only stored state is the
/// immutable handle pointer and the `Sendable` context.
final class RDKafkaClient: @unchecked Sendable {
    enum Kind {
        case producer
        case consumer
    }

    /// The handle; valid until `deinit`.
    private let pointer: OpaquePointer
    /// Declared after the handle: released only after `deinit` destroyed the handle.
    let context: RDKafkaClientContext
    let logger: Logger
    let kind: Kind

    /// Creates a handle from `properties`.
    ///
    /// - Parameters:
    ///   - kind: Producer or consumer.
    ///   - properties: librdkafka properties; applied with `rd_kafka_conf_set`.
    ///   - logger: Receives librdkafka's log lines.
    ///   - deliveryReports: Install the delivery-report callback (producers).
    /// - Throws: ``KafkaError`` when a property is rejected or `rd_kafka_new` fails.
    init(kind: Kind, properties: [String: String], logger: Logger, deliveryReports: Bool = false) throws(KafkaError) {
        let context = RDKafkaClientContext(logger: logger)
        let config = try RDKafkaConfig(properties: properties)
        config.withPointer { conf in
            rd_kafka_conf_set_opaque(conf, Unmanaged.passUnretained(context).toOpaque())
            rd_kafka_conf_set_log_cb(conf, rdKafkaLogCallback)
            rd_kafka_conf_set_error_cb(conf, rdKafkaErrorCallback)
            if kind == .consumer {
                rd_kafka_conf_set_rebalance_cb(conf, rdKafkaRebalanceCallback)
                rd_kafka_conf_set_offset_commit_cb(conf, rdKafkaCommitCallback)
            }
            if deliveryReports {
                rd_kafka_conf_set_dr_msg_cb(conf, rdKafkaDeliveryCallback)
            }
        }
        var errorText = [CChar](repeating: 0, count: 512)
        let handle = config.withPointer { conf in
            rd_kafka_new(kind == .producer ? RD_KAFKA_PRODUCER : RD_KAFKA_CONSUMER, conf, &errorText, errorText.count)
        }
        guard let handle else {
            // rd_kafka_new failed: the configuration is still ours and `config.deinit` frees it.
            let reason = String(decoding: errorText.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
            throw KafkaError(.clientCreation, "could not create the librdkafka client: \(reason)")
        }
        // Success: the handle owns the configuration now.
        config.release()
        self.pointer = handle
        self.context = context
        self.logger = logger
        self.kind = kind
    }

    deinit {
        // Blocks until librdkafka's threads are gone; every message, event, queue and list must already be freed.
        rd_kafka_destroy(self.pointer)
    }

    /// Runs `body` with the handle. Do not escape the pointer.
    func withPointer<T, E: Error>(_ body: (OpaquePointer) throws(E) -> T) throws(E) -> T {
        try body(self.pointer)
    }

    /// The client name librdkafka chose (`rdkafka#consumer-1`), for logs.
    var name: String { String(cString: rd_kafka_name(self.pointer)) }

    /// The fatal error raised on this handle, if any.
    func fatalError() -> KafkaError? {
        var text = [CChar](repeating: 0, count: 512)
        let err = rd_kafka_fatal_error(self.pointer, &text, text.count)
        guard err != RD_KAFKA_RESP_ERR_NO_ERROR else { return nil }
        let reason = String(decoding: text.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
        return KafkaError(.fatal, "fatal librdkafka error: \(reason)", rdKafkaCode: err.rawValue, isFatal: true)
    }

    // MARK: - Blocking metadata helpers

    /// The partition ids of `topic`, from a metadata request for all topics (so that no topic gets auto-created).
    func partitions(of topic: String, timeout: Duration) throws(KafkaError) -> [Int32] {
        var metadata: UnsafePointer<rd_kafka_metadata>?
        let err = rd_kafka_metadata(self.pointer, 1, nil, &metadata, Int32(timeout.milliseconds))
        guard err == RD_KAFKA_RESP_ERR_NO_ERROR, let metadata else {
            throw KafkaError.rdKafka(.admin, err, "metadata request for topic '\(topic)' failed")
        }
        defer { rd_kafka_metadata_destroy(metadata) }
        for index in 0..<Int(metadata.pointee.topic_cnt) {
            let entry = metadata.pointee.topics[index]
            guard String(cString: entry.topic) == topic else { continue }
            if entry.err != RD_KAFKA_RESP_ERR_NO_ERROR {
                throw KafkaError.rdKafka(.unknownTopic, entry.err, "topic '\(topic)'")
            }
            return (0..<Int(entry.partition_cnt)).map { entry.partitions[$0].id }.sorted()
        }
        throw KafkaError(.unknownTopic, "topic '\(topic)' does not exist; create it first")
    }

    /// The low and high watermarks of one partition, asked of the leader.
    func queryWatermarks(
        topic: String,
        partition: Int32,
        timeout: Duration
    ) throws(KafkaError) -> (low: Int64, high: Int64) {
        var low: Int64 = 0
        var high: Int64 = 0
        let err = rd_kafka_query_watermark_offsets(
            self.pointer,
            topic,
            partition,
            &low,
            &high,
            Int32(timeout.milliseconds)
        )
        guard err == RD_KAFKA_RESP_ERR_NO_ERROR else {
            throw KafkaError.rdKafka(.admin, err, "watermarks of \(topic)/\(partition)")
        }
        return (low, high)
    }
}

extension Duration {
    /// Whole milliseconds, clamped to `Int32` for librdkafka's `timeout_ms` parameters.
    var milliseconds: Int {
        let (seconds, attoseconds) = self.components
        let value = seconds * 1000 + attoseconds / 1_000_000_000_000_000
        return Int(max(0, min(value, Int64(Int32.max))))
    }
}

// MARK: - C callbacks

/// The context behind a handle's opaque pointer.
private func context(of handle: OpaquePointer?) -> RDKafkaClientContext? {
    guard let handle, let opaque = rd_kafka_opaque(handle) else { return nil }
    return Unmanaged<RDKafkaClientContext>.fromOpaque(opaque).takeUnretainedValue()
}

/// Routes librdkafka's log lines (syslog levels) to swift-log; runs on librdkafka's threads.
private func rdKafkaLogCallback(
    _ handle: OpaquePointer?,
    _ level: Int32,
    _ facility: UnsafePointer<CChar>?,
    _ text: UnsafePointer<CChar>?
) {
    guard let context = context(of: handle) else { return }
    let swiftLevel: Logger.Level
    switch level {
    case ...2: swiftLevel = .critical
    case 3: swiftLevel = .error
    case 4: swiftLevel = .warning
    case 5: swiftLevel = .notice
    case 6: swiftLevel = .info
    default: swiftLevel = .debug
    }
    let facilityName = facility.map { String(cString: $0) } ?? "rdkafka"
    context.logger.log(
        level: swiftLevel,
        "\(text.map { String(cString: $0) } ?? "")",
        source: "librdkafka.\(facilityName)"
    )
}

private func rdKafkaErrorCallback(
    _ handle: OpaquePointer?,
    _ code: Int32,
    _ reason: UnsafePointer<CChar>?,
    _ opaque: UnsafeMutableRawPointer?
) {
    guard let opaque else { return }
    let context = Unmanaged<RDKafkaClientContext>.fromOpaque(opaque).takeUnretainedValue()
    let err = rd_kafka_resp_err_t(rawValue: code)
    var error = KafkaError.rdKafka(.consume, err, reason.map { String(cString: $0) } ?? "librdkafka error")
    if err == RD_KAFKA_RESP_ERR__FATAL, let handle {
        var text = [CChar](repeating: 0, count: 512)
        let original = rd_kafka_fatal_error(handle, &text, text.count)
        let detail = String(decoding: text.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
        error = KafkaError(.fatal, "fatal librdkafka error: \(detail)", rdKafkaCode: original.rawValue, isFatal: true)
    }
    if let handler = context.handlers.withLock({ $0.error }) {
        handler(error)
    } else {
        context.logger.warning("librdkafka error", metadata: ["error": "\(error)"])
    }
}

private func rdKafkaRebalanceCallback(
    _ handle: OpaquePointer?,
    _ err: rd_kafka_resp_err_t,
    _ partitions: UnsafeMutablePointer<rd_kafka_topic_partition_list_t>?,
    _ opaque: UnsafeMutableRawPointer?
) {
    guard let handle, let opaque else { return }
    let context = Unmanaged<RDKafkaClientContext>.fromOpaque(opaque).takeUnretainedValue()
    if let handler = context.handlers.withLock({ $0.rebalance }) {
        handler(handle, err, partitions)
    } else {
        // Nobody listens: behave like librdkafka's default handling.
        let cooperative = String(cString: rd_kafka_rebalance_protocol(handle)) == "COOPERATIVE"
        if err == RD_KAFKA_RESP_ERR__ASSIGN_PARTITIONS {
            if cooperative {
                if let error = rd_kafka_incremental_assign(handle, partitions) { rd_kafka_error_destroy(error) }
            } else {
                _ = rd_kafka_assign(handle, partitions)
            }
        } else if cooperative {
            if let error = rd_kafka_incremental_unassign(handle, partitions) { rd_kafka_error_destroy(error) }
        } else {
            _ = rd_kafka_assign(handle, nil)
        }
    }
}

private func rdKafkaCommitCallback(
    _ handle: OpaquePointer?,
    _ err: rd_kafka_resp_err_t,
    _ offsets: UnsafeMutablePointer<rd_kafka_topic_partition_list_t>?,
    _ opaque: UnsafeMutableRawPointer?
) {
    guard let opaque else { return }
    let context = Unmanaged<RDKafkaClientContext>.fromOpaque(opaque).takeUnretainedValue()
    guard let handler = context.handlers.withLock({ $0.commit }) else { return }
    let entries = RDKafkaTopicPartitionList.entries(of: offsets)
    if err == RD_KAFKA_RESP_ERR_NO_ERROR || err == RD_KAFKA_RESP_ERR__NO_OFFSET {
        handler(nil, err == RD_KAFKA_RESP_ERR__NO_OFFSET ? [] : entries)
    } else {
        handler(KafkaError.rdKafka(.commit, err, "offset commit failed"), entries)
    }
}

private func rdKafkaDeliveryCallback(
    _ handle: OpaquePointer?,
    _ message: UnsafePointer<rd_kafka_message_t>?,
    _ opaque: UnsafeMutableRawPointer?
) {
    guard let opaque, let message else { return }
    let context = Unmanaged<RDKafkaClientContext>.fromOpaque(opaque).takeUnretainedValue()
    let id = UInt(bitPattern: message.pointee._private)
    guard id != 0, let handler = context.takeDelivery(id) else { return }
    let topic = message.pointee.rkt.map { String(cString: rd_kafka_topic_name($0)) } ?? ""
    if message.pointee.err == RD_KAFKA_RESP_ERR_NO_ERROR {
        handler(
            .success(KafkaDelivery(topic: topic, partition: message.pointee.partition, offset: message.pointee.offset))
        )
    } else {
        handler(.failure(KafkaError.rdKafka(.delivery, message.pointee.err, "delivery to '\(topic)' failed")))
    }
}
