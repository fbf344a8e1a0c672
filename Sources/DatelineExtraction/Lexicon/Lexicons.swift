import Foundation

/// The read-only word tables the pipeline consults, loaded once per process and shared by all threads.
///
/// Generated tables (places, demonyms, names, common words) come from `scripts/lexicons/generate.sh`;
/// hand-written lists live in ``BuiltinLexicon``. Keys are lower-cased token sequences joined by one space,
/// tokenised exactly as article text is, so one hashed lookup per n-gram finds a name.
final class Lexicons: Sendable {
    /// What a place name is.
    enum PlaceKind: UInt8, Sendable {
        case country
        case state
        case city
        case region
    }

    /// One gazetteer entry.
    struct Place: Sendable {
        var kind: PlaceKind
        /// The preferred name, used to merge spellings ("US" and "United States").
        var canonical: String
        /// The place's GeoNames id and country code, read in the same lookup that finds the name.
        var identity: PlaceIdentity
    }

    /// The country a nationality word names.
    struct Nationality: Sendable {
        /// The country's name: "Kenya" for "Kenyan".
        var country: String
        /// Its ISO code; `nil` when countries of similar size share the word.
        var countryCode: CountryCode?
    }

    /// The longest place name in tokens; lookups never try longer n-grams.
    static let maxNameTokens = 6

    /// The file names that must exist in the lexicon directory.
    static let requiredTables = ["places.tsv", "demonyms.tsv", "given.tsv", "surnames.tsv", "common.tsv"]

    let places: StringTable<Place>
    /// Place key to the country a city or state lies in ("nairobi" -> "Kenya"), kept apart from ``places``
    /// because only datelines ask, and every name lookup would otherwise copy it.
    let placeCountries: StringTable<String>
    /// Demonym (lower case) to the country it names.
    let demonyms: StringTable<Nationality>
    /// Given name (lower case) to the gender that usually carries it.
    let givenNames: StringTable<PersonGender>
    let surnames: StringTable<Bool>
    /// Lower-case common English words: a capitalised one alone is probably not a name.
    let commonWords: StringTable<Bool>
    /// Multi-word organisation names from ``BuiltinLexicon/organisations``, keyed as lookups are.
    let organisations: StringTable<Bool>
    let locations: StringTable<Bool>
    let groups: StringTable<Bool>
    /// For each word that starts a multi-word name in any table, the longest such name in tokens
    /// (single-word names count as 1): segmentation tries only the lengths that can match.
    let nameStarts: StringTable<Int>

    /// Loads the generated tables from `directory`.
    ///
    /// - Parameter directory: A directory holding the generated tables.
    /// - Throws: ``ExtractionError`` when a table is missing or malformed.
    init(directory: URL) throws(ExtractionError) {
        for table in Self.requiredTables {
            let path = directory.appendingPathComponent(table).path
            guard FileManager.default.fileExists(atPath: path) else {
                throw .lexiconsMissing(
                    "lexicon table \(table) is missing in \(directory.path); run `bash scripts/lexicons/generate.sh` "
                        + "(part of `make setup`) or point DATELINE_LEXICON_DIR at a generated lexicon directory"
                )
            }
        }
        var places: [String: Place] = [:]
        var countries: [String: String] = [:]
        // Format 2 rows: name, kind, canonical, country, country code, GeoNames id. An older table has fewer
        // columns and fails here with the instruction to regenerate.
        try Self.readRows(directory, "places.tsv", columns: 6) { columns in
            let kind: PlaceKind
            switch columns[1] {
            case "country": kind = .country
            case "state": kind = .state
            case "city": kind = .city
            default: kind = .region
            }
            let key = Self.key(columns[0])
            if key.isEmpty { return }
            let identity = PlaceIdentity(countryCode: columns[4], geonamesID: columns[5])
            if let existing = places[key], existing.kind.rawValue <= kind.rawValue {
                // Two spellings that share a key ("St. Louis", "St Louis") keep only what both readings agree on.
                if existing.kind == kind { places[key]?.identity = existing.identity.agreeing(with: identity) }
                return
            }
            places[key] = Place(kind: kind, canonical: columns[2], identity: identity)
            countries[key] = columns[3].isEmpty ? nil : columns[3]
        }
        var demonyms: [String: Nationality] = [:]
        try Self.readRows(directory, "demonyms.tsv", columns: 3) { columns in
            demonyms[Self.key(columns[0])] = Nationality(
                country: columns[1],
                countryCode: CountryCode(rawValue: columns[2])
            )
        }
        var given: [String: PersonGender] = [:]
        try Self.readRows(directory, "given.tsv", columns: 2) {
            given[Self.key($0[0])] = PersonGender(lexiconCode: $0[1])
        }
        // Census name lists include function words ("In", "So"); those are never evidence of a name.
        for word in BuiltinLexicon.stopWords { given[word] = nil }
        var surnames = Set<String>()
        try Self.readRows(directory, "surnames.tsv", columns: 1) { surnames.insert(Self.key($0[0])) }
        var common = Set<String>()
        common.reserveCapacity(70_000)
        try Self.readRows(directory, "common.tsv", columns: 1) { common.insert($0[0]) }
        guard places.count > 1000, common.count > 1000 else {
            throw .lexiconsMalformed("lexicon tables in \(directory.path) are nearly empty; regenerate them")
        }
        let organisations = Set(BuiltinLexicon.organisations.map(Self.key))
        let locations = Set(BuiltinLexicon.locations.map(Self.key))
        let groups = Set(BuiltinLexicon.groups.map(Self.key))
        self.places = StringTable(places.map { ($0.key, $0.value) })
        self.placeCountries = StringTable(countries.map { ($0.key, $0.value) })
        self.demonyms = StringTable(demonyms.map { ($0.key, $0.value) })
        self.givenNames = StringTable(given.map { ($0.key, $0.value) })
        self.surnames = StringTable(surnames)
        self.commonWords = StringTable(common)
        self.organisations = StringTable(organisations)
        self.locations = StringTable(locations)
        self.groups = StringTable(groups)
        var starts: [String: Int] = [:]
        for key in Array(places.keys) + Array(demonyms.keys) + Array(organisations) + Array(locations) + Array(groups) {
            let words = key.split(separator: " ", omittingEmptySubsequences: true)
            guard let first = words.first, words.count <= Self.maxNameTokens else { continue }
            starts[String(first)] = max(starts[String(first)] ?? 0, words.count)
        }
        self.nameStarts = StringTable(starts.map { ($0.key, $0.value) })
    }

