import CRdKafka

/// Copies consumed messages into Swift values.
///
/// A held `rd_kafka_message_t` pins its whole fetch buffer, so callers copy and destroy each message at once.
enum RDKafkaMessage {
    /// Copies topic, partition, offset, key, value, headers and timestamp.
    static func copy(_ message: UnsafeMutablePointer<rd_kafka_message_t>) -> KafkaMessage {
        let raw = message.pointee
        let topic = raw.rkt.map { String(cString: rd_kafka_topic_name($0)) } ?? ""
        let key: [UInt8]? = raw.key.map { Array(UnsafeRawBufferPointer(start: $0, count: raw.key_len)) }
        let value: [UInt8] = raw.payload.map { Array(UnsafeRawBufferPointer(start: $0, count: raw.len)) } ?? []
        var timestampType = RD_KAFKA_TIMESTAMP_NOT_AVAILABLE
        let timestamp = rd_kafka_message_timestamp(message, &timestampType)
        var headers: [KafkaHeader] = []
        var headerList: OpaquePointer? = nil
        if rd_kafka_message_headers(message, &headerList) == RD_KAFKA_RESP_ERR_NO_ERROR, let headerList {
            var index = 0
            while true {
                var name: UnsafePointer<CChar>? = nil
                var valuePointer: UnsafeRawPointer? = nil
                var size = 0
                guard
                    rd_kafka_header_get_all(headerList, index, &name, &valuePointer, &size)
                        == RD_KAFKA_RESP_ERR_NO_ERROR
                else { break }
                headers.append(
                    KafkaHeader(
                        name: name.map { String(cString: $0) } ?? "",
                        value: valuePointer.map { Array(UnsafeRawBufferPointer(start: $0, count: size)) }
                    )
                )
                index += 1
            }
        }
        return KafkaMessage(
            topic: topic,
            partition: raw.partition,
            offset: raw.offset,
            key: key,
            value: value,
            headers: headers,
            timestampMilliseconds: timestamp >= 0 ? timestamp : nil
        )
    }

    /// Polls up to `maximum` messages from `queue`, copies them and destroys the originals.
    ///
    /// - Returns: The messages, and the errors carried by error messages (the consumer's way of reporting
    ///   per-partition problems).
    static func pollBatch(
        queue: OpaquePointer,
        maximum: Int,
        timeout: Duration
    ) -> (messages: [KafkaMessage], errors: [KafkaError]) {
        let capacity = max(1, maximum)
        var pointers = [UnsafeMutablePointer<rd_kafka_message_t>?](repeating: nil, count: capacity)
        let count = pointers.withUnsafeMutableBufferPointer { buffer in
            rd_kafka_consume_batch_queue(queue, Int32(timeout.milliseconds), buffer.baseAddress, capacity)
        }
        guard count > 0 else { return ([], []) }
        var messages: [KafkaMessage] = []
        messages.reserveCapacity(count)
        var errors: [KafkaError] = []
        for index in 0..<count {
            guard let message = pointers[index] else { continue }
            if message.pointee.err == RD_KAFKA_RESP_ERR_NO_ERROR {
                messages.append(Self.copy(message))
            } else if message.pointee.err != RD_KAFKA_RESP_ERR__PARTITION_EOF {
                let topic = message.pointee.rkt.map { String(cString: rd_kafka_topic_name($0)) } ?? "?"
                errors.append(
                    KafkaError.rdKafka(.consume, message.pointee.err, "consuming \(topic)/\(message.pointee.partition)")
                )
            }
            rd_kafka_message_destroy(message)
        }
        return (messages, errors)
    }
}
