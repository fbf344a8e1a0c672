import CoreMetrics
import DatelineExtraction
@_spi(Testing) import DatelineKafka
import Dispatch
import Foundation
import Logging
import Synchronization

/// One run of the worker: the clients, the pool, the tracker and the poll thread.
///
/// Threads: the poll thread (consumer, rebalances, flow control, shutdown), the pool threads (extraction and
/// publication), and librdkafka's producer poll thread (delivery reports). They share ``State`` under one mutex;
/// offsets are stored while holding it, so a revoke (which takes it too) fences late acknowledgements.
final class WorkerSession: Sendable {
    struct State {
        var tracker = CompletionTracker<Publication>()
        var pausedByUs: Set<KafkaTopicPartition> = []
        /// Keep every owned partition paused (over the in-flight bound, or stopping).
        var pauseAll = false
        var stopRequested = false
        var drainOnStop = true
        var stopRequestedAt: ContinuousClock.Instant?
        var failure: KafkaError?
        var lastProgress = ContinuousClock.now
        var continuation: CheckedContinuation<Void, any Error>?
        var finished = false
    }

    private let configuration: WorkerConfiguration
    private let pipeline: ExtractionPipeline
    private let decoder: ArticleDecoder
    private let logger: Logger
    private let metrics: WorkerMetrics
    private let health: WorkerHealth
    private let consumer: KafkaGroupConsumer
    let producer: KafkaProducer
    private let pool: WorkerPool
    private let retryQueue = DispatchQueue(label: "dateline.worker.retry")
    private let state = Mutex(State())

    init(
        configuration: WorkerConfiguration,
        pipeline: ExtractionPipeline,
        logger: Logger,
        metrics: WorkerMetrics,
        health: WorkerHealth
    ) throws(KafkaError) {
        self.configuration = configuration
        self.pipeline = pipeline
        self.decoder = ArticleDecoder(maxBytes: configuration.maxMessageBytes)
        self.logger = logger
        self.metrics = metrics
        self.health = health

        let clientID = "dateline-\(ProcessInfo.processInfo.hostName)"
        var consumerProperties = KafkaGroupConsumer.defaultProperties(
            brokers: configuration.brokers,
            groupID: configuration.groupID
        )
        consumerProperties["client.id"] = clientID
        consumerProperties.merge(configuration.kafkaProperties) { _, new in new }
        var producerProperties = KafkaProducer.defaultProperties(brokers: configuration.brokers)
        producerProperties["client.id"] = clientID
        // Dead letters carry the original value, which may be as large as the oversize limit.
        producerProperties["message.max.bytes"] = String(max(1_048_576, configuration.maxMessageBytes + 65_536))
        producerProperties.merge(configuration.kafkaProperties.filter { !Self.consumerOnly.contains($0.key) }) {
            _,
            new in new
        }
        logger.info(
            "Kafka client configuration",
            metadata: [
                "kafka.consumer.config": "\(KafkaProperties.redacted(consumerProperties))",
                "kafka.producer.config": "\(KafkaProperties.redacted(producerProperties))",
            ]
        )
        self.producer = try KafkaProducer(properties: producerProperties, logger: logger)
        self.consumer = try KafkaGroupConsumer(properties: consumerProperties, logger: logger)
        self.pool = WorkerPool(threads: configuration.concurrency, name: "dateline-extract")
    }

    /// Consumer properties that only produce warnings on a producer.
    static let consumerOnly: Set<String> = [
        "group.id", "session.timeout.ms", "heartbeat.interval.ms", "max.poll.interval.ms", "auto.offset.reset",
        "enable.auto.commit", "auto.commit.interval.ms", "enable.auto.offset.store", "partition.assignment.strategy",
        "queued.max.messages.kbytes", "queued.min.messages", "fetch.max.bytes", "fetch.message.max.bytes",
        "fetch.wait.max.ms", "fetch.min.bytes", "isolation.level", "enable.partition.eof", "group.instance.id",
        "group.protocol", "group.remote.assignor", "check.crcs", "allow.auto.create.topics",
        "max.partition.fetch.bytes",
        "coordinator.query.interval.ms", "consume.callback.max.messages",
    ]

    // MARK: - Running

