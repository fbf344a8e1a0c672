import Synchronization

/// Live health of a ``Worker``, safe to read from any thread (the metrics server's `/healthz` and `/readyz`).
///
/// Semantics:
/// - **alive** unless the worker failed fatally, or it is running and its poll loop has not turned for
///   ``stallThreshold`` (a wedged thread), or the oldest in-flight message has been unfinished for longer than
///   ``stuckWorkThreshold``, or it lost its partitions (its group session expired: a cut link, a frozen process)
///   and has not been given an assignment again for ``rejoinThreshold``.
/// - **ready** when the poll loop runs, the group was joined (the first assignment arrived, even an empty one:
///   members beyond the partition count are legitimately idle) and not lost since, the producer is not being
///   replaced, and it polled recently.
///
/// Each answer comes with the reason when it is no, for the endpoints' bodies and the operator.
public final class WorkerHealth: Sendable {
    struct State {
        var started = false
        var stopping = false
        var stopped = false
        var failed = false
        var joined = false
        var lastPoll: ContinuousClock.Instant?
        var oldestInFlightSince: ContinuousClock.Instant?
        var producerRecovering = false
        /// When the partitions were lost, until the next assignment.
        var outOfGroupSince: ContinuousClock.Instant?
        var rejoinOverdueReported = false
    }

    private let state = Mutex(State())
    /// The poll loop counts as stalled after this long without a turn.
    public let stallThreshold: Duration
    /// In-flight work older than this marks the process as stuck.
    public let stuckWorkThreshold: Duration
    /// Out of the group this long after losing the partitions marks the process as stuck.
    public let rejoinThreshold: Duration

    init(
        stallThreshold: Duration = .seconds(30),
        stuckWorkThreshold: Duration = .seconds(600),
        rejoinThreshold: Duration = .seconds(300)
    ) {
        self.stallThreshold = stallThreshold
        self.stuckWorkThreshold = stuckWorkThreshold
        self.rejoinThreshold = rejoinThreshold
    }

    /// `/healthz`: `false` only when the process should be restarted.
    public var isAlive: Bool { self.livenessProblem == nil }

    /// `/readyz`: joined the group and polling.
    public var isReady: Bool { self.readinessProblem == nil }

    /// Why the process should be restarted, or `nil` when it should not.
    public var livenessProblem: String? {
        let now = ContinuousClock.now
        return self.state.withLock { state in
            if state.failed { return "the worker failed" }
            // Draining after SIGTERM is progress, not a stall: the orchestrator's grace period governs it.
            guard state.started, !state.stopping, !state.stopped else { return nil }
            if let last = state.lastPoll, now - last > self.stallThreshold {
                return "the poll loop has not turned for \(now - last)"
            }
            if let since = state.oldestInFlightSince, now - since > self.stuckWorkThreshold {
                return "in-flight work unfinished for \(now - since)"
            }
            if let since = state.outOfGroupSince, now - since > self.rejoinThreshold {
                return "not back in the consumer group \(now - since) after its partitions were lost"
            }
            return nil
        }
    }

    /// Why the worker should not be sent work, or `nil` when it is ready.
    public var readinessProblem: String? {
        let now = ContinuousClock.now
        return self.state.withLock { state in
            if state.failed { return "the worker failed" }
            if !state.started { return "starting" }
            if state.stopping || state.stopped { return "stopping" }
            if let since = state.outOfGroupSince {
                return "out of the consumer group for \(now - since) (partitions lost), rejoining"
            }
            if !state.joined { return "joining the consumer group" }
            if state.producerRecovering { return "the producer is being replaced" }
            guard let last = state.lastPoll, now - last <= .seconds(10) else { return "the poll loop is not turning" }
            return nil
        }
    }

    // MARK: - Updates from the worker

    func markStarted() { self.state.withLock { $0.started = true } }
    func markStopping() { self.state.withLock { $0.stopping = true } }
    func markStopped() { self.state.withLock { $0.stopped = true } }
    func markFailed() { self.state.withLock { $0.failed = true } }
    func markJoined() {
        self.state.withLock {
            $0.joined = true
            $0.outOfGroupSince = nil
            $0.rejoinOverdueReported = false
        }
    }
    /// The partitions were lost (the group gave them to others): out of the group until the next assignment.
    func markLostPartitions() {
        let now = ContinuousClock.now
        self.state.withLock {
            $0.joined = false
            if $0.outOfGroupSince == nil { $0.outOfGroupSince = now }
        }
    }
    /// How long the worker has been out of the group, once, the first time that is beyond ``rejoinThreshold``:
    /// the moment to say so in the log.
    func takeRejoinOverdue() -> Duration? {
        let now = ContinuousClock.now
        return self.state.withLock { state in
            guard let since = state.outOfGroupSince, now - since > self.rejoinThreshold, !state.rejoinOverdueReported
            else { return nil }
            state.rejoinOverdueReported = true
            return now - since
        }
    }
    /// Not ready while the producer is being replaced: nothing this worker takes can be published meanwhile.
    func markProducerRecovering(_ recovering: Bool) { self.state.withLock { $0.producerRecovering = recovering } }
    func markPolled(oldestInFlightSince: ContinuousClock.Instant?) {
        let now = ContinuousClock.now
        self.state.withLock {
            $0.lastPoll = now
            $0.oldestInFlightSince = oldestInFlightSince
        }
    }
}
