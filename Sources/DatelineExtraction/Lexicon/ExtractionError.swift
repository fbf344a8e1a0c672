/// Why the pipeline cannot start: its generated lexicons are missing or unreadable.
///
/// Thrown by ``ExtractionPipeline/init(lexiconDirectory:)``; never thrown per article.
public struct ExtractionError: Error, Sendable, CustomStringConvertible {
    /// The closed set of start-up failures.
    public enum Code: String, Sendable {
        case lexiconsMissing = "lexicons-missing"
        case lexiconsMalformed = "lexicons-malformed"
    }

    public var code: Code
    /// What failed and how to fix it.
    public var message: String
    public var file: String
    public var line: Int

    static func lexiconsMissing(_ message: String, file: String = #fileID, line: Int = #line) -> Self {
        Self(code: .lexiconsMissing, message: message, file: file, line: line)
    }

    static func lexiconsMalformed(_ message: String, file: String = #fileID, line: Int = #line) -> Self {
        Self(code: .lexiconsMalformed, message: message, file: file, line: line)
    }

    public var description: String { "\(self.code.rawValue): \(self.message)" }
}
