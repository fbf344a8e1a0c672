import Dispatch
import Synchronization

import class Foundation.Thread

/// A dedicated OS thread that runs `iteration` again and again until stopped.
///
/// librdkafka polls block for up to their timeout, so they must not run on Swift's cooperative pool.
final class PollingThread: Sendable {
    /// Shared with the thread; a class because `Atomic` cannot be captured by value.
    private final class State: Sendable {
        let stopRequested = Atomic<Bool>(false)
        let finished = DispatchSemaphore(value: 0)
    }

    private let state = State()

    /// Starts the thread at once.
    ///
    /// - Parameters:
    ///   - name: The thread name, visible in debuggers and `top -H`.
    ///   - iteration: One round of polling; it should block for a bounded time (for example `rd_kafka_poll(rk, 100)`).
    init(name: String, iteration: @escaping @Sendable () -> Void) {
        let thread = Thread { [state] in
            while !state.stopRequested.load(ordering: .acquiring) {
                iteration()
            }
            state.finished.signal()
        }
        thread.name = name
        thread.start()
    }

    /// Asks the thread to stop and waits for its current iteration to end. Safe to call more than once.
    func stop() {
        if self.state.stopRequested.exchange(true, ordering: .acquiringAndReleasing) == false {
            self.state.finished.wait()
        }
    }
}
