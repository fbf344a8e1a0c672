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
