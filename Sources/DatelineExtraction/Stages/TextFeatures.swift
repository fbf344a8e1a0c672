/// Language-independent and statistical features: keywords and fingerprints.
enum TextFeatures {
    // MARK: - Keywords

    /// YAKE-flavoured single-document key phrases: stop-word delimited runs of at most three words, scored
    /// by frequency, earliness and capitalisation. Deterministic: ties break on the phrase text.
    ///
    /// A capitalised name is one indivisible unit ("United States", "Bank of England"): a phrase holds a
    /// name whole or not at all, so a part of a name ("United") is never a phrase of its own, and a name may
    /// be longer than three words. A title before a name is a unit of its own ("Prime Minister" and "Boris
    /// Johnson"). Names take their inner connectors (`keyphrase.nameConnector`), never at an edge, so no
    /// phrase begins or ends with a function word.
    ///
    /// Candidates are keyed by a fixed 64-bit hash of their words (no string building per n-gram); texts are
    /// made only for the phrases that are returned.
    ///
    /// - Returns: The key phrases, best first, and each phrase's word hashes without connectors (for the
    ///   summariser).
    static func keywords(
        _ model: TextModel,
        from firstToken: Int,
        limit: Int = 10
    ) -> (keywords: [ArticleRecord.Keyword], words: [[UInt64]]) {
        struct Candidate {
            var first: Int
            var words: Int
            /// Content words (connectors inside names not counted).
            var content: Int
            var count: Int
            var firstSentence: Int
            var capitalised: Int
        }
        let tokens = model.tokens
        var slots = HashSlots(expected: min(tokens.count, 1 << 16))
        var candidates: [Candidate] = []
        candidates.reserveCapacity(min(tokens.count, 1 << 16))
        var units: [KeyPhraseUnit] = []
        units.reserveCapacity(8)
        func flush() {
            guard !units.isEmpty else { return }
            for s in 0..<units.count {
                var h: UInt64 = 0x9e37_79b9_7f4a_7c15
                var words = 0
                var content = 0
                var names = 0
                for length in 1...(units.count - s) {
                    let unit = units[s + length - 1]
                    // Three words at most, except that a name alone may be longer; a title stays apart.
                    if length > 1 && (words + unit.words > 3 || units[s + length - 2].isTitle) { break }
                    for k in unit.start..<(unit.start + unit.words) { h = StableHash.mix(h, tokens[k].hash) }
                    words += unit.words
                    content += unit.content
                    if unit.isName { names += 1 }
                    let key = h &+ UInt64(words)
                    let allCaps = names == length ? 1 : 0
                    let slot = slots.index(for: key)
                    if !slot.inserted {
                        candidates[slot.index].count += 1
                        candidates[slot.index].capitalised += allCaps
                    } else {
                        candidates.append(
                            Candidate(
                                first: units[s].start,
                                words: words,
                                content: content,
                                count: 1,
                                firstSentence: Int(model.sentenceOf[units[s].start]),
                                capitalised: allCaps
                            )
                        )
                    }
                }
            }
            units.removeAll(keepingCapacity: true)
        }
        var k = firstToken
        while k < tokens.count {
            if k == firstToken || model.sentenceOf[k] != model.sentenceOf[k - 1] { flush() }
            guard let unit = KeyPhraseUnit.at(k, model) else {
                flush()
                k += 1
                continue
            }
            if units.count >= 8 { flush() }
            units.append(unit)
            k = unit.start + unit.words
        }
        flush()
        var scored: [(key: Int, score: Double, text: String)] = []
        scored.reserveCapacity(min(candidates.count, 4096))
        let few = candidates.count < 20
        // Phrases seen once rarely rank; scoring only repeated ones keeps the sort small.
        func score(_ c: Candidate) -> Double {
            let position = 1.0 + 1.0 / Double(1 + c.firstSentence)
            let shape = c.capitalised * 2 >= c.count ? 1.4 : 1.0
            let length = c.content == 1 ? 1.0 : (c.count >= 2 ? 1.0 + 0.5 * Double(c.content - 1) : 0.6)
            return Double(c.count) * position * shape * length
        }
        for (key, c) in candidates.enumerated() where c.count >= 2 || few {
            scored.append((key, score(c), ""))
        }
        // A short text whose names are each written once still has key phrases.
        if scored.count < limit && !few {
            for (key, c) in candidates.enumerated() where c.count < 2 { scored.append((key, score(c), "")) }
        }
        // Only the best few need texts; order is fixed by score, then text.
        scored.sort { $0.score > $1.score }
        let shortlist = min(scored.count, limit * 4)
        for index in 0..<shortlist {
            let c = candidates[scored[index].key]
            var text = ""
            for k in c.first..<(c.first + c.words) {
                if !text.isEmpty { text += " " }
                text += tokens[k].lower
            }
            scored[index].text = text
        }
        var top = Array(scored[0..<shortlist])
        top.sort { $0.score != $1.score ? $0.score > $1.score : $0.text < $1.text }
        var out: [ArticleRecord.Keyword] = []
        var taken: [[UInt64]] = []
        var contentWords: [[UInt64]] = []
        for entry in top {
            let first = candidates[entry.key].first
            let range = first..<(first + candidates[entry.key].words)
            let words = range.map { tokens[$0].hash }
            // Skip a phrase that overlaps one already taken (as a contiguous word sequence).
            if taken.contains(where: { Self.isSubsequence(words, of: $0) || Self.isSubsequence($0, of: words) }) {
                continue
            }
            taken.append(words)
            contentWords.append(range.filter { !tokens[$0].classes.contains(.stop) }.map { tokens[$0].hash })
            let c = candidates[entry.key]
            let surface = c.capitalised > 0 ? model.text(tokens: c.first..<(c.first + c.words)) : entry.text
            out.append(ArticleRecord.Keyword(text: surface, score: (entry.score * 1000).rounded() / 1000))
            if out.count >= limit { break }
        }
        return (out, contentWords)
    }

