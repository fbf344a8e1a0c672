import Synchronization

/// Live health of a ``Worker``, safe to read from any thread (the metrics server's `/healthz` and `/readyz`).
///
/// Semantics:
/// - **alive** unless the worker failed fatally, or it is running and its poll loop has not turned for
///   ``stallThreshold`` (a wedged thread), or the oldest in-flight message has been unfinished for longer than
///   ``stuckWorkThreshold``.
/// - **ready** when the poll loop runs, the group was joined (the first assignment arrived, even an empty one:
///   members beyond the partition count are legitimately idle) and it polled recently.
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
    }

    private let state = Mutex(State())
    /// The poll loop counts as stalled after this long without a turn.
    public let stallThreshold: Duration
    /// In-flight work older than this marks the process as stuck.
    public let stuckWorkThreshold: Duration

    init(stallThreshold: Duration = .seconds(30), stuckWorkThreshold: Duration = .seconds(600)) {
        self.stallThreshold = stallThreshold
        self.stuckWorkThreshold = stuckWorkThreshold
    }

    /// `/healthz`: `false` only when the process should be restarted.
    public var isAlive: Bool {
        let now = ContinuousClock.now
        return self.state.withLock { state in
            if state.failed { return false }
            // Draining after SIGTERM is progress, not a stall: the orchestrator's grace period governs it.
            guard state.started, !state.stopping, !state.stopped else { return true }
            if let last = state.lastPoll, now - last > self.stallThreshold { return false }
            if let since = state.oldestInFlightSince, now - since > self.stuckWorkThreshold { return false }
            return true
        }
    }

    /// `/readyz`: joined the group and polling.
    public var isReady: Bool {
        let now = ContinuousClock.now
        return self.state.withLock { state in
            guard state.started, !state.stopping, !state.stopped, !state.failed, state.joined,
                !state.producerRecovering, let last = state.lastPoll
            else {
                return false
            }
            return now - last <= .seconds(10)
        }
    }

    // MARK: - Updates from the worker

    func markStarted() { self.state.withLock { $0.started = true } }
    func markStopping() { self.state.withLock { $0.stopping = true } }
    func markStopped() { self.state.withLock { $0.stopped = true } }
    func markFailed() { self.state.withLock { $0.failed = true } }
    func markJoined() { self.state.withLock { $0.joined = true } }
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
