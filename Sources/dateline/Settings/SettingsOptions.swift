import ArgumentParser
import Foundation

/// Command-line flags shared by the commands that talk to Kafka; each overrides env, file and default.
///
/// Options are optional with no default so that an absent flag never hides a lower layer.
struct SettingsOptions: ParsableArguments {
    @Option(help: "Config file (default: $DATELINE_CONFIG, else config/dateline.yaml when present).")
    var config: String?

    @Option(help: "Bootstrap brokers, comma-separated host:port.")
    var brokers: String?

    @Option(help: "Topic of raw articles.")
    var inputTopic: String?

    @Option(help: "Topic of extracted records.")
    var outputTopic: String?

    @Option(help: "Dead-letter topic.")
    var dlqTopic: String?

    @Option(help: "Consumer group id.")
    var groupID: String?

    @Option(help: "Extraction threads.")
    var concurrency: String?

    @Option(help: "Messages in flight before fetching pauses.")
    var maxInFlight: String?

    @Option(help: "Port of /metrics, /healthz and /readyz.")
    var metricsPort: String?

    @Option(help: "Minimum log level.")
    var logLevel: String?

    @Option(help: "Log line format: text or json.")
    var logFormat: String?

    @Option(name: .customLong("kafka"), help: "A librdkafka property as name=value (repeatable).")
    var kafka: [String] = []

    /// The flags that were given, keyed by setting name.
    var flagValues: [String: String] {
        var flags: [String: String] = [:]
        let pairs: [(SettingKey, String?)] = [
            (.brokers, self.brokers), (.inputTopic, self.inputTopic), (.outputTopic, self.outputTopic),
            (.deadLetterTopic, self.dlqTopic), (.groupID, self.groupID), (.concurrency, self.concurrency),
            (.maxInFlight, self.maxInFlight), (.metricsPort, self.metricsPort), (.logLevel, self.logLevel),
            (.logFormat, self.logFormat),
        ]
        for (key, value) in pairs {
            if let value { flags[key.name] = value }
        }
        return flags
    }

    func validate() throws {
        for pair in self.kafka where !pair.contains("=") {
            throw ValidationError("--kafka expects name=value, got '\(pair)'")
        }
    }

    /// Resolves the effective settings from these flags, the process environment and the config file.
    func resolve(environment: [String: String] = ProcessInfo.processInfo.environment) throws(SettingsError)
        -> ResolvedSettings
    {
        let path = ConfigFile.path(flag: self.config, environment: environment)
        var kafkaFlags: [String: String] = [:]
        for pair in self.kafka {
            let parts = pair.split(separator: "=", maxSplits: 1)
            kafkaFlags[String(parts[0])] = parts.count > 1 ? String(parts[1]) : ""
        }
        let resolver = SettingsResolver(
            flags: self.flagValues,
            kafkaFlags: kafkaFlags,
            environment: environment,
            file: try path.map { path throws(SettingsError) in try ConfigFile.load(path: path) } ?? ConfigFile(),
            configPath: path
        )
        return try resolver.resolve()
    }
}
