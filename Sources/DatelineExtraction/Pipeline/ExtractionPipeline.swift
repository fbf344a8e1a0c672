import Foundation

/// The shared extraction pipeline: article in, `dateline.article/v1` record out.
///
/// Create one per process (or use ``shared()``) and call it from any number of threads: it holds only
/// read-only lexicons, and every call allocates its own per-article state. Output is a pure function of
/// the article and ``version``: no clocks, no randomness, no hash-seeded iteration order.
public final class ExtractionPipeline: Sendable {
    /// Bumped whenever output can change for the same input, so replays are attributable.
    public static let version = "1.2.0"
    /// The record schema identifier.
    public static let schema = "dateline.article/v1"

    let lexicons: Lexicons

    /// Loads the generated lexicons.
    ///
    /// - Parameters:
    ///   - lexiconDirectory: Where the generated tables are; `nil` means `DATELINE_LEXICON_DIR`, then the
    ///     target's resource bundle, then a `Lexicons` directory next to the executable.
    ///   - environment: The environment to read `DATELINE_LEXICON_DIR` from (injectable for tests).
    /// - Throws: ``ExtractionError`` when the tables are missing or malformed; the message says how to
    ///   generate them. The pipeline never runs with partial lexicons.
    public init(
        lexiconDirectory: URL? = nil,
        environment: [String: String] = ProcessInfo.processInfo.environment
    ) throws(ExtractionError) {
        let directory: URL
        if let lexiconDirectory {
            directory = lexiconDirectory
        } else {
            directory = try Lexicons.defaultDirectory(environment: environment)
        }
        self.lexicons = try Lexicons(directory: directory)
    }

    private static let sharedResult: Result<ExtractionPipeline, ExtractionError> = {
        do throws(ExtractionError) {
            return .success(try ExtractionPipeline())
        } catch {
            return .failure(error)
        }
    }()

    /// The process-wide pipeline, loaded on first use (thread-safe, once).
    ///
    /// - Throws: ``ExtractionError`` when the lexicons cannot be loaded (every call rethrows it).
    public static func shared() throws(ExtractionError) -> ExtractionPipeline {
        try Self.sharedResult.get()
    }

    // MARK: - Records

    /// Extracts one article and serialises its record.
    ///
    /// - Parameters:
    ///   - article: The decoded article.
    ///   - provenance: The input message's coordinates, or `nil` outside Kafka.
    /// - Returns: The UTF-8 JSON record, byte-identical for the same input and version.
    /// - Throws: ``ArticleRejection`` with code ``ArticleRejection/Code/pipelineError`` when the
    ///   article cannot be processed; the worker dead-letters it.
    public func recordJSON(for article: Article, provenance: RecordProvenance?) throws(ArticleRejection) -> [UInt8] {
        let record = self.extract(article)
        return record.jsonBytes(provenance: provenance)
    }

