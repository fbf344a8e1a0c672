import DatelineExtraction
import Foundation
import Testing

/// The pipeline on generated and mutated text: every offset slices back to the reported text, lists are
/// sorted, the JSON parses and round-trips, and the same input always gives the same bytes, on any thread.
@Suite struct PipelinePropertyTests {
    static let environment = ProcessInfo.processInfo.environment
    /// Generous: debug builds under a sanitizer are slow; the fuzzers hold the tight per-input budget.
    static let budget = Duration.seconds(20)

    static func report(_ violations: [String], _ context: String) {
        guard !violations.isEmpty else { return }
        let list = violations.prefix(10).joined(separator: "\n  ")
        Issue.record("\(context):\n  \(list)")
    }

    @Test func generatedArticlesKeepTheInvariants() throws {
        let pipeline = try HardeningSupport.pipeline()
        for seed in PropertySeeds.seeds(base: 0x7E87, count: 150, environment: Self.environment) {
            var generator = ArticleTextGenerator(seed: seed)
            let sentences = 1 + generator.random.index(30)
            let text = generator.article(sentences: sentences, hostile: generator.random.chance(1, in: 2))
            let article = Article(
                id: "gen-\(seed)",
                text: text,
                title: generator.random.chance(1, in: 2) ? "A title" : nil,
                publishedAt: generator.random.chance(1, in: 2) ? "2024-05-10T08:00:00Z" : nil,
                language: generator.random.chance(1, in: 2) ? "en" : nil
            )
            let violations = FuzzTarget.checkExtraction(article, pipeline: pipeline, budget: Self.budget, started: .now)
            Self.report(violations, "seed \(seed) (DATELINE_PROPERTY_SEED=\(seed)), text \(text.debugDescription)")
        }
    }

    /// Generated articles cut, spliced and sprinkled with arbitrary scalars (including combining marks,
    /// surrogate-range neighbours and controls) at arbitrary scalar positions.
    @Test func mutatedArticlesKeepTheInvariants() throws {
        let pipeline = try HardeningSupport.pipeline()
        for seed in PropertySeeds.seeds(base: 0x3717_A7E, count: 150, environment: Self.environment) {
            var generator = ArticleTextGenerator(seed: seed)
            var scalars = Array(generator.article(sentences: 1 + generator.random.index(12)).unicodeScalars)
            for _ in 0..<(1 + generator.random.index(8)) {
                guard !scalars.isEmpty else { break }
                let at = generator.random.index(scalars.count)
                switch generator.random.index(4) {
                case 0:
                    scalars.removeSubrange(at..<min(scalars.count, at + 1 + generator.random.index(20)))
                case 1:
                    let end = min(scalars.count, at + 1 + generator.random.index(40))
                    scalars.insert(contentsOf: scalars[at..<end], at: generator.random.index(scalars.count))
                case 2:
                    let pool: [UInt32] = [
                        0x0, 0x9, 0xA, 0xD, 0x22, 0x27, 0x28, 0x29, 0x2E, 0x301, 0x200D, 0x2019, 0x201C, 0xD7FF, 0xE000,
                        0xFFFD, 0xFFFF, 0x1F600, 0x10FFFF,
                    ]
                    let value =
                        generator.random.chance(1, in: 2)
                        ? generator.random.pick(pool) : UInt32(generator.random.index(0x3000))
                    if let scalar = Unicode.Scalar(value) { scalars.insert(scalar, at: at) }
                default:
                    scalars.removeSubrange(at...)
                }
            }
            var view = String.UnicodeScalarView()
            view.append(contentsOf: scalars)
            let article = Article(id: "mut-\(seed)", text: String(view), language: "en")
            let violations = FuzzTarget.checkExtraction(article, pipeline: pipeline, budget: Self.budget, started: .now)
            Self.report(
                violations,
                "seed \(seed) (DATELINE_PROPERTY_SEED=\(seed)), text \(String(view).debugDescription)"
            )
        }
    }

    /// The development articles, as the worker sees them.
    @Test func developmentArticlesKeepTheInvariants() throws {
        let pipeline = try HardeningSupport.pipeline()
        let articles = HardeningSupport.devArticles()
        for article in articles {
            let violations = FuzzTarget.checkExtraction(article, pipeline: pipeline, budget: Self.budget, started: .now)
            Self.report(violations, "dev article \(article.id)")
        }
    }

    /// Same input, same bytes: from concurrent threads, and from a second pipeline loaded independently.
    @Test func outputIsByteIdenticalAcrossThreadsAndInstances() async throws {
        let pipeline = try HardeningSupport.pipeline()
        let second = try ExtractionPipeline()
        var generator = ArticleTextGenerator(seed: 0xB17E5)
        let articles = (0..<8).map { Article(id: "det-\($0)", text: generator.article(sentences: 20), language: "en") }
        let provenance = RecordProvenance(topic: "in", partition: 1, offset: 7, timestampMilliseconds: nil)
        let expected = try articles.map { try pipeline.recordJSON(for: $0, provenance: provenance) }
        let results = try await withThrowingTaskGroup(of: (Int, [UInt8]).self) { group in
            for round in 0..<4 {
                for (index, article) in articles.enumerated() {
                    let instance = round % 2 == 0 ? pipeline : second
                    group.addTask { (index, try instance.recordJSON(for: article, provenance: provenance)) }
                }
            }
            var out: [(Int, [UInt8])] = []
            for try await result in group { out.append(result) }
            return out
        }
        #expect(results.count == 4 * articles.count)
        for (index, bytes) in results {
            #expect(bytes == expected[index], "article \(index) serialised differently on another thread or instance")
        }
    }
}
