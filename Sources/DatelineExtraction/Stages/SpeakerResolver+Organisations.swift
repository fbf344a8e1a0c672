// Organisations speaking ("the ministry said", "the report says"), resolved to the one the text named.

extension SpeakerResolver {
    /// Nouns that stand for an organisation speaking ("the airline said"). Generic ones refer to the
    /// organisation the text last named; the others to the latest one whose name contains the noun.
    static let genericOrganisationNouns: Set<String> = [
        "company", "firm", "airline", "carrier", "retailer", "group", "bank", "business", "manufacturer", "maker",
        "operator", "lender", "insurer", "broadcaster", "newspaper", "network", "charity", "union", "organisation",
        "organization", "supermarket", "chain", "club", "team", "website", "publisher", "startup",
    ]
    /// Documents that "say" things on behalf of whoever issued them.
    static let documentNouns: Set<String> = [
        "report", "statement", "study", "survey", "paper", "release", "letter", "filing",
    ]

    static let namedOrganisationNouns: Set<String> = [
        "ministry", "department", "agency", "council", "government", "police", "army", "military", "airport",
        "university", "court", "party", "commission", "committee", "association", "authority", "office", "embassy",
        "institute", "centre", "center", "board", "service", "foundation", "federation", "administration",
    ]

    /// Who issued "the report" at token `k`: the organisation or person right before this or an earlier
    /// mention of the same document ("the U.S. Embassy report", "a PLO statement", "Asda's statement").
    func issuer(of noun: String, at k: Int) -> Int? {
        var d = k
        while d >= 1, k - d <= 600 {
            if self.tokens[d].lower == noun {
                var e = d
                if e >= 1, self.tokens[e - 1].kind == .possessive { e -= 1 }
                if let m = self.mentionByEnd[e] ?? self.issuerBeside(d) { return m }
            }
            d -= 1
        }
        return nil
    }

    /// Who a document mentioned at token `d` comes from when the name is not right before it: "a report
    /// by the agency", "the embassy says in a new report".
    func issuerBeside(_ d: Int) -> Int? {
        if d + 2 < self.n, ["by", "from"].contains(self.tokens[d + 1].lower) {
            let start = self.tokens[d + 2].lower == "the" ? d + 3 : d + 2
            if let m = self.mentionByStart[start] { return m }
        }
        var b = d - 1
        while b >= 2, d - b <= 4, self.tokens[b].isWord {
            if self.tokens[b].lower == "in", self.tokens[b - 1].classes.contains(.speechVerb) {
                return self.mentionByEnd[b - 1]
            }
            b -= 1
        }
        return nil
    }

    /// The organisation "it" or "the <noun>" refers to: the latest one whose name contains `noun`, or, for
    /// "it" and generic nouns ("the company"), the first organisation of the latest sentence naming one.
    func organisation(before k: Int, noun: String?) -> Int? {
        guard k > 0 else { return nil }
        let upper = self.firstIndex(in: self.organisations, atOrAfter: k)
        let sentence = Int(self.model.sentenceOf[k - 1])
        if let noun {
            // A name containing the noun identifies the organisation wherever it stands, inside a quote too:
            // "“...at Amsterdam Airport,” ... the airport said".
            let named = self.firstIndex(in: self.namedOrganisations, atOrAfter: k)
            var q = named - 1
            while q >= 0, named - 1 - q < 30 {
                let m = self.mentions[self.namedOrganisations[q]]
                if (m.tokenStart..<m.tokenEnd).contains(where: { self.tokens[$0].lower == noun }) {
                    return self.namedOrganisations[q]
                }
                q -= 1
            }
            guard Self.genericOrganisationNouns.contains(noun) else { return nil }
        }
        guard upper > 0 else { return nil }
        var q = upper - 1
        let latest = Int(self.model.sentenceOf[self.mentions[self.organisations[q]].tokenStart])
        guard sentence - latest <= (noun == nil ? 1 : 3) else { return nil }
        while q > 0, Int(self.model.sentenceOf[self.mentions[self.organisations[q - 1]].tokenStart]) == latest {
            q -= 1
        }
        return self.organisations[q]
    }

    /// The organisation named earlier whose name a single capitalised word at token `k` shortens: "Acme"
    /// for "Acme Corporation". The latest such name wins.
    func organisation(shortenedTo k: Int) -> Int? {
        let word = self.tokens[k].lower
        let upper = self.firstIndex(in: self.namedOrganisations, atOrAfter: k)
        var q = upper - 1
        while q >= 0, upper - q <= Self.shortFormReach {
            let m = self.mentions[self.namedOrganisations[q]]
            if m.tokenEnd - m.tokenStart >= 2, self.tokens[m.tokenStart].lower == word {
                return self.namedOrganisations[q]
            }
            q -= 1
        }
        return nil
    }
}
