/// Decides, per person entity, which gender the article uses for them, so pronoun attribution can skip
/// people a "he" or "she" cannot mean.
enum PersonGenderFinder {
    /// The gender of each cluster, indexed by cluster number (`.unknown` without evidence).
    ///
    /// An honorific or gendered description next to any mention ("Mrs May", "spokeswoman Jen Psaki",
    /// "Ann Lee, a spokeswoman,") outweighs the given name's census usage; conflicting evidence cancels.
    static func genders(_ model: TextModel, mentions: [EntityMention], lexicons: Lexicons) -> [PersonGender] {
        let tokens = model.tokens
        let n = tokens.count
        var clusters = 0
        for m in mentions where m.cluster >= clusters { clusters = m.cluster + 1 }
        var votes = [Int](repeating: 0, count: clusters)
        var givenCounted = [Bool](repeating: false, count: clusters)
        func vote(_ cluster: Int, _ gender: PersonGender, weight: Int) {
            switch gender {
            case .male: votes[cluster] += weight
            case .female: votes[cluster] -= weight
            case .unknown: break
            }
        }
        for m in mentions where m.type == .person && m.cluster >= 0 {
            // Right before the name, skipping an abbreviation's full stop: "Mrs. Clinton", "spokeswoman Jen Psaki".
            var b = m.tokenStart - 1
            if b >= 0, tokens[b].first == ".", !tokens[b].has(.spaceBefore) { b -= 1 }
            if b >= 0, tokens[b].isWord, let g = PersonGender.markers[tokens[b].lower, tokens[b].hash] {
                vote(m.cluster, g, weight: 3)
            }
            // An apposition: "Ann Lee, a spokeswoman for the council,".
            if m.tokenEnd + 1 < n, tokens[m.tokenEnd].first == "," {
                var a = m.tokenEnd + 1
                while a < n, a - m.tokenEnd <= 3, tokens[a].isWord {
                    if let g = PersonGender.markers[tokens[a].lower, tokens[a].hash],
                        !["mr", "mrs", "ms", "miss"].contains(tokens[a].lower)
                    {
                        vote(m.cluster, g, weight: 3)
                        break
                    }
                    a += 1
                }
            }
            if m.tokenEnd - m.tokenStart >= 2, !givenCounted[m.cluster],
                let g = lexicons.givenNames[tokens[m.tokenStart].lower, tokens[m.tokenStart].hash]
            {
                givenCounted[m.cluster] = true
                vote(m.cluster, g, weight: 1)
            }
        }
        return votes.map { $0 > 0 ? .male : ($0 < 0 ? .female : .unknown) }
    }
}
