import DatelineKafka
import Foundation
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// The real `dateline run` binary against a real Tansu broker, with real signals (spec, "Tests that must exist").
///
/// Every test starts its own broker on a free port, uses unique topics and group, and stops everything it
/// started. Fault tests print `lost=` and `duplicates=` lines.
@Suite(
    .serialized,
    .timeLimit(.minutes(5)),
    .enabled(if: IntegrationEnvironment.isEnabled, IntegrationEnvironment.disabledReason)
)
struct WorkerIntegrationTests {
    @Test func everyArticleYieldsExactlyOneRecordMatchedBySource() async throws {
        try await Scenario.run { scenario in
            try await scenario.produceArticles(200)
            let metricsPort = IntegrationEnvironment.freePort()
            let worker = try scenario.startWorker(["DATELINE_METRICS_PORT": String(metricsPort)])
            let results = try await scenario.waitForResults(atLeast: 200)

            // Health and metrics of the running worker.
            #expect(await HTTP.get(port: metricsPort, path: "/healthz")?.status == 200)
            #expect(await HTTP.eventually(port: metricsPort, path: "/readyz") { $0.status == 200 })
            let metrics = await HTTP.eventually(port: metricsPort, path: "/metrics") {
                $0.body.contains("dateline_records_produced_total")
                    && $0.body.contains("dateline_messages_consumed_total")
            }
            #expect(metrics, "metrics must include the worker's counters")
            let inputs = try await scenario.inputSources()
            let tally = scenario.tally("basic flow", inputs: inputs, results: results)
            #expect(inputs.count == 200)
            #expect(tally.lost == 0)
            #expect(tally.duplicates == 0)
            for record in results {
                #expect(
                    record.topic == scenario.output,
                    "no dead letters expected, got \(record.header("dateline-error") ?? "")"
                )
                #expect(record.header("dateline-schema") == "dateline.article/v1")
                let object = try #require(try JSONSerialization.jsonObject(with: Data(record.value)) as? [String: Any])
                let source = try #require(object["source"] as? [String: Any])
                let coordinates = "\(source["topic"] ?? "")/\(source["partition"] ?? "")/\(source["offset"] ?? "")"
                #expect(coordinates == record.header("dateline-source"))
                #expect(object["schema"] as? String == "dateline.article/v1")
                #expect((object["id"] as? String).map { Array($0.utf8) } == record.key)
            }
            worker.signal(SIGTERM)
            let exit = try await worker.waitForExit(timeout: .seconds(25))
            #expect(exit?.status == 0 && exit?.signalled == false, "exit \(String(describing: exit))")
        }
    }

    @Test func sigkillMidStreamLosesNothing() async throws {
        try await Scenario.run { scenario in
            let feeder = Task { try await scenario.feed(total: 2000) }
            let first = try scenario.startWorker()
            _ = try await scenario.waitForResults(atLeast: 300)
            first.signal(SIGKILL)
            let exit = try await first.waitForExit(timeout: .seconds(10))
            #expect(exit?.signalled == true)
            try await feeder.value
            try scenario.startWorker()
            let results = try await scenario.waitForResults(atLeast: 2000)
            let tally = scenario.tally("SIGKILL", inputs: try await scenario.inputSources(), results: results)
            #expect(tally.lost == 0)
        }
    }

    @Test func sigtermMidStreamExitsCleanlyWithoutLossOrDuplicates() async throws {
        try await Scenario.run { scenario in
            let feeder = Task { try await scenario.feed(total: 2000) }
            let first = try scenario.startWorker(["DATELINE_SHUTDOWN_GRACE_SECONDS": "15"])
            _ = try await scenario.waitForResults(atLeast: 300)
            first.signal(SIGTERM)
            // Exit 0 within the grace period (plus a little for process teardown).
            let exit = try await first.waitForExit(timeout: .seconds(17))
            #expect(exit != nil, "the worker did not exit within the grace period")
            #expect(exit?.status == 0 && exit?.signalled == false, "exit \(String(describing: exit))")
            try await feeder.value
            try scenario.startWorker()
            let results = try await scenario.waitForResults(atLeast: 2000)
            let tally = scenario.tally("SIGTERM", inputs: try await scenario.inputSources(), results: results)
            #expect(tally.lost == 0)
            #expect(tally.duplicates == 0)
        }
    }

    @Test func brokerPausedForTenSecondsLosesNothing() async throws {
        try await Scenario.run { scenario in
            try await scenario.produceArticles(600)
            let worker = try scenario.startWorker()
            _ = try await scenario.waitForResults(atLeast: 100)
            let feeder = Task { try await scenario.feed(total: 400, batch: 20, prefix: "late") }
            try await Task.sleep(for: .milliseconds(300))
            scenario.broker.pause()
            try await Task.sleep(for: .seconds(10))
            scenario.broker.resume()
            try await feeder.value
            let results = try await scenario.waitForResults(atLeast: 1000)
            #expect(worker.isRunning, "the worker must survive the broker pause")
            let tally = scenario.tally("SIGSTOP broker", inputs: try await scenario.inputSources(), results: results)
            #expect(tally.lost == 0)
        }
    }

    @Test func poisonInputsAreDeadLetteredWithTheirReason() async throws {
        try await Scenario.run { scenario in
            let poison: [(reason: String, value: [UInt8])] = [
                ("invalid-utf8", [0x41, 0xC3, 0x28, 0xFF]),
                ("empty", []),
                ("empty", Array("   \n".utf8)),
                ("oversize", Array(repeating: UInt8(ascii: "y"), count: 3000)),
                ("malformed-json", Array("{\"text\": \"no closing brace\"".utf8)),
                ("missing-text", Array("{\"title\": \"only a title\"}".utf8)),
            ]
            for (index, item) in poison.enumerated() {
                try await scenario.producer.send(
                    topic: scenario.input,
                    key: Array("poison-\(index)".utf8),
                    value: item.value,
                    headers: [KafkaHeader(name: "origin", string: "test")]
                )
            }
            try await scenario.produceArticles(20)
            let worker = try scenario.startWorker(["DATELINE_MAX_MESSAGE_BYTES": "2000"])
            let results = try await scenario.waitForResults(atLeast: poison.count + 20)
            for (index, item) in poison.enumerated() {
                let letter = results.first {
                    $0.topic == scenario.deadLetters && $0.key == Array("poison-\(index)".utf8)
                }
                #expect(letter != nil, "poison \(index) (\(item.reason)) missing from the dead-letter topic")
                #expect(
                    letter?.header("dateline-error")?.hasPrefix(item.reason) == true,
                    "got \(letter?.header("dateline-error") ?? "nil")"
                )
                #expect(letter?.value == item.value, "the original value must be kept")
                #expect(letter?.header("dateline-source")?.hasPrefix("\(scenario.input)/") == true)
                #expect(letter?.header("origin") == "test")
            }
            #expect(results.filter { $0.topic == scenario.output }.count == 20)
            #expect(worker.isRunning)
            let tally = scenario.tally("poison", inputs: try await scenario.inputSources(), results: results)
            #expect(tally.lost == 0)
        }
    }

    @Test func threeWorkersWithOneJoiningAndOneLeavingLoseNothing() async throws {
        try await Scenario.run(inputPartitions: 6) { scenario in
            let feeder = Task { try await scenario.feed(total: 3000, batch: 60, pause: .milliseconds(150)) }
            let first = try scenario.startWorker()
            try scenario.startWorker()
            _ = try await scenario.waitForResults(atLeast: 400)
            let joiner = try scenario.startWorker()  // joins mid-stream
            _ = try await scenario.waitForResults(atLeast: 1200)
            // One joins, then one leaves: the leave starts once the join's rebalance has given the newcomer
            // partitions. (The leaver may be Tansu's group leader, and Tansu 0.6 keeps a leader that leaves while
            // the group is forming; see the README, "Scaling out". GroupChurnTests overlaps joins and leaves.)
            let clock = ContinuousClock()
            let joinDeadline = clock.now + .seconds(60)
            while clock.now < joinDeadline,
                !joiner.tail(400).split(separator: "\n").contains(where: {
                    $0.contains("Partitions assigned") && !$0.contains("kafka.partitions=[]")
                })
            {
                try await Task.sleep(for: .milliseconds(250))
            }
            first.signal(SIGTERM)  // leaves mid-stream
            let exit = try await first.waitForExit(timeout: .seconds(25))
            #expect(exit?.status == 0)
            try await feeder.value
            // A leave under a loaded machine can take Tansu several session timeouts to rebalance.
            let results = try await scenario.waitForResults(atLeast: 3000, timeout: .seconds(240))
            let tally = scenario.tally("three workers", inputs: try await scenario.inputSources(), results: results)
            #expect(tally.lost == 0)
        }
    }

    @Test func replayToEarliestReprocessesEverything() async throws {
        try await Scenario.run { scenario in
            try await scenario.produceArticles(100)
            let worker = try scenario.startWorker()
            _ = try await scenario.waitForResults(atLeast: 100)

            // Refused while the group is active.
            let refused = try await scenario.command([
                "replay", "--group", scenario.group, "--topic", scenario.input, "--to-earliest",
            ])
            #expect(refused.status != 0)
            #expect(refused.output.contains("active"), "\(refused.output)")

            worker.signal(SIGTERM)
            #expect(try await worker.waitForExit(timeout: .seconds(25))?.status == 0)
            try await scenario.waitForIdleGroup()

            let dryRun = try await scenario.command(
                ["replay", "--group", scenario.group, "--topic", scenario.input, "--to-earliest", "--dry-run"]
            )
            #expect(dryRun.status == 0, "\(dryRun.output)")
            #expect(dryRun.output.contains("Dry run"), "\(dryRun.output)")

            let replay = try await scenario.command([
                "replay", "--group", scenario.group, "--topic", scenario.input, "--to-earliest",
            ])
            #expect(replay.status == 0, "\(replay.output)")
            let admin = try KafkaAdmin(brokers: scenario.broker.bootstrap)
            let committed = try await admin.committedOffsets(group: scenario.group, topic: scenario.input)
            #expect(committed.values.allSatisfy { $0 <= 0 }, "offsets after replay: \(committed)")

            let status = try await scenario.command(["status", "--group", scenario.group, "--topic", scenario.input])
            #expect(status.status == 0, "\(status.output)")
            #expect(status.output.contains("PARTITION"))

            try scenario.startWorker()
            let clock = ContinuousClock()
            let deadline = clock.now + .seconds(90)
            var outputs: [KafkaMessage] = []
            while clock.now < deadline {
                outputs = try await scenario.results()
                if outputs.count >= 200 { break }
                try await Task.sleep(for: .milliseconds(500))
            }
            let perSource = Dictionary(grouping: outputs.compactMap { $0.header("dateline-source") }) { $0 }
            let inputs = try await scenario.inputSources()
            print("[replay] inputs=\(inputs.count) results=\(outputs.count)")
            #expect(inputs.allSatisfy { (perSource[$0]?.count ?? 0) >= 2 }, "every input must be processed again")
        }
    }
}

extension WorkerIntegrationTests {
    @Test func invalidKafkaPropertyFailsAtStartupNamingIt() async throws {
        try await Scenario.run { scenario in
            let worker = try scenario.startWorker(["DATELINE_KAFKA_NO_SUCH_PROPERTY": "1"])
            let exit = try await worker.waitForExit(timeout: .seconds(30))
            #expect(exit != nil && exit?.status != 0, "exit \(String(describing: exit))")
            #expect(worker.log.contains("no.such.property"), "\(worker.tail())")
        }
    }
}

/// Fails loudly when the suite is switched on but cannot run, instead of skipping.
@Suite(.enabled(if: IntegrationEnvironment.isEnabled, IntegrationEnvironment.disabledReason))
struct IntegrationPrerequisiteTests {
    @Test func brokerAndBinaryAreAvailable() throws {
        let (tansu, dateline) = try IntegrationEnvironment.require()
        #expect(FileManager.default.isExecutableFile(atPath: tansu))
        #expect(FileManager.default.isExecutableFile(atPath: dateline))
    }
}
