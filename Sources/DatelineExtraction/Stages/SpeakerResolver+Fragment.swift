// A quoted fragment woven into a sentence belongs to the person the sentence is about.

extension SpeakerResolver {
    /// A fragment woven into a sentence with no speech verb ("Trump invoked those feelings: “American
    /// greatness”", "Mr Bannon, who described the media as “the opposition party”"): the person the sentence
    /// is about, named at the start of its clause before the quote, or a pronoun subject there; else an
    /// organisation opening its clause ("the agency branded the plan “...”"), or the agent of a passive
    /// ("she was described by The Times as “...”").
    func fragmentSubject(_ hit: QuoteFinder.Hit) -> Found? {
        let sentence = Int(self.model.sentenceOf[hit.open])
        let range = self.model.sentences[sentence]
        var k = hit.open - 1
        var subject: Found? = nil
        var organisation: Found? = nil
        while k >= range.lowerBound, hit.open - k <= 30 {
            if subject == nil, let agent = self.passiveAgent(at: k) { return (agent, .fragment) }
            if !self.insideQuote[k], let m = self.mentionByStart[k], self.mentions[m].type == .org,
                self.opensClause(k)
            {
                organisation = (m, .fragment)
            }
            // "an ally in Mr Bannon, who described the media as “...”": the relative clause's person.
            if self.tokens[k].lower == "who", k >= 2, self.tokens[k - 1].first == ",", let m = self.mentionByEnd[k - 1],
                self.mentions[m].type == .person
            {
                return (m, .fragment)
            }
            if !self.insideQuote[k], let m = self.mentionByStart[k], self.mentions[m].type == .person, !self.isOwner(m)
            {
                subject = (m, .fragment)
            } else if !self.insideQuote[k], let gender = PersonGender.pronouns[self.tokens[k].lower],
                k == range.lowerBound || self.tokens[k - 1].first == ","
                    || ["but", "and"].contains(self.tokens[k - 1].lower)
            {
                subject = self.antecedent(before: k, gender: gender).map { ($0, .fragment) }
            }
            k -= 1
        }
        return subject ?? organisation
    }

    /// Whether a mention at token `k` (after an optional "the") opens its clause: at the sentence start, or
    /// after a comma, semicolon or conjunction.
    func opensClause(_ k: Int) -> Bool {
        var b = k - 1
        if b >= 0, self.tokens[b].lower == "the" { b -= 1 }
        guard b >= 0, self.model.sentenceOf[b] == self.model.sentenceOf[k] else { return true }
        let t = self.tokens[b]
        return t.first == "," || t.first == ";" || ["and", "but", "while"].contains(t.lower)
    }
}
