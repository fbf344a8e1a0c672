/// One consumed message, copied out of librdkafka so that its fetch buffer is released at once.
public struct KafkaMessage: Sendable, Hashable {
    /// The topic it was read from.
    public var topic: String
    /// The partition it was read from.
    public var partition: Int32
    /// Its offset in the partition.
    public var offset: Int64
    /// The key, or `nil` when the message has none.
    public var key: [UInt8]?
    /// The value; an absent value reads as empty.
    public var value: [UInt8]
    /// The headers, in order; names may repeat.
    public var headers: [KafkaHeader]
    /// The message timestamp in milliseconds since the epoch, when there is one.
    public var timestampMilliseconds: Int64?

    /// Creates a message value (tests and tools build them too).
    public init(
        topic: String,
        partition: Int32,
        offset: Int64,
        key: [UInt8]?,
        value: [UInt8],
        headers: [KafkaHeader] = [],
        timestampMilliseconds: Int64? = nil
    ) {
        self.topic = topic
        self.partition = partition
        self.offset = offset
        self.key = key
        self.value = value
        self.headers = headers
        self.timestampMilliseconds = timestampMilliseconds
    }

    /// The value of the first header called `name`, decoded as UTF-8.
    public func header(_ name: String) -> String? {
        guard let header = self.headers.first(where: { $0.name == name }), let value = header.value else {
            return nil
        }
        return String(decoding: value, as: UTF8.self)
    }
}

/// One message header.
public struct KafkaHeader: Sendable, Hashable {
    /// The header name.
    public var name: String
    /// The header value; `nil` is a null value, distinct from empty.
    public var value: [UInt8]?

    /// Creates a header with a byte value.
    public init(name: String, value: [UInt8]?) {
        self.name = name
        self.value = value
    }

    /// Creates a header with a UTF-8 text value.
    public init(name: String, string: String) {
        self.name = name
        self.value = Array(string.utf8)
    }
}

/// A topic and one of its partitions.
public struct KafkaTopicPartition: Sendable, Hashable, CustomStringConvertible {
    /// The topic name.
    public var topic: String
    /// The partition number.
    public var partition: Int32

    /// Creates a topic-partition.
    public init(topic: String, partition: Int32) {
        self.topic = topic
        self.partition = partition
    }

    /// `topic/partition`.
    public var description: String { "\(self.topic)/\(self.partition)" }
}

/// Where the broker stored an acknowledged message.
public struct KafkaDelivery: Sendable, Hashable {
    /// The topic written.
    public var topic: String
    /// The partition the message landed in.
    public var partition: Int32
    /// The offset the broker assigned.
    public var offset: Int64

    /// Creates a delivery value.
    public init(topic: String, partition: Int32, offset: Int64) {
        self.topic = topic
        self.partition = partition
        self.offset = offset
    }
}

/// Special offsets understood by librdkafka.
public enum KafkaOffset {
    /// The first available offset (`RD_KAFKA_OFFSET_BEGINNING`).
    public static let beginning: Int64 = -2
    /// The end of the partition (`RD_KAFKA_OFFSET_END`).
    public static let end: Int64 = -1
    /// The committed offset (`RD_KAFKA_OFFSET_STORED`).
    public static let stored: Int64 = -1000
    /// No offset (`RD_KAFKA_OFFSET_INVALID`): nothing committed.
    public static let invalid: Int64 = -1001
}
