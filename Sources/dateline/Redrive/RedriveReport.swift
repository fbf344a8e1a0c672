/// What a `dateline redrive` run did: messages read, copied (or, in a dry run, that would be), and skipped.
struct RedriveReport: Sendable, Equatable {
    /// Dead letters read from the source topic, up to its high watermarks at the start.
    var read = 0
    /// Dead letters copied to the destination and acknowledged (in a dry run: that a real run would copy).
    var copied = 0
    /// Dead letters left alone by `--reason`, by their own error code (`none` when they have no `dateline-error`).
    var skipped: [String: Int] = [:]
    /// Whether this was a dry run, which copies and commits nothing.
    var dryRun = false

    /// One line per count for the operator, e.g. `read 3, copied 2, skipped 1 (oversize 1)`.
    var summary: String {
        let skippedTotal = self.skipped.values.reduce(0, +)
        let reasons = self.skipped.keys.sorted().map { "\($0) \(self.skipped[$0]!)" }.joined(separator: ", ")
        return "\(self.dryRun ? "dry run: " : "")read \(self.read), \(self.dryRun ? "would copy" : "copied") "
            + "\(self.copied), skipped \(skippedTotal)" + (reasons.isEmpty ? "" : " (\(reasons))")
    }
}
