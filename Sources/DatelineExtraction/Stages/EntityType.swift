/// The entity types the recogniser emits (OntoNotes names, as the scorer and spaCy use them).
enum EntityType: UInt8, Sendable, Comparable {
    case person
    case org
    case gpe
    case loc
    case norp

    var label: String {
        switch self {
        case .person: "PERSON"
        case .org: "ORG"
        case .gpe: "GPE"
        case .loc: "LOC"
        case .norp: "NORP"
        }
    }

    static func < (lhs: Self, rhs: Self) -> Bool { lhs.rawValue < rhs.rawValue }
}

/// One entity mention over tokens, before clustering.
struct EntityMention: Sendable {
    /// How sure the recogniser is of the type: gazetteer and rule hits beat guesses in document voting.
    enum Strength: UInt8, Sendable, Comparable {
        /// A capitalised common word ("Trump", "Price") kept only if the document links it to a name.
        case provisional
        case guess
        case rule
        case lexicon

        static func < (lhs: Self, rhs: Self) -> Bool { lhs.rawValue < rhs.rawValue }
    }

    var tokenStart: Int
    var tokenEnd: Int
    var type: EntityType
    var strength: Strength
    /// The gazetteer's preferred name, when one matched.
    var canonical: String?
    /// Set by clustering.
    var cluster: Int = -1
    /// For a part of a hyphenated word ("US" in "US-backed"): its scalar range and lower-case surface.
    var part: (range: Range<Int>, surface: String)? = nil
}

/// A title stated before a person's name, with the token where its organisation ends.
struct RoleCandidate: Sendable {
    var personMention: Int
    var titleStart: Int
    var titleEnd: Int
    /// The token index one past the organisation that owns the title, when the text names one just before it.
    var organisationEnd: Int?
    /// The organisation's mention, when the text names it after the title ("a researcher at the University").
    var organisationMention: Int? = nil
}