    private static func isSubsequence(_ small: [UInt64], of large: [UInt64]) -> Bool {
        guard small.count <= large.count else { return false }
        for start in 0...(large.count - small.count) where Array(large[start..<(start + small.count)]) == small {
            return true
        }
        return false
    }

    // MARK: - Fingerprint

    /// SHA-256 of the lower-cased words joined by single spaces (dateline excluded), and a 64-bit SimHash
    /// over word 4-shingles hashed with FNV-1a (a fixed hash: never Swift's per-process seeded `Hasher`).
    static func fingerprint(_ model: TextModel, from firstToken: Int) -> ArticleRecord.Fingerprint {
        // The normalised text is gathered into one buffer and hashed in whole blocks: per-token updates cost
        // more in call overhead than the copy does.
        var sha = SHA256.Hasher()
        var normalised: [UInt8] = []
        normalised.reserveCapacity(model.scalars.count + 16)
        var wordHashes: [UInt64] = []
        wordHashes.reserveCapacity(model.tokens.count)
        for k in firstToken..<model.tokens.count {
            guard model.tokens[k].kind == .word || model.tokens[k].kind == .number else { continue }
            if !normalised.isEmpty { normalised.append(0x20) }
            normalised.append(contentsOf: model.tokens[k].lower.utf8)
            wordHashes.append(model.tokens[k].hash)
        }
        normalised.withUnsafeBufferPointer { sha.update($0) }
        // Per-bit counts of set bits over all shingle hashes, kept bit-sliced: plane i holds bit i of all
        // 64 counters, so adding a hash is a ripple-carry over a couple of planes instead of 64 additions.
        var planes = [UInt64](repeating: 0, count: 40)
        var shingles = 0
        let shingle = min(4, wordHashes.count)
        if shingle > 0 {
            for s in 0...(wordHashes.count - shingle) {
                var h: UInt64 = 0xcbf2_9ce4_8422_2325
                for k in s..<(s + shingle) { h = StableHash.mix(h, wordHashes[k]) }
                var carry = h
                var plane = 0
                while carry != 0 {
                    let next = planes[plane] & carry
                    planes[plane] ^= carry
                    carry = next
                    plane += 1
                }
                shingles += 1
            }
        }
        var simhash: UInt64 = 0
        for bit in 0..<64 {
            var count = 0
            for plane in 0..<planes.count { count |= Int((planes[plane] >> UInt64(bit)) & 1) << plane }
            if 2 * count > shingles { simhash |= 1 << UInt64(bit) }
        }
        return ArticleRecord.Fingerprint(sha256: SHA256.hex(sha.finalize()), simhash: StableHash.hex(simhash))
    }
}