    /// Extracts one article into a Swift value (what ``recordJSON(for:provenance:)`` serialises).
    ///
    /// - Parameter article: The decoded article.
    /// - Returns: The record.
    public func extract(_ article: Article) -> ArticleRecord {
        let model = TextModel(text: article.text, abbreviations: BuiltinLexicon.abbreviations)
        var warnings: [String] = []
        if model.tokens.count >= TextModel.maxTokens {
            warnings.append("token-cap: only the first \(TextModel.maxTokens) tokens were analysed")
        }
        // The producer's language wins when it is a plausible BCP 47 tag; otherwise detect.
        let language = article.language.flatMap(Self.languageTag) ?? LanguageIdentifier.identify(model)
        let supported = language == "en" || language.hasPrefix("en-") || language.hasPrefix("en_")
        var words = 0
        for k in model.tokens.indices where model.tokens[k].kind == .word || model.tokens[k].kind == .number {
            words += 1
        }
        let stats = ArticleRecord.Stats(
            characters: model.scalars.count,
            words: words,
            sentences: model.sentences.count,
            paragraphs: model.paragraphs.count
        )
        var record = ArticleRecord(
            id: article.id,
            title: article.title,
            url: article.url,
            publishedAt: article.publishedAt,
            language: language,
            languageSupported: supported,
            dateline: nil,
            documentDate: nil,
            stats: stats,
            entities: [],
            people: [],
            dates: [],
            quotes: [],
            acronyms: [],
            quantities: [],
            keywords: [],
            summary: [],
            fingerprint: TextFeatures.fingerprint(model, from: 0),
            warnings: warnings
        )
        guard supported else { return record }

        // Dateline, then the document date it can give evidence for.
        let dateline = DatelineDetector.detect(model, lexicons: self.lexicons)
        let documentDate = DocumentDateInference.infer(
            publishedAt: article.publishedAt,
            url: article.url,
            title: article.title,
            model: model,
            dateline: dateline
        )
        record.documentDate = documentDate
        let anchor = documentDate?.anchor
        let datelineEnd = dateline?.end ?? 0
        // A dateline that names only an agency (`(CNN) --`) still ends the lede's furniture, but the record's
        // `dateline` needs a place: v1 never retypes `location`.
        if let dateline, let location = dateline.location {
            let start = Int(model.tokens[dateline.locationStart].start)
            let end = Int(model.tokens[dateline.end - 1].end)
            record.dateline = ArticleRecord.Dateline(
                raw: model.text(start, end),
                start: start,
                end: end,
                location: location,
                country: dateline.country,
                agency: dateline.agency,
                countryCode: dateline.identity.countryCode,
                geonamesID: dateline.identity.geonamesID
            )
        }
        if dateline != nil { record.fingerprint = TextFeatures.fingerprint(model, from: datelineEnd) }

        // Acronyms and dates first: they constrain entity chunks.
        let acronyms = AcronymFinder.find(model)
        let dates = CalendarNameFinder.adding(to: DateFinder.find(model, anchor: anchor), in: model)
        var blocked = [Bool](repeating: false, count: model.tokens.count)
        if let dateline { for k in dateline.locationStart..<datelineEnd { blocked[k] = true } }
        for hit in dates {
            for k in hit.tokenStart..<hit.tokenEnd { blocked[k] = true }
        }

        var recognizer = EntityRecognizer(model: model, lexicons: self.lexicons, acronyms: acronyms, blocked: blocked)
        if let dateline {
            recognizer.datelineLocation = dateline.locationStart..<dateline.locationEnd
            recognizer.datelineAgency = dateline.agencyTokens
        }
        recognizer.run()
        let mentions = recognizer.mentions
        let entities = Self.entities(model, mentions: mentions, lexicons: self.lexicons, dateline: dateline)
        record.entities = entities.records
        let roles = recognizer.roles + RoleFinder.find(model, mentions: mentions)
        record.people = Self.people(model, mentions: mentions, roles: roles, names: entities.names)

        record.dates = dates.map { hit in
            let start = Int(model.tokens[hit.tokenStart].start)
            let end = Int(model.tokens[hit.tokenEnd - 1].end)
            return ArticleRecord.DateExpression(
                text: model.text(start, end),
                start: start,
                end: end,
                value: hit.value,
                kind: hit.kind,
                anchored: hit.anchored,
                anchor: hit.anchored && hit.value != nil ? anchor?.source : nil
            )
        }
        record.entities.append(
            contentsOf: Self.dateEntities(zip(dates, record.dates).filter { !$0.0.timeOfDay }.map(\.1))
        )
        record.entities.sort {
            ($0.mentions[0].start, $0.mentions[0].end, $0.type) < ($1.mentions[0].start, $1.mentions[0].end, $1.type)
        }

        record.quotes = QuoteFinder.find(model, mentions: mentions, lexicons: self.lexicons).map { hit in
            ArticleRecord.Quote(
                text: model.text(hit.start, hit.end),
                start: hit.start,
                end: hit.end,
                speaker: hit.speakerMention.map { entities.names[mentions[$0].cluster] },
                attribution: hit.attribution?.rawValue
            )
        }
        record.acronyms = acronyms.map { d in
            let longStart = Int(model.tokens[d.longStart].start)
            let longEnd = Int(model.tokens[d.longEnd - 1].end)
            return ArticleRecord.Acronym(
                short: d.short,
                long: model.text(longStart, longEnd),
                shortStart: d.shortStart,
                shortEnd: d.shortEnd,
                longStart: longStart,
                longEnd: longEnd
            )
        }
        record.quantities = QuantityFinder.find(model, blocked: blocked).map { hit in
            let start = Int(model.tokens[hit.tokenStart].start)
            let end = Int(model.tokens[hit.tokenEnd - 1].end)
            return ArticleRecord.Quantity(
                text: model.text(start, end),
                start: start,
                end: end,
                value: hit.value,
                unit: hit.unit,
                qualifier: hit.qualifier
            )
        }
        let keywords = TextFeatures.keywords(model, from: datelineEnd)
        record.keywords = keywords.keywords
        record.summary = Summarizer.summary(model, datelineEnd: datelineEnd, keywordWords: keywords.words)
        return record
    }

