/// What one input of `dateline extract` produced, written in input order by ``OrderedOutput``.
enum ExtractOutcome: Sendable {
    /// A record for stdout (without its newline).
    case record([UInt8])
    /// A rejected input: the `FILE:LINE: code: message` text for stderr.
    case rejected(String)
    /// A file that could not be read: the message for stderr; the exit status becomes 2.
    case unreadable(String)
}
