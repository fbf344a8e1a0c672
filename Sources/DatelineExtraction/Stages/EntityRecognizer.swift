/// Rule- and gazetteer-based named-entity recognition over capitalised chunks, then document-level passes.
///
/// Linear time: chunks are at most ``maxChunkTokens`` long, gazetteer lookups try at most
/// ``Lexicons/maxNameTokens`` n-grams per position, and the document passes use hashed maps.
struct EntityRecognizer {
    static let maxChunkTokens = 12

    let model: TextModel
    let lexicons: Lexicons
    /// Acronym definitions: the long form's token range is forced to be one entity.
    let acronyms: [AcronymFinder.Definition]
    /// Tokens to skip (the dateline is handled separately; dates are not names).
    let blocked: [Bool]

    /// The dateline's place tokens, added as a GPE mention (the tokens themselves are blocked).
    var datelineLocation: Range<Int>? = nil
    /// The dateline's wire agency tokens, added as an ORG mention.
    var datelineAgency: Range<Int>? = nil

    private(set) var mentions: [EntityMention] = []
    private(set) var roles: [RoleCandidate] = []

    /// Per-token lexicon facts for capitalised words, looked up once: the chunk rules ask them many times.
    private let facts: [TokenFacts]
    /// For capitalised tokens, the longest lexicon name that starts with the token (0: none).
    private let nameStartLength: [UInt8]

    /// Which name lists a token's lower-case text is in.
    struct TokenFacts: OptionSet, Sendable {
        var rawValue: UInt8

        static let known = TokenFacts(rawValue: 1 << 0)
        static let common = TokenFacts(rawValue: 1 << 1)
        static let given = TokenFacts(rawValue: 1 << 2)
        static let surname = TokenFacts(rawValue: 1 << 3)
    }

    init(model: TextModel, lexicons: Lexicons, acronyms: [AcronymFinder.Definition], blocked: [Bool]) {
        self.model = model
        self.lexicons = lexicons
        self.acronyms = acronyms
        self.blocked = blocked
        var facts = [TokenFacts](repeating: [], count: model.tokens.count)
        var starts = [UInt8](repeating: 0, count: model.tokens.count)
        for k in model.tokens.indices
        where model.tokens[k].kind == .word && model.tokens[k].flags.contains(.capitalised) {
            let lower = model.tokens[k].lower
            let hash = model.tokens[k].hash
            var f: TokenFacts = .known
            if lexicons.commonWords.contains(lower, hash) { f.insert(.common) }
            if lexicons.givenNames.contains(lower, hash) { f.insert(.given) }
            if lexicons.surnames.contains(lower, hash) { f.insert(.surname) }
            facts[k] = f
            starts[k] = UInt8(clamping: lexicons.nameStarts[lower, hash] ?? 0)
        }
        self.facts = facts
        self.nameStartLength = starts
    }

    private static func lookUp(_ lower: String, _ lexicons: Lexicons) -> TokenFacts {
        var f: TokenFacts = .known
        if lexicons.commonWords.contains(lower) { f.insert(.common) }
        if lexicons.givenNames.contains(lower) { f.insert(.given) }
        if lexicons.surnames.contains(lower) { f.insert(.surname) }
        return f
    }

    private func fact(_ k: Int) -> TokenFacts {
        let f = self.facts[k]
        return f.contains(.known) ? f : Self.lookUp(self.tokens[k].lower, self.lexicons)
    }

    private func isGiven(_ k: Int) -> Bool { self.fact(k).contains(.given) }

    /// Whether token `k` is a known given name (for rules in other files).
    func isGivenName(_ k: Int) -> Bool { self.isGiven(k) }

    /// Whether token `k` is a known surname (for rules in other files).
    func isSurnameWord(_ k: Int) -> Bool { self.isSurname(k) }

    /// Whether token `k` is a common English word (for rules in other files).
    func isCommonWord(_ k: Int) -> Bool { self.isCommon(k) }

    private func nameStart(_ k: Int) -> Int {
        self.facts[k].contains(.known)
            ? Int(self.nameStartLength[k]) : self.lexicons.nameStarts[self.tokens[k].lower] ?? 0
    }
    private func isSurname(_ k: Int) -> Bool { self.fact(k).contains(.surname) }

    // MARK: - Token tests

    var tokens: [Token] { self.model.tokens }

    private func isNameToken(_ i: Int) -> Bool {
        guard self.model.tokens[i].kind == .word, self.model.tokens[i].flags.contains(.capitalised), !self.blocked[i]
        else {
            return false
        }
        let t = self.tokens[i]
        if t.length == 1 {
            // A lone capital is an initial when a dot follows ("G. Mason") or it sits between two names
            // ("George W Bush"); "I" is a pronoun.
            guard t.lower != "i", i + 1 < self.tokens.count else { return false }
            if self.tokens[i + 1].first == "." { return true }
            return i > 0 && self.tokens[i - 1].kind == .word && self.tokens[i - 1].flags.contains(.capitalised)
                && self.tokens[i - 1].length > 1 && self.tokens[i + 1].kind == .word
                && self.tokens[i + 1].flags.contains(.capitalised) && self.tokens[i + 1].length > 1
        }
        if t.lower.hasPrefix("i'") { return false }
        // Contractions ("We're", "Don't") are not names.
        if t.lower.utf8.contains(UInt8(ascii: "'")) {
            for suffix in ["'re", "'t", "'ll", "'ve", "'d", "'m"] where t.lower.hasSuffix(suffix) { return false }
        }
        return true
    }

    /// "al-Sabah", "el-Sisi": an Arabic article joined to a capitalised name continues a name
    /// ("Ali al-Khalifa al-Sabah") but never starts one.
    private func isJoinedParticleName(_ i: Int) -> Bool {
        let t = self.model.tokens[i]
        guard t.kind == .word, t.has(.hyphenated), t.length > 4, !self.blocked[i],
            t.lower.hasPrefix("al-") || t.lower.hasPrefix("el-")
        else { return false }
        return Tokenizer.isUpper(self.model.scalars[Int(t.start) + 3])
    }

    func isConnector(_ i: Int) -> Bool {
        let kind = self.model.tokens[i].kind
        if kind == .punctuation { return self.model.tokens[i].first == "&" }
        return kind == .word && self.model.tokens[i].flags.contains(.lowercase)
            && self.model.tokens[i].classes.contains(.connector)
    }

    private func isCommon(_ i: Int) -> Bool { self.fact(i).contains(.common) }

