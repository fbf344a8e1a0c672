import DatelineKafka
import Foundation
import Logging
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// One broker, unique topics and group, the workers started against them, and the checks the fault tests share.
final class Scenario: @unchecked Sendable {
    // @unchecked: a scenario belongs to one test; `workers` is only touched from it.
    let broker: TansuBroker
    let binary: String
    let input = IntegrationEnvironment.unique("raw")
    let output = IntegrationEnvironment.unique("extracted")
    let deadLetters = IntegrationEnvironment.unique("dlq")
    let group = IntegrationEnvironment.unique("group")
    let producer: KafkaProducer
    var workers: [ChildProcess] = []
    /// The hosts of a multi-host scenario (nil: everything on the loopback).
    let testBed: NetworkTestBed?

    private init(broker: TansuBroker, binary: String, testBed: NetworkTestBed?) throws {
        self.broker = broker
        self.binary = binary
        self.testBed = testBed
        var properties = KafkaProducer.defaultProperties(brokers: broker.bootstrap)
        properties["linger.ms"] = "2"
        self.producer = try KafkaProducer(properties: properties, logger: .init(label: "dateline.it.producer"))
    }

    /// Starts a broker, creates the topics, runs `body`, and stops everything it started, also on failure.
    /// With `workerHosts`, the broker and each worker get a host of their own in a ``NetworkTestBed`` (the broker on
    /// host `broker`); start workers there with `startWorker(_:on:)`.
    static func run(
        inputPartitions: Int = 4,
        workerHosts: [String] = [],
        _ body: (Scenario) async throws -> Void
    ) async throws {
        let (tansu, dateline) = try IntegrationEnvironment.require()
        // scripts/run-tests.sh counts these markers: an integration run with none of them fails `make test`.
        print("[dateline-integration] running \(Test.current?.name ?? "?")")
        let testBed = workerHosts.isEmpty ? nil : try NetworkTestBed(hosts: ["broker"] + workerHosts)
        defer { testBed?.tearDown() }
        let broker =
            if let testBed {
                try await TansuBroker(
                    binary: tansu,
                    address: testBed.host("broker").address,
                    launcher: testBed.launcher(on: "broker")
                )
            } else {
                try await TansuBroker(binary: tansu)
            }
        do {
            let scenario = try Scenario(broker: broker, binary: dateline, testBed: testBed)
            try await broker.createTopic(scenario.input, partitions: inputPartitions)
            try await broker.createTopic(scenario.output, partitions: 3)
            try await broker.createTopic(scenario.deadLetters, partitions: 1)
            do {
                try await body(scenario)
            } catch {
                for worker in scenario.workers {
                    print("--- \(worker.name) log tail (\(worker.logURL.path)):\n\(worker.tail(60))")
                }
                await scenario.stopAll()
                throw error
            }
            await scenario.stopAll()
        } catch {
            await broker.stop()
            throw error
        }
        await broker.stop()
    }

    func stopAll() async {
        for worker in self.workers {
            await worker.stop(grace: .seconds(25))
        }
    }

    // MARK: - Workers

    /// The environment of `dateline run` for this scenario.
    func environment(_ extra: [String: String]) -> [String: String] {
        var environment = ProcessInfo.processInfo.environment.filter { !$0.key.hasPrefix("DATELINE_") }
        environment["DATELINE_BROKERS"] = self.broker.bootstrap
        environment["DATELINE_INPUT_TOPIC"] = self.input
        environment["DATELINE_OUTPUT_TOPIC"] = self.output
        environment["DATELINE_DLQ_TOPIC"] = self.deadLetters
        environment["DATELINE_GROUP_ID"] = self.group
        environment["DATELINE_CONCURRENCY"] = "2"
        environment["DATELINE_MAX_IN_FLIGHT"] = "64"
        environment["DATELINE_METRICS_PORT"] = String(IntegrationEnvironment.freePort())
        environment["DATELINE_KAFKA_SESSION_TIMEOUT_MS"] = "6000"
        environment["DATELINE_KAFKA_HEARTBEAT_INTERVAL_MS"] = "1000"
        environment["DATELINE_SHUTDOWN_GRACE_SECONDS"] = "20"
        environment.merge(extra) { _, new in new }
        return environment
    }

    /// Starts `dateline run` as a child process, on `host` of the test bed when given.
    @discardableResult
    func startWorker(_ extra: [String: String] = [:], on host: String? = nil) throws -> ChildProcess {
        let name = host.map { "\($0)-worker\(self.workers.count + 1)" } ?? "worker\(self.workers.count + 1)"
        let worker =
            if let host, let testBed = self.testBed {
                try ChildProcess(
                    name: name,
                    executable: "/usr/sbin/ip",
                    arguments: testBed.launcher(on: host) + [self.binary, "run"],
                    environment: self.environment(extra)
                )
            } else {
                try ChildProcess(
                    name: name,
                    executable: self.binary,
                    arguments: ["run"],
                    environment: self.environment(extra)
                )
            }
        self.workers.append(worker)
        return worker
    }

    /// Runs another `dateline` subcommand to completion; returns its exit status and output.
    func command(
        _ arguments: [String],
        timeout: Duration = .seconds(60)
    ) async throws -> (status: Int32, output: String) {
        let child = try ChildProcess(
            name: arguments.first ?? "command",
            executable: self.binary,
            arguments: arguments,
            environment: self.environment([:])
        )
        guard let result = try await child.waitForExit(timeout: timeout) else {
            await child.stop()
            throw IntegrationEnvironment.Missing(description: "dateline \(arguments) did not finish:\n\(child.tail())")
        }
        return (result.status, child.log)
    }

