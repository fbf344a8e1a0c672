/// Reads a publication date from a URL's path, the way content systems write one into their links.
///
/// Newsrooms put the date in the path as folders (`/2017/03/14/`, `/2017/03/`, `/2020/jan/20/`, `/2017/0315/`,
/// `/2017-01/20/`), as one segment (`/2015-11-13/`), or packed into the slug (`-170329-`, `20170314`). Numbers in
/// a path are mostly article ids, so every form must be a valid calendar date in a plausible year, and packed
/// six-digit forms count only between hyphens or when the folders agree. Forms that disagree cancel out.
enum URLDate {
    /// Years a URL date may have: the web's lifetime, with room ahead.
    static let years = 1990...2099

    /// The finest date the URL's path states, or `nil` when it states none or its dates disagree.
    ///
    /// - Parameter url: The article's URL (scheme and host are skipped, the query and fragment ignored).
    /// - Returns: A date with source ``ArticleRecord/DocumentDate/Source/url``.
    static func date(in url: String) -> ArticleRecord.DocumentDate? {
        let segments = Self.pathSegments(url)
        guard !segments.isEmpty else { return nil }
        var found: [ArticleRecord.DocumentDate] = []
        Self.folderDates(segments, into: &found)
        for segment in segments { Self.packedDates(segment, into: &found) }
        let folderYear = found.first?.year
        for segment in segments { Self.shortPackedDates(segment, folderYear: folderYear, into: &found) }
        guard var best = found.first else { return nil }
        for date in found.dropFirst() {
            guard date.agrees(with: best) else { return nil }
            if best.isCoarser(than: date) { best = date }
        }
        return best
    }

    // MARK: - Path

    /// The path's segments between the host and the query.
    static func pathSegments(_ url: String) -> [Substring] {
        var rest = Substring(url)
        // Skip `scheme://` when the URL has one: the host's dots and digits are not a date.
        if let colon = rest.firstIndex(of: ":"), rest[colon...].hasPrefix("://") {
            rest = rest[rest.index(colon, offsetBy: 3)...]
        }
        guard let slash = rest.firstIndex(of: "/") else { return [] }
        rest = rest[slash...]
        if let cut = rest.firstIndex(where: { $0 == "?" || $0 == "#" }) { rest = rest[..<cut] }
        return rest.split(separator: "/")
    }

    // MARK: - Rules

    /// Rule "date folders": a year folder, then a month folder (`03` or `jan`), then a day folder (`14`) or a
    /// month-and-day folder (`0315`); also `2017-01/20` and a `2015-11-13` segment.
    private static func folderDates(_ segments: [Substring], into found: inout [ArticleRecord.DocumentDate]) {
        for (index, segment) in segments.enumerated() {
            let next = index + 1 < segments.count ? segments[index + 1] : nil
            let afterNext = index + 2 < segments.count ? segments[index + 2] : nil
            let digits = Array(segment.utf8)
            if digits.count == 4, let year = Self.number(digits[...]), Self.years.contains(year) {
                guard let next else { continue }
                let nextBytes = Array(next.utf8)
                if nextBytes.count == 4, let mmdd = Self.number(nextBytes[...]),
                    CivilDate.isValid(year: year, month: mmdd / 100, day: mmdd % 100)
                {
                    found.append(.init(year: year, month: mmdd / 100, day: mmdd % 100, source: .url))
                } else if let month = Self.month(next) {
                    if let afterNext, let day = Self.day(afterNext),
                        CivilDate.isValid(year: year, month: month, day: day)
                    {
                        found.append(.init(year: year, month: month, day: day, source: .url))
                    } else {
                        found.append(.init(year: year, month: month, source: .url))
                    }
                } else {
                    found.append(.init(year: year, source: .url))
                }
                continue
            }
            // `2017-01` then `20`; `2015-11-13` alone or starting a slug.
            guard digits.count >= 7, digits[4] == UInt8(ascii: "-"), let year = Self.number(digits[0..<4]),
                Self.years.contains(year), let month = Self.number(digits[5..<7]), (1...12).contains(month),
                digits.count == 7 || digits[7] == UInt8(ascii: "-")
            else { continue }
            if digits.count >= 10, let day = Self.number(digits[8..<10]),
                digits.count == 10 || !Self.isDigit(digits[10]), CivilDate.isValid(year: year, month: month, day: day)
            {
                found.append(.init(year: year, month: month, day: day, source: .url))
            } else if digits.count == 7, let next, let day = Self.day(next),
                CivilDate.isValid(year: year, month: month, day: day)
            {
                found.append(.init(year: year, month: month, day: day, source: .url))
            } else if digits.count == 7 {
                found.append(.init(year: year, month: month, source: .url))
            }
        }
    }

