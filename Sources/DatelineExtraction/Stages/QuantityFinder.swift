/// Numbers with their unit or counted noun and qualifiers: "at least four villagers", "$1.2 billion", "90 percent".
enum QuantityFinder {
    struct Hit: Sendable {
        var tokenStart: Int
        var tokenEnd: Int
        var value: Double?
        var unit: String?
        var qualifier: String?
    }

    static func find(_ model: TextModel, blocked: [Bool]) -> [Hit] {
        let tokens = model.tokens
        let n = tokens.count
        var hits: [Hit] = []
        var i = 0
        while i < n {
            guard !blocked[i],
                tokens[i].kind == .number || tokens[i].classes.contains(.numberWord) || tokens[i].lower == "a"
            else {
                i += 1
                continue
            }
            let t = tokens[i]
            var value: Double? = nil
            var isWordNumber = false
            if t.kind == .number {
                value = Self.parse(t.lower)
            } else if t.kind == .word, t.classes.contains(.numberWord), t.has(.lowercase) || t.has(.sentenceStart),
                let v = BuiltinLexicon.numberWords[t.lower], t.lower != "a"
            {
                value = v
                isWordNumber = true
            } else if t.lower == "a", i + 1 < n, tokens[i + 1].classes.contains(.scale),
                let scale = BuiltinLexicon.scales[tokens[i + 1].lower], tokens[i + 1].lower != "m",
                tokens[i + 1].lower != "k"
            {
                value = scale
                isWordNumber = true
            }
            guard var amount = value else {
                i += 1
                continue
            }
            var start = i
            var end = i + 1
            var unit: String? = nil
            // Currency before: "$1.2 billion", "US$ 5".
            if i > 0, let code = BuiltinLexicon.currencySymbols[tokens[i - 1].first],
                tokens[i - 1].kind == .punctuation, !blocked[i - 1]
            {
                unit = code
                start = i - 1
            }
            // Scale words: "1.2 billion", "two million".
            while end < n, let scale = BuiltinLexicon.scales[tokens[end].lower], !(isWordNumber && scale == amount) {
                if (tokens[end].lower == "m" || tokens[end].lower == "k" || tokens[end].lower == "bn")
                    && tokens[end].has(.spaceBefore)
                {
                    break
                }
                amount *= scale
                end += 1
            }
            if end < n, tokens[end].first == "%", tokens[end].kind == .punctuation {
                unit = "percent"
                end += 1
            } else if unit == nil, let counted = Self.countedNoun(tokens, from: end, isWordNumber: isWordNumber, amount)
            {
                unit = counted.unit
                end = counted.end
            }
            if isWordNumber && unit == nil {
                i = end
                continue
            }
            // Qualifiers before.
            var qualifier: String? = nil
            for q in BuiltinLexicon.qualifiers where start - q.count >= 0 {
                var ok = true
                for (offset, word) in q.enumerated() where tokens[start - q.count + offset].lower != word {
                    ok = false
                    break
                }
                if ok {
                    qualifier = q.joined(separator: " ")
                    start -= q.count
                    break
                }
            }
            hits.append(
                Hit(
                    tokenStart: start,
                    tokenEnd: end,
                    value: amount.isFinite ? amount : nil,
                    unit: unit,
                    qualifier: qualifier
                )
            )
            i = end
        }
        return hits
    }

    // MARK: - Counted nouns

    /// Two-token spellings of per cent.
    private static let percentWords = StageRules.entries("quantity.percentWords").map {
        $0.split(separator: " ").map(String.init)
    }
    private static let pluralNouns = StageRules.table("quantity.pluralNoun")
    private static let notPlural = StageRules.table("quantity.notPlural")
    private static let partitives = StageRules.table("quantity.partitive")
    private static let modifiers = StageRules.table("quantity.modifier")