    func key(_ start: Int, _ end: Int) -> String {
        // One word: its lower-case text as is (no new string).
        if end - start == 1 { return self.tokens[start].lower }
        var key = ""
        key.reserveCapacity(16 * (end - start))
        for k in start..<end {
            if k > start && self.tokens[k].kind != .possessive { key += " " }
            key += self.tokens[k].lower
        }
        return key
    }

    // MARK: - Pass 1: chunks

    /// Finds all mentions and roles.
    mutating func run() {
        let n = self.tokens.count
        var i = 0
        while i < n {
            // "bin Laden": a lower-case name particle can open a name when a capitalised word follows.
            let particleStart =
                self.model.tokens[i].classes.contains(.connector) && self.model.tokens[i].flags.contains(.lowercase)
                && (self.tokens[i].lower == "bin" || self.tokens[i].lower == "ibn") && i + 1 < n
                && self.isNameToken(i + 1)
                && (i == 0 || !self.isNameToken(i - 1))
            guard particleStart || self.isNameToken(i) else {
                if self.model.tokens[i].flags.contains(.hyphenated), !self.blocked[i] { self.hyphenParts(i) }
                i += 1
                continue
            }
            let start = i
            var last = i
            var j = i + 1
            let sentence = self.model.sentenceOf[i]
            while j < n, j - start < Self.maxChunkTokens, self.model.sentenceOf[j] == sentence {
                if self.isNameToken(j) || self.isJoinedParticleName(j) {
                    // Adjacent capitalised words only: a space must separate them.
                    if !self.tokens[j].has(.spaceBefore) { break }
                    last = j
                    j += 1
                    continue
                }
                let t = self.tokens[j]
                // "St. Moritz", "George W. Bush": an abbreviation's dot stays inside the chunk.
                if t.first == ".", t.kind == .punctuation, j + 1 < n, self.isNameToken(j + 1),
                    self.tokens[j - 1].length == 1
                        || BuiltinLexicon.abbreviations.contains(self.tokens[j - 1].lower)
                {
                    j += 1
                    continue
                }
                if self.isConnector(j) {
                    var k = j + 1
                    if k < n, self.isConnector(k) { k += 1 }
                    if k < n, self.isNameToken(k), self.model.sentenceOf[k] == sentence {
                        j = k
                        continue
                    }
                }
                break
            }
            self.chunk(start, last + 1)
            i = last + 1
        }
        if let agency = self.datelineAgency {
            self.add(agency.lowerBound, agency.upperBound, .org, .lexicon, nil)
        }
        if let location = self.datelineLocation {
            let key = self.key(location.lowerBound, location.upperBound)
            let place = self.lexicons.places[key]
            let type: EntityType = place?.kind == .region ? .loc : .gpe
            self.add(
                location.lowerBound,
                location.upperBound,
                type,
                .lexicon,
                place?.kind == .country ? place?.canonical : nil
            )
        }
        self.documentPasses()
    }

    /// Cleans a chunk's edges and classifies it.
    private mutating func chunk(_ start: Int, _ end: Int) {
        if self.organisationBeforeTitle(start, end) { return }
        var a = start
        // Drop sentence-initial common words ("The", "However", "Officials") and any leading "The".
        while a < end {
            let t = self.tokens[a]
            let atSentenceStart =
                t.has(.sentenceStart)
                || (a > 0 && (self.tokens[a - 1].kind == .quote || self.tokens[a - 1].first == "("))
                || a == start && a > 0 && self.tokens[a - 1].first == ":"
            if t.lower == "the" || t.lower == "a" || t.lower == "an" {
                a += 1
                continue
            }
            // "Foreign Ministry", "Supreme Court" at a sentence start: the modifier belongs to the name.
            let namedHead =
                end - a >= 2 && t.classes.contains(.titleModifier) && self.tokens[end - 1].classes.contains(.orgHead)
                // "Bank of America", "Ministry of Defence" at a sentence start: the head opens the name.
                || end - a >= 3 && self.tokens[a + 1].lower == "of"
                    && (t.classes.contains(.orgHead) || BuiltinLexicon.orgOfHeads.contains(t.lower))
            if atSentenceStart, !namedHead, self.isCommon(a), !self.isKnownStart(a, end) {
                // A lone sentence-initial common word may still be a surname ("Trump said"): keep it
                // provisionally; the document passes drop it unless a full name supports it.
                if end - a == 1, t.has(.capitalised), !t.has(.allCaps), t.length >= 2 {
                    self.add(a, end, .person, .provisional, nil)
                    return
                }
                a += 1
                continue
            }
            break
        }
        // A chunk never starts or ends with a connector or a dot.
        while a < end,
            self.isConnector(a) && !Self.personParticles.contains(self.tokens[a].lower) || self.tokens[a].first == "."
        {
            a += 1
        }
        var b = end
        while b > a, self.isConnector(b - 1) || self.tokens[b - 1].first == "." { b -= 1 }
        // "Sonia Livingstone OBE": honours after a name of two or more words are not part of it.
        while b - a >= 3, self.tokens[b - 1].classes.contains(.postNominal),
            self.isGiven(a) || self.tokens[a].classes.contains(.titleHead)
        {
            b -= 1
        }
        guard a < b else { return }
        if b - a == 1, self.tokens[a].has(.hyphenated), self.wholeType(a, b) == nil, self.hyphenParts(a) { return }
        self.process(a, b)
    }

    /// Lower-case titles that an organisation name may qualify: "Council leader Ian Hudspeth".
    private static let organisationTitles: Set<String> = [
        "leader", "spokesman", "spokeswoman", "spokesperson", "chairman", "chairwoman", "chief", "director",
        "secretary", "president", "correspondent", "executive",
    ]

