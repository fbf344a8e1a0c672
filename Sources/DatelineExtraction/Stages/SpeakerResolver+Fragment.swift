// A quoted fragment woven into a sentence belongs to the person the sentence is about.

extension SpeakerResolver {
    /// A fragment woven into a sentence with no speech verb ("Trump invoked those feelings: “American
    /// greatness”", "Mr Bannon, who described the media as “the opposition party”"): the person the sentence
    /// is about, named at the start of its clause before the quote, or a pronoun subject there.
    func fragmentSubject(_ hit: QuoteFinder.Hit) -> Found? {
        let sentence = Int(self.model.sentenceOf[hit.open])
        let range = self.model.sentences[sentence]
        var k = hit.open - 1
        var subject: Found? = nil
        while k >= range.lowerBound, hit.open - k <= 30 {
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
        return subject
    }
}
