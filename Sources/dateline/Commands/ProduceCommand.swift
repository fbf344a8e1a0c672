import ArgumentParser
import DatelineKafka
import Foundation
import Logging

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
        let brokers = resolved[.brokers] ?? "localhost:9092"
        let topic = self.topic ?? resolved[.inputTopic] ?? "articles.raw"
        var properties = KafkaProducer.defaultProperties(brokers: brokers)
        properties.merge(try resolved.librdkafkaProperties()) { _, new in new }
        let producer = try KafkaProducer(properties: properties, logger: Logger(label: "dateline.produce"))

        var sent = 0
        let inputs: [(name: String, data: Data)] =
            self.files.isEmpty
            ? [("stdin.jsonl", FileHandle.standardInput.readDataToEndOfFile())]
            : try self.files.map { path in
                guard let data = FileManager.default.contents(atPath: path) else {
                    throw ValidationError("cannot read \(path)")
                }
                return (path, data)
            }
        for input in inputs {
            for message in Self.messages(in: input.data, jsonLines: input.name.hasSuffix(".jsonl")) {
                try await producer.send(topic: topic, key: message.key, value: message.value)
                sent += 1
            }
        }
        try await producer.flush()
        FileHandle.standardError.write(Data("produced \(sent) message(s) to \(topic)\n".utf8))
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