    /// "Council leader Ian Hudspeth", "Pentagon spokesman John Kirby": a capitalised run right before a
    /// lower-case organisational title that a name follows is that title's organisation. A guess, so that a
    /// person's name used the same way ("Trump adviser") still follows the document's majority.
    private mutating func organisationBeforeTitle(_ start: Int, _ end: Int) -> Bool {
        let n = self.tokens.count
        guard end + 1 < n, self.tokens[end].has(.lowercase), Self.organisationTitles.contains(self.tokens[end].lower),
            self.isNameToken(end + 1), self.tokens[end + 1].classes.isDisjoint(with: [.titleHead, .titleModifier])
        else { return false }
        var a = start
        while a < end, self.tokens[a].lower == "the" || self.tokens[a].lower == "a" || self.tokens[a].lower == "an" {
            a += 1
        }
        guard a < end, end - a <= 4 else { return false }
        for k in a..<end where self.tokens[k].kind != .word || self.tokens[k].classes.contains(.titleHead) {
            return false
        }
        let first = self.tokens[a]
        let sentenceInitial = first.has(.sentenceStart) || (a > 0 && self.tokens[a - 1].kind == .quote)
        if sentenceInitial, self.isCommon(a), !first.classes.contains(.orgHead) { return false }
        if self.isGiven(a) || self.isSurname(a) { return false }
        if let whole = self.wholeType(a, end), whole.type != .org { return false }
        self.add(a, end, .org, .guess, nil)
        return true
    }

    /// Places and nationalities inside a hyphenated word: "US-backed", "China-US", "London-based".
    ///
    /// - Returns: Whether any part was a mention.
    @discardableResult
    private mutating func hyphenParts(_ i: Int) -> Bool {
        let t = self.tokens[i]
        guard t.kind == .word, t.length <= 40 else { return false }
        // Only a part that starts with a capital can be a name: most hyphenated words have none.
        var capital = false
        for k in Int(t.start)..<Int(t.end) where Tokenizer.isUpper(self.model.scalars[k]) {
            capital = true
            break
        }
        guard capital else { return false }
        let lower = Array(t.lower.unicodeScalars)
        guard lower.count == t.length else { return false }
        var parts: [(range: Range<Int>, surface: String, type: EntityType, canonical: String?)] = []
        var allNames = true
        var start = 0
        for k in 0...lower.count where k == lower.count || lower[k] == "-" {
            defer { start = k + 1 }
            guard k > start else { continue }
            var view = String.UnicodeScalarView()
            view.append(contentsOf: lower[start..<k])
            let surface = String(view)
            let first = self.model.scalars[Int(t.start) + start]
            guard Tokenizer.isUpper(first) else {
                allNames = false
                continue
            }
            if let place = self.lexicons.places[surface], place.kind != .city || k - start > 3 {
                let type: EntityType = place.kind == .region ? .loc : .gpe
                parts.append(
                    (
                        (Int(t.start) + start)..<(Int(t.start) + k), surface, type,
                        place.kind == .country ? place.canonical : nil
                    )
                )
            } else if self.lexicons.locations.contains(surface) {
                parts.append(((Int(t.start) + start)..<(Int(t.start) + k), surface, .loc, nil))
            } else if self.lexicons.organisations.contains(surface), k - start >= 2 {
                parts.append(((Int(t.start) + start)..<(Int(t.start) + k), surface, .org, nil))
            } else if self.lexicons.demonyms[surface] != nil || self.lexicons.groups.contains(surface) {
                parts.append(((Int(t.start) + start)..<(Int(t.start) + k), surface, .norp, nil))
            } else {
                allNames = false
            }
        }
        guard !parts.isEmpty else { return false }
        if allNames && parts.allSatisfy({ $0.type == .norp }) {
            // "Israeli-American": one nationality.
            self.add(i, i + 1, .norp, .lexicon, nil)
            return true
        }
        for part in parts {
            var mention = EntityMention(
                tokenStart: i,
                tokenEnd: i + 1,
                type: part.type,
                strength: .lexicon,
                canonical: part.canonical
            )
            mention.part = (part.range, part.surface)
            self.mentions.append(mention)
        }
        return true
    }

    /// Whether a lexicon entry starts at token `i` (so a capitalised common word there is still a name).
    private func isKnownStart(_ i: Int, _ end: Int) -> Bool {
        let lower = self.tokens[i].lower
        if self.tokens[i].classes.contains(.titleHead) || self.isGiven(i) { return true }
        if self.lexicons.demonyms[lower] != nil || self.lexicons.groups.contains(lower) { return true }
        var key = ""
        for k in i..<min(end, i + self.nameStart(i)) {
            if k > i { key += " " }
            key += self.tokens[k].lower
            if self.lexicons.organisations.contains(key) || self.lexicons.locations.contains(key) { return true }
            if self.lexicons.places[key] != nil {
                return k > i || !self.isCommon(i) || self.lexicons.places[key]?.kind == .country
            }
        }
        return false
    }

    // MARK: - Chunk processing

    /// Classifies a cleaned chunk: the first step that recognises the range handles it (steps may cut it and
    /// call this again on the parts); gazetteer segmentation is the fallback.
    ///
    /// - Parameters:
    ///   - a: The range's first token.
    ///   - b: One past its last token.
    mutating func process(_ a: Int, _ b: Int) {
        guard a < b else { return }
        if self.splitAtAcronymLongForm(a, b) { return }  // 1. acronym long forms
        if self.splitTitle(a, b) { return }  // 2. title + person
        if self.splitLeadingCountry(a, b) { return }  // 3a-b. country + organisation
        if self.splitAtCoordination(a, b) { return }  // 3c. two coordinated names
        if self.splitOrganisationThenPerson(a, b) { return }  // 3d. organisation + person
        if self.splitPersonOfOrganisation(a, b) { return }  // 3e. person of organisation
        if self.isDocumentName(a, b) { return }  // 3f. laws and treaties
        if self.addPartyName(a, b) { return }  // 3g. "the Labour party"
        if self.addWholeName(a, b) { return }  // 4. one name
        if self.splitAtConnector(a, b) { return }  // 5. split at a connector
        self.segment(a, b)  // 6. gazetteer segmentation with unknown gaps
    }

    /// Where "of" splits "Name Surname of Organisation" into a person and an organisation or place, if it does:
    /// two or three name-like words before it (no common, title, organisation or place words) and an
    /// organisation or place after it.
    func personOfOrganisation(_ a: Int, _ b: Int) -> Int? {
        var k = a + 2
        while k < min(b - 1, a + 4), self.tokens[k].lower != "of" { k += 1 }
        guard k < b - 1, self.tokens[k].lower == "of", k - a >= 2 else { return nil }
        for q in a..<k {
            let t = self.tokens[q]
            guard t.kind == .word, t.has(.capitalised) || self.isJoinedParticleName(q) else { return nil }
            if !t.classes.isDisjoint(with: [.titleHead, .titleModifier, .orgHead]) { return nil }
            if self.isCommon(q) && !self.isGiven(q) && !self.isSurname(q) { return nil }
            if self.lexicons.places[t.lower, t.hash] != nil || self.lexicons.demonyms[t.lower] != nil { return nil }
        }
        if self.lexiconType(a, k) != nil { return nil }
        var r = k + 1
        while r < b, self.isConnector(r) { r += 1 }
        guard r < b, let after = self.wholeType(r, b), after.type == .org || after.type == .gpe else { return nil }
        return k
    }

