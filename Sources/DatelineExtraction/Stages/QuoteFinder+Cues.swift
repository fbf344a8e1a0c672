// Cues around a quotation mark that the mark alone does not give: a name being introduced ("titled “...”")
// and an opening mark a lost space glued to the previous sentence ("...at risk.\"The cost").

extension QuoteFinder {
    /// Words that introduce a name or title rather than speech when they come right before the mark
    /// (optionally with "the"): "a report entitled “...”", "often dubbed the “...”".
    static let namingWords: Set<String> = ["entitled", "titled", "dubbed", "headlined", "nicknamed"]

    /// Whether the mark at token `open` follows a naming word.
    static func followsNamingWord(_ tokens: [Token], _ open: Int) -> Bool {
        var b = open - 1
        if b >= 0, tokens[b].lower == "the" || tokens[b].lower == "a" { b -= 1 }
        return b >= 0 && tokens[b].isWord && Self.namingWords.contains(tokens[b].lower)
    }

    /// Whether a straight mark with no open quote before it opens one although no space precedes it: right
    /// after a sentence's final punctuation and right before a capitalised word ("...at risk.\"The cost").
    static func opensAfterSentenceEnd(_ t: Token, _ tokens: [Token], _ i: Int) -> Bool {
        guard i >= 1, i + 1 < tokens.count, !t.has(.spaceBefore), !tokens[i + 1].has(.spaceBefore),
            tokens[i + 1].isCapitalised
        else { return false }
        let p = tokens[i - 1]
        return p.kind == .punctuation && (p.first == "." || p.first == "?" || p.first == "!")
    }
}
