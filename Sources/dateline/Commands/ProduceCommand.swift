import ArgumentParser
import DatelineKafka
import Foundation
import Logging
import Synchronization

/// `dateline produce`: publishes articles from files, for local runs, tests and re-driving dead letters.
///
/// A `.jsonl` file (or stdin) yields one message per non-empty line, keyed by its `id` when present;
/// any other file yields one message holding the whole file.
struct ProduceCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "produce",
        abstract: "Publish articles (JSONL lines or whole text files) to a topic."
    )

    @OptionGroup var settings: SettingsOptions

    @Option(help: "Target topic (default: the input topic).")
    var topic: String?

    @Argument(help: "Files to publish; stdin (JSONL) when none is given.")
    var files: [String] = []

    func run() async throws {
        let resolved = try self.settings.resolve()
        let logger = Observability.bootstrapLogging(resolved)
        let topic = self.topic ?? resolved[.inputTopic] ?? "articles.raw"
        var properties = KafkaProducer.defaultProperties(brokers: resolved.brokers)
        properties.merge(try resolved.clientProperties(for: .producer)) { _, new in new }
        let producer = try KafkaProducer(properties: properties, logger: logger)

        let publisher = Publisher(producer: producer, topic: topic)
        if self.files.isEmpty {
            // Line by line, so a slow writer (`tail -f`, a paced benchmark) is published as it writes.
            while let line = readLine(strippingNewline: true) {
                for message in Self.messages(in: Data(line.utf8), jsonLines: true) {
                    try await publisher.publish(message)
                }
            }
        }
        for path in self.files {
            guard let data = FileManager.default.contents(atPath: path) else {
                throw ValidationError("cannot read \(path)")
            }
            for message in Self.messages(in: data, jsonLines: path.hasSuffix(".jsonl")) {
                try await publisher.publish(message)
            }
        }
        try await producer.flush()
        let (sent, failed) = publisher.counts
        FileHandle.standardError.write(Data("produced \(sent) message(s) to \(topic)\n".utf8))
        if failed > 0 {
            throw ValidationError("\(failed) message(s) were not acknowledged by the broker")
        }
    }

    /// Enqueues without waiting for each acknowledgement (librdkafka batches them); counts the outcomes.
    private final class Publisher: Sendable {
        let producer: KafkaProducer
        let topic: String
        private let outcomes = Mutex<(sent: Int, failed: Int)>((0, 0))

        init(producer: KafkaProducer, topic: String) {
            self.producer = producer
            self.topic = topic
        }

        var counts: (sent: Int, failed: Int) { self.outcomes.withLock { $0 } }

        func publish(_ message: (key: [UInt8]?, value: [UInt8])) async throws {
            while true {
                do {
                    try self.producer.produce(topic: self.topic, key: message.key, value: message.value) { result in
                        self.outcomes.withLock { outcome in
                            if case .success = result { outcome.sent += 1 } else { outcome.failed += 1 }
                        }
                    }
                    return
                } catch  where error.code == .queueFull {
                    // librdkafka's backpressure: let delivery reports drain the queue, then retry.
                    try await Task.sleep(for: .milliseconds(10))
                }
            }
        }
    }

    /// Splits a JSONL payload into messages keyed by `id`; anything else is one message.
    static func messages(in data: Data, jsonLines: Bool) -> [(key: [UInt8]?, value: [UInt8])] {
        guard jsonLines else { return [(nil, Array(data))] }
        return data.split(separator: UInt8(ascii: "\n")).compactMap { line in
            let bytes = Array(line)
            guard bytes.contains(where: { $0 != UInt8(ascii: " ") && $0 != UInt8(ascii: "\r") }) else { return nil }
            let object = try? JSONSerialization.jsonObject(with: Data(bytes)) as? [String: Any]
            let key: String? =
                switch object?["id"] {
                case let id as String: id
                case let id as NSNumber: id.stringValue
                default: nil
                }
            return (key.map { Array($0.utf8) }, bytes)
        }
    }
}
