import DatelineKafka

/// The worker's runtime state and every decision about it, as a value type: events in, actions out.
///
/// The session (``WorkerSession``) owns one instance behind a mutex, feeds it what happened (messages polled,
/// extraction finished, a delivery report, a rebalance, a stop request, a clock tick) and performs the actions it
/// returns. Nothing here touches librdkafka, threads or clocks, so the commit protocol, flow control, fairness and
/// producer recovery are unit-tested against this very type.
///
/// Invariants it keeps:
/// - an offset is stored only as the contiguous acknowledged prefix of its partition's current assignment
///   (``CompletionTracker``), so a commit never passes output the broker has not acknowledged;
/// - results are handed to the producer in input-offset order per partition, and only to a live producer;
/// - at most ``Limits/processingSlots`` messages are on the pool, taken round-robin over the owned partitions
///   (``PartitionScheduler``); fetched plus unacknowledged messages stay under ``Limits/maxInFlight``, split
///   evenly over the owned partitions, by pausing a partition at its share and resuming it at half of it;
/// - a failed delivery or a fatal producer error replaces the producer (``ProducerHealth``), and everything
///   unacknowledged is sent again by the new one, in order;
/// - a partition of the subscribed topic that has a backlog, belongs to no one here and makes no progress for
///   ``Limits/groupStallTimeout`` makes the member rejoin the group (``GroupStallDetector``), at a bounded rate.
struct WorkerStateMachine: Sendable {
    typealias Tracker = CompletionTracker<Publication>
    typealias Ticket = Tracker.Ticket

    /// The bounds the machine works within.
    struct Limits: Sendable {
        /// Fetched (waiting or processing) plus produced-but-unacknowledged messages, over all partitions.
        var maxInFlight: Int
        /// Messages extracting on the pool at once (the pool's width).
        var processingSlots: Int
        /// First wait before a second producer replacement; doubles per attempt.
        var recoveryBackoff: Duration
        /// Longest wait between producer replacements.
        var maxRecoveryBackoff: Duration
        /// How long the producer may go without a successful delivery, once it failed, before the worker gives up.
        var producerRecoveryTimeout: Duration
        /// How long a partition this member does not own may have a backlog and an unchanged committed offset
        /// before the member rejoins the group (``GroupStallDetector``); `nil` turns the detector off.
        var groupStallTimeout: Duration? = nil
    }

    /// Where the worker is in its life.
    enum Phase: Sendable, Equatable {
        /// Fetching, processing, producing.
        case running
        /// Stop requested: nothing new starts; in-flight work finishes until the session's deadline.
        case draining
        /// Failed: nothing new starts; the session stops without draining and exits non-zero.
        case failed
    }

    let limits: Limits
    private(set) var phase: Phase = .running
    private(set) var tracker = Tracker()
    private(set) var scheduler = PartitionScheduler()
    private(set) var producer = ProducerHealth()
    /// Partitions this machine asked librdkafka to pause.
    private(set) var paused: Set<KafkaTopicPartition> = []
    /// Messages on the pool right now.
    private(set) var processing = 0
    /// The first fatal error, once failed.
    private(set) var failure: KafkaError?
    /// Watches the group for partitions nobody consumes; `nil` when turned off.
    private(set) var stallDetector: GroupStallDetector?

    init(limits: Limits) {
        self.limits = limits
        self.stallDetector = limits.groupStallTimeout.map { GroupStallDetector(stallTimeout: $0) }
    }

    // MARK: - Queries

    /// Fetched messages waiting for the pool plus registered and unacknowledged ones.
    var inFlight: Int { self.scheduler.waiting + self.tracker.inFlight }

    /// How many messages the next poll may take.
    var pollBudget: Int {
        guard self.phase == .running else { return 0 }
        return max(0, self.limits.maxInFlight - self.inFlight)
    }

    /// Each owned partition's share of the in-flight bound.
    var partitionShare: Int {
        max(1, self.limits.maxInFlight / max(1, self.scheduler.partitions.count))
    }

    /// Registered and unacknowledged messages of the partitions (draining a revoke waits on this).
    func unacknowledged(_ partitions: [KafkaTopicPartition]) -> Int {
        partitions.reduce(0) { $0 + self.tracker.inFlight($1) }
    }

    // MARK: - Consuming

    /// Messages came back from a poll.
    mutating func polled(_ messages: [KafkaMessage]) -> [WorkerAction] {
        guard self.phase == .running else { return [] }
        for message in messages {
            let partition = KafkaTopicPartition(topic: message.topic, partition: message.partition)
            _ = self.scheduler.enqueue(message, after: self.tracker.nextExpected(partition))
        }
        return self.dispatch() + self.flowControl()
    }

    /// Extraction of a message finished with the record or dead letter to publish.
    mutating func processed(_ ticket: Ticket, outcome: Publication) -> [WorkerAction] {
        self.processing -= 1
        var actions: [WorkerAction] = []
        if self.tracker.processed(ticket, outcome: outcome) {
            actions += self.publishable(ticket.partition)
        }
        return actions + self.dispatch()
    }

