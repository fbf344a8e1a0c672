/// Why an input cannot become an ``Article``; its description is the dead-letter `dateline-error` header.
public struct ArticleRejection: Error, Sendable, Hashable, CustomStringConvertible {
    /// The closed set of reasons, stable for operators who filter dead letters by prefix.
    public enum Code: String, Sendable, Hashable {
        case invalidUTF8 = "invalid-utf8"
        case empty = "empty"
        case oversize = "oversize"
        case malformedJSON = "malformed-json"
        case missingText = "missing-text"
        case pipelineError = "pipeline-error"
    }

    public var code: Code
    public var message: String

    public init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    /// `code: message`, e.g. `invalid-utf8: byte 0xFF at offset 12 is not valid UTF-8`.
    public var description: String { "\(self.code.rawValue): \(self.message)" }
}
