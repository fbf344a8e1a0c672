/// Finds temporal expressions and resolves them to ISO-8601 values (TIMEX3-like granularity).
///
/// Absolute expressions resolve on their own; relative ones ("Monday", "this week", "two years ago")
/// resolve against the publication date and stay `nil` without one. One left-to-right pass with a
/// fixed look-ahead per token.
enum DateFinder {
    struct Hit: Sendable {
        var tokenStart: Int
        var tokenEnd: Int
        var value: String?
        var kind: String
        var anchored: Bool
        /// A time of day or clock duration ("this morning", "four hours"): a TIME, not a DATE, as an entity.
        var timeOfDay = false
    }

    private static let units: [String: String] = [
        "day": "D", "days": "D", "week": "W", "weeks": "W", "month": "M", "months": "M", "year": "Y", "years": "Y",
        "decade": "DE", "decades": "DE", "weekend": "WE", "century": "C", "centuries": "C", "hour": "H",
        "hours": "H", "minute": "MIN", "minutes": "MIN",
    ]

    /// Whether the text after the last hyphen is a time unit or "old" ("four-year", "26-year-old").
    private static func endsInTimeUnit(_ word: String) -> Bool {
        // The tail's bytes packed into an integer (no allocation), compared with the packed unit words.
        var packed: UInt64 = 0
        var length = 0
        for byte in word.utf8.reversed() {
            if byte == UInt8(ascii: "-") { break }
            length += 1
            if length > 7 { return false }
            packed = packed | UInt64(byte) << (8 * UInt64(length - 1))
        }
        return Self.packedUnits.contains(packed)
    }

    /// Unit words packed as `endsInTimeUnit` packs a tail (last byte lowest).
    private static let packedUnits: [UInt64] = ["day", "week", "month", "year", "decade", "hour", "minute", "old"].map {
        word in
        var packed: UInt64 = 0
        for (index, byte) in word.utf8.reversed().enumerated() { packed |= UInt64(byte) << (8 * UInt64(index)) }
        return packed
    }

    /// "announced", "arrived" (a regular past tense), but not "need" or "speed".
    private static func endsInEd(_ word: String) -> Bool {
        var tail: (UInt8, UInt8, UInt8) = (0, 0, 0)
        for byte in word.utf8 { tail = (tail.1, tail.2, byte) }
        return tail.2 == UInt8(ascii: "d") && tail.1 == UInt8(ascii: "e") && tail.0 != UInt8(ascii: "e")
    }

    /// The ISO-8601 duration of `amount` units ("P2W", "PT4H", "P10Y" for a decade); `nil` amount is vague.
    static func durationValue(_ amount: Int?, _ unit: String) -> String {
        let count = amount.map(String.init) ?? "X"
        switch unit {
        case "H": return "PT\(count)H"
        case "MIN": return "PT\(count)M"
        case "DE": return amount.map { "P\($0 * 10)Y" } ?? "PX0Y"
        case "C": return amount.map { "P\($0 * 100)Y" } ?? "PX00Y"
        default: return "P\(count)\(unit)"
        }
    }

    /// Whether the words around a date put it after the publication date, before it, or neither.
    enum Tense {
        case future
        case past
        case neutral
    }

    static let futureMarkers: Set<String> = [
        "will", "would", "'ll", "shall", "next", "upcoming", "coming", "scheduled", "due", "plans", "plan", "planned",
        "expected", "until", "till", "tomorrow", "ahead", "going", "aims", "hopes", "intends",
    ]
    static let pastMarkers: Set<String> = [
        "was", "were", "had", "did", "ago", "last", "earlier", "since", "previous", "said", "told", "wrote", "met",
        "went", "came", "took", "gave", "made", "saw", "spoke", "left", "held", "began", "won", "lost", "got",
        "found", "sent", "led", "became", "fell", "rose", "brought", "knew", "ran", "paid", "sold", "struck",
    ]

    /// What relative expressions resolve against: the document date, at the granularity its evidence fixes.
    struct Anchor: Sendable {
        /// The date; a month-granular anchor sits mid-month and a year-granular one mid-year, so that only
        /// year and month arithmetic reads it.
        var date: CivilDate
        var granularity: ArticleRecord.DocumentDate.Granularity
        var source: ArticleRecord.DocumentDate.Source
    }