    /// The lookup key of a name: its tokens' lower-case forms joined by single spaces.
    static func key(_ name: String) -> String {
        let scalars = Array(name.unicodeScalars)
        let tokens = Tokenizer.tokenize(scalars, maxTokens: 32)
        var key = ""
        for token in tokens {
            if !key.isEmpty && token.kind != .possessive { key += " " }
            key += token.lower
        }
        return key
    }

    private static func readRows(
        _ directory: URL,
        _ name: String,
        columns: Int,
        _ body: ([String]) -> Void
    ) throws(ExtractionError) {
        let url = directory.appendingPathComponent(name)
        let data: Data
        do {
            data = try Data(contentsOf: url)
        } catch {
            throw .lexiconsMissing("cannot read lexicon table \(url.path): \(error)")
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw .lexiconsMalformed("lexicon table \(url.path) is not UTF-8")
        }
        var lineNumber = 0
        var fields: [String] = []
        for line in text.split(separator: "\n", omittingEmptySubsequences: true) {
            lineNumber += 1
            if line.hasPrefix("#") { continue }
            fields.removeAll(keepingCapacity: true)
            for field in line.split(separator: "\t", omittingEmptySubsequences: false) { fields.append(String(field)) }
            guard fields.count >= columns else {
                // A malformed row means a broken generator: fail loudly rather than run with holes.
                lineNumber = -lineNumber
                break
            }
            body(fields)
        }
        if lineNumber < 0 {
            throw .lexiconsMalformed("lexicon table \(url.path) line \(-lineNumber) has fewer than \(columns) columns")
        }
    }

    // MARK: - Locating the tables

    /// The directory with the generated tables: `DATELINE_LEXICON_DIR`, else the target's resource bundle,
    /// else a `Lexicons` directory next to the executable.
    static func defaultDirectory(environment: [String: String]) throws(ExtractionError) -> URL {
        if let override = environment["DATELINE_LEXICON_DIR"], !override.isEmpty {
            return URL(fileURLWithPath: override, isDirectory: true)
        }
        var candidates: [URL] = []
        let executableDirectory = Bundle.main.bundleURL
        candidates.append(
            executableDirectory.appendingPathComponent(
                "dateline_DatelineExtraction.resources/Lexicons",
                isDirectory: true
            )
        )
        if let resources = Bundle.main.resourceURL {
            candidates.append(
                resources.appendingPathComponent("dateline_DatelineExtraction.resources/Lexicons", isDirectory: true)
            )
        }
        candidates.append(executableDirectory.appendingPathComponent("Lexicons", isDirectory: true))
        // A development checkout: the generator writes into the source tree before `swift build` bundles it.
        candidates.append(
            URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
                .appendingPathComponent("Resources/Lexicons", isDirectory: true)
        )
        if let module = Self.moduleBundleDirectory() { candidates.insert(module, at: 0) }
        for candidate in candidates
        where FileManager.default.fileExists(atPath: candidate.appendingPathComponent("places.tsv").path) {
            return candidate
        }
        throw .lexiconsMissing(
            "generated lexicons not found (looked in \(candidates.map(\.path).joined(separator: ", "))); "
                + "run `bash scripts/lexicons/generate.sh` before building, or set DATELINE_LEXICON_DIR"
        )
    }

    /// The resource bundle SwiftPM built for this target, found without `Bundle.module`'s fatal error.
    private static func moduleBundleDirectory() -> URL? {
        var roots: [URL] = [Bundle.main.bundleURL]
        for bundle in Bundle.allBundles { roots.append(bundle.bundleURL.deletingLastPathComponent()) }
        if let executable = CommandLine.arguments.first {
            roots.append(URL(fileURLWithPath: executable).resolvingSymlinksInPath().deletingLastPathComponent())
        }
        // SwiftPM names the bundle `<package>_DatelineExtraction.resources`; the package name varies.
        for root in roots {
            guard let entries = try? FileManager.default.contentsOfDirectory(atPath: root.path) else { continue }
            for entry in entries.sorted() where entry.hasSuffix("_DatelineExtraction.resources") {
                let url = root.appendingPathComponent(entry).appendingPathComponent("Lexicons", isDirectory: true)
                if FileManager.default.fileExists(atPath: url.appendingPathComponent("places.tsv").path) { return url }
            }
        }
        return nil
    }
}
