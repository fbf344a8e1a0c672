import DatelineKafka
import Testing

@testable import DatelineWorker

/// The stall detector's decisions, on made-up observations and clocks, and how the state machine uses it.
@Suite struct GroupStallDetectorTests {
    typealias Detector = GroupStallDetector
    typealias Progress = GroupStallDetector.PartitionProgress

    static let start = ContinuousClock.now
    static let timeout: Duration = .seconds(20)

    /// Six partitions at `committed` with a high watermark of `high`.
    static func partitions(_ committed: [Int64?], high: Int64 = 1000) -> [Int32: Progress] {
        Dictionary(
            uniqueKeysWithValues: committed.enumerated().map {
                (Int32($0.offset), Progress(committed: $0.element, low: 0, high: high))
            }
        )
    }

    /// Observes `partitions` every 2 s from `from` for `span`, returning the decisions that were not `.none`.
    static func watch(
        _ detector: inout Detector,
        _ partitions: (Duration) -> [Int32: Progress],
        owned: Set<Int32>,
        from: Duration = .zero,
        for span: Duration
    ) -> [(Duration, Detector.Decision)] {
        var decisions: [(Duration, Detector.Decision)] = []
        var elapsed = from
        while elapsed <= from + span {
            let decision = detector.observe(.init(partitions: partitions(elapsed), owned: owned), at: start + elapsed)
            if decision != .none { decisions.append((elapsed, decision)) }
            elapsed += .seconds(2)
        }
        return decisions
    }

    @Test func aMemberWithNothingAssignedRejoinsWhenUnownedPartitionsWithBacklogStall() {
        var detector = Detector(stallTimeout: Self.timeout)
        let stuck = Self.partitions([100, 200, 300, 400, 500, 600])
        let decisions = Self.watch(&detector, { _ in stuck }, owned: [], for: .seconds(30))
        #expect(decisions.count == 1)
        #expect(decisions.first?.0 == Self.timeout)
        #expect(decisions.first?.1 == .rejoin(.emptyAssignment, stalled: [0, 1, 2, 3, 4, 5]))
    }

    @Test func partitionsThisMemberOwnsAreNotJudged() {
        var detector = Detector(stallTimeout: Self.timeout)
        let stuck = Self.partitions([100, 200, 300, 400, 500, 600])
        let all = Self.watch(&detector, { _ in stuck }, owned: Set(0..<6), for: .seconds(120))
        #expect(all.isEmpty)
        var other = Detector(stallTimeout: Self.timeout)
        let some = Self.watch(&other, { _ in stuck }, owned: [0, 2, 4], for: .seconds(30))
        #expect(some.map(\.1) == [.rejoin(.unownedBacklog, stalled: [1, 3, 5])])
    }

    @Test func movingOrCaughtUpPartitionsAreNotStalled() {
        var detector = Detector(stallTimeout: Self.timeout)
        // Partition 0 moves, 1 is caught up, 2 has never been committed and is empty, 3 moves slowly (once per 18 s).
        let decisions = Self.watch(
            &detector,
            { elapsed in
                let seconds = elapsed.components.seconds
                return [
                    0: Progress(committed: 100 + seconds, low: 0, high: 1000),
                    1: Progress(committed: 1000, low: 0, high: 1000),
                    2: Progress(committed: nil, low: 50, high: 50),
                    3: Progress(committed: 10 + seconds / 18, low: 0, high: 1000),
                ]
            },
            owned: [],
            for: .seconds(300)
        )
        #expect(decisions.isEmpty)
    }

    @Test func aPartitionWithNothingCommittedAndRecordsCountsAsBacklog() {
        var detector = Detector(stallTimeout: Self.timeout)
        let decisions = Self.watch(
            &detector,
            { _ in [0: Progress(committed: nil, low: 10, high: 20)] },
            owned: [],
            for: .seconds(24)
        )
        #expect(decisions.map(\.1) == [.rejoin(.emptyAssignment, stalled: [0])])
        #expect(Progress(committed: nil, low: 10, high: 20).backlog == 10)
        #expect(Progress(committed: 25, low: 10, high: 20).backlog == 0)
    }