    /// Finds the temporal expressions of `model`, resolving relative ones against `anchor`.
    ///
    /// An anchor known only to the month resolves "in March" or "last month" but not "Monday"; one known only to
    /// the year resolves "this year" and "last year" only. A value the anchor cannot fix stays `nil`.
    ///
    /// - Parameters:
    ///   - model: The article text.
    ///   - anchor: The document date, or `nil` when none is known.
    /// - Returns: The expressions in text order.
    static func find(_ model: TextModel, anchor: Anchor?) -> [Hit] {
        var hits = Self.find(model, anchor: anchor?.date)
        guard let anchor, anchor.granularity != .day else { return hits }
        for h in hits.indices where hits[h].anchored {
            guard let value = hits[h].value else { continue }
            let keep: Bool
            switch anchor.granularity {
            case .day:
                keep = true
            case .month:
                // A named month fixes the day itself; the anchor only gave the year.
                let namesMonth = (hits[h].tokenStart..<hits[h].tokenEnd).contains {
                    model.tokens[$0].classes.contains(.month)
                }
                keep = namesMonth || value.count <= 7 && !value.contains("W")
            case .year:
                keep = value.count == 4
            }
            if !keep { hits[h].value = nil }
        }
        return hits
    }

    static func find(_ model: TextModel, anchor: CivilDate?) -> [Hit] {
        let tokens = model.tokens
        let n = tokens.count
        var hits: [Hit] = []
        var i = 0
        func lower(_ k: Int) -> String { k < n && k >= 0 ? tokens[k].lower : "" }
        func dayNumber(_ k: Int) -> Int? {
            guard k < n, tokens[k].kind == .number || tokens[k].kind == .word else { return nil }
            var value = 0
            var digits = 0
            for s in tokens[k].lower.unicodeScalars {
                if Tokenizer.isDigit(s) {
                    value = value * 10 + Int(s.value - 48)
                    digits += 1
                    if digits > 2 { return nil }
                } else {
                    break
                }
            }
            guard digits > 0, value >= 1, value <= 31 else { return nil }
            let rest = tokens[k].lower.dropFirst(digits)
            guard rest.isEmpty || ["st", "nd", "rd", "th"].contains(String(rest)) else { return nil }
            return value
        }
        func year(_ k: Int) -> Int? {
            guard k < n, tokens[k].kind == .number, tokens[k].length == 4, let y = Int(tokens[k].lower), y >= 1000,
                y <= 2199
            else { return nil }
            return y
        }
        /// The tense of the clause around token `k` (between commas, semicolons and the sentence's ends):
        /// an explicit future marker wins, then a past auxiliary or a verb in -ed.
        func tense(_ k: Int) -> Tense {
            let range = model.sentences[Int(model.sentenceOf[k])]
            // "said Monday", "announced on Tuesday": the date of a reported act.
            var v = k - 1
            if v >= 0, lower(v) == "on" { v -= 1 }
            if v >= 0, tokens[v].classes.contains(.speechVerb),
                tokens[v].lower.hasSuffix("ed") || tokens[v].lower == "said" || tokens[v].lower == "told"
            {
                return .past
            }
            var a = k
            while a > range.lowerBound, k - a < 14, tokens[a - 1].first != ",", tokens[a - 1].first != ";" { a -= 1 }
            var b = k + 1
            while b < range.upperBound, b - k < 14, tokens[b].first != ",", tokens[b].first != ";" { b += 1 }
            // "On Tuesday, Merkel will visit Warsaw": an opening phrase takes the tense of the clause after it.
            if a == range.lowerBound, b < range.upperBound, b - a <= 4 {
                b += 1
                while b < range.upperBound, b - k < 18, tokens[b].first != ",", tokens[b].first != ";" { b += 1 }
            }
            var past = false
            for q in a..<b where q != k && tokens[q].kind == .word {
                let classes = tokens[q].classes
                if classes.contains(.futureMarker) { return .future }
                if classes.contains(.pastMarker)
                    || tokens[q].length > 4 && tokens[q].has(.lowercase) && Self.endsInEd(tokens[q].lower)
                {
                    past = true
                }
            }
            return past ? .past : .neutral
        }
        /// The year of a month named without one: "July last year", else the tense's side of the publication
        /// date, else the nearest occurrence (a tie, six months away, goes to the past: news reports more
        /// than it announces).
        func yearOf(month: Int, at k: Int, after end: inout Int) -> Int? {
            guard let anchor else { return nil }
            if ["last", "this", "next"].contains(lower(end)), lower(end + 1) == "year" {
                let offset = lower(end) == "last" ? -1 : (lower(end) == "next" ? 1 : 0)
                end += 2
                return anchor.year + offset
            }
            switch tense(k) {
            case .future: return month >= anchor.month ? anchor.year : anchor.year + 1
            case .past: return month <= anchor.month ? anchor.year : anchor.year - 1
            case .neutral:
                let delta = month - anchor.month
                return delta > 5 ? anchor.year - 1 : (delta < -6 ? anchor.year + 1 : anchor.year)
            }
        }
        while i < n {
            // Most tokens cannot start a temporal expression: their word classes rule them out.
            if tokens[i].kind != .number && !tokens[i].flags.contains(.hyphenated)
                && !Tokenizer.isDigit(tokens[i].first)
                && !tokens[i].classes.contains(.dateTrigger)
            {
                i += 1
                continue
            }
            let t = tokens[i]
            let l = t.lower
            // Month-based absolute dates.
            if t.classes.contains(.month), t.has(.capitalised), let month = BuiltinLexicon.months[l] {
                var k = i + 1
                if k < n, tokens[k].first == ".", tokens[k].kind == .punctuation, l.count <= 4 { k += 1 }
                if let day = dayNumber(k) {
                    var end = k + 1
                    var y: Int? = nil
                    if end < n, tokens[end].first == ",", let yy = year(end + 1) {
                        y = yy
                        end += 2
                    } else if let yy = year(end) {
                        y = yy
                        end += 1
                    }
                    let value: String?
                    let inferred = y == nil ? yearOf(month: month, at: i, after: &end) : nil
                    if let y, CivilDate.isValid(year: y, month: month, day: day) {
                        value = CivilDate(year: y, month: month, day: day).iso
                    } else if let inferred, CivilDate.isValid(year: inferred, month: month, day: day) {
                        value = CivilDate(year: inferred, month: month, day: day).iso
                    } else {
                        value = nil
                    }
                    hits.append(
                        Hit(
                            tokenStart: i,
                            tokenEnd: end,
                            value: value,
                            kind: y == nil ? "relative" : "absolute",
                            anchored: y == nil
                        )
                    )
                    i = end
                    continue
                }
                if let y = year(k) {
                    hits.append(
                        Hit(
                            tokenStart: i,
                            tokenEnd: k + 1,
                            value: "\(CivilDate.pad(y, 4))-\(CivilDate.pad(month, 2))",
                            kind: "absolute",
                            anchored: false
                        )
                    )
                    i = k + 1
                    continue
                }
                // A month alone; "May" and "March" only with a date word before ("in May", "last March").
                let previous = lower(i - 1)
                if l.count > 3 && l != "may" && l != "march"
                    || ["in", "since", "until", "by", "early", "late", "mid", "last", "next", "this", "of"].contains(
                        previous
                    )
                {
                    if l.count > 3
                        || ["in", "since", "until", "by", "last", "next", "early", "late", "mid"].contains(previous)
                    {
                        var value: String? = nil
                        var end = i + 1
                        if let anchor {
                            var y: Int
                            if previous == "last" {
                                y = month < anchor.month ? anchor.year : anchor.year - 1
                            } else if previous == "next" {
                                y = month <= anchor.month ? anchor.year + 1 : anchor.year
                            } else {
                                y = yearOf(month: month, at: i, after: &end) ?? anchor.year
                            }
                            value = "\(CivilDate.pad(y, 4))-\(CivilDate.pad(month, 2))"
                        }
                        hits.append(Hit(tokenStart: i, tokenEnd: end, value: value, kind: "relative", anchored: true))
                        i = end
                        continue
                    }
                }
                i += 1
                continue
            }
            // Day Month Year: "10 May 2024".
            if t.kind == .number || Tokenizer.isDigit(t.first), i + 1 < n, tokens[i + 1].classes.contains(.month),
                let day = dayNumber(i), tokens[i + 1].has(.capitalised),
                let month = BuiltinLexicon.months[lower(i + 1)],
                lower(i + 1).count > 3 || lower(i + 1) != "may" || year(i + 2) != nil
            {
                var end = i + 2
                var value: String? = nil
                var anchored = true
                if let y = year(end), CivilDate.isValid(year: y, month: month, day: day) {
                    value = CivilDate(year: y, month: month, day: day).iso
                    end += 1
                    anchored = false
                } else if let y = yearOf(month: month, at: i, after: &end),
                    CivilDate.isValid(year: y, month: month, day: day)
                {
                    value = CivilDate(year: y, month: month, day: day).iso
                }
                hits.append(
                    Hit(
                        tokenStart: i,
                        tokenEnd: end,
                        value: value,
                        kind: anchored ? "relative" : "absolute",
                        anchored: anchored
                    )
                )
                i = end
                continue
            }
            // Weekdays.
            if t.classes.contains(.weekday), t.has(.capitalised), let weekday = BuiltinLexicon.weekdays[l] {
                var value: String? = nil
                if let anchor {
                    // The same weekday as the publication date is that day, whatever the tense.
                    let delta = weekday - anchor.isoWeekday
                    if tense(i) == .future {
                        value = anchor.adding(days: delta >= 0 ? delta : delta + 7).iso
                    } else {
                        value = anchor.adding(days: delta <= 0 ? delta : delta - 7).iso
                    }
                }
                hits.append(Hit(tokenStart: i, tokenEnd: i + 1, value: value, kind: "relative", anchored: true))
                i += 1
                continue
            }
            // Deictic days.
            if l == "today" || l == "yesterday" || l == "tomorrow" {
                let offset = l == "yesterday" ? -1 : (l == "tomorrow" ? 1 : 0)
                hits.append(
                    Hit(
                        tokenStart: i,
                        tokenEnd: i + 1,
                        value: anchor.map { $0.adding(days: offset).iso },
                        kind: "relative",
                        anchored: true
                    )
                )
                i += 1
                continue
            }
            // (earlier|later)? (this|last|next|past|coming) unit
            var start = i
            var k = i
            if l == "earlier" || l == "later" || l == "early" || l == "late" { k += 1 }
            let determiner = lower(k)
            if k + 1 < n, tokens[k + 1].classes.contains(.dateUnit), Self.determiners.contains(determiner),
                let unit = units[lower(k + 1)], !lower(k + 1).hasSuffix("s")
            {
                if k > i, !["this", "last", "next"].contains(determiner) { start = k }
                let end = k + 2
                let offset = determiner == "this" ? 0 : (determiner == "next" || determiner == "coming" ? 1 : -1)
                var value: String? = nil
                if let anchor {
                    switch unit {
                    case "D": value = anchor.adding(days: offset).iso
                    case "W":
                        let w = anchor.adding(days: 7 * offset).isoWeek
                        value = "\(CivilDate.pad(w.year, 4))-W\(CivilDate.pad(w.week, 2))"
                    case "WE":
                        let w = anchor.adding(days: 7 * offset).isoWeek
                        value = "\(CivilDate.pad(w.year, 4))-W\(CivilDate.pad(w.week, 2))-WE"
                    case "M":
                        let m = anchor.adding(months: offset)
                        value = "\(CivilDate.pad(m.year, 4))-\(CivilDate.pad(m.month, 2))"
                    case "Y": value = CivilDate.pad(anchor.year + offset, 4)
                    case "DE": value = String(CivilDate.pad(anchor.year / 10 + offset, 3)) + "X"
                    default: value = nil
                    }
                }
                hits.append(Hit(tokenStart: start, tokenEnd: end, value: value, kind: "relative", anchored: true))
                i = end
                continue
            }
            // N units ago; the past N years; recent years.
            if i + 1 < n, tokens[i + 1].classes.contains(.dateUnit), let amount = Self.amount(tokens, i),
                let unit = units[lower(i + 1)], unit != "WE"
            {
                if lower(i + 2) == "ago" {
                    var value: String? = nil
                    if let anchor {
                        switch unit {
                        case "D": value = anchor.adding(days: -amount).iso
                        case "W": value = anchor.adding(days: -7 * amount).iso
                        case "M":
                            let m = anchor.adding(months: -amount)
                            value = "\(CivilDate.pad(m.year, 4))-\(CivilDate.pad(m.month, 2))"
                        case "Y": value = CivilDate.pad(anchor.year - amount, 4)
                        default: value = nil
                        }
                    }
                    hits.append(Hit(tokenStart: i, tokenEnd: i + 3, value: value, kind: "relative", anchored: true))
                    i += 3
                    continue
                }
                let before = lower(i - 1)
                if (before == "past" || before == "last" || before == "next") && lower(i - 2) == "the" {
                    hits.append(
                        Hit(
                            tokenStart: i - 2,
                            tokenEnd: i + 2,
                            value: Self.durationValue(amount, unit),
                            kind: "duration",
                            anchored: false
                        )
                    )
                    i += 2
                    continue
                }
            }
            if l == "recent", let unit = units[lower(i + 1)], lower(i + 1).hasSuffix("s"), unit != "WE" {
                hits.append(Hit(tokenStart: i, tokenEnd: i + 2, value: nil, kind: "duration", anchored: false))
                i += 2
                continue
            }
            // "the weekend", "over the weekend": the latest weekend before a Thursday anchor, else the coming one.
            if l == "the", lower(i + 1) == "weekend" {
                var value: String? = nil
                if let anchor {
                    // A past clause means the weekend just gone; a future one the coming weekend.
                    let back: Bool
                    switch tense(i) {
                    case .past: back = anchor.isoWeekday < 6
                    case .future: back = false
                    case .neutral: back = anchor.isoWeekday <= 3
                    }
                    let w = anchor.adding(days: back ? -7 : 0).isoWeek
                    value = "\(CivilDate.pad(w.year, 4))-W\(CivilDate.pad(w.week, 2))-WE"
                }
                hits.append(Hit(tokenStart: i, tokenEnd: i + 2, value: value, kind: "relative", anchored: true))
                i += 2
                continue
            }
            // Holidays.
            if t.classes.contains(.holiday), t.has(.capitalised), let holiday = Self.holidays[l] {
                var end = i + 1
                if lower(i + 1) == "day" || lower(i + 1) == "eve" { end += 1 }
                var value: String? = nil
                if let (month, day) = holiday, let anchor {
                    let shift = lower(i + 1) == "eve" ? -1 : 0
                    value = CivilDate(year: anchor.year, month: month, day: day).adding(days: shift).iso
                }
                hits.append(Hit(tokenStart: i, tokenEnd: end, value: value, kind: "relative", anchored: true))
                i = end
                continue
            }
            // Recurring: annual, daily, every year.
            if t.classes.contains(.recurring), let period = Self.recurring[l], t.has(.lowercase) {
                hits.append(Hit(tokenStart: i, tokenEnd: i + 1, value: period, kind: "duration", anchored: false))
                i += 1
                continue
            }
            if l == "every", let unit = units[lower(i + 1)], unit != "WE", !lower(i + 1).hasSuffix("s") {
                hits.append(
                    Hit(
                        tokenStart: i,
                        tokenEnd: i + 2,
                        value: Self.durationValue(1, unit),
                        kind: "duration",
                        anchored: false
                    )
                )
                i += 2
                continue
            }
            // Seasons with a year: "autumn 2018", "the spring of 2019".
            if t.classes.contains(.season), let season = Self.seasons[l] {
                let yearAt = lower(i + 1) == "of" ? i + 2 : i + 1
                if let y = year(yearAt) {
                    let start = lower(i - 1) == "the" ? i - 1 : i
                    hits.append(
                        Hit(
                            tokenStart: start,
                            tokenEnd: yearAt + 1,
                            value: "\(CivilDate.pad(y, 4))-\(season)",
                            kind: "absolute",
                            anchored: false
                        )
                    )
                    i = yearAt + 1
                    continue
                }
            }
            // Quarters: "the first quarter", "the September quarter", "the third quarter of next year".
            if t.first == "t", l == "the", lower(i + 2) == "quarter",
                let quarter = Self.quarters[lower(i + 1)] ?? BuiltinLexicon.months[lower(i + 1)].map({ ($0 + 2) / 3 })
            {
                var end = i + 3
                var y: Int? = nil
                if lower(end) == "of", let stated = year(end + 1) {
                    y = stated
                    end += 2
                } else if lower(end) == "of", ["last", "this", "next"].contains(lower(end + 1)),
                    lower(end + 2) == "year", let anchor
                {
                    y = anchor.year + (lower(end + 1) == "last" ? -1 : (lower(end + 1) == "next" ? 1 : 0))
                    end += 3
                } else if let anchor {
                    // The nearest such quarter: reports name quarters just ended or under way.
                    let delta = quarter * 3 - 2 - anchor.month
                    y = delta > 5 ? anchor.year - 1 : (delta < -6 ? anchor.year + 1 : anchor.year)
                }
                hits.append(
                    Hit(
                        tokenStart: i,
                        tokenEnd: end,
                        value: y.map { "\(CivilDate.pad($0, 4))-Q\(quarter)" },
                        kind: "relative",
                        anchored: true
                    )
                )
                i = end
                continue
            }
            // Parts of today: "this morning", "tonight", "last night".
            if t.first == "t" || t.first == "l" || t.first == "y",
                l == "this" || l == "last" || l == "tonight" || l == "yesterday" || l == "tomorrow",
                let offset = Self.partsOfDay[l == "tonight" ? "tonight" : "\(l) \(lower(i + 1))"]
            {
                let end = l == "tonight" ? i + 1 : i + 2
                hits.append(
                    Hit(
                        tokenStart: i,
                        tokenEnd: end,
                        value: anchor.map { $0.adding(days: offset).iso },
                        kind: "relative",
                        anchored: true,
                        timeOfDay: true
                    )
                )
                i = end
                continue
            }
            // Seasons: "next summer", "the spring", "winter".
            if t.classes.contains(.season), let season = Self.seasons[l],
                ["this", "last", "next", "the", "early", "late", "in", "during", "over", "since", "by", "until"]
                    .contains(lower(i - 1))
            {
                let previous = lower(i - 1)
                let start = ["this", "last", "next", "the", "early", "late"].contains(previous) ? i - 1 : i
                var value: String? = nil
                if let anchor, previous != "the" {
                    let year = anchor.year + (previous == "next" ? 1 : (previous == "last" ? -1 : 0))
                    value = "\(CivilDate.pad(year, 4))-\(season)"
                }
                hits.append(Hit(tokenStart: start, tokenEnd: i + 1, value: value, kind: "relative", anchored: true))
                i += 1
                continue
            }
            // Hyphenated durations and ages: "four-year", "six-month", "26-year-old".
            if t.has(.hyphenated), let duration = Self.hyphenatedDuration(l) {
                hits.append(
                    Hit(tokenStart: i, tokenEnd: i + 1, value: duration.value, kind: duration.kind, anchored: false)
                )
                i += 1
                continue
            }
            // Durations: "two days", "a year", "more than two months", "a few weeks", "for years"; followed by
            // "ago" ("almost two years ago"), a point before the publication date.
            if Self.mayStartDuration(tokens, i), var duration = Self.duration(tokens, i, units: units) {
                if lower(duration.tokenEnd) == "ago", let value = duration.value, let point = Self.ago(value, anchor) {
                    duration = Hit(
                        tokenStart: duration.tokenStart,
                        tokenEnd: duration.tokenEnd + 1,
                        value: point,
                        kind: "relative",
                        anchored: true
                    )
                }
                hits.append(duration)
                i = duration.tokenEnd
                continue
            }
            // "that year", "later that year": the year the narrative last stated.
            if t.first == "t", l == "that", lower(i + 1) == "year" {
                var start = i
                if ["later", "earlier"].contains(lower(i - 1)) { start = i - 1 }
                let stated = hits.last {
                    $0.kind == "absolute" && $0.value.map { $0.count >= 4 && Int($0.prefix(4)) != nil } == true
                }
                hits.append(
                    Hit(
                        tokenStart: start,
                        tokenEnd: i + 2,
                        value: stated?.value.map { String($0.prefix(4)) },
                        kind: "relative",
                        anchored: true
                    )
                )
                i += 2
                continue
            }
            // ISO dates and bare years; European dotted dates ("09.02.2017").
            if t.kind == .number {
                if t.length == 10, let date = Self.dottedDate(t.lower) {
                    hits.append(Hit(tokenStart: i, tokenEnd: i + 1, value: date.iso, kind: "absolute", anchored: false))
                    i += 1
                    continue
                }
                if let date = CivilDate.parseISO(t.lower), t.length == 10 {
                    hits.append(Hit(tokenStart: i, tokenEnd: i + 1, value: date.iso, kind: "absolute", anchored: false))
                    i += 1
                    continue
                }
                if let y = year(i), y >= 1900, y <= 2099, Self.isYearContext(tokens, i) {
                    hits.append(
                        Hit(
                            tokenStart: i,
                            tokenEnd: i + 1,
                            value: CivilDate.pad(y, 4),
                            kind: "absolute",
                            anchored: false
                        )
                    )
                    i += 1
                    continue
                }
            }
            // Decades: 1990s.
            if t.kind == .word, t.length == 5, l.hasSuffix("0s"), let decade = Int(l.dropLast()), decade >= 1800,
                decade <= 2090
            {
                let start = lower(i - 1) == "the" ? i - 1 : i
                hits.append(
                    Hit(
                        tokenStart: start,
                        tokenEnd: i + 1,
                        value: String(CivilDate.pad(decade / 10, 3)) + "X",
                        kind: "absolute",
                        anchored: false
                    )
                )
                i += 1
                continue
            }
            i += 1
        }
        for h in hits.indices
        where hits[h].value?.hasPrefix("PT") == true || ["hour", "minute"].contains(lower(hits[h].tokenEnd - 1)) {
            hits[h].timeOfDay = true
        }
        return hits
    }

