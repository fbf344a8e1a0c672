import ArgumentParser
import DatelineKafka
import Foundation

/// `dateline consume`: prints a topic's messages as JSON lines, without joining a group or committing.
///
/// Used by `make run` to show the output records and by operators to inspect the dead-letter topic.
struct ConsumeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "consume",
        abstract: "Print a topic's messages (from the beginning) as JSON lines."
    )

    @OptionGroup var settings: SettingsOptions

    @Option(help: "Topic to read (default: the output topic).")
    var topic: String?

    @Option(help: "Stop after this many messages.")
    var count: Int?

    @Option(help: "Give up after this many seconds.")
    var timeout: Int = 60

    @Flag(help: "Print only the message values.")
    var valuesOnly = false

    func run() async throws {
        let resolved = try self.settings.resolve()
        // librdkafka's logs go to stderr in the configured format; stdout carries only the messages.
        _ = Observability.bootstrapLogging(resolved)
        let topic = self.topic ?? resolved[.outputTopic] ?? "articles.extracted"
        let brokers = resolved.brokers
        let properties = try resolved.clientProperties(for: .consumer)
        let messages: [KafkaMessage]
        if let count = self.count {
            messages = try await KafkaTopicReader.read(
                brokers: brokers,
                topic: topic,
                timeout: .seconds(self.timeout),
                properties: properties
            ) { $0.count >= count }
        } else {
            messages = try await KafkaTopicReader.readAll(
                brokers: brokers,
                topic: topic,
                timeout: .seconds(self.timeout),
                properties: properties
            )
        }
        for message in messages.prefix(self.count ?? Int.max) {
            print(self.valuesOnly ? String(decoding: message.value, as: UTF8.self) : Self.describe(message))
        }
    }

    /// One JSON line with the coordinates, key, headers and value (parsed when it is JSON).
    static func describe(_ message: KafkaMessage) -> String {
        var headers: [String: String] = [:]
        for header in message.headers {
            headers[header.name] = header.value.map { String(decoding: $0, as: UTF8.self) } ?? ""
        }
        let value: Any =
            (try? JSONSerialization.jsonObject(with: Data(message.value), options: [.fragmentsAllowed]))
            ?? String(decoding: message.value, as: UTF8.self)
        let object: [String: Any] = [
            "topic": message.topic,
            "partition": Int(message.partition),
            "offset": Int(message.offset),
            "timestamp": message.timestampMilliseconds.map { Int($0) as Any } ?? NSNull(),
            "key": message.key.map { String(decoding: $0, as: UTF8.self) } ?? NSNull(),
            "headers": headers,
            "value": value,
        ]
        let data = (try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])) ?? Data()
        return String(decoding: data, as: UTF8.self)
    }
}
