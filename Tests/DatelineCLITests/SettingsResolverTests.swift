import DatelineKafka
import DatelineWorker
import Foundation
import Testing

@testable import dateline

@Suite struct SettingsResolverTests {
    @Test func defaultsApplyWhenNothingIsGiven() throws {
        let resolved = try SettingsResolver().resolve()
        #expect(resolved[.brokers] == "localhost:9092")
        #expect(resolved[.inputTopic] == "articles.raw")
        #expect(resolved[.outputTopic] == "articles.extracted")
        #expect(resolved[.deadLetterTopic] == "articles.dlq")
        #expect(resolved[.groupID] == "dateline")
        #expect(resolved[.metricsPort] == "9464")
        #expect(resolved.values["brokers"]?.source == .default)
        #expect(resolved.integer(.concurrency) == WorkerConfiguration.activeCores)
    }

    @Test func flagBeatsEnvironmentBeatsFileBeatsDefault() throws {
        var resolver = SettingsResolver()
        resolver.file = ConfigFile(values: ["input_topic": "file-topic", "group_id": "file-group", "brokers": "f:1"])
        resolver.environment = ["DATELINE_INPUT_TOPIC": "env-topic", "DATELINE_GROUP_ID": "env-group"]
        resolver.flags = ["input_topic": "flag-topic"]
        let resolved = try resolver.resolve()
        #expect(resolved[.inputTopic] == "flag-topic")
        #expect(resolved.values["input_topic"]?.source == .flag)
        #expect(resolved[.groupID] == "env-group")
        #expect(resolved.values["group_id"]?.source == .environment)
        #expect(resolved[.brokers] == "f:1")
        #expect(resolved.values["brokers"]?.source == .file)
        #expect(resolved[.outputTopic] == "articles.extracted")
    }

    @Test func kafkaPassThroughMapsEnvironmentNamesToProperties() throws {
        var resolver = SettingsResolver()
        resolver.file = ConfigFile(kafkaProperties: ["linger.ms": "50", "compression.type": "lz4"])
        resolver.environment = ["DATELINE_KAFKA_SESSION_TIMEOUT_MS": "6000", "DATELINE_KAFKA_LINGER_MS": "10"]
        resolver.kafkaFlags = ["compression.type": "zstd"]
        let properties = try resolver.resolve().librdkafkaProperties()
        #expect(properties["session.timeout.ms"] == "6000")
        #expect(properties["linger.ms"] == "10")
        #expect(properties["compression.type"] == "zstd")
        #expect(properties["security.protocol"] == "plaintext")
    }

    @Test(arguments: [
        ("DATELINE_CONCURRENCY", "abc", "concurrency"),
        ("DATELINE_CONCURRENCY", "0", "concurrency"),
        ("DATELINE_METRICS_PORT", "70000", "metrics_port"),
        ("DATELINE_INPUT_TOPIC", "bad topic!", "input_topic"),
        ("DATELINE_SECURITY_PROTOCOL", "carrier-pigeon", "security_protocol"),
        ("DATELINE_MAX_IN_FLIGHT", "-5", "max_in_flight"),
    ])
    func invalidSettingsNameTheSettingAndItsSource(variable: String, value: String, name: String) {
        let resolver = SettingsResolver(environment: [variable: value])
        #expect {
            try resolver.resolve()
        } throws: { error in
            let text = "\(error)"
            return text.contains(name) && text.contains(variable)
        }
    }

    @Test func saslNeedsCredentialsAndReadsThePasswordFile() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("dateline-settings-\(getpid())")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let passwordFile = directory.appendingPathComponent("password")
        try "s3cret-value\n".write(to: passwordFile, atomically: true, encoding: .utf8)

        let missing = SettingsResolver(environment: ["DATELINE_SECURITY_PROTOCOL": "sasl_ssl"])
        #expect(throws: SettingsError.self) { try missing.resolve().librdkafkaProperties() }

        let complete = SettingsResolver(environment: [
            "DATELINE_SECURITY_PROTOCOL": "sasl_ssl",
            "DATELINE_SASL_MECHANISM": "SCRAM-SHA-512",
            "DATELINE_SASL_USERNAME": "dateline",
            "DATELINE_SASL_PASSWORD_FILE": passwordFile.path,
        ])
        let properties = try complete.resolve().librdkafkaProperties()
        #expect(properties["sasl.mechanism"] == "SCRAM-SHA-512")
        #expect(properties["sasl.username"] == "dateline")
        #expect(properties["sasl.password"] == "s3cret-value")
    }

    @Test func secretsAreNeverShownInErrors() {
        let resolver = SettingsResolver(file: ConfigFile(values: ["sasl_password": "hunter2"]))
        let resolved = try? resolver.resolve()
        #expect(resolved?[.saslPassword] == "hunter2")
        #expect(KafkaProperties.isSecret("sasl.password"))
        #expect(KafkaProperties.isSecret("ssl.key.password"))
        #expect(!KafkaProperties.isSecret("session.timeout.ms"))
        let error = SettingsError.invalid(.saslPassword, "hunter2", from: .file, "example")
        #expect(!"\(error)".contains("hunter2"))
    }
}

@Suite struct ConfigFileTests {
    @Test func parsesSettingsAndKafkaMap() throws {
        let file = try ConfigFile.parse(
            """
            brokers: kafka-1:9092,kafka-2:9092
            concurrency: 4
            kafka:
              session.timeout.ms: 6000
              compression.type: zstd
            """,
            path: "test.yaml"
        )
        #expect(file.values["brokers"] == "kafka-1:9092,kafka-2:9092")
        #expect(file.values["concurrency"] == "4")
        #expect(file.kafkaProperties["session.timeout.ms"] == "6000")
        #expect(file.kafkaProperties["compression.type"] == "zstd")
    }

    @Test func unknownKeysAreRejected() {
        #expect(throws: SettingsError.self) { try ConfigFile.parse("input_topik: x\n", path: "test.yaml") }
    }

    /// The shipped example documents every setting and changes nothing: all its lines are comments.
    @Test func shippedExampleDocumentsEverySetting() throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent()
        let path = root.appendingPathComponent("config/dateline.yaml").path
        let text = try String(contentsOfFile: path, encoding: .utf8)
        for key in SettingKey.all {
            #expect(text.contains("# \(key.name):"), "config/dateline.yaml lacks \(key.name)")
            #expect(text.contains(key.environmentVariable), "config/dateline.yaml lacks \(key.environmentVariable)")
        }
        let parsed = try ConfigFile.parse(text, path: path)
        #expect(parsed.values.isEmpty)
        #expect(parsed.kafkaProperties.isEmpty)
    }
}
