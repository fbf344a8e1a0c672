import DatelineKafka
import Foundation
import Logging
import Testing

@testable import dateline

/// `dateline redrive` against librdkafka's in-process mock cluster: byte-exact copies, the reason filter,
/// committed progress (a second run copies nothing) and dry runs; the command itself through the built binary.
@Suite(.serialized, .timeLimit(.minutes(5)))
struct RedriveTests {
    static let logger: Logger = {
        var logger = Logger(label: "dateline.test.redrive")
        logger.logLevel =
            ProcessInfo.processInfo.environment["DATELINE_TEST_LOG_LEVEL"].flatMap { Logger.Level(rawValue: $0) }
            ?? .error
        return logger
    }()

    /// A mock cluster with a dead-letter topic (2 partitions) and an input topic (3), and a producer.
    final class Harness: Sendable {
        // Clients first: stored properties are released in declaration order, and the cluster must outlive them.
        let producer: KafkaProducer
        let cluster: KafkaMockCluster
        let deadLetters = "dlq"
        let input = "in"

        init() throws {
            let cluster = try KafkaMockCluster(brokers: 1, logger: RedriveTests.logger)
            cluster.setGroupInitialRebalanceDelay(.milliseconds(50))
            try cluster.createTopic("dlq", partitions: 2)
            try cluster.createTopic("in", partitions: 3)
            var properties = KafkaProducer.defaultProperties(brokers: cluster.bootstrapServers)
            properties["linger.ms"] = "1"
            self.producer = try KafkaProducer(properties: properties, logger: RedriveTests.logger)
            self.cluster = cluster
        }

        var brokers: String { self.cluster.bootstrapServers }

        /// Writes a dead letter as the worker does: the error header first, then the input's own headers.
        func deadLetter(key: [UInt8]?, value: [UInt8], reason: String, headers: [KafkaHeader] = []) async throws {
            try await self.producer.send(
                topic: self.deadLetters,
                key: key,
                value: value,
                headers: [
                    KafkaHeader(name: "dateline-error", string: "\(reason): something about it"),
                    KafkaHeader(name: "dateline-source", string: "in/0/7"),
                ] + headers
            )
        }

        /// A redrive from the dead-letter topic to the input topic.
        func redrive(reason: String? = nil, dryRun: Bool = false, batchSize: Int = 500) -> DeadLetterRedrive {
            var options = DeadLetterRedrive.Options(source: self.deadLetters, destination: self.input)
            options.reason = reason
            options.dryRun = dryRun
            options.batchSize = batchSize
            options.idleTimeout = .seconds(30)
            let properties = ["bootstrap.servers": self.brokers, "log_level": "3"]
            return DeadLetterRedrive(
                options: options,
                consumerProperties: properties.merging(["session.timeout.ms": "6000"]) { _, new in new },
                producerProperties: properties,
                logger: RedriveTests.logger
            )
        }

        /// Everything in the input topic, after a quiet second.
        func inputMessages() async throws -> [KafkaMessage] {
            try await KafkaTopicReader.readAll(brokers: self.brokers, topic: self.input, idleTimeout: .seconds(1))
        }
    }

    /// Not UTF-8 (a lone continuation byte, an overlong NUL, 0xFF).
    static let invalidUTF8: [UInt8] = [0x7B, 0x22, 0x74, 0x22, 0x3A, 0x22, 0x80, 0xC0, 0x80, 0xFF, 0x22, 0x7D]
    /// A plain-text article whose blank lines `consume --values-only | produce` split into several messages.
    static let multiLine = Array("PARIS (Reuters) - First paragraph.\n\n\nSecond paragraph.\r\n\r\nThird.\n".utf8)
    /// A key that is not text.
    static let binaryKey: [UInt8] = [0x00, 0xFF, 0x0A, 0x80, 0x7F]

