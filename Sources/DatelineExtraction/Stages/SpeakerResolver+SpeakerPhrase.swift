// What a phrase right beside a speech verb names: a person, a pronoun, a description or an organisation.

extension SpeakerResolver {
    /// The speaker a phrase starting at `k0` names: a person (after an optional title), a pronoun, or a
    /// description ("the official", "the airline").
    func speaker(at k0: Int, before limit: Int) -> Found? {
        guard k0 >= 0, k0 < self.n else { return nil }
        let n = self.n
        let tokens = self.tokens
        // A doubled verb is a typo ("said said Jane Doe"); the speaker follows the second.
        let k0 =
            k0 + 1 < n && k0 > 0 && tokens[k0].lower == tokens[k0 - 1].lower
                && tokens[k0].classes.contains(.speechVerb) ? k0 + 1 : k0
        // Skip a title before the name: "said Professor Sonia Livingstone", "said Mr. Heisbourg", "said
        // California Democratic Rep. Jane Doe" (capitalised words that are no name of a speaker).
        var k = k0
        while k < n, k - k0 < 6, self.mentionByStart[k] == nil,
            tokens[k].classes.contains(.titleHead) || tokens[k].classes.contains(.titleModifier)
                || tokens[k].isCapitalised
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
                    return (other, .name)
                }
                let classes = tokens[q].classes
                if !classes.isDisjoint(with: [.personDescription, .titleHead]) {
                    sawDescription = true
                } else if tokens[q].kind != .word {
                    break
                }
                q += 1
            }
            if self.mentions[m].type == .person { return (m, .name) }
        }
        // "Acme said": the first word of an organisation named earlier ("Acme Corporation"); "added Phon":
        // one word of a person's name, given before ("Phon Chane").
        if tokens[k].isCapitalised, self.mentionByStart[k] == nil {
            let afterVerb = k >= 1 && tokens[k - 1].classes.contains(.speechVerb)
            if self.isSpeechVerbAhead(k + 1), let m = self.organisation(shortenedTo: k) { return (m, .name) }
            if self.isSpeechVerbAhead(k + 1) || afterVerb, let m = self.person(shortenedTo: k) { return (m, .name) }
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
            return self.antecedent(before: min(k, limit), gender: gender).map { ($0, .pronoun) }
        }
        // "It said it would appeal": the organisation the text last named.
        if lower == "it", self.isSpeechVerbAhead(k + 1) {
            return self.organisation(before: k, noun: nil).map { ($0, .pronoun) }
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
                        return (m, .name)
                    }
                    // "the Downing Street spokesman": a description qualified by an organisation or place, with
                    // no name beside it, is someone the text does not name.
                    var qualified = false
                    for e in (k + 1)..<q where tokens[e].has(.capitalised) || tokens[e].kind == .possessive {
                        qualified = true
                    }
                    // "a resident said", "an official said": someone new the text does not name.
                    if lower == "a" || lower == "an" { return nil }
                    return self.describedPerson(word, before: min(k, limit), qualified: qualified).map {
                        ($0, .description)
                    }
                }
                if lower == "the",
                    Self.genericOrganisationNouns.contains(word) || Self.namedOrganisationNouns.contains(word),
                    self.isSpeechVerbAhead(q + 1)
                {
                    return self.organisation(before: k, noun: word).map { ($0, .description) }
                }
                // "the report says", "the ICE statement said": the organisation that issued it.
                if Self.documentNouns.contains(word), self.isSpeechVerbAhead(q + 1) {
                    return self.issuer(of: word, at: q).map { ($0, .description) }
                }
                q += 1
            }
        }
        return nil
    }

    /// Whether a speech verb follows at `k`, allowing one adverb before it ("also said", "later added").
    func isSpeechVerbAhead(_ k: Int) -> Bool {
        guard k < self.n else { return false }
        if self.tokens[k].classes.contains(.speechVerb) { return true }
        guard k + 1 < self.n, self.tokens[k].isWord, self.tokens[k].has(.lowercase) else { return false }
        let word = self.tokens[k].lower
        let adverb =
            word.hasSuffix("ly") || ["also", "later", "then", "has", "had", "have", "again", "once"].contains(word)
        return adverb && self.tokens[k + 1].classes.contains(.speechVerb)
    }
}
