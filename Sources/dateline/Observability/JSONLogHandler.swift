import Foundation
import Logging

/// A swift-log handler that writes one JSON object per line, for log shippers that parse fields
/// (`DATELINE_LOG_FORMAT=json`).
///
/// Each line holds `ts` (ISO-8601 UTC, milliseconds), `level`, `label`, `message` and `source`, then every
/// metadata entry as a field of its own. A metadata key that collides with one of those five is written as
/// `metadata.<key>`, so no field is silently overwritten; an `error:` passed to the logger becomes `error` unless
/// the metadata already has one. The JSON is written by hand, so control characters,
/// quotes and backslashes are escaped per RFC 8259 and a multi-line message stays on one line.
struct JSONLogHandler: LogHandler {
    /// Receives each finished line, newline included.
    typealias Sink = @Sendable (String) -> Void

    /// The field names every line starts with.
    static let reservedFields: Set<String> = ["ts", "level", "label", "message", "source"]

    let label: String
    private let sink: Sink
    private let clock: @Sendable () -> Date

    var logLevel: Logger.Level = .info
    var metadata: Logger.Metadata = [:]
    var metadataProvider: Logger.MetadataProvider?

    /// Creates a handler writing to `sink`.
    ///
    /// - Parameters:
    ///   - label: The logger's label.
    ///   - metadataProvider: Contextual metadata added to every line, as swift-log's own handlers do.
    ///   - clock: The time stamped on each line (injectable so tests can fix it).
    ///   - sink: Receives each line.
    init(
        label: String,
        metadataProvider: Logger.MetadataProvider? = LoggingSystem.metadataProvider,
        clock: @escaping @Sendable () -> Date = { Date() },
        sink: @escaping Sink
    ) {
        self.label = label
        self.metadataProvider = metadataProvider
        self.clock = clock
        self.sink = sink
    }

    /// A handler writing to stderr; stdout stays free for command output.
    ///
    /// One unbuffered write per line, so lines from concurrent loggers do not interleave.
    static func standardError(label: String) -> JSONLogHandler {
        JSONLogHandler(label: label) { line in
            FileHandle.standardError.write(Data(line.utf8))
        }
    }

    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { self.metadata[key] }
        set { self.metadata[key] = newValue }
    }

    func log(event: LogEvent) {
        var merged = self.metadata
        if let provided = self.metadataProvider?.get() {
            merged.merge(provided) { _, new in new }
        }
        if let explicit = event.metadata {
            merged.merge(explicit) { _, new in new }
        }
        if let error = event.error, merged["error"] == nil {
            merged["error"] = .string("\(error)")
        }
        self.sink(
            Self.line(
                timestamp: self.clock(),
                level: event.level,
                label: self.label,
                message: event.message.description,
                source: event.source,
                metadata: merged
            )
        )
    }

    // MARK: - Encoding

    private static let timestampStyle = Date.ISO8601FormatStyle(includingFractionalSeconds: true)

    /// One log line: a JSON object with the fixed fields first, then the metadata sorted by key, and `\n`.
    ///
    /// - Returns: The line, newline included.
    static func line(
        timestamp: Date,
        level: Logger.Level,
        label: String,
        message: String,
        source: String,
        metadata: Logger.Metadata
    ) -> String {
        var out = "{"
        Self.appendField("ts", string: timestamp.formatted(Self.timestampStyle), to: &out, first: true)
        Self.appendField("level", string: level.rawValue, to: &out)
        Self.appendField("label", string: label, to: &out)
        Self.appendField("message", string: message, to: &out)
        Self.appendField("source", string: source, to: &out)
        for key in metadata.keys.sorted() {
            let name = Self.reservedFields.contains(key) ? "metadata.\(key)" : key
            out += ","
            Self.appendString(name, to: &out)
            out += ":"
            Self.appendValue(metadata[key]!, to: &out)
        }
        out += "}\n"
        return out
    }

    private static func appendField(_ name: String, string: String, to out: inout String, first: Bool = false) {
        if !first { out += "," }
        Self.appendString(name, to: &out)
        out += ":"
        Self.appendString(string, to: &out)
    }

    private static func appendValue(_ value: Logger.Metadata.Value, to out: inout String) {
        switch value {
        case .string(let string):
            Self.appendString(string, to: &out)
        case .stringConvertible(let convertible):
            Self.appendString(convertible.description, to: &out)
        case .array(let values):
            out += "["
            for (index, element) in values.enumerated() {
                if index > 0 { out += "," }
                Self.appendValue(element, to: &out)
            }
            out += "]"
        case .dictionary(let dictionary):
            out += "{"
            for (index, key) in dictionary.keys.sorted().enumerated() {
                if index > 0 { out += "," }
                Self.appendString(key, to: &out)
                out += ":"
                Self.appendValue(dictionary[key]!, to: &out)
            }
            out += "}"
        }
    }

    /// A JSON string literal: `"` and `\` escaped, control characters as `\n`-style or `\u00XX` escapes.
    static func appendString(_ string: String, to out: inout String) {
        out += "\""
        for scalar in string.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case "\u{08}": out += "\\b"
            case "\u{0C}": out += "\\f"
            case "\u{00}"..."\u{1F}", "\u{7F}", "\u{2028}", "\u{2029}":
                // DEL and the JavaScript line separators are legal JSON, but escaping them keeps a line a line
                // for every reader.
                let hex = String(scalar.value, radix: 16, uppercase: false)
                out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            default: out.unicodeScalars.append(scalar)
            }
        }
        out += "\""
    }
}
