/// Picks the most informative sentences of an article as its extractive summary.
///
/// A sentence scores by how central its content words are to the article (the document frequency of each
/// word, so sentences about what the whole article discusses win) per square root of its length, weighted by
/// a lead prior (news puts the facts first). Page furniture (links, bylines, captions, "Follow us") and
/// sentences mostly inside quotation marks are skipped. The chosen sentences come back in text order.
enum Summarizer {
    static func summary(_ model: TextModel, datelineEnd: Int, limit: Int = 3) -> [ArticleRecord.Span] {
        let tokens = model.tokens
        // Document frequency of content words: each token's dense word index, and a count per index.
        var slots = HashSlots(expected: min(tokens.count, 1 << 14))
        var wordOf = [Int32](repeating: -1, count: tokens.count)
        var frequency: [Int32] = []
        for k in datelineEnd..<tokens.count where Self.isContent(tokens[k]) {
            let slot = slots.index(for: tokens[k].hash)
            if slot.inserted { frequency.append(0) }
            frequency[slot.index] += 1
            wordOf[k] = Int32(slot.index)
        }
        var scored: [(score: Double, start: Int, end: Int)] = []
        for (index, range) in model.sentences.enumerated() {
            let start = max(range.lowerBound, datelineEnd)
            guard start < range.upperBound else { continue }
            var words = 0
            var central = 0.0
            var quoted = 0
            var inQuote = false
            var furniture = false
            for k in start..<range.upperBound {
                let t = tokens[k]
                if t.kind == .quote { inQuote.toggle() }
                guard t.kind == .word || t.kind == .number else {
                    if t.first == "@" || t.first == "|" { furniture = true }
                    continue
                }
                words += 1
                if inQuote { quoted += 1 }
                // "Follow us", "Photo: ...", links: page furniture, checked on the sentence's first word and on
                // anything that looks like an address.
                if words == 1 || t.first == "h" || t.first == "w", Self.furnitureWords.contains(t.lower) { furniture = true }
                if wordOf[k] >= 0 {
                    let f = frequency[Int(wordOf[k])]
                    if f > 1 { central += Double(f - 1) }
                }
            }
            guard words >= 8, words <= 120, !furniture, quoted * 2 <= words else { continue }
            let lead = 1.0 / (1.0 + 0.15 * Double(index))
            scored.append((central / Double(words).squareRoot() * (0.5 + lead), start, range.upperBound))
        }
        // Highest score first; ties to the earlier sentence, so the output is deterministic.
        let chosen = scored.enumerated().sorted { ($0.element.score, -$0.offset) > ($1.element.score, -$1.offset) }
            .prefix(limit).map(\.element).sorted { $0.start < $1.start }
        return chosen.map { sentence in
            let s = Int(tokens[sentence.start].start)
            let e = Int(tokens[sentence.end - 1].end)
            return ArticleRecord.Span(text: model.text(s, e), start: s, end: e)
        }
    }

    private static func isContent(_ t: Token) -> Bool {
        t.kind == .word && t.length > 2 && !t.classes.contains(.stop)
    }

    /// Words that mark page furniture rather than reporting.
    private static let furnitureWords: Set<String> = [
        "http", "https", "www", "copyright", "subscribe", "newsletter", "cookies", "advertisement", "photo",
        "caption", "click", "follow",
    ]
}
