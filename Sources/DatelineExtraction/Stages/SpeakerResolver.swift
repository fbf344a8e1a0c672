/// Decides who said each quotation: the person or organisation its attribution names, or the one a pronoun
/// ("she said"), a description ("the official said", "the airline said") or a continuation refers to.
///
/// Speakers resolve only to entities the text names; when the attribution points at someone unnamed ("a
/// resident said", "a spokesperson for the union said ... he added"), the quote keeps no speaker: no name
/// is a better answer than the wrong one.
struct SpeakerResolver {
    /// A resolved speaker: the mention and how it was found (`name`, `pronoun`, `description`, ...).
    typealias Found = (mention: Int, how: String)

    private let model: TextModel
    private let tokens: [Token]
    private let n: Int
    private let mentions: [EntityMention]
    /// Gender by cluster number.
    private let genders: [PersonGender]
    private var mentionByEnd: TokenIndexMap
    private var mentionByStart: TokenIndexMap
    /// Person and organisation mentions outside quotations, in text order: the antecedents pronouns and
    /// descriptions can pick up (someone named inside a quote is not who speaks it).
    private var people: [Int] = []
    private var organisations: [Int] = []
    private var insideQuote: [Bool]
    private var spokenClusters: Set<Int> = []
    /// The previous quote: where it closed, its speaker, and whether a speech verb attributed it.
    private var previous: (close: Int, speaker: Int?, attributed: Bool)? = nil

    /// Words that may follow a speech verb that closes an attribution ("told reporters at", "said on").
    static let attributionFollowers: Set<String> = [
        "in", "at", "on", "to", "during", "after", "before", "from", "with", "by", "recently", "later", "earlier",
        "yesterday", "today", "reporters", "journalists", "afterwards", "then", "again", "also", "last", "this",
    ]

    /// Nouns that stand for an organisation speaking ("the airline said"). Generic ones refer to the
    /// organisation the text last named; the others to the latest one whose name contains the noun.
    static let genericOrganisationNouns: Set<String> = [
        "company", "firm", "airline", "carrier", "retailer", "group", "bank", "business", "manufacturer", "maker",
        "operator", "lender", "insurer", "broadcaster", "newspaper", "network", "charity", "union", "organisation",
        "organization", "supermarket", "chain", "club", "team", "website", "publisher", "startup",
    ]
    /// Documents that "say" things on behalf of whoever issued them.
    static let documentNouns: Set<String> = [
        "report", "statement", "study", "survey", "paper", "release", "letter", "filing",
    ]

