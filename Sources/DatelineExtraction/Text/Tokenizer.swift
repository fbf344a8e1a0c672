/// A single-pass, linear-time tokeniser over Unicode scalars.
///
/// Words keep internal hyphens and apostrophes (`Tehreek-e-Taliban`, `don’t`), dotted initialisms
/// (`U.S.`), and digit groups (`1,000.5`); a trailing possessive `'s` becomes its own token.
/// No backtracking: each scalar is looked at a bounded number of times.
enum Tokenizer {
    /// Tokenises `scalars`, stopping after `maxTokens` tokens.
    ///
    /// - Parameters:
    ///   - scalars: The article text as Unicode scalars.
    ///   - maxTokens: The hard cap on the token count (bounded memory per article).
    /// - Returns: The tokens in text order.
    static func tokenize(_ scalars: [Unicode.Scalar], maxTokens: Int) -> [Token] {
        var tokens: [Token] = []
        // Generous enough that the array never regrows for prose (about one token per 5-6 scalars).
        tokens.reserveCapacity(min(maxTokens, scalars.count / 3 + 16))
        let count = scalars.count
        var i = 0
        var spaceBefore = true
        var newlineBefore = true
        while i < count, tokens.count < maxTokens {
            let s = scalars[i]
            if isSpace(s) {
                spaceBefore = true
                if s == "\n" || s == "\r" || s == "\u{2029}" || s == "\u{2028}" { newlineBefore = true }
                i += 1
                continue
            }
            var flags: Token.Flags = []
            if spaceBefore { flags.insert(.spaceBefore) }
            if newlineBefore { flags.insert(.newlineBefore) }
            spaceBefore = false
            newlineBefore = false

            if isWordScalar(s) {
                let start = i
                var j = i + 1
                var sawDigit = isDigit(s)
                var sawLetter = !sawDigit
                var hyphen = false
                while j < count {
                    let c = scalars[j]
                    if isWordScalar(c) || isMark(c) {
                        if isDigit(c) { sawDigit = true } else { sawLetter = true }
                        j += 1
                        continue
                    }
                    // Internal connectors need a word scalar on both sides.
                    guard j + 1 < count, isWordScalar(scalars[j + 1]) else { break }
                    if c == "-" || c == "\u{2011}" {
                        hyphen = true
                        j += 1
                    } else if c == "'" || c == "\u{2019}" {
                        // Possessive `'s` at the end of a word is split off below.
                        if (scalars[j + 1] == "s" || scalars[j + 1] == "S")
                            && (j + 2 >= count || !isWordScalar(scalars[j + 2]))
                        {
                            break
                        }
                        j += 1
                    } else if (c == "." || c == ",") && isDigit(scalars[j - 1]) && isDigit(scalars[j + 1]) {
                        j += 1
                    } else if c == "&" && isUpper(scalars[j - 1]) && isUpper(scalars[j + 1]) {
                        j += 1
                    } else {
                        break
                    }
                }
                // Dotted initialisms: U.S., U.K., U.S.A. (single letters each followed by a dot).
                if j - start == 1, !sawDigit, j + 2 < count, scalars[j] == ".", isLetter(scalars[j + 1]),
                    scalars[j + 2] == "."
                {
                    while j + 2 < count, scalars[j] == ".", isLetter(scalars[j + 1]), scalars[j + 2] == "." {
                        j += 2
                    }
                    j += 1  // the final dot
                }
                if hyphen { flags.insert(.hyphenated) }
                let kind: Token.Kind = sawLetter ? .word : .number
                tokens.append(makeWord(scalars, start, j, kind: kind, flags: flags))
                i = j
                // Possessive clitic.
                if i + 1 < count, scalars[i] == "'" || scalars[i] == "\u{2019}",
                    scalars[i + 1] == "s" || scalars[i + 1] == "S",
                    i + 2 >= count || !isWordScalar(scalars[i + 2]), kind == .word
                {
                    tokens.append(
                        Token(start: Int32(i), end: Int32(i + 2), kind: .possessive, flags: [], lower: "'s", first: "'")
                    )
                    i += 2
                }
                continue
            }
            let kind: Token.Kind = isQuote(s) ? .quote : .punctuation
            tokens.append(
                Token(start: Int32(i), end: Int32(i + 1), kind: kind, flags: flags, lower: String(s), first: s)
            )
            i += 1
        }
        return tokens
    }

