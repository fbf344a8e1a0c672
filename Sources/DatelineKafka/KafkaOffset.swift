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
