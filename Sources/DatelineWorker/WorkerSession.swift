import CoreMetrics
import DatelineExtraction
@_spi(Testing) import DatelineKafka
import Dispatch
import Foundation
import Logging
import Synchronization

/// Which record of a batch the producer refused, and why.
private struct ProduceFailure: Error {
    var index: Int
    var error: KafkaError
}

/// One run of the worker: the clients, the pool and the poll thread around one ``WorkerStateMachine``.
///
/// The session decides nothing. Each event (a poll returned, extraction finished, a delivery report, a rebalance,
/// a stop, a clock tick) goes to the machine under one mutex, and the session performs the actions it returns.
/// Actions that must keep their order (produce, store) and cheap ones (pause, resume, submit to the pool) run
/// under the mutex; failing runs after it.
///
/// Threads: the poll thread (consumer, rebalances, ticks, shutdown), the extraction pool (a concurrent Dispatch
/// queue), librdkafka's producer poll thread (delivery reports) and a serial queue that replaces the producer.
final class WorkerSession: Sendable {
    typealias Ticket = CompletionTracker<Publication>.Ticket

    struct State: Sendable {
        var machine: WorkerStateMachine
        var stopRequestedAt: ContinuousClock.Instant?
        var drainOnStop = true
        var continuation: CheckedContinuation<Void, any Error>?
        var finished = false
        var lastProgress = ContinuousClock.now
        /// The stall detector asked for a rejoin; the poll thread performs it at its next turn.
        var rejoinRequested = false
    }

