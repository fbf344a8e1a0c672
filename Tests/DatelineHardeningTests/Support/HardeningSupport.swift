import DatelineExtraction
import Foundation
import Testing

/// Shared helpers of the hardening tests: the pipeline, the package root and the development corpus.
enum HardeningSupport {
    /// The shared pipeline; a missing lexicon directory fails the calling test with the loader's message.
    static func pipeline() throws -> ExtractionPipeline {
        do {
            return try ExtractionPipeline.shared()
        } catch {
            Issue.record("the extraction lexicons are missing (run scripts/setup.sh): \(error)")
            throw error
        }
    }

    /// The package root, found from this file's path at run time.
    static var packageRoot: URL {
        URL(fileURLWithPath: #filePath)
            .deletingLastPathComponent()  // Support
            .deletingLastPathComponent()  // DatelineHardeningTests
            .deletingLastPathComponent()  // Tests
            .deletingLastPathComponent()
    }

    /// Every regular file under `directory` (relative to the package root), sorted by name.
    static func files(under directory: String) -> [URL] {
        let url = Self.packageRoot.appendingPathComponent(directory, isDirectory: true)
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: url.path) else { return [] }
        return names.filter { !$0.hasPrefix(".") }.sorted().map { url.appendingPathComponent($0) }
    }

    /// The development articles of `../shared/eval/news-dev.jsonl`, decoded; records an issue when missing.
    static func devArticles() -> [Article] {
        let url = Self.packageRoot.deletingLastPathComponent().appendingPathComponent("shared/eval/news-dev.jsonl")
        guard let data = FileManager.default.contents(atPath: url.path) else {
            Issue.record("missing test input \(url.path): these tests read real articles from ../shared at run time")
            return []
        }
        let decoder = ArticleDecoder()
        return data.split(separator: UInt8(ascii: "\n")).compactMap { line in
            try? decoder.decode(value: Array(line), key: nil).get()
        }
    }

    /// The median of `samples` (which must not be empty).
    static func median(_ samples: [Duration]) -> Duration {
        let sorted = samples.sorted()
        return sorted[sorted.count / 2]
    }
}
