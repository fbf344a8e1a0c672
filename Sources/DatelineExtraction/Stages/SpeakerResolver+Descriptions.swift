// Descriptions ("the minister", "a spokesman"): the person the text introduced with that word, or nobody.

extension SpeakerResolver {
    /// "the minister said": the most recent person introduced with that word nearby ("The minister Jane
    /// Doe", "Jane Doe, the minister,"), else the most recent person who spoke, else the most recent person.
    func describedPerson(_ noun: String, before limit: Int, qualified: Bool = false) -> Int? {
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
    func isApposed(_ noun: String, to m: EntityMention) -> Bool {
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
    func isOwner(_ mention: Int) -> Bool {
        let end = self.mentions[mention].tokenEnd
        return end < self.n && self.tokens[end].kind == .possessive
    }
}
