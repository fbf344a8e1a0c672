/// The hand-written word lists a token belongs to, looked up once per token by the tokeniser.
///
/// Stages test these bits instead of hashing the token's text against each list again.
struct WordClass: OptionSet, Sendable, Hashable {
    var rawValue: UInt32

    static let stop = WordClass(rawValue: 1 << 0)
    static let speechVerb = WordClass(rawValue: 1 << 1)
    static let dateTrigger = WordClass(rawValue: 1 << 2)
    static let titleHead = WordClass(rawValue: 1 << 3)
    static let titleModifier = WordClass(rawValue: 1 << 4)
    static let orgHead = WordClass(rawValue: 1 << 5)
    static let connector = WordClass(rawValue: 1 << 6)
    static let numberWord = WordClass(rawValue: 1 << 7)
    static let unit = WordClass(rawValue: 1 << 8)
    static let personDescription = WordClass(rawValue: 1 << 9)
    static let personPronoun = WordClass(rawValue: 1 << 10)
    static let abbreviation = WordClass(rawValue: 1 << 11)
    static let scale = WordClass(rawValue: 1 << 12)
    static let month = WordClass(rawValue: 1 << 13)
    static let weekday = WordClass(rawValue: 1 << 14)
    static let dateUnit = WordClass(rawValue: 1 << 15)
    static let holiday = WordClass(rawValue: 1 << 16)
    static let recurring = WordClass(rawValue: 1 << 17)
    static let season = WordClass(rawValue: 1 << 18)
    /// Words that put a date after the publication date ("will", "next") or before it ("was", "ago").
    static let futureMarker = WordClass(rawValue: 1 << 19)
    static let pastMarker = WordClass(rawValue: 1 << 20)
    static let documentHead = WordClass(rawValue: 1 << 21)
    static let postNominal = WordClass(rawValue: 1 << 22)
    /// Last words of building and facility names ("Museum", "Airport"): buildings are places.
    static let facilityHead = WordClass(rawValue: 1 << 23)

    /// Lower-case word to its classes.
    static let table: StringTable<WordClass> = {
        var table: [String: WordClass] = [:]
        func add(_ words: some Sequence<String>, _ c: WordClass) {
            for word in words { table[word, default: []].insert(c) }
        }
        add(BuiltinLexicon.stopWords, .stop)
        add(BuiltinLexicon.speechVerbs, .speechVerb)
        add(DateFinder.triggers, .dateTrigger)
        add(BuiltinLexicon.titleHeads, .titleHead)
        add(BuiltinLexicon.titleModifiers, .titleModifier)
        add(BuiltinLexicon.orgHeads, .orgHead)
        add(BuiltinLexicon.nameConnectors, .connector)
        add(BuiltinLexicon.numberWords.keys, .numberWord)
        add(BuiltinLexicon.units, .unit)
        add(BuiltinLexicon.personDescriptions, .personDescription)
        add(BuiltinLexicon.personPronouns, .personPronoun)
        add(BuiltinLexicon.abbreviations, .abbreviation)
        add(BuiltinLexicon.scales.keys, .scale)
        add(BuiltinLexicon.months.keys, .month)
        add(BuiltinLexicon.weekdays.keys, .weekday)
        add(DateFinder.unitWords, .dateUnit)
        add(DateFinder.holidayWords, .holiday)
        add(DateFinder.recurringWords, .recurring)
        add(DateFinder.seasonWords, .season)
        add(DateFinder.futureMarkers, .futureMarker)
        add(DateFinder.pastMarkers, .pastMarker)
        add(BuiltinLexicon.documentHeads, .documentHead)
        add(BuiltinLexicon.postNominals, .postNominal)
        add(BuiltinLexicon.facilityHeads, .facilityHead)
        return StringTable(table.map { ($0.key, $0.value) })
    }()
}