    private let configuration: WorkerConfiguration
    private let pipeline: ExtractionPipeline
    private let decoder: ArticleDecoder
    private let logger: Logger
    private let metrics: WorkerMetrics
    private let health: WorkerHealth
    private let consumer: KafkaGroupConsumer
    let output: OutputProducer
    private let pool: ExtractionPool
    private let timers = DispatchQueue(label: "dateline.worker.timers")
    private let recovery = DispatchQueue(label: "dateline.worker.producer-recovery")
    /// Reads the group's committed offsets and the watermarks for the stall detector (blocking requests).
    private let groupWatch = DispatchQueue(label: "dateline.worker.group-watch")
    private let state: Mutex<State>

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
        let properties = WorkerClientProperties(configuration: configuration)
        logger.info(
            "Kafka client configuration",
            metadata: [
                "kafka.consumer.config": "\(KafkaProperties.redacted(properties.consumer))",
                "kafka.producer.config": "\(KafkaProperties.redacted(properties.producer))",
            ]
        )
        self.output = try OutputProducer(properties: properties.producer, logger: logger)
        self.consumer = try KafkaGroupConsumer(properties: properties.consumer, logger: logger)
        self.pool = ExtractionPool(width: configuration.concurrency, label: "dateline.extract")
        self.state = Mutex(
            State(
                machine: WorkerStateMachine(
                    limits: .init(
                        maxInFlight: max(1, configuration.maxInFlight),
                        processingSlots: max(1, configuration.concurrency),
                        recoveryBackoff: configuration.retryBackoff,
                        maxRecoveryBackoff: configuration.maxRetryBackoff,
                        producerRecoveryTimeout: configuration.producerRecoveryTimeout,
                        groupStallTimeout: configuration.groupStallTimeout
                    )
                )
            )
        )
    }

    // MARK: - Running

    /// Starts the poll thread and waits until it finished (or the shutdown deadline passed).
    func run() async throws {
        self.consumer.onRebalance { [weak self] event in self?.rebalanced(event) }
        self.consumer.onCommit { [weak self] error, offsets in self?.committed(error, offsets) }
        self.consumer.onError { [weak self] error in self?.consumerError(error) }
        self.output.withLive { producer, generation in self.installHandlers(on: producer, generation: generation) }
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

    /// Asks the poll loop to stop; with `drain`, in-flight work is finished first.
    func requestStop(drain: Bool) {
        let grace = self.configuration.shutdownGracePeriod
        let first = self.step { state in
            let first = state.stopRequestedAt == nil
            state.drainOnStop = state.drainOnStop && drain
            if first { state.stopRequestedAt = .now }
            return (first, state.machine.stop())
        }
        guard first else { return }
        self.health.markStopping()
        self.logger.notice("Stopping the worker", metadata: ["worker.drain": "\(drain)"])
        // The outer deadline: if closing hangs (broker gone mid-rebalance), return anyway so the process exits.
        self.timers.asyncAfter(deadline: .now() + .milliseconds(grace.wholeMilliseconds)) { [weak self] in
            guard let self else { return }
            if self.finish(error: self.state.withLock { $0.machine.failure }) {
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

    // MARK: - Performing the machine's actions

    /// Runs `body` on the state under the mutex, performs the actions it returns, and gives back its result.
    @discardableResult
    private func step<Result>(_ body: (inout State) -> (Result, [WorkerAction])) -> Result {
        var failures: [KafkaError] = []
        let result = self.state.withLock { state -> Result in
            let (result, actions) = body(&state)
            self.perform(actions, state: &state, failures: &failures)
            return result
        }
        for error in failures {
            self.failed(error)
        }
        return result
    }

    /// ``step(_:)`` for events that need only the machine.
    private func advance(_ body: (inout WorkerStateMachine) -> [WorkerAction]) {
        self.step { state in ((), body(&state.machine)) }
    }

    /// Performs actions under the mutex; `fail` is collected and run after it.
    private func perform(_ actions: [WorkerAction], state: inout State, failures: inout [KafkaError]) {
        var pending = actions[...]
        while let action = pending.popFirst() {
            switch action {
            case .process(let message, let ticket):
                self.metrics.consumed.increment()
                self.pool.submit { [self] in self.process(message, ticket: ticket) }
            case .produce(let records, let generation):
                pending.append(contentsOf: self.produce(records, generation: generation, state: &state))
            case .store(let partition, let offset):
                // Under the mutex: a revoke cannot slip in between the machine's epoch check and the store.
                if !self.consumer.store([(partition, offset)]).isEmpty {
                    self.logger.debug("Offset store refused (partition no longer assigned)")
                }
                state.lastProgress = .now
            case .pause(let partitions):
                self.consumer.pause(partitions)
                self.logger.debug("Paused partitions", metadata: ["kafka.partitions": "\(partitions)"])
            case .resume(let partitions):
                self.consumer.resume(partitions)
                self.logger.debug("Resumed partitions", metadata: ["kafka.partitions": "\(partitions)"])
            case .commit:
                self.commitNow(reason: "revoke")
            case .recreateProducer(let generation, let delay, let reason):
                self.metrics.producerRecreations.increment()
                self.logger.warning(
                    "The producer stopped delivering; replacing it and sending everything unacknowledged again",
                    metadata: [
                        "kafka.producer.generation": "\(generation)", "error": "\(reason)",
                        "retry.delay": "\(delay)",
                    ]
                )
                self.recovery.asyncAfter(deadline: .now() + .milliseconds(delay.wholeMilliseconds)) { [self] in
                    self.replaceProducer(generation: generation)
                }
            case .rejoinGroup(let reason, let stalled):
                self.metrics.groupRejoined(reason: reason)
                self.logger.warning(
                    "Partitions with a backlog made no progress; rejoining the consumer group",
                    metadata: [
                        "worker.rejoin.reason": "\(reason.rawValue)",
                        "kafka.partitions": "\(stalled)",
                        "kafka.topic": "\(self.configuration.inputTopic)",
                        "worker.stall.timeout": "\(self.configuration.groupStallTimeout ?? .zero)",
                    ]
                )
                state.rejoinRequested = true
            case .fail(let error):
                failures.append(error)
            }
        }
    }

    /// Hands records to the live producer in order. A full local queue takes the rest back for the next tick.
    ///
    /// - Returns: Follow-up actions (a refused record's replacement, a producer failure).
    private func produce(
        _ records: [(Ticket, Publication)],
        generation: UInt64,
        state: inout State
    ) -> [WorkerAction] {
        do throws(ProduceFailure) {
            try self.output.withLive { producer, live throws(ProduceFailure) in
                // Replaced meanwhile: the machine sends these again when the new one reports ready.
                guard live == generation else { return }
                for (index, (ticket, publication)) in records.enumerated() {
                    do throws(KafkaError) {
                        try producer.produce(
                            topic: publication.topic,
                            key: publication.key,
                            value: publication.value,
                            headers: publication.headers
                        ) { [self] result in
                            self.delivered(result, ticket: ticket, generation: generation, publication: publication)
                        }
                    } catch {
                        throw ProduceFailure(index: index, error: error)
                    }
                }
            }
        } catch {
            let (ticket, publication) = records[error.index]
            // This record and the rest of the batch never reached the producer: take them back first.
            state.machine.enqueueFailed(ticket)
            if error.error.code == .queueFull {
                self.metrics.produceRetries.increment()
                return []
            }
            return state.machine.deliveryFailed(
                ticket,
                generation: generation,
                error: error.error,
                replacement: self.replacement(for: publication, ticket: ticket, error: error.error),
                at: .now
            )
        }
        return []
    }

    private func replacement(for publication: Publication, ticket: Ticket, error: KafkaError) -> Publication? {
        guard Publication.isPermanent(error),
            let replacement = publication.replacement(after: error, deadLetterTopic: self.configuration.deadLetterTopic)
        else { return nil }
        self.logger.error(
            "The broker refused a record for good; publishing a smaller replacement",
            metadata: [
                "kafka.topic": "\(publication.topic)", "kafka.partition": "\(ticket.partition)",
                "kafka.offset": "\(ticket.offset)", "error": "\(error)",
            ]
        )
        return replacement
    }

    private func installHandlers(on producer: KafkaProducer, generation: UInt64) {
        producer.onError { [weak self] error in
            guard let self else { return }
            if error.isFatal {
                self.advance { machine in
                    machine.deliveryFailed(nil, generation: generation, error: error, replacement: nil, at: .now)
                }
            } else {
                self.logClientError(error, client: "producer")
            }
        }
    }

    /// On the recovery queue: swap in a fresh producer, then let the machine send everything again.
    private func replaceProducer(generation: UInt64) {
        do {
            try self.output.replace(with: generation) { producer, generation in
                self.installHandlers(on: producer, generation: generation)
            }
            self.logger.notice("Producer replaced", metadata: ["kafka.producer.generation": "\(generation)"])
            self.advance { machine in machine.producerReady(generation: generation) }
        } catch {
            self.logger.error("Could not create a new producer", metadata: ["error": "\(error)"])
            self.advance { machine in machine.producerCreationFailed(generation: generation, error: error, at: .now) }
        }
    }

    private func failed(_ error: KafkaError) {
        self.logger.critical("The worker cannot continue; it stops", metadata: ["error": "\(error)"])
        self.health.markFailed()
        self.requestStop(drain: false)
    }

    // MARK: - Poll thread

    private func pollLoop() {
        do {
            try self.consumer.subscribe([self.configuration.inputTopic])
        } catch {
            self.advance { machine in machine.fail(error) }
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
        self.scheduleGroupWatch()
        let clock = ContinuousClock()
        var lastHousekeeping = clock.now
        while true {
            let (stop, budget, inFlight, lastProgress, rejoin) = self.step { state in
                defer { state.rejoinRequested = false }
                return (
                    (
                        state.stopRequestedAt != nil, state.machine.pollBudget, state.machine.tracker.inFlight,
                        state.lastProgress, state.rejoinRequested
                    ),
                    state.machine.tick(at: .now)
                )
            }
            if stop { break }
            if rejoin { self.rejoinGroup() }
            self.health.markPolled(oldestInFlightSince: inFlight > 0 ? lastProgress : nil)
            // With no budget every partition is paused; the poll still serves rebalances and commits.
            let messages = self.consumer.poll(
                maxMessages: max(1, min(self.configuration.pollBatchSize, budget)),
                timeout: .milliseconds(100)
            )
            if !messages.isEmpty {
                self.advance { machine in machine.polled(messages) }
            }
            if clock.now - lastHousekeeping >= .seconds(1) {
                lastHousekeeping = clock.now
                self.housekeeping()
            }
        }
        self.shutdownSequence()
    }

    /// Leaves the group and joins it again as a new member. The revoke of everything owned runs through the
    /// rebalance hook in the next polls (drain, store, commit, as for any revoke); librdkafka holds the new
    /// subscription until that revoke completed.
    private func rejoinGroup() {
        do {
            try self.consumer.unsubscribe()
            try self.consumer.subscribe([self.configuration.inputTopic])
        } catch {
            self.logger.error("Rejoining the consumer group failed", metadata: ["error": "\(error)"])
            self.advance { machine in machine.fail(error) }
        }
    }

    /// Every few seconds, off the poll thread: the group's committed offsets and the watermarks, for the stall
    /// detector. Failed reads are skipped (the detector only acts on a complete picture).
    private func scheduleGroupWatch() {
        guard let timeout = self.configuration.groupStallTimeout else { return }
        let interval = min(max(timeout / 6, .seconds(1)), .seconds(15))
        self.groupWatch.asyncAfter(deadline: .now() + .milliseconds(interval.wholeMilliseconds)) { [weak self] in
            guard let self, self.state.withLock({ $0.stopRequestedAt == nil && !$0.finished }) else { return }
            do {
                let progress = try self.consumer.groupProgress(
                    topic: self.configuration.inputTopic,
                    timeout: min(interval, .seconds(10))
                )
                let partitions = progress.mapValues {
                    GroupStallDetector.PartitionProgress(
                        committed: $0.committed,
                        low: $0.watermarks.low,
                        high: $0.watermarks.high
                    )
                }
                self.advance { machine in machine.groupObserved(partitions, at: .now) }
            } catch {
                self.logger.debug("Reading the group's progress failed", metadata: ["error": "\(error)"])
            }
            self.scheduleGroupWatch()
        }
    }

    private func housekeeping() {
        let (snapshot, paused, inFlight, recovering) = self.state.withLock { state in
            let tracker = state.machine.tracker
            return (
                tracker.ownedPartitions.map { ($0, tracker.committable($0)) },
                state.machine.paused.count,
                state.machine.inFlight,
                !state.machine.producer.canProduce
            )
        }
        for (partition, committable) in snapshot {
            guard let high = self.consumer.cachedHighWatermark(partition) else { continue }
            let base = committable ?? self.consumer.position(partition) ?? high
            self.metrics.setLag(partition: partition.partition, max(0, high - base))
        }
        self.metrics.pausedPartitions.record(paused)
        self.metrics.inFlight.record(inFlight)
        self.health.markProducerRecovering(recovering)
        if let away = self.health.takeRejoinOverdue() {
            self.logger.error(
                "Not back in the consumer group since the partitions were lost; /healthz now fails",
                metadata: ["worker.out_of_group": "\(away)", "kafka.group": "\(self.configuration.groupID)"]
            )
        }
    }

    // MARK: - Processing (pool)

    private func process(_ message: KafkaMessage, ticket: Ticket) {
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
        self.advance { machine in machine.processed(ticket, outcome: publication) }
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
                    ] + Self.carriedHeaders(of: message),
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

    /// The input's headers that travel onto its output record (W3C `traceparent`/`tracestate` among them, so a
    /// trace follows the article); Dateline's own `dateline-*` headers are set afresh, never copied.
    static func carriedHeaders(of message: KafkaMessage) -> [KafkaHeader] {
        message.headers.filter { !$0.name.lowercased().hasPrefix("dateline-") }
    }

    // MARK: - Delivery reports (producer poll thread)

    private func delivered(
        _ result: Result<KafkaDelivery, KafkaError>,
        ticket: Ticket,
        generation: UInt64,
        publication: Publication
    ) {
        switch result {
        case .success:
            if let reason = publication.deadLetterReason {
                self.metrics.deadLettered(reason: reason)
            } else {
                self.metrics.produced.increment()
            }
            self.advance { machine in machine.delivered(ticket, generation: generation) }
        case .failure(let error):
            self.metrics.produceRetries.increment()
            if generation == self.output.generation {
                self.logger.warning(
                    "Delivery failed",
                    metadata: [
                        "kafka.topic": "\(publication.topic)", "kafka.partition": "\(ticket.partition)",
                        "kafka.offset": "\(ticket.offset)", "error": "\(error)",
                    ]
                )
            }
            let replacement = self.replacement(for: publication, ticket: ticket, error: error)
            self.advance { machine in
                machine.deliveryFailed(
                    ticket,
                    generation: generation,
                    error: error,
                    replacement: replacement,
                    at: .now
                )
            }
        }
    }

    // MARK: - Rebalances (poll thread, inside poll)

    private func rebalanced(_ event: KafkaRebalanceEvent) {
        switch event {
        case .assigned(let partitions):
            self.metrics.rebalancesAssign.increment()
            self.advance { machine in machine.assigned(partitions) }
            self.health.markJoined()
            self.metrics.groupMember.record(1)
            self.logger.info("Partitions assigned", metadata: ["kafka.partitions": "\(partitions)"])
        case .revoking(let partitions, let lost):
            if lost {
                self.metrics.rebalancesLost.increment()
                self.health.markLostPartitions()
                self.metrics.groupMember.record(0)
            } else {
                self.metrics.rebalancesRevoke.increment()
                self.advance { machine in
                    machine.dropWaiting(partitions)
                    return []
                }
                self.waitForDrain(partitions)
            }
            let revoked = self.state.withLock { state -> WorkerStateMachine.Revoked in
                let revoked = state.machine.revoking(partitions, lost: lost)
                self.consumer.store(revoked.store)
                return revoked
            }
            self.consumer.resume(revoked.resume)
            if !lost && !partitions.isEmpty {
                self.commitNow(reason: "revoke")
            }
            for partition in partitions {
                self.metrics.removeLag(partition: partition.partition)
            }
            self.logger.info(
                lost ? "Partitions lost" : "Partitions revoked",
                metadata: ["kafka.partitions": "\(partitions)", "worker.abandoned": "\(revoked.abandoned)"]
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
            if self.state.withLock({ $0.machine.unacknowledged(partitions) }) == 0 { return }
            Thread.sleep(forTimeInterval: 0.002)
        }
    }

    // MARK: - Commits and errors

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

    private func consumerError(_ error: KafkaError) {
        if error.isFatal {
            self.advance { machine in machine.fail(error) }
        } else {
            self.logClientError(error, client: "consumer")
        }
    }

    private func logClientError(_ error: KafkaError, client: String) {
        // librdkafka recovers from these on its own and logs them too; only a total outage needs an operator.
        let level: Logger.Level = error.message.contains("All broker connections are down") ? .warning : .info
        self.logger.log(
            level: level,
            "Kafka client error",
            metadata: ["kafka.client": "\(client)", "error": "\(error)"]
        )
    }

    // MARK: - Shutdown (poll thread)

    /// Stop fetching, drain in-flight work, flush, commit, leave the group.
    private func shutdownSequence() {
        let clock = ContinuousClock()
        let (drain, stopAt) = self.state.withLock { state in
            (state.drainOnStop && state.machine.failure == nil, state.stopRequestedAt ?? .now)
        }
        let grace = self.configuration.shutdownGracePeriod
        // Leave room for flush, commit and close inside the grace period.
        let drainDeadline = stopAt + (drain ? grace * 0.6 : .zero)
        var discarded = 0
        while clock.now < drainDeadline {
            let inFlight = self.state.withLock { $0.machine.tracker.inFlight }
            if inFlight == 0 { break }
            self.advance { machine in machine.tick(at: .now) }
            // Keep serving callbacks; messages that still arrive are not taken, so nothing moves past them.
            discarded += self.consumer.poll(maxMessages: 64, timeout: .milliseconds(20)).count
        }
        let remaining = self.state.withLock { $0.machine.tracker.inFlight }
        self.logger.notice(
            "Worker drained",
            metadata: ["worker.unfinished": "\(remaining)", "worker.discarded": "\(discarded)"]
        )
        let failure = self.state.withLock { $0.machine.failure }
        if failure == nil {
            let flushBudget = max(.milliseconds(100), grace - (clock.now - stopAt) - .seconds(3))
            let outstanding = self.output.liveForBlockingCall.flushBlocking(timeout: min(flushBudget, .seconds(15)))
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
        self.health.markStopped()
        self.logger.notice("Worker stopped")
        self.finish(error: failure)
    }
}
