import DatelineKafka
import Testing

@testable import DatelineWorker

/// Decisions of the worker's state machine, one rule per test, on messages and clocks made up here.
@Suite struct WorkerStateMachineTests {
    typealias Machine = WorkerStateMachine

    static let partitions = (0..<4).map { KafkaTopicPartition(topic: "in", partition: Int32($0)) }

    static func machine(maxInFlight: Int = 64, slots: Int = 2, recovery: Duration = .seconds(60)) -> Machine {
        Machine(
            limits: .init(
                maxInFlight: maxInFlight,
                processingSlots: slots,
                recoveryBackoff: .milliseconds(100),
                maxRecoveryBackoff: .seconds(1),
                producerRecoveryTimeout: recovery
            )
        )
    }

    /// `count` messages of each partition, as librdkafka hands them over: one partition's run after another.
    static func runs(_ count: Int, partitions: Int = 4) -> [KafkaMessage] {
        (0..<partitions).flatMap { partition in
            (0..<count).map {
                KafkaMessage(topic: "in", partition: Int32(partition), offset: Int64($0), key: nil, value: [])
            }
        }
    }

    static func processed(_ actions: [WorkerAction]) -> [(KafkaMessage, Machine.Ticket)] {
        actions.compactMap {
            if case .process(let message, let ticket) = $0 { return (message, ticket) }
            return nil
        }
    }

    static func produced(_ actions: [WorkerAction]) -> [(Machine.Ticket, UInt64)] {
        actions.flatMap { action -> [(Machine.Ticket, UInt64)] in
            if case .produce(let records, let generation) = action { return records.map { ($0.0, generation) } }
            return []
        }
    }

    static func outcome(_ message: KafkaMessage) -> Publication {
        Publication(topic: "out", key: nil, value: [], headers: [], input: message)
    }

    @Test func thePoolIsFedRoundRobinOverThePartitions() {
        var machine = Self.machine(slots: 4)
        _ = machine.assigned(Self.partitions)
        var started = Self.processed(machine.polled(Self.runs(10)))
        // Four slots: one message of each partition, although the poll returned partition 0's run first.
        #expect(started.map(\.0.partition) == [0, 1, 2, 3])
        for _ in 0..<8 {
            let (message, ticket) = started.removeFirst()
            started += Self.processed(machine.processed(ticket, outcome: Self.outcome(message)))
        }
        #expect(started.map(\.0.partition) == [0, 1, 2, 3])
        #expect(started.map(\.0.offset) == [2, 2, 2, 2])
    }

