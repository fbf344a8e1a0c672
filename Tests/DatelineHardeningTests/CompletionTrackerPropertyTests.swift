import DatelineKafka
import DatelineWorker
import Foundation
import Testing

/// Property tests of the per-partition completion tracker and of the worker's state machine around it: random
/// schedules of polls, completions, deliveries that succeed or fail, full producer queues, producer
/// replacements, commits, revokes (drained or not), lost partitions, SIGKILLs and re-assignments, played against
/// the real ``WorkerStateMachine`` and checked against a broker model (``WorkerMachineSimulation``).
///
/// Every schedule comes from a seeded ``SeededGenerator``; a failure prints its seed and the events that led to
/// it, and `DATELINE_PROPERTY_SEED=<seed>` replays exactly that schedule.
@Suite struct CompletionTrackerPropertyTests {
    static let environment = ProcessInfo.processInfo.environment

    /// Never commits past unacknowledged output, never stores for a partition it does not own, releases in
    /// order to one publisher at a time, and commits everything acknowledged once the work drains.
    @Test func randomSchedulesKeepTheCommitInvariants() {
        let seeds = PropertySeeds.seeds(base: 0xDA7E_11E5, count: 150, environment: Self.environment)
        var failures = 0
        for seed in seeds {
            var simulation = WorkerMachineSimulation(seed: seed)
            do {
                try simulation.run(steps: 3000)
            } catch {
                failures += 1
                Issue.record("\(error)")
                if failures >= 3 { break }
            }
        }
    }

    /// Long single-partition schedules: the tracker compacts its entry list many times over.
    @Test func longSchedulesOnOnePartitionSurviveCompaction() {
        let seeds = PropertySeeds.seeds(base: 0xC0_4AC7, count: 10, environment: Self.environment)
        for seed in seeds {
            var simulation = WorkerMachineSimulation(seed: seed, partitionCount: 1)
            do {
                try simulation.run(steps: 30_000)
            } catch {
                Issue.record("\(error)")
                return
            }
        }
    }

    /// Acknowledgements in every order of a small window: the committable offset is always the contiguous
    /// acknowledged prefix, and the tracker returns each advance exactly once.
    @Test(arguments: [1, 2, 3, 4, 5, 6])
    func everyAcknowledgementOrderCommitsTheContiguousPrefix(size: Int) {
        let partition = KafkaTopicPartition(topic: "in", partition: 0)
        for order in Self.permutations(Array(0..<size)) {
            var tracker = CompletionTracker<Int>()
            let epoch = tracker.assign(partition)
            let offsets = (0..<size).map { Int64(100 + 3 * $0) }  // with gaps
            let tickets = offsets.map { tracker.register(partition, offset: $0)! }
            for ticket in tickets { tracker.processed(ticket, outcome: 0) }
            _ = tracker.takePublishable(partition, epoch: epoch)
            var acknowledged = Set<Int>()
            var lastCommittable: Int64? = nil
            for index in order {
                acknowledged.insert(index)
                var prefix = 0
                while acknowledged.contains(prefix) { prefix += 1 }
                let expected: Int64? = prefix > 0 ? offsets[prefix - 1] + 1 : nil
                let advanced = tracker.acknowledged(tickets[index])
                #expect(advanced == (expected != lastCommittable ? expected : nil), "order \(order)")
                #expect(tracker.committable(partition) == expected, "order \(order)")
                lastCommittable = expected
            }
            #expect(tracker.inFlight == 0)
            #expect(tracker.acknowledged(tickets[0]) == nil, "a repeated acknowledgement must not advance")
        }
    }

    static func permutations(_ elements: [Int]) -> [[Int]] {
        guard elements.count > 1 else { return [elements] }
        var out: [[Int]] = []
        for (index, element) in elements.enumerated() {
            var rest = elements
            rest.remove(at: index)
            for tail in Self.permutations(rest) { out.append([element] + tail) }
        }
        return out
    }
}
