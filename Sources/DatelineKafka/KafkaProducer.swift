import CRdKafka
import Dispatch
import Logging
import Synchronization

/// A thread-safe producer with per-message delivery reports.
///
/// One dedicated thread serves delivery reports (`rd_kafka_poll`), so ``send(topic:key:value:headers:partition:)``
/// resumes as soon as the broker acknowledged the message. Share one instance per process.
public final class KafkaProducer: Sendable {
    private let client: RDKafkaClient
    private let poller: PollingThread
    private let logger: Logger

    /// Dateline's producer defaults: idempotent, `acks=all`, a bounded delivery timeout.
    ///
    /// - Parameter brokers: Comma-separated `host:port` list.
    /// - Returns: Properties to start from; callers merge their own on top.
    public static func defaultProperties(brokers: String) -> [String: String] {
        [
            "bootstrap.servers": brokers,
            "enable.idempotence": "true",
            "acks": "all",
            "linger.ms": "5",
            "message.timeout.ms": "120000",
            "socket.keepalive.enable": "true",
        ]
    }

    /// Creates the producer and starts its delivery-report thread.
    ///
    /// - Parameters:
    ///   - properties: librdkafka properties (see ``defaultProperties(brokers:)``).
    ///   - logger: Receives librdkafka's logs.
    /// - Throws: ``KafkaError`` when a property is invalid or the client cannot be created.
    public init(properties: [String: String], logger: Logger) throws(KafkaError) {
        let client = try RDKafkaClient(kind: .producer, properties: properties, logger: logger, deliveryReports: true)
        self.client = client
        self.logger = logger
        self.poller = PollingThread(name: "dateline-producer-poll") {
            client.withPointer { _ = rd_kafka_poll($0, 100) }
        }
    }

    deinit {
        self.poller.stop()
    }

    /// Installs a handler for errors librdkafka reports outside a delivery report (fatal idempotence errors,
    /// all brokers down).
    public func onError(_ handler: @escaping @Sendable (KafkaError) -> Void) {
        self.client.context.handlers.withLock { $0.error = handler }
    }

    /// Enqueues one message; `onDelivery` runs once on the producer's poll thread with the broker's answer.
    ///
    /// - Parameters:
    ///   - topic: The destination topic.
    ///   - key: The key, or `nil`.
    ///   - value: The value.
    ///   - headers: Headers to attach.
    ///   - partition: A fixed partition, or `nil` to let the key decide.
    ///   - onDelivery: Called exactly once when the enqueue succeeded, never when this method throws.
    /// - Throws: ``KafkaError`` with code ``KafkaError/Code/queueFull`` when the local queue is full (retry after
    ///   a short wait), or another code when the message cannot be enqueued at all.
    public func produce(
        topic: String,
        key: [UInt8]?,
        value: [UInt8],
        headers: [KafkaHeader] = [],
        partition: Int32? = nil,
        onDelivery: @escaping @Sendable (Result<KafkaDelivery, KafkaError>) -> Void
    ) throws(KafkaError) {
        let id = self.client.context.register(onDelivery)
        var headerList: OpaquePointer? = nil
        if !headers.isEmpty {
            headerList = rd_kafka_headers_new(headers.count)
            for header in headers {
                if let bytes = header.value {
                    bytes.withUnsafeBytes { buffer in
                        _ = rd_kafka_header_add(headerList, header.name, -1, buffer.baseAddress, buffer.count)
                    }
                } else {
                    _ = rd_kafka_header_add(headerList, header.name, -1, nil, 0)
                }
            }
        }
        let err = self.client.withPointer { handle in
            value.withUnsafeBytes { valueBuffer in
                Self.withOptionalBytes(key) { keyPointer, keyCount in
                    c_rdkafka_produce(
                        handle,
                        topic,
                        partition ?? c_rdkafka_partition_unassigned(),
                        keyPointer,
                        keyCount,
                        valueBuffer.baseAddress,
                        valueBuffer.count,
                        headerList,
                        UnsafeMutableRawPointer(bitPattern: id)
                    )
                }
            }
        }
        guard err == RD_KAFKA_RESP_ERR_NO_ERROR else {
            // Not enqueued: the headers and the handler are still ours.
            if let headerList { rd_kafka_headers_destroy(headerList) }
            _ = self.client.context.takeDelivery(id)
            throw KafkaError.rdKafka(.produce, err, "could not enqueue a message for '\(topic)'")
        }
    }