    /// Splits a title and the person named after it; returns whether it did.
    mutating func splitTitle(_ a: Int, _ b: Int) -> Bool {
        var h = -1
        // A title word at the chunk's end names no one after it ("Dr Aamer Sultan": the head is "Dr").
        var k = b - 2
        while k >= a {
            if self.tokens[k].classes.contains(.titleHead) && !self.isGiven(k) {
                h = k
                break
            }
            k -= 1
        }
        guard h >= 0 else { return false }
        // The name: everything after the head when it is a short run of plain capitalised words
        // ("President Donald Trump", "Mr. Price"); otherwise capitalised non-title tokens back from the
        // end, stopping after a given name ("Coordinator for Counterterrorism Elizabeth Richards").
        var p = b
        var taken = 0
        var direct = h + 1 < b && b - (h + 1) <= 4
        if direct {
            for q in (h + 1)..<b {
                let t = self.tokens[q]
                if t.kind == .punctuation && t.first == "." { continue }
                let lower = t.lower
                // A surname that is also a title word ("Dr Aamer Sultan") may end the name.
                let titleWord =
                    !t.classes.isDisjoint(with: [.titleHead, .titleModifier, .orgHead])
                    && !(q == b - 1 && t.classes.isDisjoint(with: [.titleModifier, .orgHead]))
                if t.kind != .word || !t.has(.capitalised) || self.isConnector(q) || titleWord
                    || self.lexicons.places[lower, t.hash]?.kind == .country
                {
                    direct = false
                    break
                }
            }
        }
        if direct {
            p = h + 1
            taken = b - p
        }
        while !direct, p - 1 > h, taken < 4 {
            let q = p - 1
            let t = self.tokens[q]
            if t.first == "." && t.kind == .punctuation {
                p = q
                continue
            }
            if self.isConnector(q) {
                let lower = t.lower
                if lower == "bin" || lower == "al" || lower == "de" || lower == "van" || lower == "von"
                    || lower == "ibn" || lower == "da" || lower == "del" || lower == "la" || lower == "le"
                {
                    p = q
                    continue
                }
                break
            }
            let lower = t.lower
            let given = self.isGiven(q)
            let surname = self.isSurname(q)
            if !given && !surname {
                if !t.classes.isDisjoint(with: [.titleHead, .titleModifier]), q != b - 1 || q - 1 == h { break }
                if self.isCommon(q) && t.length > 3 { break }
                if self.lexicons.places[lower] != nil && taken > 0 { break }
            }
            p = q
            taken += 1
            if given && !(q - 1 > h && self.isGiven(q - 1)) { break }
        }
        while p < b, self.tokens[p].kind == .punctuation || self.isConnector(p) { p += 1 }
        guard p < b, taken > 0 else { return false }
        // "The Sheriff of Manbij", "Minister for Europe": a title of a place or a portfolio names no one.
        // "Governor of Virginia": after "of", a gazetteer place is the title's place even if it is a given name.
        if !direct, p > h + 1, ["of", "for"].contains(self.tokens[p - 1].lower),
            !self.isGiven(p) || self.lexicons.places[self.key(p, b)] != nil
        {
            return false
        }
        // A name that is really a place or an organisation ("General Motors", "President Obama" is fine).
        if let whole = self.wholeType(p, b), whole.type != .person, whole.strength == .lexicon,
            !(p + 1 < b && self.isGiven(p))
        {
            return false
        }
        // The title phrase: modifiers and heads back from the head.
        var t0 = h
        while t0 - 1 >= a {
            if !self.tokens[t0 - 1].classes.isDisjoint(with: [.titleHead, .titleModifier])
                || self.tokens[t0 - 1].lower == "-"
            {
                t0 -= 1
            } else {
                break
            }
        }
        var orgEnd: Int? = nil
        if t0 > a {
            self.process(a, t0)
            orgEnd = t0
        } else if t0 > 0, self.tokens[t0 - 1].kind == .possessive {
            orgEnd = t0 - 1
        }
        self.add(p, b, .person, .rule, nil)
        var titleEnd = p
        while titleEnd > t0, self.tokens[titleEnd - 1].kind == .punctuation || self.isConnector(titleEnd - 1) {
            titleEnd -= 1
        }
        // Honorifics alone (Mr, Dr) are not roles.
        let honorific =
            titleEnd - t0 == 1 && ["mr", "mrs", "ms", "miss", "dr", "sir", "dame"].contains(self.tokens[t0].lower)
        if !honorific && titleEnd > t0 {
            self.roles.append(
                RoleCandidate(
                    personMention: self.mentions.count - 1,
                    titleStart: t0,
                    titleEnd: titleEnd,
                    organisationEnd: orgEnd
                )
            )
        }
        return true
    }

    /// Classifies a token range as one entity, or returns `nil` when it is not one name.
    func wholeType(_ a: Int, _ b: Int) -> (
        type: EntityType, strength: EntityMention.Strength, canonical: String?
    )? {
        let count = b - a
        if let hit = self.lexiconType(a, b) { return count == 1 ? self.adjustTown(hit, a) : hit }
        let lastLower = self.tokens[b - 1].lower
        let firstLower = self.tokens[a].lower
        let lastIsOrgHead = self.tokens[b - 1].classes.contains(.orgHead)
        if count >= 2, !lastIsOrgHead, Self.placePrefixes.contains(firstLower) {
            return (BuiltinLexicon.locationHeads.contains(lastLower) ? .loc : .gpe, .rule, nil)
        }
        if self.isFacilityName(a, b) { return (.gpe, .rule, nil) }
        if count >= 2 {
            if lastIsOrgHead && !(count == 2 && self.isGiven(a) && !self.isCommon(b - 1)) {
                return (.org, .rule, nil)
            }
            if BuiltinLexicon.orgOfHeads.contains(firstLower), self.tokens[a + 1].lower == "of" {
                return (.org, .rule, nil)
            }
            // "Centers for Disease Control and Prevention", "National Institutes of Health": an organisation
            // head right before the first "of"/"for" makes the whole chunk one organisation.
            for c in (a + 1)..<b where self.tokens[c].lower == "of" || self.tokens[c].lower == "for" {
                let head = self.tokens[c - 1]
                if (head.classes.contains(.orgHead) || BuiltinLexicon.orgOfHeads.contains(head.lower))
                    && !head.classes.contains(.titleHead)
                {
                    return (.org, .rule, nil)
                }
                break
            }
            if BuiltinLexicon.locationHeads.contains(lastLower) { return (.loc, .rule, nil) }
            if BuiltinLexicon.politicalPlaceHeads.contains(lastLower), !self.isConnectorRange(a, b) {
                return (.gpe, .rule, nil)
            }
            if Self.compass.contains(firstLower) {
                let rest = self.key(a + 1, b)
                if let place = self.lexicons.places[rest] { return (place.kind == .country ? .gpe : .loc, .rule, nil) }
                if !self.isCommon(a + 1) && count <= 3 { return (.gpe, .rule, nil) }
            }
        }
        return nil
    }