    /// `"EN_gb "` -> `"en-gb"`; `nil` unless it is 2-3 letters with optional alphanumeric subtags.
    static func languageTag(_ raw: String) -> String? {
        let tag = raw.trimmingCharacters(in: .whitespacesAndNewlines).lowercased().replacingOccurrences(
            of: "_",
            with: "-"
        )
        let parts = tag.split(separator: "-", omittingEmptySubsequences: false)
        guard let primary = parts.first, (2...3).contains(primary.count),
            primary.allSatisfy({ $0.isASCII && $0.isLetter })
        else {
            return nil
        }
        for part in parts.dropFirst()
        where part.isEmpty || part.count > 8 || !part.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber) }) {
            return nil
        }
        return tag
    }

    // MARK: - Assembly

    /// Groups mentions by cluster into entity records, and names each cluster.
    private static func entities(
        _ model: TextModel,
        mentions: [EntityMention],
        lexicons: Lexicons,
        dateline: DatelineDetector.Hit?
    ) -> (records: [ArticleRecord.Entity], names: [String]) {
        var clusterCount = 0
        for m in mentions { clusterCount = max(clusterCount, m.cluster + 1) }
        var names = [String](repeating: "", count: clusterCount)
        var nameLength = [Int](repeating: -1, count: clusterCount)
        var canonical = [String?](repeating: nil, count: clusterCount)
        var types = [EntityType](repeating: .org, count: clusterCount)
        var members = [[ArticleRecord.Mention]](repeating: [], count: clusterCount)
        var identities = [PlaceIdentity?](repeating: nil, count: clusterCount)
        for m in mentions where m.cluster >= 0 {
            if let identity = Self.identity(of: m, in: model, lexicons: lexicons, dateline: dateline) {
                identities[m.cluster] = identities[m.cluster]?.agreeing(with: identity) ?? identity
            }
            let start = m.part?.range.lowerBound ?? Int(model.tokens[m.tokenStart].start)
            let end = m.part?.range.upperBound ?? Int(model.tokens[m.tokenEnd - 1].end)
            let text = model.text(start, end)
            members[m.cluster].append(ArticleRecord.Mention(start: start, end: end, text: text))
            types[m.cluster] = m.type
            if let c = m.canonical { canonical[m.cluster] = c }
            // The longest surface names the entity; a shouted dateline spelling counts as shorter.
            var length = 2 * (end - start)
            if model.tokens[m.tokenStart].has(.allCaps) && end - start > 3 { length -= 1 }
            if length > nameLength[m.cluster] {
                nameLength[m.cluster] = length
                names[m.cluster] = text
            }
        }
        var records: [ArticleRecord.Entity] = []
        records.reserveCapacity(clusterCount)
        for c in 0..<clusterCount where !members[c].isEmpty {
            if let name = canonical[c] {
                names[c] = name
            } else if types[c] == .gpe || types[c] == .loc, names[c].unicodeScalars.count > 3, Self.isShouted(names[c])
            {
                // "NAIROBI" in a dateline, and nowhere else: the place is Nairobi.
                names[c] = names[c].split(separator: " ").map { DatelineDetector.titleCase(String($0)) }.joined(
                    separator: " "
                )
            }
            let sorted = members[c].sorted { ($0.start, $0.end) < ($1.start, $1.end) }
            records.append(
                ArticleRecord.Entity(
                    text: names[c],
                    type: types[c].label,
                    mentions: sorted,
                    geonamesID: types[c] == .norp ? nil : identities[c]?.geonamesID,
                    countryCode: identities[c]?.countryCode
                )
            )
        }
        return (records, names)
    }

    /// Whether every letter of `name` is upper case.
    private static func isShouted(_ name: String) -> Bool {
        name.unicodeScalars.allSatisfy { !$0.properties.isLowercase }
            && name.unicodeScalars.contains { $0.properties.isUppercase }
    }

    private static func dateEntities(_ dates: [ArticleRecord.DateExpression]) -> [ArticleRecord.Entity] {
        var byText: [String: Int] = [:]
        var out: [ArticleRecord.Entity] = []
        for date in dates {
            let mention = ArticleRecord.Mention(start: date.start, end: date.end, text: date.text)
            if let index = byText[date.text] {
                out[index].mentions.append(mention)
            } else {
                byText[date.text] = out.count
                out.append(ArticleRecord.Entity(text: date.text, type: "DATE", mentions: [mention]))
            }
        }
        return out
    }

    private static func people(
        _ model: TextModel,
        mentions: [EntityMention],
        roles: [RoleCandidate],
        names: [String]
    ) -> [ArticleRecord.Person] {
        var mentionByEnd = TokenIndexMap(count: model.tokens.count + 1)
        for (index, m) in mentions.enumerated() where m.type == .org || m.type == .gpe {
            mentionByEnd[m.tokenEnd] = index
        }
        var rolesByCluster: [Int: [ArticleRecord.Role]] = [:]
        for role in roles {
            let cluster = mentions[role.personMention].cluster
            let start = Int(model.tokens[role.titleStart].start)
            let end = Int(model.tokens[role.titleEnd - 1].end)
            let owner = role.organisationMention ?? role.organisationEnd.flatMap { mentionByEnd[$0] }
            let organisation = owner.map { names[mentions[$0].cluster] }
            let value = ArticleRecord.Role(
                title: model.text(start, end),
                organization: organisation,
                start: start,
                end: end
            )
            var list = rolesByCluster[cluster] ?? []
            if !list.contains(where: { $0.title == value.title && $0.organization == value.organization }) {
                list.append(value)
            }
            rolesByCluster[cluster] = list
        }
        var seen: Set<Int> = []
        var out: [ArticleRecord.Person] = []
        for m in mentions where m.type == .person && m.cluster >= 0 && seen.insert(m.cluster).inserted {
            out.append(ArticleRecord.Person(name: names[m.cluster], roles: rolesByCluster[m.cluster] ?? []))
        }
        return out
    }
}
