import Dispatch

/// Where extraction runs: a concurrent Dispatch queue, kept at ``width`` jobs by the state machine.
///
/// The machine hands out at most ``WorkerStateMachine/Limits/processingSlots`` messages at a time and takes the
/// next one when a job finishes, so the queue never holds a backlog and round-robin fairness is decided by the
/// machine, not by the queue. Jobs never block: producing is an enqueue, and retries are scheduled on the clock.
final class ExtractionPool: Sendable {
    private let queue: DispatchQueue
    /// Jobs the machine may have on the queue at once.
    let width: Int

    init(width: Int, label: String) {
        self.width = max(1, width)
        self.queue = DispatchQueue(label: label, qos: .userInitiated, attributes: .concurrent)
    }

    /// Runs `job` on the pool.
    func submit(_ job: @escaping @Sendable () -> Void) {
        self.queue.async(execute: job)
    }
}