    /// Every word that can begin a temporal expression.
    private static let determiners: Set<String> = ["this", "last", "next", "past", "coming", "previous"]

    static var unitWords: [String] { Array(units.keys) }
    static var holidayWords: [String] { Array(holidays.keys) }
    static var recurringWords: [String] { Array(recurring.keys) }
    static var seasonWords: [String] { Array(seasons.keys) }

    /// A duration needs a time unit within the next five tokens ("more than two solid weeks").
    private static func mayStartDuration(_ tokens: [Token], _ i: Int) -> Bool {
        var k = i
        while k < tokens.count, k - i <= 5 {
            if tokens[k].classes.contains(.dateUnit) { return true }
            k += 1
        }
        return false
    }

    static let triggers: Set<String> = {
        var words = Set(BuiltinLexicon.months.keys).union(BuiltinLexicon.weekdays.keys)
        words.formUnion(holidays.keys)
        words.formUnion(recurring.keys)
        words.formUnion(seasons.keys)
        words.formUnion(BuiltinLexicon.numberWords.keys)
        words.formUnion([
            "today", "yesterday", "tomorrow", "earlier", "later", "early", "late", "this", "last", "next", "past",
            "coming", "previous", "the", "every", "recent", "a", "an", "several", "many", "few", "some", "more",
            "less", "nearly", "almost", "about", "just", "over", "at", "years", "months", "weeks", "decades", "that",
            "tonight", "centuries", "hours", "minutes",
        ])
        return words
    }()