    @Test func copiesKeyValueAndHeadersByteForByte() async throws {
        let harness = try Harness()
        let custom = [
            KafkaHeader(name: "traceparent", string: "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01"),
            KafkaHeader(name: "binary", value: [0x00, 0xFF, 0xFE]),
            KafkaHeader(name: "null-valued", value: nil),
            KafkaHeader(name: "binary", value: [0x01]),
        ]
        try await harness.deadLetter(
            key: Self.binaryKey,
            value: Self.invalidUTF8,
            reason: "invalid-utf8",
            headers: custom
        )
        try await harness.deadLetter(key: Array("article-2".utf8), value: Self.multiLine, reason: "pipeline-error")
        try await harness.deadLetter(key: nil, value: [], reason: "empty")

        let report = try await harness.redrive().run()
        #expect(report == RedriveReport(read: 3, copied: 3, skipped: [:], dryRun: false))

        let copies = try await harness.inputMessages()
        #expect(copies.count == 3)
        let invalid = try #require(copies.first { $0.key == Self.binaryKey })
        #expect(invalid.value == Self.invalidUTF8)
        #expect(invalid.headers == [KafkaHeader(name: "dateline-source", string: "in/0/7")] + custom)
        let text = try #require(copies.first { $0.key == Array("article-2".utf8) })
        #expect(text.value == Self.multiLine)
        #expect(!text.headers.contains { $0.name == "dateline-error" })
        let keyless = try #require(copies.first { $0.key == nil })
        #expect(keyless.value.isEmpty)
    }

    @Test func reasonFilterCopiesOnlyThatCodeAndCountsTheRest() async throws {
        let harness = try Harness()
        for index in 0..<3 {
            let key = Array("o\(index)".utf8)
            try await harness.deadLetter(key: key, value: Array("big \(index)".utf8), reason: "oversize")
        }
        try await harness.deadLetter(key: Array("u".utf8), value: Self.invalidUTF8, reason: "invalid-utf8")
        // "oversize-ish" must not match "oversize": the code is compared whole, up to the colon.
        try await harness.deadLetter(key: Array("x".utf8), value: Array("x".utf8), reason: "oversize-ish")
        try await harness.producer.send(topic: harness.deadLetters, key: "plain", value: "no error header")

        let report = try await harness.redrive(reason: "invalid-utf8").run()
        #expect(report.read == 6)
        #expect(report.copied == 1)
        #expect(report.skipped == ["oversize": 3, "oversize-ish": 1, "none": 1])
        let copies = try await harness.inputMessages()
        #expect(copies.map(\.value) == [Self.invalidUTF8])
    }

    @Test func secondRunCopiesNothingAndNewDeadLettersAreCopiedOnce() async throws {
        let harness = try Harness()
        for index in 0..<25 {
            let key = Array("k\(index)".utf8)
            try await harness.deadLetter(key: key, value: Array("v\(index)".utf8), reason: "oversize")
        }
        // Small batches: progress is committed batch by batch, and every batch must be counted once.
        let first = try await harness.redrive(batchSize: 4).run()
        #expect(first.read == 25)
        #expect(first.copied == 25)

        let second = try await harness.redrive(batchSize: 4).run()
        #expect(second == RedriveReport(read: 0, copied: 0, skipped: [:], dryRun: false))

        try await harness.deadLetter(key: Array("late".utf8), value: Array("late".utf8), reason: "oversize")
        let third = try await harness.redrive().run()
        #expect(third.read == 1)
        #expect(third.copied == 1)

        let copies = try await harness.inputMessages()
        #expect(copies.count == 26)
        #expect(Set(copies.map(\.value)).count == 26)
    }

    @Test func dryRunCopiesAndCommitsNothing() async throws {
        let harness = try Harness()
        try await harness.deadLetter(key: Array("a".utf8), value: Array("a".utf8), reason: "oversize")
        try await harness.deadLetter(key: Array("b".utf8), value: Array("b".utf8), reason: "invalid-utf8")

        let dry = try await harness.redrive(reason: "oversize", dryRun: true).run()
        #expect(dry == RedriveReport(read: 2, copied: 1, skipped: ["invalid-utf8": 1], dryRun: true))
        #expect(try await harness.inputMessages().isEmpty)

        // Nothing was committed: the real run still sees both.
        let real = try await harness.redrive().run()
        #expect(real.read == 2)
        #expect(real.copied == 2)
    }

    @Test func emptySourceEndsAtOnce() async throws {
        let harness = try Harness()
        let report = try await harness.redrive().run()
        #expect(report == RedriveReport(read: 0, copied: 0, skipped: [:], dryRun: false))
    }

