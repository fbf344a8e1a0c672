/// Whether the output producer is usable, and for how long it has not been.
///
/// A delivery that fails after librdkafka's own retries (`message.timeout.ms`), or a fatal producer error
/// (a fenced idempotent producer), means this producer instance may never deliver again: some brokers
/// answer every later request of a producer whose epoch was bumped with `PRODUCER_FENCED`. The worker then
/// replaces the instance (a fresh producer id) and sends everything unacknowledged again, with backoff, until
/// a delivery succeeds; if none succeeds within the recovery bound it gives up so that its supervisor
/// restarts it and the group moves its partitions to healthy members.
struct ProducerHealth: Sendable {
    enum State: Sendable {
        /// Generation `generation` is live and delivering (or has not failed yet).
        case live
        /// Generation `generation` failed; a replacement was requested and has not reported ready.
        case replacing
    }

    private(set) var state: State = .live
    /// The producer instance in use; delivery reports of older generations never count as failures.
    private(set) var generation: UInt64 = 1
    /// When the producer stopped delivering (first failure since the last success).
    private(set) var failingSince: ContinuousClock.Instant?
    /// Replacements since the last success, for the backoff.
    private(set) var attempts = 0

    var canProduce: Bool {
        if case .live = self.state { return true }
        return false
    }

    /// A delivery of `generation` failed, or it raised a fatal error.
    ///
    /// - Returns: The generation to create and how long to wait first, or `nil` when this failure changes
    ///   nothing (an older generation, or a replacement is already on its way).
    mutating func failed(
        generation: UInt64,
        at now: ContinuousClock.Instant,
        backoff: Duration,
        maxBackoff: Duration
    ) -> (generation: UInt64, delay: Duration)? {
        guard generation == self.generation, case .live = self.state else { return nil }
        if self.failingSince == nil { self.failingSince = now }
        self.state = .replacing
        let delay = self.attempts == 0 ? .zero : min(maxBackoff, backoff * (1 << min(self.attempts - 1, 16)))
        self.attempts += 1
        self.generation += 1
        return (self.generation, delay)
    }

    /// The replacement for `generation` is up.
    ///
    /// - Returns: Whether it is the current one (a stale report changes nothing).
    mutating func ready(generation: UInt64) -> Bool {
        guard generation == self.generation, case .replacing = self.state else { return false }
        self.state = .live
        return true
    }

    /// A delivery succeeded: the producer works.
    mutating func delivered() {
        self.failingSince = nil
        self.attempts = 0
    }

    /// Whether the producer has not delivered for longer than `bound` since it first failed.
    func hasFailed(for bound: Duration, at now: ContinuousClock.Instant) -> Bool {
        guard let since = self.failingSince else { return false }
        return now - since > bound
    }
}
