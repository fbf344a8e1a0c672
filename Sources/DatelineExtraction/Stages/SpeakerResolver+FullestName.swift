// A speaker named by a short form ("Acme said", "Harris said") is reported under the fullest name the
// article gives the same organisation or person ("Acme Corporation", "Bede Harris"), even when the
// recognizer kept the two forms apart.

extension SpeakerResolver {
    /// How far back the short-form lookups go, in mentions: a short form refers to a name given recently,
    /// and the bound keeps a text with thousands of quotes linear.
    static let shortFormReach = 50

    /// Replaces each speaker by the longest mention of the same type whose words contain the speaker's, when
    /// exactly one entity has such a longer name (two people called Harris leave "Harris" as it is) and the
    /// speaker's own entity has no longer name.
    ///
    /// Works per entity, with one pass over the mentions to find the candidates, so the cost is linear in
    /// the mentions whatever the number of quotes.
    ///
    /// - Parameter hits: The quotes with their speakers resolved.
    func preferFullestNames(_ hits: inout [QuoteFinder.Hit]) {
        // The speakers' entities, each with its longest mention.
        var longest: [Int: Int] = [:]
        for hit in hits {
            guard let m = hit.speakerMention else { continue }
            longest[self.mentions[m].cluster] = m
        }
        guard !longest.isEmpty else { return }
        for (index, m) in self.mentions.enumerated() where m.part == nil {
            if let current = longest[m.cluster], self.length(index) > self.length(current) {
                longest[m.cluster] = index
            }
        }
        // Short speakers (three words at most) and the words their longer forms must contain.
        var wanted: [String: [Int]] = [:]
        for (cluster, m) in longest where self.length(m) <= 3 {
            wanted[self.tokens[self.mentions[m].tokenStart].lower, default: []].append(cluster)
        }
        guard !wanted.isEmpty else { return }
        var candidates: [Int: [Int]] = [:]
        for (index, m) in self.mentions.enumerated() where m.part == nil && m.tokenEnd - m.tokenStart >= 2 {
            for k in m.tokenStart..<m.tokenEnd {
                for cluster in wanted[self.tokens[k].lower] ?? [] where cluster != m.cluster {
                    candidates[cluster, default: []].append(index)
                }
            }
        }
        var replacement: [Int: Int] = [:]
        for (cluster, list) in candidates {
            if let best = self.fullest(of: longest[cluster]!, among: list) { replacement[cluster] = best }
        }
        for index in hits.indices {
            guard let m = hits[index].speakerMention, let best = replacement[self.mentions[m].cluster] else { continue }
            hits[index].speakerMention = best
        }
    }

    private func length(_ m: Int) -> Int { self.mentions[m].tokenEnd - self.mentions[m].tokenStart }

    /// The longest of `list` that is of `short`'s type, longer, and contains its words; `nil` when none does
    /// or they belong to more than one entity.
    private func fullest(of short: Int, among list: [Int]) -> Int? {
        var best: Int? = nil
        var cluster: Int? = nil
        for candidate in list
        where self.mentions[candidate].type == self.mentions[short].type && self.length(candidate) > self.length(short)
            && self.contains(self.mentions[candidate], self.mentions[short])
        {
            if let cluster, cluster != self.mentions[candidate].cluster { return nil }
            cluster = self.mentions[candidate].cluster
            if best == nil || self.length(candidate) > self.length(best!) { best = candidate }
        }
        return best
    }

    /// Whether `long`'s words contain `short`'s words as a run; a person's short form must be the surname
    /// (the long name's last word), as "Harris" is of "Bede Harris" but not of "Harris Smith".
    private func contains(_ long: EntityMention, _ short: EntityMention) -> Bool {
        let length = short.tokenEnd - short.tokenStart
        let first = short.type == .person ? long.tokenEnd - length : long.tokenStart
        guard first >= long.tokenStart else { return false }
        for s in first...(long.tokenEnd - length)
        where (0..<length).allSatisfy({ self.tokens[s + $0].lower == self.tokens[short.tokenStart + $0].lower }) {
            return true
        }
        return false
    }

    /// The latest person named before token `k` (outside quotations) whose first or last name is the single
    /// capitalised word at `k`, which the recognizer did not tag: "added Phon" after "Phon Chane".
    func person(shortenedTo k: Int) -> Int? {
        let word = self.tokens[k].lower
        let upper = self.firstIndex(in: self.people, atOrAfter: k)
        var q = upper - 1
        while q >= 0, upper - q <= Self.shortFormReach {
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
