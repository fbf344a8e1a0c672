/// Low and high watermarks of one partition.
public struct KafkaWatermarks: Sendable, Hashable {
    /// The earliest available offset.
    public var low: Int64
    /// The offset the next message will get.
    public var high: Int64

    public init(low: Int64, high: Int64) {
        self.low = low
        self.high = high
    }
}
