import CRdKafka

/// The librdkafka that this process linked.
public enum KafkaLibrary {
    /// The linked version as `major.minor.patch`.
    public static var version: String {
        String(cString: rd_kafka_version_str())
    }
}
