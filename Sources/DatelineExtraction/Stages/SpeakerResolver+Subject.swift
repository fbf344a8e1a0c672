// The subject of a speech verb: the person, pronoun, description or organisation that does the saying.

extension SpeakerResolver {
    /// The person named first in a sentence, after any title words ("Prof Sir Doug Turnbull") and
    /// capitalised qualifiers ("New Jersey Gov. Jane Doe").
    func openingPerson(of sentence: Int) -> Int? {
        let range = self.model.sentences[sentence]
        var k = range.lowerBound
        while k < range.upperBound, k - range.lowerBound < 6, self.mentionByStart[k] == nil,
            self.tokens[k].kind != .word || self.tokens[k].isCapitalised
                || !self.tokens[k].classes.isDisjoint(with: [.titleHead, .titleModifier])
        {
            k += 1
        }
        guard k < range.upperBound, let m = self.mentionByStart[k], self.mentions[m].type == .person else { return nil }
        return m
    }

    /// The subject of speech verb `v` when the subject comes first: a name in its clause, a pronoun or
    /// description, an organisation right before it, or a name right after it ("said Jesse Ferguson").
    func subject(of v: Int, before limit: Int) -> Found? {
        // "She was described by Jane Doe as “...”": a passive's agent speaks, not its subject.
        if let agent = self.passiveAgent(at: v + 1) { return (agent, .name) }
        // "Jane Doe denied any rift, saying that they “get along”": a participle after a comma shares the
        // subject of the clause it hangs on.
        if v >= 1, self.tokens[v].lower.hasSuffix("ing"), self.tokens[v - 1].first == ",",
            let opening = self.openingPerson(of: Int(self.model.sentenceOf[v])), self.mentions[opening].tokenEnd < v
        {
            return (opening, .name)
        }
        let floor = max(0, v - 14)
        let sentence = self.model.sentenceOf[v]
        // "Asked where Smith was, the Pentagon spokesman said": a description right before the verb is the
        // subject; a name earlier in the clause is not.
        let describedSubject =
            v > 0 && self.tokens[v - 1].classes.contains(.personDescription) && self.mentionByEnd[v] == nil
        var s = v - 1
        while !describedSubject, s >= floor, self.model.sentenceOf[s] == sentence {
            if !self.insideQuote[s], let m = self.mentionByEnd[s + 1], self.mentions[m].type == .person {
                return (m, .name)
            }
            s -= 1
        }
        // "Prof Sir Doug Turnbull, the director of the Wellcome Centre for ... at Newcastle University, said:":
        // a long apposition between the sentence's opening name and its verb.
        if !describedSubject, let opening = self.openingPerson(of: Int(sentence)),
            v - self.mentions[opening].tokenEnd <= 40,
            self.tokens[self.mentions[opening].tokenEnd].first == ","
        {
            return (opening, .name)
        }
        s = v - 1
        while s >= floor, self.model.sentenceOf[s] == sentence {
            if !self.insideQuote[s], let candidate = self.speaker(at: s, before: s), candidate.how != .name {
                return candidate
            }
            s -= 1
        }
        if let m = self.mentionByEnd[v], self.mentions[m].type == .org { return (m, .name) }
        return self.speaker(at: v + 1, before: limit)
    }
}
