import ArgumentParser

/// The `dateline` command: the Kafka worker, the offline extractor and the operator tools.
@main
struct Dateline: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "dateline",
        abstract: "Turns a firehose of raw news articles into structured facts.",
        // `--version`: release, pipeline and linked librdkafka, the three things a bug report needs.
        version: BuildInfo.versionText,
        subcommands: [
            RunCommand.self, ExtractCommand.self, ReplayCommand.self, StatusCommand.self, ConfigCommand.self,
            ProduceCommand.self, ConsumeCommand.self, RedriveCommand.self, ServeCommand.self,
        ]
    )
}
