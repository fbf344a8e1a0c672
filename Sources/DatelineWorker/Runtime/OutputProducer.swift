@_spi(Testing) import DatelineKafka
import Logging
import Synchronization

/// The worker's current producer instance and its generation, replaceable while the worker runs.
///
/// A producer some broker has fenced (or that raised a fatal idempotence error) never delivers again; the
/// worker swaps in a fresh instance, which gets a new producer id, and the old one is purged and destroyed.
final class OutputProducer: Sendable {
    private let current: Mutex<(generation: UInt64, producer: KafkaProducer)>
    private let properties: [String: String]
    private let logger: Logger

    /// Creates generation 1.
    init(properties: [String: String], logger: Logger) throws(KafkaError) {
        self.properties = properties
        self.logger = logger
        self.current = Mutex((1, try KafkaProducer(properties: properties, logger: logger)))
    }

    /// The live generation.
    var generation: UInt64 {
        self.current.withLock { $0.generation }
    }

    /// Runs `body` with the live instance, under the lock that ``replace(with:configure:)`` takes to swap it.
    ///
    /// No reference to an instance escapes except through here, so the replaced one is released on the recovery
    /// queue: never on its own delivery-report thread, where destroying a librdkafka handle would deadlock.
    func withLive<T, E: Error>(_ body: (KafkaProducer, UInt64) throws(E) -> T) throws(E) -> T {
        try self.current.withLock { current throws(E) in try body(current.producer, current.generation) }
    }

    /// The live instance, for a blocking call (flush) that must not hold the lock. Only for threads that are not
    /// one of librdkafka's.
    var liveForBlockingCall: KafkaProducer {
        self.current.withLock { $0.producer }
    }

    /// Creates generation `generation`, makes it live, then purges and destroys the one it replaces (blocking:
    /// call it off the poll and pool threads).
    ///
    /// - Parameter configure: Installs handlers on the new instance before it goes live.
    func replace(
        with generation: UInt64,
        configure: (KafkaProducer, UInt64) -> Void
    ) throws(KafkaError) {
        let fresh = try KafkaProducer(properties: self.properties, logger: self.logger)
        configure(fresh, generation)
        let old = self.current.withLock { current -> KafkaProducer in
            let old = current.producer
            current = (generation, fresh)
            return old
        }
        let left = old.purge(timeout: .seconds(5))
        if left > 0 {
            self.logger.warning(
                "The replaced producer still had unacknowledged requests",
                metadata: ["kafka.outstanding": "\(left)"]
            )
        }
    }
}
