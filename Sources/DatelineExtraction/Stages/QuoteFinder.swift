/// Pairs quotation marks into direct quotes and attributes each to a speaker.
///
/// Curly marks pair unambiguously; straight `"` toggles; single quotes count only when they open after a
/// space and close before a non-letter. Open quotes never run past their paragraph (an unclosed quote that
/// is followed by a paragraph opening with a quote is the newspaper continuation convention and ends at the
/// paragraph end). Scare quotes, titles and single quoted words are filtered out by length and shape.
enum QuoteFinder {
    struct Hit: Sendable {
        var open: Int
        var close: Int
        /// Scalar range of the quoted words, without the marks.
        var start: Int
        var end: Int
        var speakerMention: Int?
        var attribution: String?
    }

    static let maxQuoteScalars = 4000

    /// Words that may follow a speech verb that closes an attribution ("told reporters at", "said on").
    static let attributionFollowers: Set<String> = [
        "in", "at", "on", "to", "during", "after", "before", "from", "with", "by", "recently", "later", "earlier",
        "yesterday", "today", "reporters", "journalists", "afterwards", "then", "again", "also", "last", "this",
    ]

    private enum Mark {
        case double
        case single
        case guillemet
    }

    static func find(_ model: TextModel, mentions: [EntityMention], lexicons: Lexicons) -> [Hit] {
        let tokens = model.tokens
        var hits: [Hit] = []
        var openIndex = -1
        var openMark = Mark.double
        var paragraph: Int32 = -1
        let n = tokens.count
        for i in 0..<n {
            if tokens[i].kind != .quote && model.paragraphOf[i] == paragraph { continue }
            let t = tokens[i]
            if model.paragraphOf[i] != paragraph {
                if openIndex >= 0, openMark != .single, t.kind == .quote, Self.opens(t, tokens, i) {
                    // Continuation: the previous paragraph's quote ends where its paragraph ends.
                    Self.add(&hits, model, open: openIndex, closeToken: i, contentEnd: Int(tokens[i - 1].end))
                }
                paragraph = model.paragraphOf[i]
                openIndex = -1
            }
            guard t.kind == .quote else { continue }
            switch t.first {
            case "\u{201C}", "\u{201E}":
                openIndex = i
                openMark = .double
            case "\u{201D}":
                if openIndex >= 0 && openMark == .double {
                    Self.add(&hits, model, open: openIndex, closeToken: i, contentEnd: Int(t.start))
                    openIndex = -1
                }
            case "\"":
                if openIndex >= 0 && openMark == .double && tokens[openIndex].first == "\"" {
                    Self.add(&hits, model, open: openIndex, closeToken: i, contentEnd: Int(t.start))
                    openIndex = -1
                } else if Self.opens(t, tokens, i) {
                    openIndex = i
                    openMark = .double
                }
            case "\u{00AB}":
                openIndex = i
                openMark = .guillemet
            case "\u{00BB}":
                if openIndex >= 0 && openMark == .guillemet {
                    Self.add(&hits, model, open: openIndex, closeToken: i, contentEnd: Int(t.start))
                    openIndex = -1
                }
            case "\u{2018}", "'":
                if openIndex >= 0 && openMark == .single && t.first == "'" && !Self.opens(t, tokens, i) {
                    Self.add(&hits, model, open: openIndex, closeToken: i, contentEnd: Int(t.start))
                    openIndex = -1
                } else if openIndex < 0 && Self.opens(t, tokens, i) {
                    openIndex = i
                    openMark = .single
                }
            case "\u{2019}":
                if openIndex >= 0 && openMark == .single
                    && (i + 1 >= n || tokens[i + 1].has(.spaceBefore) || tokens[i + 1].kind != .word)
                {
                    Self.add(&hits, model, open: openIndex, closeToken: i, contentEnd: Int(t.start))
                    openIndex = -1
                }
            default:
                break
            }
        }
        let genders = PersonGenderFinder.genders(model, mentions: mentions, lexicons: lexicons)
        Self.attribute(&hits, model, mentions: mentions, genders: genders)
        return hits
    }

