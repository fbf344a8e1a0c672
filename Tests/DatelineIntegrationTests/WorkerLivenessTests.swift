import DatelineKafka
import Foundation
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// Liveness of the real `dateline run` against a real Tansu broker: broker stalls longer than the delivery
/// timeout (so the worker's own recovery path meets a real broker), and every partition of a backlog moving.
@Suite(
    .serialized,
    .timeLimit(.minutes(6)),
    .enabled(if: IntegrationEnvironment.isEnabled, IntegrationEnvironment.disabledReason)
)
struct WorkerLivenessTests {
    /// A 2.5 s stall with a 1.5 s delivery timeout, then a 10 s one (longer than the session timeout: the group
    /// drops the member and it rejoins). Deliveries that time out make the worker replace its producer and send
    /// everything unacknowledged again (the mock-cluster tests force that path); nothing is lost, work resumes.
    @Test func brokerStallsLongerThanTheDeliveryTimeoutLoseNothingAndWorkResumes() async throws {
        try await Scenario.run { scenario in
            // Long enough articles that the backlog outlasts both stalls.
            for first in stride(from: 0, to: 3000, by: 500) {
                try await scenario.produceArticles(500, from: first, sentences: 120)
            }
            let metricsPort = IntegrationEnvironment.freePort()
            let worker = try scenario.startWorker([
                // Requests in flight time out too (librdkafka waits request.timeout.ms for them, 30 s by default).
                "DATELINE_KAFKA_MESSAGE_TIMEOUT_MS": "1500",
                "DATELINE_KAFKA_REQUEST_TIMEOUT_MS": "1000",
                "DATELINE_MAX_IN_FLIGHT": "1024",
                "DATELINE_METRICS_PORT": String(metricsPort),
            ])
            _ = try await scenario.waitForResults(atLeast: 300)
            scenario.broker.pause()
            try await Task.sleep(for: .milliseconds(2500))
            scenario.broker.resume()
            let afterShortStall = try await scenario.waitForResults(atLeast: 1500)
            #expect(Set(afterShortStall.compactMap { $0.header("dateline-source") }).count >= 1500)
            scenario.broker.pause()
            try await Task.sleep(for: .seconds(10))
            scenario.broker.resume()
            try await scenario.produceArticles(500, from: 3000, prefix: "late")
            let results = try await scenario.waitForResults(atLeast: 3500, timeout: .seconds(180))
            #expect(worker.isRunning, "the worker must survive both stalls")
            #expect(await HTTP.eventually(port: metricsPort, path: "/healthz") { $0.status == 200 })
            #expect(await HTTP.eventually(port: metricsPort, path: "/readyz") { $0.status == 200 })
            let tally = scenario.tally("broker stalls", inputs: try await scenario.inputSources(), results: results)
            #expect(tally.lost == 0)
            let replaced = worker.log.components(separatedBy: "Producer replaced").count - 1
            print("[broker stalls] producer replacements: \(replaced)")
            worker.signal(SIGTERM)
            let exit = try await worker.waitForExit(timeout: .seconds(30))
            #expect(exit?.status == 0 && exit?.signalled == false, "exit \(String(describing: exit))")
        }
    }

    /// A backlog on four partitions and one worker: output comes from every partition all the time, not from one
    /// partition after another. Checked on the order of the output records (counts, not wall time): while every
    /// partition still has input left, each window of 200 consecutive records holds records of all four.
    @Test func everyPartitionOfABacklogKeepsMoving() async throws {
        try await Scenario.run { scenario in
            let total = 4000
            for first in stride(from: 0, to: total, by: 500) {
                try await scenario.produceArticles(500, from: first)
            }
            try scenario.startWorker(["DATELINE_MAX_IN_FLIGHT": "1024"])
            let results = try await scenario.waitForResults(atLeast: total)
            // Output records in the order they were written (broker timestamps, then output offsets).
            let ordered = results.filter { $0.topic == scenario.output }
                .sorted { ($0.timestampMilliseconds ?? 0, $0.offset) < ($1.timestampMilliseconds ?? 0, $1.offset) }
            let partitions = ordered.compactMap { record -> (Int, Int64)? in
                guard let source = record.header("dateline-source")?.split(separator: "/"), source.count == 3,
                    let partition = Int(source[1])
                else { return nil }
                return (partition, record.timestampMilliseconds ?? 0)
            }
            let lastIndex = Dictionary(partitions.enumerated().map { ($0.element.0, $0.offset) }) { max($0, $1) }
            let allBusyUntil = lastIndex.values.min() ?? 0
            var starved = 0
            var window = 0
            while (window + 1) * 200 <= allBusyUntil {
                let seen = Set(partitions[(window * 200)..<((window + 1) * 200)].map(\.0))
                if seen.count < 4 { starved += 1 }
                window += 1
            }
            // The longest wait of a partition for its next record, for the report (wall time is not asserted).
            var longest: Int64 = 0
            var last: [Int: Int64] = [:]
            for (partition, stamp) in partitions.prefix(allBusyUntil + 1) {
                if let previous = last[partition] { longest = max(longest, stamp - previous) }
                last[partition] = stamp
            }
            print("[fairness] windows \(window) starved \(starved) longest wait \(longest) ms")
            #expect(window >= 5, "the backlog must span several windows")
            #expect(starved == 0, "\(starved) of \(window) windows of 200 records missed a partition")
        }
    }
}
