import DatelineKafka
import Foundation
import Synchronization
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// Members joining and leaving a cooperative-sticky group in overlapping waves, against the real broker.
///
/// Each wave starts new workers and sends SIGTERM to old ones as soon as the newcomers had their first
/// rebalance callback, so leaves land inside the newcomers' cooperative joins (the overlap that used to leave
/// partitions unowned). The group leader stays (see the test). After every wave each partition with a backlog must show committed progress within
/// ``progressBound``; at the end every input must have a result.
@Suite(
    .serialized,
    .timeLimit(.minutes(15)),
    .enabled(if: IntegrationEnvironment.isEnabled, IntegrationEnvironment.disabledReason)
)
struct GroupChurnTests {
    /// The stall bound the workers run with here (production: 180 s against Kafka's 45 s session timeout).
    static let stallSeconds = 20
    /// How long a partition with a backlog may go without committed progress after a wave: the stall bound,
    /// a check interval, a rejoin's rebalance (a few 6 s session timeouts on a loaded machine) and the commit
    /// interval, with room to spare.
    static let progressBound: Duration = .seconds(90)

    /// Joins and leaves per wave; the group has 2 members before the first.
    static let waves: [(joins: Int, leaves: Int)] = [(1, 1), (2, 1), (1, 2), (1, 1)]

    /// Produces articles in small batches until stopped.
    final class Feeder: Sendable {
        let stopped = Mutex(false)

        func run(_ scenario: Scenario) async throws {
            var next = 0
            while !self.stopped.withLock({ $0 }) {
                try await scenario.produceArticles(10, from: next, prefix: "churn")
                next += 10
                try await Task.sleep(for: .milliseconds(250))
            }
        }
    }

    @Test func overlappingJoinAndLeaveWavesLeaveNoPartitionUnowned() async throws {
        try await Scenario.run(inputPartitions: 6) { scenario in
            let environment = ["DATELINE_GROUP_STALL_SECONDS": String(Self.stallSeconds)]
            func start() throws -> ChildProcess { try scenario.startWorker(environment) }
            let feeder = Feeder()
            let feeding = Task { try await feeder.run(scenario) }
            // The first member is the group leader for the whole test: Tansu elects a leader only when it has
            // none, and keeps it while it is a member. It never leaves. Tansu 0.6 keeps a leader that sends
            // LeaveGroup while the group is forming, and then no member ever gets an assignment until the broker
            // reloads the group (README, "Scaling out"); that is the broker's bug, not the worker's, and the
            // stall detector cannot repair it. Every other member joins and leaves in overlapping waves.
            let anchor = try start()
            #expect(
                try await Self.waitForLog(anchor, containing: "Partitions assigned", timeout: .seconds(60)),
                "the first member never got its assignment"
            )
            var live = [try start()]
            let admin = try KafkaAdmin(brokers: scenario.broker.bootstrap)
            #expect(
                try await Self.waitForCommitted(scenario, admin: admin, atLeast: 200, timeout: .seconds(120)),
                "the first two members did not get going"
            )

            for (index, wave) in Self.waves.enumerated() {
                let joiners = try (0..<wave.joins).map { _ in try start() }
                // Leave while the newcomers' cooperative join is still going: right after their first callback.
                for joiner in joiners {
                    #expect(
                        try await Self.waitForLog(joiner, containing: "Partitions assigned", timeout: .seconds(60)),
                        "wave \(index + 1): \(joiner.name) never had a rebalance callback"
                    )
                }
                let leavers = Array(live.prefix(wave.leaves))
                live.removeFirst(wave.leaves)
                live += joiners
                for leaver in leavers { leaver.signal(SIGTERM) }
                for leaver in leavers {
                    let exit = try await leaver.waitForExit(timeout: .seconds(25))
                    #expect(exit?.status == 0, "wave \(index + 1): \(leaver.name) exit \(String(describing: exit))")
                }
                let stalled = try await Self.partitionsWithoutProgress(
                    scenario,
                    admin: admin,
                    within: Self.progressBound
                )
                #expect(
                    stalled.isEmpty,
                    "wave \(index + 1): partitions \(stalled) with a backlog made no progress within \(Self.progressBound)"
                )
                print("[churn] wave \(index + 1) stable; members \(([anchor] + live).map(\.name))")
            }

            feeder.stopped.withLock { $0 = true }
            try await feeding.value
            let inputs = try await scenario.inputSources()
            let results = try await scenario.waitForResults(atLeast: inputs.count, timeout: .seconds(240))
            let tally = scenario.tally("churn", inputs: inputs, results: results)
            #expect(tally.lost == 0)
            let rejoins = scenario.workers.map {
                $0.log.components(separatedBy: "rejoining the consumer group").count - 1
            }
            print("[churn] rejoins per worker: \(rejoins)")
        }
    }

    /// Waits until the group has committed at least `count` inputs in total (cheaper than reading the output).
    static func waitForCommitted(
        _ scenario: Scenario,
        admin: KafkaAdmin,
        atLeast count: Int64,
        timeout: Duration
    ) async throws -> Bool {
        let clock = ContinuousClock()
        let deadline = clock.now + timeout
        while clock.now < deadline {
            if let committed = try? await admin.committedOffsets(group: scenario.group, topic: scenario.input),
                committed.values.reduce(0, { $0 + max(0, $1) }) >= count
            {
                return true
            }
            try await Task.sleep(for: .milliseconds(500))
        }
        return false
    }

    /// Waits until the worker's log has a line containing `text`.
    static func waitForLog(_ worker: ChildProcess, containing text: String, timeout: Duration) async throws -> Bool {
        let clock = ContinuousClock()
        let deadline = clock.now + timeout
        while clock.now < deadline {
            if worker.log.contains(text) { return true }
            if !worker.isRunning { return false }
            try await Task.sleep(for: .milliseconds(50))
        }
        return false
    }

    /// The partitions that had a backlog now and whose committed offset did not move within `bound`.
    ///
    /// Uses committed offsets and watermarks only: the test broker does not list members in group descriptions.
    static func partitionsWithoutProgress(
        _ scenario: Scenario,
        admin: KafkaAdmin,
        within bound: Duration
    ) async throws -> [Int32] {
        let clock = ContinuousClock()
        let deadline = clock.now + bound
        let start = try await admin.committedOffsets(group: scenario.group, topic: scenario.input)
        let watermarks = try await admin.watermarks(topic: scenario.input)
        var waiting = Set(
            start.keys.filter { partition in
                guard let high = watermarks[partition]?.high else { return false }
                return high > max(start[partition] ?? 0, 0)
            }
        )
        while !waiting.isEmpty && clock.now < deadline {
            try await Task.sleep(for: .milliseconds(500))
            guard let now = try? await admin.committedOffsets(group: scenario.group, topic: scenario.input) else {
                continue
            }
            waiting = waiting.filter { (now[$0] ?? -1) <= (start[$0] ?? -1) }
        }
        return waiting.sorted()
    }
}