    // MARK: - Producing

    /// The producer refused to enqueue `ticket` (its local queue is full, or the record itself): take it back, and
    /// everything after it, for the next ``tick(at:)``.
    mutating func enqueueFailed(_ ticket: Ticket) {
        guard self.tracker.isCurrent(ticket) else { return }
        self.tracker.unpublish(ticket.partition, from: ticket.offset)
    }

    /// The broker acknowledged `ticket`'s record, sent by producer `generation`.
    ///
    /// Acknowledgements of a producer that has failed are not trusted: after a delivery times out, librdkafka
    /// bumps the idempotent producer's epoch and restarts its sequence numbers, and brokers whose idempotence
    /// check does not reset with the epoch acknowledge the next batches as duplicates without writing them
    /// (librdkafka's mock cluster does; Tansu fences the producer instead). Those records are sent again by the
    /// replacement: a duplicate at worst, never a loss.
    mutating func delivered(_ ticket: Ticket, generation: UInt64) -> [WorkerAction] {
        guard generation == self.producer.generation, self.producer.canProduce else { return [] }
        self.producer.delivered()
        var actions: [WorkerAction] = []
        if let committable = self.tracker.acknowledged(ticket) {
            actions.append(.store(ticket.partition, committable))
        }
        return actions + self.flowControl()
    }

    /// A delivery of producer `generation` failed after librdkafka's own retries, or it raised a fatal error.
    ///
    /// A record the broker refused for good is replaced (``Publication/replacement(after:deadLetterTopic:)``);
    /// anything else replaces the producer.
    mutating func deliveryFailed(
        _ ticket: Ticket?,
        generation: UInt64,
        error: KafkaError,
        replacement: Publication?,
        at now: ContinuousClock.Instant
    ) -> [WorkerAction] {
        if let ticket, let replacement, Publication.isPermanent(error) {
            guard self.tracker.replace(ticket, outcome: replacement) else { return [] }
            return self.producer.canProduce ? self.publishable(ticket.partition) : []
        }
        guard self.phase != .failed,
            let next = self.producer.failed(
                generation: generation,
                at: now,
                backoff: self.limits.recoveryBackoff,
                maxBackoff: self.limits.maxRecoveryBackoff
            )
        else { return [] }
        return [.recreateProducer(generation: next.generation, after: next.delay, reason: "\(error)")]
    }

    /// The replacement producer is up: send everything unacknowledged again, in order.
    mutating func producerReady(generation: UInt64) -> [WorkerAction] {
        guard self.producer.ready(generation: generation) else { return [] }
        var actions: [WorkerAction] = []
        for partition in self.tracker.ownedPartitions {
            self.tracker.unpublish(partition)
            actions += self.publishable(partition)
        }
        return actions
    }

    /// Creating the replacement failed (the configuration was accepted before, so this is transient).
    mutating func producerCreationFailed(
        generation: UInt64,
        error: KafkaError,
        at now: ContinuousClock.Instant
    ) -> [WorkerAction] {
        guard self.producer.ready(generation: generation) else { return [] }
        return self.deliveryFailed(nil, generation: generation, error: error, replacement: nil, at: now)
    }

    // MARK: - Rebalances

    /// Partitions were assigned (incrementally).
    mutating func assigned(_ partitions: [KafkaTopicPartition]) -> [WorkerAction] {
        self.stallDetector?.rebalanced()
        for partition in partitions {
            self.tracker.assign(partition)
            self.scheduler.add(partition)
            // Unpaused: a revoke lifts our pause before the partition goes, so it comes back fetching.
            self.paused.remove(partition)
        }
        return self.flowControl(assigning: partitions)
    }

    /// What a revoke leaves to do.
    struct Revoked: Sendable {
        /// Final offsets to store before the partitions go (not for a lost assignment).
        var store: [(KafkaTopicPartition, Int64)] = []
        /// Partitions we had paused: librdkafka keeps an application pause across unassign/assign, so resume
        /// them before they go, or a partition assigned again later would never be fetched.
        var resume: [KafkaTopicPartition] = []
        /// Messages dropped: fetched but not started, or not acknowledged (redone by the next owner).
        var abandoned = 0
    }

    /// Partitions are being revoked (`lost`: the group already gave them to others; store nothing).
    mutating func revoking(_ partitions: [KafkaTopicPartition], lost: Bool) -> Revoked {
        self.stallDetector?.rebalanced()
        var revoked = Revoked()
        for partition in partitions {
            revoked.abandoned += self.scheduler.remove(partition)
            if self.paused.remove(partition) != nil { revoked.resume.append(partition) }
            guard let revocation = self.tracker.revoke(partition) else { continue }
            revoked.abandoned += revocation.abandoned
            if !lost, let committable = revocation.committable {
                revoked.store.append((partition, committable))
            }
        }
        return revoked
    }

    /// Stops taking new work from revoked partitions before their drain (the drain waits for what is on the
    /// pool and the producer only).
    mutating func dropWaiting(_ partitions: [KafkaTopicPartition]) {
        for partition in partitions {
            self.scheduler.clear(partition)
        }
    }

