/// Where an input came from; the worker passes it so each record carries `"source"`.
public struct RecordProvenance: Sendable, Hashable {
    public var topic: String
    public var partition: Int32
    public var offset: Int64
    /// The message timestamp in milliseconds since the epoch, when the broker gave one.
    public var timestampMilliseconds: Int64?

    public init(topic: String, partition: Int32, offset: Int64, timestampMilliseconds: Int64?) {
        self.topic = topic
        self.partition = partition
        self.offset = offset
        self.timestampMilliseconds = timestampMilliseconds
    }
}
