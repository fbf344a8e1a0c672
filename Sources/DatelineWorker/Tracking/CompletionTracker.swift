import DatelineKafka

/// Per-partition bookkeeping of messages taken from Kafka until their output is acknowledged.
///
/// Messages finish out of order on the pool; this type turns that into two in-order streams per partition:
/// - **publication order**: results are released for producing strictly in offset order (records of the same
///   input partition, hence of the same key, are published in input order);
/// - **commit order**: the committable offset only advances over the contiguous prefix of acknowledged
///   messages, so a commit never runs ahead of an unacknowledged record (at-least-once).
///
/// Every assignment of a partition gets a fresh *epoch*. A ``Ticket`` carries the epoch it was issued in, and
/// every later call with a ticket from an older epoch (the partition was revoked meanwhile) is ignored: late
/// completions can never store offsets for a partition this worker no longer owns.
///
/// Not thread-safe: the worker guards it with a mutex. Unit tests drive it directly.
public struct CompletionTracker<Outcome: Sendable>: Sendable {
    /// Identifies one registered message within one assignment epoch.
    public struct Ticket: Sendable, Hashable, CustomStringConvertible {
        public var partition: KafkaTopicPartition
        public var offset: Int64
        public var epoch: UInt64

        public init(partition: KafkaTopicPartition, offset: Int64, epoch: UInt64) {
            self.partition = partition
            self.offset = offset
            self.epoch = epoch
        }

        public var description: String { "\(self.partition)@\(self.offset)#\(self.epoch)" }
    }

    /// Where one message is in its life.
    enum Phase: Sendable {
        case processing
        case ready(Outcome)
        /// Handed to the producer; the outcome is kept so that it can be sent again by a new producer.
        case publishing(Outcome)
        case acknowledged
    }

    struct Entry: Sendable {
        var offset: Int64
        var phase: Phase
    }

    /// One assigned partition.
    struct PartitionState: Sendable {
        var epoch: UInt64
        /// Registered, not yet acknowledged-and-removed entries, ascending by offset, from `head`.
        var entries: [Entry] = []
        var head = 0
        /// Index (into `entries`) of the first entry not yet released for publication.
        var publishCursor = 0
        /// One past the highest registered offset.
        var nextExpected: Int64?
        /// The offset to store (`last acknowledged + 1` over the contiguous prefix), once something finished.
        var committable: Int64?

        var inFlight: Int { self.entries.count - self.head }

        func index(of offset: Int64) -> Int? {
            // Entries are ascending: binary search in the live window.
            var low = self.head
            var high = self.entries.count - 1
            while low <= high {
                let middle = (low + high) / 2
                let value = self.entries[middle].offset
                if value == offset { return middle }
                if value < offset { low = middle + 1 } else { high = middle - 1 }
            }
            return nil
        }

        mutating func compactIfNeeded() {
            guard self.head > 64, self.head * 2 > self.entries.count else { return }
            self.entries.removeFirst(self.head)
            self.publishCursor -= self.head
            self.head = 0
        }
    }

    /// What a revoke left behind.
    public struct Revocation: Sendable, Hashable {
        /// The last committable offset (`nil` if nothing finished during the assignment).
        public var committable: Int64?
        /// Messages abandoned: registered but not acknowledged.
        public var abandoned: Int

        public init(committable: Int64?, abandoned: Int) {
            self.committable = committable
            self.abandoned = abandoned
        }
    }

    private var partitions: [KafkaTopicPartition: PartitionState] = [:]
    private var lastEpoch: UInt64 = 0
    /// Registered and not yet acknowledged, over all partitions.
    public private(set) var inFlight = 0

    public init() {}

    // MARK: - Ownership

    /// Starts tracking a newly assigned partition under a fresh epoch; an already-owned partition keeps its state.
    ///
    /// - Returns: The partition's epoch.
    @discardableResult
    public mutating func assign(_ partition: KafkaTopicPartition) -> UInt64 {
        if let existing = self.partitions[partition] {
            return existing.epoch
        }
        self.lastEpoch += 1
        self.partitions[partition] = PartitionState(epoch: self.lastEpoch)
        return self.lastEpoch
    }

