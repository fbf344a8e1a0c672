// A speaker named by a short form ("Acme said", "Harris said") is reported under the fullest name the
// article gives the same organisation or person ("Acme Corporation", "Bede Harris"), even when the
// recognizer kept the two forms apart.

extension SpeakerResolver {
    /// Replaces each speaker mention by the longest mention of the same type whose words contain it, when
    /// exactly one entity has such a longer name (two people called Harris leave "Harris" as it is) and the
    /// speaker's own entity has no longer name.
    ///
    /// - Parameter hits: The quotes with their speakers resolved.
    func preferFullestNames(_ hits: inout [QuoteFinder.Hit]) {
        var chosen: [Int: Int] = [:]
        for index in hits.indices {
            guard let m = hits[index].speakerMention else { continue }
            if let known = chosen[m] {
                hits[index].speakerMention = known
                continue
            }
            let fullest = self.fullestMention(containing: m) ?? m
            chosen[m] = fullest
            hits[index].speakerMention = fullest
        }
    }

    /// The longest mention of the same type, in another entity, whose words contain mention `m`'s words in
    /// order; `nil` when there is none or the candidates belong to more than one entity.
    func fullestMention(containing m: Int) -> Int? {
        let short = self.mentions[m]
        let length = short.tokenEnd - short.tokenStart
        guard length <= 3 else { return nil }
        // The recognizer already linked this form to a longer one ("Trump" to "Donald J. Trump"): its name
        // stands, and other longer names containing it belong to someone else.
        for other in self.mentions where other.cluster == short.cluster && other.tokenEnd - other.tokenStart > length {
            return nil
        }
        var best: Int? = nil
        var cluster: Int? = nil
        for (index, candidate) in self.mentions.enumerated()
        where candidate.type == short.type && candidate.part == nil && candidate.cluster != short.cluster
            && candidate.tokenEnd - candidate.tokenStart > length
        {
            guard self.contains(candidate, short) else { continue }
            if let cluster, cluster != candidate.cluster { return nil }
            cluster = candidate.cluster
            if best == nil
                || candidate.tokenEnd - candidate.tokenStart
                    > self.mentions[best!].tokenEnd - self.mentions[best!].tokenStart
            {
                best = index
            }
        }
        return best
    }

    /// Whether `long`'s words contain `short`'s words as a run; a person's short form must be the surname
    /// (the long name's last word), as "Harris" is of "Bede Harris" but not of "Harris Smith".
    private func contains(_ long: EntityMention, _ short: EntityMention) -> Bool {
        let length = short.tokenEnd - short.tokenStart
        let starts: StrideThrough<Int> =
            short.type == .person
            ? stride(from: long.tokenEnd - length, through: long.tokenEnd - length, by: 1)
            : stride(from: long.tokenStart, through: long.tokenEnd - length, by: 1)
        for s in starts
        where (0..<length).allSatisfy({ self.tokens[s + $0].lower == self.tokens[short.tokenStart + $0].lower }) {
            return true
        }
        return false
    }

    /// The latest person named before token `k` (outside quotations) whose first or last name is the single
    /// capitalised word at `k`, which the recognizer did not tag: "added Phon" after "Phon Chane".
    func person(shortenedTo k: Int) -> Int? {
        let word = self.tokens[k].lower
        var q = self.firstIndex(in: self.people, atOrAfter: k) - 1
        while q >= 0 {
            let m = self.mentions[self.people[q]]
            if m.tokenEnd - m.tokenStart >= 2,
                self.tokens[m.tokenStart].lower == word || self.tokens[m.tokenEnd - 1].lower == word
            {
                return self.people[q]
            }
            q -= 1
        }
        return nil
    }
}
