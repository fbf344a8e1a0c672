import DatelineExtraction
import Foundation
import Testing

/// Scores document dates and datelines against `Annotations/documents.tsv`, and date values against
/// `Annotations/dates.tsv` with `published_at` withheld, so that the pipeline infers the anchor itself.
///
/// The development and held-out rows are scored apart (the README states the split rule); each floor sits a
/// little below the figure measured when the mechanism was finished.
@Suite struct DocumentDateAnnotationTests {
    /// One `document` row: what a reader infers, empty when the record does not state it.
    struct DocumentRow {
        var id: String
        var heldOut: Bool
        var value: String
    }

    /// One `dateline` row.
    struct DatelineRow {
        var id: String
        var heldOut: Bool
        var location: String
        var agency: String
    }

    /// Scores of one split.
    struct Scores: CustomStringConvertible {
        var stated = 0
        var right = 0
        var wrong = 0
        /// A date inferred where the record states none.
        var invented = 0
        var datelines = 0
        var datelinesRight = 0
        var misses: [String] = []

        var recall: Double { Double(self.right) / Double(max(1, self.stated)) }
        var precision: Double { Double(self.right) / Double(max(1, self.right + self.wrong + self.invented)) }
        var datelineAccuracy: Double { Double(self.datelinesRight) / Double(max(1, self.datelines)) }
        var description: String {
            "document dates \(self.right)/\(self.stated) right (recall \(self.recall)), \(self.wrong) wrong, "
                + "\(self.invented) invented (precision \(self.precision)); datelines "
                + "\(self.datelinesRight)/\(self.datelines)"
        }
    }

    static let devRecallFloor = 0.95
    static let devPrecisionFloor = 0.95
    static let devDatelineFloor = 0.95
    static let heldOutRecallFloor = 0.9
    static let heldOutPrecisionFloor = 0.9
    static let heldOutDatelineFloor = 0.9
    /// Date values of `dates.tsv` articles that state their date, published_at withheld.
    static let withheldValueFloor = 0.9

    static func annotations() throws -> (documents: [DocumentRow], datelines: [DatelineRow]) {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent(
            "Annotations/documents.tsv"
        )
        let text = try String(contentsOf: url, encoding: .utf8)
        var documents: [DocumentRow] = []
        var datelines: [DatelineRow] = []
        for line in text.split(separator: "\n") where !line.hasPrefix("#") {
            let cols = line.split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
            guard cols.count == 5 else { continue }
            let heldOut = cols[2] == "heldout"
            if cols[0] == "document" {
                documents.append(DocumentRow(id: cols[1], heldOut: heldOut, value: cols[3]))
            } else if cols[0] == "dateline" {
                datelines.append(DatelineRow(id: cols[1], heldOut: heldOut, location: cols[3], agency: cols[4]))
            }
        }
        return (documents, datelines)
    }

    static func score(heldOut: Bool) throws -> Scores {
        let (documents, datelines) = try Self.annotations()
        #expect(documents.count == 188)
        let corpus = try TestSupport.devCorpus()
        let pipeline = try TestSupport.pipeline()
        var scores = Scores()
        for row in documents where row.heldOut == heldOut {
            var article = try #require(corpus[row.id], "annotated article \(row.id) is missing from the corpus")
            article.publishedAt = nil
            let got = pipeline.extract(article).documentDate?.value ?? ""
            if row.value.isEmpty {
                if !got.isEmpty {
                    scores.invented += 1
                    scores.misses.append("\(row.id): \(got) invented")
                }
                continue
            }
            scores.stated += 1
            if got == row.value {
                scores.right += 1
            } else {
                if !got.isEmpty { scores.wrong += 1 }
                scores.misses.append("\(row.id): \(got.isEmpty ? "none" : got) instead of \(row.value)")
            }
        }
        for row in datelines where row.heldOut == heldOut {
            let article = try #require(corpus[row.id])
            let dateline = pipeline.extract(article).dateline
            scores.datelines += 1
            if (dateline?.location ?? "") == row.location && (dateline?.agency ?? "") == row.agency {
                scores.datelinesRight += 1
            } else {
                scores.misses.append("\(row.id): dateline \(String(describing: dateline))")
            }
        }
        return scores
    }

    @Test func developmentRows() throws {
        let scores = try Self.score(heldOut: false)
        print("document dates (dev): \(scores)")
        #expect(scores.recall >= Self.devRecallFloor, "\(scores); \(scores.misses)")
        #expect(scores.precision >= Self.devPrecisionFloor, "\(scores); \(scores.misses)")
        #expect(scores.datelineAccuracy >= Self.devDatelineFloor, "\(scores); \(scores.misses)")
    }

    @Test func heldOutRows() throws {
        let scores = try Self.score(heldOut: true)
        print("document dates (held out): \(scores)")
        #expect(scores.recall >= Self.heldOutRecallFloor, "\(scores); \(scores.misses)")
        #expect(scores.precision >= Self.heldOutPrecisionFloor, "\(scores); \(scores.misses)")
        #expect(scores.datelineAccuracy >= Self.heldOutDatelineFloor, "\(scores); \(scores.misses)")
    }

    /// `dates.tsv` values with the annotator's anchor withheld, on the articles whose record states its date.
    @Test func dateValuesWithoutPublishedAt() throws {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent(
            "Annotations/dates.tsv"
        )
        let text = try String(contentsOf: url, encoding: .utf8)
        var gold: [String: [(start: Int, end: Int, value: String)]] = [:]
        for line in text.split(separator: "\n") where !line.hasPrefix("#") {
            let cols = line.split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
            if cols.count == 5, cols[0] == "date", let start = Int(cols[2]), let end = Int(cols[3]), !cols[4].isEmpty {
                gold[cols[1], default: []].append((start, end, cols[4]))
            }
        }
        let stated = Set(try Self.annotations().documents.filter { !$0.value.isEmpty }.map(\.id))
        let corpus = try TestSupport.devCorpus()
        let pipeline = try TestSupport.pipeline()
        var right = 0
        var total = 0
        var articles = 0
        var wrong: [String] = []
        for (id, expressions) in gold.sorted(by: { $0.key < $1.key }) where stated.contains(id) {
            var article = try #require(corpus[id])
            article.publishedAt = nil
            articles += 1
            let dates = pipeline.extract(article).dates
            for g in expressions {
                total += 1
                let overlapping = dates.filter { $0.start < g.end && g.start < $0.end }
                if overlapping.contains(where: { $0.value == g.value }) {
                    right += 1
                } else {
                    wrong.append("\(id)@\(g.start): \(overlapping.map { $0.value ?? "null" }) instead of \(g.value)")
                }
            }
        }
        let accuracy = Double(right) / Double(max(1, total))
        print("date values without published_at: \(right)/\(total) = \(accuracy) over \(articles) articles")
        #expect(articles >= 5)
        #expect(accuracy >= Self.withheldValueFloor, "accuracy \(accuracy); wrong: \(wrong.prefix(40))")
    }
}
