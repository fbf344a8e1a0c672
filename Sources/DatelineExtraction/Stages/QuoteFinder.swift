/// Pairs quotation marks into direct quotes and attributes each to a speaker.
///
/// Curly marks pair unambiguously; straight `"` toggles; single quotes count only when they open after a
/// space and close before a non-letter. Open quotes never run past their paragraph (an unclosed quote that
/// is followed by a paragraph opening with a quote is the newspaper continuation convention and ends at the
/// paragraph end). Scare quotes, titles and single quoted words are filtered out by length and shape.
/// ``SpeakerResolver`` then attributes each quote.
enum QuoteFinder {
    struct Hit: Sendable {
        var open: Int
        var close: Int
        /// Scalar range of the quoted words, without the marks.
        var start: Int
        var end: Int
        var speakerMention: Int?
        var attribution: SpeakerAttribution?
        /// The speech verb of the quote's own attribution, or -1.
        var verb: Int = -1
        /// A transcript turn: `open` is its label's colon, `close` its paragraph's end, and its speaker is
        /// the label's owner, set by ``TranscriptTurnFinder``.
        var isTurn = false
    }

    static let maxQuoteScalars = 4000

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
            case "\u{201C}" where openIndex >= 0 && openMark == .double && tokens[openIndex].first == "\u{201E}":
                // German and Central European style „...“: the low mark opens, the high one closes.
                Self.add(&hits, model, open: openIndex, closeToken: i, contentEnd: Int(t.start))
                openIndex = -1
            case "\u{201C}", "\u{201E}":
                openIndex = i
                openMark = .double
            case "\u{201D}":
                if openIndex >= 0 && openMark == .double {
                    Self.add(&hits, model, open: openIndex, closeToken: i, contentEnd: Int(t.start))
                    openIndex = -1
                }
            case "\"":
                if openIndex == i - 1 && openMark == .double && !t.has(.spaceBefore) {
                    // A doubled opening mark (`""It was`) opens once.
                    openIndex = i
                } else if openIndex >= 0 && openMark == .double && tokens[openIndex].first == "\"",
                    Self.opens(t, tokens, i), Self.followsSentenceEnd(tokens, i)
                {
                    // `...like this. "Yes, it was`: a text that lost its paragraph breaks keeps the continuation
                    // convention (no closing mark before the next paragraph's opening one).
                    Self.add(&hits, model, open: openIndex, closeToken: i, contentEnd: Int(t.start))
                    openIndex = i
                } else if openIndex >= 0 && openMark == .double && tokens[openIndex].first == "\"" {
                    Self.add(&hits, model, open: openIndex, closeToken: i, contentEnd: Int(t.start))
                    openIndex = -1
                } else if Self.opens(t, tokens, i) || Self.opensAfterSentenceEnd(t, tokens, i) {
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
        let turns = TranscriptTurnFinder.find(model, mentions: mentions)
        if !turns.isEmpty {
            hits = (hits + turns).sorted { ($0.open, $0.isTurn ? 0 : 1) < ($1.open, $1.isTurn ? 0 : 1) }
        }
        guard !hits.isEmpty else { return hits }
        let genders = PersonGenderFinder.genders(model, mentions: mentions, lexicons: lexicons)
        var resolver = SpeakerResolver(model: model, mentions: mentions, genders: genders, quotes: hits)
        resolver.resolve(&hits)
        return hits
    }

    /// Whether token `i` comes right after a sentence's final punctuation (and any closing marks).
    private static func followsSentenceEnd(_ tokens: [Token], _ i: Int) -> Bool {
        var k = i - 1
        while k >= 0, i - k <= 3, tokens[k].kind == .quote, tokens[k].first != "\"" { k -= 1 }
        guard k >= 0 else { return false }
        let p = tokens[k].first
        return tokens[k].kind == .punctuation && (p == "." || p == "?" || p == "!")
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
        var innerPunctuation = false
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
                // A comma or full stop right before the closing mark is the house style's, not the title's.
                if k < closeToken - 1 { innerPunctuation = true }
            }
        }
        // "a paper titled “...”", "often dubbed the “...”": a name being given, not speech.
        if Self.followsNamingWord(tokens, open) { return }
        // Scare quotes and single words are not quotations; nor are titles ("The Art of War").
        guard words >= 4 || (words >= 3 && sentencePunctuation) else { return }
        if capitalised + connectors == words && capitalised > 0 && words <= 8 && !innerPunctuation {
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
}
