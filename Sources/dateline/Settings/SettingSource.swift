/// Where an effective setting came from, highest precedence first.
enum SettingSource: String, Sendable, Comparable {
    case flag
    case environment = "env"
    case file
    case `default`

    private var rank: Int {
        switch self {
        case .flag: 0
        case .environment: 1
        case .file: 2
        case .default: 3
        }
    }

    static func < (lhs: SettingSource, rhs: SettingSource) -> Bool { lhs.rank < rhs.rank }
}
