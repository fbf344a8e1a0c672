import Foundation

/// A fixed set of threads running submitted jobs in FIFO order.
///
/// Extraction is CPU-bound and the publication step may block on producer backpressure, so it runs here rather
/// than on Swift's cooperative pool. Callers bound the queue themselves (the worker's in-flight limit).
final class WorkerPool: Sendable {
    private final class Queue: @unchecked Sendable {
        // @unchecked: every field is accessed with `condition` locked.
        let condition = NSCondition()
        var jobs: [@Sendable () -> Void] = []
        var head = 0
        var stopping = false
        var running = 0
    }

    private let queue = Queue()
    private static let idle: @Sendable () -> Void = {}

    /// Starts `threads` threads named `name-N`.
    init(threads: Int, name: String) {
        for index in 0..<max(1, threads) {
            let queue = self.queue
            let thread = Thread {
                while true {
                    queue.condition.lock()
                    while queue.head == queue.jobs.count && !queue.stopping {
                        queue.condition.wait()
                    }
                    if queue.head == queue.jobs.count {
                        queue.running -= 1
                        queue.condition.broadcast()
                        queue.condition.unlock()
                        return
                    }
                    let job = queue.jobs[queue.head]
                    // Drop the slot's reference now: a finished job must not keep what it captured alive.
                    queue.jobs[queue.head] = WorkerPool.idle
                    queue.head += 1
                    if queue.head > 1024 && queue.head * 2 > queue.jobs.count {
                        queue.jobs.removeFirst(queue.head)
                        queue.head = 0
                    }
                    queue.condition.unlock()
                    job()
                }
            }
            thread.name = "\(name)-\(index)"
            self.queue.condition.lock()
            self.queue.running += 1
            self.queue.condition.unlock()
            thread.start()
        }
    }

    /// Queues a job.
    func submit(_ job: @escaping @Sendable () -> Void) {
        self.queue.condition.lock()
        self.queue.jobs.append(job)
        self.queue.condition.signal()
        self.queue.condition.unlock()
    }

    /// Lets queued jobs finish, then ends the threads; waits at most `timeout`.
    ///
    /// - Returns: Whether all threads ended in time.
    @discardableResult
    func shutdown(timeout: Duration) -> Bool {
        let deadline = Date().addingTimeInterval(Double(timeout.components.seconds) + 0.001)
        self.queue.condition.lock()
        defer { self.queue.condition.unlock() }
        self.queue.stopping = true
        self.queue.condition.broadcast()
        while self.queue.running > 0 {
            if !self.queue.condition.wait(until: deadline) { return false }
        }
        return true
    }
}