    @Test func aRebalanceOfThisMemberRestartsTheClocks() {
        var detector = Detector(stallTimeout: Self.timeout)
        let stuck = Self.partitions([100, 200])
        #expect(Self.watch(&detector, { _ in stuck }, owned: [], for: .seconds(18)).isEmpty)
        detector.rebalanced()
        let decisions = Self.watch(&detector, { _ in stuck }, owned: [], from: .seconds(20), for: .seconds(30))
        // The first observation after the rebalance (at 20 s) starts the clock: a stall at 40 s, not at 20 s.
        #expect(decisions.map(\.0) == [.seconds(40)])
    }

    @Test func rejoinsAreBoundedAndBackOffWhileTheStallPersists() {
        var detector = Detector(stallTimeout: Self.timeout, maxBackoffFactor: 4)
        let stuck = Self.partitions([100, 200, 300])
        let decisions = Self.watch(&detector, { _ in stuck }, owned: [], for: .seconds(400))
        // 20 s (first), then 2 × 20 s, 4 × 20 s, and 4 × 20 s (the cap) after the previous rejoin.
        #expect(
            decisions.map(\.0) == [
                .seconds(20), .seconds(60), .seconds(140), .seconds(220), .seconds(300), .seconds(380),
            ]
        )
        #expect(detector.consecutiveRejoins == 6)
    }

    @Test func aRejoinThatWorkedResetsTheBackoff() {
        var detector = Detector(stallTimeout: Self.timeout)
        let stuck = Self.partitions([100, 200])
        #expect(Self.watch(&detector, { _ in stuck }, owned: [], for: .seconds(20)).map(\.0) == [.seconds(20)])
        // After the rejoin the stalled partitions move again, then stall anew much later.
        let moved = Self.partitions([150, 250])
        #expect(Self.watch(&detector, { _ in moved }, owned: [], from: .seconds(22), for: .seconds(2)).isEmpty)
        #expect(detector.consecutiveRejoins == 0)
        let decisions = Self.watch(&detector, { _ in moved }, owned: [], from: .seconds(26), for: .seconds(30))
        // A fresh stall: 20 s after the committed offsets last changed (at 22 s), and the interval is 1 × timeout.
        #expect(decisions.map(\.0) == [.seconds(42)])
        #expect(detector.consecutiveRejoins == 1)
    }

    // MARK: - In the state machine

    static func machine(stall: Duration?) -> WorkerStateMachine {
        WorkerStateMachine(
            limits: .init(
                maxInFlight: 64,
                processingSlots: 2,
                recoveryBackoff: .milliseconds(100),
                maxRecoveryBackoff: .seconds(1),
                producerRecoveryTimeout: .seconds(60),
                groupStallTimeout: stall
            )
        )
    }

    static func rejoins(_ actions: [WorkerAction]) -> [(Detector.Reason, [Int32])] {
        actions.compactMap {
            if case .rejoinGroup(let reason, let stalled) = $0 { return (reason, stalled) }
            return nil
        }
    }

    @Test func theMachineAsksForARejoinWithTheTrackedAssignment() {
        var machine = Self.machine(stall: Self.timeout)
        _ = machine.assigned([KafkaTopicPartition(topic: "in", partition: 0)])
        let stuck = Self.partitions([100, 200, 300])
        var found: [(Detector.Reason, [Int32])] = []
        for second in stride(from: 0, through: 30, by: 2) {
            found += Self.rejoins(machine.groupObserved(stuck, at: Self.start + .seconds(second)))
        }
        #expect(found.count == 1)
        #expect(found.first?.0 == .unownedBacklog)
        #expect(found.first?.1 == [1, 2])
    }

    @Test func theMachineDoesNotRejoinWhenTurnedOffOrStopping() {
        let stuck = Self.partitions([100, 200, 300])
        var off = Self.machine(stall: nil)
        var stopping = Self.machine(stall: Self.timeout)
        _ = stopping.stop()
        for second in stride(from: 0, through: 600, by: 2) {
            #expect(Self.rejoins(off.groupObserved(stuck, at: Self.start + .seconds(second))).isEmpty)
            #expect(Self.rejoins(stopping.groupObserved(stuck, at: Self.start + .seconds(second))).isEmpty)
        }
    }
}
