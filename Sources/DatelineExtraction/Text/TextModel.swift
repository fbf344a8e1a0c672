/// The article text as scalars, tokens, sentences and paragraphs: what every stage reads.
///
/// Built once per article in linear time; never mutates the text.
struct TextModel: Sendable {
    /// The hard cap on tokens per article; text beyond it is not analysed (stats still count it).
    static let maxTokens = 400_000

    let scalars: [Unicode.Scalar]
    let tokens: [Token]
    /// Token ranges of sentences, in order, covering every token.
    let sentences: [Range<Int>]
    /// Token ranges of paragraphs, in order, covering every token.
    let paragraphs: [Range<Int>]
    /// For each token, the index of its sentence.
    let sentenceOf: [Int32]
    /// For each token, the index of its paragraph.
    let paragraphOf: [Int32]

    init(text: String, abbreviations: Set<String>) {
        let scalars = Self.decodeScalars(text)
        var tokens = Tokenizer.tokenize(scalars, maxTokens: Self.maxTokens)
        var sentences: [Range<Int>] = []
        var paragraphs: [Range<Int>] = []
        var sentenceOf = [Int32](repeating: 0, count: tokens.count)
        var paragraphOf = [Int32](repeating: 0, count: tokens.count)
        var sentenceStart = 0
        var paragraphStart = 0
        var i = 0
        let n = tokens.count
        while i < n {
            if i > 0 && tokens[i].has(.newlineBefore) {
                if sentenceStart < i { sentences.append(sentenceStart..<i) }
                sentenceStart = i
                if paragraphStart < i { paragraphs.append(paragraphStart..<i) }
                paragraphStart = i
            }
            if i == sentenceStart { tokens[i].flags.insert(.sentenceStart) }
            if i == paragraphStart { tokens[i].flags.insert(.paragraphStart) }
            sentenceOf[i] = Int32(sentences.count)
            paragraphOf[i] = Int32(paragraphs.count)
            if Self.endsSentence(tokens, i, abbreviations: abbreviations) {
                // Closing quotes and brackets stay with the sentence they close.
                var j = i + 1
                while j < n, !tokens[j].has(.spaceBefore),
                    tokens[j].kind == .quote || tokens[j].first == ")" || tokens[j].first == "]"
                {
                    sentenceOf[j] = Int32(sentences.count)
                    paragraphOf[j] = Int32(paragraphs.count)
                    j += 1
                }
                if j < n, !tokens[j].has(.newlineBefore), Self.startsSentence(tokens[j]) {
                    sentences.append(sentenceStart..<j)
                    sentenceStart = j
                }
                i = j
                continue
            }
            i += 1
        }
        if sentenceStart < n { sentences.append(sentenceStart..<n) }
        if paragraphStart < n { paragraphs.append(paragraphStart..<n) }
        // Fix flags for tokens that were assigned before a split decision.
        for (index, range) in sentences.enumerated() {
            tokens[range.lowerBound].flags.insert(.sentenceStart)
            for k in range { sentenceOf[k] = Int32(index) }
        }
        self.scalars = scalars
        self.tokens = tokens
        self.sentences = sentences
        self.paragraphs = paragraphs
        self.sentenceOf = sentenceOf
        self.paragraphOf = paragraphOf
    }

    private static func endsSentence(_ tokens: [Token], _ i: Int, abbreviations: Set<String>) -> Bool {
        guard tokens[i].kind == .punctuation else { return false }
        let t = tokens[i]
        switch t.first {
        case "!", "?", "\u{2026}":
            return true
        case ".":
            guard i > 0 else { return true }
            let previous = tokens[i - 1]
            if previous.end != t.start { return true }
            if previous.kind == .word {
                // Initials (`G. Mason`) and known abbreviations (`Mr.`, `Gen.`) do not end sentences.
                if previous.length == 1 && previous.has(.capitalised) { return false }
                if previous.classes.contains(.abbreviation) || abbreviations.contains(previous.lower) { return false }
            }
            return true
        default:
            return false
        }
    }

