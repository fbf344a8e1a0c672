import DatelineKafka

/// What the worker publishes for one input message.
struct Publication: Sendable {
    var topic: String
    var key: [UInt8]?
    var value: [UInt8]
    var headers: [KafkaHeader]
    /// The rejection code when this is a dead letter.
    var deadLetterReason: String?
}
