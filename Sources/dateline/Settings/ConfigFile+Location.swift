import Foundation

extension ConfigFile {
    /// The default file, read only when it exists.
    static let defaultPath = "config/dateline.yaml"

    /// Which config file a command reads: `--config`, else `$DATELINE_CONFIG`, else ``defaultPath`` when present.
    ///
    /// One rule for every command, so `serve` and `run` read the same file.
    /// - Parameters:
    ///   - flag: The `--config` value, if given.
    ///   - environment: The process environment (injectable for tests).
    /// - Returns: The path to load, or `nil` for no file.
    static func path(flag: String?, environment: [String: String]) -> String? {
        if let explicit = flag ?? environment["DATELINE_CONFIG"] { return explicit }
        return FileManager.default.fileExists(atPath: Self.defaultPath) ? Self.defaultPath : nil
    }
}
