// MARK: - Buildings and facilities

extension EntityRecognizer {
    /// Whether a capitalised range names a building or a built place: its last word is a facility head
    /// ("Great Lakes Science Center", "Union Station"), or it opens with one before "of" ("Museum of Fine
    /// Arts"). Such names are places even when an organisation of the same name runs the building.
    ///
    /// A range whose "of"/"for" phrase follows an organisation head ("Centre for Social Research") stays an
    /// organisation: that is the institution, not its house.
    ///
    /// - Parameters:
    ///   - a: The range's first token.
    ///   - b: One past its last token.
    func isFacilityName(_ a: Int, _ b: Int) -> Bool {
        guard b - a >= 2, !self.tokens[a].classes.contains(.titleHead) else { return false }
        // "Main Street and Park Road" are two names; "and" inside one is rare ("Belt and Road" is no road).
        for k in a..<b where self.isConnector(k) && (self.tokens[k].lower == "and" || self.tokens[k].lower == "or") {
            return false
        }
        for k in a..<b where self.tokens[k].first == "&" { return false }
        let last = self.tokens[b - 1]
        if last.classes.contains(.facilityHead), last.has(.capitalised) {
            // "Stuart Hall", "Tony Lane": a given name before a head word that is also a surname is a person.
            return !(b - a == 2 && self.isGivenName(a) && self.isSurnameWord(b - 1))
        }
        if last.lower == "centre" || last.lower == "center" {
            return BuiltinLexicon.facilityCentreKinds.contains(self.tokens[b - 2].lower)
        }
        // "Museum of Fine Arts", "the Cleveland Museum of Art": a facility head right before the first "of".
        for c in (a + 1)..<b where self.tokens[c].lower == "of" {
            return BuiltinLexicon.facilityOfHeads.contains(self.tokens[c - 1].lower)
        }
        return false
    }
}
