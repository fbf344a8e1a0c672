/// Finds the turns of an interview transcript — paragraphs that open with a speaker label and a colon
/// (`Q: ...`, `A: ...`, `JOHNSON: ...`, `Jane Doe: ...`, `Interviewer: ...`) — and makes each turn's text a
/// quote spoken by the label's owner.
///
/// A transcript has no quotation marks around its turns, so the mark pairing in ``QuoteFinder`` never sees
/// them. One labelled paragraph is not a transcript (a list of places, a dateline, "Note:"), so a document
/// needs ``minimumTurns`` of them before any counts.
enum TranscriptTurnFinder {
    /// Whose words a turn's label says follow.
    enum Owner: Equatable {
        /// `Q:`, `Question:`, `Interviewer:`: the interviewer, if the text names one.
        case interviewer
        /// `A:`, `Answer:`: the person the introduction presents as interviewed.
        case interviewee
        /// A name label resolved to a person mention.
        case person(Int)
        /// A name label (`SMITH:`) that matches no person the text names: a turn with no speaker.
        case unnamed
    }

    /// A labelled paragraph.
    struct Turn {
        /// The label's colon.
        var colon: Int
        /// The paragraph's end (exclusive token index).
        var end: Int
        var owner: Owner
        /// The label's last word, lower-cased: tells apart labels that name nobody.
        var labelWord: String
    }

    /// Fewest labelled paragraphs that make a document a transcript.
    static let minimumTurns = 2
    /// Longest label, in tokens (`Mr. John Smith:`).
    static let maxLabelTokens = 6

    /// Role words that label the interviewer's turns.
    static let interviewerLabels: Set<String> = [
        "q", "question", "interviewer", "reporter", "host", "moderator", "journalist", "presenter",
    ]
    /// Role words that label the interviewee's turns.
    static let intervieweeLabels: Set<String> = ["a", "answer", "interviewee", "guest"]

    /// The turns of a transcript as quote hits with their speakers set, in text order; empty for a text with
    /// fewer than ``minimumTurns`` labelled paragraphs.
    ///
    /// - Parameters:
    ///   - model: The tokenised article.
    ///   - mentions: The recognizer's entity mentions.
    /// - Returns: One hit per turn whose text has at least three words.
    static func find(_ model: TextModel, mentions: [EntityMention]) -> [QuoteFinder.Hit] {
        // Most texts have no labelled paragraphs at all: look for the colons first, build lookups only after.
        let labelled = model.paragraphs.filter { Self.labelColon(model.tokens, $0) != nil }
        guard labelled.count >= Self.minimumTurns else { return [] }
        let mentionByStart = Self.mentionsByStart(mentions, count: model.tokens.count)
        let surnames = Self.surnames(model, mentions: mentions)
        var turns: [Turn] = []
        for paragraph in labelled {
            if let turn = Self.turn(
                model,
                paragraph,
                mentions: mentions,
                mentionByStart: mentionByStart,
                surnames: surnames
            ) {
                turns.append(turn)
            }
        }
        guard turns.count >= Self.minimumTurns, Self.isConversation(turns, mentions: mentions) else { return [] }
        let introEnd = turns[0].colon
        let interviewer = Self.interviewer(model, mentions: mentions, before: introEnd)
        let interviewee = Self.interviewee(model, mentions: mentions, before: introEnd, excluding: interviewer)
        var hits: [QuoteFinder.Hit] = []
        for turn in turns {
            let words = (turn.colon + 1..<turn.end).count {
                model.tokens[$0].isWord || model.tokens[$0].kind == .number
            }
            guard words >= 3 else { continue }
            let speaker: Int?
            switch turn.owner {
            case .interviewer: speaker = interviewer
            case .interviewee: speaker = interviewee
            case .person(let m): speaker = m
            case .unnamed: speaker = nil
            }
            var hit = QuoteFinder.Hit(
                open: turn.colon,
                close: turn.end,
                start: Int(model.tokens[turn.colon + 1].start),
                end: Int(model.tokens[turn.end - 1].end),
                speakerMention: speaker,
                attribution: speaker == nil ? nil : .turn
            )
            hit.isTurn = true
            hits.append(hit)
        }
        return hits
    }

    /// Whether labelled paragraphs read as a conversation rather than a list ("North Island: ...", "South
    /// Island: ..."): somebody speaks twice, or both interview roles speak.
    private static func isConversation(_ turns: [Turn], mentions: [EntityMention]) -> Bool {
        var seen = Set<String>()
        var roles = Set<String>()
        for turn in turns {
            let key: String
            switch turn.owner {
            case .interviewer: key = "q"
            case .interviewee: key = "a"
            case .person(let m):
                key = mentions[m].cluster >= 0 ? "person \(mentions[m].cluster)" : "word " + turn.labelWord
            case .unnamed: key = "word " + turn.labelWord
            }
            if key == "q" || key == "a" { roles.insert(key) }
            if !seen.insert(key).inserted { return true }
        }
        return roles.count == 2
    }

    // MARK: - Labels

