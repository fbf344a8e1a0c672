import DatelineExtraction
@_spi(Testing) import DatelineKafka
import Logging
import ServiceLifecycle
import Synchronization

/// The long-lived worker behind `dateline run`: consume raw articles, extract on a thread pool, publish one
/// record (or dead letter) per article, commit at-least-once.
///
/// How a message travels (the design is written up in `docs/worker-runtime.md`):
/// 1. A dedicated poll thread takes batches from the group consumer into one queue per partition
///    (``PartitionScheduler``); fetched plus unacknowledged messages are bounded by
///    ``WorkerConfiguration/maxInFlight``, split evenly over the owned partitions (a partition at its share is
///    paused, and resumed at half of it).
/// 2. Messages go round-robin over the partitions to an ``ExtractionPool`` of ``WorkerConfiguration/concurrency``
///    slots (a concurrent Dispatch queue) that decodes and extracts.
/// 3. Results are produced strictly in input-offset order per partition, idempotent with `acks=all`. A delivery
///    that fails after librdkafka's retries, or a fatal producer error, replaces the producer
///    (``OutputProducer``) and sends everything unacknowledged again.
/// 4. Only an acknowledgement advances the partition's contiguous watermark (``CompletionTracker``), which is then
///    stored (`rd_kafka_offsets_store`) for the auto-commit timer.
///
/// Every decision is made by ``WorkerStateMachine``; ``WorkerSession`` performs its actions. Rebalances
/// (cooperative-sticky) drain revoked partitions for ``WorkerConfiguration/rebalanceDrainTimeout``, store and commit
/// what is safe, then release them; lost partitions are released without committing. A graceful stop stops
/// fetching, drains, flushes, commits and leaves the group.
public final class Worker: Service, Sendable {
    /// Live health for `/healthz` and `/readyz`.
    public let health: WorkerHealth
    private let configuration: WorkerConfiguration
    private let pipeline: ExtractionPipeline
    private let logger: Logger
    private let metrics: WorkerMetrics
    /// The running session, so ``shutdownGracefully()`` can reach it.
    private let session = Mutex<(session: WorkerSession?, stopRequested: Bool)>((nil, false))

    /// Creates a worker; nothing connects until ``run()``.
    ///
    /// - Parameters:
    ///   - configuration: Topics, group, limits and librdkafka properties.
    ///   - pipeline: The shared extraction pipeline.
    ///   - logger: The root logger; librdkafka's logs go here too.
    public init(configuration: WorkerConfiguration, pipeline: ExtractionPipeline, logger: Logger) {
        self.configuration = configuration
        self.pipeline = pipeline
        self.logger = logger
        self.health = WorkerHealth(rejoinThreshold: configuration.groupRejoinTimeout)
        self.metrics = WorkerMetrics(
            rejectionCodes: Self.rejectionCodes,
            topic: configuration.inputTopic,
            group: configuration.groupID
        )
    }

    /// Starts a graceful shutdown without a service group (tests, embedding): stop fetching, drain, flush,
    /// commit and leave the group; ``run()`` then returns.
    public func shutdownGracefully() {
        let session = self.session.withLock { current -> WorkerSession? in
            current.stopRequested = true
            return current.session
        }
        session?.requestStop(drain: true)
    }

    /// Makes the running worker's producer raise a fabricated fatal error (tests of the fatal path).
    @_spi(Testing)
    public func raiseFatalProducerErrorForTesting() {
        self.session.withLock { $0.session }?.output.withLive { producer, _ in
            producer.raiseFatalErrorForTesting(reason: "injected by a test")
        }
    }

    /// Every rejection code, for the `reason` label of the dead-letter counter.
    static let rejectionCodes: [String] = [
        ArticleRejection.Code.invalidUTF8, .empty, .oversize, .malformedJSON, .missingText, .pipelineError,
    ].map(\.rawValue)

    /// Runs until graceful shutdown (then drains, flushes, commits and leaves the group) or a fatal error.
    ///
    /// - Throws: ``KafkaError`` when the clients cannot be created or librdkafka reports a fatal error.
    public func run() async throws {
        let session: WorkerSession
        do {
            session = try WorkerSession(
                configuration: self.configuration,
                pipeline: self.pipeline,
                logger: self.logger,
                metrics: self.metrics,
                health: self.health
            )
        } catch {
            self.health.markFailed()
            throw error
        }
        let stopEarly = self.session.withLock { current -> Bool in
            current.session = session
            return current.stopRequested
        }
        if stopEarly {
            session.requestStop(drain: true)
        }
        try await withTaskCancellationHandler {
            try await withGracefulShutdownHandler {
                try await session.run()
            } onGracefulShutdown: {
                session.requestStop(drain: true)
            }
        } onCancel: {
            session.requestStop(drain: false)
        }
    }
}
