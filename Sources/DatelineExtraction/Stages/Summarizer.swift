/// Picks the most informative sentences of an article as its extractive summary.
///
/// A sentence scores by how much of the article's key phrases it carries (each word of a ranked key phrase,
/// given as its word hashes, weighs by the phrase's rank) per square root of its length, weighted by a lead prior (news puts the facts
/// first). Page furniture ("Follow us", photo credits, handles) and sentences mostly inside quotation marks
/// are skipped. The chosen sentences come back in text order.
enum Summarizer {
    /// A direct-mapped table of keyword word hashes and their weights: one probe per token.
    private struct KeywordWeights {
        var hashes = [UInt64](repeating: 0, count: 64)
        var weights = [Double](repeating: 0, count: 64)

        @inline(__always)
        func weight(_ hash: UInt64) -> Double {
            let slot = Int(truncatingIfNeeded: hash ^ (hash >> 23)) & 63
            return self.hashes[slot] == hash ? self.weights[slot] : 0
        }

        mutating func add(_ hash: UInt64, _ weight: Double) {
            let slot = Int(truncatingIfNeeded: hash ^ (hash >> 23)) & 63
            if self.hashes[slot] == 0 || self.hashes[slot] == hash {
                self.hashes[slot] = hash
                self.weights[slot] = max(self.weights[slot], weight)
            }
        }
    }

    static func summary(
        _ model: TextModel,
        datelineEnd: Int,
        keywordWords: [[UInt64]],
        limit: Int = 3
    ) -> [ArticleRecord.Span] {
        let tokens = model.tokens
        var table = KeywordWeights()
        for (rank, words) in keywordWords.enumerated() {
            for hash in words { table.add(hash, Double(keywordWords.count - rank)) }
        }
        var best: [(score: Double, start: Int, end: Int)] = []
        for (index, range) in model.sentences.enumerated() {
            let start = max(range.lowerBound, datelineEnd)
            guard start < range.upperBound, range.upperBound - start <= 400 else { continue }
            var words = 0
            var weight = 0.0
            var quoted = 0
            var inQuote = false
            var furniture = false
            for k in start..<range.upperBound {
                let kind = tokens[k].kind
                if kind == .quote { inQuote.toggle() }
                guard kind == .word || kind == .number else {
                    if tokens[k].first == "@" || tokens[k].first == "|" { furniture = true }
                    continue
                }
                words += 1
                if inQuote { quoted += 1 }
                weight += table.weight(tokens[k].hash)
                // Page furniture announces itself in its first word ("Follow", "Photo", "Subscribe").
                if words == 1, Self.furnitureWords.contains(tokens[k].lower, tokens[k].hash) { furniture = true }
            }
            guard words >= 8, words <= 120, !furniture, quoted * 2 <= words else { continue }
            let lead = 1.0 / (1.0 + 0.15 * Double(index))
            let score = (1 + weight) / Double(words).squareRoot() * (0.5 + lead)
            // Keep the `limit` best so far; an equal score keeps the earlier sentence.
            if best.count < limit {
                best.append((score, start, range.upperBound))
            } else if let worst = best.indices.min(by: {
                best[$0].score < best[$1].score || best[$0].score == best[$1].score && best[$0].start > best[$1].start
            }),
                score > best[worst].score
            {
                best[worst] = (score, start, range.upperBound)
            }
        }
        return best.sorted { $0.start < $1.start }.map { sentence in
            let s = Int(tokens[sentence.start].start)
            let e = Int(tokens[sentence.end - 1].end)
            return ArticleRecord.Span(text: model.text(s, e), start: s, end: e)
        }
    }

    /// Words that mark page furniture rather than reporting.
    private static let furnitureWords: StringTable<Bool> = StringTable([
        "http", "https", "www", "copyright", "subscribe", "newsletter", "cookies", "advertisement", "photo",
        "caption", "click", "follow",
    ])
}