    private func isConnectorRange(_ a: Int, _ b: Int) -> Bool {
        for k in a..<b where self.isConnector(k) { return true }
        return false
    }

    /// A one-word town name that is also a surname, or that "said" something, is left to the document passes.
    private func adjustTown(
        _ hit: (type: EntityType, strength: EntityMention.Strength, canonical: String?),
        _ p: Int
    ) -> (type: EntityType, strength: EntityMention.Strength, canonical: String?) {
        guard hit.type == .gpe, hit.strength == .rule else { return hit }
        // "Paris, France", "Exeter, Devon": a place named with the larger place it lies in is a place.
        if self.isInPlaceApposition(p) { return (.gpe, .lexicon, hit.canonical) }
        let context = self.contextType(p, p + 1)
        guard context == .person || self.isSurname(p) else { return hit }
        // Speech ("Hamilton said") is strong evidence; a surname-shaped town name alone is a guess.
        return context == .person ? (.person, .rule, nil) : (.gpe, .guess, nil)
    }

    /// How often an unknown capitalised word must occur before it counts as an organisation name.
    static let repeatedNameCount = 2

    /// Lower-case particles inside personal names.
    private static let personParticles: Set<String> = [
        "bin", "ibn", "van", "von", "der", "de", "da", "del", "dos", "du", "al",
    ]

    /// First words of place names: "St. Moritz", "Mount Kenya", "Port Moresby".
    private static let placePrefixes: Set<String> = [
        "st", "mt", "ft", "fort", "mount", "port", "lake", "cape", "san", "santa",
    ]

    /// All-capital words that are not organisations.
    private static let nonOrganisationAcronyms: Set<String> = [
        "tv", "tvs", "ok", "am", "pm", "ad", "bc", "id", "it", "us", "we", "no", "dna", "hiv", "aids", "sms", "hd",
        "ceo", "cfo", "coo", "cto", "gdp", "usb", "pdf", "faq", "diy", "vip", "atm", "pin", "iq", "lol", "gmt", "bst",
        "aedt", "aest", "acst", "awst", "est", "edt", "pst", "pdt", "cst", "cdt", "cet", "cest", "utc", "mp", "mps",
        "pr", "ai", "vr", "ar", "dj", "pc", "phd", "mba", "ba", "ma", "bsc", "rip", "vs", "ufo", "suv", "dvd", "cd",
        "gps", "lng", "lpg", "co2", "ip", "url", "www", "http", "html", "api", "app", "apps", "ipo", "ps", "pps",
        "reuter", "i", "ii", "iii", "iv", "vi", "vii", "viii", "ix", "xi", "xii", "a", "an", "the", "and", "or",
        "of", "in", "on", "to", "is", "be", "my", "me", "he", "she", "so", "do", "if", "up", "go", "by", "at", "as",
        "q", "faqs", "ceos", "mw", "kw", "km", "kg", "mph", "fm", "uv", "ac", "dc", "hr", "qc", "sos", "tba", "tbc",
        "omg", "wtf", "fyi", "asap", "eta", "rsvp", "nb", "ps", "cv", "gp", "ed", "er", "icu", "ppe", "covid",
        "sars", "mers", "h1n1", "rna", "mri", "ct", "ecg", "ivf", "std", "uti", "adhd", "ptsd", "ocd", "bmi",
    ]

    private static let compass: Set<String> = [
        "north", "south", "east", "west", "northern", "southern", "eastern", "western", "central", "upper", "lower",
        "greater", "north-west", "north-east", "south-west", "south-east", "northwest", "northeast", "southwest",
        "southeast",
    ]

    /// Longest-match gazetteer segmentation; unmatched gaps are classified by shape.
    mutating func segment(_ a: Int, _ b: Int) {
        // A given name first makes the whole chunk a person ("Paris Hilton", "George Washington").
        if b - a >= 2, b - a <= 4, self.isGiven(a) {
            let last = self.tokens[b - 1].lower
            // "Royal Marine", "Rose Garden": a given name that is a common word before a common word is not a name.
            let plainPhrase =
                self.isCommon(a) && self.isCommon(b - 1) && !self.isSurname(b - 1) && self.tokens[b - 1].length >= 4
            if !plainPhrase && !self.tokens[b - 1].classes.contains(.orgHead)
                && !BuiltinLexicon.locationHeads.contains(last)
                && !BuiltinLexicon.politicalPlaceHeads.contains(last) && self.lexicons.places[last]?.kind != .country
                && self.lexicons.demonyms[last] == nil
            {
                self.add(a, b, .person, .rule, nil)
                return
            }
        }
        // "Barack Obama", "David Morales": unknown capitalised words then a single-word town name.
        if b - a >= 2, b - a <= 3, self.lexicons.places[self.tokens[b - 1].lower]?.kind == .city {
            var plain = true
            for k in a..<(b - 1) {
                let t = self.tokens[k]
                if t.kind != .word || self.isCommon(k) || self.lexiconType(k, k + 1) != nil || t.has(.allCaps) {
                    plain = false
                }
            }
            if plain && self.lexiconType(a, b) == nil {
                self.add(a, b, .person, .rule, nil)
                return
            }
        }
        var gapStart = a
        var p = a
        while p < b {
            var matchEnd = -1
            var matched: (type: EntityType, strength: EntityMention.Strength, canonical: String?)? = nil
            // Only names that start with this word can match here, and none longer than the longest such name.
            var e = min(b, p + self.nameStart(p))
            while e > p {
                if !(e == b && p == a), let hit = self.lexiconType(p, e) {
                    matchEnd = e
                    matched = hit
                    break
                }
                e -= 1
            }
            if let hit = matched, matchEnd - p == 1 { matched = self.adjustTown(hit, p) }
            if let matched, matchEnd > p {
                // A single capitalised common word inside a longer name is not a match on its own.
                if matchEnd - p == 1 && self.isCommon(p) && matched.type != .norp {
                    p += 1
                    continue
                }
                if gapStart < p { self.unknown(gapStart, p) }
                self.add(p, matchEnd, matched.type, matched.strength, matched.canonical)
                p = matchEnd
                gapStart = p
            } else {
                p += 1
            }
        }
        if gapStart < b {
            if gapStart == a {
                self.unknown(a, b)
            } else {
                self.unknown(gapStart, b)
            }
        }
    }