    private static let holidays: [String: (Int, Int)?] = [
        "christmas": (12, 25), "easter": nil, "ramadan": nil, "thanksgiving": nil, "hanukkah": nil, "diwali": nil,
        "eid": nil, "passover": nil, "halloween": (10, 31), "valentine's": (2, 14), "boxing": nil,
    ]

    private static let recurring: [String: String] = [
        "annual": "P1Y", "annually": "P1Y", "yearly": "P1Y", "daily": "P1D", "weekly": "P1W", "monthly": "P1M",
        "quarterly": "P3M", "biannual": "P6M", "nightly": "P1D",
    ]

    private static let quarters: [String: Int] = [
        "first": 1, "second": 2, "third": 3, "fourth": 4, "final": 4, "last": 4,
    ]

    /// Parts of a day relative to the publication date.
    private static let partsOfDay: [String: Int] = [
        "this morning": 0, "this afternoon": 0, "this evening": 0, "tonight": 0, "last night": -1,
        "yesterday morning": -1, "yesterday afternoon": -1, "yesterday evening": -1, "tomorrow morning": 1,
    ]

    private static let seasons: [String: String] = [
        "spring": "SP", "summer": "SU", "autumn": "FA", "winter": "WI",
    ]

    private static func hyphenatedDuration(_ lower: String) -> (value: String, kind: String)? {
        // Most hyphenated words ("well-known", "US-backed") end in no time unit: reject them before splitting.
        guard Self.endsInTimeUnit(lower) else { return nil }
        let parts = lower.split(separator: "-").map(String.init)
        guard parts.count == 2 || (parts.count == 3 && parts[2] == "old") else { return nil }
        let number: Int
        if let n = Int(parts[0]), n > 0, n < 200 {
            number = n
        } else if let n = BuiltinLexicon.numberWords[parts[0]], n >= 1, n < 100, parts[0] != "a" {
            number = Int(n)
        } else {
            return nil
        }
        let codes = ["day": "D", "week": "W", "month": "M", "year": "Y", "decade": "DE", "hour": "H", "minute": "MIN"]
        guard let code = codes[parts[1]] else { return nil }
        return (Self.durationValue(number, code), "duration")
    }

