import CRdKafka

/// Owns a `rd_kafka_topic_partition_list_t` built from Swift values; `deinit` destroys it.
final class RDKafkaTopicPartitionList {
    /// One element as Swift sees it.
    struct Entry: Sendable, Hashable {
        var topic: String
        var partition: Int32
        var offset: Int64
        /// The per-partition error code (`RD_KAFKA_RESP_ERR_NO_ERROR` is 0).
        var error: Int32
    }

    private let pointer: UnsafeMutablePointer<rd_kafka_topic_partition_list_t>

    /// Creates an empty list.
    init(capacity: Int = 1) {
        self.pointer = rd_kafka_topic_partition_list_new(Int32(max(1, capacity)))
    }

    /// Creates a list of partitions, each with `offset`.
    convenience init(_ partitions: [KafkaTopicPartition], offset: Int64 = KafkaOffset.invalid) {
        self.init(capacity: partitions.count)
        for partition in partitions {
            self.add(topic: partition.topic, partition: partition.partition, offset: offset)
        }
    }

    deinit {
        rd_kafka_topic_partition_list_destroy(self.pointer)
    }

    /// Appends one element.
    func add(topic: String, partition: Int32, offset: Int64) {
        let element = rd_kafka_topic_partition_list_add(self.pointer, topic, partition)!
        element.pointee.offset = offset
    }

    /// Runs `body` with the list pointer. Do not escape the pointer.
    func withPointer<T>(_ body: (UnsafeMutablePointer<rd_kafka_topic_partition_list_t>) throws -> T) rethrows -> T {
        try body(self.pointer)
    }

    /// The elements of this list.
    var entries: [Entry] { Self.entries(of: self.pointer) }

    /// Copies the elements of a list that librdkafka owns (rebalance callbacks, admin results).
    static func entries(of list: UnsafePointer<rd_kafka_topic_partition_list_t>?) -> [Entry] {
        guard let list else { return [] }
        let count = Int(list.pointee.cnt)
        guard count > 0, let elements = list.pointee.elems else { return [] }
        return (0..<count).map { index in
            let element = elements[index]
            return Entry(
                topic: element.topic.map { String(cString: $0) } ?? "",
                partition: element.partition,
                offset: element.offset,
                error: element.err.rawValue
            )
        }
    }
}