    /// Whether a quote mark opens: at the text start or after a space or bracket, and before a non-space.
    private static func opens(_ t: Token, _ tokens: [Token], _ i: Int) -> Bool {
        guard i + 1 < tokens.count, !tokens[i + 1].has(.spaceBefore) else { return false }
        if i == 0 || t.has(.spaceBefore) { return true }
        let previous = tokens[i - 1]
        return previous.first == "(" || previous.first == "[" || previous.first == "\u{2014}" || previous.kind == .quote
    }

    private static func add(_ hits: inout [Hit], _ model: TextModel, open: Int, closeToken: Int, contentEnd: Int) {
        let tokens = model.tokens
        let start = Int(tokens[open].end)
        guard contentEnd > start, contentEnd - start <= Self.maxQuoteScalars, closeToken > open + 1 else { return }
        var words = 0
        var capitalised = 0
        var connectors = 0
        var sentencePunctuation = false
        var lastWord = open
        for k in (open + 1)..<closeToken {
            let t = tokens[k]
            if t.kind == .word || t.kind == .number {
                words += 1
                lastWord = k
                if t.has(.capitalised) {
                    capitalised += 1
                } else if BuiltinLexicon.nameConnectors.contains(t.lower) || t.lower == "a" || t.lower == "an" {
                    connectors += 1
                }
            } else if t.first == "." || t.first == "," || t.first == "?" || t.first == "!" {
                sentencePunctuation = true
            }
        }
        // Scare quotes and single words are not quotations; nor are titles ("The Art of War").
        guard words >= 4 || (words >= 3 && sentencePunctuation) else { return }
        if capitalised + connectors == words && capitalised > 0 && words <= 8 {
            // "Battle of the Bike Lanes": a title, not speech.
            return
        }
        if tokens[open].first == "\u{2018}" || tokens[open].first == "'" {
            guard words >= 5 else { return }
        }
        var end = contentEnd
        while end > start, Tokenizer.isSpace(model.scalars[end - 1]) { end -= 1 }
        _ = lastWord
        hits.append(Hit(open: open, close: closeToken, start: start, end: end, speakerMention: nil, attribution: nil))
    }

    // MARK: - Attribution

