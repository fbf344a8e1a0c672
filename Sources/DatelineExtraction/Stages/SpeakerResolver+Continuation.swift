// A quote with no attribution of its own takes the nearest one before it, or its author's.

extension SpeakerResolver {
    /// A quote with no attribution of its own: the speaker of the nearest attribution before it (the
    /// narrative since the previous quote, in its paragraph or, for a quote that opens a paragraph, the one
    /// before), else the previous quote's speaker when that quote is close by.
    func nearestAttribution(_ hits: [QuoteFinder.Hit], _ index: Int) -> Found? {
        let hit = hits[index]
        let paragraph = Int(self.model.paragraphOf[hit.open])
        let opensParagraph = hit.open == self.model.paragraphs[paragraph].lowerBound
        let opensSentence =
            self.tokens[hit.open].has(.sentenceStart)
            || hit.open > 0 && (self.tokens[hit.open - 1].first == "." || self.tokens[hit.open - 1].first == ":")
        // A fragment inside someone else's sentence is not a continuation.
        guard opensSentence || opensParagraph else {
            return self.fragmentSubject(hit) ?? self.adjacentContinuation(hits, index)
        }
        var lower = self.model.paragraphs[opensParagraph && paragraph > 0 ? paragraph - 1 : paragraph].lowerBound
        let before = index > 0 ? hits[index - 1] : nil
        if let before { lower = max(lower, before.close + 1) }
        var v = hit.open - 1
        while v >= lower, !(self.tokens[v].classes.contains(.speechVerb) && !self.insideQuote[v]) { v -= 1 }
        if v >= lower {
            // The previous quote's own attribution ("“A,” Alito interjected. “B”"): its speaker, even none.
            if let before, before.verb == v { return before.speakerMention.map { ($0, .continuation) } }
            if self.tokens[v].lower == "according" {
                return v + 2 < self.n && self.tokens[v + 1].lower == "to"
                    ? self.speaker(at: v + 2, before: v).map { ($0.mention, .accordingTo) } : nil
            }
            return self.subject(of: v, before: v)
        }
        if let before, let speaker = before.speakerMention {
            let previousParagraph = Int(self.model.paragraphOf[before.close])
            guard previousParagraph == paragraph || previousParagraph + 1 == paragraph else { return nil }
            return (speaker, .continuation)
        }
        return self.documentAuthor(before: hit.open)
    }

    /// Excerpts quoted from someone's writing: "Cassidy’s post ... includes all the requisite tactics. These
    /// include: ... “I don’t have anything against bikes.”" — the author of the latest "<person>'s <post>"
    /// in this paragraph or the two before it.
    func documentAuthor(before k: Int) -> Found? {
        let paragraph = Int(self.model.paragraphOf[max(0, k - 1)])
        let floor = self.model.paragraphs[max(0, paragraph - 2)].lowerBound
        var q = k - 1
        while q > floor, k - q <= 200 {
            if !self.insideQuote[q], Self.writingNouns.contains(self.tokens[q].lower),
                self.tokens[q - 1].kind == .possessive,
                let m = self.mentionByEnd[q - 1], self.mentions[m].type == .person
            {
                return (m, .author)
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

    /// A fragment in the sentence right after an attributed quote, with nobody else named or referred to in
    /// between, goes on with that quote's speaker: "“...,” Jane Doe wrote. By becoming “allies of a cause,”
    /// we risk the funding."
    func adjacentContinuation(_ hits: [QuoteFinder.Hit], _ index: Int) -> Found? {
        guard index > 0, let speaker = hits[index - 1].speakerMention else { return nil }
        let before = hits[index - 1]
        let hit = hits[index]
        guard self.model.sentenceOf[hit.open] - self.model.sentenceOf[min(before.close, self.n - 1)] <= 1,
            before.close < hit.open
        else { return nil }
        for k in before.close..<hit.open where !self.insideQuote[k] {
            if let m = self.mentionByStart[k], self.mentions[m].cluster != self.mentions[speaker].cluster {
                return nil
            }
            if PersonGender.pronouns[self.tokens[k].lower] != nil { return nil }
        }
        return (speaker, .continuation)
    }
}
