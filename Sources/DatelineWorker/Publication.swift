import DatelineKafka

/// What the worker publishes for one input message.
struct Publication: Sendable {
    var topic: String
    var key: [UInt8]?
    var value: [UInt8]
    var headers: [KafkaHeader]
    /// The rejection code when this is a dead letter.
    var deadLetterReason: String?
    /// The input message, kept for output records so that one the broker refuses for good can still be
    /// dead-lettered with its original key, value and headers.
    var input: KafkaMessage? = nil

    /// What to publish instead after the broker refused this record for good (it is too large, or invalid),
    /// so that a partition never retries one record forever:
    /// - an output record becomes a dead letter of its input (`pipeline-error`);
    /// - a dead letter loses its value, and says so in `dateline-value-dropped`.
    ///
    /// - Returns: The replacement, or `nil` when nothing smaller can be sent.
    func replacement(after error: KafkaError, deadLetterTopic: String) -> Publication? {
        if self.deadLetterReason == nil, let input = self.input {
            let source = "\(input.topic)/\(input.partition)/\(input.offset)"
            return Publication(
                topic: deadLetterTopic,
                key: input.key,
                value: input.value,
                headers: [
                    KafkaHeader(
                        name: "dateline-error",
                        string: "pipeline-error: the broker refused the output record: \(error)"
                    ),
                    KafkaHeader(name: "dateline-source", string: source),
                ] + input.headers,
                deadLetterReason: "pipeline-error"
            )
        }
        guard self.deadLetterReason != nil, !self.value.isEmpty else { return nil }
        var reduced = self
        reduced.value = []
        reduced.headers.insert(
            KafkaHeader(name: "dateline-value-dropped", string: "\(self.value.count) bytes: \(error)"),
            at: min(2, reduced.headers.count)
        )
        return reduced
    }

    /// Broker or client errors that retrying the same record can never fix.
    static func isPermanent(_ error: KafkaError) -> Bool {
        guard let code = error.rdKafkaCode else { return false }
        // MSG_SIZE_TOO_LARGE (10, also the local message.max.bytes check), RECORD_LIST_TOO_LARGE (18),
        // INVALID_RECORD (87), CORRUPT_MESSAGE (2).
        return [10, 18, 87, 2].contains(code)
    }
}
