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
            } else if unit == nil, end < n, tokens[end].kind == .word, tokens[end].has(.lowercase) {
                let next = tokens[end].lower
                if next == "of", end + 1 < n, tokens[end + 1].has(.lowercase), tokens[end + 1].kind == .word,
                    isWordNumber, amount >= 100, !tokens[end + 1].classes.contains(.stop)
                {
                    // "hundreds of people"
                    unit = tokens[end + 1].lower
                    end += 2
                } else if !tokens[end].classes.contains(.stop) || tokens[end].classes.contains(.unit) {
                    if !Self.isVerbLike(next) || tokens[end].classes.contains(.unit) {
                        unit = next
                        end += 1
                    }
                }
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
