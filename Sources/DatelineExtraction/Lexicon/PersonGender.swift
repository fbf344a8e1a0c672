/// The grammatical gender a text uses for a person, so "she said" does not pick up the last man named.
///
/// Evidence, strongest first: an honorific the text puts before the name ("Mrs", "Sir"), a gendered
/// description beside it ("spokeswoman"), and the given name's usage in the US Census name lists (a name
/// counts only when one sex carries it at least five times as often). Unknown agrees with every pronoun.
enum PersonGender: UInt8, Sendable {
    case unknown
    case male
    case female

    /// Whether a pronoun of gender `other` can refer to a person of this gender.
    func agrees(with other: PersonGender) -> Bool {
        self == .unknown || other == .unknown || self == other
    }

    /// The gender a lexicon cell (`M`, `F` or `-`) names.
    init(lexiconCode: some StringProtocol) {
        switch lexiconCode {
        case "M": self = .male
        case "F": self = .female
        default: self = .unknown
        }
    }

    /// Honorifics and gendered words that sit right before or beside a name (lower case).
    static let markers: StringTable<PersonGender> = StringTable(Self.markerList.map { ($0.key, $0.value) })

    private static let markerList: [String: PersonGender] = [
        "mr": .male, "sir": .male, "lord": .male, "king": .male, "prince": .male, "monsieur": .male, "herr": .male,
        "señor": .male, "senor": .male, "father": .male, "brother": .male, "uncle": .male, "husband": .male,
        "son": .male, "spokesman": .male, "chairman": .male, "congressman": .male, "businessman": .male,
        "mrs": .female, "ms": .female, "miss": .female, "madam": .female, "madame": .female, "mme": .female,
        "lady": .female, "dame": .female, "queen": .female, "princess": .female, "frau": .female, "señora": .female,
        "senora": .female, "sister": .female, "mother": .female, "aunt": .female, "wife": .female,
        "daughter": .female, "spokeswoman": .female, "chairwoman": .female, "congresswoman": .female,
        "businesswoman": .female, "actress": .female, "widow": .female,
    ]

    /// Third-person singular pronouns that refer to a person, with their gender.
    static let pronouns: [String: PersonGender] = ["he": .male, "she": .female]
}