    private static func attribute(
        _ hits: inout [Hit],
        _ model: TextModel,
        mentions: [EntityMention],
        genders: [Int: PersonGender]
    ) {
        let tokens = model.tokens
        let n = tokens.count
        // Mention lookup by start and end token, and the running list of people for pronouns.
        var mentionByEnd = TokenIndexMap(count: n + 1)
        var mentionByStart = TokenIndexMap(count: n + 1)
        var people: [Int] = []
        for (index, m) in mentions.enumerated() where m.type == .person || m.type == .org {
            mentionByEnd[m.tokenEnd] = index
            mentionByStart[m.tokenStart] = index
            if m.type == .person { people.append(index) }
        }
        var lastSpeakerCluster: Int? = nil
        /// The previous quote: where it closed, its speaker, and whether a speech verb attributed it.
        var previousHit: (close: Int, speakerMention: Int?, attributed: Bool)? = nil
        var spokenClusters: Set<Int> = []
        func agrees(_ mention: Int, _ gender: PersonGender) -> Bool {
            (genders[mentions[mention].cluster] ?? .unknown).agrees(with: gender)
        }
        /// The most recent person mention that starts before token `k` (binary search) and whose gender a
        /// pronoun of `gender` can refer to.
        func recentPerson(before k: Int, preferSpeaker: Bool, gender: PersonGender = .unknown) -> Int? {
            var lo = 0
            var hi = people.count
            while lo < hi {
                let mid = (lo + hi) / 2
                if mentions[people[mid]].tokenStart < k { lo = mid + 1 } else { hi = mid }
            }
            guard lo > 0 else { return nil }
            if preferSpeaker {
                var q = lo - 1
                var steps = 0
                while q >= 0, steps < 8 {
                    if spokenClusters.contains(mentions[people[q]].cluster), agrees(people[q], gender) { return people[q] }
                    q -= 1
                    steps += 1
                }
            }
            // "Trump made the allegations against Obama. "...," he said": of the people in the latest sentence
            // that names one, the first (usually its subject) is the one a pronoun picks up.
            // A pronoun skips people of the other gender: "Ann Lee met John Brown. ... she said" is Ann Lee.
            var last = lo - 1
            while last >= 0, lo - 1 - last < 12, !agrees(people[last], gender) { last -= 1 }
            guard last >= 0, lo - 1 - last < 12 else { return nil }
            var q = last
            let sentence = model.sentenceOf[mentions[people[q]].tokenStart]
            var first = q
            while q > 0, last - q < 8, model.sentenceOf[mentions[people[q - 1]].tokenStart] == sentence {
                q -= 1
                if agrees(people[q], gender) { first = q }
            }
            return people[first]
        }
        /// "the minister said": the most recent person introduced with that word nearby ("The minister Jane
        /// Doe", "Jane Doe, the minister,"), else the most recent person who spoke, else the most recent person.
        func describedPerson(_ noun: String, before limit: Int) -> Int? {
            var lo = 0
            var hi = people.count
            while lo < hi {
                let mid = (lo + hi) / 2
                if mentions[people[mid]].tokenStart < limit { lo = mid + 1 } else { hi = mid }
            }
            guard lo > 0 else { return nil }
            var q = lo - 1
            while q >= 0, lo - 1 - q < 8 {
                let m = mentions[people[q]]
                let window = max(0, m.tokenStart - 5)..<min(n, m.tokenEnd + 5)
                if window.contains(where: { tokens[$0].lower == noun }) { return people[q] }
                q -= 1
            }
            // "a White House official said ... the official said": when the description's latest earlier use
            // stands apart from any name, the speaker is that unnamed person, not whoever was named last.
            var d = limit - 1
            while d >= 0, limit - d <= 400 {
                if tokens[d].lower == noun {
                    var named = false
                    for e in max(0, d - 5)..<min(n, d + 6) where mentionByStart[e].map({ mentions[$0].type == .person }) ?? false {
                        named = true
                    }
                    if named { break }
                    // Only an indefinite introduction ("a senior official") sets up an unnamed speaker; a
                    // definite one ("the minister said") refers back further.
                    var indefinite = false
                    for e in max(0, d - 5)..<d where tokens[e].lower == "a" || tokens[e].lower == "an" { indefinite = true }
                    if indefinite { return nil }
                }
                d -= 1
            }
            return recentPerson(before: limit, preferSpeaker: true)
        }
        func speaker(at k0: Int, before limit: Int) -> (Int, String)? {
            guard k0 >= 0, k0 < n else { return nil }
            // Skip a title before the name: "said Professor Sonia Livingstone", "said Mr. Heisbourg".
            var k = k0
            while k < n, k - k0 < 5, mentionByStart[k] == nil,
                tokens[k].classes.contains(.titleHead) || tokens[k].classes.contains(.titleModifier)
                    || k > k0 && tokens[k].first == "." && model.sentenceOf[k + 1 < n ? k + 1 : k] == model.sentenceOf[k0]
            {
                k += 1
            }
            if k >= n || mentionByStart[k] == nil { k = k0 }
            let lower = tokens[k].lower
            if let m = mentionByStart[k], mentions[m].type == .person || mentions[m].type == .org {
                // "said Clinton campaign spokesman Jesse Ferguson": the named person after a description wins.
                var q = mentions[m].tokenEnd
                var sawDescription = false
                while q < n, q - mentions[m].tokenEnd < 6 {
                    if let other = mentionByStart[q], mentions[other].type == .person, sawDescription { return (other, "name") }
                    let classes = tokens[q].classes
                    if !classes.isDisjoint(with: [.personDescription, .titleHead]) {
                        sawDescription = true
                    } else if tokens[q].kind != .word || tokens[q].has(.capitalised) == false && !classes.contains(.titleModifier) {
                        break
                    }
                    q += 1
                }
                if mentions[m].type == .person { return (m, "name") }
            }
            if BuiltinLexicon.personPronouns.contains(lower) {
                // "..., said the regional manager. "...," he added": a pronoun right after a quote with no named
                // speaker, and no name in between, is that same unnamed speaker.
                if let previous = previousHit, previous.speakerMention == nil, previous.attributed,
                    model.paragraphOf[previous.close] + 1 >= model.paragraphOf[limit]
                {
                    var named = false
                    for e in previous.close..<limit where mentionByStart[e].map({ mentions[$0].type == .person }) ?? false {
                        named = true
                        break
                    }
                    if !named { return nil }
                }
                let gender = PersonGender.pronouns[lower] ?? .unknown
                if let p = recentPerson(before: limit, preferSpeaker: false, gender: gender) { return (p, "pronoun") }
            }
            // "the official", "The State Department official", "a spokesman".
            if lower == "the" || lower == "a" || lower == "an" || lower == "its" || lower == "his" || lower == "her" {
                var q = k + 1
                while q < n, q - k <= 6, tokens[q].kind == .word || tokens[q].kind == .possessive {
                    if tokens[q].classes.contains(.personDescription),
                        q + 1 >= n || !tokens[q + 1].isWord || tokens[q + 1].classes.contains(.speechVerb)
                    {
                        if let p = describedPerson(tokens[q].lower, before: limit) { return (p, "description") }
                        return nil
                    }
                    q += 1
                }
            }
            return nil
        }
        for index in hits.indices {
            let hit = hits[index]
            let paragraph = model.paragraphOf[hit.close]
            var found: (Int, String)? = nil
            // After the quote: `"...," SPEAKER (apposition) VERB` or `"...," VERB SPEAKER`.
            var k = hit.close + 1
            var verb = -1
            // The attribution lives in the quote's sentence, or in the sentence that starts right after it.
            let attributionSentence = k < n ? model.sentenceOf[k] : -1
            while k < n, k - hit.close <= 24, model.paragraphOf[k] == paragraph, model.sentenceOf[k] == attributionSentence {
                let t = tokens[k]
                if t.kind == .quote && k > hit.close + 1 { break }
                if t.classes.contains(.speechVerb) {
                    verb = k
                    break
                }
                k += 1
            }
            // In a new sentence after the quote, only a short attribution ("Hamilton told reporters") counts;
            // "The White House says it will ..." is a sentence of its own.
            if verb >= 0, hit.close + 1 < n, model.sentenceOf[hit.close + 1] != model.sentenceOf[hit.close] {
                // ... and only when the verb ends the clause: "Qantas says it is confident" reports new speech.
                let next = verb + 1 < n ? tokens[verb + 1] : nil
                let closesClause =
                    next == nil || next!.kind == .punctuation || next!.kind == .quote
                    || Self.attributionFollowers.contains(next!.lower)
                if verb - hit.close > 6 || !closesClause { verb = -1 }
            }
            var sawVerb = verb >= 0
            if verb >= 0 {
                if tokens[verb].lower == "according", verb + 2 < n, tokens[verb + 1].lower == "to" {
                    found = speaker(at: verb + 2, before: hit.open).map { ($0.0, "according-to") }
                } else {
                    // The subject: a named person between the quote and the verb ("Hugh Hill, a doctor, said")
                    // wins; otherwise the pronoun or description nearest the verb ("he said", "the official said").
                    var q = verb - 1
                    while q > hit.close, found == nil {
                        if let m = mentionByEnd[q + 1], mentions[m].type == .person, mentions[m].tokenStart > hit.close {
                            // "May's spokesman said": the possessor is not the speaker.
                            let owned = q + 2 < n && tokens[q + 1].kind == .possessive
                                && tokens[q + 2].classes.contains(.personDescription)
                            if owned { break }
                            found = (m, "name")
                        }
                        q -= 1
                    }
                    // "..., the Metropolitan Police added": an organisation right before the verb speaks too.
                    if found == nil, let m = mentionByEnd[verb], mentions[m].type == .org, mentions[m].tokenStart > hit.close {
                        found = (m, "name")
                    }
                    q = verb - 1
                    while q > hit.close, found == nil {
                        if tokens[q].kind == .word, let s = speaker(at: q, before: hit.open), s.1 != "name" { found = s }
                        q -= 1
                    }
                    if found == nil { found = speaker(at: verb + 1, before: hit.open) }
                }
            }
            // Before the quote: `SPEAKER VERB: "..."`.
            if found == nil {
                var q = hit.open - 1
                var verbBefore = -1
                while q >= 0, hit.open - q <= 20, model.paragraphOf[q] == model.paragraphOf[hit.open] {
                    let t = tokens[q]
                    if t.kind == .quote { break }
                    if t.classes.contains(.speechVerb) {
                        verbBefore = q
                        break
                    }
                    if (t.first == "." || t.first == "?" || t.first == "!") && t.kind == .punctuation { break }
                    q -= 1
                }
                if verbBefore >= 0 {
                    sawVerb = true
                    var s = verbBefore - 1
                    let floor = max(0, verbBefore - 14)
                    // "Asked where Smith was, the Pentagon spokesman said": a description right before the verb
                    // is the subject; a name earlier in the clause is not.
                    let describedSubject = s >= 0 && tokens[s].classes.contains(.personDescription) && mentionByEnd[s + 1] == nil
                    while !describedSubject, s >= floor, found == nil, model.sentenceOf[s] == model.sentenceOf[verbBefore] {
                        if let m = mentionByEnd[s + 1], mentions[m].type == .person { found = (m, "name") }
                        s -= 1
                    }
                    s = verbBefore - 1
                    while s >= floor, found == nil, model.sentenceOf[s] == model.sentenceOf[verbBefore] {
                        if let candidate = speaker(at: s, before: hit.open), candidate.1 != "name" { found = candidate }
                        s -= 1
                    }
                    if found == nil, let m = mentionByEnd[verbBefore], mentions[m].type == .org { found = (m, "name") }
                    if found == nil { found = speaker(at: verbBefore + 1, before: hit.open) }
                }
            }
            // Continuation: the previous quote's speaker, in the same paragraph or the one before, for a quote
            // that opens a sentence (a fragment inside someone else's sentence is not a continuation).
            let opensSentence = tokens[hit.open].flags.contains(.sentenceStart)
                || hit.open > 0 && (tokens[hit.open - 1].first == "." || tokens[hit.open - 1].first == ":")
            if found == nil, opensSentence, index > 0, let previous = hits[index - 1].speakerMention {
                let previousParagraph = model.paragraphOf[hits[index - 1].close]
                let thisParagraph = model.paragraphOf[hit.open]
                if previousParagraph == thisParagraph || previousParagraph + 1 == thisParagraph {
                    found = (previous, "continuation")
                }
            }
            // A quote that opens a sentence right after "Doctor Harris says ..." in the same paragraph.
            if found == nil, hit.open > 0, model.tokens[hit.open].flags.contains(.sentenceStart) || tokens[hit.open - 1].first == "." {
                let previousSentence = Int(model.sentenceOf[hit.open - 1])
                let range = model.sentences[previousSentence]
                if model.paragraphOf[range.lowerBound] == model.paragraphOf[hit.open], range.count <= 60 {
                    var v = range.lowerBound
                    while v < range.upperBound, !tokens[v].classes.contains(.speechVerb) { v += 1 }
                    if v < range.upperBound, v > range.lowerBound {
                        if let m = mentionByEnd[v], mentions[m].type == .person {
                            found = (m, "name")
                        } else if tokens[v - 1].classes.contains(.personPronoun),
                            let p = recentPerson(
                                before: v - 1,
                                preferSpeaker: false,
                                gender: PersonGender.pronouns[tokens[v - 1].lower] ?? .unknown
                            )
                        {
                            found = (p, "pronoun")
                        }
                    }
                }
            }
            previousHit = (hit.close, found?.0, sawVerb)
            if let found {
                hits[index].speakerMention = found.0
                hits[index].attribution = found.1
                lastSpeakerCluster = mentions[found.0].cluster
                spokenClusters.insert(mentions[found.0].cluster)
            }
        }
        _ = lastSpeakerCluster
    }
}
