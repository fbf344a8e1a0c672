import DatelineKafka
import Foundation
import Synchronization

/// The group's committed offset of every input partition, sampled from the broker while a scenario runs.
///
/// Committed offsets are what a partition's progress means to the group: only the member that owns a partition
/// commits it, only after its outputs were acknowledged, and a node cut off from the broker cannot commit. So a
/// partition whose committed offset stops moving while input keeps arriving is a partition nobody is working on,
/// whatever the workers' own logs say.
final class GroupProgress: Sendable {
    struct Sample: Sendable {
        var instant: ContinuousClock.Instant
        var committed: [Int32: Int64]
    }

    /// The samples, in a box of their own so the sampling task can hold them without holding `self`.
    private final class Log: Sendable {
        let samples = Mutex<[Sample]>([])
    }

    private let log = Log()
    private let task = Mutex<Task<Void, Never>?>(nil)
    let partitions: [Int32]

    /// Starts sampling `group`'s offsets on `topic` every `interval`.
    init(
        brokers: String,
        group: String,
        topic: String,
        partitions: Int,
        interval: Duration = .milliseconds(250)
    ) throws {
        self.partitions = (0..<Int32(partitions)).map { $0 }
        let admin = try KafkaAdmin(brokers: brokers, requestTimeout: .seconds(2))
        let task = Task { [log] in
            while !Task.isCancelled {
                if let committed = try? await admin.committedOffsets(group: group, topic: topic) {
                    let sample = Sample(instant: .now, committed: committed)
                    log.samples.withLock { $0.append(sample) }
                }
                try? await Task.sleep(for: interval)
            }
        }
        self.task.withLock { $0 = task }
    }

    deinit { self.stop() }

    func stop() {
        self.task.withLock { task in
            task?.cancel()
            task = nil
        }
    }

    /// For each partition, the longest time in `window` during which its committed offset did not move (the time
    /// from the window's start to its first advance, between advances, and from the last advance to the window's
    /// end). Partitions that never advance in the window report the whole window.
    func longestStalls(in window: Range<ContinuousClock.Instant>) -> [Int32: Duration] {
        let samples = self.log.samples.withLock { $0 }
        var stalls: [Int32: Duration] = [:]
        for partition in self.partitions {
            var lastAdvance = window.lowerBound
            var longest: Duration = .zero
            var previous: Int64? = nil
            for sample in samples where sample.instant <= window.upperBound {
                let offset = sample.committed[partition] ?? KafkaOffset.invalid
                defer { previous = offset }
                guard let before = previous, offset > before, sample.instant > window.lowerBound else { continue }
                longest = max(longest, sample.instant - lastAdvance)
                lastAdvance = sample.instant
            }
            stalls[partition] = max(longest, window.upperBound - lastAdvance)
        }
        return stalls
    }

    /// Waits until every partition's committed offset advanced in the last `span`, and returns when that first held,
    /// or nil when it did not within `timeout`.
    func waitUntilEveryPartitionMoves(
        within span: Duration,
        timeout: Duration
    ) async throws -> ContinuousClock.Instant? {
        let deadline = ContinuousClock.now + timeout
        let start = ContinuousClock.now
        while ContinuousClock.now < deadline {
            let now = ContinuousClock.now
            if now - start >= span {
                let stalls = self.longestStalls(in: (now - span)..<now)
                if stalls.values.allSatisfy({ $0 < span }) { return now }
            }
            try await Task.sleep(for: .milliseconds(250))
        }
        return nil
    }

    /// A one-line summary for failure messages: partition → longest stall in `window`.
    func describe(_ window: Range<ContinuousClock.Instant>) -> String {
        self.longestStalls(in: window).sorted { $0.key < $1.key }
            .map { "p\($0.key): \(Self.seconds($0.value))" }
            .joined(separator: ", ")
    }

    /// The committed offsets sampled in `window`, one line per sample, for failure messages.
    func timeline(_ window: Range<ContinuousClock.Instant>) -> String {
        let samples = self.log.samples.withLock { $0 }.filter { window.contains($0.instant) }
        return samples.map { sample in
            Self.seconds(sample.instant - window.lowerBound) + " "
                + self.partitions.map { "p\($0)=\(sample.committed[$0] ?? -1)" }.joined(separator: " ")
        }.joined(separator: "\n")
    }

    static func seconds(_ duration: Duration) -> String {
        let (seconds, attoseconds) = duration.components
        return String(format: "%.1f s", Double(seconds) + Double(attoseconds) / 1e18)
    }
}
