import ArgumentParser

@main
struct Dateline: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "dateline",
        abstract: "Turns raw news articles into structured facts.",
        subcommands: []
    )
}
