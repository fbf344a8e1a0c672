import Foundation

// Shared by the hardening tests and the libFuzzer targets (scripts/fuzz.sh compiles this file into the
// DatelineExtraction module itself, with -D DATELINE_FUZZ), so it uses only the module's public API.
#if !DATELINE_FUZZ
    import DatelineExtraction
#endif

/// The pipeline's own invariants, checked on one record: what the fuzzers and property tests assert.
///
/// Each check returns a readable violation instead of trapping, so a test can print every broken rule with
/// the seed or file that produced it, and a fuzz target can print them before it aborts.
enum RecordInvariants {
    /// The entity types of `schema/dateline.article.v1.schema.json` (read from the schema when it is found).
    static let entityTypes: Set<String> =
        Self.schemaEnum(\.entityTypes) ?? ["PERSON", "ORG", "GPE", "LOC", "NORP", "DATE"]
    /// The date kinds of the schema.
    static let dateKinds: Set<String> = Self.schemaEnum(\.dateKinds) ?? ["absolute", "relative", "duration"]

    /// The enums of the record schema, read once: `DATELINE_SCHEMA_PATH`, else `schema/` of this checkout.
    private static let schemaEnums: (entityTypes: Set<String>, dateKinds: Set<String>)? = {
        let path =
            ProcessInfo.processInfo.environment["DATELINE_SCHEMA_PATH"]
            ?? URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("schema/dateline.article.v1.schema.json").path
        guard let data = FileManager.default.contents(atPath: path),
            let schema = try? JSONSerialization.jsonObject(with: data) as? [String: Any],
            let properties = schema["properties"] as? [String: Any]
        else { return nil }
        func itemEnum(_ list: String, _ field: String) -> Set<String>? {
            let items = (properties[list] as? [String: Any])?["items"] as? [String: Any]
            let property = (items?["properties"] as? [String: Any])?[field] as? [String: Any]
            return (property?["enum"] as? [String]).map(Set.init)
        }
        guard let types = itemEnum("entities", "type"), let kinds = itemEnum("dates", "kind") else { return nil }
        return (types, kinds)
    }()

    private static func schemaEnum(
        _ field: KeyPath<(entityTypes: Set<String>, dateKinds: Set<String>), Set<String>>
    ) -> Set<String>? {
        Self.schemaEnums?[keyPath: field]
    }

