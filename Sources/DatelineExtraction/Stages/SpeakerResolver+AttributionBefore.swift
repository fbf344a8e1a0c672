// A quote introduced by its attribution: `SPEAKER said: "..."`, `SPEAKER said that "..."`, `Name: "..."`.

extension SpeakerResolver {
    /// `SPEAKER VERB: "..."`, `SPEAKER VERB that "..."` and the transcript form `Name: "..."`.
    func attributionBefore(_ hit: QuoteFinder.Hit, verb: inout Int) -> Found? {
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
                return (m, .name)
            }
            return nil
        }
        verb = v
        return self.subject(of: v, before: hit.open)
    }

    /// "Prelogar: “...”", "Alito cut her off: “...”": a short clause ending in a colon whose subject is a
    /// named person introduces that person's words, whatever its verb.
    func colonSubject(_ colon: Int) -> Found? {
        let range = self.model.sentences[Int(self.model.sentenceOf[colon])]
        var k = range.lowerBound
        while k < colon, self.tokens[k].kind == .quote || ["but", "and", "then"].contains(self.tokens[k].lower) {
            k += 1
        }
        guard colon - k <= 12, let m = self.mentionByStart[k], self.mentions[m].type == .person else { return nil }
        // "Smith's lawyer:" and a speech verb before the colon are handled elsewhere.
        if self.isOwner(m) { return nil }
        for e in k..<colon where self.tokens[e].classes.contains(.speechVerb) { return nil }
        return (m, .name)
    }
}
