import ArgumentParser
import Foundation
import Logging
import Synchronization
import Testing

@testable import dateline

/// `DATELINE_LOG_FORMAT=json`: every log call is one line holding one JSON object with the fixed fields and the
/// metadata, whatever characters the message and metadata contain.
@Suite struct JSONLogHandlerTests {
    /// Collects the lines a handler writes.
    final class Lines: Sendable {
        private let lines = Mutex<[String]>([])
        var all: [String] { self.lines.withLock { $0 } }
        func append(_ line: String) { self.lines.withLock { $0.append(line) } }
    }

    static let fixedTime = Date(timeIntervalSince1970: 1_780_000_000.5)

    func logger(_ lines: Lines, level: Logger.Level = .info) -> Logger {
        var logger = Logger(label: "dateline.test") { label in
            JSONLogHandler(label: label, metadataProvider: nil, clock: { Self.fixedTime }, sink: lines.append)
        }
        logger.logLevel = level
        return logger
    }

    func object(_ line: String) throws -> [String: Any] {
        #expect(line.hasSuffix("\n"))
        #expect(line.dropLast().contains("\n") == false)
        let data = Data(line.utf8)
        return try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
    }

    @Test func writesTheFixedFieldsAndMetadataAsOneObjectPerLine() throws {
        let lines = Lines()
        var logger = self.logger(lines)
        logger[metadataKey: "worker.id"] = "w-1"
        logger.notice("Starting dateline", metadata: ["kafka.topic": "articles.raw", "kafka.partition": "3"])
        logger.debug("dropped below the level")

        #expect(lines.all.count == 1)
        let object = try self.object(try #require(lines.all.first))
        #expect(object["ts"] as? String == "2026-05-28T20:26:40.500Z")
        #expect(object["level"] as? String == "notice")
        #expect(object["label"] as? String == "dateline.test")
        #expect(object["message"] as? String == "Starting dateline")
        #expect(object["source"] as? String == "DatelineCLITests")
        #expect(object["kafka.topic"] as? String == "articles.raw")
        #expect(object["kafka.partition"] as? String == "3")
        #expect(object["worker.id"] as? String == "w-1")
        #expect(lines.all.first?.hasPrefix(#"{"ts":"#) == true)
    }

    @Test(arguments: [
        "quote \" and backslash \\",
        "two\nlines\r\nand a tab\t",
        "controls \u{00}\u{01}\u{08}\u{0C}\u{1B}\u{1F}\u{7F}",
        "separators \u{2028}\u{2029} and unicode: Zürich, 東京, 🗞️",
        #"{"already":"json"}"#,
    ])
    func escapesEveryCharacterSoTheLineStaysValidJSON(text: String) throws {
        let lines = Lines()
        self.logger(lines).error("\(text)", metadata: ["detail": "\(text)", "nested": ["list": ["a\"", "\n"]]])
        let line = try #require(lines.all.first)
        #expect(!line.unicodeScalars.dropLast().contains { $0.value < 0x20 })
        let object = try self.object(line)
        #expect(object["message"] as? String == text)
        #expect(object["detail"] as? String == text)
        let nested = try #require(object["nested"] as? [String: Any])
        #expect(nested["list"] as? [String] == ["a\"", "\n"])
    }

    @Test func metadataNamedLikeAFixedFieldDoesNotReplaceIt() throws {
        let lines = Lines()
        self.logger(lines).warning("the real message", metadata: ["message": "shadow", "level": "shadow"])
        let object = try self.object(try #require(lines.all.first))
        #expect(object["message"] as? String == "the real message")
        #expect(object["level"] as? String == "warning")
        #expect(object["metadata.message"] as? String == "shadow")
        #expect(object["metadata.level"] as? String == "shadow")
    }

    @Test func anErrorPassedToTheLoggerBecomesAField() throws {
        let lines = Lines()
        struct BrokerSaidNo: Error, CustomStringConvertible {
            var description: String { "broker said no" }
        }
        self.logger(lines).error("commit failed", error: BrokerSaidNo())
        let object = try self.object(try #require(lines.all.first))
        #expect(object["error"] as? String == "broker said no")
    }

    @Test func formatIsASettingWithTextAsDefault() throws {
        #expect(try SettingsResolver().resolve()[.logFormat] == "text")
        #expect(try SettingsResolver(environment: ["DATELINE_LOG_FORMAT": "JSON"]).resolve()[.logFormat] == "json")
        #expect(try SettingsResolver(file: ConfigFile(values: ["log_format": "json"])).resolve()[.logFormat] == "json")
        #expect(throws: SettingsError.self) {
            try SettingsResolver(environment: ["DATELINE_LOG_FORMAT": "xml"]).resolve()
        }
        let options = try SettingsOptions.parse(["--log-format", "json"])
        #expect(try options.resolve(environment: ["DATELINE_LOG_FORMAT": "text"])[.logFormat] == "json")
    }
}