    private func lexiconType(_ a: Int, _ b: Int) -> (
        type: EntityType, strength: EntityMention.Strength, canonical: String?
    )? {
        let key = self.key(a, b)
        // "WHO", "IRA": an acronym that spells a function word ("Who") names the organisation only in capitals.
        if self.lexicons.organisations.contains(key),
            !(b - a == 1 && self.tokens[a].classes.contains(.stop) && !self.tokens[a].has(.allCaps))
        {
            return (.org, .lexicon, nil)
        }
        if self.lexicons.locations.contains(key) { return (.loc, .lexicon, nil) }
        if let place = self.lexicons.places[key] {
            if place.kind == .region { return (.loc, .lexicon, nil) }
            // A one-word town name is often a surname too ("Morales", "Hamilton"): let the document decide.
            let strength: EntityMention.Strength = place.kind != .country && b - a == 1 ? .rule : .lexicon
            return (.gpe, strength, place.kind == .country ? place.canonical : nil)
        }
        if self.lexicons.demonyms[key] != nil || self.lexicons.groups.contains(key) {
            // "in English", "speaks French": a language, not a nationality.
            if a > 0, b - a == 1, Self.languageCues.contains(self.tokens[a - 1].lower), Self.languages.contains(key) {
                return nil
            }
            return (.norp, .lexicon, nil)
        }
        return nil
    }

    private static let languageCues: Set<String> = [
        "in", "speak", "speaks", "spoke", "speaking", "into", "fluent", "learn", "learning", "taught", "teach",
    ]
    private static let languages: Set<String> = [
        "english", "french", "german", "spanish", "arabic", "chinese", "russian", "italian", "portuguese", "japanese",
        "korean", "dutch", "turkish", "hindi", "urdu", "persian", "hebrew", "greek", "polish", "swedish",
    ]

    /// A capitalised range with no lexicon hit.
    private mutating func unknown(_ a: Int, _ b: Int) {
        var a = a
        while a < b, self.tokens[a].kind != .word { a += 1 }
        var b = b
        while b > a, self.tokens[b - 1].kind != .word { b -= 1 }
        guard a < b else { return }
        let count = b - a
        if count == 1 {
            let t = self.tokens[a]
            // "M1", "A380", "F1": capitals with digits are codes for roads, models and classes.
            if t.has(.hasDigit), t.length <= 6 { return }
            if t.has(.allCaps) {
                // A shouted common word ("WATCH", "WANT") is not an acronym.
                if t.length >= 4 && self.isCommon(a) || t.classes.contains(.stop) { return }
                if t.length <= 6 && !Self.nonOrganisationAcronyms.contains(t.lower)
                    && !t.classes.contains(.titleHead) && !self.isBesideAmount(a)
                {
                    self.add(a, b, .org, .guess, nil)
                }
                return
            }
            if t.classes.contains(.orgHead), !t.has(.sentenceStart), t.has(.capitalised) {
                // "the Government", "Council leader", "the Navy": a capitalised organisation word alone.
                self.add(a, b, .org, .guess, nil)
                return
            }
            if self.isCommon(a) {
                // "Trump", "Price", "Sanders": kept only if a full name in the document supports them.
                if t.length >= 2 { self.add(a, b, .person, .provisional, nil) }
                return
            }
            if BuiltinLexicon.months[t.lower] != nil || BuiltinLexicon.weekdays[t.lower] != nil { return }
            if self.isGiven(a) || self.isSurname(a) {
                self.add(a, b, .person, .guess, nil)
            } else if let context = self.contextType(a, b) {
                self.add(a, b, context, .guess, nil)
            } else if t.lower.hasSuffix("s") && !t.lower.hasSuffix("ss")
                && self.lexicons.commonWords.contains(String(t.lower.dropLast()))
            {
                // A capitalised plural of a common noun ("Millennials") is a group word, not a name, unless the
                // article picks it out mid-sentence ("the Rovers won"): a team or a band, if the document
                // names it so again.
                if a > 0, self.tokens[a - 1].lower == "the", !self.tokens[a - 1].has(.capitalised) {
                    self.add(a, b, .org, .provisional, nil)
                }
                return
            } else {
                self.add(a, b, .org, .provisional, nil)
            }
            return
        }
        // Name-like: not a common word, or a known given name or surname ("Shah" is both).
        var plainWords = 0
        for k in a..<b where self.isCommon(k) && !self.isConnector(k) {
            if !self.isGiven(k) && !self.isSurname(k) { plainWords += 1 }
        }
        var particle = false
        for k in a..<b where self.tokens[k].has(.lowercase) && Self.personParticles.contains(self.tokens[k].lower) {
            particle = true
        }
        // "Conservatoire de Paris": a particle before a gazetteer place names an institution of that place,
        // unless a given name opens the name ("Leonardo da Vinci").
        let placeAfterParticle =
            particle && self.lexicons.places[self.tokens[b - 1].lower, self.tokens[b - 1].hash] != nil
            && !self.isGiven(a)
        if particle && !placeAfterParticle && !self.tokens[b - 1].classes.contains(.orgHead) {
            // "Osama bin Laden", "Ursula von der Leyen": a name particle between capitalised words.
            self.add(a, b, .person, .rule, nil)
        } else if plainWords == 0 {
            // "the Bode Museum", "the Four Seasons Biltmore": people's names do not take the article.
            let article = a > 0 && self.tokens[a - 1].lower == "the"
            self.add(a, b, article ? .org : (self.contextType(a, b) == .gpe ? .gpe : .person), .guess, nil)
        } else if b - a == 2, plainWords == 1, self.isGiven(a), self.tokens[b - 1].has(.capitalised) {
            // "Warren Truss": a given name before a common word is a person when the document names that
            // surname as a person elsewhere ("Mr Truss"); the document passes decide.
            self.add(a, b, .person, .provisional, nil)
        } else if self.tokens[a].has(.allCaps), self.tokens[a].length <= 6, !self.isCommon(a) {
            // "Dora village", "Picton Road" are facilities; an acronym at their head is still an organisation.
            self.add(a, a + 1, .org, .guess, nil)
        }
    }

