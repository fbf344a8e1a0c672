/// Notices partitions of the subscribed topic that nobody consumes, and decides when this member rejoins the group.
///
/// A consumer group can end up with partitions that no member consumes while every member is content: a broker
/// that mishandles overlapping rebalances (Tansu 0.6 keeps a leader that left while the group was forming, so
/// nobody computes assignments and every SyncGroup fails), or a member left with an empty assignment after a
/// leave raced another member's cooperative join. The group's committed offsets and the partitions'
/// high watermarks show it on any broker, whether or not its group description lists members: a partition that
/// has a backlog and whose committed offset has not moved for ``stallTimeout`` is stalled.
///
/// A member judges only the partitions it does not own (its own partitions' progress is its own business:
/// producer recovery covers an output that stopped). When a stalled partition is seen the decision is to rejoin
/// (leave and join again), which makes the coordinator rebalance the whole group. Rejoins are bounded: after one,
/// a partition must stall for a whole new ``stallTimeout`` measured from the rejoin, and while stalls persist the
/// wait doubles up to ``maxBackoffFactor`` times the timeout. Any rebalance of this member restarts every clock,
/// so a rebalance that is still going on is never interrupted.
///
/// A value type fed with observations; the session gathers them off the poll thread and performs the decision.
struct GroupStallDetector: Sendable {
    /// Why a member rejoins; the `reason` label of `dateline_group_rejoins_total`.
    enum Reason: String, Sendable, CaseIterable {
        /// This member owns nothing while partitions with a backlog make no progress.
        case emptyAssignment = "empty_assignment"
        /// This member owns partitions, and others with a backlog make no progress.
        case unownedBacklog = "unowned_backlog"
    }

    /// One partition of the subscribed topic, as the group coordinator and the partition leader see it.
    struct PartitionProgress: Sendable, Equatable {
        /// The group's committed offset; `nil` when nothing is committed.
        var committed: Int64?
        /// The low watermark (where a group without a committed offset starts: `auto.offset.reset=earliest`).
        var low: Int64
        /// The high watermark (the offset the next record will get).
        var high: Int64

        /// Records not yet committed by the group.
        var backlog: Int64 { max(0, self.high - max(self.committed ?? self.low, self.low)) }
    }

    /// What one look at the group showed.
    struct Observation: Sendable {
        /// Every partition of the subscribed topic.
        var partitions: [Int32: PartitionProgress]
        /// The partitions this member owns now.
        var owned: Set<Int32>
    }

    /// What the member should do.
    enum Decision: Sendable, Equatable {
        /// Nothing: every partition with a backlog is owned here or moving.
        case none
        /// Leave and join the group again.
        case rejoin(Reason, stalled: [Int32])
    }

    /// How long a partition with a backlog may keep the same committed offset before it counts as stalled.
    let stallTimeout: Duration
    /// The longest wait between rejoins while stalls persist, as a multiple of ``stallTimeout``.
    let maxBackoffFactor: Int

    /// Per partition: the committed offset last seen and since when it has not changed.
    private var unchanged: [Int32: (committed: Int64?, since: ContinuousClock.Instant)] = [:]
    /// The partitions found stalled at the last rejoin, with their committed offsets then; emptied as they move.
    private var stalledAtRejoin: [Int32: Int64?] = [:]
    /// The last rejoin, for the bound on how often.
    private(set) var lastRejoin: ContinuousClock.Instant?
    /// Rejoins since partitions last stopped being stalled (the ones stalled at the last rejoin all moved).
    private(set) var consecutiveRejoins = 0

    /// - Parameters:
    ///   - stallTimeout: See ``stallTimeout``; several session timeouts, so a member that died is first removed
    ///     by the coordinator and its partitions handed over by the ordinary rebalance.
    ///   - maxBackoffFactor: See ``maxBackoffFactor``.
    init(stallTimeout: Duration, maxBackoffFactor: Int = 8) {
        precondition(stallTimeout > .zero, "a stall timeout must be positive")
        self.stallTimeout = stallTimeout
        self.maxBackoffFactor = max(1, maxBackoffFactor)
    }

    /// The wait after ``lastRejoin`` before the next rejoin may happen: twice the timeout after the first of a
    /// series, doubling up to ``maxBackoffFactor`` times it; one timeout once the last rejoin got things moving.
    var rejoinInterval: Duration {
        self.stallTimeout * min(self.maxBackoffFactor, 1 << min(self.consecutiveRejoins, 16))
    }

    /// This member's assignment changed (assigned, revoked or lost): the group is moving, restart every clock.
    mutating func rebalanced() {
        self.unchanged.removeAll()
    }

    /// Takes one observation of the group.
    ///
    /// - Returns: ``Decision/rejoin(_:stalled:)`` when a partition this member does not own has a backlog and
    ///   its committed offset has stayed the same for ``stallTimeout``, and the rejoin bound allows it.
    mutating func observe(_ observation: Observation, at now: ContinuousClock.Instant) -> Decision {
        var stalled: [Int32] = []
        for (partition, progress) in observation.partitions.sorted(by: { $0.key < $1.key }) {
            if let before = self.stalledAtRejoin[partition], before != progress.committed || progress.backlog == 0 {
                self.stalledAtRejoin[partition] = nil
            }
            guard let previous = self.unchanged[partition], previous.committed == progress.committed else {
                self.unchanged[partition] = (progress.committed, now)
                continue
            }
            if progress.backlog > 0, !observation.owned.contains(partition), now - previous.since >= self.stallTimeout {
                stalled.append(partition)
            }
        }
        if self.stalledAtRejoin.isEmpty {
            // The last rejoin got everything moving again: a new stall starts the backoff afresh.
            self.consecutiveRejoins = 0
        }
        guard !stalled.isEmpty else { return .none }
        if let last = self.lastRejoin, now - last < self.rejoinInterval { return .none }
        self.consecutiveRejoins += 1
        self.lastRejoin = now
        self.stalledAtRejoin = Dictionary(
            uniqueKeysWithValues: stalled.map { ($0, observation.partitions[$0]?.committed ?? nil) }
        )
        self.rebalanced()
        return .rejoin(observation.owned.isEmpty ? .emptyAssignment : .unownedBacklog, stalled: stalled)
    }
}
