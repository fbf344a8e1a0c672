/// Language-independent and statistical features: language, keywords, summary and fingerprints.
enum TextFeatures {
    // MARK: - Language

    /// `en` when English function words are frequent enough, else `und`.
    static func detectLanguage(_ model: TextModel) -> String {
        var words = 0
        var stops = 0
        for t in model.tokens where t.kind == .word {
            words += 1
            if BuiltinLexicon.stopWords.contains(t.lower) { stops += 1 }
            if words >= 3000 { break }
        }
        guard words >= 3 else { return words > 0 && stops > 0 ? "en" : "und" }
        return Double(stops) / Double(words) >= 0.12 ? "en" : "und"
    }

    // MARK: - Keywords

    /// YAKE-flavoured single-document key phrases: stop-word delimited runs of at most three words, scored
    /// by frequency, earliness and capitalisation. Deterministic: ties break on the phrase text.
    static func keywords(_ model: TextModel, from firstToken: Int, limit: Int = 10) -> [ArticleRecord.Keyword] {
        struct Candidate {
            var surface: String
            var count: Int
            var firstSentence: Int
            var capitalised: Int
            var words: Int
        }
        var candidates: [String: Candidate] = [:]
        let tokens = model.tokens
        var run: [Int] = []
        func flush() {
            guard !run.isEmpty else { return }
            for length in 1...min(3, run.count) {
                for s in 0...(run.count - length) {
                    let slice = run[s..<(s + length)]
                    guard slice.last! - slice.first! == length - 1 else { continue }
                    var key = ""
                    var caps = 0
                    for k in slice {
                        if !key.isEmpty { key += " " }
                        key += tokens[k].lower
                        if tokens[k].has(.capitalised) && !tokens[k].has(.sentenceStart) { caps += 1 }
                    }
                    if var c = candidates[key] {
                        c.count += 1
                        c.capitalised += caps == length ? 1 : 0
                        candidates[key] = c
                    } else {
                        candidates[key] = Candidate(
                            surface: model.text(tokens: slice.first!..<(slice.last! + 1)),
                            count: 1,
                            firstSentence: Int(model.sentenceOf[slice.first!]),
                            capitalised: caps == length ? 1 : 0,
                            words: length
                        )
                    }
                }
            }
            run.removeAll(keepingCapacity: true)
        }
        var previousSentence: Int32 = -1
        for k in firstToken..<tokens.count {
            let t = tokens[k]
            if model.sentenceOf[k] != previousSentence {
                flush()
                previousSentence = model.sentenceOf[k]
            }
            if t.kind == .word, t.length >= 3, !BuiltinLexicon.stopWords.contains(t.lower),
                !BuiltinLexicon.speechVerbs.contains(t.lower), t.lower.unicodeScalars.allSatisfy({ Tokenizer.isLetter($0) || $0 == "-" || $0 == "'" })
            {
                if run.count >= 8 { flush() }
                run.append(k)
            } else {
                flush()
            }
        }
        flush()
        var scored: [(String, Double)] = []
        scored.reserveCapacity(candidates.count)
        for (key, c) in candidates {
            guard c.count >= 2 || c.words >= 2 || candidates.count < 20 else { continue }
            let position = 1.0 + 1.0 / Double(1 + c.firstSentence)
            let shape = c.capitalised * 2 >= c.count ? 1.4 : 1.0
            let length = c.words == 1 ? 1.0 : (c.count >= 2 ? 1.0 + 0.5 * Double(c.words - 1) : 0.6)
            let score = Double(c.count) * position * shape * length
            scored.append((key, score))
        }
        scored.sort { $0.1 != $1.1 ? $0.1 > $1.1 : $0.0 < $1.0 }
        var out: [ArticleRecord.Keyword] = []
        var taken: [String] = []
        for (key, score) in scored {
            // Skip a phrase that is part of one already taken.
            if taken.contains(where: { $0.contains(key) || key.contains($0) }) { continue }
            taken.append(key)
            let surface = candidates[key]!.surface
            out.append(ArticleRecord.Keyword(text: candidates[key]!.capitalised > 0 ? surface : key, score: (score * 1000).rounded() / 1000))
            if out.count >= limit { break }
        }
        return out
    }

    // MARK: - Summary

    /// The leading informative sentences (at least eight words), skipping the dateline.
    static func summary(_ model: TextModel, datelineEnd: Int, limit: Int = 3) -> [ArticleRecord.Span] {
        var out: [ArticleRecord.Span] = []
        for range in model.sentences {
            var start = range.lowerBound
            if start < datelineEnd {
                start = datelineEnd
                if start >= range.upperBound { continue }
            }
            var words = 0
            for k in start..<range.upperBound where model.tokens[k].kind == .word { words += 1 }
            guard words >= 8, words <= 120 else { continue }
            let s = Int(model.tokens[start].start)
            let e = Int(model.tokens[range.upperBound - 1].end)
            out.append(ArticleRecord.Span(text: model.text(s, e), start: s, end: e))
            if out.count >= limit { break }
        }
        return out
    }

    // MARK: - Fingerprint

    /// SHA-256 of the lower-cased words joined by single spaces (dateline excluded), and a 64-bit SimHash
    /// over word 4-shingles hashed with FNV-1a (a fixed hash: never Swift's per-process seeded `Hasher`).
    static func fingerprint(_ model: TextModel, from firstToken: Int) -> ArticleRecord.Fingerprint {
        var normalised: [UInt8] = []
        normalised.reserveCapacity(model.scalars.count)
        var wordHashes: [UInt64] = []
        wordHashes.reserveCapacity(model.tokens.count)
        for k in firstToken..<model.tokens.count {
            let t = model.tokens[k]
            guard t.kind == .word || t.kind == .number else { continue }
            if !normalised.isEmpty { normalised.append(0x20) }
            normalised.append(contentsOf: t.lower.utf8)
            wordHashes.append(StableHash.fnv1a(t.lower.utf8))
        }
        var weights = [Int](repeating: 0, count: 64)
        let shingle = min(4, wordHashes.count)
        if shingle > 0 {
            for s in 0...(wordHashes.count - shingle) {
                var h: UInt64 = 0xcbf2_9ce4_8422_2325
                for k in s..<(s + shingle) { h = StableHash.mix(h, wordHashes[k]) }
                for bit in 0..<64 { weights[bit] += (h >> UInt64(bit)) & 1 == 1 ? 1 : -1 }
            }
        }
        var simhash: UInt64 = 0
        for bit in 0..<64 where weights[bit] > 0 { simhash |= 1 << UInt64(bit) }
        return ArticleRecord.Fingerprint(sha256: SHA256.hexDigest(normalised), simhash: StableHash.hex(simhash))
    }
}
