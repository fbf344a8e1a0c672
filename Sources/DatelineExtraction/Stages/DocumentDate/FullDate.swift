/// Reads one calendar date written out in tokens: `March 17, 2017`, `Wednesday, 18 November 2015`,
/// `19.01.2020`, `2019-03-03`, and, for datelines, `March 17` without a year.
///
/// A reader's form of a date, not DateFinder's: it needs no anchor and returns the parts it saw, so evidence
/// rules can ask for "a date with a year" or "a month and a day".
struct FullDate: Sendable, Hashable {
    var year: Int?
    var month: Int
    var day: Int
    /// The first token of the date (its weekday, when one is written).
    var start: Int
    /// One past its last token.
    var end: Int
    /// Whether a weekday name opens it ("Monday, 6 January 2020").
    var hasWeekday: Bool

    /// The date as document-date evidence, when it has a plausible year.
    func evidence(_ source: ArticleRecord.DocumentDate.Source) -> ArticleRecord.DocumentDate? {
        guard let year, ArticleRecord.DocumentDate.plausibleYears.contains(year) else { return nil }
        return ArticleRecord.DocumentDate(year: year, month: self.month, day: self.day, source: source)
    }

    /// The date that starts at token `k`, if one does.
    ///
    /// - Parameters:
    ///   - tokens: The tokens.
    ///   - k: Where the date (or its weekday) would start.
    ///   - limit: One past the last token the date may use.
    /// - Returns: The date, with `year` `nil` for `Month Day` alone.
    static func parse(_ tokens: [Token], at k: Int, limit: Int) -> FullDate? {
        let n = min(limit, tokens.count)
        guard k < n else { return nil }
        var i = k
        var hasWeekday = false
        if tokens[i].kind == .word, BuiltinLexicon.weekdays[tokens[i].lower] != nil {
            hasWeekday = true
            i += 1
            if i < n, tokens[i].first == "," { i += 1 }
            guard i < n else { return nil }
        }
        let t = tokens[i]
        // 19.01.2020 and 2019-03-03: one number token.
        if t.kind == .number, t.length == 10 {
            if let date = Self.dotted(t.lower) ?? CivilDate.parseISO(t.lower) {
                return FullDate(
                    year: date.year,
                    month: date.month,
                    day: date.day,
                    start: k,
                    end: i + 1,
                    hasWeekday: hasWeekday
                )
            }
            return nil
        }
        // March 17, 2017 / Mar. 17 / March 17
        if t.kind == .word, t.has(.capitalised), let month = BuiltinLexicon.months[t.lower] {
            var j = i + 1
            if j < n, tokens[j].first == ".", t.length <= 4 { j += 1 }
            guard j < n, let day = Self.day(tokens[j]) else { return nil }
            j += 1
            var year: Int? = nil
            if j + 1 < n, tokens[j].first == ",", let y = Self.year(tokens[j + 1]) {
                year = y
                j += 2
            } else if j < n, let y = Self.year(tokens[j]) {
                year = y
                j += 1
            }
            guard CivilDate.isValid(year: year ?? 2000, month: month, day: day) else { return nil }
            return FullDate(year: year, month: month, day: day, start: k, end: j, hasWeekday: hasWeekday)
        }
        // 18 November 2015 / 18th November, 2015
        if let day = Self.day(t), i + 1 < n, tokens[i + 1].kind == .word, tokens[i + 1].has(.capitalised),
            let month = BuiltinLexicon.months[tokens[i + 1].lower]
        {
            var j = i + 2
            if j < n, tokens[j].first == ".", tokens[i + 1].length <= 4 { j += 1 }
            var year: Int? = nil
            if j + 1 < n, tokens[j].first == ",", let y = Self.year(tokens[j + 1]) {
                year = y
                j += 2
            } else if j < n, let y = Self.year(tokens[j]) {
                year = y
                j += 1
            }
            guard let year, CivilDate.isValid(year: year, month: month, day: day) else { return nil }
            return FullDate(year: year, month: month, day: day, start: k, end: j, hasWeekday: hasWeekday)
        }
        return nil
    }

    /// `17`, `17th`: a day of the month.
    private static func day(_ token: Token) -> Int? {
        guard token.kind == .number || token.kind == .word, token.length <= 4 else { return nil }
        var value = 0
        var digits = 0
        var rest = Substring(token.lower)
        while let c = rest.first, let d = c.wholeNumberValue, c.isASCII {
            value = value * 10 + d
            digits += 1
            rest = rest.dropFirst()
        }
        guard digits >= 1, digits <= 2, (1...31).contains(value),
            rest.isEmpty || rest == "st" || rest == "nd" || rest == "rd" || rest == "th"
        else { return nil }
        return value
    }

    private static func year(_ token: Token) -> Int? {
        guard token.kind == .number, token.length == 4, let y = Int(token.lower), (1000...2199).contains(y) else {
            return nil
        }
        return y
    }

    /// `19.01.2020`: day, month, year.
    private static func dotted(_ text: String) -> CivilDate? {
        let parts = text.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 3, parts[0].count == 2, parts[1].count == 2, parts[2].count == 4,
            let day = Int(parts[0]), let month = Int(parts[1]), let year = Int(parts[2]),
            CivilDate.isValid(year: year, month: month, day: day)
        else { return nil }
        return CivilDate(year: year, month: month, day: day)
    }
}
