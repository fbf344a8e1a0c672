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