    /// Every violated invariant of `record` (empty when the record is sound).
    ///
    /// - Parameters:
    ///   - article: The article the record was extracted from.
    ///   - record: The extracted record.
    ///   - json: The serialised record, as `recordJSON(for:provenance:)` returned it.
    ///   - provenance: The provenance passed when serialising.
    /// - Returns: One line per violation.
    static func violations(
        article: Article,
        record: ArticleRecord,
        json: [UInt8],
        provenance: RecordProvenance?
    ) -> [String] {
        let scalarCount = article.text.unicodeScalars.count
        var check = Checker(scalars: Array(article.text.unicodeScalars))
        check.that(Self.same(record.id, article.id), "record id \(record.id.debugDescription) is not the article id")
        check.that(!record.id.isEmpty, "record id is empty")
        check.that(
            record.language.unicodeScalars.count >= 2,
            "language \(record.language.debugDescription) is shorter than the schema's minLength 2"
        )
        check.that(
            record.stats.characters == scalarCount,
            "stats.characters \(record.stats.characters) != \(scalarCount) scalars"
        )
        check.that(
            record.stats.words >= 0 && record.stats.sentences >= 0 && record.stats.paragraphs >= 0,
            "negative stats"
        )

        if let dateline = record.dateline {
            // It may follow a few short paragraphs of page furniture ("View photo"), so only its span is checked.
            check.span("dateline", dateline.start, dateline.end, dateline.raw, allowEmpty: false)
            check.that(!dateline.location.isEmpty, "dateline has an empty location")
        }
        for (index, entity) in record.entities.enumerated() {
            check.that(!entity.mentions.isEmpty, "entity \(index) has no mentions")
            check.that(Self.entityTypes.contains(entity.type), "entity \(index) has type \(entity.type)")
            check.that(!entity.text.isEmpty, "entity \(index) has an empty name")
            for mention in entity.mentions {
                check.span("entity \(index) mention", mention.start, mention.end, mention.text, allowEmpty: false)
            }
            check.sorted("entity \(index) mentions", entity.mentions.map { [$0.start, $0.end] })
        }
        check.sorted(
            "entities (by first mention)",
            record.entities.compactMap { $0.mentions.first.map { [$0.start, $0.end] } }
        )
        for (index, person) in record.people.enumerated() {
            check.that(!person.name.isEmpty, "person \(index) has an empty name")
            for role in person.roles {
                check.span("person \(index) role", role.start, role.end, role.title, allowEmpty: false)
            }
        }
        for (index, date) in record.dates.enumerated() {
            check.span("date \(index)", date.start, date.end, date.text, allowEmpty: false)
            check.that(Self.dateKinds.contains(date.kind), "date \(index) has kind \(date.kind)")
        }
        check.sorted("dates", record.dates.map { [$0.start, $0.end] })
        for (index, quote) in record.quotes.enumerated() {
            check.span("quote \(index)", quote.start, quote.end, quote.text, allowEmpty: true)
        }
        check.sorted("quotes", record.quotes.map { [$0.start, $0.end] })
        for (index, acronym) in record.acronyms.enumerated() {
            check.span("acronym \(index) short", acronym.shortStart, acronym.shortEnd, acronym.short, allowEmpty: false)
            check.span("acronym \(index) long", acronym.longStart, acronym.longEnd, acronym.long, allowEmpty: false)
        }
        check.sorted("acronyms", record.acronyms.map { [$0.shortStart, $0.shortEnd] })
        for (index, quantity) in record.quantities.enumerated() {
            check.span("quantity \(index)", quantity.start, quantity.end, quantity.text, allowEmpty: false)
            if let value = quantity.value {
                check.that(value.isFinite, "quantity \(index) value \(value) is not finite")
            }
        }
        check.sorted("quantities", record.quantities.map { [$0.start, $0.end] })
        for (index, sentence) in record.summary.enumerated() {
            check.span("summary \(index)", sentence.start, sentence.end, sentence.text, allowEmpty: false)
        }
        check.sorted("summary", record.summary.map { [$0.start, $0.end] })
        check.that(
            zip(record.keywords, record.keywords.dropFirst()).allSatisfy { $0.score >= $1.score },
            "keywords are not sorted by descending score"
        )
        check.that(
            record.keywords.allSatisfy { $0.score.isFinite && !$0.text.isEmpty },
            "a keyword is empty or not finite"
        )
        check.that(Self.isHex(record.fingerprint.sha256, count: 64), "fingerprint.sha256 is not 64 hex digits")
        check.that(Self.isHex(record.fingerprint.simhash, count: 16), "fingerprint.simhash is not 16 hex digits")

        check.violations.append(contentsOf: Self.jsonViolations(record: record, json: json, provenance: provenance))
        return check.violations
    }

    // MARK: - JSON

    /// The serialised record parses (JSONSerialization) and round-trips the record's strings scalar for scalar.
    static func jsonViolations(record: ArticleRecord, json: [UInt8], provenance: RecordProvenance?) -> [String] {
        let parsed: Any
        do {
            parsed = try JSONSerialization.jsonObject(with: Data(json), options: [])
        } catch {
            return ["output JSON does not parse: \(error)"]
        }
        guard let object = parsed as? [String: Any] else { return ["output JSON is not an object"] }
        var out: [String] = []
        func expectString(_ value: Any?, _ expected: String?, _ what: String) {
            switch (value, expected) {
            case (let string as String, let expected?):
                if !Self.sameIgnoringParserLoss(string, expected) {
                    out.append("JSON \(what) does not round-trip: \(string.debugDescription)")
                }
            case (is NSNull, nil), (nil, nil):
                break
            default:
                out.append("JSON \(what) is \(String(describing: value)), expected \(String(describing: expected))")
            }
        }
        expectString(object["schema"], ExtractionPipeline.schema, "schema")
        expectString(object["id"], record.id, "id")
        expectString(object["title"], record.title, "title")
        expectString(object["url"], record.url, "url")
        expectString(object["published_at"], record.publishedAt, "published_at")
        expectString(object["language"], record.language, "language")
        if let provenance {
            let source = object["source"] as? [String: Any]
            expectString(source?["topic"], provenance.topic, "source.topic")
            if (source?["offset"] as? NSNumber)?.int64Value != provenance.offset {
                out.append("JSON source.offset is wrong")
            }
        } else if object["source"] != nil {
            out.append("JSON has a source without provenance")
        }
        let stats = object["stats"] as? [String: Any]
        if (stats?["characters"] as? NSNumber)?.intValue != record.stats.characters {
            out.append("JSON stats.characters is wrong")
        }
        let entities = object["entities"] as? [[String: Any]] ?? []
        if entities.count != record.entities.count {
            out.append("JSON has \(entities.count) entities, the record \(record.entities.count)")
        } else {
            for (json, entity) in zip(entities, record.entities) {
                expectString(json["text"], entity.text, "entity text")
                let mentions = json["mentions"] as? [[String: Any]] ?? []
                if mentions.count != entity.mentions.count || (json["count"] as? NSNumber)?.intValue != mentions.count {
                    out.append("JSON entity \(entity.text.debugDescription) mention count differs")
                }
                for (m, mention) in zip(mentions, entity.mentions) { expectString(m["text"], mention.text, "mention") }
            }
        }
        let quotes = object["quotes"] as? [[String: Any]] ?? []
        if quotes.count != record.quotes.count { out.append("JSON quote count differs") }
        for (json, quote) in zip(quotes, record.quotes) {
            expectString(json["text"], quote.text, "quote text")
            expectString(json["speaker"], quote.speaker, "quote speaker")
        }
        for key in ["people", "dates", "acronyms", "quantities", "keywords", "summary", "warnings"]
        where !(object[key] is [Any]) {
            out.append("JSON \(key) is not an array")
        }
        return out
    }