    /// Starts the poll thread and waits until it finished (or the shutdown deadline passed).
    func run() async throws {
        self.consumer.onRebalance { [weak self] event in self?.rebalanced(event) }
        self.consumer.onCommit { [weak self] error, offsets in self?.committed(error, offsets) }
        self.consumer.onError { [weak self] error in self?.clientError(error, client: "consumer") }
        self.producer.onError { [weak self] error in self?.clientError(error, client: "producer") }
        try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, any Error>) in
            let alreadyFinished = self.state.withLock { state in
                if state.finished { return true }
                state.continuation = continuation
                return false
            }
            if alreadyFinished {
                continuation.resume()
                return
            }
            let thread = Thread { [self] in
                self.pollLoop()
            }
            thread.name = "dateline-poll"
            thread.start()
        }
    }

    /// Asks the poll loop to stop; with `drain`, in-flight work is finished first (M9).
    func requestStop(drain: Bool) {
        let grace = self.configuration.shutdownGracePeriod
        let first = self.state.withLock { state -> Bool in
            let first = !state.stopRequested
            state.stopRequested = true
            state.drainOnStop = state.drainOnStop && drain
            if first { state.stopRequestedAt = .now }
            return first
        }
        guard first else { return }
        self.health.markStopping()
        self.logger.notice("Stopping the worker", metadata: ["worker.drain": "\(drain)"])
        // The outer deadline: if closing hangs (broker gone mid-rebalance), return anyway so the process exits.
        self.retryQueue.asyncAfter(deadline: .now() + .milliseconds(grace.wholeMilliseconds)) { [weak self] in
            guard let self else { return }
            // A fatal error still fails the run (non-zero exit) even when closing hangs.
            if self.finish(error: self.state.withLock { $0.failure }) {
                self.logger.error("Shutdown grace period passed before the consumer closed; exiting anyway")
            }
        }
    }

    /// Resumes `run()` once. Returns whether this call did it.
    @discardableResult
    private func finish(error: KafkaError?) -> Bool {
        let continuation = self.state.withLock { state -> CheckedContinuation<Void, any Error>? in
            guard !state.finished else { return nil }
            state.finished = true
            defer { state.continuation = nil }
            return state.continuation
        }
        guard let continuation else { return false }
        if let error {
            continuation.resume(throwing: error)
        } else {
            continuation.resume()
        }
        return true
    }

    private func fail(_ error: KafkaError) {
        let first = self.state.withLock { state -> Bool in
            guard state.failure == nil else { return false }
            state.failure = error
            return true
        }
        guard first else { return }
        self.logger.critical("Fatal Kafka error; the worker stops", metadata: ["error": "\(error)"])
        self.health.markFailed()
        self.requestStop(drain: false)
    }

    // MARK: - Poll thread

    private func pollLoop() {
        do {
            try self.consumer.subscribe([self.configuration.inputTopic])
        } catch {
            self.fail(error)
            self.finish(error: error)
            return
        }
        self.health.markStarted()
        self.logger.info(
            "Worker polling",
            metadata: [
                "kafka.topic": "\(self.configuration.inputTopic)", "kafka.group": "\(self.configuration.groupID)",
            ]
        )
        let clock = ContinuousClock()
        var lastHousekeeping = clock.now
        let maxInFlight = max(1, self.configuration.maxInFlight)
        while true {
            let (stop, inFlight, lastProgress) = self.state.withLock { state in
                (state.stopRequested, state.tracker.inFlight, state.lastProgress)
            }
            if stop { break }
            self.health.markPolled(oldestInFlightSince: inFlight > 0 ? lastProgress : nil)
            self.adjustFlowControl(inFlight: inFlight, limit: maxInFlight)
            let budget = max(1, min(self.configuration.pollBatchSize, maxInFlight - inFlight))
            let messages = self.consumer.poll(maxMessages: budget, timeout: .milliseconds(100))
            for message in messages {
                self.dispatch(message)
            }
            if clock.now - lastHousekeeping >= .seconds(1) {
                lastHousekeeping = clock.now
                self.housekeeping()
            }
        }
        self.shutdownSequence()
    }

    /// Pauses every owned partition at the in-flight bound; resumes what we paused once below half of it (M3).
    private func adjustFlowControl(inFlight: Int, limit: Int) {
        var toPause: [KafkaTopicPartition] = []
        var toResume: [KafkaTopicPartition] = []
        self.state.withLock { state in
            if inFlight >= limit {
                state.pauseAll = true
            } else if inFlight <= limit / 2 && !state.stopRequested {
                state.pauseAll = false
            }
            if state.pauseAll {
                toPause = state.tracker.ownedPartitions.filter { !state.pausedByUs.contains($0) }
                state.pausedByUs.formUnion(toPause)
            } else if !state.pausedByUs.isEmpty {
                toResume = Array(state.pausedByUs)
                state.pausedByUs.removeAll()
            }
        }
        if !toPause.isEmpty {
            self.consumer.pause(toPause)
            self.logger.debug("Paused partitions", metadata: ["kafka.partitions": "\(toPause)"])
        }
        if !toResume.isEmpty {
            self.consumer.resume(toResume)
            self.logger.debug("Resumed partitions", metadata: ["kafka.partitions": "\(toResume)"])
        }
    }

    private func dispatch(_ message: KafkaMessage) {
        let partition = KafkaTopicPartition(topic: message.topic, partition: message.partition)
        let (ticket, inFlight) = self.state.withLock { state in
            (state.tracker.register(partition, offset: message.offset), state.tracker.inFlight)
        }
        guard let ticket else {
            self.logger.debug(
                "Skipping a message already in flight or not owned",
                metadata: ["kafka.partition": "\(partition)", "kafka.offset": "\(message.offset)"]
            )
            return
        }
        self.metrics.consumed.increment()
        self.metrics.inFlight.record(inFlight)
        self.pool.submit { [self] in
            self.process(message, ticket: ticket)
        }
    }

    private func housekeeping() {
        let (snapshot, paused, inFlight) = self.state.withLock { state in
            (
                state.tracker.ownedPartitions.map { ($0, state.tracker.committable($0)) },
                state.pausedByUs.count,
                state.tracker.inFlight
            )
        }
        for (partition, committable) in snapshot {
            guard let high = self.consumer.cachedHighWatermark(partition) else { continue }
            let base = committable ?? self.consumer.position(partition) ?? high
            self.metrics.setLag(partition: partition.partition, max(0, high - base))
        }
        self.metrics.pausedPartitions.record(paused)
        self.metrics.inFlight.record(inFlight)
    }

    // MARK: - Processing (pool threads)

    private func process(_ message: KafkaMessage, ticket: CompletionTracker<Publication>.Ticket) {
        let start = ContinuousClock.now
        let publication = self.publication(for: message)
        let elapsed = ContinuousClock.now - start
        self.metrics.processingDuration.recordNanoseconds(
            elapsed.components.seconds * 1_000_000_000 + elapsed.components.attoseconds / 1_000_000_000
        )
        if let reason = publication.deadLetterReason {
            self.metrics.failed.increment()
            self.logger.warning(
                "Dead-lettering an input",
                metadata: [
                    "kafka.partition": "\(ticket.partition)", "kafka.offset": "\(ticket.offset)",
                    "dateline.reason": "\(reason)",
                ]
            )
        }
        let released = self.state.withLock { state -> [(CompletionTracker<Publication>.Ticket, Publication)] in
            guard state.tracker.processed(ticket, outcome: publication) else { return [] }
            return state.tracker.takePublishable(ticket.partition, epoch: ticket.epoch)
        }
        self.publish(released, partition: ticket.partition, epoch: ticket.epoch)
    }

    /// Decodes and extracts; any rejection becomes a dead letter with the original key, value and headers.
    func publication(for message: KafkaMessage) -> Publication {
        let source = "\(message.topic)/\(message.partition)/\(message.offset)"
        if self.configuration.passThrough {
            return Publication(
                topic: self.configuration.outputTopic,
                key: message.key,
                value: message.value,
                headers: [KafkaHeader(name: "dateline-source", string: source)]
            )
        }
        let rejection: ArticleRejection
        switch self.decoder.decode(value: message.value, key: message.key) {
        case .success(let article):
            let provenance = RecordProvenance(
                topic: message.topic,
                partition: message.partition,
                offset: message.offset,
                timestampMilliseconds: message.timestampMilliseconds
            )
            do {
                let record = try self.pipeline.recordJSON(for: article, provenance: provenance)
                return Publication(
                    topic: self.configuration.outputTopic,
                    key: Array(article.id.utf8),
                    value: record,
                    headers: [
                        KafkaHeader(name: "dateline-schema", string: ExtractionPipeline.schema),
                        KafkaHeader(name: "dateline-source", string: source),
                    ],
                    input: message
                )
            } catch {
                rejection = error
            }
        case .failure(let error):
            rejection = error
        }
        return Publication(
            topic: self.configuration.deadLetterTopic,
            key: message.key,
            value: message.value,
            headers: [
                KafkaHeader(name: "dateline-error", string: rejection.description),
                KafkaHeader(name: "dateline-source", string: source),
            ] + message.headers,
            deadLetterReason: rejection.code.rawValue
        )
    }

    /// Produces released results in order; keeps publishing for the partition while more become ready.
    private func publish(
        _ released: [(CompletionTracker<Publication>.Ticket, Publication)],
        partition: KafkaTopicPartition,
        epoch: UInt64
    ) {
        var batch = released
        while !batch.isEmpty {
            for (ticket, publication) in batch {
                self.enqueue(publication, ticket: ticket, attempt: 0)
            }
            batch = self.state.withLock { $0.tracker.takePublishable(partition, epoch: epoch, continuing: true) }
        }
    }

    /// Hands one record to the producer, waiting out a full queue (backpressure) and transient enqueue errors.
    private func enqueue(_ publication: Publication, ticket: CompletionTracker<Publication>.Ticket, attempt: Int) {
        var publication = publication
        var wait = Duration.milliseconds(5)
        while true {
            let (current, failed) = self.state.withLock { ($0.tracker.isCurrent(ticket), $0.failure != nil) }
            guard current, !failed else { return }
            do {
                try self.producer.produce(
                    topic: publication.topic,
                    key: publication.key,
                    value: publication.value,
                    headers: publication.headers
                ) { [self, publication] result in
                    self.delivered(result, publication: publication, ticket: ticket, attempt: attempt)
                }
                return
            } catch {
                if error.isFatal {
                    self.fail(error)
                    return
                }
                if Publication.isPermanent(error),
                    let replacement = publication.replacement(
                        after: error,
                        deadLetterTopic: self.configuration.deadLetterTopic
                    )
                {
                    self.logRefused(publication, ticket: ticket, error: error)
                    publication = replacement
                    continue
                }
                self.metrics.produceRetries.increment()
                if error.code != .queueFull {
                    self.logger.warning(
                        "Could not enqueue a record; retrying",
                        metadata: ["kafka.topic": "\(publication.topic)", "error": "\(error)"]
                    )
                }
                Thread.sleep(forTimeInterval: Double(wait.wholeMilliseconds) / 1000)
                wait = min(wait * 2, error.code == .queueFull ? .milliseconds(50) : .seconds(1))
            }
        }
    }

    /// Delivery report (producer poll thread): advance and store the watermark, or schedule a retry.
    private func delivered(
        _ result: Result<KafkaDelivery, KafkaError>,
        publication: Publication,
        ticket: CompletionTracker<Publication>.Ticket,
        attempt: Int
    ) {
        switch result {
        case .success:
            if let reason = publication.deadLetterReason {
                self.metrics.deadLettered(reason: reason)
            } else {
                self.metrics.produced.increment()
            }
            let inFlight = self.state.withLock { state -> Int in
                if let committable = state.tracker.acknowledged(ticket) {
                    // Under the lock: a revoke cannot slip in between the epoch check and the store.
                    let refused = self.consumer.store([(ticket.partition, committable)])
                    if !refused.isEmpty {
                        self.logger.debug("Offset store refused (partition no longer assigned)")
                    }
                }
                state.lastProgress = .now
                return state.tracker.inFlight
            }
            self.metrics.inFlight.record(inFlight)
        case .failure(let error):
            if error.isFatal {
                self.fail(error)
                return
            }
            self.metrics.produceRetries.increment()
            if Publication.isPermanent(error),
                let replacement = publication.replacement(
                    after: error,
                    deadLetterTopic: self.configuration.deadLetterTopic
                )
            {
                self.logRefused(publication, ticket: ticket, error: error)
                self.pool.submit { [self] in
                    self.enqueue(replacement, ticket: ticket, attempt: attempt + 1)
                }
                return
            }
            let backoff = min(
                self.configuration.maxRetryBackoff,
                self.configuration.retryBackoff * (1 << min(attempt, 16))
            )
            self.logger.warning(
                "Delivery failed; retrying",
                metadata: [
                    "kafka.topic": "\(publication.topic)", "kafka.partition": "\(ticket.partition)",
                    "kafka.offset": "\(ticket.offset)", "error": "\(error)", "retry.attempt": "\(attempt + 1)",
                ]
            )
            self.retryQueue.asyncAfter(deadline: .now() + .milliseconds(backoff.wholeMilliseconds)) { [self] in
                // Off the retry queue: enqueue may block on a full producer queue.
                self.pool.submit { [self] in
                    self.enqueue(publication, ticket: ticket, attempt: attempt + 1)
                }
            }
        }
    }

    private func logRefused(
        _ publication: Publication,
        ticket: CompletionTracker<Publication>.Ticket,
        error: KafkaError
    ) {
        self.logger.error(
            "The broker refused a record for good; publishing a smaller replacement",
            metadata: [
                "kafka.topic": "\(publication.topic)", "kafka.partition": "\(ticket.partition)",
                "kafka.offset": "\(ticket.offset)", "error": "\(error)",
            ]
        )
    }

    // MARK: - Rebalances (poll thread, inside poll)

    private func rebalanced(_ event: KafkaRebalanceEvent) {
        switch event {
        case .assigned(let partitions):
            self.metrics.rebalancesAssign.increment()
            let toPause = self.state.withLock { state -> [KafkaTopicPartition] in
                for partition in partitions { state.tracker.assign(partition) }
                // Pause state resets on rebalance: re-apply it to the new partitions (M3).
                guard state.pauseAll else { return [] }
                state.pausedByUs.formUnion(partitions)
                return partitions
            }
            self.consumer.pause(toPause)
            self.health.markJoined()
            self.logger.info("Partitions assigned", metadata: ["kafka.partitions": "\(partitions)"])
        case .revoking(let partitions, let lost):
            if lost {
                self.metrics.rebalancesLost.increment()
            } else {
                self.metrics.rebalancesRevoke.increment()
                self.waitForDrain(partitions)
            }
            let (abandoned, pausedHere) = self.state.withLock { state -> (Int, [KafkaTopicPartition]) in
                var abandoned = 0
                var pausedHere: [KafkaTopicPartition] = []
                for partition in partitions {
                    if state.pausedByUs.remove(partition) != nil {
                        pausedHere.append(partition)
                    }
                    guard let revocation = state.tracker.revoke(partition) else { continue }
                    abandoned += revocation.abandoned
                    if !lost, let committable = revocation.committable {
                        self.consumer.store([(partition, committable)])
                    }
                }
                return (abandoned, pausedHere)
            }
            // librdkafka keeps an application pause on the partition object across unassign/assign: a partition
            // released while paused would come back paused and never be fetched again. Lift our pause before
            // releasing it (we paused it, so this is ours to resume); the tracker no longer owns it, so anything
            // fetched meanwhile is dropped.
            self.consumer.resume(pausedHere)
            if !lost && !partitions.isEmpty {
                self.commitNow(reason: "revoke")
            }
            for partition in partitions {
                self.metrics.removeLag(partition: partition.partition)
            }
            self.logger.info(
                lost ? "Partitions lost" : "Partitions revoked",
                metadata: ["kafka.partitions": "\(partitions)", "worker.abandoned": "\(abandoned)"]
            )
        }
    }

    /// Waits (bounded) until the partitions have no unacknowledged messages.
    private func waitForDrain(_ partitions: [KafkaTopicPartition]) {
        let clock = ContinuousClock()
        var budget = self.configuration.rebalanceDrainTimeout
        if let stopAt = self.state.withLock({ $0.stopRequestedAt }) {
            // Closing: never let the final revoke eat the rest of the grace period.
            let left = self.configuration.shutdownGracePeriod - (clock.now - stopAt) - .seconds(2)
            budget = max(.zero, min(budget, left))
        }
        let deadline = clock.now + budget
        while clock.now < deadline {
            let pending = self.state.withLock { state in partitions.reduce(0) { $0 + state.tracker.inFlight($1) } }
            if pending == 0 { return }
            Thread.sleep(forTimeInterval: 0.002)
        }
    }

    /// The final commit at shutdown. A commit racing a rebalance fails (`REBALANCE_IN_PROGRESS`,
    /// `ILLEGAL_GENERATION`); keep serving the consumer so the rejoin completes, then try again, until `deadline`.
    private func commitWithRetries(until deadline: ContinuousClock.Instant) {
        let clock = ContinuousClock()
        var attempt = 0
        while true {
            attempt += 1
            do {
                try self.consumer.commit()
                self.metrics.commits.increment()
                return
            } catch {
                self.metrics.commitFailures.increment()
                guard clock.now + .milliseconds(500) < deadline, attempt < 20 else {
                    self.logger.warning("Final commit failed", metadata: ["error": "\(error)"])
                    return
                }
                self.logger.info(
                    "Final commit failed; retrying",
                    metadata: ["error": "\(error)", "retry.attempt": "\(attempt)"]
                )
                let until = clock.now + .milliseconds(300)
                while clock.now < until {
                    _ = self.consumer.poll(maxMessages: 64, timeout: .milliseconds(50))
                }
            }
        }
    }

    private func commitNow(reason: String) {
        do {
            try self.consumer.commit()
        } catch {
            self.metrics.commitFailures.increment()
            self.logger.warning("Commit failed", metadata: ["worker.commit": "\(reason)", "error": "\(error)"])
        }
    }

    private func committed(_ error: KafkaError?, _ offsets: [(KafkaTopicPartition, Int64)]) {
        if let error {
            self.metrics.commitFailures.increment()
            self.logger.warning("Offset commit failed", metadata: ["error": "\(error)"])
        } else if !offsets.isEmpty {
            self.metrics.commits.increment()
            self.logger.debug("Offsets committed", metadata: ["kafka.offsets": "\(offsets)"])
        }
    }

    private func clientError(_ error: KafkaError, client: String) {
        if error.isFatal {
            self.fail(error)
        } else {
            // librdkafka recovers from these on its own and logs them too; only a total outage needs an operator.
            let level: Logger.Level = error.message.contains("All broker connections are down") ? .warning : .info
            self.logger.log(
                level: level,
                "Kafka client error",
                metadata: ["kafka.client": "\(client)", "error": "\(error)"]
            )
        }
    }

    // MARK: - Shutdown (poll thread)

    /// M9: stop fetching, drain in-flight work, flush, commit, leave the group.
    private func shutdownSequence() {
        let clock = ContinuousClock()
        let (drain, stopAt, owned) = self.state.withLock { state in
            state.pauseAll = true
            return (
                state.drainOnStop && state.failure == nil, state.stopRequestedAt ?? .now, state.tracker.ownedPartitions
            )
        }
        let grace = self.configuration.shutdownGracePeriod
        // Leave room for flush, commit and close inside the grace period.
        let drainDeadline = stopAt + (drain ? grace * 0.6 : .zero)
        let toPause = self.state.withLock { state -> [KafkaTopicPartition] in
            let toPause = owned.filter { !state.pausedByUs.contains($0) }
            state.pausedByUs.formUnion(toPause)
            return toPause
        }
        self.consumer.pause(toPause)
        var discarded = 0
        while clock.now < drainDeadline {
            let inFlight = self.state.withLock { $0.tracker.inFlight }
            if inFlight == 0 { break }
            // Keep serving callbacks; messages that still arrive are not registered, so nothing moves past them.
            discarded += self.consumer.poll(maxMessages: 64, timeout: .milliseconds(20)).count
        }
        let remaining = self.state.withLock { $0.tracker.inFlight }
        self.logger.notice(
            "Worker drained",
            metadata: ["worker.unfinished": "\(remaining)", "worker.discarded": "\(discarded)"]
        )
        let failed = self.state.withLock { $0.failure != nil }
        if !failed {
            let flushBudget = max(.milliseconds(100), grace - (clock.now - stopAt) - .seconds(3))
            let outstanding = self.producer.flushBlocking(timeout: min(flushBudget, .seconds(15)))
            if outstanding > 0 {
                self.logger.warning(
                    "Producer flush left messages unacknowledged",
                    metadata: ["kafka.outstanding": "\(outstanding)"]
                )
            }
            self.commitWithRetries(until: stopAt + grace - .seconds(3))
        }
        do {
            try self.consumer.close()
        } catch {
            self.logger.warning("Closing the consumer reported an error", metadata: ["error": "\(error)"])
        }
        self.pool.shutdown(timeout: .seconds(1))
        self.health.markStopped()
        let failure = self.state.withLock { $0.failure }
        self.logger.notice("Worker stopped")
        self.finish(error: failure)
    }
}