    // MARK: - Input

    /// Produces articles `prefix-first ..< prefix-(first+count)` concurrently and waits for every acknowledgement.
    /// `sentences` repeats the body sentence, for articles that take longer to extract.
    func produceArticles(
        _ count: Int,
        from first: Int = 0,
        prefix: String = "article",
        sentences: Int = 1
    ) async throws {
        try await withThrowingTaskGroup(of: Void.self) { group in
            for index in first..<(first + count) {
                group.addTask {
                    let id = "\(prefix)-\(index)"
                    let sentence =
                        "On 3 March 2025 the council of Riverton approved budget item \(index) after a short debate."
                    let text = Array(repeating: sentence, count: sentences).joined(separator: " ")
                    let value = "{\"id\":\"\(id)\",\"title\":\"Item \(index)\",\"text\":\"\(text)\"}"
                    try await self.producer.send(topic: self.input, key: id, value: value)
                }
            }
            try await group.waitForAll()
        }
    }

    /// Produces `total` articles in batches with pauses, so that faults land mid-stream.
    func feed(
        total: Int,
        batch: Int = 50,
        pause: Duration = .milliseconds(100),
        prefix: String = "article"
    ) async throws {
        var produced = 0
        while produced < total {
            let count = min(batch, total - produced)
            try await self.produceArticles(count, from: produced, prefix: prefix)
            produced += count
            try await Task.sleep(for: pause)
        }
    }

    /// Produces batches of articles with pauses until cancelled; returns how many were acknowledged. (Inputs of a
    /// batch cut short by the cancellation may still be in the topic: count inputs with ``inputSources()``.)
    func feedUntilCancelled(batch: Int, pause: Duration, prefix: String = "article") async throws -> Int {
        var produced = 0
        while !Task.isCancelled {
            do {
                try await self.produceArticles(batch, from: produced, prefix: prefix)
            } catch  where Task.isCancelled {
                break
            }
            produced += batch
            try? await Task.sleep(for: pause)
        }
        return produced
    }

    // MARK: - Output

    /// Every output and dead-letter record so far.
    func results() async throws -> [KafkaMessage] {
        let outputs = try await KafkaTopicReader.readAll(
            brokers: self.broker.bootstrap,
            topic: self.output,
            idleTimeout: .milliseconds(700)
        )
        let deadLetters = try await KafkaTopicReader.readAll(
            brokers: self.broker.bootstrap,
            topic: self.deadLetters,
            idleTimeout: .milliseconds(300)
        )
        return outputs + deadLetters
    }

    /// `topic/partition/offset` of every input message.
    func inputSources() async throws -> Set<String> {
        let inputs = try await KafkaTopicReader.readAll(
            brokers: self.broker.bootstrap,
            topic: self.input,
            idleTimeout: .milliseconds(700)
        )
        return Set(inputs.map { "\($0.topic)/\($0.partition)/\($0.offset)" })
    }

    /// Waits until at least `count` distinct inputs have a result.
    func waitForResults(atLeast count: Int, timeout: Duration = .seconds(120)) async throws -> [KafkaMessage] {
        let clock = ContinuousClock()
        let deadline = clock.now + timeout
        var results: [KafkaMessage] = []
        while clock.now < deadline {
            do {
                results = try await self.results()
            } catch let error as KafkaError where error.code == .timeout {
                // One read of a loaded broker did not reach the end in time: the wait's own deadline decides.
                print("waitForResults: a read timed out (\(error)); reading again")
                continue
            }
            if Set(results.compactMap { $0.header("dateline-source") }).count >= count { return results }
            try await Task.sleep(for: .milliseconds(500))
        }
        Issue.record(
            "only \(Set(results.compactMap { $0.header("dateline-source") }).count) of \(count) inputs have results"
        )
        // What each worker was doing when progress stopped: the evidence a flaky stall needs.
        for worker in self.workers {
            print("--- \(worker.name) log tail (\(worker.logURL.path)):\n\(worker.tail(60))")
        }
        return results
    }

    /// Lost = inputs without a result; duplicates = results beyond one per input.
    func tally(_ label: String, inputs: Set<String>, results: [KafkaMessage]) -> (lost: Int, duplicates: Int) {
        let sources = results.compactMap { $0.header("dateline-source") }
        let lost = inputs.subtracting(sources).count
        let duplicates = sources.count - Set(sources).count
        print("[\(label)] inputs=\(inputs.count) results=\(sources.count) lost=\(lost) duplicates=\(duplicates)")
        return (lost, duplicates)
    }

    /// Waits until the group coordinator shows no active member (after every worker stopped).
    func waitForIdleGroup(timeout: Duration = .seconds(30)) async throws {
        let admin = try KafkaAdmin(brokers: self.broker.bootstrap)
        let clock = ContinuousClock()
        let deadline = clock.now + timeout
        while clock.now < deadline {
            if let description = try? await admin.describeGroup(self.group), !description.hasActiveMembers { return }
            try await Task.sleep(for: .milliseconds(500))
        }
        Issue.record("group \(self.group) still looks active after \(timeout)")
    }
}
