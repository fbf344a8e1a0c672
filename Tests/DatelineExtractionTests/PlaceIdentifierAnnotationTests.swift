import DatelineExtraction
import Foundation
import Testing

/// Scores entity country codes against `Annotations/places.tsv`: for each annotated place or nationality
/// name, the code a reader gives it against the `country_code` of the entity whose mention covers it.
///
/// Precision (codes given that are right) matters more than coverage: a missing code is `null`, a wrong one
/// misleads every aggregate. The development and held-out rows are scored apart (the README states the
/// split rule); each floor sits a little below the figure measured when the mechanism was finished.
@Suite struct PlaceIdentifierAnnotationTests {
    /// One annotated name.
    struct Row {
        var id: String
        var heldOut: Bool
        var start: Int
        var end: Int
        var code: String
    }

    /// Scores of one split.
    struct Scores: CustomStringConvertible {
        var annotated = 0
        var right = 0
        var wrong = 0
        var misses: [String] = []

        var precision: Double { Double(self.right) / Double(max(1, self.right + self.wrong)) }
        var coverage: Double { Double(self.right) / Double(max(1, self.annotated)) }
        var description: String {
            "country codes \(self.right)/\(self.annotated) right (coverage \(self.coverage)), \(self.wrong) wrong "
                + "(precision \(self.precision))"
        }
    }

    static let devPrecisionFloor = 0.95
    static let devCoverageFloor = 0.8
    static let heldOutPrecisionFloor = 0.95
    static let heldOutCoverageFloor = 0.8

    static func annotations() throws -> [Row] {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent(
            "Annotations/places.tsv"
        )
        let text = try String(contentsOf: url, encoding: .utf8)
        var rows: [Row] = []
        for line in text.split(separator: "\n") where !line.hasPrefix("#") {
            let cols = line.split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
            guard cols.count == 6, cols[0] == "place", let start = Int(cols[3]), let end = Int(cols[4]) else {
                Issue.record("malformed places.tsv row: \(line)")
                continue
            }
            rows.append(Row(id: cols[1], heldOut: cols[2] == "heldout", start: start, end: end, code: cols[5]))
        }
        return rows
    }

    static func score(heldOut: Bool) throws -> Scores {
        let rows = try Self.annotations()
        let corpus = try TestSupport.devCorpus()
        let pipeline = try TestSupport.pipeline()
        var scores = Scores()
        for row in rows where row.heldOut == heldOut {
            let article = try #require(corpus[row.id], "article \(row.id) missing from the corpus")
            scores.annotated += 1
            let record = pipeline.extract(article)
            let entity = record.entities.first { entity in
                entity.mentions.contains { $0.start < row.end && row.start < $0.end }
            }
            let given = entity?.countryCode?.rawValue
            if given == row.code {
                scores.right += 1
            } else {
                if given != nil { scores.wrong += 1 }
                scores.misses.append("\(row.id) \(row.start): want \(row.code), got \(given ?? "nil")")
            }
        }
        return scores
    }

    @Test func developmentRows() throws {
        let scores = try Self.score(heldOut: false)
        print("places dev: \(scores)")
        for miss in scores.misses { print("  \(miss)") }
        #expect(scores.annotated >= 50)
        #expect(scores.precision >= Self.devPrecisionFloor, "\(scores)")
        #expect(scores.coverage >= Self.devCoverageFloor, "\(scores)")
    }

    @Test func heldOutRows() throws {
        let scores = try Self.score(heldOut: true)
        print("places held-out: \(scores)")
        #expect(scores.annotated >= 20)
        #expect(scores.precision >= Self.heldOutPrecisionFloor, "\(scores)")
        #expect(scores.coverage >= Self.heldOutCoverageFloor, "\(scores)")
    }
}
