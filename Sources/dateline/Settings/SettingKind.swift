/// The type of a setting's value, which decides how it is validated and shown.
enum SettingKind: Sendable {
    case string
    /// A non-empty name Kafka accepts for a topic: `[A-Za-z0-9._-]`, at most 249 characters.
    case topic
    /// An integer within a closed range.
    case integer(ClosedRange<Int>)
    /// One of a fixed set of values, compared case-insensitively.
    case choice([String])
    /// Never logged or printed: shown as `****` when set.
    case secret
}