    // MARK: - Helpers

    /// Scalar-exact equality (`String ==` treats canonically equivalent strings as equal; offsets cannot).
    static func same(_ a: String, _ b: String) -> Bool {
        a.unicodeScalars.elementsEqual(b.unicodeScalars)
    }

    /// Scalar-exact equality, except for U+FEFF, which Foundation's JSONSerialization on Linux drops from the
    /// start of a string and right after an escape sequence (`["\\n\u{FEFF}x"]` parses as `"\nx"`), although
    /// the writer emitted it and JSONDecoder and Python read it back. The output is right; the check's parser
    /// is lossy there. (The same loss in `ArticleDecoder`, which parses input with JSONSerialization, is a real
    /// bug: see `DecoderPropertyTests.byteOrderMarksInJSONTextSurviveDecoding`.)
    static func sameIgnoringParserLoss(_ parsed: String, _ expected: String) -> Bool {
        if Self.same(parsed, expected) { return true }
        return parsed.unicodeScalars.filter { $0 != "\u{FEFF}" }.elementsEqual(
            expected.unicodeScalars.filter { $0 != "\u{FEFF}" }
        )
    }

    private static func isHex(_ string: String, count: Int) -> Bool {
        string.utf8.count == count
            && string.utf8.allSatisfy { (0x30...0x39).contains($0) || (0x61...0x66).contains($0) }
    }

    /// Accumulates violations against one text.
    struct Checker {
        let scalars: [Unicode.Scalar]
        var violations: [String] = []

        init(scalars: [Unicode.Scalar]) {
            self.scalars = scalars
        }

        mutating func that(_ condition: Bool, _ message: @autoclosure () -> String) {
            if !condition { self.violations.append(message()) }
        }

        /// `[start, end)` lies inside the text and slices to exactly `text`.
        mutating func span(_ what: String, _ start: Int, _ end: Int, _ text: String, allowEmpty: Bool) {
            guard start >= 0, end <= self.scalars.count, start <= end else {
                self.violations.append("\(what) [\(start), \(end)) is outside the text (\(self.scalars.count) scalars)")
                return
            }
            if !allowEmpty && start == end {
                self.violations.append("\(what) [\(start), \(end)) is empty")
            }
            if !self.scalars[start..<end].elementsEqual(text.unicodeScalars) {
                var view = String.UnicodeScalarView()
                view.append(contentsOf: self.scalars[start..<end])
                self.violations.append(
                    "\(what) [\(start), \(end)) slices to \(String(view).debugDescription), reported \(text.debugDescription)"
                )
            }
        }

        /// Keys are in non-decreasing lexicographic order.
        mutating func sorted(_ what: String, _ keys: [[Int]]) {
            for (index, pair) in zip(keys, keys.dropFirst()).enumerated() where pair.1.lexicographicallyPrecedes(pair.0)
            {
                self.violations.append("\(what) are not sorted at \(index + 1): \(pair.0) then \(pair.1)")
                return
            }
        }
    }
}