    /// The group's committed offsets and watermarks were read (every partition of the subscribed topic).
    ///
    /// - Returns: ``WorkerAction/rejoinGroup(_:stalled:)`` when partitions this member does not own have a
    ///   backlog and made no progress for ``Limits/groupStallTimeout`` (see ``GroupStallDetector``).
    mutating func groupObserved(
        _ partitions: [Int32: GroupStallDetector.PartitionProgress],
        at now: ContinuousClock.Instant
    ) -> [WorkerAction] {
        guard self.phase == .running, var detector = self.stallDetector else { return [] }
        let owned = Set(self.tracker.ownedPartitions.map(\.partition))
        let decision = detector.observe(.init(partitions: partitions, owned: owned), at: now)
        self.stallDetector = detector
        guard case .rejoin(let reason, let stalled) = decision else { return [] }
        return [.rejoinGroup(reason, stalled: stalled)]
    }

    // MARK: - Life cycle

    /// Graceful stop: start nothing new, pause everything, let in-flight work finish.
    mutating func stop() -> [WorkerAction] {
        guard self.phase == .running else { return [] }
        self.phase = .draining
        self.scheduler.dropWaiting()
        return self.flowControl()
    }

    /// A fatal error: stop without draining.
    mutating func fail(_ error: KafkaError) -> [WorkerAction] {
        guard self.phase != .failed else { return [] }
        self.phase = .failed
        self.failure = error
        self.scheduler.dropWaiting()
        return [.fail(error)] + self.flowControl()
    }

    /// The poll loop turned: retry enqueues the producer refused, apply flow control, check producer recovery.
    mutating func tick(at now: ContinuousClock.Instant) -> [WorkerAction] {
        if self.producer.hasFailed(for: self.limits.producerRecoveryTimeout, at: now) {
            return self.fail(
                KafkaError(
                    .delivery,
                    "no record was delivered for \(self.limits.producerRecoveryTimeout) after the producer failed, "
                        + "although it was replaced; giving up so that the supervisor restarts the worker"
                )
            )
        }
        var actions: [WorkerAction] = []
        if self.producer.canProduce {
            for partition in self.tracker.ownedPartitions {
                actions += self.publishable(partition)
            }
        }
        return actions + self.dispatch() + self.flowControl()
    }

    // MARK: - Internals

    /// Fills free pool slots round-robin over the partitions.
    private mutating func dispatch() -> [WorkerAction] {
        guard self.phase == .running else { return [] }
        var actions: [WorkerAction] = []
        while self.processing < self.limits.processingSlots, let message = self.scheduler.next() {
            let partition = KafkaTopicPartition(topic: message.topic, partition: message.partition)
            guard let ticket = self.tracker.register(partition, offset: message.offset) else { continue }
            self.processing += 1
            actions.append(.process(message, ticket))
        }
        return actions
    }

    /// Results of `partition` that may go to the producer now.
    private mutating func publishable(_ partition: KafkaTopicPartition) -> [WorkerAction] {
        guard self.producer.canProduce, self.phase != .failed, let epoch = self.tracker.epoch(of: partition) else {
            return []
        }
        let released = self.tracker.takePublishable(partition, epoch: epoch)
        return released.isEmpty ? [] : [.produce(released, generation: self.producer.generation)]
    }

    /// Pauses partitions at their share of the in-flight bound (all of them when not running), resumes them at
    /// half of it.
    ///
    /// At the bound itself, only partitions at or above half their share wait: one poll can hand a single
    /// partition far more than its share (a partition that was just assigned with a backlog arrives in large
    /// fetched runs), and pausing everything then would also pause the partitions that were starved of it. Their
    /// fetched messages would be thrown away with each pause (librdkafka drops what a paused partition had
    /// queued), so they would get nothing until the busy ones caught up. Partitions under half their share keep
    /// fetching and get the next polls; the total stays within the bound plus half a share per partition.
    private mutating func flowControl(assigning: [KafkaTopicPartition] = []) -> [WorkerAction] {
        let share = self.partitionShare
        // The shares shrink when partitions are added, and one poll can overshoot a share, so the sum of loads
        // can pass the bound: then the busy partitions wait until the total is back under it.
        let full = self.inFlight >= self.limits.maxInFlight
        var pause: [KafkaTopicPartition] = []
        var resume: [KafkaTopicPartition] = []
        for partition in self.scheduler.partitions {
            let load = self.scheduler.waiting(partition) + self.tracker.inFlight(partition)
            let isPaused = self.paused.contains(partition)
            if self.phase != .running || load >= share || (full && load >= share / 2) {
                if !isPaused {
                    self.paused.insert(partition)
                    pause.append(partition)
                }
            } else if isPaused && load <= share / 2 && !full {
                self.paused.remove(partition)
                resume.append(partition)
            }
        }
        var actions: [WorkerAction] = []
        if !pause.isEmpty { actions.append(.pause(pause)) }
        if !resume.isEmpty { actions.append(.resume(resume)) }
        return actions
    }
}