    private static func makeWord(
        _ scalars: [Unicode.Scalar],
        _ start: Int,
        _ end: Int,
        kind: Token.Kind,
        flags: Token.Flags
    ) -> Token {
        var flags = flags
        var upperCount = 0
        var lowerCount = 0
        var digits = 0
        var allASCII = true
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        // ASCII fast path: one pass that counts cases and writes the lower-case bytes.
        var lower = String(unsafeUninitializedCapacity: end - start) { buffer in
            for k in start..<end {
                let v = scalars[k].value
                guard v < 0x80 else {
                    allASCII = false
                    return 0
                }
                let byte: UInt8
                if v >= 65 && v <= 90 {
                    upperCount += 1
                    byte = UInt8(v + 32)
                } else {
                    if v >= 97 && v <= 122 { lowerCount += 1 } else if v >= 48 && v <= 57 { digits += 1 }
                    byte = UInt8(v)
                }
                buffer[k - start] = byte
                hash = (hash ^ UInt64(byte)) &* 0x0000_0100_0000_01b3
            }
            return end - start
        }
        if !allASCII {
            upperCount = 0
            lowerCount = 0
            var lowered: [Unicode.Scalar] = []
            lowered.reserveCapacity(end - start + 2)
            for k in start..<end {
                let c = scalars[k]
                if c.isASCII {
                    let v = c.value
                    if v >= 65 && v <= 90 {
                        upperCount += 1
                        lowered.append(Unicode.Scalar(v + 32)!)
                    } else {
                        if v >= 97 && v <= 122 { lowerCount += 1 }
                        lowered.append(c)
                    }
                } else if c == "\u{2019}" {
                    // Normalise the typographic apostrophe so lexicon keys match either spelling.
                    lowered.append("'")
                } else if c.properties.isUppercase {
                    upperCount += 1
                    lowered.append(contentsOf: c.properties.lowercaseMapping.unicodeScalars)
                } else {
                    if c.properties.isLowercase { lowerCount += 1 }
                    lowered.append(c)
                }
            }
            lower = TextModel.string(lowered, 0, lowered.count)
            hash = StableHash.fnv1a(lower.utf8)
            for c in lowered where Tokenizer.isDigit(c) { digits += 1 }
        }
        if digits > 0 { flags.insert(.hasDigit) }
        let first = scalars[start]
        if Self.isUpper(first) { flags.insert(.capitalised) }
        if upperCount >= 2 && lowerCount == 0 { flags.insert(.allCaps) }
        if upperCount == 0 && lowerCount > 0 { flags.insert(.lowercase) }
        // Every listed word is short; longer words skip the lookup.
        let classes = kind == .word && end - start <= 20 ? WordClass.table[lower, hash] ?? [] : []
        return Token(
            start: Int32(start),
            end: Int32(end),
            kind: kind,
            flags: flags,
            lower: lower,
            first: first,
            classes: classes,
            hash: hash
        )
    }

    // MARK: - Scalar classes

    @inline(__always)
    static func isSpace(_ s: Unicode.Scalar) -> Bool {
        if s.isASCII { return s == " " || s == "\n" || s == "\t" || s == "\r" || s.value == 0x0B || s.value == 0x0C }
        return s.properties.isWhitespace || s == "\u{200B}" || s == "\u{FEFF}"
    }

    @inline(__always)
    static func isDigit(_ s: Unicode.Scalar) -> Bool { s.value >= 48 && s.value <= 57 }

    @inline(__always)
    static func isUpper(_ s: Unicode.Scalar) -> Bool {
        if s.isASCII { return s.value >= 65 && s.value <= 90 }
        return s.properties.isUppercase
    }

    @inline(__always)
    static func isLetter(_ s: Unicode.Scalar) -> Bool {
        if s.isASCII { return (s.value | 0x20) >= 97 && (s.value | 0x20) <= 122 }
        return s.properties.isAlphabetic
    }

    @inline(__always)
    static func isWordScalar(_ s: Unicode.Scalar) -> Bool {
        if s.isASCII { return isDigit(s) || ((s.value | 0x20) >= 97 && (s.value | 0x20) <= 122) }
        // Emoji and symbols are not word scalars; letters and digits of any script are.
        return s.properties.isAlphabetic || s.properties.numericType == .decimal
    }

    @inline(__always)
    static func isMark(_ s: Unicode.Scalar) -> Bool {
        if s.isASCII { return false }
        switch s.properties.generalCategory {
        case .nonspacingMark, .spacingMark, .enclosingMark: return true
        default: return s == "\u{200D}"
        }
    }

    @inline(__always)
    static func isQuote(_ s: Unicode.Scalar) -> Bool {
        switch s {
        case "\"", "'", "\u{201C}", "\u{201D}", "\u{2018}", "\u{2019}", "\u{00AB}", "\u{00BB}", "\u{201E}", "\u{201F}":
            return true
        default:
            return false
        }
    }
}
