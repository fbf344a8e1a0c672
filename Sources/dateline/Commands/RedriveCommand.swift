import ArgumentParser
import DatelineKafka
import Foundation

/// `dateline redrive`: copies dead letters back to the input topic, exactly as they were, once.
///
/// Connects with the same settings as every command (flag > env > file > default, TLS/SASL included).
struct RedriveCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "redrive",
        abstract: "Copy dead letters back to a topic, byte for byte and once (progress is committed).",
        discussion: """
            Reads --from (default: the dlq_topic setting) up to its end at the start, copies key, value and \
            headers (minus dateline-error) to --to (default: the input_topic setting), and commits its progress \
            in --group only after the copies were acknowledged. --reason CODE copies only dead letters whose \
            dateline-error header starts with CODE: (e.g. oversize, invalid-utf8, pipeline-error).
            """
    )

    @OptionGroup var settings: SettingsOptions

    @Option(help: "The dead-letter topic to read (default: the dlq_topic setting).")
    var from: String?

    @Option(help: "The topic to copy to (default: the input_topic setting).")
    var to: String?

    @Option(help: "Copy only dead letters with this error code; others are counted as skipped.")
    var reason: String?

    @Option(help: "The consumer group holding the redrive's progress (default: dateline-redrive).")
    var group: String = DeadLetterRedrive.Options.defaultGroup

    @Option(help: "Messages copied between commits.")
    var batchSize: Int = 500

    @Option(help: "Give up after this many seconds without a message while the end is not reached.")
    var idleTimeout: Int = 60

    @Flag(help: "Count what would be copied; copy and commit nothing.")
    var dryRun = false

    func validate() throws {
        guard self.batchSize > 0 else { throw ValidationError("--batch-size must be at least 1") }
        guard self.idleTimeout > 0 else { throw ValidationError("--idle-timeout must be at least 1") }
        if let reason, reason.isEmpty || reason.contains(":") {
            throw ValidationError("--reason takes an error code such as oversize, without ':'")
        }
    }

    func run() async throws {
        let resolved = try self.settings.resolve()
        let logger = Observability.bootstrapLogging(resolved)
        let source = self.from ?? resolved[.deadLetterTopic] ?? "articles.dlq"
        let destination = self.to ?? resolved[.inputTopic] ?? "articles.raw"
        guard source != destination else {
            throw ValidationError("--from and --to are both '\(source)'; a redrive onto itself would never end")
        }
        var options = DeadLetterRedrive.Options(source: source, destination: destination)
        options.reason = self.reason
        options.dryRun = self.dryRun
        options.group = self.group
        options.batchSize = self.batchSize
        options.idleTimeout = .seconds(self.idleTimeout)
        let redrive = DeadLetterRedrive(
            options: options,
            consumerProperties: try resolved.clientProperties(for: .consumer),
            producerProperties: try resolved.clientProperties(for: .producer),
            logger: logger
        )
        let report = try await redrive.run()
        print("redrive \(source) -> \(destination): \(report.summary)")
    }
}
