import DatelineKafka

/// What the worker session must do after the state machine handled an event.
///
/// The machine decides, the session performs: the session holds no flags of its own, and every decision is
/// covered by the machine's unit tests.
enum WorkerAction: Sendable {
    /// Run extraction for one message on the pool, then report ``WorkerStateMachine/processed(_:outcome:)``.
    case process(KafkaMessage, CompletionTracker<Publication>.Ticket)
    /// Hand records to producer `generation`, in this order (records of one input partition in offset order).
    case produce([(CompletionTracker<Publication>.Ticket, Publication)], generation: UInt64)
    /// Store the partition's committable offset for the next commit.
    case store(KafkaTopicPartition, Int64)
    /// Stop fetching these partitions (flow control).
    case pause([KafkaTopicPartition])
    /// Fetch these partitions again.
    case resume([KafkaTopicPartition])
    /// Commit the stored offsets now (after a revoke stored its final offsets).
    case commit
    /// Replace the producer with a fresh instance (a new producer id) after `delay`, then report
    /// ``WorkerStateMachine/producerReady(generation:)`` with `generation`.
    case recreateProducer(generation: UInt64, after: Duration, reason: String)
    /// Leave the consumer group and join it again (unsubscribe, subscribe), so that the coordinator rebalances
    /// and hands out partitions that nobody owns; `stalled` are the partitions that made no progress.
    case rejoinGroup(GroupStallDetector.Reason, stalled: [Int32])
    /// The worker cannot go on: fail health, stop without draining, exit non-zero.
    case fail(KafkaError)
}