    /// The turn a paragraph opens, if its first few tokens are a speaker label followed by a colon.
    private static func turn(
        _ model: TextModel,
        _ paragraph: Range<Int>,
        mentions: [EntityMention],
        mentionByStart: TokenIndexMap,
        surnames: [String: Int]
    ) -> Turn? {
        let tokens = model.tokens
        guard let colon = Self.labelColon(tokens, paragraph) else { return nil }
        // A quotation after the colon is an ordinary quote, introduced by its speaker ("Smith: “...”").
        guard tokens[colon + 1].kind != .quote else { return nil }
        guard
            let owner = Self.owner(
                model,
                labelStart: paragraph.lowerBound,
                colon: colon,
                mentions: mentions,
                mentionByStart: mentionByStart,
                surnames: surnames
            )
        else { return nil }
        return Turn(colon: colon, end: paragraph.upperBound, owner: owner, labelWord: tokens[colon - 1].lower)
    }

    /// The colon ending a paragraph's opening label: a few words (and the full stops of abbreviations, "Mr.")
    /// then a colon with no space before it and text after it.
    private static func labelColon(_ tokens: [Token], _ paragraph: Range<Int>) -> Int? {
        var colon = paragraph.lowerBound
        while colon < paragraph.upperBound, colon - paragraph.lowerBound <= Self.maxLabelTokens,
            tokens[colon].first != ":"
        {
            guard tokens[colon].isWord || tokens[colon].first == "." else { return nil }
            colon += 1
        }
        guard colon > paragraph.lowerBound, colon + 1 < paragraph.upperBound, tokens[colon].first == ":",
            !tokens[colon].has(.spaceBefore)
        else { return nil }
        return colon
    }

    /// Whose turn a label from `labelStart` to `colon` announces, or `nil` when it is not a speaker label.
    private static func owner(
        _ model: TextModel,
        labelStart: Int,
        colon: Int,
        mentions: [EntityMention],
        mentionByStart: TokenIndexMap,
        surnames: [String: Int]
    ) -> Owner? {
        let tokens = model.tokens
        if colon - labelStart == 1 {
            let word = tokens[labelStart]
            guard word.isCapitalised else { return nil }
            if Self.interviewerLabels.contains(word.lower) { return .interviewer }
            if Self.intervieweeLabels.contains(word.lower) { return .interviewee }
        }
        // Skip a title: "Mr. Smith:", "Dr Jane Doe:".
        var k = labelStart
        while k < colon, tokens[k].classes.contains(.titleHead) || tokens[k].first == "." { k += 1 }
        guard k < colon else { return nil }
        if let m = mentionByStart[k] {
            let mention = mentions[m]
            guard mention.tokenEnd == colon else { return nil }
            return mention.type == .person ? .person(m) : nil
        }
        // "JOHNSON:": a shouted surname, matched to the person the text names with it.
        for e in k..<colon where !tokens[e].has(.allCaps) { return nil }
        return surnames[tokens[colon - 1].lower].map { .person($0) } ?? .unnamed
    }

    /// The first person mention for each last name, so a shouted label finds its person in one lookup.
    private static func surnames(_ model: TextModel, mentions: [EntityMention]) -> [String: Int] {
        var out: [String: Int] = [:]
        for (index, m) in mentions.enumerated() where m.type == .person && m.part == nil {
            let last = model.tokens[m.tokenEnd - 1].lower
            if out[last] == nil { out[last] = index }
        }
        return out
    }

    private static func mentionsByStart(_ mentions: [EntityMention], count: Int) -> TokenIndexMap {
        var map = TokenIndexMap(count: count + 1)
        for (index, m) in mentions.enumerated() where m.part == nil { map[m.tokenStart] = index }
        return map
    }

    // MARK: - Participants

    /// Words next to a name that make that person the interviewer: "interviewed by Jane Doe", "reporter
    /// Jane Doe", "Jane Doe, our correspondent".
    static let interviewerMarkers: Set<String> = [
        "by", "interviewer", "reporter", "correspondent", "journalist", "host", "presenter", "moderator",
    ]

    /// The person the introduction (the text before the first turn) names as asking the questions.
    private static func interviewer(_ model: TextModel, mentions: [EntityMention], before limit: Int) -> Int? {
        let tokens = model.tokens
        for (index, m) in mentions.enumerated() where m.type == .person && m.tokenEnd <= limit {
            var b = m.tokenStart - 1
            while b >= 0, m.tokenStart - b <= 3, tokens[b].isWord || tokens[b].first == "," {
                if Self.interviewerMarkers.contains(tokens[b].lower) {
                    // "interviewed by", not "written by" or "joined by".
                    if tokens[b].lower != "by" || b > 0 && tokens[b - 1].lower.hasPrefix("interview") {
                        return index
                    }
                }
                b -= 1
            }
        }
        return nil
    }

    /// The person the introduction presents: the first one it names who is not the interviewer.
    private static func interviewee(
        _ model: TextModel,
        mentions: [EntityMention],
        before limit: Int,
        excluding interviewer: Int?
    ) -> Int? {
        let excluded = interviewer.map { mentions[$0].cluster }
        for (index, m) in mentions.enumerated()
        where m.type == .person && m.tokenEnd <= limit && m.part == nil && (excluded == nil || m.cluster != excluded) {
            return index
        }
        return nil
    }
}
