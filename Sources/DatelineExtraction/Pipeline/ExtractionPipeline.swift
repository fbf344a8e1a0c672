/// The shared extraction pipeline: article in, `dateline.article/v1` JSON record out.
///
/// PLACEHOLDER until the extraction issue lands: it emits only the envelope and basic stats.
/// Thread-safe; create one per process and share it.
public final class ExtractionPipeline: Sendable {
    /// Bumped whenever output can change for the same input, so replays are attributable.
    public static let version = "0.0.1"
    /// The record schema identifier.
    public static let schema = "dateline.article/v1"

    public init() {}

    /// Extracts one article and serialises its record.
    ///
    /// - Parameters:
    ///   - article: The decoded article.
    ///   - provenance: The input message's coordinates, or `nil` outside Kafka.
    /// - Returns: The UTF-8 JSON record, byte-identical for the same input and version.
    /// - Throws: ``ArticleRejection`` with code ``ArticleRejection/Code/pipelineError`` when the
    ///   article cannot be processed; the worker dead-letters it.
    public func recordJSON(for article: Article, provenance: RecordProvenance?) throws(ArticleRejection) -> [UInt8] {
        var json = "{\"schema\":\"\(Self.schema)\",\"id\":\(Self.quoted(article.id))"
        if let provenance {
            json += ",\"source\":{\"topic\":\(Self.quoted(provenance.topic)),\"partition\":\(provenance.partition)"
            json += ",\"offset\":\(provenance.offset),\"timestamp\":"
            json += provenance.timestampMilliseconds.map { String($0) } ?? "null"
            json += "}"
        }
        json += ",\"pipeline\":{\"version\":\"\(Self.version)\"}"
        json += ",\"stats\":{\"characters\":\(article.text.unicodeScalars.count)}}"
        return Array(json.utf8)
    }

    private static func quoted(_ string: String) -> String {
        var out = "\""
        for scalar in string.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case _ where scalar.value < 0x20:
                out += "\\u" + String(repeating: "0", count: 4 - String(scalar.value, radix: 16).count)
                    + String(scalar.value, radix: 16)
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out + "\""
    }
}