    /// Stops tracking a partition; its outstanding tickets become stale.
    ///
    /// - Returns: The final committable offset and how many messages were abandoned, or `nil` if not owned.
    @discardableResult
    public mutating func revoke(_ partition: KafkaTopicPartition) -> Revocation? {
        guard let state = self.partitions.removeValue(forKey: partition) else { return nil }
        self.inFlight -= state.inFlight
        return Revocation(committable: state.committable, abandoned: state.inFlight)
    }

    /// The partitions currently owned.
    public var ownedPartitions: [KafkaTopicPartition] {
        Array(self.partitions.keys)
    }

    /// The current epoch of `partition`, or `nil` when it is not owned.
    public func epoch(of partition: KafkaTopicPartition) -> UInt64? {
        self.partitions[partition]?.epoch
    }

    /// Whether `partition` is owned.
    public func owns(_ partition: KafkaTopicPartition) -> Bool {
        self.partitions[partition] != nil
    }

    /// Whether `ticket` still belongs to the current assignment of its partition.
    public func isCurrent(_ ticket: Ticket) -> Bool {
        self.partitions[ticket.partition]?.epoch == ticket.epoch
    }

    /// Registered but unacknowledged messages of `partition` (0 when not owned).
    public func inFlight(_ partition: KafkaTopicPartition) -> Int {
        self.partitions[partition]?.inFlight ?? 0
    }

    /// The offset to store for `partition`, if any message of the current assignment finished.
    public func committable(_ partition: KafkaTopicPartition) -> Int64? {
        self.partitions[partition]?.committable
    }

    /// One past the highest offset registered for `partition` in the current assignment.
    public func nextExpected(_ partition: KafkaTopicPartition) -> Int64? {
        self.partitions[partition]?.nextExpected
    }

    // MARK: - Message life cycle

    /// Registers a fetched message.
    ///
    /// - Returns: Its ticket, or `nil` when the partition is not owned or the offset is not beyond everything
    ///   registered so far in this assignment (a re-delivery of a message already in flight or done).
    public mutating func register(_ partition: KafkaTopicPartition, offset: Int64) -> Ticket? {
        // Moved out of the dictionary and back (not copied): a copy would duplicate the entry list on every call.
        guard var state = self.partitions.removeValue(forKey: partition) else { return nil }
        defer { self.partitions[partition] = state }
        if let next = state.nextExpected, offset < next { return nil }
        state.entries.append(Entry(offset: offset, phase: .processing))
        state.nextExpected = offset + 1
        self.inFlight += 1
        return Ticket(partition: partition, offset: offset, epoch: state.epoch)
    }

    /// Records that processing finished with `outcome` (the record or dead letter to publish).
    ///
    /// - Returns: `false` when the ticket is stale (its partition was revoked): drop the outcome.
    @discardableResult
    public mutating func processed(_ ticket: Ticket, outcome: Outcome) -> Bool {
        guard var state = self.partitions.removeValue(forKey: ticket.partition) else { return false }
        defer { self.partitions[ticket.partition] = state }
        guard state.epoch == ticket.epoch, let index = state.index(of: ticket.offset),
            case .processing = state.entries[index].phase
        else { return false }
        state.entries[index].phase = .ready(outcome)
        return true
    }

