import Foundation

/// The OpenAPI 3.1 description of the HTTP API, served at `/openapi.json`.
///
/// One copy exists: `Sources/dateline/Resources/openapi.json`, committed and bundled as this target's
/// resource, so the served document is the reviewed file byte for byte.
enum OpenAPIDocument {
    /// The resource bundle SwiftPM builds for this target, beside the executable.
    static let bundleName = "dateline_dateline.resources"
    static let fileName = "openapi.json"

    /// Reads the document.
    ///
    /// Looks beside the executable (release installs, the container image, `swift build` output), then in
    /// the source tree (development checkouts, tests).
    /// - Returns: The JSON bytes.
    /// - Throws: ``SettingsError`` naming the places searched when the file is missing, so `serve` stops at
    ///   start-up instead of serving without it.
    static func load() throws(SettingsError) -> [UInt8] {
        var candidates: [URL] = []
        let executableDirectory = Bundle.main.bundleURL
        candidates.append(executableDirectory.appendingPathComponent("\(Self.bundleName)/\(Self.fileName)"))
        if let executable = Bundle.main.executableURL?.deletingLastPathComponent() {
            candidates.append(executable.appendingPathComponent("\(Self.bundleName)/\(Self.fileName)"))
        }
        candidates.append(
            URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
                .appendingPathComponent("Resources/\(Self.fileName)")
        )
        for candidate in candidates {
            if let data = FileManager.default.contents(atPath: candidate.path) {
                return [UInt8](data)
            }
        }
        throw SettingsError(
            code: .unreadableFile,
            message:
                "the OpenAPI document was not found (looked in \(candidates.map(\.path).joined(separator: ", "))); "
                + "install \(Self.bundleName) beside the dateline binary"
        )
    }
}
