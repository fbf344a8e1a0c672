import DatelineKafka

/// Fetched messages waiting for a pool slot, one queue per owned partition, taken round-robin.
///
/// librdkafka hands messages over in per-partition runs of hundreds; feeding the pool in that order would make
/// partitions take turns for seconds at a time. Taking one message from each partition in turn gives every
/// partition with a backlog a share of the pool, so each one's output keeps moving.
struct PartitionScheduler: Sendable {
    private struct Queue: Sendable {
        var messages: [KafkaMessage] = []
        var head = 0
        /// The highest offset accepted in this assignment, to drop re-deliveries.
        var lastOffset: Int64?

        var count: Int { self.messages.count - self.head }

        mutating func popFirst() -> KafkaMessage? {
            guard self.head < self.messages.count else { return nil }
            let message = self.messages[self.head]
            self.head += 1
            if self.head == self.messages.count {
                self.messages.removeAll(keepingCapacity: true)
                self.head = 0
            } else if self.head > 256 && self.head * 2 > self.messages.count {
                self.messages.removeFirst(self.head)
                self.head = 0
            }
            return message
        }
    }

    private var queues: [KafkaTopicPartition: Queue] = [:]
    /// Owned partitions in a fixed order; `cursor` points at the next one to serve.
    private var order: [KafkaTopicPartition] = []
    private var cursor = 0
    /// Messages waiting over all partitions.
    private(set) var waiting = 0

    /// Starts a queue for a newly assigned partition (an owned one keeps its queue).
    mutating func add(_ partition: KafkaTopicPartition) {
        guard self.queues[partition] == nil else { return }
        self.queues[partition] = Queue()
        self.order.append(partition)
        self.order.sort { ($0.topic, $0.partition) < ($1.topic, $1.partition) }
    }

    /// Drops a partition and whatever waits for it (it is refetched by its next owner).
    ///
    /// - Returns: How many waiting messages were dropped.
    @discardableResult
    mutating func remove(_ partition: KafkaTopicPartition) -> Int {
        guard let queue = self.queues.removeValue(forKey: partition) else { return 0 }
        self.waiting -= queue.count
        if let index = self.order.firstIndex(of: partition) {
            self.order.remove(at: index)
            if index < self.cursor { self.cursor -= 1 }
        }
        if self.cursor >= self.order.count { self.cursor = 0 }
        return queue.count
    }

    /// Drops the messages waiting for `partition` but keeps its queue (a revoke drains what already started).
    mutating func clear(_ partition: KafkaTopicPartition) {
        guard let count = self.queues[partition]?.count else { return }
        self.waiting -= count
        self.queues[partition]?.messages.removeAll()
        self.queues[partition]?.head = 0
    }

    /// Drops every waiting message but keeps the partitions (graceful stop: nothing new starts).
    mutating func dropWaiting() {
        for partition in self.order {
            self.clear(partition)
        }
    }

    /// Queues a fetched message.
    ///
    /// - Returns: `false` when its partition is not owned or the offset is not beyond what was accepted
    ///   before (a re-delivery).
    mutating func enqueue(_ message: KafkaMessage, after committedNext: Int64?) -> Bool {
        let partition = KafkaTopicPartition(topic: message.topic, partition: message.partition)
        // In place through the dictionary's accessor: copying the queue out would copy its messages.
        guard let lastOffset = self.queues[partition].map({ $0.lastOffset }) else { return false }
        if let last = lastOffset, message.offset <= last { return false }
        if let committedNext, message.offset < committedNext { return false }
        self.queues[partition]?.lastOffset = message.offset
        self.queues[partition]?.messages.append(message)
        self.waiting += 1
        return true
    }

    /// Takes the next message round-robin over the partitions that have one.
    mutating func next() -> KafkaMessage? {
        guard self.waiting > 0 else { return nil }
        for step in 0..<self.order.count {
            let index = (self.cursor + step) % self.order.count
            let partition = self.order[index]
            if let message = self.queues[partition]?.popFirst() {
                self.waiting -= 1
                self.cursor = (index + 1) % self.order.count
                return message
            }
        }
        return nil
    }

    /// Messages waiting for `partition`.
    func waiting(_ partition: KafkaTopicPartition) -> Int {
        self.queues[partition]?.count ?? 0
    }

    /// The partitions with a queue.
    var partitions: [KafkaTopicPartition] { self.order }
}
