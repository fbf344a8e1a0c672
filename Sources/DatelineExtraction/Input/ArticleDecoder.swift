import Foundation

/// Turns the raw bytes of a message (value and optional key) into an ``Article`` or a rejection.
///
/// Deterministic failures are reported, never thrown past the caller: the worker dead-letters
/// them with ``ArticleRejection/description`` as the reason, and `dateline extract` prints them.
public struct ArticleDecoder: Sendable {
    /// Inputs larger than this are rejected as ``ArticleRejection/Code/oversize``.
    ///
    /// Default: 2 MiB.
    public var maxBytes: Int

    public init(maxBytes: Int = 2 * 1024 * 1024) {
        self.maxBytes = maxBytes
    }

    /// Decodes one message.
    ///
    /// A value whose first non-blank character is `{` must be a JSON object with `text` (or `body`,
    /// `content`, or an IPTC ninjs object's `body_text`); anything else is read as plain UTF-8 text.
    /// - Parameters:
    ///   - value: The message value.
    ///   - key: The message key, used as the id when the JSON has none.
    /// - Returns: The article, or the reason it cannot be one.
    public func decode(value: [UInt8], key: [UInt8]?) -> Result<Article, ArticleRejection> {
        if value.count > self.maxBytes {
            return .failure(self.oversize(byteCount: value.count))
        }
        guard let string = String(validating: value, as: UTF8.self) else {
            return .failure(.init(.invalidUTF8, "value is not valid UTF-8 (\(Self.firstInvalidUTF8Offset(value)))"))
        }
        let keyString = key.flatMap { String(validating: $0, as: UTF8.self) }.flatMap { $0.isEmpty ? nil : $0 }
        guard let first = string.unicodeScalars.first(where: { !Self.isBlank($0) }) else {
            return .failure(.init(.empty, "value has no text"))
        }
        if first == "{" {
            return self.decodeJSON(value, key: keyString)
        }
        return .success(Article(id: keyString ?? Self.contentID(string), text: string))
    }

    /// The rejection of an input of `byteCount` bytes, above ``maxBytes``.
    ///
    /// Public so that a reader that stops buffering an overlong input (`dateline extract` streaming JSONL)
    /// reports it exactly as ``decode(value:key:)`` would have.
    /// - Parameter byteCount: The input's full size.
    /// - Returns: An ``ArticleRejection/Code/oversize`` rejection naming the size and the limit.
    public func oversize(byteCount: Int) -> ArticleRejection {
        ArticleRejection(.oversize, "value is \(byteCount) bytes, the limit is \(self.maxBytes)")
    }

    // MARK: - JSON objects

    private func decodeJSON(_ value: [UInt8], key: String?) -> Result<Article, ArticleRejection> {
        let object: Any
        do {
            object = try JSONSerialization.jsonObject(with: Data(Self.escapingByteOrderMarks(value)), options: [])
        } catch {
            return .failure(.init(.malformedJSON, "value starts with '{' but is not valid JSON"))
        }
        guard let fields = object as? [String: Any] else {
            return .failure(.init(.malformedJSON, "value is JSON but not an object"))
        }
        let textField = Self.textFields.first { fields[$0] != nil }
        guard let textField else {
            return .failure(
                .init(.missingText, "JSON object has no 'text', 'body', 'content' or 'body_text' (ninjs) field")
            )
        }
        guard let text = fields[textField] as? String else {
            return .failure(.init(.missingText, "JSON field '\(textField)' is not a string"))
        }
        guard text.unicodeScalars.contains(where: { !Self.isBlank($0) }) else {
            return .failure(.init(.empty, "JSON field '\(textField)' is empty"))
        }
        // Dateline's own names win over the ninjs ones when a producer sends both.
        let id =
            Self.scalarString(fields["id"]) ?? Self.scalarString(fields["uri"])
            ?? Self.scalarString(fields["guid"]) ?? key ?? Self.contentID(text)
        return .success(
            Article(
                id: id,
                text: text,
                title: Self.scalarString(fields["title"]) ?? Self.scalarString(fields["headline"]),
                url: Self.scalarString(fields["url"]),
                publishedAt: Self.scalarString(fields["published_at"]) ?? Self.scalarString(fields["versioncreated"]),
                source: Self.scalarString(fields["source"]),
                language: Self.scalarString(fields["language"])
            )
        )
    }

    /// Where the article text is, in order of preference: Dateline's `text`, the common `body` and `content`,
    /// then IPTC ninjs `body_text`.
    ///
    /// ninjs (the IPTC News in JSON format news agencies publish) maps onto the same article: `headline` is the
    /// title, `versioncreated` the publication time, `uri` (ninjs 1.x/2.x) or `guid` (older feeds) the id;
    /// `language` has the same name in both.
    static let textFields = ["text", "body", "content", "body_text"]

    /// The JSON document from its `{` on, with every raw U+FEFF written as the escape `\ufeff`.
    ///
    /// Foundation's JSONSerialization on Linux drops a raw U+FEFF at the start of a string and right after an
    /// escape sequence (found by the `decoder` fuzz target), which would shift every offset after it against the
    /// producer's text; the escaped form survives. Blank and byte-order-mark bytes before the `{` are dropped.
    static func escapingByteOrderMarks(_ value: [UInt8]) -> [UInt8] {
        guard let open = value.firstIndex(of: UInt8(ascii: "{")) else { return value }
        var out: [UInt8] = []
        out.reserveCapacity(value.count - open + 16)
        var index = open
        while index < value.count {
            if value[index] == 0xEF, index + 2 < value.count, value[index + 1] == 0xBB, value[index + 2] == 0xBF {
                out.append(contentsOf: Array("\\ufeff".utf8))
                index += 3
            } else {
                out.append(value[index])
                index += 1
            }
        }
        return out
    }

    /// A string or number field as text; anything else (null, objects) counts as absent.
    private static func scalarString(_ value: Any?) -> String? {
        switch value {
        case let string as String:
            return string.isEmpty ? nil : string
        case let number as NSNumber:
            return number.stringValue
        default:
            return nil
        }
    }

    // MARK: - Helpers

    /// `sha256:` + hex digest of the text's UTF-8 bytes: the id of an article nobody named.
    public static func contentID(_ text: String) -> String {
        "sha256:" + SHA256.hexDigest(Array(text.utf8))
    }

    private static func isBlank(_ scalar: Unicode.Scalar) -> Bool {
        scalar.properties.isWhitespace || scalar == "\u{FEFF}"
    }

    private static func firstInvalidUTF8Offset(_ bytes: [UInt8]) -> String {
        var iterator = bytes.makeIterator()
        var decoder = UTF8()
        var offset = 0
        var consumed = 0
        while true {
            switch decoder.decode(&iterator) {
            case .scalarValue(let scalar):
                consumed += UTF8.width(scalar)
                offset = consumed
            case .emptyInput:
                return "at byte \(offset)"
            case .error:
                return "first bad byte near offset \(offset)"
            }
        }
    }
}
