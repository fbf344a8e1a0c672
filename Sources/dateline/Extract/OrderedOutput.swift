import Synchronization

/// Writes `dateline extract`'s outcomes in input order while they finish out of order on the pool, and
/// bounds the inputs in flight.
///
/// Each input is admitted with ``admit()``, which hands out the next index and suspends the reader while
/// ``window`` inputs are admitted but not yet written; memory therefore stays bounded by the window however
/// long the input is and whichever input is slow. ``complete(_:_:)`` stores an outcome and writes the
/// contiguous prefix that is ready, so a record reaches stdout as soon as it and everything before it are done.
final class OrderedOutput: Sendable {
    /// The state behind the lock. Its methods return what to do after unlocking.
    private struct State: ~Copyable {
        var pending: [Int: (outcome: ExtractOutcome, bytes: Int)] = [:]
        var nextToWrite = 0
        var admitted = 0
        var waiter: CheckedContinuation<Int, Never>?
        var rejected = 0
        var unreadable = false
        var progress: ProgressBar

        init(progress: ProgressBar) {
            self.progress = progress
        }

        /// Admits the next input when the window has room.
        mutating func tryAdmit(window: Int) -> Int? {
            guard self.admitted - self.nextToWrite < window else { return nil }
            defer { self.admitted += 1 }
            return self.admitted
        }
    }

    /// Inputs admitted and not yet written, at most.
    let window: Int
    private let state: Mutex<State>

    /// - Parameters:
    ///   - window: The bound on inputs in flight (read, extracting, or waiting for an earlier one).
    ///   - progress: The progress bar, advanced as outcomes are written.
    init(window: Int, progress: ProgressBar) {
        precondition(window > 0, "the window must admit at least one input")
        self.window = window
        self.state = Mutex(State(progress: progress))
    }

    /// The index of the next input, once the window has room. Only one reader calls this.
    func admit() async -> Int {
        await withCheckedContinuation { continuation in
            let index = self.state.withLock { state -> Int? in
                if let index = state.tryAdmit(window: self.window) { return index }
                precondition(state.waiter == nil, "one reader admits inputs")
                state.waiter = continuation
                return nil
            }
            if let index { continuation.resume(returning: index) }
        }
    }

    /// Records input `index`'s outcome and writes every outcome now in order.
    ///
    /// Writes happen under the lock so that records and messages keep input order across threads; a slow
    /// reader of stdout therefore slows the pool down instead of letting output pile up.
    /// - Parameters:
    ///   - index: The index ``admit()`` returned.
    ///   - outcome: What the input produced.
    ///   - bytes: The input bytes it accounts for (the progress bar).
    func complete(_ index: Int, _ outcome: ExtractOutcome, bytes: Int) {
        let resume = self.state.withLock { state -> (CheckedContinuation<Int, Never>, Int)? in
            state.pending[index] = (outcome, bytes)
            var records: [UInt8] = []
            while let (outcome, bytes) = state.pending.removeValue(forKey: state.nextToWrite) {
                state.nextToWrite += 1
                switch outcome {
                case .record(let record):
                    records.append(contentsOf: record)
                    records.append(UInt8(ascii: "\n"))
                    state.progress.advance(bytes: bytes, articles: 1)
                case .rejected(let message):
                    Self.flush(&records)
                    Self.report(message)
                    state.rejected += 1
                    state.progress.advance(bytes: bytes, articles: 0)
                case .unreadable(let message):
                    Self.flush(&records)
                    Self.report(message)
                    state.unreadable = true
                }
            }
            Self.flush(&records)
            guard let waiter = state.waiter, let admitted = state.tryAdmit(window: self.window) else { return nil }
            state.waiter = nil
            return (waiter, admitted)
        }
        if let (waiter, admitted) = resume { waiter.resume(returning: admitted) }
    }

    /// Ends the progress line; returns how many inputs were rejected and whether a file was unreadable.
    func finish() -> (rejected: Int, unreadable: Bool) {
        self.state.withLock { state in
            state.progress.finish()
            return (state.rejected, state.unreadable)
        }
    }

    /// `dateline extract: message` on stderr.
    static func report(_ message: String) {
        StandardStream.standardError.write(Array("dateline extract: \(message)\n".utf8))
    }

    private static func flush(_ records: inout [UInt8]) {
        guard !records.isEmpty else { return }
        StandardStream.standardOutput.write(records)
        records.removeAll(keepingCapacity: true)
    }
}