    mutating func add(
        _ a: Int,
        _ b: Int,
        _ type: EntityType,
        _ strength: EntityMention.Strength,
        _ canonical: String?
    ) {
        guard a < b else { return }
        self.mentions.append(
            EntityMention(tokenStart: a, tokenEnd: b, type: type, strength: strength, canonical: canonical)
        )
    }

    // MARK: - Pass 2: the document

    private mutating func documentPasses() {
        // Sort by position through cheap integer keys (mentions carry strings; comparing them copies).
        let sortKeys = self.mentions.map { ($0.tokenStart, $0.tokenEnd, $0.part?.range.lowerBound ?? 0) }
        let sortedOrder = self.mentions.indices.sorted { sortKeys[$0] < sortKeys[$1] }
        self.mentions = sortedOrder.map { self.mentions[$0] }
        // Single words are compared by their token hashes (FNV-1a of the lower-case text).
        // (a) Person names: a surname or given name alone links to the full name.
        var personParts: Set<UInt64> = []
        for m in self.mentions
        where m.type == .person && m.strength > .provisional && (m.tokenEnd - m.tokenStart >= 2 || m.strength == .rule)
        {
            personParts.insert(self.tokens[m.tokenEnd - 1].hash)
        }
        for index in self.mentions.indices
        where self.mentions[index].strength == .provisional && self.mentions[index].type == .person {
            let m = self.mentions[index]
            if m.tokenEnd - m.tokenStart == 2, personParts.contains(self.tokens[m.tokenEnd - 1].hash) {
                self.mentions[index].strength = .guess
            }
        }
        // (b) Organisation first words: "ValueAct" after "ValueAct Capital".
        var orgFirst: Set<UInt64> = []
        for m in self.mentions where m.type == .org && m.tokenEnd - m.tokenStart >= 2 && m.strength >= .rule {
            orgFirst.insert(self.tokens[m.tokenStart].hash)
        }
        // (c) Acronym short forms take their long form's type.
        var acronymTypes: [String: EntityType] = [:]
        for definition in self.acronyms where definition.longIsName {
            if let m = self.mentions.first(where: {
                $0.tokenStart == definition.longStart && $0.tokenEnd == definition.longEnd
            }) {
                acronymTypes[definition.shortLower] = m.type
            }
        }
        // "reactive oxygen species (ROS)": a short form defined by a common-noun phrase names no entity.
        var termAcronyms: Set<String> = []
        for definition in self.acronyms where !definition.longIsName { termAcronyms.insert(definition.shortLower) }
        if !termAcronyms.isEmpty {
            let tokens = self.tokens
            self.mentions.removeAll {
                $0.tokenEnd - $0.tokenStart == 1 && $0.part == nil && $0.strength <= .guess
                    && acronymTypes[tokens[$0.tokenStart].lower] == nil
                    && termAcronyms.contains(tokens[$0.tokenStart].lower)
            }
        }
        for index in self.mentions.indices {
            let m = self.mentions[index]
            let width = m.tokenEnd - m.tokenStart
            if width == 1 {
                let lower = self.tokens[m.tokenStart].lower
                if let type = acronymTypes[lower] {
                    self.mentions[index].type = type
                    self.mentions[index].strength = .rule
                    continue
                }
                if m.strength < .lexicon, personParts.contains(self.tokens[m.tokenStart].hash) {
                    self.mentions[index].type = .person
                    self.mentions[index].strength = .rule
                    continue
                }
                if m.strength <= .guess, orgFirst.contains(self.tokens[m.tokenStart].hash) {
                    self.mentions[index].type = .org
                    self.mentions[index].strength = .guess
                }
            }
        }
        // An unknown or common capitalised word seen several times mid-sentence is a name after all
        // ("Tencent", "Trump", "the Government"); its type comes from its head word or its contexts.
        var midSentenceCaps: [UInt64: Int] = [:]
        var personContext: Set<UInt64> = []
        // "in Hadibo", "near Hadibo": a single unknown word that a locative preposition puts somewhere once.
        var placeContext: Set<UInt64> = []
        for m in self.mentions where m.tokenEnd - m.tokenStart == 1 && m.part == nil && m.strength <= .guess {
            if m.type == .gpe, self.contextType(m.tokenStart, m.tokenEnd) == .gpe, !self.hasInnerCapital(m.tokenStart) {
                placeContext.insert(self.tokens[m.tokenStart].hash)
            }
        }
        // Every provisional occurrence of a word outside the common-word list, sentence starts included.
        var unknownWordCount: [UInt64: Int] = [:]
        for m in self.mentions where m.strength == .provisional {
            let start = m.tokenStart
            if !self.isCommon(start) { unknownWordCount[self.tokens[start].hash, default: 0] += 1 }
            if !self.model.tokens[start].flags.contains(.sentenceStart)
                && !(start > 0 && self.tokens[start - 1].kind == .quote)
            {
                midSentenceCaps[self.tokens[start].hash, default: 0] += 1
            }
            if self.contextType(m.tokenStart, m.tokenEnd) == .person { personContext.insert(self.tokens[start].hash) }
        }
        for index in self.mentions.indices where self.mentions[index].strength == .provisional {
            let start = self.mentions[index].tokenStart
            let hash = self.tokens[start].hash
            // Twice mid-sentence, or once mid-sentence and once opening a sentence for a word that is not
            // common English ("Zorblat announced ... said Zorblat").
            let midSentence = midSentenceCaps[hash, default: 0]
            guard
                midSentence >= Self.repeatedNameCount
                    || midSentence >= 1 && unknownWordCount[hash, default: 0] >= Self.repeatedNameCount
            else { continue }
            if self.tokens[start].classes.contains(.orgHead) {
                self.mentions[index].type = .org
            } else if personContext.contains(hash) {
                self.mentions[index].type = .person
            } else if placeContext.contains(hash) {
                self.mentions[index].type = .gpe
            } else if self.isCommon(self.mentions[index].tokenStart) {
                // A capitalised common word with no personal context stays out.
                continue
            }
            self.mentions[index].strength = .guess
        }
        // Coordination: "Volkswagen, Daimler and BMW": an unknown word listed with organisations is one.
        for index in self.mentions.indices
        where self.mentions[index].strength == .provisional && self.mentions[index].type == .org {
            let m = self.mentions[index]
            for neighbour in [index - 1, index + 1] where neighbour >= 0 && neighbour < self.mentions.count {
                let other = self.mentions[neighbour]
                guard other.type == .org, other.strength >= .guess else { continue }
                let gap = neighbour < index ? other.tokenEnd..<m.tokenStart : m.tokenEnd..<other.tokenStart
                guard gap.count == 1 else { continue }
                let joiner = self.tokens[gap.lowerBound].lower
                if joiner == "," || joiner == "and" || joiner == "or" || joiner == "&" {
                    self.mentions[index].strength = .guess
                    break
                }
            }
        }
        // Provisional mentions nobody supported are not entities.
        self.mentions.removeAll { $0.strength == .provisional }
        // Remap roles to sorted mention indices.
        var roleTargets = TokenIndexMap(count: self.tokens.count + 1)
        for (index, m) in self.mentions.enumerated() where m.type == .person { roleTargets[m.tokenStart] = index }
        let sortedRoles = self.roles
        self.roles = []
        // Roles were recorded with pre-sort indices; find each person by the token after its title.
        for role in sortedRoles {
            var p = role.titleEnd
            while p < self.tokens.count, roleTargets[p] == nil, p - role.titleEnd < 4 { p += 1 }
            if let index = roleTargets[p] {
                self.roles.append(
                    RoleCandidate(
                        personMention: index,
                        titleStart: role.titleStart,
                        titleEnd: role.titleEnd,
                        organisationEnd: role.organisationEnd
                    )
                )
            }
        }

        // (d) Majority type per surface among guesses.
        let surfaces = self.mentions.map { $0.part?.surface ?? self.key($0.tokenStart, $0.tokenEnd) }
        let surfaceHashes = self.mentions.indices.map { index -> UInt64 in
            let m = self.mentions[index]
            return m.part == nil && m.tokenEnd - m.tokenStart == 1
                ? self.tokens[m.tokenStart].hash : StableHash.fnv1a(surfaces[index].utf8)
        }
        // Votes per surface: five 12-bit counters packed in one integer (no array per surface).
        var votes: [UInt64: UInt64] = [:]
        for (index, m) in self.mentions.enumerated() where m.strength >= .rule {
            let shift = UInt64(m.type.rawValue) * 12
            let counts = votes[surfaceHashes[index], default: 0]
            if (counts >> shift) & 0xFFF < 0xFFF { votes[surfaceHashes[index]] = counts + (1 << shift) }
        }
        for index in self.mentions.indices where self.mentions[index].strength == .guess {
            guard let counts = votes[surfaceHashes[index]] else { continue }
            var best = -1
            var bestCount: UInt64 = 0
            for type in 0..<5 {
                let count = (counts >> UInt64(type * 12)) & 0xFFF
                if count > bestCount {
                    best = type
                    bestCount = count
                }
            }
            if best >= 0 { self.mentions[index].type = EntityType(rawValue: UInt8(best))! }
        }
        self.cluster(acronymTypes: acronymTypes, surfaces: surfaces)
    }

