import ArgumentParser
import DatelineKafka
import Foundation

/// `dateline status`: a consumer group's state, members and assignments, committed offsets and lag.
struct StatusCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "status",
        abstract: "Show a consumer group's members, assigned partitions, committed offsets and lag."
    )

    @OptionGroup var settings: SettingsOptions

    @Option(name: .long, help: "The consumer group (default: the group_id setting).")
    var group: String?

    @Option(name: .long, help: "The input topic (default: the input_topic setting).")
    var topic: String?

    func run() async throws {
        let resolved = try self.settings.resolve()
        let logger = Observability.bootstrapLogging(resolved)
        let group = self.group ?? resolved[.groupID] ?? "dateline"
        let topic = self.topic ?? resolved[.inputTopic] ?? "articles.raw"
        let admin = try resolved.makeAdmin(logger: logger)

        let description = try await admin.describeGroup(group)
        let watermarks = try await admin.watermarks(topic: topic)
        let committed = try await admin.committedOffsets(group: group, topic: topic)

        print("Group '\(group)': state \(description.state), \(description.members.count) member(s) listed")
        var owner: [Int32: String] = [:]
        for member in description.members {
            let partitions = member.assignment.filter { $0.topic == topic }.map(\.partition).sorted()
            print("  member \(member.memberID) client \(member.clientID) host \(member.host) partitions \(partitions)")
            for partition in partitions { owner[partition] = member.clientID }
        }
        if description.members.isEmpty && description.hasActiveMembers {
            print("  (the broker lists no members, but the state shows the group is active)")
        }
        print("Topic '\(topic)':")
        print("PARTITION  COMMITTED  LATEST     LAG        OWNER")
        var totalLag: Int64 = 0
        var underReported = false
        for partition in watermarks.keys.sorted() {
            let range = watermarks[partition]!
            let offset = committed[partition] ?? KafkaOffset.invalid
            let lag = offset >= 0 ? max(0, range.high - offset) : max(0, range.high - range.low)
            if offset > range.high { underReported = true }
            totalLag += lag
            print(
                ReplayCommand.column(String(partition)) + ReplayCommand.column(offset >= 0 ? String(offset) : "-")
                    + ReplayCommand.column(String(range.high)) + ReplayCommand.column(String(lag))
                    + (owner[partition] ?? "-")
            )
        }
        print("Total lag: \(totalLag)")
        if underReported {
            print("Note: the broker reports a latest offset below a committed one (Tansu does); lag may read low.")
        }
    }
}
