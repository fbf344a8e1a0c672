import DatelineWorker
import Foundation

/// The effective settings, each with the layer it came from.
struct ResolvedSettings: Sendable {
    struct Value: Sendable {
        var text: String?
        var source: SettingSource
    }

    var values: [String: Value]
    /// librdkafka properties from the file's `kafka:` map, `DATELINE_KAFKA_*` and `--kafka` flags.
    var kafkaProperties: [String: (value: String, source: SettingSource)]
    /// The config file that was read, if any.
    var configPath: String?

    subscript(key: SettingKey) -> String? { self.values[key.name]?.text }

    func integer(_ key: SettingKey) -> Int {
        // Validated at resolution time.
        Int(self[key] ?? "") ?? 0
    }

    /// The worker's configuration, with security settings folded into the librdkafka properties.
    func workerConfiguration() throws(SettingsError) -> WorkerConfiguration {
        var configuration = WorkerConfiguration()
        configuration.brokers = self[.brokers] ?? configuration.brokers
        configuration.inputTopic = self[.inputTopic] ?? configuration.inputTopic
        configuration.outputTopic = self[.outputTopic] ?? configuration.outputTopic
        configuration.deadLetterTopic = self[.deadLetterTopic] ?? configuration.deadLetterTopic
        configuration.groupID = self[.groupID] ?? configuration.groupID
        configuration.concurrency = self.integer(.concurrency)
        configuration.maxInFlight = self.integer(.maxInFlight)
        configuration.maxMessageBytes = self.integer(.maxMessageBytes)
        configuration.shutdownGracePeriod = .seconds(self.integer(.shutdownGraceSeconds))
        configuration.producerRecoveryTimeout = .seconds(self.integer(.producerRecoverySeconds))
        configuration.groupRejoinTimeout = .seconds(self.integer(.groupRejoinSeconds))
        let stall = self.integer(.groupStallSeconds)
        configuration.groupStallTimeout = stall > 0 ? .seconds(stall) : nil
        configuration.kafkaProperties = try self.librdkafkaProperties()
        return configuration
    }

    /// Connection and group properties Dateline derives from its own settings, then the raw pass-through.
    func librdkafkaProperties() throws(SettingsError) -> [String: String] {
        var properties: [String: String] = [:]
        if let instance = self[.groupInstanceID], !instance.isEmpty {
            properties["group.instance.id"] = instance
        }
        let security = self[.securityProtocol] ?? "plaintext"
        properties["security.protocol"] = security
        if security.hasPrefix("sasl") {
            guard let mechanism = self[.saslMechanism], let user = self[.saslUsername] else {
                throw SettingsError(
                    code: .inconsistent,
                    message: "security_protocol \(security) needs sasl_mechanism and sasl_username"
                )
            }
            properties["sasl.mechanism"] = mechanism.uppercased()
            properties["sasl.username"] = user
            properties["sasl.password"] = try self.secret(.saslPassword, file: .saslPasswordFile, required: true)
        }
        if let ca = self[.sslCALocation] { properties["ssl.ca.location"] = ca }
        if let certificate = self[.sslCertificateLocation] { properties["ssl.certificate.location"] = certificate }
        if let key = self[.sslKeyLocation] { properties["ssl.key.location"] = key }
        if let password = try self.secret(.sslKeyPassword, file: .sslKeyPasswordFile, required: false) {
            properties["ssl.key.password"] = password
        }
        for (property, entry) in self.kafkaProperties {
            properties[property] = entry.value
        }
        return properties
    }

    /// A secret given directly or as a file path; the file wins when both are set.
    private func secret(
        _ key: SettingKey,
        file fileKey: SettingKey,
        required: Bool
    ) throws(SettingsError) -> String? {
        if let path = self[fileKey] {
            guard let data = FileManager.default.contents(atPath: path),
                var text = String(data: data, encoding: .utf8)
            else {
                throw SettingsError(code: .unreadableFile, message: "\(fileKey.name): cannot read \(path)")
            }
            while text.hasSuffix("\n") || text.hasSuffix("\r") { text.removeLast() }
            return text
        }
        if let value = self[key] { return value }
        if required {
            throw SettingsError(code: .inconsistent, message: "\(key.name) or \(fileKey.name) is required")
        }
        return nil
    }
}
