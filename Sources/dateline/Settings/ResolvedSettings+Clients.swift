import DatelineKafka
import Logging

/// The librdkafka properties of each client kind a command creates, all derived from the one resolved settings
/// model, so `status`, `replay`, `consume`, `produce` and `redrive` connect exactly as `run` does (TLS, SASL,
/// `*_FILE` secrets, the `kafka:` pass-through).
extension ResolvedSettings {
    /// The kind of client a command creates; it decides which properties apply.
    enum ClientKind: Sendable {
        /// A producer-type handle: `KafkaAdmin` and `KafkaProducer`.
        case producer
        /// A consumer handle: `KafkaTopicReader` and `KafkaGroupConsumer`.
        case consumer
    }

    /// Consumer-side properties that a producer-type handle would only warn about.
    static let consumerOnlyPrefixes = [
        "session.", "heartbeat.", "max.poll.", "auto.", "enable.auto.", "partition.assignment", "queued.",
        "fetch.", "group.", "isolation.", "enable.partition.eof",
    ]

    /// The connection properties of a tool's client: security, secrets and the raw pass-through.
    ///
    /// `group.instance.id` is left out: it names one worker's static membership, and a tool that reused it
    /// would fence that worker out of its group.
    /// - Parameter kind: The client the properties are for; producer-type handles drop consumer-only properties.
    /// - Returns: Properties to merge over the client's defaults (`bootstrap.servers` included).
    /// - Throws: ``SettingsError`` when the security settings are inconsistent or a secret file is unreadable.
    func clientProperties(for kind: ClientKind) throws(SettingsError) -> [String: String] {
        var properties = try self.librdkafkaProperties()
        properties["group.instance.id"] = nil
        if kind == .producer {
            properties = properties.filter { name, _ in
                !Self.consumerOnlyPrefixes.contains(where: { name.hasPrefix($0) })
            }
        }
        properties["bootstrap.servers"] = self.brokers
        return properties
    }

    /// The effective bootstrap brokers.
    var brokers: String { self[.brokers] ?? SettingKey.brokers.defaultValue ?? "localhost:9092" }

    /// An admin client connected with these settings.
    ///
    /// - Parameter logger: Receives librdkafka's logs.
    /// - Throws: ``SettingsError`` for inconsistent security settings, ``KafkaError`` when the client cannot start.
    func makeAdmin(logger: Logger) throws -> KafkaAdmin {
        try KafkaAdmin(brokers: self.brokers, properties: self.clientProperties(for: .producer), logger: logger)
    }
}
