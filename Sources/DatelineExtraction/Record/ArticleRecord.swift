/// The extraction result for one article, as a Swift value; ``ExtractionPipeline`` serialises it.
///
/// All offsets are Unicode scalar offsets into ``Article/text``, end exclusive.
public struct ArticleRecord: Sendable, Hashable {
    public var id: String
    public var title: String?
    public var url: String?
    public var publishedAt: String?
    /// `en`, another code given by the producer, or `und`.
    public var language: String
    /// Whether the language is the one the language-dependent stages support.
    public var languageSupported: Bool
    public var dateline: Dateline?
    /// The date the article was written on, given or inferred, with its evidence; `nil` when nothing states it.
    public var documentDate: DocumentDate?
    public var stats: Stats
    public var entities: [Entity]
    public var people: [Person]
    public var dates: [DateExpression]
    public var quotes: [Quote]
    public var acronyms: [Acronym]
    public var quantities: [Quantity]
    public var keywords: [Keyword]
    public var summary: [Span]
    public var fingerprint: Fingerprint
    /// Notes about caps that were hit (truncation), in order of occurrence.
    public var warnings: [String]

    /// A text range.
    public struct Span: Sendable, Hashable {
        public var text: String
        public var start: Int
        public var end: Int
    }

    /// The leading dateline: `ISLAMABAD:` or `WASHINGTON (Reuters) -`.
    public struct Dateline: Sendable, Hashable {
        /// The dateline as written, through its closing separator.
        public var raw: String
        public var start: Int
        public var end: Int
        /// The place written in the dateline, title-cased: "Islamabad". (A dateline that names only an agency,
        /// `(CNN) --`, gives no record dateline.)
        public var location: String
        /// The country of the place when the gazetteer knows it.
        public var country: String?
        /// A wire agency named in the dateline: "Reuters", "AP".
        public var agency: String?
        /// The ISO code of ``country``, when the gazetteer is sure of it.
        public var countryCode: CountryCode? = nil
        /// The GeoNames id of the place, when its name names one gazetteer place.
        public var geonamesID: GeoNamesID? = nil
    }

    /// Counts over the whole text.
    public struct Stats: Sendable, Hashable {
        /// Unicode scalars.
        public var characters: Int
        public var words: Int
        public var sentences: Int
        public var paragraphs: Int
    }

    /// One named entity with all its mentions.
    public struct Entity: Sendable, Hashable {
        /// The canonical name: the longest full name, the expansion of an acronym, the country's name.
        public var text: String
        /// PERSON, ORG, GPE, LOC, NORP; DATE entities mirror ``ArticleRecord/dates`` for scoring.
        public var type: String
        public var mentions: [Mention]
        /// For a GPE or LOC that resolves to one gazetteer place: its GeoNames id, so users aggregate by
        /// place rather than by spelling.
        public var geonamesID: GeoNamesID? = nil
        /// For a GPE or LOC: the ISO code of the country it is or lies in; for a NORP nationality: the code of
        /// its country. `nil` when unknown or ambiguous.
        public var countryCode: CountryCode? = nil
        public var count: Int { self.mentions.count }
    }

    /// One occurrence of an entity.
    public struct Mention: Sendable, Hashable {
        public var start: Int
        public var end: Int
        public var text: String
    }

    /// A person with the titles and roles the text gives them.
    public struct Person: Sendable, Hashable {
        public var name: String
        public var roles: [Role]
    }

    /// A title, optionally with its organisation: "Principal Deputy Spokesperson" of "State Department".
    public struct Role: Sendable, Hashable {
        public var title: String
        public var organization: String?
        public var start: Int
        public var end: Int
    }

    /// A temporal expression.
    public struct DateExpression: Sendable, Hashable {
        public var text: String
        public var start: Int
        public var end: Int
        /// ISO-8601 value at the expression's granularity (`2024-05-10`, `2020-02`, `2024-W20`, `2001`),
        /// or `nil` when it is relative and there is no anchor (or it cannot be resolved).
        public var value: String?
        /// `absolute`, `relative` or `duration`.
        public var kind: String
        /// Whether ``value`` depends on the document date.
        public var anchored: Bool
        /// Which evidence the document date came from, for an anchored expression that has one.
        public var anchor: DocumentDate.Source?
    }

    /// A direct quotation.
    public struct Quote: Sendable, Hashable {
        /// The quoted words without the quote marks.
        public var text: String
        public var start: Int
        public var end: Int
        /// The speaker's canonical name, when attributed.
        public var speaker: String?
        /// How the speaker was found: `name`, `pronoun`, `description`, `continuation`, `according-to`,
        /// `fragment`, `author` or `turn` (a transcript turn's label).
        public var attribution: String?
    }

    /// An acronym definition.
    public struct Acronym: Sendable, Hashable {
        public var short: String
        public var long: String
        public var shortStart: Int
        public var shortEnd: Int
        public var longStart: Int
        public var longEnd: Int
    }

    /// A number with its unit or counted noun.
    public struct Quantity: Sendable, Hashable {
        public var text: String
        public var start: Int
        public var end: Int
        public var value: Double?
        /// A unit, currency code or counted noun: "villagers", "percent", "USD".
        public var unit: String?
        /// A qualifier such as "at least", "about".
        public var qualifier: String?
    }

    /// A ranked key phrase.
    public struct Keyword: Sendable, Hashable {
        public var text: String
        public var score: Double
    }

    /// Identity and near-duplicate hashes.
    public struct Fingerprint: Sendable, Hashable {
        /// Hex SHA-256 of the normalised text (lower case, single spaces).
        public var sha256: String
        /// 64-bit SimHash over word 4-shingles, hex.
        public var simhash: String
    }
}