    /// Groups mentions into entities: same name, surname to full name, acronym to expansion, country aliases.
    private mutating func cluster(acronymTypes: [String: EntityType], surfaces: [String]) {
        struct ClusterKey: Hashable {
            var type: EntityType
            var name: String
        }
        var clusterOfKey: [ClusterKey: Int] = [:]
        var count = 0
        var surnameCluster: [String: Int] = [:]
        var givenCluster: [String: Int] = [:]
        /// Middle names of three-word names ("Apandi" in "Mohamed Apandi Ali"): matched last.
        var middleCluster: [String: Int] = [:]
        var personNames: [(key: String, cluster: Int)] = []
        // Long names first so that partial names find them.
        let order = self.mentions.indices.sorted {
            let a = self.mentions[$0]
            let b = self.mentions[$1]
            let wa = a.tokenEnd - a.tokenStart
            let wb = b.tokenEnd - b.tokenStart
            return wa != wb ? wa > wb : a.tokenStart < b.tokenStart
        }
        var acronymLong: [String: String] = [:]
        for definition in self.acronyms where definition.longIsName {
            acronymLong[definition.shortLower] = self.key(definition.longStart, definition.longEnd)
        }
        for index in order {
            let m = self.mentions[index]
            var surface = surfaces[index]
            if let long = acronymLong[surface] { surface = long }
            let k = ClusterKey(type: m.type, name: m.canonical?.lowercased() ?? surface)
            if let existing = clusterOfKey[k] {
                self.mentions[index].cluster = existing
                continue
            }
            if m.type == .person && m.tokenEnd - m.tokenStart == 1 {
                if let c = surnameCluster[surface] ?? givenCluster[surface] ?? middleCluster[surface] {
                    self.mentions[index].cluster = c
                    clusterOfKey[k] = c
                    continue
                }
            }
            // "Van Buuren" after "Jelle van Buuren": a multi-word tail of a longer name.
            if m.type == .person && m.tokenEnd - m.tokenStart >= 2 {
                let tail = " " + surface
                if let full = personNames.first(where: { $0.key.hasSuffix(tail) }) {
                    self.mentions[index].cluster = full.cluster
                    clusterOfKey[k] = full.cluster
                    continue
                }
                if personNames.count < 256 { personNames.append((surface, count)) }
            }
            self.mentions[index].cluster = count
            clusterOfKey[k] = count
            if m.type == .person && m.tokenEnd - m.tokenStart >= 2 {
                let last = self.tokens[m.tokenEnd - 1].lower
                if surnameCluster[last] == nil { surnameCluster[last] = count }
                let first = self.tokens[m.tokenStart].lower
                if givenCluster[first] == nil { givenCluster[first] = count }
                if m.tokenEnd - m.tokenStart >= 3 {
                    for k in (m.tokenStart + 1)..<(m.tokenEnd - 1)
                    where self.tokens[k].has(.capitalised) && self.tokens[k].length > 2 {
                        if middleCluster[self.tokens[k].lower] == nil { middleCluster[self.tokens[k].lower] = count }
                    }
                }
            }
            count += 1
        }
    }
}