    @Test func reasonCodeIsTheHeaderUpToTheFirstColon() {
        func message(_ error: String?) -> KafkaMessage {
            KafkaMessage(
                topic: "dlq",
                partition: 0,
                offset: 0,
                key: nil,
                value: [],
                headers: error.map { [KafkaHeader(name: "dateline-error", string: $0)] } ?? []
            )
        }
        #expect(DeadLetterRedrive.reasonCode(of: message("oversize: 3 MB > 2 MB")) == "oversize")
        #expect(DeadLetterRedrive.reasonCode(of: message("pipeline-error: a: b")) == "pipeline-error")
        #expect(DeadLetterRedrive.reasonCode(of: message(nil)) == nil)
    }

    /// The command as an operator runs it: settings from a config file, the summary on stdout.
    @Test func commandReadsItsConnectionFromTheConfigFile() async throws {
        let harness = try Harness()
        try await harness.deadLetter(key: Self.binaryKey, value: Self.invalidUTF8, reason: "invalid-utf8")
        try await harness.deadLetter(key: Array("b".utf8), value: Self.multiLine, reason: "oversize")
        let config = FileManager.default.temporaryDirectory.appendingPathComponent("redrive-\(UUID().uuidString).yaml")
        try """
        brokers: \(harness.brokers)
        dlq_topic: \(harness.deadLetters)
        input_topic: \(harness.input)
        kafka:
          log_level: 3
          # The mock cluster holds a re-join for the session timeout of the member that left.
          session.timeout.ms: 6000
        """.write(to: config, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(at: config) }

        let dry = try await DatelineProcess.run([
            "redrive", "--config", config.path, "--dry-run", "--reason", "oversize", "--log-format", "json",
        ])
        #expect(dry.status == 0, "\(String(decoding: dry.stderr, as: UTF8.self))")
        // --log-format json: every stderr line is one JSON object; the summary is also logged with its fields.
        let logLines = String(decoding: dry.stderr, as: UTF8.self).split(separator: "\n")
        let objects = try logLines.map {
            try #require(try JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any], "\($0)")
        }
        let finished = try #require(objects.first { $0["message"] as? String == "Redrive finished" })
        #expect(finished["level"] as? String == "info")
        #expect(finished["label"] as? String == "dateline")
        #expect((finished["redrive.summary"] as? String)?.hasPrefix("dry run: read 2") == true)
        #expect(
            String(decoding: dry.stdout, as: UTF8.self)
                == "redrive dlq -> in: dry run: read 2, would copy 1, skipped 1 (invalid-utf8 1)\n"
        )

        let run = try await DatelineProcess.run(["redrive", "--config", config.path])
        #expect(run.status == 0, "\(String(decoding: run.stderr, as: UTF8.self))")
        #expect(String(decoding: run.stdout, as: UTF8.self) == "redrive dlq -> in: read 2, copied 2, skipped 0\n")
        let copies = try await harness.inputMessages()
        #expect(Set(copies.map(\.value)) == [Self.invalidUTF8, Self.multiLine])

    }

    /// SASL settings from the config file reach librdkafka for every Kafka command: the mock cluster has no SASL
    /// handlers (librdkafka 2.14 answers no SaslHandshake), so a client that really sends one fails, while the same
    /// file without the security settings works (the test above).
    @Test(arguments: [["redrive"], ["status", "--group", "g"], ["replay", "--to-earliest", "--dry-run"]])
    func saslSettingsFromTheFileAreApplied(command: [String]) async throws {
        let harness = try Harness()
        let secret = FileManager.default.temporaryDirectory.appendingPathComponent("sasl-\(UUID().uuidString)")
        try "s3cret\n".write(to: secret, atomically: true, encoding: .utf8)
        let config = FileManager.default.temporaryDirectory.appendingPathComponent("sasl-\(UUID().uuidString).yaml")
        try """
        brokers: \(harness.brokers)
        dlq_topic: \(harness.deadLetters)
        input_topic: \(harness.input)
        security_protocol: sasl_plaintext
        sasl_mechanism: PLAIN
        sasl_username: dateline
        sasl_password_file: \(secret.path)
        kafka:
          socket.timeout.ms: 3000
        """.write(to: config, atomically: true, encoding: .utf8)
        defer {
            try? FileManager.default.removeItem(at: config)
            try? FileManager.default.removeItem(at: secret)
        }
        let result = try await DatelineProcess.run(command + ["--config", config.path, "--log-level", "debug"])
        let errors = String(decoding: result.stderr, as: UTF8.self)
        #expect(result.status != 0)
        #expect(errors.contains("SASL Handshake not supported by broker"), "\(errors)")
        #expect(!errors.contains("s3cret"))
    }
}