    /// Sends one message and waits for the broker's acknowledgement.
    ///
    /// A full local queue is waited out (backpressure); any other failure is thrown.
    /// - Parameters:
    ///   - topic: The destination topic.
    ///   - key: The key, or `nil`.
    ///   - value: The value.
    ///   - headers: Headers to attach.
    ///   - partition: A fixed partition, or `nil` to let the key decide.
    /// - Returns: Where the broker stored the message.
    /// - Throws: ``KafkaError`` when the message cannot be enqueued or its delivery fails.
    @discardableResult
    public func send(
        topic: String,
        key: [UInt8]?,
        value: [UInt8],
        headers: [KafkaHeader] = [],
        partition: Int32? = nil
    ) async throws(KafkaError) -> KafkaDelivery {
        while true {
            let result: Result<KafkaDelivery, KafkaError> = await withCheckedContinuation { continuation in
                do throws(KafkaError) {
                    try self.produce(topic: topic, key: key, value: value, headers: headers, partition: partition) {
                        continuation.resume(returning: $0)
                    }
                } catch {
                    continuation.resume(returning: .failure(error))
                }
            }
            switch result {
            case .success(let delivery):
                return delivery
            case .failure(let error) where error.code == .queueFull:
                try? await Task.sleep(for: .milliseconds(20))
            case .failure(let error):
                throw error
            }
        }
    }

    /// Sends one message with string key and value (test and tool convenience).
    @discardableResult
    public func send(
        topic: String,
        key: String?,
        value: String,
        headers: [KafkaHeader] = []
    ) async throws(KafkaError) -> KafkaDelivery {
        try await self.send(topic: topic, key: key.map { Array($0.utf8) }, value: Array(value.utf8), headers: headers)
    }

    /// Waits until every enqueued message has its delivery report, on a thread off the cooperative pool.
    ///
    /// - Parameter timeout: The longest wait.
    /// - Throws: ``KafkaError`` with code ``KafkaError/Code/timeout`` when messages are still outstanding.
    public func flush(timeout: Duration = .seconds(30)) async throws(KafkaError) {
        let remaining: Int = await withCheckedContinuation { continuation in
            DispatchQueue.global().async {
                continuation.resume(returning: self.flushBlocking(timeout: timeout))
            }
        }
        if remaining > 0 {
            throw KafkaError(.timeout, "\(remaining) messages were still unacknowledged after \(timeout)")
        }
    }

    /// Blocking form of ``flush(timeout:)`` for callers already on a dedicated thread.
    ///
    /// - Returns: The number of messages still outstanding (0 when everything was acknowledged).
    public func flushBlocking(timeout: Duration) -> Int {
        self.client.withPointer { handle in
            _ = rd_kafka_flush(handle, Int32(timeout.milliseconds))
            return Int(rd_kafka_outq_len(handle))
        }
    }

    /// Drops every message not yet acknowledged, queued or in flight (`rd_kafka_purge`), and waits up to
    /// `timeout` for their delivery reports (each fails with a purge error).
    ///
    /// For a producer being replaced: its in-flight requests are abandoned so that nothing it still holds lands
    /// after what its successor sends. A purged in-flight record may still have been written (a duplicate).
    /// - Returns: The number of messages still outstanding.
    @discardableResult
    public func purge(timeout: Duration) -> Int {
        self.client.withPointer { handle in
            _ = rd_kafka_purge(handle, Int32(RD_KAFKA_PURGE_F_QUEUE | RD_KAFKA_PURGE_F_INFLIGHT))
            _ = rd_kafka_flush(handle, Int32(timeout.milliseconds))
            return Int(rd_kafka_outq_len(handle))
        }
    }

    /// Messages and requests not yet acknowledged (`rd_kafka_outq_len`).
    public var outstanding: Int {
        self.client.withPointer { Int(rd_kafka_outq_len($0)) }
    }

    /// Raises a fabricated fatal error (`rd_kafka_test_fatal_error`), so tests can check fatal-error handling.
    @_spi(Testing)
    public func raiseFatalErrorForTesting(reason: String) {
        self.client.withPointer {
            _ = rd_kafka_test_fatal_error($0, RD_KAFKA_RESP_ERR_OUT_OF_ORDER_SEQUENCE_NUMBER, reason)
        }
    }

    /// The fatal error raised on this producer, if any (idempotence failures are fatal).
    public var fatalError: KafkaError? { self.client.fatalError() }

    private static func withOptionalBytes<T>(
        _ bytes: [UInt8]?,
        _ body: (UnsafeRawPointer?, Int) -> T
    ) -> T {
        guard let bytes else { return body(nil, 0) }
        return bytes.withUnsafeBytes { body($0.baseAddress, $0.count) }
    }
}