    static let namedOrganisationNouns: Set<String> = [
        "ministry", "department", "agency", "council", "government", "police", "army", "military", "airport",
        "university", "court", "party", "commission", "committee", "association", "authority", "office", "embassy",
        "institute", "centre", "center", "board", "service", "foundation", "federation", "administration",
    ]

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
        for (index, m) in mentions.enumerated() where (m.type == .person || m.type == .org) && m.part == nil {
            self.mentionByEnd[m.tokenEnd] = index
            self.mentionByStart[m.tokenStart] = index
            guard !inside[m.tokenStart] else { continue }
            if m.type == .person { self.people.append(index) } else { self.organisations.append(index) }
        }
    }

    /// Sets `speakerMention`, `attribution` and `verb` on every quote, in text order.
    mutating func resolve(_ hits: inout [QuoteFinder.Hit]) {
        for index in hits.indices {
            let hit = hits[index]
            var verb = -1
            var found = self.attributionAfter(hit, verb: &verb)
            if found == nil, verb < 0 { found = self.attributionBefore(hit, verb: &verb) }
            if found == nil, verb < 0 {
                found = self.nearestAttribution(hits, index)
            }
            self.previous = (hit.close, found?.mention, verb >= 0)
            hits[index].verb = verb
            if let found {
                hits[index].speakerMention = found.mention
                hits[index].attribution = found.how
                self.spokenClusters.insert(self.mentions[found.mention].cluster)
            }
        }
    }

    // MARK: - Attribution patterns

    /// `"...," SPEAKER (apposition) VERB` or `"...," VERB SPEAKER`, in the quote's sentence or a short one
    /// right after it.
    private func attributionAfter(_ hit: QuoteFinder.Hit, verb: inout Int) -> Found? {
        // A quote closed by the next one's opening mark has no attribution after it.
        guard hit.close + 1 < self.n, !self.insideQuote[hit.close + 1] else { return nil }
        let paragraph = self.model.paragraphOf[hit.close]
        var k = hit.close + 1
        let attributionSentence = k < self.n ? self.model.sentenceOf[k] : -1
        var v = -1
        while k < self.n, k - hit.close <= 24, self.model.paragraphOf[k] == paragraph,
            self.model.sentenceOf[k] == attributionSentence
        {
            let t = self.tokens[k]
            if t.kind == .quote && k > hit.close + 1 { break }
            if t.classes.contains(.speechVerb) {
                v = k
                break
            }
            k += 1
        }
        // In a new sentence after the quote only a short attribution that ends its clause counts
        // ("Hamilton told reporters"); "Qantas says it is confident" reports new speech.
        if v >= 0, hit.close + 1 < self.n, self.model.sentenceOf[hit.close + 1] != self.model.sentenceOf[hit.close] {
            let next = v + 1 < self.n ? self.tokens[v + 1] : nil
            let closesClause =
                next == nil || next!.kind == .punctuation || next!.kind == .quote
                || Self.attributionFollowers.contains(next!.lower)
            // "“...” Jing Haipeng, commander of the mission, speaking to reporters": a caption naming the speaker
            // first may run longer.
            let namesFirst = self.mentionByStart[hit.close + 1].map { self.mentions[$0].type == .person } ?? false
            let reach = namesFirst ? 25 : 6
            // "...” According to the CDC, 91 Americans die": a new sentence's source, not this quote's.
            if v - hit.close > reach || !closesClause || self.tokens[v].lower == "according" { v = -1 }
        }
        guard v >= 0 else { return nil }
        // "“...,” and promised to work with lawmakers": a verb coordinated with the clause before the quote
        // continues that clause; it does not attribute the quote.
        var c = hit.close + 1
        if c < v, self.tokens[c].first == "," { c += 1 }
        if c < v, ["and", "but", "then"].contains(self.tokens[c].lower) { return nil }
        verb = v
        if self.tokens[v].lower == "according", v + 2 < self.n, self.tokens[v + 1].lower == "to" {
            return self.speaker(at: v + 2, before: hit.open).map { ($0.mention, "according-to") }
        }
        // A named person between the quote and the verb ("Hugh Hill, a doctor, said") wins; otherwise the
        // pronoun or description nearest the verb ("he said", "the official said").
        var q = v - 1
        while q > hit.close {
            if let m = self.mentionByEnd[q + 1], self.mentions[m].type == .person,
                self.mentions[m].tokenStart > hit.close
            {
                // "May's spokesman said": the possessor is not the speaker.
                let owned =
                    q + 2 < self.n && self.tokens[q + 1].kind == .possessive
                    && self.tokens[q + 2].classes.contains(.personDescription)
                if owned { break }
                return (m, "name")
            }
            q -= 1
        }
        // "..., the Metropolitan Police added": an organisation right before the verb speaks too.
        if let m = self.mentionByEnd[v], self.mentions[m].type == .org, self.mentions[m].tokenStart > hit.close {
            return (m, "name")
        }
        q = v - 1
        while q > hit.close {
            if self.tokens[q].kind == .word, let s = self.speaker(at: q, before: hit.open), s.how != "name" { return s }
            q -= 1
        }
        return self.speaker(at: v + 1, before: hit.open)
    }

    /// `SPEAKER VERB: "..."`, `SPEAKER VERB that "..."` and the transcript form `Name: "..."`.
    private func attributionBefore(_ hit: QuoteFinder.Hit, verb: inout Int) -> Found? {
        if hit.open >= 2, self.tokens[hit.open - 1].first == ":", let found = self.colonSubject(hit.open - 1) {
            return found
        }
        var q = hit.open - 1
        var v = -1
        while q >= 0, hit.open - q <= 30, self.model.paragraphOf[q] == self.model.paragraphOf[hit.open] {
            let t = self.tokens[q]
            if t.kind == .quote { break }
            if t.classes.contains(.speechVerb) {
                v = q
                break
            }
            if (t.first == "." || t.first == "?" || t.first == "!") && t.kind == .punctuation { break }
            q -= 1
        }
        guard v >= 0 else {
            // "one of my favourite quotes from activist Maggie Kuhn: “...”": the name right before the colon.
            if hit.open >= 2, self.tokens[hit.open - 1].first == ":", let m = self.mentionByEnd[hit.open - 1],
                self.mentions[m].type == .person
            {
                return (m, "name")
            }
            return nil
        }
        verb = v
        return self.subject(of: v, before: hit.open)
    }

    /// "Prelogar: “...”", "Alito cut her off: “...”": a short clause ending in a colon whose subject is a
    /// named person introduces that person's words, whatever its verb.
    private func colonSubject(_ colon: Int) -> Found? {
        let range = self.model.sentences[Int(self.model.sentenceOf[colon])]
        var k = range.lowerBound
        while k < colon, self.tokens[k].kind == .quote || ["but", "and", "then"].contains(self.tokens[k].lower) {
            k += 1
        }
        guard colon - k <= 12, let m = self.mentionByStart[k], self.mentions[m].type == .person else { return nil }
        // "Smith's lawyer:" and a speech verb before the colon are handled elsewhere.
        if self.isOwner(m) { return nil }
        for e in k..<colon where self.tokens[e].classes.contains(.speechVerb) { return nil }
        return (m, "name")
    }

    /// A quote with no attribution of its own: the speaker of the nearest attribution before it (the
    /// narrative since the previous quote, in its paragraph or, for a quote that opens a paragraph, the one
    /// before), else the previous quote's speaker when that quote is close by.
    private func nearestAttribution(_ hits: [QuoteFinder.Hit], _ index: Int) -> Found? {
        let hit = hits[index]
        let paragraph = Int(self.model.paragraphOf[hit.open])
        let opensParagraph = hit.open == self.model.paragraphs[paragraph].lowerBound
        let opensSentence =
            self.tokens[hit.open].has(.sentenceStart)
            || hit.open > 0 && (self.tokens[hit.open - 1].first == "." || self.tokens[hit.open - 1].first == ":")
        // A fragment inside someone else's sentence is not a continuation.
        guard opensSentence || opensParagraph else { return self.fragmentSubject(hit) }
        var lower = self.model.paragraphs[opensParagraph && paragraph > 0 ? paragraph - 1 : paragraph].lowerBound
        let before = index > 0 ? hits[index - 1] : nil
        if let before { lower = max(lower, before.close + 1) }
        var v = hit.open - 1
        while v >= lower, !(self.tokens[v].classes.contains(.speechVerb) && !self.insideQuote[v]) { v -= 1 }
        if v >= lower {
            // The previous quote's own attribution ("“A,” Alito interjected. “B”"): its speaker, even none.
            if let before, before.verb == v { return before.speakerMention.map { ($0, "continuation") } }
            if self.tokens[v].lower == "according" {
                return v + 2 < self.n && self.tokens[v + 1].lower == "to"
                    ? self.speaker(at: v + 2, before: v).map { ($0.mention, "according-to") } : nil
            }
            return self.subject(of: v, before: v)
        }
        if let before, let speaker = before.speakerMention {
            let previousParagraph = Int(self.model.paragraphOf[before.close])
            guard previousParagraph == paragraph || previousParagraph + 1 == paragraph else { return nil }
            return (speaker, "continuation")
        }
        return self.documentAuthor(before: hit.open)
    }

    /// Excerpts quoted from someone's writing: "Cassidy’s post ... includes all the requisite tactics. These
    /// include: ... “I don’t have anything against bikes.”" — the author of the latest "<person>'s <post>"
    /// in this paragraph or the two before it.
    private func documentAuthor(before k: Int) -> Found? {
        let paragraph = Int(self.model.paragraphOf[max(0, k - 1)])
        let floor = self.model.paragraphs[max(0, paragraph - 2)].lowerBound
        var q = k - 1
        while q > floor, k - q <= 200 {
            if !self.insideQuote[q], Self.writingNouns.contains(self.tokens[q].lower),
                self.tokens[q - 1].kind == .possessive,
                let m = self.mentionByEnd[q - 1], self.mentions[m].type == .person
            {
                return (m, "author")
            }
            q -= 1
        }
        return nil
    }

    /// Pieces of writing whose quoted words belong to their author.
    static let writingNouns: Set<String> = [
        "post", "blog", "column", "article", "essay", "op-ed", "letter", "book", "speech", "statement", "tweet",
        "tweets", "memo", "email", "message", "editorial", "piece", "memoir", "manifesto", "testimony",
    ]

    /// The person named first in a sentence, after any title words ("Prof Sir Doug Turnbull").
    private func openingPerson(of sentence: Int) -> Int? {
        let range = self.model.sentences[sentence]
        var k = range.lowerBound
        while k < range.upperBound, k - range.lowerBound < 6, self.mentionByStart[k] == nil,
            self.tokens[k].kind != .word || !self.tokens[k].classes.isDisjoint(with: [.titleHead, .titleModifier])
        {
            k += 1
        }
        guard k < range.upperBound, let m = self.mentionByStart[k], self.mentions[m].type == .person else { return nil }
        return m
    }

    /// A fragment woven into a sentence with no speech verb ("Trump invoked those feelings: “American
    /// greatness”", "Mr Bannon, who described the media as “the opposition party”"): the person the sentence
    /// is about, named at the start of its clause before the quote, or a pronoun subject there.
    private func fragmentSubject(_ hit: QuoteFinder.Hit) -> Found? {
        let sentence = Int(self.model.sentenceOf[hit.open])
        let range = self.model.sentences[sentence]
        var k = hit.open - 1
        var subject: Found? = nil
        while k >= range.lowerBound, hit.open - k <= 30 {
            // "an ally in Mr Bannon, who described the media as “...”": the relative clause's person.
            if self.tokens[k].lower == "who", k >= 2, self.tokens[k - 1].first == ",", let m = self.mentionByEnd[k - 1],
                self.mentions[m].type == .person
            {
                return (m, "fragment")
            }
            if !self.insideQuote[k], let m = self.mentionByStart[k], self.mentions[m].type == .person, !self.isOwner(m)
            {
                subject = (m, "fragment")
            } else if !self.insideQuote[k], let gender = PersonGender.pronouns[self.tokens[k].lower],
                k == range.lowerBound || self.tokens[k - 1].first == ","
                    || ["but", "and"].contains(self.tokens[k - 1].lower)
            {
                subject = self.antecedent(before: k, gender: gender).map { ($0, "fragment") }
            }
            k -= 1
        }
        return subject
    }

    /// The subject of speech verb `v` when the subject comes first: a name in its clause, a pronoun or
    /// description, an organisation right before it, or a name right after it ("said Jesse Ferguson").
    private func subject(of v: Int, before limit: Int) -> Found? {
        let floor = max(0, v - 14)
        let sentence = self.model.sentenceOf[v]
        // "Asked where Smith was, the Pentagon spokesman said": a description right before the verb is the
        // subject; a name earlier in the clause is not.
        let describedSubject =
            v > 0 && self.tokens[v - 1].classes.contains(.personDescription) && self.mentionByEnd[v] == nil
        var s = v - 1
        while !describedSubject, s >= floor, self.model.sentenceOf[s] == sentence {
            if !self.insideQuote[s], let m = self.mentionByEnd[s + 1], self.mentions[m].type == .person {
                return (m, "name")
            }
            s -= 1
        }
        // "Prof Sir Doug Turnbull, the director of the Wellcome Centre for ... at Newcastle University, said:":
        // a long apposition between the sentence's opening name and its verb.
        if !describedSubject, let opening = self.openingPerson(of: Int(sentence)),
            v - self.mentions[opening].tokenEnd <= 40,
            self.tokens[self.mentions[opening].tokenEnd].first == ","
        {
            return (opening, "name")
        }
        s = v - 1
        while s >= floor, self.model.sentenceOf[s] == sentence {
            if !self.insideQuote[s], let candidate = self.speaker(at: s, before: s), candidate.how != "name" {
                return candidate
            }
            s -= 1
        }
        if let m = self.mentionByEnd[v], self.mentions[m].type == .org { return (m, "name") }
        return self.speaker(at: v + 1, before: limit)
    }

    /// The speaker a phrase starting at `k0` names: a person (after an optional title), a pronoun, or a
    /// description ("the official", "the airline").
    private func speaker(at k0: Int, before limit: Int) -> Found? {
        guard k0 >= 0, k0 < self.n else { return nil }
        let n = self.n
        let tokens = self.tokens
        // Skip a title before the name: "said Professor Sonia Livingstone", "said Mr. Heisbourg".
        var k = k0
        while k < n, k - k0 < 5, self.mentionByStart[k] == nil,
            tokens[k].classes.contains(.titleHead) || tokens[k].classes.contains(.titleModifier)
                || k > k0 && tokens[k].first == "."
                    && self.model.sentenceOf[k + 1 < n ? k + 1 : k] == self.model.sentenceOf[k0]
        {
            k += 1
        }
        if k >= n || self.mentionByStart[k] == nil { k = k0 }
        let lower = tokens[k].lower
        if let m = self.mentionByStart[k], self.mentions[m].type == .person || self.mentions[m].type == .org {
            // "said Clinton campaign spokesman Jesse Ferguson": the named person after a description wins.
            var q = self.mentions[m].tokenEnd
            var sawDescription = false
            while q < n, q - self.mentions[m].tokenEnd < 6 {
                if let other = self.mentionByStart[q], self.mentions[other].type == .person, sawDescription {
                    return (other, "name")
                }
                let classes = tokens[q].classes
                if !classes.isDisjoint(with: [.personDescription, .titleHead]) {
                    sawDescription = true
                } else if tokens[q].kind != .word {
                    break
                }
                q += 1
            }
            if self.mentions[m].type == .person { return (m, "name") }
        }
        if let gender = PersonGender.pronouns[lower] {
            // "..., said the regional manager. "...," he added": a pronoun right after a quote with no named
            // speaker, and no name in between, is that same unnamed speaker.
            if let previous = self.previous, previous.speaker == nil, previous.attributed,
                self.model.paragraphOf[previous.close] + 1 >= self.model.paragraphOf[min(limit, n - 1)]
            {
                var named = false
                for e in previous.close..<max(previous.close, limit) where !self.insideQuote[e] {
                    if let m = self.mentionByStart[e], self.mentions[m].type == .person {
                        named = true
                        break
                    }
                }
                if !named { return nil }
            }
            return self.antecedent(before: min(k, limit), gender: gender).map { ($0, "pronoun") }
        }
        // "It said it would appeal": the organisation the text last named.
        if lower == "it", self.isSpeechVerbAhead(k + 1) {
            return self.organisation(before: k, noun: nil).map { ($0, "pronoun") }
        }
        // "the official", "The State Department official", "a spokesman", "the airline".
        if lower == "the" || lower == "a" || lower == "an" || lower == "its" || lower == "his" || lower == "her" {
            var q = k + 1
            while q < n, q - k <= 6, tokens[q].kind == .word || tokens[q].kind == .possessive {
                let word = tokens[q].lower
                if tokens[q].classes.contains(.personDescription),
                    q + 1 >= n || !tokens[q + 1].isWord || self.isSpeechVerbAhead(q + 1),
                    q + 1 >= n || tokens[q + 1].kind != .possessive
                {
                    // "said the father's lawyer, Nathalie Gallant": the apposed name.
                    if q + 2 < n, tokens[q + 1].first == ",", let m = self.mentionByStart[q + 2],
                        self.mentions[m].type == .person
                    {
                        return (m, "name")
                    }
                    // "the Downing Street spokesman": a description qualified by an organisation or place, with
                    // no name beside it, is someone the text does not name.
                    var qualified = false
                    for e in (k + 1)..<q where tokens[e].has(.capitalised) || tokens[e].kind == .possessive {
                        qualified = true
                    }
                    return self.describedPerson(word, before: min(k, limit), qualified: qualified).map {
                        ($0, "description")
                    }
                }
                if lower == "the",
                    Self.genericOrganisationNouns.contains(word) || Self.namedOrganisationNouns.contains(word),
                    self.isSpeechVerbAhead(q + 1)
                {
                    return self.organisation(before: k, noun: word).map { ($0, "description") }
                }
                // "the report says", "the ICE statement said": the organisation that issued it.
                if Self.documentNouns.contains(word), self.isSpeechVerbAhead(q + 1) {
                    return self.issuer(of: word, at: q).map { ($0, "description") }
                }
                q += 1
            }
        }
        return nil
    }

    /// Whether a speech verb follows at `k`, allowing one adverb before it ("also said", "later added").
    private func isSpeechVerbAhead(_ k: Int) -> Bool {
        guard k < self.n else { return false }
        if self.tokens[k].classes.contains(.speechVerb) { return true }
        guard k + 1 < self.n, self.tokens[k].isWord, self.tokens[k].has(.lowercase) else { return false }
        let word = self.tokens[k].lower
        let adverb =
            word.hasSuffix("ly") || ["also", "later", "then", "has", "had", "have", "again", "once"].contains(word)
        return adverb && self.tokens[k + 1].classes.contains(.speechVerb)
    }

    // MARK: - Antecedents

    private func agrees(_ mention: Int, _ gender: PersonGender) -> Bool {
        let cluster = self.mentions[mention].cluster
        return (cluster >= 0 && cluster < self.genders.count ? self.genders[cluster] : .unknown).agrees(with: gender)
    }

    /// The index into `list` of the first mention starting at or after token `k`.
    private func firstIndex(in list: [Int], atOrAfter k: Int) -> Int {
        var lo = 0
        var hi = list.count
        while lo < hi {
            let mid = (lo + hi) / 2
            if self.mentions[list[mid]].tokenStart < k { lo = mid + 1 } else { hi = mid }
        }
        return lo
    }

    /// The person a pronoun of `gender` at token `k` refers to: the first agreeing person (usually the
    /// subject) of the latest sentence that names one, looking back a few sentences.
    ///
    /// A sentence whose subject is itself a pronoun ("She says former champion Kieren Perkins helped") names
    /// only objects, so the search goes on before it; a sentence whose subject is an unnamed person ("A
    /// resident screamed at them") means the pronoun refers to that person, and nobody named is returned.
    private func antecedent(before k: Int, gender: PersonGender) -> Int? {
        guard k > 0 else { return nil }
        var upper = self.firstIndex(in: self.people, atOrAfter: k)
        var sentence = Int(self.model.sentenceOf[k - 1])
        let lowest = max(0, sentence - 8)
        var skips = 0
        while sentence >= lowest {
            let range = self.model.sentences[sentence]
            var lower = upper
            while lower > 0, self.mentions[self.people[lower - 1]].tokenStart >= range.lowerBound { lower -= 1 }
            defer { upper = lower }
            if let chosen = self.clauseSubject(self.people[lower..<upper], sentence: range, gender: gender) {
                let mentionStart = self.mentions[chosen].tokenStart
                if skips < 2, self.pronounSubject(range.lowerBound, before: mentionStart, gender: gender) {
                    skips += 1
                    sentence -= 1
                    continue
                }
                return chosen
            }
            if self.unnamedPersonSubject(range) { return nil }
            sentence -= 1
        }
        return nil
    }

    /// Of the people named in one sentence, the one a later pronoun most likely means: the subject of the
    /// last clause that opens with a name ("Trump has not explained it, but Bharara fanned suspicions":
    /// Bharara), else the first agreeing one (usually the sentence's subject).
    private func clauseSubject(_ candidates: ArraySlice<Int>, sentence range: Range<Int>, gender: PersonGender) -> Int?
    {
        let agreeing = candidates.filter { self.agrees($0, gender) }
        for m in agreeing.reversed() {
            let start = self.mentions[m].tokenStart
            if start >= range.lowerBound + 2,
                ["but", "while", "whereas", "and"].contains(self.tokens[start - 1].lower),
                self.tokens[start - 2].first == "," || self.tokens[start - 2].first == ";"
            {
                return m
            }
        }
        return agreeing.first
    }

    /// Whether the sentence starting at `start` opens with an agreeing person pronoun before token `limit`.
    private func pronounSubject(_ start: Int, before limit: Int, gender: PersonGender) -> Bool {
        var k = start
        while k < limit, k - start < 3 {
            let t = self.tokens[k]
            if let g = PersonGender.pronouns[t.lower] { return g.agrees(with: gender) }
            if t.kind == .word, !["but", "and", "so", "then", "yet"].contains(t.lower) { return false }
            k += 1
        }
        return false
    }

    /// Whether a sentence's subject is a person introduced without a name: "A resident screamed at them",
    /// "But a spokesperson for the association said".
    private func unnamedPersonSubject(_ range: Range<Int>) -> Bool {
        // The main clause may follow an opening subordinate one: "As reporters swarmed in, a resident screamed".
        var starts = [range.lowerBound]
        for c in range where self.tokens[c].first == "," && c + 1 < range.upperBound && starts.count < 4 {
            starts.append(c + 1)
        }
        return starts.contains { self.unnamedPersonOpens(at: $0, in: range) }
    }

    private func unnamedPersonOpens(at start: Int, in range: Range<Int>) -> Bool {
        var k = start
        while k < range.upperBound, k - start < 3,
            self.tokens[k].kind != .word
                || ["but", "and", "however", "meanwhile", "still"].contains(self.tokens[k].lower)
        {
            k += 1
        }
        guard k < range.upperBound, ["a", "an", "one", "another"].contains(self.tokens[k].lower) else { return false }
        var q = k + 1
        while q < range.upperBound, q - k <= 4, self.tokens[q].isWord {
            if self.mentionByStart[q] != nil { return false }
            if self.tokens[q].classes.contains(.personDescription) { return true }
            q += 1
        }
        return false
    }

    /// "the minister said": the most recent person introduced with that word nearby ("The minister Jane
    /// Doe", "Jane Doe, the minister,"), else the most recent person who spoke, else the most recent person.
    private func describedPerson(_ noun: String, before limit: Int, qualified: Bool = false) -> Int? {
        let upper = self.firstIndex(in: self.people, atOrAfter: limit)
        guard upper > 0 else { return nil }
        var q = upper - 1
        while q >= 0, upper - 1 - q < 8 {
            let m = self.mentions[self.people[q]]
            // "May's spokesman": the possessor is not the one described.
            let owner = m.tokenEnd < self.n && self.tokens[m.tokenEnd].kind == .possessive
            if !owner, self.isApposed(noun, to: m) { return self.people[q] }
            q -= 1
        }
        if qualified {
            // ... unless it is how the text refers back to whoever spoke the sentence before: "“...,” Rear
            // Admiral John Stufflebeem said. Asked where he was, the Pentagon spokesman said".
            guard let previous = self.previous, let speaker = previous.speaker, previous.close < limit,
                Int(self.model.sentenceOf[limit]) - Int(self.model.sentenceOf[previous.close]) <= 2
            else { return nil }
            return speaker
        }
        // "a White House official said ... the official said": when the description's latest earlier use
        // stands apart from any name, the speaker is that unnamed person, not whoever was named last.
        var d = limit - 1
        while d >= 0, limit - d <= 400 {
            if self.tokens[d].lower == noun {
                var named = false
                for e in max(0, d - 5)..<min(self.n, d + 6) {
                    if let m = self.mentionByStart[e], self.mentions[m].type == .person, !self.isOwner(m) {
                        named = true
                    }
                }
                if named { break }
                // Only an indefinite introduction ("a senior official") sets up an unnamed speaker; a
                // definite one ("the minister said") refers back further.
                var indefinite = false
                for e in max(0, d - 5)..<d where self.tokens[e].lower == "a" || self.tokens[e].lower == "an" {
                    indefinite = true
                }
                if indefinite { return nil }
            }
            d -= 1
        }
        // The most recent person who has spoken, else the latest sentence's subject.
        var p = upper - 1
        while p >= 0, upper - 1 - p < 8 {
            if self.spokenClusters.contains(self.mentions[self.people[p]].cluster) { return self.people[p] }
            p -= 1
        }
        return self.antecedent(before: limit, gender: .unknown)
    }

    /// Whether `noun` describes the person of mention `m` right beside the name: "the minister Jane Doe",
    /// "Jane Doe, the minister,", "Jane Doe, a senior minister" — but not "a spokesman for Jane Doe".
    private func isApposed(_ noun: String, to m: EntityMention) -> Bool {
        let prepositions: Set<String> = ["for", "of", "to", "with", "from", "by", "at", "and", "or"]
        let sentence = self.model.sentenceOf[m.tokenStart]
        var k = m.tokenStart - 1
        while k >= 0, m.tokenStart - k <= 5, self.model.sentenceOf[k] == sentence,
            !prepositions.contains(self.tokens[k].lower)
        {
            if self.tokens[k].lower == noun { return true }
            k -= 1
        }
        k = m.tokenEnd
        while k < self.n, k - m.tokenEnd < 5, self.model.sentenceOf[k] == sentence,
            !prepositions.contains(self.tokens[k].lower)
        {
            if self.tokens[k].lower == noun { return true }
            k += 1
        }
        return false
    }

    /// Whether a person mention is a possessor ("May's spokesman").
    private func isOwner(_ mention: Int) -> Bool {
        let end = self.mentions[mention].tokenEnd
        return end < self.n && self.tokens[end].kind == .possessive
    }

    /// Who issued "the report" at token `k`: the organisation or person right before this or an earlier
    /// mention of the same document ("the U.S. Embassy report", "a PLO statement", "Asda's statement").
    private func issuer(of noun: String, at k: Int) -> Int? {
        var d = k
        while d >= 1, k - d <= 600 {
            if self.tokens[d].lower == noun {
                var e = d
                if e >= 1, self.tokens[e - 1].kind == .possessive { e -= 1 }
                if let m = self.mentionByEnd[e] { return m }
            }
            d -= 1
        }
        return nil
    }

    /// The organisation "it" or "the <noun>" refers to: the latest one whose name contains `noun`, or, for
    /// "it" and generic nouns ("the company"), the first organisation of the latest sentence naming one.
    private func organisation(before k: Int, noun: String?) -> Int? {
        guard k > 0 else { return nil }
        let upper = self.firstIndex(in: self.organisations, atOrAfter: k)
        let sentence = Int(self.model.sentenceOf[k - 1])
        if let noun {
            var q = upper - 1
            while q >= 0, upper - 1 - q < 30 {
                let m = self.mentions[self.organisations[q]]
                if (m.tokenStart..<m.tokenEnd).contains(where: { self.tokens[$0].lower == noun }) {
                    return self.organisations[q]
                }
                q -= 1
            }
            guard Self.genericOrganisationNouns.contains(noun) else { return nil }
        }
        guard upper > 0 else { return nil }
        var q = upper - 1
        let latest = Int(self.model.sentenceOf[self.mentions[self.organisations[q]].tokenStart])
        guard sentence - latest <= (noun == nil ? 1 : 3) else { return nil }
        while q > 0, Int(self.model.sentenceOf[self.mentions[self.organisations[q - 1]].tokenStart]) == latest {
            q -= 1
        }
        return self.organisations[q]
    }
}
