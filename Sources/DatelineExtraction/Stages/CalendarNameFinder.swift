/// Calendar expressions that name a period of history: years before 1900, centuries and short decades.
///
/// ``DateFinder`` reads the dates a news report needs (days, months, recent years, relative phrases);
/// biographies and histories also name "1724", "the 18th century" or "the '80s", which are dates as
/// entities. This pass adds those, as absolute ``DateFinder/Hit``s, wherever no earlier hit covers them.
/// One scan over the tokens, a fixed look-around per token.
enum CalendarNameFinder {
    /// `hits` with the calendar names found around them, in token order.
    ///
    /// - Parameters:
    ///   - hits: The hits ``DateFinder`` found; their tokens are not looked at again.
    ///   - model: The tokenised article.
    /// - Returns: All hits, sorted by their first token.
    static func adding(to hits: [DateFinder.Hit], in model: TextModel) -> [DateFinder.Hit] {
        let tokens = model.tokens
        var covered = [Bool](repeating: false, count: tokens.count)
        for hit in hits { for k in hit.tokenStart..<hit.tokenEnd { covered[k] = true } }
        var found: [DateFinder.Hit] = []
        var i = 0
        while i < tokens.count {
            guard !covered[i], let hit = Self.name(at: i, tokens) else {
                i += 1
                continue
            }
            if (hit.tokenStart..<hit.tokenEnd).contains(where: { covered[$0] }) {
                i += 1
                continue
            }
            found.append(hit)
            i = hit.tokenEnd
        }
        guard !found.isEmpty else { return hits }
        return (hits + found).sorted { ($0.tokenStart, $0.tokenEnd) < ($1.tokenStart, $1.tokenEnd) }
    }

    /// The calendar name that token `i` holds, if any.
    private static func name(at i: Int, _ tokens: [Token]) -> DateFinder.Hit? {
        let t = tokens[i]
        if t.kind == .number, let year = Self.historicalYear(t), Self.isYearContext(tokens, i) {
            return Self.hit(i, i + 1, String(year))
        }
        guard t.kind == .word else { return nil }
        // Cheap tests first: this runs on every word of the article.
        if i + 1 < tokens.count, Self.namesCentury(tokens[i + 1]), let century = Self.centuryNumber(t) {
            return Self.hit(i, i + 2, CivilDate.pad(century - 1, 2) + "XX")
        }
        guard t.has(.hasDigit) else { return nil }
        return Self.decade(at: i, tokens)
    }

    /// "century" or "centuries".
    private static func namesCentury(_ t: Token) -> Bool {
        (t.first == "c" || t.first == "C") && (t.lower == "century" || t.lower == "centuries")
    }

    private static func hit(_ start: Int, _ end: Int, _ value: String?) -> DateFinder.Hit {
        DateFinder.Hit(tokenStart: start, tokenEnd: end, value: value, kind: "absolute", anchored: false)
    }

    // MARK: - Years

    /// A four-digit number from 1000 to 1899: later years are ``DateFinder``'s.
    private static func historicalYear(_ t: Token) -> Int? {
        guard t.length == 4, let year = Int(t.lower), year >= 1000, year < 1900 else { return nil }
        return year
    }

    /// Words after which a bare number is a year: "in 1724", "from 1801 to 1805", "(1660–1739)".
    private static let yearOpeners: Set<String> = [
        "in", "since", "until", "till", "by", "from", "to", "of", "during", "after", "before", "around", "circa",
        "c", "ca", "between", "and", "or", "early", "late", "mid", "(", "[", ",", "–", "—", "-", "year", "spring",
        "summer", "autumn", "winter", "fall",
    ]

    /// Whether the number at `i` reads as a year rather than a count: a year opener before it, and no unit,
    /// amount or counted plural after it ("1500 people" is a count).
    private static func isYearContext(_ tokens: [Token], _ i: Int) -> Bool {
        guard i > 0, Self.yearOpeners.contains(tokens[i - 1].lower) else { return false }
        if i > 1, tokens[i - 2].kind == .number, tokens[i - 1].first == "," { return false }
        guard i + 1 < tokens.count else { return true }
        let next = tokens[i + 1]
        if next.kind == .number || next.first == "%" { return false }
        if next.first == ",", i + 2 < tokens.count, tokens[i + 2].kind == .number, tokens[i + 2].length == 3 {
            return false
        }
        if next.kind == .word, next.has(.lowercase) {
            if BuiltinLexicon.units.contains(next.lower) || BuiltinLexicon.scales[next.lower] != nil { return false }
            if next.lower.hasSuffix("s"), !next.lower.hasSuffix("ss"), !next.classes.contains(.stop) { return false }
        }
        return true
    }

    // MARK: - Centuries

    /// Ordinals that number a century, as words ("eighteenth"); digits with a suffix ("18th") are read directly.
    private static let ordinalWords: [String: Int] = [
        "first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6, "seventh": 7, "eighth": 8,
        "ninth": 9, "tenth": 10, "eleventh": 11, "twelfth": 12, "thirteenth": 13, "fourteenth": 14, "fifteenth": 15,
        "sixteenth": 16, "seventeenth": 17, "eighteenth": 18, "nineteenth": 19, "twentieth": 20,
        "twenty-first": 21,
    ]

    /// The century an ordinal names: "18th" and "eighteenth" give 18.
    private static func centuryNumber(_ t: Token) -> Int? {
        if let word = Self.ordinalWords[t.lower] { return word }
        let lower = t.lower
        guard t.has(.hasDigit), lower.count >= 3, lower.count <= 4 else { return nil }
        let suffix = String(lower.suffix(2))
        guard ["st", "nd", "rd", "th"].contains(suffix), let value = Int(lower.dropLast(2)), value >= 1, value <= 22
        else { return nil }
        return value
    }

    // MARK: - Decades

    /// "1600s" (earlier than ``DateFinder`` reads) and "the '80s", "the 80s"; the value of a two-digit decade
    /// is left open, since its century is not written.
    private static func decade(at i: Int, _ tokens: [Token]) -> DateFinder.Hit? {
        let t = tokens[i]
        let lower = t.lower
        guard lower.hasSuffix("0s"), t.has(.hasDigit) else { return nil }
        let digits = lower.dropLast()
        guard digits.allSatisfy(\.isASCII), let value = Int(digits) else { return nil }
        if lower.count == 5, value >= 1000, value < 1800 {
            return Self.hit(i, i + 1, CivilDate.pad(value / 10, 3) + "X")
        }
        guard lower.count == 3, i > 0 else { return nil }
        let previous = tokens[i - 1]
        // "the 80s", "the '80s", "in the early 20s": a written article or an elision mark before it.
        let elided = previous.kind == .quote && previous.end == t.start
        guard elided || ["the", "early", "mid", "late"].contains(previous.lower) else { return nil }
        return Self.hit(i, i + 1, nil)
    }
}
