/// Decides who said each quotation: the person or organisation its attribution names, or the one a pronoun
/// ("she said"), a description ("the official said", "the airline said") or a continuation refers to.
///
/// Speakers resolve only to entities the text names; when the attribution points at someone unnamed ("a
/// resident said", "a spokesperson for the union said ... he added"), the quote keeps no speaker: no name
/// is a better answer than the wrong one.
struct SpeakerResolver {
    /// A resolved speaker: the mention and how it was found (`name`, `pronoun`, `description`, ...).
    typealias Found = (mention: Int, how: SpeakerAttribution)

    let model: TextModel
    let tokens: [Token]
    let n: Int
    let mentions: [EntityMention]
    /// Gender by cluster number.
    let genders: [PersonGender]
    var mentionByEnd: TokenIndexMap
    var mentionByStart: TokenIndexMap
    /// Person and organisation mentions outside quotations, in text order: the antecedents pronouns and
    /// descriptions can pick up (someone named inside a quote is not who speaks it).
    var people: [Int] = []
    var organisations: [Int] = []
    /// Every organisation mention, inside quotations too, in text order.
    var namedOrganisations: [Int] = []
    var insideQuote: [Bool]
    var spokenClusters: Set<Int> = []
    /// The previous quote: where it closed, its speaker, and whether a speech verb attributed it.
    var previous: (close: Int, speaker: Int?, attributed: Bool)? = nil

    init(model: TextModel, mentions: [EntityMention], genders: [PersonGender], quotes: [QuoteFinder.Hit]) {
        self.model = model
        self.tokens = model.tokens
        self.n = model.tokens.count
        self.mentions = mentions
        self.genders = genders
        self.mentionByEnd = TokenIndexMap(count: self.n + 1)
        self.mentionByStart = TokenIndexMap(count: self.n + 1)
        var inside = [Bool](repeating: false, count: self.n)
        for hit in quotes where hit.close > hit.open + 1 {
            for k in (hit.open + 1)..<hit.close { inside[k] = true }
        }
        self.insideQuote = inside
        for (index, m) in mentions.enumerated() where m.part == nil {
            // A facility ("Norbury Airport") is a place to the recognizer, but speaks as its operator does.
            let speaksAsOrganisation = m.type == .org || (Self.isFacility(m, model) && m.type != .person)
            guard m.type == .person || speaksAsOrganisation else { continue }
            self.mentionByEnd[m.tokenEnd] = index
            self.mentionByStart[m.tokenStart] = index
            if speaksAsOrganisation { self.namedOrganisations.append(index) }
            guard !inside[m.tokenStart] else { continue }
            if m.type == .person { self.people.append(index) } else { self.organisations.append(index) }
        }
    }

    /// A capitalised name ending in a facility word ("… Airport", "… Hospital").
    private static func isFacility(_ mention: EntityMention, _ model: TextModel) -> Bool {
        guard mention.tokenEnd > mention.tokenStart else { return false }
        let last = model.tokens[mention.tokenEnd - 1]
        return last.classes.contains(.facilityHead) && last.has(.capitalised)
    }

    /// Sets `speakerMention`, `attribution` and `verb` on every quote, in text order.
    mutating func resolve(_ hits: inout [QuoteFinder.Hit]) {
        for index in hits.indices {
            let hit = hits[index]
            // A transcript turn's speaker is its label's owner; it becomes the "previous quote" for what follows.
            if hit.isTurn {
                self.previous = (hit.close - 1, hit.speakerMention, hit.speakerMention != nil)
                continue
            }
            var verb = -1
            var found = self.attributionAfter(hit, verb: &verb)
            if found == nil, verb < 0 { found = self.attributionBefore(hit, verb: &verb) }
            if found == nil, verb < 0 {
                found = self.nearestAttribution(hits, index)
            }
            self.previous = (min(hit.close, self.n - 1), found?.mention, verb >= 0)
            hits[index].verb = verb
            if let found {
                hits[index].speakerMention = found.mention
                hits[index].attribution = found.how
                self.spokenClusters.insert(self.mentions[found.mention].cluster)
            }
        }
        self.attributeContinuedQuotes(&hits)
        self.preferFullestNames(&hits)
    }
}
