// Pronoun antecedents: the named person a "he", "she" or "they" refers to, across sentences and paragraphs.

extension SpeakerResolver {
    func agrees(_ mention: Int, _ gender: PersonGender) -> Bool {
        let cluster = self.mentions[mention].cluster
        return (cluster >= 0 && cluster < self.genders.count ? self.genders[cluster] : .unknown).agrees(with: gender)
    }

    /// The index into `list` of the first mention starting at or after token `k`.
    func firstIndex(in list: [Int], atOrAfter k: Int) -> Int {
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
    func antecedent(before k: Int, gender: PersonGender) -> Int? {
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
    func clauseSubject(_ candidates: ArraySlice<Int>, sentence range: Range<Int>, gender: PersonGender) -> Int? {
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
    func pronounSubject(_ start: Int, before limit: Int, gender: PersonGender) -> Bool {
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
    func unnamedPersonSubject(_ range: Range<Int>) -> Bool {
        // The main clause may follow an opening subordinate one: "As reporters swarmed in, a resident screamed".
        var starts = [range.lowerBound]
        for c in range where self.tokens[c].first == "," && c + 1 < range.upperBound && starts.count < 4 {
            starts.append(c + 1)
        }
        return starts.contains { self.unnamedPersonOpens(at: $0, in: range) }
    }

    func unnamedPersonOpens(at start: Int, in range: Range<Int>) -> Bool {
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
            if self.tokens[q].classes.contains(.personDescription) { return !self.apposedToPronoun(q, in: range) }
            q += 1
        }
        return false
    }

    /// Whether the description at token `q` is set before a pronoun subject ("A teacher by training, she
    /// said"): it then describes the person the pronoun means, not someone new.
    func apposedToPronoun(_ q: Int, in range: Range<Int>) -> Bool {
        var c = q + 1
        while c + 1 < range.upperBound, c - q <= 10, self.tokens[c].kind != .quote {
            if self.tokens[c].first == "," { return PersonGender.pronouns[self.tokens[c + 1].lower] != nil }
            c += 1
        }
        return false
    }
}
