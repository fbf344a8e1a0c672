import DatelineKafka
import Foundation
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// Workers on separate hosts (network namespaces on one bridge, the broker on a host of its own) while a node
/// loses its link, freezes or dies for longer than the session timeout, with input arriving all the time.
///
/// Bounds, with the scenario's 6 s session timeout and 1 s heartbeat:
/// - the survivor takes over within ``takeoverBound`` of the fault (the broker's session timeout plus a
///   cooperative rebalance), and from then on every partition's committed offset advances at least every
///   ``progressBound``;
/// - after the heal the node rejoins and is given partitions within ``rejoinBound``, and the group is stable
///   again (every partition advancing within ``progressBound``);
/// - 0 lost; duplicates at most the node's in-flight bound plus what it processed in the last commit interval
///   before the fault (its acknowledged but not yet committed work), see ``duplicateBound``.
///
/// Packet loss and delay (`tc netem`) are left out: this machine's kernel has no netem qdisc.
@Suite(
    .serialized,
    .timeLimit(.minutes(8)),
    .enabled(if: IntegrationEnvironment.isEnabled, IntegrationEnvironment.disabledReason)
)
struct ClusterFaultTests {
    enum Fault: String, CustomStringConvertible, CaseIterable, Sendable {
        /// The node's bridge port goes down; the process runs on, cut off.
        case linkCut
        /// The same with a delivery timeout shorter than the cut: its producer gives up on what it had in flight.
        case linkCutWithShortDeliveryTimeout
        /// SIGSTOP, then SIGCONT: the node wakes up long after its session expired.
        case frozen
        /// SIGKILL, and a new process on the same host later.
        case killed

        var description: String { self.rawValue }
    }

    static let faultDuration: Duration = .seconds(25)
    static let takeoverBound: Duration = .seconds(14)
    static let progressBound: Duration = .seconds(3)
    static let rejoinBound: Duration = .seconds(45)
    /// `group_rejoin_seconds` in the plain link-cut case: shorter than the cut.
    static let rejoinDeadline: Duration = .seconds(8)
    static let maxInFlight = 64
    /// Input rate of the feeder, at most (batches of 20 every 100 ms).
    static let feedRate = 200

    /// The node's in-flight work: what it may have sent without its offset being committed.
    static var duplicateBound: Int { Self.maxInFlight + 2 * Self.feedRate }

    @Test(arguments: Fault.allCases)
    func aNodeThatLosesTheGroupComesBackWithoutLossOrStall(_ fault: Fault) async throws {
        try await Scenario.run(workerHosts: ["w1", "w2"]) { scenario in
            let progress = try GroupProgress(
                brokers: scenario.broker.bootstrap,
                group: scenario.group,
                topic: scenario.input,
                partitions: 4
            )
            defer { progress.stop() }
            let feeder = Task { try await scenario.feedUntilCancelled(batch: 20, pause: .milliseconds(100)) }
            var settings = ["DATELINE_MAX_IN_FLIGHT": String(Self.maxInFlight)]
            if fault == .linkCutWithShortDeliveryTimeout {
                settings["DATELINE_KAFKA_MESSAGE_TIMEOUT_MS"] = "5000"
            }
            if fault == .linkCut {
                // Shorter than the cut, so the node's health turns while it is away.
                settings["DATELINE_GROUP_REJOIN_SECONDS"] = String(Self.rejoinDeadline.components.seconds)
            }
            let metricsPort = 9400
            settings["DATELINE_METRICS_PORT"] = String(metricsPort)
            let survivor = try scenario.startWorker(settings, on: "w1")
            var node = try scenario.startWorker(settings, on: "w2")
            let address = scenario.testBed!.host("w2").address

            // Both members own partitions and every partition moves.
            #expect(await Self.eventuallyAssigned(node, after: 0, timeout: .seconds(60)), "\(node.tail())")
            #expect(await Self.eventuallyAssigned(survivor, after: 0, timeout: .seconds(30)), "\(survivor.tail())")
            let stable = try await progress.waitUntilEveryPartitionMoves(
                within: Self.progressBound,
                timeout: .seconds(60)
            )
            try #require(stable != nil, "the group never became stable before the fault")

            let faultStart = ContinuousClock.now
            let faultStartDate = Date()
            switch fault {
            case .linkCut, .linkCutWithShortDeliveryTimeout: try scenario.testBed!.cut("w2")
            case .frozen: node.signal(SIGSTOP)
            case .killed: node.signal(SIGKILL)
            }
            if fault == .linkCut {
                try await Self.expectHealthWhileCutOff(node, on: "w2", port: metricsPort, testBed: scenario.testBed!)
            }
            try await Task.sleep(until: faultStart + Self.faultDuration)
            let assignmentsBefore = Self.assignments(in: node)
            switch fault {
            case .linkCut, .linkCutWithShortDeliveryTimeout: try scenario.testBed!.heal("w2")
            case .frozen: node.signal(SIGCONT)
            case .killed: node = try scenario.startWorker(settings, on: "w2")
            }
            let faultEnd = ContinuousClock.now

            // While the node was away the survivor did all the work.
            let away = (faultStart + Self.takeoverBound)..<faultEnd
            let stallsWhileAway = progress.longestStalls(in: away)
            print("[cluster \(fault)] longest stalls while the node was away: \(progress.describe(away))")
            #expect(
                stallsWhileAway.values.allSatisfy { $0 < Self.progressBound },
                "a partition stalled while the node was away: \(progress.describe(away))\n\(progress.timeline(faultStart..<faultEnd))"
            )
            if !stallsWhileAway.values.allSatisfy({ $0 < Self.progressBound }) {
                // Where the time went: gaps between outputs as the workers produced them (record timestamps).
                let outputs = (try? await scenario.results()) ?? []
                let from = Int64(faultStartDate.timeIntervalSince1970 * 1000) + 14_000
                var byPartition: [String: [Int64]] = [:]
                for record in outputs {
                    guard let source = record.header("dateline-source"), let time = record.timestampMilliseconds,
                        time >= from, time < from + 11_000
                    else { continue }
                    byPartition[String(source.split(separator: "/")[1]), default: []].append(time)
                }
                for (partition, times) in byPartition.sorted(by: { $0.key < $1.key }) {
                    let sorted = times.sorted()
                    let gap = zip(sorted, sorted.dropFirst()).map { $1 - $0 }.max() ?? -1
                    print(
                        "[cluster \(fault)] p\(partition): \(times.count) outputs in the away window, longest gap \(gap) ms"
                    )
                }
            }
            if fault != .killed {
                #expect(
                    await Self.eventually(timeout: .seconds(30)) { node.log.contains("Partitions lost") },
                    "the node must notice it lost its partitions:\n\(node.tail())"
                )
            }

