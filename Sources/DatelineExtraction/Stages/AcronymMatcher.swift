/// Aligns the letters of a short form with the words of a candidate long form, right to left.
///
/// Schwartz and Hearst (2003) match each short-form character right to left anywhere in the candidate, the
/// first one at a word start. Taken greedily that finds `Services` for `SES` in "State Emergency Services
/// (SES)"; so the alignment here is the cheapest over all ways of giving each word a run of the letters:
/// a letter on a word's first scalar is free, one inside a word costs 1, a word whose letters start
/// inside it costs 3, and a content word that gives no letter costs 2 (a function word from the
/// `acronym.skippable` rule costs nothing, a part after a hyphen 1). The last word must give a letter, and the first letter must
/// sit on a word start. Words are at most a couple of dozen and short forms at most ten letters, so each
/// alignment is a small table, filled once.
struct AcronymMatcher {
    /// One word of a candidate long form: a token or one part of a hyphenated token.
    struct Word {
        /// The word's scalars, case-folded.
        var scalars: [Unicode.Scalar]
        /// The token the word belongs to.
        var token: Int
        /// Whether it may be skipped for free.
        var isFunctionWord: Bool
        /// Whether it follows a hyphen inside its token ("Corruption" in "Anti-Corruption"): skipping it
        /// costs less, since such parts are often left out of a short form.
        var isHyphenPart = false
        /// The value of a number word ("seven"), which a digit of the short form may stand for ("G7").
        var number: Int?
    }

    /// The result: where the long form starts (an index into the words) and what the alignment cost.
    struct Alignment {
        var firstWord: Int
        var cost: Int
    }

    /// Function words (lower case) a long form may pass over.
    static let skippable = StageRules.table("acronym.skippable")

    /// The cheapest alignment of `letters` with a long form that ends at the last of `words`.
    ///
    /// - Parameters:
    ///   - letters: The short form's letters and digits, case-folded, a plural `s` removed.
    ///   - words: The candidate words in text order, the last one next to the short form.
    /// - Returns: The alignment, or `nil` when the letters cannot be placed.
    static func align(_ letters: [Unicode.Scalar], _ words: [Word]) -> Alignment? {
        let n = letters.count
        let m = words.count
        guard n > 0, m > 0 else { return nil }
        let impossible = Int.max / 4
        // cost[i][w]: letters 0..<i placed in words 0..<w; start[i][w]: the long form's first word.
        var cost = [[Int]](repeating: [Int](repeating: impossible, count: m + 1), count: n + 1)
        var start = [[Int]](repeating: [Int](repeating: -1, count: m + 1), count: n + 1)
        for w in 0...m {
            cost[0][w] = 0
            start[0][w] = w
        }
        for i in 1...n {
            for w in 1...m {
                let word = words[w - 1]
                var best = impossible
                var bestStart = -1
                // Skipping the word (never the last one: the long form ends where the short form starts).
                if w < m, cost[i][w - 1] < impossible {
                    let c = cost[i][w - 1] + Self.skipCost(word)
                    if c < best {
                        best = c
                        bestStart = start[i][w - 1]
                    }
                }
                for k in 1...i {
                    let from = i - k
                    guard cost[from][w - 1] < impossible,
                        let c = Self.place(letters[from..<i], in: word, first: from == 0)
                    else { continue }
                    let total = cost[from][w - 1] + c
                    let firstWord = from == 0 ? w - 1 : start[from][w - 1]
                    // Equal cost: the shorter long form (the later start) wins.
                    if total < best || total == best && firstWord > bestStart {
                        best = total
                        bestStart = firstWord
                    }
                }
                cost[i][w] = best
                start[i][w] = bestStart
            }
        }
        guard cost[n][m] < impossible else { return nil }
        return Alignment(firstWord: start[n][m], cost: cost[n][m])
    }

    /// What leaving a word out of the short form costs: nothing for a function word or a one-letter
    /// hyphen part ("Tehreek-e-Taliban"), 1 for another hyphen part, 2 for a content word.
    private static func skipCost(_ word: Word) -> Int {
        if word.isFunctionWord || word.isHyphenPart && word.scalars.count == 1 { return 0 }
        return word.isHyphenPart ? 1 : 2
    }

    /// The cost of giving `letters` to one word, or `nil` when they are not a subsequence of it.
    private static func place(_ letters: ArraySlice<Unicode.Scalar>, in word: Word, first: Bool) -> Int? {
        let scalars = word.scalars
        guard let head = letters.first, !scalars.isEmpty else { return nil }
        if letters.count == 1, let number = word.number, let digit = Self.digitValue(head), digit == number {
            return 0
        }
        if scalars[0] == head {
            return Self.isSubsequence(letters.dropFirst(), of: scalars, from: 1) ? letters.count - 1 : nil
        }
        guard !first, Self.isSubsequence(letters, of: scalars, from: 1) else { return nil }
        return 3 + letters.count - 1
    }

    private static func isSubsequence(_ letters: ArraySlice<Unicode.Scalar>, of scalars: [Unicode.Scalar], from: Int)
        -> Bool
    {
        var k = from
        for letter in letters {
            while k < scalars.count, scalars[k] != letter { k += 1 }
            if k == scalars.count { return false }
            k += 1
        }
        return true
    }

    private static func digitValue(_ s: Unicode.Scalar) -> Int? {
        Tokenizer.isDigit(s) ? Int(s.value) - 48 : nil
    }

    /// Lower-cases ASCII letters (other scalars through their lower-case mapping when it is one scalar).
    @inline(__always)
    static func fold(_ s: Unicode.Scalar) -> Unicode.Scalar {
        if s.value >= 65 && s.value <= 90 { return Unicode.Scalar(s.value + 32)! }
        if s.isASCII || !s.properties.isUppercase { return s }
        let lower = s.properties.lowercaseMapping.unicodeScalars
        return lower.count == 1 ? lower.first! : s
    }
}