    /// Rule "packed date": an eight-digit run `20170314` standing alone in a segment.
    private static func packedDates(_ segment: Substring, into found: inout [ArticleRecord.DocumentDate]) {
        for run in Self.digitRuns(segment) where run.count == 8 {
            let value = Self.number(run[...]) ?? 0
            let year = value / 10000
            let month = value / 100 % 100
            let day = value % 100
            if Self.years.contains(year), CivilDate.isValid(year: year, month: month, day: day) {
                found.append(.init(year: year, month: month, day: day, source: .url))
            }
        }
    }

    /// Rule "short packed date": `YYMMDD` between hyphens (`-170329-`), or opening a longer time stamp
    /// (`-170312143224959`) when the year folder says the same year; a bare six-digit id never counts.
    private static func shortPackedDates(
        _ segment: Substring,
        folderYear: Int?,
        into found: inout [ArticleRecord.DocumentDate]
    ) {
        let bytes = Array(segment.utf8)
        var k = 0
        while k < bytes.count {
            guard Self.isDigit(bytes[k]) else {
                k += 1
                continue
            }
            var end = k
            while end < bytes.count, Self.isDigit(bytes[end]) { end += 1 }
            let length = end - k
            let hyphenBefore = k > 0 && bytes[k - 1] == UInt8(ascii: "-")
            let hyphenAfter = end == bytes.count || bytes[end] == UInt8(ascii: "-") || bytes[end] == UInt8(ascii: ".")
            defer { k = end }
            guard hyphenBefore, length == 6 && hyphenAfter || (12...17).contains(length) && folderYear != nil,
                let packed = Self.number(bytes[k..<(k + 6)])
            else { continue }
            let year = 2000 + packed / 10000
            let month = packed / 100 % 100
            let day = packed % 100
            guard CivilDate.isValid(year: year, month: month, day: day) else { continue }
            if length != 6, year != folderYear { continue }
            found.append(.init(year: year, month: month, day: day, source: .url))
        }
    }

    // MARK: - Pieces

    private static func isDigit(_ byte: UInt8) -> Bool { byte >= 48 && byte <= 57 }

    private static func number(_ bytes: ArraySlice<UInt8>) -> Int? {
        guard !bytes.isEmpty, bytes.count <= 9 else { return nil }
        var value = 0
        for byte in bytes {
            guard Self.isDigit(byte) else { return nil }
            value = value * 10 + Int(byte - 48)
        }
        return value
    }

    /// `03` or `3` as a month folder, or a month name or abbreviation (`jan`, `january`).
    private static func month(_ segment: Substring) -> Int? {
        let bytes = Array(segment.utf8)
        if bytes.count <= 2, let month = Self.number(bytes[...]), (1...12).contains(month) { return month }
        guard bytes.count >= 3, bytes.count <= 9 else { return nil }
        return BuiltinLexicon.months[segment.lowercased()]
    }

    /// A one- or two-digit day folder.
    private static func day(_ segment: Substring) -> Int? {
        let bytes = Array(segment.utf8)
        guard bytes.count <= 2, let day = Self.number(bytes[...]), (1...31).contains(day) else { return nil }
        return day
    }

    private static func digitRuns(_ segment: Substring) -> [[UInt8]] {
        var runs: [[UInt8]] = []
        var current: [UInt8] = []
        for byte in segment.utf8 {
            if Self.isDigit(byte) {
                current.append(byte)
            } else if !current.isEmpty {
                runs.append(current)
                current = []
            }
        }
        if !current.isEmpty { runs.append(current) }
        return runs
    }
}