    private static func startsSentence(_ t: Token) -> Bool {
        switch t.kind {
        case .word: return t.has(.capitalised) || !t.has(.lowercase)
        case .number, .quote: return true
        case .possessive: return false
        case .punctuation: return t.first == "(" || t.first == "[" || t.first == "\u{2014}" || t.first == "-"
        }
    }

    /// Decodes the string's UTF-8 into scalars in one pass (Swift strings hold valid UTF-8, so no checks).
    static func decodeScalars(_ text: String) -> [Unicode.Scalar] {
        let decoded: [Unicode.Scalar]? = text.utf8.withContiguousStorageIfAvailable { bytes in
            [Unicode.Scalar](unsafeUninitializedCapacity: bytes.count) { buffer, initialized in
                var i = 0
                var n = 0
                let count = bytes.count
                while i < count {
                    let b0 = UInt32(bytes[i])
                    var value: UInt32
                    if b0 < 0x80 {
                        value = b0
                        i += 1
                    } else if b0 < 0xE0 {
                        value = (b0 & 0x1F) << 6 | UInt32(bytes[i + 1] & 0x3F)
                        i += 2
                    } else if b0 < 0xF0 {
                        value = (b0 & 0x0F) << 12 | UInt32(bytes[i + 1] & 0x3F) << 6 | UInt32(bytes[i + 2] & 0x3F)
                        i += 3
                    } else {
                        value =
                            (b0 & 0x07) << 18 | UInt32(bytes[i + 1] & 0x3F) << 12 | UInt32(bytes[i + 2] & 0x3F) << 6
                            | UInt32(bytes[i + 3] & 0x3F)
                        i += 4
                    }
                    // Valid UTF-8 always decodes to a valid scalar; the fallback only guards the invariant.
                    buffer[n] = Unicode.Scalar(value) ?? "\u{FFFD}"
                    n += 1
                }
                initialized = n
            }
        }
        if let decoded { return decoded }
        var scalars: [Unicode.Scalar] = []
        scalars.reserveCapacity(text.utf8.count)
        for scalar in text.unicodeScalars { scalars.append(scalar) }
        return scalars
    }

    /// The text of a scalar range.
    func text(_ start: Int, _ end: Int) -> String {
        Self.string(self.scalars, start, end)
    }

    /// UTF-8 encodes scalars `[start, end)` into a `String` (much faster than appending to a scalar view).
    static func string(_ scalars: [Unicode.Scalar], _ start: Int, _ end: Int) -> String {
        guard start < end else { return "" }
        return String(unsafeUninitializedCapacity: (end - start) * 4) { buffer in
            var n = 0
            for k in start..<end {
                let v = scalars[k].value
                if v < 0x80 {
                    buffer[n] = UInt8(v)
                    n += 1
                } else if v < 0x800 {
                    buffer[n] = UInt8(0xC0 | (v >> 6))
                    buffer[n + 1] = UInt8(0x80 | (v & 0x3F))
                    n += 2
                } else if v < 0x10000 {
                    buffer[n] = UInt8(0xE0 | (v >> 12))
                    buffer[n + 1] = UInt8(0x80 | ((v >> 6) & 0x3F))
                    buffer[n + 2] = UInt8(0x80 | (v & 0x3F))
                    n += 3
                } else {
                    buffer[n] = UInt8(0xF0 | (v >> 18))
                    buffer[n + 1] = UInt8(0x80 | ((v >> 12) & 0x3F))
                    buffer[n + 2] = UInt8(0x80 | ((v >> 6) & 0x3F))
                    buffer[n + 3] = UInt8(0x80 | (v & 0x3F))
                    n += 4
                }
            }
            return n
        }
    }

    /// The text spanned by tokens `range` (from the first token's start to the last token's end).
    func text(tokens range: Range<Int>) -> String {
        self.text(Int(self.tokens[range.lowerBound].start), Int(self.tokens[range.upperBound - 1].end))
    }
}
