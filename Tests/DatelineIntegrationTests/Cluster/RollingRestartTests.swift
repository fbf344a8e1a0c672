import DatelineKafka
import Foundation
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// Rolling restarts with static membership (`group.instance.id`, as the Kubernetes manifests derive it from the
/// pod name): each worker in turn is stopped with SIGTERM and started again under the same instance id within the
/// session timeout. The group keeps the member's assignment for it, so the others see no rebalance, and the
/// drain on SIGTERM commits everything it produced: 0 lost, 0 duplicates.
@Suite(
    .serialized,
    .timeLimit(.minutes(6)),
    .enabled(if: IntegrationEnvironment.isEnabled, IntegrationEnvironment.disabledReason)
)
struct RollingRestartTests {
    /// Long enough for a drain, a process start and a join on a loaded 2-core machine; the measured restart
    /// time is printed so the budget can be compared with it.
    static let sessionTimeout: Duration = .seconds(30)

    @Test func restartingEachStaticMemberInTurnMovesNoPartitionAndLosesNothing() async throws {
        try await Scenario.run(inputPartitions: 6, workerHosts: ["n1", "n2", "n3"]) { scenario in
            let feeder = Task { try await scenario.feedUntilCancelled(batch: 20, pause: .milliseconds(100)) }
            let hosts = ["n1", "n2", "n3"]
            func settings(_ host: String) -> [String: String] {
                [
                    "DATELINE_GROUP_INSTANCE_ID": "dateline-\(host)",
                    "DATELINE_KAFKA_SESSION_TIMEOUT_MS": String(Self.sessionTimeout.components.seconds * 1000),
                ]
            }
            var workers: [String: ChildProcess] = [:]
            for host in hosts {
                workers[host] = try scenario.startWorker(settings(host), on: host)
            }
            for host in hosts {
                #expect(
                    await ClusterFaultTests.eventuallyAssigned(workers[host]!, after: 0, timeout: .seconds(90)),
                    "\(host) never got partitions:\n\(workers[host]!.tail())"
                )
            }
            // Rebalances settle before the restarts begin: every member's assignment count stays put for a while.
            var counts = Self.rebalanceEvents(workers)
            let settleDeadline = ContinuousClock.now + .seconds(60)
            while ContinuousClock.now < settleDeadline {
                try await Task.sleep(for: .seconds(3))
                let now = Self.rebalanceEvents(workers)
                if now == counts { break }
                counts = now
            }

            var restartTimes: [Duration] = []
            for host in hosts {
                let before = Self.rebalanceEvents(workers.filter { $0.key != host })
                let stopped = ContinuousClock.now
                workers[host]!.signal(SIGTERM)
                let exit = try await workers[host]!.waitForExit(timeout: .seconds(25))
                #expect(exit?.status == 0, "\(host) exit \(String(describing: exit))")
                workers[host] = try scenario.startWorker(settings(host), on: host)
                let back = await ClusterFaultTests.eventuallyAssigned(
                    workers[host]!,
                    after: 0,
                    timeout: Self.sessionTimeout
                )
                #expect(
                    back,
                    "\(host) did not get its partitions back within the session timeout:\n\(workers[host]!.tail())"
                )
                restartTimes.append(ContinuousClock.now - stopped)
                let after = Self.rebalanceEvents(workers.filter { $0.key != host })
                #expect(after == before, "restarting \(host) rebalanced the others: \(before) → \(after)")
            }
            print(
                "[rolling restart] SIGTERM to partitions back: "
                    + restartTimes.map { GroupProgress.seconds($0) }.joined(separator: ", ")
                    + " (session timeout \(GroupProgress.seconds(Self.sessionTimeout)))"
            )

            feeder.cancel()
            let produced = try await feeder.value
            let results = try await scenario.waitForResults(atLeast: produced, timeout: .seconds(120))
            let tally = scenario.tally("rolling restart", inputs: try await scenario.inputSources(), results: results)
            #expect(tally.lost == 0)
            #expect(tally.duplicates == 0)
        }
    }

    /// Assignment, revocation and loss lines per worker: the others' must not change while one restarts.
    static func rebalanceEvents(_ workers: [String: ChildProcess]) -> [String: Int] {
        workers.mapValues { worker in
            worker.log.split(separator: "\n").filter {
                $0.contains("Partitions assigned") || $0.contains("Partitions revoked")
                    || $0.contains("Partitions lost")
            }.count
        }
    }
}
