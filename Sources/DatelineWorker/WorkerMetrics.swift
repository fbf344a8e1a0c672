import CoreMetrics
import Metrics
import Synchronization

/// The worker's metrics, created once with fixed labels (swift-metrics API; the executable picks the backend).
final class WorkerMetrics: Sendable {
    let consumed = Counter(label: "dateline_messages_consumed_total")
    let produced = Counter(label: "dateline_records_produced_total")
    let failed = Counter(label: "dateline_messages_failed_total")
    let inFlight = Gauge(label: "dateline_in_flight_messages")
    let processingDuration = Timer(label: "dateline_processing_duration_seconds", preferredDisplayUnit: .seconds)
    let pausedPartitions = Gauge(label: "dateline_paused_partitions")
    let produceRetries = Counter(label: "dateline_produce_retries_total")
    let producerRecreations = Counter(label: "dateline_producer_recreations_total")
    let commits = Counter(label: "dateline_commits_total")
    let commitFailures = Counter(label: "dateline_commit_failures_total")
    let rebalancesAssign = Counter(label: "dateline_rebalances_total", dimensions: [("kind", "assign")])
    let rebalancesRevoke = Counter(label: "dateline_rebalances_total", dimensions: [("kind", "revoke")])
    let rebalancesLost = Counter(label: "dateline_rebalances_total", dimensions: [("kind", "lost")])
    /// 1 while the worker holds a group assignment (even an empty one), 0 from a lost assignment until the next.
    let groupMember = Gauge(label: "dateline_group_member")

    /// Rejoins of the consumer group by the stall detector, per ``GroupStallDetector/Reason``.
    private let groupRejoins: [GroupStallDetector.Reason: Counter] = Dictionary(
        uniqueKeysWithValues: GroupStallDetector.Reason.allCases.map {
            ($0, Counter(label: "dateline_group_rejoins_total", dimensions: [("reason", $0.rawValue)]))
        }
    )

    /// One counter per rejection code, created up front (the set is closed).
    private let deadLettered: [String: Counter]
    /// Lag gauges of owned partitions only; created on assignment, destroyed on revoke.
    private let lag = Mutex<[Int32: Gauge]>([:])
    /// The `topic` and `group` labels of the lag gauges, so that several workers and groups aggregate apart.
    private let lagLabels: [(String, String)]

    init(rejectionCodes: [String], topic: String = "", group: String = "") {
        self.lagLabels = [("topic", topic), ("group", group)]
        var deadLettered: [String: Counter] = [:]
        for code in rejectionCodes {
            deadLettered[code] = Counter(label: "dateline_messages_dead_lettered_total", dimensions: [("reason", code)])
        }
        self.deadLettered = deadLettered
    }

    /// Counts one acknowledged dead letter.
    func deadLettered(reason: String) {
        (self.deadLettered[reason] ?? self.deadLettered["pipeline-error"])?.increment()
    }

    /// Counts one rejoin of the consumer group.
    func groupRejoined(reason: GroupStallDetector.Reason) {
        self.groupRejoins[reason]?.increment()
    }

    /// Sets the lag of an owned partition.
    func setLag(partition: Int32, _ value: Int64) {
        let gauge = self.lag.withLock { gauges in
            if let gauge = gauges[partition] { return gauge }
            let gauge = Gauge(
                label: "dateline_consumer_lag_messages",
                dimensions: self.lagLabels + [("partition", String(partition))]
            )
            gauges[partition] = gauge
            return gauge
        }
        gauge.record(value)
    }

    /// Removes the lag series of a partition this worker no longer owns.
    func removeLag(partition: Int32) {
        let gauge = self.lag.withLock { $0.removeValue(forKey: partition) }
        gauge?.destroy()
    }
}