    /// The unit or counted noun after a number, as a reader names it, and the token after it.
    ///
    /// A listed unit right after the number is the unit ("12 km"); "per cent" is percent. Otherwise the noun
    /// phrase that follows (up to three lower-case content words) is counted by its head, the first plural
    /// noun, so modifiers are passed over ("six steel cables" counts cables, "3,000 construction workers"
    /// counts workers). A partitive counts the noun after its determiner ("three of the victims").
    /// Without a plural the first word stays the unit, as before.
    static func countedNoun(
        _ tokens: [Token],
        from start: Int,
        isWordNumber: Bool,
        _ amount: Double
    ) -> (unit: String, end: Int)? {
        let n = tokens.count
        guard start < n, tokens[start].kind == .word, tokens[start].has(.lowercase) else { return nil }
        for words in Self.percentWords where start + words.count <= n {
            if words.indices.allSatisfy({ tokens[start + $0].lower == words[$0] }) {
                return ("percent", start + words.count)
            }
        }
        let next = tokens[start]
        if next.classes.contains(.unit) { return (next.lower, start + 1) }
        if next.lower == "of", start + 1 < n {
            // "hundreds of people", "three of the victims".
            var k = start + 1
            if Self.partitives.contains(tokens[k].lower, tokens[k].hash), tokens[k].has(.lowercase) { k += 1 }
            let partitive = k > start + 1
            guard partitive || isWordNumber && amount >= 100 else { return nil }
            // The noun of a partitive is plural ("one of the firm's owners" is not counted by "firm").
            guard let head = Self.head(tokens, from: k, singular: false), Self.isPlural(tokens[head]) else {
                return nil
            }
            return (tokens[head].lower, head + 1)
        }
        // An abbreviation after the number is its unit ("7 p.m.").
        if next.lower.unicodeScalars.contains(".") { return (next.lower, start + 1) }
        guard let head = Self.head(tokens, from: start, singular: amount == 1) else { return nil }
        return (tokens[head].lower, head + 1)
    }

    /// The head of the lower-case noun phrase at `start`: its first plural noun, or its first word.
    private static func head(_ tokens: [Token], from start: Int, singular: Bool) -> Int? {
        var k = start
        var first: Int? = nil
        while k < tokens.count, k < start + 3 {
            let t = tokens[k]
            if t.kind == .word, t.has(.lowercase), Self.modifiers.contains(t.lower, t.hash) {
                k += 1
                continue
            }
            guard Self.isContentWord(t) else { break }
            if first == nil { first = k }
            if tokens[k].classes.contains(.unit) { return k }
            if !singular, Self.isPlural(tokens[k]) { return k }
            k += 1
        }
        return first
    }

    /// A lower-case word that can sit in a noun phrase after a number (not a function word or a verb).
    private static func isContentWord(_ t: Token) -> Bool {
        guard t.kind == .word, t.has(.lowercase), !t.flags.contains(.hasDigit) else { return false }
        if t.classes.contains(.unit) { return true }
        return !t.classes.contains(.stop) && !Self.isVerbLike(t.lower) && !t.classes.contains(.speechVerb)
    }

    /// Whether a lower-case word reads as a plural noun.
    private static func isPlural(_ t: Token) -> Bool {
        if Self.pluralNouns.contains(t.lower, t.hash) { return true }
        if Self.notPlural.contains(t.lower, t.hash) { return false }
        let word = t.lower
        guard word.hasSuffix("s"), word.unicodeScalars.count >= 3 else { return false }
        return !word.hasSuffix("ss") && !word.hasSuffix("us") && !word.hasSuffix("is")
    }

    private static func isVerbLike(_ word: String) -> Bool {
        word.hasSuffix("ed") && !word.hasSuffix("eed") || word == "are" || word == "were" || word == "is"
            || word == "was"
    }

    /// "1,000.5" -> 1000.5; anything unparsable -> nil.
    static func parse(_ text: String) -> Double? {
        var digits = ""
        for s in text.unicodeScalars {
            if Tokenizer.isDigit(s) || s == "." {
                digits.unicodeScalars.append(s)
            } else if s == "," {
                continue
            } else {
                return nil
            }
        }
        guard digits.count <= 18 else { return nil }
        return Double(digits)
    }
}
