/// Infers the date an article was written on from its record, when the producer did not say.
///
/// The evidence is ranked by how directly it states the publication date, and a lower rank only adds detail to a
/// higher one it agrees with:
/// 1. `published_at`, when it parses: the producer knows, so nothing overrides it.
/// 2. The URL's path: content systems write the publication date there and never an event's.
/// 3. A date set off at the start or end of the title (`… | DW | 19.01.2020`): a headline stamp.
/// 4. The dateline's month and day (`KABUL, Aug 15 (AP) —`): the wire's own date of filing; its year must come
///    from the evidence above or below, and it must agree with it.
/// 5. A "Published"/"Updated"/"Posted" line or a dated byline, then a date line in the page furniture.
/// 6. The lede: the one full date of the first sentence, told in the past ("said on March 3, 2019"), when no
///    other evidence contradicts it. Later dates in the body tell events, not the writing.
///
/// Each source rejects implausible dates (outside ``ArticleRecord/DocumentDate/plausibleYears``, invalid days),
/// and a source whose forms disagree among themselves states nothing.
enum DocumentDateInference {
    /// Paragraphs searched for a "Published" line or a dated byline.
    static let publicationLineParagraphs = 12
    /// Tokens of such a line searched for its date.
    static let publicationLineTokens = 20
    /// Leading paragraphs searched for a date line of the page furniture.
    static let furnitureParagraphs = 3

    /// The document date of an article.
    ///
    /// - Parameters:
    ///   - publishedAt: The producer's timestamp, if any.
    ///   - url: The article's URL, if any.
    ///   - title: The article's title, if any.
    ///   - model: The article text.
    ///   - dateline: The detected dateline, if any.
    /// - Returns: The date with its evidence, or `nil` when the record does not state it.
    static func infer(
        publishedAt: String?,
        url: String?,
        title: String?,
        model: TextModel,
        dateline: DatelineDetector.Hit?
    ) -> ArticleRecord.DocumentDate? {
        if let given = publishedAt.flatMap(Self.publishedAtDate) { return given }
        var ranked: [ArticleRecord.DocumentDate] = []
        if let date = url.flatMap(URLDate.date(in:)) { ranked.append(date) }
        if let date = title.flatMap(Self.titleDate) { ranked.append(date) }
        let datelineRank = ranked.count
        if let date = Self.publicationLineDate(model) { ranked.append(date) }
        if let date = Self.furnitureDate(model) { ranked.append(date) }
        if let lede = Self.ledeDate(model, after: dateline?.end ?? 0), ranked.allSatisfy({ $0.agrees(with: lede) }) {
            ranked.append(lede)
        }
        if let date = dateline?.date, let stated = Self.datelineDate(date, yearFrom: ranked) {
            ranked.insert(stated, at: datelineRank)
        }
        guard var best = ranked.first else { return nil }
        for date in ranked.dropFirst() where date.agrees(with: best) && best.isCoarser(than: date) {
            best = date
        }
        return best
    }

    // MARK: - Rules

    /// Rule "given date": `published_at` as ISO-8601 (`2017-03-14T10:00:00Z`), with slashes (`2017/03/14`), or
    /// as feeds write it (`Tue, 14 Mar 2017 10:00:00 GMT`, `March 14, 2017`); anything else is unparseable and
    /// the other evidence decides.
    static func publishedAtDate(_ raw: String) -> ArticleRecord.DocumentDate? {
        let trimmed = String(raw.drop(while: { $0 == " " }))
        let slashed = String(trimmed.prefix(10).map { $0 == "/" ? "-" : $0 })
        if let iso = CivilDate.parseISO(trimmed) ?? CivilDate.parseISO(slashed),
            ArticleRecord.DocumentDate.plausibleYears.contains(iso.year)
        {
            return ArticleRecord.DocumentDate(year: iso.year, month: iso.month, day: iso.day, source: .publishedAt)
        }
        let model = TextModel(text: String(trimmed.prefix(64)), abbreviations: BuiltinLexicon.abbreviations)
        for k in 0..<min(model.tokens.count, 4) {
            if let date = FullDate.parse(model.tokens, at: k, limit: model.tokens.count),
                let evidence = date.evidence(.publishedAt)
            {
                return evidence
            }
        }
        return nil
    }

    /// Rule "dateline date": the dateline's month and day, with its own year or the year of the first other
    /// evidence, which it must agree with (a wire filed on `Mar 16` is not a `2017/03/17` URL's story).
    static func datelineDate(
        _ date: FullDate,
        yearFrom others: [ArticleRecord.DocumentDate]
    ) -> ArticleRecord.DocumentDate? {
        if let stated = date.evidence(.dateline) {
            return others.first.map { stated.agrees(with: $0) } == false ? nil : stated
        }
        guard let other = others.first else { return nil }
        let stated = ArticleRecord.DocumentDate(year: other.year, month: date.month, day: date.day, source: .dateline)
        guard CivilDate.isValid(year: other.year, month: date.month, day: date.day), stated.agrees(with: other) else {
            return nil
        }
        return stated
    }

