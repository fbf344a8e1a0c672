// MARK: - Party names written in lower case

extension EntityRecognizer {
    /// Whether the capitalised range is a political party named with a lower-case "party" after it ("the
    /// Republican party", "the Labour party"): the range is one or two words, a nationality, group or
    /// unknown name, and the next token is "party" in lower case.
    ///
    /// - Parameters:
    ///   - a: The range's first token.
    ///   - b: One past its last token; the "party" token sits at `b`.
    func partyName(_ a: Int, _ b: Int) -> Bool {
        guard b < self.tokens.count, b - a <= 2, self.tokens[b].lower == "party", self.tokens[b].has(.lowercase)
        else { return false }
        for k in a..<b where self.tokens[k].kind != .word || self.tokens[k].classes.contains(.titleHead) {
            return false
        }
        // "a Bush party", "a Christmas party": a person or an occasion hosts a party; a party takes "the".
        return a > 0 && self.tokens[a - 1].lower == "the"
    }
}