    @Test func aPartitionAtItsShareIsPausedAndResumedAtHalf() {
        var machine = Self.machine(maxInFlight: 16, slots: 1)
        _ = machine.assigned(Self.partitions)
        let actions = machine.polled(Self.runs(4, partitions: 1))
        // The share of each of four partitions is 16 / 4 = 4: partition 0 is full.
        #expect(
            actions.contains { if case .pause(let p) = $0 { return p == [Self.partitions[0]] } else { return false } }
        )
        var started = Self.processed(actions)
        var resumed = false
        while let (message, ticket) = started.first {
            started.removeFirst()
            let after = machine.processed(ticket, outcome: Self.outcome(message))
            started += Self.processed(after)
            for (produced, _) in Self.produced(after) {
                resumed =
                    resumed
                    || machine.delivered(produced, generation: 1).contains {
                        if case .resume(let p) = $0 { return p == [Self.partitions[0]] } else { return false }
                    }
            }
        }
        #expect(resumed, "resumed once its load fell to half its share")
    }

    /// A partition assigned with a backlog arrives in large runs: one poll can give it the whole in-flight bound.
    /// The quiet partitions must keep fetching meanwhile, or each pause would throw away what they had fetched and
    /// they would wait until the busy one caught up.
    @Test func aPollThatFillsTheBoundFromOnePartitionDoesNotPauseTheQuietOnes() {
        var machine = Self.machine(maxInFlight: 16, slots: 1)
        _ = machine.assigned(Self.partitions)
        let actions = machine.polled(Self.runs(16, partitions: 1))
        let paused = actions.flatMap { action -> [KafkaTopicPartition] in
            if case .pause(let partitions) = action { return partitions }
            return []
        }
        #expect(paused == [Self.partitions[0]], "only the partition over its share waits: \(paused)")
        #expect(machine.paused == [Self.partitions[0]])
    }

    @Test func aFailedDeliveryReplacesTheProducerAndEverythingUnacknowledgedGoesAgainInOrder() {
        var machine = Self.machine(slots: 8)
        _ = machine.assigned([Self.partitions[0]])
        var produced: [(Machine.Ticket, UInt64)] = []
        for (message, ticket) in Self.processed(machine.polled(Self.runs(5, partitions: 1))) {
            produced += Self.produced(machine.processed(ticket, outcome: Self.outcome(message)))
        }
        #expect(produced.map(\.0.offset) == [0, 1, 2, 3, 4])
        _ = machine.delivered(produced[0].0, generation: 1)
        let now = ContinuousClock.now
        let failure = machine.deliveryFailed(
            produced[2].0,
            generation: 1,
            error: KafkaError(.delivery, "timed out"),
            replacement: nil,
            at: now
        )
        guard case .recreateProducer(let generation, let delay, _) = failure.first else {
            Issue.record("expected a producer replacement, got \(failure)")
            return
        }
        #expect(generation == 2 && delay == .zero)
        // More failures and late acknowledgements of the failed producer change nothing.
        #expect(
            machine.deliveryFailed(
                produced[3].0,
                generation: 1,
                error: KafkaError(.delivery, "timed out"),
                replacement: nil,
                at: now
            ).isEmpty
        )
        #expect(machine.delivered(produced[1].0, generation: 1).isEmpty, "a failed producer's ack is not trusted")
        let again = Self.produced(machine.producerReady(generation: 2))
        #expect(again.map(\.0.offset) == [1, 2, 3, 4])
        #expect(again.allSatisfy { $0.1 == 2 })
        let stored = again.flatMap { machine.delivered($0.0, generation: 2) }.compactMap { action -> Int64? in
            if case .store(_, let offset) = action { return offset }
            return nil
        }
        #expect(stored.last == 5)
    }

    @Test func aProducerThatNeverRecoversFailsTheWorkerAfterTheBound() {
        var machine = Self.machine(recovery: .seconds(30))
        _ = machine.assigned([Self.partitions[0]])
        let start = ContinuousClock.now
        _ = machine.deliveryFailed(nil, generation: 1, error: KafkaError(.fatal, "fenced"), replacement: nil, at: start)
        _ = machine.producerReady(generation: 2)
        let retry = machine.deliveryFailed(
            nil,
            generation: 2,
            error: KafkaError(.delivery, "timed out"),
            replacement: nil,
            at: start + .seconds(1)
        )
        guard case .recreateProducer(_, let delay, _) = retry.first else {
            Issue.record("expected a second replacement, got \(retry)")
            return
        }
        #expect(delay == .milliseconds(100), "the second replacement backs off")
        #expect(!machine.tick(at: start + .seconds(29)).contains { if case .fail = $0 { true } else { false } })
        #expect(machine.tick(at: start + .seconds(31)).contains { if case .fail = $0 { true } else { false } })
        #expect(machine.phase == .failed)
    }

    @Test func aStopStartsNothingNewAndPausesEverything() {
        var machine = Self.machine(slots: 1)
        _ = machine.assigned(Self.partitions)
        let started = Self.processed(machine.polled(Self.runs(3)))
        #expect(started.count == 1)
        let stop = machine.stop()
        #expect(
            stop.contains { if case .pause(let p) = $0 { return Set(p) == Set(Self.partitions) } else { return false } }
        )
        let (message, ticket) = started[0]
        let after = machine.processed(ticket, outcome: Self.outcome(message))
        #expect(Self.processed(after).isEmpty, "nothing new starts while draining")
        #expect(Self.produced(after).count == 1, "what finished is still published")
        #expect(machine.pollBudget == 0)
    }
}
