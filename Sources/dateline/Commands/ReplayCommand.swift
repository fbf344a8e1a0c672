import ArgumentParser
import DatelineKafka
import Foundation

/// `dateline replay`: rewinds a consumer group's committed offsets on the input topic, so that the next
/// worker start reprocesses history (modelled on `kafka-consumer-groups --reset-offsets`).
///
/// Refuses while the group has active members: the coordinator only accepts offsets for an inactive group,
/// and a running worker would overwrite them with its own commits anyway.
struct ReplayCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "replay",
        abstract: "Rewind a consumer group's committed offsets so a restarted worker reprocesses history.",
        discussion: """
            Stop every worker of the group first; replay refuses while the group has active members.
            Targets are clamped to each partition's [earliest, latest] offsets. Use --dry-run to print the plan only.
            """
    )

    @OptionGroup var settings: SettingsOptions

    @Option(name: .long, help: "The consumer group to rewind (default: the group_id setting).")
    var group: String?

    @Option(name: .long, help: "The input topic (default: the input_topic setting).")
    var topic: String?

    @Flag(name: .long, help: "Rewind to the earliest available offset of each partition.")
    var toEarliest = false

    @Option(name: .long, help: "Rewind every partition to this offset (clamped to the available range).")
    var toOffset: Int64?

    @Option(
        name: .long,
        help:
            "Rewind to the first message at or after this time: ISO-8601 (2026-01-31T12:00:00Z) or epoch milliseconds."
    )
    var toTimestamp: String?

    @Flag(name: .long, help: "Print the plan without changing anything.")
    var dryRun = false

    func validate() throws {
        let targets = [self.toEarliest, self.toOffset != nil, self.toTimestamp != nil].filter { $0 }.count
        guard targets == 1 else {
            throw ValidationError("Choose exactly one of --to-earliest, --to-offset N or --to-timestamp T.")
        }
        if let toOffset, toOffset < 0 {
            throw ValidationError("--to-offset must be 0 or more, got \(toOffset).")
        }
        if let toTimestamp, Self.parseTimestamp(toTimestamp) == nil {
            throw ValidationError(
                "--to-timestamp '\(toTimestamp)' is neither ISO-8601 (2026-01-31T12:00:00Z) nor epoch milliseconds."
            )
        }
    }

    func run() async throws {
        let resolved = try self.settings.resolve()
        let logger = Observability.bootstrapLogging(resolved)
        let group = self.group ?? resolved[.groupID] ?? "dateline"
        let topic = self.topic ?? resolved[.inputTopic] ?? "articles.raw"
        let admin = try resolved.makeAdmin(logger: logger)

        let description = try await admin.describeGroup(group)
        if description.hasActiveMembers {
            throw CommandFailure(
                "group '\(group)' is active (state \(description.state), \(description.members.count) member(s) listed); "
                    + "stop every worker of the group, wait for its session to time out, then run replay again"
            )
        }
        let watermarks = try await admin.watermarks(topic: topic)
        let committed = try await admin.committedOffsets(group: group, topic: topic)
        var byTimestamp: [Int32: Int64] = [:]
        if let toTimestamp, let milliseconds = Self.parseTimestamp(toTimestamp) {
            byTimestamp = try await admin.offsets(forTimestamp: milliseconds, topic: topic)
        }

        var targets: [Int32: Int64] = [:]
        print("Replay plan for group '\(group)' on topic '\(topic)':")
        print("PARTITION  CURRENT    TARGET     EARLIEST   LATEST")
        var underReported = false
        for partition in watermarks.keys.sorted() {
            let range = watermarks[partition]!
            let current = committed[partition].flatMap { $0 >= 0 ? $0 : nil }
            // A committed offset never exceeds the real end, so it also bounds the end from below: some brokers
            // (Tansu) under-report the latest offset, and clamping to that alone would rewind instead of holding.
            let end = max(range.high, current ?? range.low)
            if let current, current > range.high { underReported = true }
            let wanted: Int64
            if self.toEarliest {
                wanted = range.low
            } else if let toOffset {
                wanted = toOffset
            } else {
                // No message that recent: the end of the partition.
                let found = byTimestamp[partition] ?? KafkaOffset.end
                wanted = found < 0 ? end : found
            }
            let target = min(max(wanted, range.low), max(range.low, end))
            targets[partition] = target
            print(
                Self.column(String(partition)) + Self.column(current.map { String($0) } ?? "-")
                    + Self.column(String(target)) + Self.column(String(range.low)) + String(range.high)
            )
        }
        if underReported {
            print(
                "Note: the broker reports a latest offset below a committed one; the committed offset bounds the end."
            )
        }
        if self.dryRun {
            print("Dry run: nothing changed.")
            return
        }
        try await admin.alterGroupOffsets(group: group, topic: topic, offsets: targets)
        print("Rewound group '\(group)' on '\(topic)' (\(targets.count) partitions); restart the workers to reprocess.")
    }

    /// ISO-8601 (with or without fractional seconds) or epoch milliseconds.
    static func parseTimestamp(_ text: String) -> Int64? {
        if let milliseconds = Int64(text), milliseconds >= 0 { return milliseconds }
        let formatter = ISO8601DateFormatter()
        if let date = formatter.date(from: text) { return Int64((date.timeIntervalSince1970 * 1000).rounded()) }
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        if let date = formatter.date(from: text) { return Int64((date.timeIntervalSince1970 * 1000).rounded()) }
        return nil
    }

    static func column(_ text: String) -> String {
        text.padding(toLength: max(11, text.count + 1), withPad: " ", startingAt: 0)
    }
}
