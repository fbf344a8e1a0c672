/// Detects a leading dateline: `ISLAMABAD:`, `WASHINGTON (Reuters) -`, `KABUL, Aug 15 (AP) —`,
/// `MOSCOW, March 17. /TASS/.`, `BRUSSELS —`, `SANAA, Yemen –`, and the agency alone: `(CNN) --`.
///
/// The dateline's month and day are kept: they are evidence for the document's date.
enum DatelineDetector {
    struct Hit: Sendable {
        /// Tokens of the place name.
        var locationStart: Int
        var locationEnd: Int
        /// One past the separator token.
        var end: Int
        /// `nil` for an agency-only dateline (`(CNN) --`).
        var location: String?
        var country: String?
        /// The place's GeoNames id and country code, when the gazetteer is sure of them.
        var identity: PlaceIdentity = .unknown
        var agency: String?
        /// The agency's tokens.
        var agencyTokens: Range<Int>?
        /// The dateline's date (`Aug 15`, `March 17, 2017`), usually without a year.
        var date: FullDate?
    }

    /// Tokens a byline paragraph ("By Jane Doe and John Roe, Associated Press") may have and still be skipped.
    static let maxBylineTokens = 16

    /// Looks at the start of the text, and after up to three short leading paragraphs of page furniture
    /// ("View photo", a bare ".") or a byline ("By Jane Doe", "Jane Doe, Reuters") at the start of the first
    /// real paragraph.
    static func detect(_ model: TextModel, lexicons: Lexicons) -> Hit? {
        for (index, paragraph) in model.paragraphs.prefix(4).enumerated() {
            if let hit = Self.detect(model, lexicons: lexicons, at: paragraph.lowerBound) { return hit }
            let byline = model.tokens[paragraph.lowerBound].lower == "by" && paragraph.count <= Self.maxBylineTokens
            if paragraph.count > 8 && !byline || index == 3 { break }
        }
        return nil
    }

    private static func detect(_ model: TextModel, lexicons: Lexicons, at first: Int) -> Hit? {
        if let hit = Self.agencyOnly(model, at: first) { return hit }
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
        var date: FullDate? = nil
        // The first ", Region" that is a gazetteer place: `PARIS, Texas` says which Paris.
        var region: (place: Lexicons.Place, key: String)? = nil
        while j < n, tokens[j].first == "," {
            if date == nil, let found = FullDate.parse(tokens, at: j + 1, limit: n), !found.hasWeekday {
                date = found
                j = found.end
                if j < n, tokens[j].first == "." { j += 1 }
                continue
            }
            var k = j + 1
            while k < n, k - j <= 4, tokens[k].kind == .word || tokens[k].kind == .number || tokens[k].first == "." {
                k += 1
            }
            guard k > j + 1 else { return nil }
            if region == nil {
                let regionKey = Self.key(tokens, (j + 1)..<k)
                if let regionPlace = lexicons.places[regionKey] { region = (regionPlace, regionKey) }
            }
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
        // Rule "slashed agency": `MOSCOW, March 17. /TASS/.`, where the agency's slashes and a full stop close
        // the dateline.
        var slashed = false
        if j + 2 < n, tokens[j].first == "/", tokens[j + 1].kind == .word, tokens[j + 2].first == "/" {
            agency = model.text(tokens: (j + 1)..<(j + 2))
            agencyTokens = (j + 1)..<(j + 2)
            slashed = true
            j += 3
        }
        guard j < n else { return nil }
        var end: Int
        if tokens[j].kind == .punctuation, Self.isSeparator(tokens[j].first) || slashed && tokens[j].first == "." {
            end = j + 1
            if tokens[j].first == "-", end < n, tokens[end].first == "-" { end += 1 }
        } else if let agency, BuiltinLexicon.wireAgencies.contains(agency.lowercased()), Self.opensText(tokens[j]) {
            // Rule "bare agency": `Washington (CNN)The council…`: a known agency in brackets closes the dateline
            // by itself.
            end = j
        } else {
            return nil
        }
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
        var identity = PlaceIdentity.unknown
        if let place {
            country = place.kind == .country ? place.canonical : lexicons.placeCountries[key]
            identity = place.identity
        }
        if let region, let code = region.place.identity.countryCode, code != identity.countryCode {
            // The region places the name in another country than the gazetteer's usual reading: trust the
            // region's country, and claim no id for a place the gazetteer does not hold.
            country = region.place.kind == .country ? region.place.canonical : lexicons.placeCountries[region.key]
            identity = PlaceIdentity(countryCode: code, geonamesID: nil)
        }
        return Hit(
            locationStart: first,
            locationEnd: locationEnd,
            end: end,
            location: location,
            country: country,
            identity: identity,
            agency: agency,
            agencyTokens: agencyTokens,
            date: date
        )
    }

    /// The gazetteer key of a token range: lower-case forms joined by single spaces.
    private static func key(_ tokens: [Token], _ range: Range<Int>) -> String {
        var key = ""
        for k in range {
            if k > range.lowerBound && tokens[k].kind != .possessive { key += " " }
            key += tokens[k].lower
        }
        return key
    }

    /// A capitalised word or a quote mark: what starts the story after a dateline without a separator.
    private static func opensText(_ token: Token) -> Bool {
        token.kind == .quote || token.kind == .word && token.has(.capitalised)
    }

    /// A dash or colon that closes a dateline.
    private static func isSeparator(_ s: Unicode.Scalar) -> Bool {
        s == ":" || s == "-" || s == "\u{2014}" || s == "\u{2013}"
    }

    /// Rule "agency only": `(CNN) --`, `(AP) —`, `(CNN)The …` opening the text names the agency and no place; the
    /// agency must be a known wire agency, since any parenthesis could open a paragraph.
    private static func agencyOnly(_ model: TextModel, at first: Int) -> Hit? {
        let tokens = model.tokens
        let n = min(tokens.count, first + 8)
        guard first < n, tokens[first].first == "(" else { return nil }
        var k = first + 1
        while k < n, k - first <= 4, tokens[k].first != ")" { k += 1 }
        guard k < n, k > first + 1, tokens[k].first == ")" else { return nil }
        let name = model.text(tokens: (first + 1)..<k)
        guard BuiltinLexicon.wireAgencies.contains(name.lowercased()), k + 1 < n else { return nil }
        var end: Int
        if tokens[k + 1].kind == .punctuation, Self.isSeparator(tokens[k + 1].first) {
            end = k + 2
            if tokens[k + 1].first == "-", end < n, tokens[end].first == "-" { end += 1 }
        } else if Self.opensText(tokens[k + 1]) {
            end = k + 1
        } else {
            return nil
        }
        guard end < tokens.count, !tokens[end].has(.newlineBefore) else { return nil }
        return Hit(
            locationStart: first,
            locationEnd: first,
            end: end,
            location: nil,
            country: nil,
            agency: name,
            agencyTokens: (first + 1)..<k,
            date: nil
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
