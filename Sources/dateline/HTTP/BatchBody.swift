import Hummingbird

/// Splits a batch request body into its items without parsing them, so each item reaches ``ArticleDecoder``
/// as the exact bytes the client sent (the same bytes a Kafka message or a JSONL line would carry).
///
/// Parsing the whole array with Foundation first would lose what the decoder protects (a raw U+FEFF at the
/// start of a string) and would make one bad item fail the whole batch; here only a body whose structure
/// cannot be followed fails as a whole.
enum BatchBody {
    /// One item of a batch: its bytes, or why it is not an input object.
    enum Item: Sendable, Equatable {
        case value(ArraySlice<UInt8>)
        case notAnObject(String)
    }

    /// The elements of a JSON array, each trimmed of surrounding blanks.
    ///
    /// Strings, escapes and nesting are followed so commas inside items do not split them; the items
    /// themselves are validated later by the decoder.
    /// - Parameter bytes: The request body.
    /// - Returns: The items in order; an element that does not start with `{` is ``Item/notAnObject(_:)``.
    /// - Throws: ``APIError`` with code `malformed-json` when the body is not an array or is unbalanced.
    static func jsonArrayItems(_ bytes: [UInt8]) throws(APIError) -> [Item] {
        var index = Self.skipBlanks(bytes, from: 0)
        guard index < bytes.count, bytes[index] == UInt8(ascii: "[") else {
            throw Self.malformed("a JSON batch must be an array of input objects")
        }
        index = Self.skipBlanks(bytes, from: index + 1)
        var items: [Item] = []
        if index < bytes.count, bytes[index] == UInt8(ascii: "]") {
            return try Self.finish(bytes, after: index, items)
        }
        while true {
            let start = index
            var depth = 0
            var inString = false
            var escaped = false
            scan: while index < bytes.count {
                let byte = bytes[index]
                if inString {
                    if escaped {
                        escaped = false
                    } else if byte == UInt8(ascii: "\\") {
                        escaped = true
                    } else if byte == UInt8(ascii: "\"") {
                        inString = false
                    }
                } else {
                    switch byte {
                    case UInt8(ascii: "\""):
                        inString = true
                    case UInt8(ascii: "{"), UInt8(ascii: "["):
                        depth += 1
                    case UInt8(ascii: "}"), UInt8(ascii: "]"):
                        if depth == 0 { break scan }
                        depth -= 1
                    case UInt8(ascii: ","):
                        if depth == 0 { break scan }
                    default:
                        break
                    }
                }
                index += 1
            }
            guard index < bytes.count else {
                throw Self.malformed("the batch array is not closed (item \(items.count) runs to the end of the body)")
            }
            var end = index
            while end > start, Self.isBlank(bytes[end - 1]) { end -= 1 }
            guard end > start else {
                throw Self.malformed("item \(items.count) of the batch array is empty")
            }
            let item = bytes[start..<end]
            items.append(
                item.first == UInt8(ascii: "{")
                    ? .value(item) : .notAnObject("a batch item must be a JSON object with 'text'")
            )
            if bytes[index] == UInt8(ascii: ",") {
                index = Self.skipBlanks(bytes, from: index + 1)
                continue
            }
            guard bytes[index] == UInt8(ascii: "]") else {
                throw Self.malformed("unbalanced '}' after item \(items.count - 1) of the batch array")
            }
            return try Self.finish(bytes, after: index, items)
        }
    }

    /// The non-blank lines of a JSONL body, as `dateline extract` reads a JSONL file.
    ///
    /// A trailing `\r` is dropped; a line whose first non-blank byte is not `{` is ``Item/notAnObject(_:)``.
    /// - Parameter bytes: The request body.
    /// - Returns: The items in order.
    static func jsonLinesItems(_ bytes: [UInt8]) -> [Item] {
        var items: [Item] = []
        var start = 0
        while start < bytes.count {
            var end = start
            while end < bytes.count, bytes[end] != UInt8(ascii: "\n") { end += 1 }
            var lineEnd = end
            if lineEnd > start, bytes[lineEnd - 1] == UInt8(ascii: "\r") { lineEnd -= 1 }
            let line = bytes[start..<lineEnd]
            if let first = line.first(where: { $0 != 0x20 && $0 != 0x09 }) {
                items.append(
                    first == UInt8(ascii: "{") ? .value(line) : .notAnObject("a JSONL line must be a JSON object")
                )
            }
            start = end + 1
        }
        return items
    }

    // MARK: - Helpers

    private static func finish(_ bytes: [UInt8], after close: Int, _ items: [Item]) throws(APIError) -> [Item] {
        guard Self.skipBlanks(bytes, from: close + 1) == bytes.count else {
            throw Self.malformed("unexpected data after the batch array")
        }
        return items
    }

    private static func malformed(_ message: String) -> APIError {
        APIError(.malformedJSON, message, status: .badRequest)
    }

    private static func isBlank(_ byte: UInt8) -> Bool {
        byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D
    }

    private static func skipBlanks(_ bytes: [UInt8], from start: Int) -> Int {
        var index = start
        while index < bytes.count, Self.isBlank(bytes[index]) { index += 1 }
        return index
    }
}