    /// Takes the results that may be published now, in offset order: everything processed after the last
    /// released entry, up to the first one still processing.
    ///
    /// The caller must hand them to the producer in this order before anyone takes more for the partition (the
    /// worker does both under one lock), so records of one input partition are produced in offset order.
    /// - Parameters:
    ///   - partition: The partition.
    ///   - epoch: The caller's epoch; a stale epoch gets nothing.
    public mutating func takePublishable(_ partition: KafkaTopicPartition, epoch: UInt64) -> [(Ticket, Outcome)] {
        guard var state = self.partitions.removeValue(forKey: partition) else { return [] }
        defer { self.partitions[partition] = state }
        guard state.epoch == epoch else { return [] }
        var released: [(Ticket, Outcome)] = []
        while state.publishCursor < state.entries.count {
            let entry = state.entries[state.publishCursor]
            switch entry.phase {
            case .processing:
                break
            case .ready(let outcome):
                released.append((Ticket(partition: partition, offset: entry.offset, epoch: epoch), outcome))
                state.entries[state.publishCursor].phase = .publishing(outcome)
                state.publishCursor += 1
                continue
            case .publishing, .acknowledged:
                // Acknowledged by an earlier producer while waiting to be sent again: nothing to send.
                state.publishCursor += 1
                continue
            }
            break
        }
        return released
    }

    /// Takes back results handed to a producer from `ticket` on, so that ``takePublishable(_:epoch:)`` releases
    /// them again: the producer refused the enqueue (its queue is full), or it was replaced and everything it
    /// had not acknowledged must be sent by its successor. Acknowledged entries stay acknowledged.
    ///
    /// - Returns: Whether anything was taken back.
    @discardableResult
    public mutating func unpublish(_ partition: KafkaTopicPartition, from offset: Int64? = nil) -> Bool {
        guard var state = self.partitions.removeValue(forKey: partition) else { return false }
        defer { self.partitions[partition] = state }
        let start = offset.flatMap { state.index(of: $0) } ?? state.head
        var first: Int? = nil
        var index = start
        while index < state.publishCursor {
            if case .publishing(let outcome) = state.entries[index].phase {
                state.entries[index].phase = .ready(outcome)
                if first == nil { first = index }
            }
            index += 1
        }
        guard let first else { return false }
        state.publishCursor = first
        return true
    }

    /// Replaces the outcome of a message the broker refused for good, and releases it again.
    ///
    /// - Returns: `false` when the ticket is stale or already acknowledged.
    @discardableResult
    public mutating func replace(_ ticket: Ticket, outcome: Outcome) -> Bool {
        guard var state = self.partitions.removeValue(forKey: ticket.partition) else { return false }
        defer { self.partitions[ticket.partition] = state }
        guard state.epoch == ticket.epoch, let index = state.index(of: ticket.offset) else { return false }
        if case .acknowledged = state.entries[index].phase { return false }
        state.entries[index].phase = .ready(outcome)
        state.publishCursor = min(state.publishCursor, index)
        return true
    }

    /// Registered messages of `partition` still processing on the pool.
    public func processing(_ partition: KafkaTopicPartition) -> Int {
        guard let state = self.partitions[partition] else { return 0 }
        var count = 0
        for index in state.head..<state.entries.count {
            if case .processing = state.entries[index].phase { count += 1 }
        }
        return count
    }

    /// Records the broker's acknowledgement of the ticket's output.
    ///
    /// - Returns: The new committable offset when it advanced, else `nil` (stale ticket, or an earlier
    ///   message is still unacknowledged).
    public mutating func acknowledged(_ ticket: Ticket) -> Int64? {
        guard var state = self.partitions.removeValue(forKey: ticket.partition) else { return nil }
        defer { self.partitions[ticket.partition] = state }
        guard state.epoch == ticket.epoch, let index = state.index(of: ticket.offset) else { return nil }
        if case .acknowledged = state.entries[index].phase { return nil }
        state.entries[index].phase = .acknowledged
        var advanced: Int64? = nil
        while state.head < state.entries.count, case .acknowledged = state.entries[state.head].phase {
            advanced = state.entries[state.head].offset + 1
            state.head += 1
            self.inFlight -= 1
        }
        if state.head > state.publishCursor { state.publishCursor = state.head }
        if let advanced {
            state.committable = advanced
        }
        state.compactIfNeeded()
        return advanced
    }
}
