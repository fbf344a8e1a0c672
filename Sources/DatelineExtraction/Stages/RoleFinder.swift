/// Finds appositive titles around people's names, the pattern pre-nominal titles do not cover:
/// `Milton Love, a marine science researcher at the University of California,` and
/// `the UN's deputy envoy to Afghanistan, Ahmed Fawzi,`.
///
/// Each person mention looks at a bounded window on either side, so the stage is linear.
enum RoleFinder {
    /// The longest title phrase considered, in tokens.
    static let maxTitleTokens = 8

    static func find(_ model: TextModel, mentions: [EntityMention]) -> [RoleCandidate] {
        let tokens = model.tokens
        let n = tokens.count
        var mentionByStart = TokenIndexMap(count: n + 1)
        var mentionByEnd = TokenIndexMap(count: n + 1)
        for (index, m) in mentions.enumerated() where m.part == nil {
            mentionByStart[m.tokenStart] = index
            mentionByEnd[m.tokenEnd] = index
        }
        var inMention = [Bool](repeating: false, count: n)
        for m in mentions where m.type == .person { for k in m.tokenStart..<m.tokenEnd { inMention[k] = true } }
        var roles: [RoleCandidate] = []
        for (index, m) in mentions.enumerated() where m.type == .person && m.part == nil {
            // After: PERSON , (a|an|the)? TITLE (at|of|for|with ORG)? (,|.)
            var k = m.tokenEnd
            if k + 1 < n, tokens[k].first == ",", tokens[k].kind == .punctuation {
                k += 1
                if ["a", "an", "the"].contains(tokens[k].lower) { k += 1 }
                let titleStart = k
                var head = -1
                // "who was ...", "also regarded as ...": a clause, not a title.
                let clause = k < n && tokens[k].classes.contains(.stop)
                while k < n, k - titleStart < Self.maxTitleTokens,
                    tokens[k].kind == .word || tokens[k].kind == .possessive,
                    mentionByStart[k] == nil
                {
                    let word = tokens[k]
                    if word.classes.contains(.titleHead) || word.classes.contains(.personDescription) { head = k }
                    if word.classes.contains(.connector) || word.lower == "at" || word.lower == "with" { break }
                    if word.classes.contains(.stop) && head >= 0 { break }
                    k += 1
                }
                if !clause, head >= 0, head + 1 <= k, head >= titleStart {
                    var role = RoleCandidate(
                        personMention: index,
                        titleStart: titleStart,
                        titleEnd: head + 1,
                        organisationEnd: nil
                    )
                    // "... at the University of California", "... of Molenbeek"
                    var q = head + 1
                    if q < n, ["at", "of", "for", "with", "to"].contains(tokens[q].lower) {
                        q += 1
                        if q < n, tokens[q].lower == "the" { q += 1 }
                        if let org = mentionByStart[q], mentions[org].type != .person { role.organisationMention = org }
                    }
                    roles.append(role)
                    continue
                }
            }
            // Right before, without a comma: (ORG)? lower-case TITLE PERSON ("Foreign Ministry spokeswoman Jane
            // Doe"), or TITLE for|of (the)? ORG PERSON ("foreign secretary for the United Nations Syed Haider Shah").
            if let role = Self.lowercaseTitle(before: index, m, tokens, mentions, mentionByEnd) {
                roles.append(role)
                continue
            }
            // Before: (the)? (ORG 's)? TITLE , PERSON
            let comma = m.tokenStart - 1
            guard comma > 0, tokens[comma].first == ",", tokens[comma].kind == .punctuation else { continue }
            // Scan back over the title phrase: title words, capitalised words and at most two other words,
            // never into another name, stopping at an article, a possessive or punctuation.
            var s = comma - 1
            var head = -1
            var plain = 0
            while s >= 0, comma - s <= Self.maxTitleTokens, tokens[s].kind == .word, !inMention[s] {
                let word = tokens[s]
                if word.lower == "the" || word.lower == "a" || word.lower == "an" { break }
                if word.classes.contains(.titleHead) || word.classes.contains(.personDescription) {
                    if head < 0 { head = s }
                } else if !word.classes.contains(.titleModifier) && !word.has(.capitalised) {
                    plain += 1
                    if plain > 2
                        || word.classes.contains(.stop) && word.lower != "of" && word.lower != "for"
                            && word.lower != "to"
                    {
                        break
                    }
                }
                s -= 1
            }
            let titleStart = s + 1
            guard head >= titleStart, titleStart < comma, !tokens[titleStart].classes.contains(.stop) else { continue }
            var role = RoleCandidate(
                personMention: index,
                titleStart: titleStart,
                titleEnd: comma,
                organisationEnd: nil
            )
            // "the UN's deputy envoy": the owner before a possessive.
            if s >= 1, tokens[s].kind == .possessive { role.organisationEnd = s }
            roles.append(role)
        }
        return roles
    }

    private static func lowercaseTitle(
        before index: Int,
        _ m: EntityMention,
        _ tokens: [Token],
        _ mentions: [EntityMention],
        _ mentionByEnd: TokenIndexMap
    ) -> RoleCandidate? {
        var end = m.tokenStart
        var organisation: Int? = nil
        // "... for the United Nations Syed Haider Shah": an organisation between the title and the name.
        if let org = mentionByEnd[end], mentions[org].type == .org || mentions[org].type == .gpe {
            var k = mentions[org].tokenStart - 1
            if k >= 0, tokens[k].lower == "the" { k -= 1 }
            guard k >= 0, tokens[k].lower == "for" || tokens[k].lower == "of" || tokens[k].lower == "at" else {
                return nil
            }
            organisation = org
            end = k
        }
        var s = end - 1
        var head = -1
        while s >= 0, end - s <= Self.maxTitleTokens, tokens[s].kind == .word, tokens[s].has(.lowercase) {
            if tokens[s].classes.contains(.titleHead) || tokens[s].classes.contains(.personDescription) {
                if head < 0 { head = s }
            } else if !tokens[s].classes.contains(.titleModifier) {
                break
            }
            s -= 1
        }
        let titleStart = s + 1
        guard head >= 0, head == end - 1 || organisation != nil else { return nil }
        let titleEnd = organisation.map { mentions[$0].tokenEnd } ?? end
        var role = RoleCandidate(personMention: index, titleStart: titleStart, titleEnd: head + 1, organisationEnd: nil)
        _ = titleEnd
        if let organisation {
            role.organisationMention = organisation
        } else if titleStart > 0, let owner = mentionByEnd[titleStart], mentions[owner].type != .person {
            role.organisationMention = owner
        } else if titleStart > 1, tokens[titleStart - 1].kind == .possessive, let owner = mentionByEnd[titleStart - 1],
            mentions[owner].type != .person
        {
            role.organisationMention = owner
        }
        return role
    }
}
