// A quote followed by its attribution: `"...," SPEAKER said` or `"...," said SPEAKER`.

extension SpeakerResolver {
    /// Words that may follow a speech verb that closes an attribution ("told reporters at", "said on").
    static let attributionFollowers: Set<String> = [
        "in", "at", "on", "to", "during", "after", "before", "from", "with", "by", "recently", "later", "earlier",
        "yesterday", "today", "reporters", "journalists", "afterwards", "then", "again", "also", "last", "this",
    ]

    /// `"...," SPEAKER (apposition) VERB` or `"...," VERB SPEAKER`, in the quote's sentence or a short one
    /// right after it.
    func attributionAfter(_ hit: QuoteFinder.Hit, verb: inout Int) -> Found? {
        // A quote closed by the next one's opening mark has no attribution after it.
        guard hit.close + 1 < self.n, !self.insideQuote[hit.close + 1] else { return nil }
        // Nor does one that ran to its paragraph's end without a closing mark: what follows is a new paragraph.
        guard self.model.paragraphOf[hit.close] == self.model.paragraphOf[hit.open] else { return nil }
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
                || Self.attributionFollowers.contains(next!.lower) || self.addresseeCloses(after: v)
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
            return self.speaker(at: v + 2, before: hit.open).map { ($0.mention, .accordingTo) }
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
                return (m, .name)
            }
            q -= 1
        }
        // "..., the Metropolitan Police added": an organisation right before the verb speaks too.
        if let m = self.mentionByEnd[v], self.mentions[m].type == .org, self.mentions[m].tokenStart > hit.close {
            return (m, .name)
        }
        q = v - 1
        while q > hit.close {
            if self.tokens[q].kind == .word, let s = self.speaker(at: q, before: hit.open), s.how != .name { return s }
            q -= 1
        }
        return self.speaker(at: v + 1, before: hit.open)
    }

    /// Whether a speech verb's object is the person addressed and the clause ends there: "Reynolds asked
    /// Jane Doe.", "she told Jane Doe in an interview".
    func addresseeCloses(after v: Int) -> Bool {
        guard let m = self.mentionByStart[v + 1], self.mentions[m].type == .person else { return false }
        let end = self.mentions[m].tokenEnd
        guard end < self.n else { return true }
        let next = self.tokens[end]
        return next.kind == .punctuation || next.kind == .quote || Self.attributionFollowers.contains(next.lower)
    }
}
