import CRdKafka

/// The one error type of the Kafka layer.
///
/// It keeps librdkafka's own code and flags (``rdKafkaCode``, ``isFatal``, ``isRetriable``) so callers can
/// decide between "retry", "dead-letter" and "stop the process"; its ``description`` goes into logs.
public struct KafkaError: Error, Sendable, CustomStringConvertible {
    /// The closed set of things that can go wrong in the Kafka layer.
    public enum Code: String, Sendable, Hashable {
        /// A librdkafka property was rejected.
        case configuration
        /// `rd_kafka_new` failed.
        case clientCreation = "client-creation"
        /// The linked librdkafka is older than required.
        case unsupportedVersion = "unsupported-version"
        /// Enqueueing a message failed (other than a full queue).
        case produce
        /// The producer queue is full: back off, serve delivery reports, retry.
        case queueFull = "queue-full"
        /// The broker did not acknowledge a message.
        case delivery
        /// Consuming failed.
        case consume
        /// Storing or committing offsets failed.
        case commit
        /// Subscribing, assigning or pausing failed.
        case assignment
        /// An admin request failed.
        case admin
        /// A request did not finish in time.
        case timeout
        /// librdkafka raised a fatal error; the client cannot continue.
        case fatal
        /// The client was already closed.
        case closed
        /// The topic or partition does not exist.
        case unknownTopic = "unknown-topic"
    }

    /// What failed.
    public var code: Code
    /// What failed and, where possible, how to fix it.
    public var message: String
    /// librdkafka's `rd_kafka_resp_err_t` value, when the error came from librdkafka.
    public var rdKafkaCode: Int32?
    /// librdkafka marks this error fatal: the client instance is unusable.
    public var isFatal: Bool
    /// Retrying the same operation may succeed.
    public var isRetriable: Bool
    /// Where the error was created.
    public var file: String
    /// Where the error was created.
    public var line: Int

    /// Creates an error.
    ///
    /// - Parameters:
    ///   - code: What failed.
    ///   - message: What failed and how to fix it.
    ///   - rdKafkaCode: librdkafka's code, if any.
    ///   - isFatal: Whether the client is unusable.
    ///   - isRetriable: Whether a retry may succeed.
    public init(
        _ code: Code,
        _ message: String,
        rdKafkaCode: Int32? = nil,
        isFatal: Bool = false,
        isRetriable: Bool = false,
        file: String = #fileID,
        line: Int = #line
    ) {
        self.code = code
        self.message = message
        self.rdKafkaCode = rdKafkaCode
        self.isFatal = isFatal
        self.isRetriable = isRetriable
        self.file = file
        self.line = line
    }

    /// `code: message`, e.g. `delivery: Local: Message timed out`.
    public var description: String { "\(self.code.rawValue): \(self.message)" }

    // MARK: - From librdkafka

    /// Wraps a `rd_kafka_resp_err_t`, with its text from `rd_kafka_err2str`.
    static func rdKafka(
        _ code: Code,
        _ err: rd_kafka_resp_err_t,
        _ context: String,
        file: String = #fileID,
        line: Int = #line
    ) -> KafkaError {
        let text = String(cString: rd_kafka_err2str(err))
        let finalCode: Code =
            err == RD_KAFKA_RESP_ERR__QUEUE_FULL ? .queueFull : (err == RD_KAFKA_RESP_ERR__FATAL ? .fatal : code)
        return KafkaError(
            finalCode,
            "\(context): \(text)",
            rdKafkaCode: err.rawValue,
            isFatal: err == RD_KAFKA_RESP_ERR__FATAL,
            isRetriable: Self.isTransient(err),
            file: file,
            line: line
        )
    }

    /// Wraps a `rd_kafka_error_t` and destroys it, since the caller owns it.
    static func consuming(
        _ code: Code,
        _ error: OpaquePointer,
        _ context: String,
        file: String = #fileID,
        line: Int = #line
    ) -> KafkaError {
        defer { rd_kafka_error_destroy(error) }
        return Self.reading(code, error, context, file: file, line: line)
    }

    /// Wraps a `rd_kafka_error_t` without destroying it (for errors owned by a result object).
    static func reading(
        _ code: Code,
        _ error: OpaquePointer,
        _ context: String,
        file: String = #fileID,
        line: Int = #line
    ) -> KafkaError {
        let text = rd_kafka_error_string(error).map { String(cString: $0) } ?? "unknown error"
        let isFatal = rd_kafka_error_is_fatal(error) != 0
        return KafkaError(
            isFatal ? .fatal : code,
            "\(context): \(text)",
            rdKafkaCode: rd_kafka_error_code(error).rawValue,
            isFatal: isFatal,
            isRetriable: rd_kafka_error_is_retriable(error) != 0,
            file: file,
            line: line
        )
    }

    /// Errors that go away on their own: broker or network trouble, timeouts, leader changes.
    static func isTransient(_ err: rd_kafka_resp_err_t) -> Bool {
        switch err {
        case RD_KAFKA_RESP_ERR__TRANSPORT, RD_KAFKA_RESP_ERR__ALL_BROKERS_DOWN, RD_KAFKA_RESP_ERR__TIMED_OUT,
            RD_KAFKA_RESP_ERR__MSG_TIMED_OUT, RD_KAFKA_RESP_ERR__QUEUE_FULL, RD_KAFKA_RESP_ERR__TIMED_OUT_QUEUE,
            RD_KAFKA_RESP_ERR_REQUEST_TIMED_OUT, RD_KAFKA_RESP_ERR_NOT_LEADER_FOR_PARTITION,
            RD_KAFKA_RESP_ERR_LEADER_NOT_AVAILABLE, RD_KAFKA_RESP_ERR_NOT_ENOUGH_REPLICAS,
            RD_KAFKA_RESP_ERR_NOT_ENOUGH_REPLICAS_AFTER_APPEND, RD_KAFKA_RESP_ERR_NETWORK_EXCEPTION,
            RD_KAFKA_RESP_ERR_COORDINATOR_NOT_AVAILABLE, RD_KAFKA_RESP_ERR_NOT_COORDINATOR,
            RD_KAFKA_RESP_ERR_COORDINATOR_LOAD_IN_PROGRESS, RD_KAFKA_RESP_ERR__RESOLVE,
            RD_KAFKA_RESP_ERR_UNKNOWN_TOPIC_OR_PART, RD_KAFKA_RESP_ERR__UNKNOWN_PARTITION:
            return true
        default:
            return false
        }
    }
}
