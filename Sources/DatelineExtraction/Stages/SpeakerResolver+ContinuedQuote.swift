// A quotation that runs over paragraphs (no closing mark, the next paragraph reopening it) is one speech, and
// its attribution often comes only at the end: "“A. B.¶“C,” said Jane Doe." The earlier parts take the
// speaker the last part names.

extension SpeakerResolver {
    /// Gives each part of a quotation continued into the next paragraph the speaker of the part after it, when
    /// the part has no attribution of its own; goes back to front so a chain of parts takes the final speaker.
    ///
    /// - Parameter hits: The quotes, in text order, with their speakers resolved.
    func attributeContinuedQuotes(_ hits: inout [QuoteFinder.Hit]) {
        guard hits.count > 1 else { return }
        for index in stride(from: hits.count - 2, through: 0, by: -1) {
            let part = hits[index]
            let next = hits[index + 1]
            guard part.close == next.open, !part.isTurn, !next.isTurn, part.verb < 0,
                part.attribution == nil || part.attribution == .continuation,
                let speaker = next.speakerMention,
                self.model.paragraphOf[part.open] != self.model.paragraphOf[next.open]
            else { continue }
            hits[index].speakerMention = speaker
            hits[index].attribution = next.attribution == .continuation ? .continuation : next.attribution
        }
    }
}
