import CRdKafka

/// Owns a `rd_kafka_conf_t` until ``RDKafkaClient`` hands it to `rd_kafka_new`.
///
/// `rd_kafka_new` takes ownership of the configuration only when it succeeds, so this object frees it in
/// `deinit` unless ``release()`` marked it as taken.
final class RDKafkaConfig {
    /// The configuration; `nil` once librdkafka owns it.
    private var pointer: OpaquePointer?

    /// Applies every property with `rd_kafka_conf_set`.
    ///
    /// - Parameter properties: librdkafka property names and values.
    /// - Throws: ``KafkaError`` naming the first property librdkafka rejected, with librdkafka's reason.
    init(properties: [String: String]) throws(KafkaError) {
        self.pointer = rd_kafka_conf_new()
        for name in properties.keys.sorted() {
            try self.set(name, properties[name]!)
        }
    }

    deinit {
        if let pointer = self.pointer {
            rd_kafka_conf_destroy(pointer)
        }
    }

    /// Sets one property.
    func set(_ name: String, _ value: String) throws(KafkaError) {
        guard let pointer = self.pointer else {
            preconditionFailure("RDKafkaConfig used after it was handed to rd_kafka_new")
        }
        var errorText = [CChar](repeating: 0, count: 512)
        let result = rd_kafka_conf_set(pointer, name, value, &errorText, errorText.count)
        guard result == RD_KAFKA_CONF_OK else {
            let reason = String(decoding: errorText.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
            let shown = KafkaProperties.isSecret(name) ? "*****" : value
            throw KafkaError(.configuration, "librdkafka property '\(name)=\(shown)' rejected: \(reason)")
        }
    }

    /// Runs `body` with the configuration pointer. Do not escape the pointer.
    func withPointer<T>(_ body: (OpaquePointer) throws -> T) rethrows -> T {
        guard let pointer = self.pointer else {
            preconditionFailure("RDKafkaConfig used after it was handed to rd_kafka_new")
        }
        return try body(pointer)
    }

    /// Marks the configuration as owned by librdkafka (after `rd_kafka_new` succeeded).
    func release() {
        self.pointer = nil
    }
}
