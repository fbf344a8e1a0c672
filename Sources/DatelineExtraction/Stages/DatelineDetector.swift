/// Detects a leading dateline: `ISLAMABAD:`, `WASHINGTON (Reuters) -`, `KABUL, Aug 15 (AP) —`.
enum DatelineDetector {
    struct Hit: Sendable {
        /// Tokens of the place name.
        var locationStart: Int
        var locationEnd: Int
        /// One past the separator token.
        var end: Int
        var location: String
        var country: String?
        var agency: String?
        /// The agency's tokens.
        var agencyTokens: Range<Int>?
    }

    /// Looks at the start of the text, and after up to three short leading paragraphs of page furniture
    /// ("View photo", a bare ".") at the start of the first real paragraph.
    static func detect(_ model: TextModel, lexicons: Lexicons) -> Hit? {
        for (index, paragraph) in model.paragraphs.prefix(4).enumerated() {
            if let hit = Self.detect(model, lexicons: lexicons, at: paragraph.lowerBound) { return hit }
            if paragraph.count > 8 || index == 3 { break }
        }
        return nil
    }

    private static func detect(_ model: TextModel, lexicons: Lexicons, at first: Int) -> Hit? {
        let tokens = model.tokens
        let n = min(tokens.count, first + 16)
        guard n - first >= 2 else { return nil }
        var j = first
        var allCaps = true
        while j < n, j - first < 5, tokens[j].kind == .word, tokens[j].has(.capitalised) {
            if !tokens[j].has(.allCaps) { allCaps = false }
            j += 1
        }
        guard j > first else { return nil }
        let locationEnd = j
        var key = ""
        for k in first..<locationEnd {
            if k > first { key += " " }
            key += tokens[k].lower
        }
        let place = lexicons.places[key]
        guard allCaps || place != nil else { return nil }
        // Optional ", REGION" and ", Month Day".
        var agency: String? = nil
        var agencyTokens: Range<Int>? = nil
        while j < n, tokens[j].first == "," {
            var k = j + 1
            while k < n, k - j <= 4, tokens[k].kind == .word || tokens[k].kind == .number || tokens[k].first == "." {
                k += 1
            }
            guard k > j + 1 else { return nil }
            j = k
        }
        if j < n, tokens[j].first == "(" {
            var k = j + 1
            while k < n, k - j <= 4, tokens[k].first != ")" { k += 1 }
            guard k < n, tokens[k].first == ")" else { return nil }
            let name = model.text(tokens: (j + 1)..<k)
            if BuiltinLexicon.wireAgencies.contains(name.lowercased()) || k - j <= 3 {
                agency = name
                agencyTokens = (j + 1)..<k
            }
            j = k + 1
        }
        guard j < n, tokens[j].kind == .punctuation else { return nil }
        let separator = tokens[j].first
        guard separator == ":" || separator == "-" || separator == "\u{2014}" || separator == "\u{2013}" else {
            return nil
        }
        var end = j + 1
        if separator == "-", end < n, tokens[end].first == "-" { end += 1 }
        // The separator must be followed by text on the same line.
        guard end < tokens.count, !tokens[end].has(.newlineBefore) else { return nil }
        let location: String
        if allCaps {
            location = (first..<locationEnd).map {
                Self.titleCase(model.text(Int(tokens[$0].start), Int(tokens[$0].end)))
            }
            .joined(separator: " ")
        } else {
            location = model.text(tokens: first..<locationEnd)
        }
        var country: String? = nil
        if let place {
            country = place.kind == .country ? place.canonical : lexicons.placeCountries[key]
        }
        return Hit(
            locationStart: first,
            locationEnd: locationEnd,
            end: end,
            location: location,
            country: country,
            agency: agency,
            agencyTokens: agencyTokens
        )
    }

    /// "NEW" -> "New", "AL-ARISH" -> "Al-Arish".
    static func titleCase(_ word: String) -> String {
        var out = String.UnicodeScalarView()
        var startOfPart = true
        for s in word.unicodeScalars {
            if startOfPart {
                out.append(contentsOf: s.properties.uppercaseMapping.unicodeScalars)
            } else {
                out.append(contentsOf: s.properties.lowercaseMapping.unicodeScalars)
            }
            startOfPart = s == "-" || s == " " || s == "'"
        }
        return String(out)
    }
}
