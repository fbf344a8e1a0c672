/// The body formats the HTTP API reads, from a request's `Content-Type`.
enum MediaKind: Sendable, Equatable {
    /// `application/json` (or any `+json` type): one input object, or an array of them for a batch.
    case json
    /// `application/x-ndjson`, `application/jsonl` and their aliases: one input object per line.
    case jsonLines
    /// `text/plain`: one article as plain UTF-8 text.
    case text
    /// No `Content-Type`: the body is read as the worker reads a message value.
    case unspecified
    /// Anything else; refused with 415.
    case unsupported(String)

    /// Classifies a `Content-Type` value, ignoring parameters such as `charset`.
    ///
    /// - Parameter contentType: The header value, or `nil` when absent.
    init(contentType: String?) {
        guard let contentType else {
            self = .unspecified
            return
        }
        let essence = contentType.split(separator: ";", maxSplits: 1).first.map(String.init) ?? ""
        let type = essence.trimmingBlanks().lowercased()
        switch type {
        case "application/json":
            self = .json
        case "application/x-ndjson", "application/ndjson", "application/jsonl", "application/x-jsonlines",
            "application/jsonlines":
            self = .jsonLines
        case "text/plain":
            self = .text
        case "":
            self = .unspecified
        default:
            self = type.hasSuffix("+json") ? .json : .unsupported(type)
        }
    }

    /// The `Content-Type` of a response in this format.
    var responseContentType: String {
        switch self {
        case .jsonLines: "application/x-ndjson"
        default: "application/json"
        }
    }
}

extension String {
    fileprivate func trimmingBlanks() -> Substring {
        var slice = Substring(self)
        while slice.first == " " || slice.first == "\t" { slice.removeFirst() }
        while slice.last == " " || slice.last == "\t" { slice.removeLast() }
        return slice
    }
}
