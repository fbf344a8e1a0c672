/// Finds acronym definitions: `Long Form (LF)`, `LF (Long Form)`, and `LF [long form]`, including
/// hyphen-internal short forms (`counter-IED [improvised explosive device]`).
///
/// Matching follows Schwartz and Hearst (2003): short-form characters are matched right to left in the
/// candidate long form, the first one at a word start, inside a window of `min(|A| + 5, 2|A|)` words.
/// Each bracket is examined in constant time, so the stage is linear.
enum AcronymFinder {
    /// One definition, over tokens and scalars.
    struct Definition: Sendable {
        var short: String
        var shortLower: String
        var shortStart: Int
        var shortEnd: Int
        /// The token holding the short form at the definition.
        var shortToken: Int
        var longStart: Int
        var longEnd: Int
        /// Whether the long form is a proper name (its content words are capitalised).
        var longIsName: Bool
    }

    static func find(_ model: TextModel) -> [Definition] {
        let tokens = model.tokens
        let n = tokens.count
        var out: [Definition] = []
        var seen: Set<String> = []
        var i = 0
        while i < n {
            guard tokens[i].kind == .punctuation, tokens[i].first == "(" || tokens[i].first == "[" else {
                i += 1
                continue
            }
            let open = tokens[i]
            let closeScalar: Unicode.Scalar = open.first == "(" ? ")" : "]"
            // Find the closing bracket within 12 tokens and the same sentence.
            var close = -1
            var k = i + 1
            while k < n, k - i <= 12, model.sentenceOf[k] == model.sentenceOf[i] {
                if tokens[k].first == closeScalar && tokens[k].kind == .punctuation {
                    close = k
                    break
                }
                if tokens[k].first == "(" || tokens[k].first == "[" { break }
                k += 1
            }
            guard close > i + 1 else {
                i += 1
                continue
            }
            if close == i + 2, let short = Self.shortForm(tokens[i + 1], model) {
                // Long Form (LF)
                if let definition = Self.matchBefore(model, bracket: i, short: short, shortToken: i + 1),
                    seen.insert(definition.shortLower).inserted
                {
                    out.append(definition)
                }
            } else if i > 0, let segment = Self.trailingShortSegment(tokens[i - 1], model) {
                // LF (Long Form) / LF [long form]
                if let definition = Self.matchInside(model, open: i, close: close, short: segment, shortToken: i - 1),
                    seen.insert(definition.shortLower).inserted
                {
                    out.append(definition)
                }
            }
            i = close + 1
        }
        return out
    }

    /// A short form: 2-10 scalars, starting with a letter, at least two capitals, at most one lower-case `s` at the end.
    private static func shortForm(_ t: Token, _ model: TextModel) -> (text: String, start: Int, end: Int)? {
        guard t.kind == .word, t.length >= 2, t.length <= 10 else { return nil }
        var upper = 0
        var lowerCount = 0
        for k in Int(t.start)..<Int(t.end) {
            let s = model.scalars[k]
            if Tokenizer.isUpper(s) { upper += 1 } else if s.properties.isLowercase { lowerCount += 1 }
        }
        guard upper >= 2, lowerCount <= 1, Tokenizer.isUpper(model.scalars[Int(t.start)]) else { return nil }
        return (model.text(Int(t.start), Int(t.end)), Int(t.start), Int(t.end))
    }

    /// The all-capitals segment at the end of a hyphenated word, or the word itself when it is a short form.
    private static func trailingShortSegment(_ t: Token, _ model: TextModel) -> (text: String, start: Int, end: Int)? {
        guard t.kind == .word else { return nil }
        if let whole = Self.shortForm(t, model) { return whole }
        guard t.has(.hyphenated) else { return nil }
        var k = Int(t.end) - 1
        while k > Int(t.start), model.scalars[k] != "-" { k -= 1 }
        let start = k + 1
        let end = Int(t.end)
        guard end - start >= 2, end - start <= 10 else { return nil }
        for q in start..<end where !Tokenizer.isUpper(model.scalars[q]) && !Tokenizer.isDigit(model.scalars[q]) {
            return nil
        }
        return (model.text(start, end), start, end)
    }

