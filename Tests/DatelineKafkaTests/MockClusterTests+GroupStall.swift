import DatelineExtraction
import DatelineKafka
import DatelineWorker
import Foundation
import InMemoryLogging
import Logging
import Synchronization
import Testing

extension MockClusterTests {
    /// A group member that takes partitions and never consumes them: what a stuck or misassigned member looks
    /// like from the rest of the group (a backlog, and a committed offset that never moves).
    final class Squatter: Sendable {
        let consumer: KafkaGroupConsumer
        let owned = Mutex<Set<Int32>>([])
        private let stopped = Mutex(false)
        private let done = Mutex(false)

        init(_ harness: Harness) throws {
            var properties = KafkaGroupConsumer.defaultProperties(
                brokers: harness.cluster.bootstrapServers,
                groupID: harness.group
            )
            properties["session.timeout.ms"] = "6000"
            properties["heartbeat.interval.ms"] = "500"
            properties["log_level"] = "3"
            self.consumer = try KafkaGroupConsumer(properties: properties, logger: MockClusterTests.logger)
            self.consumer.onRebalance { [weak self] event in
                self?.owned.withLock { owned in
                    switch event {
                    case .assigned(let partitions): owned.formUnion(partitions.map(\.partition))
                    case .revoking(let partitions, _): owned.subtract(partitions.map(\.partition))
                    }
                }
            }
            try self.consumer.subscribe([harness.input])
            let thread = Thread { [self] in
                // Polls (so it stays in the group and serves rebalances) but never stores an offset.
                while !self.stopped.withLock({ $0 }) {
                    _ = self.consumer.poll(maxMessages: 16, timeout: .milliseconds(50))
                }
                try? self.consumer.close()
                self.done.withLock { $0 = true }
            }
            thread.start()
        }

        /// Leaves the group and waits until the consumer is closed.
        func leave() async throws {
            self.stopped.withLock { $0 = true }
            while !self.done.withLock({ $0 }) { try await Task.sleep(for: .milliseconds(20)) }
        }
    }

    /// Partitions another member sits on make the worker rejoin the group, at the detector's bounded rate, and
    /// nothing is lost. Without the stall detector the worker never rejoins and this test fails.
    @Test func partitionsNobodyConsumesMakeTheWorkerRejoinAtABoundedRate() async throws {
        let harness = try Harness()
        try await harness.produceArticles(60, prefix: "stall")
        let squatter = try Squatter(harness)
        let clock = ContinuousClock()
        var deadline = clock.now + .seconds(30)
        while squatter.owned.withLock({ $0.isEmpty }) && clock.now < deadline {
            try await Task.sleep(for: .milliseconds(50))
        }
        try #require(!squatter.owned.withLock { $0.isEmpty }, "the squatter never got partitions")

        let logs = InMemoryLogHandler()
        var configuration = harness.configuration()
        configuration.groupStallTimeout = .seconds(3)
        let worker = Worker(
            configuration: configuration,
            pipeline: try ExtractionPipeline(),
            logger: Logger(label: "dateline.test.stall") { _ in logs }
        )
        let task = Task { try await worker.run() }

        // Rejoins: the first once the squatter's partitions stalled for 3 s after the worker's last rebalance,
        // the next not before 2 × 3 s later (the backoff while the stall persists).
        var rejoinTimes: [ContinuousClock.Instant] = []
        deadline = clock.now + .seconds(60)
        while rejoinTimes.count < 2 && clock.now < deadline {
            let count = logs.entries.filter { "\($0.message)".contains("rejoining the consumer group") }.count
            while rejoinTimes.count < count { rejoinTimes.append(clock.now) }
            try await Task.sleep(for: .milliseconds(100))
        }
        #expect(rejoinTimes.count >= 2, "the worker rejoined \(rejoinTimes.count) times")
        if rejoinTimes.count >= 2 {
            #expect(rejoinTimes[1] - rejoinTimes[0] >= .seconds(5), "rejoins \(rejoinTimes[1] - rejoinTimes[0]) apart")
        }
        let warning = logs.entries.first { "\($0.message)".contains("rejoining the consumer group") }
        #expect(warning?.level == .warning)
        #expect(warning?.metadata["worker.rejoin.reason"] != nil)

        // The squatter leaves: the worker gets everything and nothing is lost.
        try await squatter.leave()
        let results = try await harness.waitForResults(covering: 60, timeout: .seconds(90))
        try await harness.expectCommitsNotAhead()
        worker.shutdownGracefully()
        try await task.value
        let tally = Self.tally(inputs: try await harness.inputSources(), results: results)
        print("mock stall: rejoins \(rejoinTimes.count) lost \(tally.lost) duplicates \(tally.duplicates)")
        #expect(tally.lost == 0)
    }
}
