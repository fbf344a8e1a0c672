// The agent of a passive speaks: "she was described by Jane Doe as “...”", "called “...” by the newspaper".

extension SpeakerResolver {
    /// Participles whose agent only passes the words on: "quoted by Reuters as saying" is still the
    /// subject's speech.
    static let reportingParticiples: Set<String> = ["quoted", "cited", "reported", "interviewed", "asked"]

    /// The person or organisation after `by` at token `k` when a participle comes before it: "described by
    /// Jane Doe as", "called by the newspaper".
    func passiveAgent(at k: Int) -> Int? {
        guard k >= 1, k + 1 < self.n, self.tokens[k].lower == "by", !self.insideQuote[k],
            self.tokens[k - 1].isWord, self.tokens[k - 1].lower.hasSuffix("ed"),
            !Self.reportingParticiples.contains(self.tokens[k - 1].lower)
        else { return nil }
        let start = self.tokens[k + 1].lower == "the" ? k + 2 : k + 1
        guard let m = self.mentionByStart[start], !self.isOwner(m) else { return nil }
        return m
    }
}