    private static func letters(_ short: String) -> [Unicode.Scalar] {
        short.unicodeScalars.filter { Tokenizer.isWordScalar($0) }.map { Self.fold($0) }
    }

    @inline(__always)
    private static func fold(_ s: Unicode.Scalar) -> Unicode.Scalar {
        if s.value >= 65 && s.value <= 90 { return Unicode.Scalar(s.value + 32)! }
        return s
    }

    /// Schwartz-Hearst right-to-left match of `short` in scalars `[from, to)`; returns the long form's first scalar.
    private static func match(_ short: [Unicode.Scalar], _ scalars: [Unicode.Scalar], from: Int, to: Int) -> Int? {
        var s = short.count - 1
        // A trailing plural `s` of the short form need not match.
        var l = to - 1
        while s >= 0 {
            let c = short[s]
            while l >= from {
                let here = Self.fold(scalars[l])
                let atWordStart = l == from || !Tokenizer.isWordScalar(scalars[l - 1])
                if here == c && (s > 0 || atWordStart) { break }
                l -= 1
            }
            if l < from { return nil }
            l -= 1
            s -= 1
        }
        return l + 1
    }

    private static func matchBefore(
        _ model: TextModel,
        bracket: Int,
        short: (text: String, start: Int, end: Int),
        shortToken: Int
    ) -> Definition? {
        var letters = Self.letters(short.text)
        if letters.count > 2, letters.last == "s", short.text.unicodeScalars.last == "s" { letters.removeLast() }
        let window = min(letters.count + 5, letters.count * 2)
        let tokens = model.tokens
        var first = bracket
        var words = 0
        while first > 0, words < window, model.sentenceOf[first - 1] == model.sentenceOf[bracket] {
            first -= 1
            if tokens[first].kind == .word { words += 1 }
        }
        guard first < bracket else { return nil }
        let to = Int(tokens[bracket - 1].end)
        guard let startScalar = Self.match(letters, model.scalars, from: Int(tokens[first].start), to: to) else {
            return nil
        }
        var longStart = first
        while longStart < bracket - 1, Int(tokens[longStart].end) <= startScalar { longStart += 1 }
        guard tokens[longStart].kind == .word else { return nil }
        // At least two words (or a hyphenated word) and no longer than the window.
        var longWords = 0
        for k in longStart..<bracket where tokens[k].kind == .word { longWords += 1 }
        guard longWords >= 2 || tokens[longStart].has(.hyphenated) else { return nil }
        return Definition(
            short: short.text,
            shortLower: short.text.lowercased(),
            shortStart: short.start,
            shortEnd: short.end,
            shortToken: shortToken,
            longStart: longStart,
            longEnd: bracket,
            longIsName: Self.isName(model, longStart, bracket)
        )
    }

    private static func matchInside(
        _ model: TextModel,
        open: Int,
        close: Int,
        short: (text: String, start: Int, end: Int),
        shortToken: Int
    ) -> Definition? {
        let tokens = model.tokens
        var letters = Self.letters(short.text)
        if letters.count > 2, letters.last == "s", short.text.unicodeScalars.last == "s" { letters.removeLast() }
        var words = 0
        for k in (open + 1)..<close {
            if tokens[k].kind == .word { words += 1 } else if tokens[k].kind != .punctuation { return nil }
        }
        guard words >= 2, words <= min(letters.count + 5, letters.count * 2) else { return nil }
        let from = Int(tokens[open + 1].start)
        guard let startScalar = Self.match(letters, model.scalars, from: from, to: Int(tokens[close - 1].end)),
            startScalar == from
        else { return nil }
        return Definition(
            short: short.text,
            shortLower: short.text.lowercased(),
            shortStart: short.start,
            shortEnd: short.end,
            shortToken: shortToken,
            longStart: open + 1,
            longEnd: close,
            longIsName: Self.isName(model, open + 1, close)
        )
    }

    private static func isName(_ model: TextModel, _ a: Int, _ b: Int) -> Bool {
        var content = 0
        for k in a..<b {
            let t = model.tokens[k]
            guard t.kind == .word else { continue }
            if BuiltinLexicon.nameConnectors.contains(t.lower) && t.has(.lowercase) { continue }
            if !t.has(.capitalised) { return false }
            content += 1
        }
        return content > 0
    }
}