    /// `[more than|about|just] (N|a|an|a few|several|many) [more|solid|short] UNIT(s) [later|earlier]`.
    private static func duration(_ tokens: [Token], _ i: Int, units: [String: String]) -> Hit? {
        let n = tokens.count
        func lower(_ k: Int) -> String { k >= 0 && k < n ? tokens[k].lower : "" }
        var k = i
        var start = i
        for qualifier in [
            ["more", "than"], ["less", "than"], ["nearly"], ["almost"], ["about"], ["just"], ["over"], ["at", "least"],
        ] {
            if zip(qualifier.indices, qualifier).allSatisfy({ lower(i + $0.0) == $0.1 }) {
                k = i + qualifier.count
                break
            }
        }
        var amount: Int? = nil
        var vague = false
        let word = lower(k)
        if tokens.indices.contains(k), tokens[k].kind == .number, let v = Int(word), v > 0, v < 10000 {
            amount = v
            k += 1
        } else if word == "a" || word == "an" {
            // "a year" is a duration after "for", "in", "within"..., not in "$5 a year" or "once a year".
            let before = lower(i - 1)
            let after = lower(k + 2)
            let durationContext =
                [
                    "for", "in", "within", "over", "after", "about", "nearly", "almost", "than", "just", "past", "last",
                    "next", "the",
                ].contains(before)
                || after == "later" || after == "earlier" || after == "ago"
            if !durationContext && k == i && lower(k + 1) != "few" && lower(k + 1) != "couple" { return nil }
            if lower(k + 1) == "few" || lower(k + 1) == "couple" {
                vague = true
                k += lower(k + 2) == "of" ? 3 : 2
            } else {
                amount = 1
                k += 1
            }
        } else if ["several", "many", "few", "some"].contains(word) {
            vague = true
            k += 1
        } else if let v = BuiltinLexicon.numberWords[word], v >= 2, v < 100, tokens.indices.contains(k),
            tokens[k].kind == .word
        {
            amount = Int(v)
            k += 1
        } else if ["for", "over", "within", "after", "before"].contains(lower(i - 1)) && k == i,
            ["years", "months", "weeks", "decades"].contains(word)
        {
            start = i
            return Hit(
                tokenStart: start,
                tokenEnd: i + 1,
                value: "PX\(units[word] == "DE" ? "0Y" : units[word]!)",
                kind: "duration",
                anchored: false
            )
        } else {
            return nil
        }
        if ["more", "solid", "short", "long", "full", "straight", "consecutive"].contains(lower(k)) { k += 1 }
        guard let unit = units[lower(k)], unit != "WE" else { return nil }
        var end = k + 1
        if lower(end) == "later" || lower(end) == "earlier" { end += 1 }
        let value = Self.durationValue(vague ? nil : amount, unit)
        return Hit(tokenStart: start, tokenEnd: end, value: value, kind: "duration", anchored: false)
    }

