import DatelineExtraction
import Foundation
import Testing

/// Scores acronym definitions against the hand annotations in `Annotations/acronyms.tsv` and holds the
/// figures as floors, the development and held-out parts separately.
///
/// A definition counts when its short form starts where the annotated one does and its long form has the
/// annotated boundaries; every other definition the pipeline reports in an annotated article is a false
/// positive.
@Suite struct AcronymAnnotationTests {
    struct Annotation: Hashable {
        var shortStart: Int
        var longStart: Int
        var longEnd: Int
    }

    struct Score {
        var truePositives = 0
        var falsePositives = 0
        var falseNegatives = 0
        var precision: Double { Double(self.truePositives) / Double(max(1, self.truePositives + self.falsePositives)) }
        var recall: Double { Double(self.truePositives) / Double(max(1, self.truePositives + self.falseNegatives)) }
        var f1: Double { 2 * self.precision * self.recall / max(1e-9, self.precision + self.recall) }
    }

    /// Floors a little below the figures measured when the mechanism was finished (README, Annotations).
    static let floors: [String: (precision: Double, recall: Double, f1: Double)] = [
        // Measured: P 1.000, R 0.880, F1 0.936 (22 of 25 definitions, no false positive).
        "dev": (0.95, 0.84, 0.90),
        // Measured once, after the mechanism was finished: P 1.000, R 0.929, F1 0.963 (13 of 14).
        "heldout": (0.92, 0.85, 0.88),
    ]

    static func annotations() throws -> (parts: [String: String], gold: [String: [Annotation]]) {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent(
            "Annotations/acronyms.tsv"
        )
        let text = try String(contentsOf: url, encoding: .utf8)
        var parts: [String: String] = [:]
        var gold: [String: [Annotation]] = [:]
        for line in text.split(separator: "\n") where !line.hasPrefix("#") {
            let cols = line.split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
            if cols[0] == "article", cols.count == 3 {
                parts[cols[1]] = cols[2]
            } else if cols[0] == "acronym", cols.count == 8, let s = Int(cols[2]), let ls = Int(cols[4]),
                let le = Int(cols[5])
            {
                gold[cols[1], default: []].append(Annotation(shortStart: s, longStart: ls, longEnd: le))
            }
        }
        return (parts, gold)
    }

    /// The split rule stated in the README: held out when FNV-1a-64 of the id is divisible by 3.
    static func part(of id: String) -> String {
        var h: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in id.utf8 { h = (h ^ UInt64(byte)) &* 0x0000_0100_0000_01b3 }
        return h % 3 == 0 ? "heldout" : "dev"
    }

    @Test func splitFollowsTheStatedRule() throws {
        let (parts, _) = try Self.annotations()
        #expect(parts.count == 188)
        for (id, part) in parts { #expect(part == Self.part(of: id), "\(id)") }
    }

    @Test(arguments: ["dev", "heldout"])
    func definitionsMatchTheAnnotations(_ part: String) throws {
        let (parts, gold) = try Self.annotations()
        let corpus = try TestSupport.devCorpus()
        let pipeline = try TestSupport.pipeline()
        var score = Score()
        var misses: [String] = []
        for (id, p) in parts.sorted(by: { $0.key < $1.key }) where p == part {
            let article = try #require(corpus[id], "annotated article \(id) is missing from the corpus")
            var expected = Set(gold[id] ?? [])
            for acronym in pipeline.extract(article).acronyms {
                let found = Annotation(
                    shortStart: acronym.shortStart,
                    longStart: acronym.longStart,
                    longEnd: acronym.longEnd
                )
                if expected.remove(found) != nil {
                    score.truePositives += 1
                } else {
                    score.falsePositives += 1
                    misses.append("extra \(id): \(acronym.short) = \(acronym.long)")
                }
            }
            score.falseNegatives += expected.count
            misses.append(contentsOf: expected.map { "missed \(id)@\($0.shortStart)" })
        }
        print("acronym annotations (\(part)): P \(score.precision) R \(score.recall) F1 \(score.f1)")
        let floor = try #require(Self.floors[part])
        #expect(score.precision >= floor.precision, "precision \(score.precision); \(misses)")
        #expect(score.recall >= floor.recall, "recall \(score.recall); \(misses)")
        #expect(score.f1 >= floor.f1, "F1 \(score.f1); \(misses)")
    }
}
