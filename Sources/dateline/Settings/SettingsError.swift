import Foundation

/// A setting that cannot be used; the message names the setting, its source and how to fix it.
struct SettingsError: Error, CustomStringConvertible {
    enum Code: String {
        case invalidValue = "invalid-value"
        case unreadableFile = "unreadable-file"
        case unknownKey = "unknown-key"
        case inconsistent = "inconsistent"
    }

    let code: Code
    let message: String

    var description: String { "configuration error: \(self.message)" }

    static func invalid(_ key: SettingKey, _ value: String, from source: SettingSource, _ reason: String) -> Self {
        let shown = key.kind.isSecret ? "****" : "'\(value)'"
        return .init(
            code: .invalidValue,
            message: "\(key.name) (\(source.origin(of: key))) = \(shown): \(reason)"
        )
    }
}

extension SettingKind {
    var isSecret: Bool {
        if case .secret = self { return true }
        return false
    }
}

extension SettingSource {
    /// How a person would find where the value was set, e.g. `env DATELINE_CONCURRENCY`.
    func origin(of key: SettingKey) -> String {
        switch self {
        case .flag: "flag --\(key.name.replacingOccurrences(of: "_", with: "-"))"
        case .environment: "env \(key.environmentVariable)"
        case .file: "config file key \(key.name)"
        case .default: "default"
        }
    }
}