    /// The point `duration` before the publication date: "P2Y" ago is that year, "P3M" that month, "P5D" that day.
    private static func ago(_ duration: String, _ anchor: CivilDate?) -> String? {
        guard let anchor, duration.hasPrefix("P"), !duration.hasPrefix("PT"), let unit = duration.last,
            let amount = Int(duration.dropFirst().dropLast())
        else { return nil }
        switch unit {
        case "D": return anchor.adding(days: -amount).iso
        case "W": return anchor.adding(days: -7 * amount).iso
        case "M":
            let m = anchor.adding(months: -amount)
            return "\(CivilDate.pad(m.year, 4))-\(CivilDate.pad(m.month, 2))"
        case "Y": return CivilDate.pad(anchor.year - amount, 4)
        default: return nil
        }
    }

    /// "09.02.2017": day, month and year separated by dots, as German and French newsrooms write them.
    private static func dottedDate(_ text: String) -> CivilDate? {
        let parts = text.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 3, parts[0].count == 2, parts[1].count == 2, parts[2].count == 4,
            let day = Int(parts[0]), let month = Int(parts[1]), let year = Int(parts[2]), year >= 1900, year <= 2099,
            CivilDate.isValid(year: year, month: month, day: day)
        else { return nil }
        return CivilDate(year: year, month: month, day: day)
    }