            // It rejoins on its own, gets partitions, and the group is stable again.
            let rejoined = await Self.eventuallyAssigned(
                node,
                after: fault == .killed ? 0 : assignmentsBefore,
                timeout: Self.rejoinBound
            )
            #expect(rejoined, "the node did not rejoin within \(Self.rejoinBound):\n\(node.tail())")
            let stableAgain = try await progress.waitUntilEveryPartitionMoves(
                within: Self.progressBound,
                timeout: .seconds(30)
            )
            #expect(
                stableAgain != nil,
                "not stable after the rejoin: \(progress.describe(faultEnd..<ContinuousClock.now))"
            )
            #expect(
                await HTTP.eventually(host: address, port: metricsPort, path: "/readyz") { $0.status == 200 },
                "the node must be ready again"
            )
            #expect(
                await HTTP.eventually(host: address, port: metricsPort, path: "/healthz") { $0.status == 200 },
                "the node must be alive again"
            )
            if let stableAgain {
                print("[cluster \(fault)] stable again \(stableAgain - faultEnd) after the fault ended")
            }

            feeder.cancel()
            let produced = try await feeder.value
            let results = try await scenario.waitForResults(atLeast: produced, timeout: .seconds(180))
            let tally = scenario.tally("cluster \(fault)", inputs: try await scenario.inputSources(), results: results)
            #expect(tally.lost == 0)
            #expect(tally.duplicates <= Self.duplicateBound, "duplicates beyond the node's in-flight work")
            #expect(survivor.isRunning && node.isRunning)
        }
    }

    /// A cut-off node knows it: not ready once its partitions are lost, not alive once it has stayed out of the
    /// group for ``rejoinDeadline``, with the reason in both bodies and in its log. Asked from inside its host.
    static func expectHealthWhileCutOff(
        _ node: ChildProcess,
        on host: String,
        port: Int,
        testBed: NetworkTestBed
    ) async throws {
        #expect(
            await Self.eventually(timeout: .seconds(15)) {
                testBed.httpGet(on: host, port: port, path: "/readyz").map {
                    $0.status == 503 && $0.body.contains("out of the consumer group")
                } ?? false
            },
            "/readyz of a node out of the group: \(String(describing: testBed.httpGet(on: host, port: port, path: "/readyz")))"
        )
        #expect(
            await Self.eventually(timeout: Self.rejoinDeadline + .seconds(8)) {
                testBed.httpGet(on: host, port: port, path: "/healthz").map {
                    $0.status == 503 && $0.body.contains("not back in the consumer group")
                } ?? false
            },
            "/healthz of a node out of the group too long: \(String(describing: testBed.httpGet(on: host, port: port, path: "/healthz")))"
        )
        #expect(
            await Self.eventually(timeout: .seconds(5)) { node.log.contains("Not back in the consumer group") },
            "the log must say so:\n\(node.tail())"
        )
    }

    /// Non-empty "Partitions assigned" lines in the worker's log.
    static func assignments(in worker: ChildProcess) -> Int {
        worker.log.split(separator: "\n").filter {
            $0.contains("Partitions assigned") && !$0.contains("kafka.partitions=[]")
        }.count
    }

    static func eventuallyAssigned(_ worker: ChildProcess, after count: Int, timeout: Duration) async -> Bool {
        await Self.eventually(timeout: timeout) { Self.assignments(in: worker) > count }
    }

    static func eventually(timeout: Duration, _ condition: () -> Bool) async -> Bool {
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            if condition() { return true }
            try? await Task.sleep(for: .milliseconds(250))
        }
        return condition()
    }
}