    /// Rule "dated title": a full date opening or closing the title, set off by a separator
    /// (`Markets rally | 19.01.2020`, `March 3, 2019: markets rally`); a date inside the headline is news.
    static func titleDate(_ title: String) -> ArticleRecord.DocumentDate? {
        let model = TextModel(text: title, abbreviations: BuiltinLexicon.abbreviations)
        let tokens = model.tokens
        var last = tokens.count
        while last > 0, tokens[last - 1].kind == .punctuation,
            tokens[last - 1].first == ")" || !Self.isTitleSeparator(tokens[last - 1].first)
        {
            last -= 1
        }
        if let date = FullDate.parse(tokens, at: 0, limit: tokens.count), date.end < tokens.count,
            Self.isTitleSeparator(tokens[date.end].first), let evidence = date.evidence(.title)
        {
            return evidence
        }
        for k in stride(from: last - 1, through: 1, by: -1) where Self.isTitleSeparator(tokens[k - 1].first) {
            if let date = FullDate.parse(tokens, at: k, limit: last), date.end == last {
                return date.evidence(.title)
            }
            if last - k > 8 { break }
        }
        return nil
    }

    /// Rule "publication line": a paragraph opening with a ``DocumentDateCues/publicationWords`` word
    /// ("Published November 13, 2015", "Updated: 19.01.2020", "Posted by … on Wednesday, 18 November 2015") or a
    /// byline ("By Jane Doe, March 17, 2017"), dated within its first words.
    static func publicationLineDate(_ model: TextModel) -> ArticleRecord.DocumentDate? {
        let tokens = model.tokens
        for paragraph in model.paragraphs.prefix(Self.publicationLineParagraphs) {
            var k = paragraph.lowerBound
            if ["last", "first"].contains(tokens[k].lower), k + 1 < paragraph.upperBound { k += 1 }
            guard tokens[k].has(.capitalised) || tokens[paragraph.lowerBound].has(.capitalised),
                DocumentDateCues.publicationWords.contains(tokens[k].lower) || tokens[k].lower == "by"
            else { continue }
            let limit = min(paragraph.upperBound, k + Self.publicationLineTokens)
            for q in (k + 1)..<max(k + 1, limit) {
                if let date = FullDate.parse(tokens, at: q, limit: limit), let evidence = date.evidence(.text) {
                    return evidence
                }
            }
        }
        return nil
    }

    /// Rule "furniture date line": in the first paragraphs, a full date standing as its own paragraph, or a
    /// weekday-led date closing one ("… its recovery? Monday, 6 January 2020"), as page templates print them.
    static func furnitureDate(_ model: TextModel) -> ArticleRecord.DocumentDate? {
        let tokens = model.tokens
        for paragraph in model.paragraphs.prefix(Self.furnitureParagraphs) {
            var last = paragraph.upperBound
            while last > paragraph.lowerBound, tokens[last - 1].kind == .punctuation { last -= 1 }
            let from = max(paragraph.lowerBound, last - 8)
            for k in from..<last {
                guard let date = FullDate.parse(tokens, at: k, limit: last), date.end == last else { continue }
                if k == paragraph.lowerBound || date.hasWeekday, let evidence = date.evidence(.text) {
                    return evidence
                }
            }
        }
        return nil
    }

    /// Rule "lede date": the first sentence of the first real paragraph (after the dateline) reports an act
    /// ("said", "announced") and holds exactly one full date, introduced by "on", and no future marker ("will",
    /// "next", "scheduled"). A full date without a reporting verb in a lede is usually history ("the bridge that
    /// opened on May 2, 1999"): news style drops the year of current dates.
    static func ledeDate(_ model: TextModel, after datelineEnd: Int) -> ArticleRecord.DocumentDate? {
        let tokens = model.tokens
        guard
            let paragraph = model.paragraphs.prefix(4).first(where: {
                $0.count > 8 && $0.upperBound > datelineEnd
            })
        else { return nil }
        let first = max(paragraph.lowerBound, datelineEnd)
        guard first < tokens.count else { return nil }
        let sentence = model.sentences[Int(model.sentenceOf[first])]
        let end = min(sentence.upperBound, paragraph.upperBound)
        var found: ArticleRecord.DocumentDate? = nil
        var reported = false
        var k = first
        while k < end {
            if tokens[k].classes.contains(.futureMarker) { return nil }
            if tokens[k].classes.contains(.speechVerb),
                tokens[k].lower == "said" || tokens[k].lower == "told" || tokens[k].lower.hasSuffix("ed")
            {
                reported = true
            }
            if let date = FullDate.parse(tokens, at: k, limit: end) {
                guard found == nil, date.year != nil, k > first, tokens[k - 1].lower == "on" else { return nil }
                found = date.evidence(.text)
                k = date.end
                continue
            }
            k += 1
        }
        return reported ? found : nil
    }

    private static func isTitleSeparator(_ s: Unicode.Scalar) -> Bool {
        s == "|" || s == "-" || s == "\u{2013}" || s == "\u{2014}" || s == ":" || s == "(" || s == ")" || s == ","
            || s == "/" || s == "\u{00B7}" || s == "\u{2022}"
    }
}