    private static func amount(_ tokens: [Token], _ i: Int) -> Int? {
        let t = tokens[i]
        if t.kind == .number, let v = Int(t.lower), v > 0, v < 10000 { return v }
        if t.kind == .word, let v = BuiltinLexicon.numberWords[t.lower], v >= 1, v < 100 { return Int(v) }
        if t.lower == "several" || t.lower == "few" { return nil }
        return nil
    }

    /// A four-digit number is a year unless money, a percentage or a unit is around it.
    private static func isYearContext(_ tokens: [Token], _ i: Int) -> Bool {
        if i > 0 {
            let previous = tokens[i - 1]
            if BuiltinLexicon.currencySymbols[previous.first] != nil && previous.end == tokens[i].start { return false }
            if previous.kind == .number { return false }
        }
        if i + 1 < tokens.count {
            let next = tokens[i + 1].lower
            if next == "%" || BuiltinLexicon.units.contains(next) || BuiltinLexicon.scales[next] != nil { return false }
            if tokens[i + 1].has(.lowercase) && next.hasSuffix("s") && !next.hasSuffix("ss")
                && !BuiltinLexicon.stopWords.contains(next)
                && !["elections", "olympics", "games", "was", "is", "has"].contains(next) && tokens[i + 1].kind == .word
            {
                // "1500 people" is a count, "in 2019 the" is a year.
                return i > 0
                    && ["in", "since", "of", "by", "until", "from", "during", "early", "late", "mid"].contains(
                        tokens[i - 1].lower
                    )
            }
        }
        return true
    }
}
