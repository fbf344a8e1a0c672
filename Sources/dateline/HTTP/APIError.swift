import DatelineExtraction
import Hummingbird
import NIOCore

/// A request the HTTP API refuses, with the status and the JSON body that names the problem.
///
/// Every refusal has the same body, `{"error": {"code": "...", "message": "..."}}`, so clients branch on
/// `code` (a closed set: the dead-letter codes of ``ArticleRejection/Code`` plus the HTTP-level ones here)
/// and show `message` to people.
struct APIError: Error, Sendable, CustomStringConvertible {
    /// Why the request was refused; stable strings clients may match on.
    enum Code: String, Sendable, CaseIterable {
        case invalidUTF8 = "invalid-utf8"
        case empty = "empty"
        case oversize = "oversize"
        case malformedJSON = "malformed-json"
        case missingText = "missing-text"
        case pipelineError = "pipeline-error"
        case unsupportedMediaType = "unsupported-media-type"
        case notFound = "not-found"
        case methodNotAllowed = "method-not-allowed"
        case unavailable = "unavailable"
        case internalError = "internal-error"
    }

    var code: Code
    var message: String
    var status: HTTPResponse.Status
    /// Extra response headers, such as `Allow` on a 405.
    var headers: HTTPFields = [:]

    var description: String { "\(self.code.rawValue): \(self.message)" }

    init(_ code: Code, _ message: String, status: HTTPResponse.Status) {
        self.code = code
        self.message = message
        self.status = status
    }

    /// The refusal for an input the decoder rejected, with the status its code implies.
    ///
    /// - Parameter rejection: What ``ArticleDecoder`` or the pipeline reported.
    init(_ rejection: ArticleRejection) {
        let code = Code(rawValue: rejection.code.rawValue) ?? .internalError
        self.init(code, rejection.message, status: Self.status(for: rejection.code))
    }

    /// 413 for oversize, 422 for a well-formed object without usable text, 500 for a pipeline failure, 400 else.
    static func status(for code: ArticleRejection.Code) -> HTTPResponse.Status {
        switch code {
        case .oversize: .contentTooLarge
        case .missingText: .unprocessableContent
        case .pipelineError: .internalServerError
        case .invalidUTF8, .empty, .malformedJSON: .badRequest
        }
    }

    // MARK: - Body

    /// `{"code":"...","message":"..."}`: the inner object, also used for per-item errors of a batch.
    var errorObjectJSON: String {
        "{\"code\":\(Self.jsonString(self.code.rawValue)),\"message\":\(Self.jsonString(self.message))}"
    }

    /// The full JSON response.
    func response() -> Response {
        var headers = self.headers
        headers[.contentType] = "application/json"
        let body = "{\"error\":\(self.errorObjectJSON)}\n"
        return Response(status: self.status, headers: headers, body: .init(byteBuffer: ByteBuffer(string: body)))
    }

    /// A JSON string literal for `text`, escaped as the JSON log lines are.
    static func jsonString(_ text: String) -> String {
        var out = ""
        JSONLogHandler.appendString(text, to: &out)
        return out
    }
}
