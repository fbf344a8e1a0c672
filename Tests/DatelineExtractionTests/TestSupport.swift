import DatelineExtraction
import Foundation
import Testing

/// Shared helpers: one pipeline per test process, and the ../shared directory next to the package.
enum TestSupport {
    /// The pipeline, loaded once; a missing lexicon directory fails the calling test with the loader's message.
    static func pipeline() throws -> ExtractionPipeline {
        do {
            return try ExtractionPipeline.shared()
        } catch {
            Issue.record("the extraction lexicons are missing: \(error)")
            throw error
        }
    }

    /// `<package root>/../shared`, found from this file's path at run time.
    static var sharedDirectory: URL {
        URL(fileURLWithPath: #filePath)
            .deletingLastPathComponent()  // DatelineExtractionTests
            .deletingLastPathComponent()  // Tests
            .deletingLastPathComponent()  // package root
            .deletingLastPathComponent()
            .appendingPathComponent("shared", isDirectory: true)
    }

    /// Reads a file under ../shared; records a loud issue (never a silent pass) when it is missing.
    static func sharedFile(_ relativePath: String) throws -> String {
        let url = Self.sharedDirectory.appendingPathComponent(relativePath)
        guard let data = FileManager.default.contents(atPath: url.path), let text = String(data: data, encoding: .utf8)
        else {
            Issue.record("missing test input \(url.path): these tests read real articles from ../shared at run time")
            throw MissingInput(path: url.path)
        }
        return text
    }

    /// The development corpus, keyed by id.
    static func devCorpus() throws -> [String: Article] {
        let text = try Self.sharedFile("eval/news-dev.jsonl")
        var out: [String: Article] = [:]
        let decoder = ArticleDecoder()
        for line in text.split(separator: "\n") {
            if case .success(let article) = decoder.decode(value: Array(line.utf8), key: nil) {
                out[article.id] = article
            }
        }
        return out
    }

    struct MissingInput: Error, CustomStringConvertible {
        var path: String
        var description: String { "missing test input \(self.path)" }
    }

    /// The scalar slice `[start, end)` of `text`.
    static func slice(_ text: String, _ start: Int, _ end: Int) -> String {
        let scalars = Array(text.unicodeScalars)
        guard start >= 0, end <= scalars.count, start <= end else { return "<out of range \(start)..<\(end)>" }
        var view = String.UnicodeScalarView()
        view.append(contentsOf: scalars[start..<end])
        return String(view)
    }
}
