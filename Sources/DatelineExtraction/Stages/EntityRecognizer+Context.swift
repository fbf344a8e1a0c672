// MARK: - Context evidence

extension EntityRecognizer {
    /// Weak type evidence from the words around a name: speech and citations mark people, locative
    /// prepositions and place words mark places.
    ///
    /// - Parameters:
    ///   - a: The name's first token.
    ///   - b: One past its last token.
    /// - Returns: The type the neighbours suggest, or `nil` when they say nothing.
    func contextType(_ a: Int, _ b: Int) -> EntityType? {
        if b < self.tokens.count {
            let next = self.tokens[b]
            if next.classes.contains(.speechVerb) { return .person }
            if next.has(.lowercase), BuiltinLexicon.politicalPlaceHeads.contains(next.lower) { return .gpe }
            if next.first == ",", b + 1 < self.tokens.count {
                let after = self.tokens[b + 1]
                if after.lower == "who"
                    || (after.kind == .number && b + 2 < self.tokens.count && self.tokens[b + 2].first == ",")
                {
                    return .person
                }
            }
            if self.isCitation(a, b) { return .person }
        }
        if a > 0, Self.locativePrepositions.contains(self.tokens[a - 1].lower) { return .gpe }
        return nil
    }

    /// Prepositions that put the name after them in a place: "in Lisbon", "across Anatolia".
    static let locativePrepositions: Set<String> = [
        "in", "near", "across", "outside", "around", "throughout", "via", "towards", "toward",
    ]

    /// Whether the name is cited as an author: "Smith (2005)", "Smith et al.", "(Smith, 2005)",
    /// "(Smith and Jones, 2005)". Scholarly writing names people this way far more than any other.
    func isCitation(_ a: Int, _ b: Int) -> Bool {
        let n = self.tokens.count
        guard b < n else { return false }
        let next = self.tokens[b]
        if next.lower == "et", b + 1 < n, self.tokens[b + 1].lower == "al" { return true }
        if next.first == "(", next.kind == .punctuation, self.isCitedYear(b + 1) { return true }
        if next.first == ",", self.isCitedYear(b + 1), a > 0 {
            let previous = self.tokens[a - 1]
            return previous.first == "(" || previous.first == ";" || previous.lower == "and" || previous.first == "&"
        }
        // "Smith and Jones (2005)": the first of two cited authors.
        if next.lower == "and" || next.first == "&", b + 2 < n, self.tokens[b + 1].isCapitalised {
            let after = self.tokens[b + 2]
            return (after.first == "(" && self.isCitedYear(b + 3)) || (after.first == "," && self.isCitedYear(b + 3))
        }
        return false
    }

    /// A publication year as citations write it: four digits, optionally with a letter ("2005a").
    private func isCitedYear(_ k: Int) -> Bool {
        guard k < self.tokens.count else { return false }
        let t = self.tokens[k]
        guard t.has(.hasDigit), t.length == 4 || t.length == 5 else { return false }
        let digits = t.lower.prefix(4)
        guard let year = Int(digits), year >= 1500, year <= 2099 else { return false }
        return t.length == 4 || t.lower.last.map { $0 >= "a" && $0 <= "z" } == true
    }
}

// MARK: - Amounts

extension EntityRecognizer {
    /// Whether a number stands right before or after token `k`: a capitalised code there is a currency or a
    /// unit ("200 DKK", "USD 40"), not an organisation.
    func isBesideAmount(_ k: Int) -> Bool {
        if k > 0, self.tokens[k - 1].kind == .number { return true }
        return k + 1 < self.tokens.count && self.tokens[k + 1].kind == .number
    }
}

// MARK: - Place appositions

extension EntityRecognizer {
    /// Whether the one-word place name at `p` is written with the larger place it lies in ("Paris, France")
    /// or follows a place it contains ("San Francisco, California"): a comma between two gazetteer places.
    func isInPlaceApposition(_ p: Int) -> Bool {
        let n = self.tokens.count
        if p + 2 < n, self.tokens[p + 1].first == ",", self.isLargerPlace(p + 2) { return true }
        guard p >= 2, self.tokens[p - 1].first == ",", self.isLargerPlace(p) else { return false }
        let before = self.tokens[p - 2]
        if self.lexicons.places[before.lower, before.hash] != nil { return true }
        return p >= 3 && self.lexicons.places[self.tokens[p - 3].lower + " " + before.lower] != nil
    }

    /// A country or a state (province, region) in the gazetteer, starting at token `k`, capitalised.
    private func isLargerPlace(_ k: Int) -> Bool {
        let t = self.tokens[k]
        guard t.isCapitalised, let place = self.lexicons.places[t.lower, t.hash] else { return false }
        return place.kind == .country || place.kind == .state
    }
}

// MARK: - Word shape

extension EntityRecognizer {
    /// Whether the word at `k` has a capital after a lower-case letter ("FrameNet", "YouTube"): the shape of
    /// product and company names, never of a place.
    func hasInnerCapital(_ k: Int) -> Bool {
        let t = self.tokens[k]
        guard t.kind == .word, t.length >= 3 else { return false }
        var previousLower = false
        for s in Int(t.start)..<Int(t.end) {
            let scalar = self.model.scalars[s]
            if previousLower && Tokenizer.isUpper(scalar) { return true }
            previousLower = scalar.properties.isLowercase
        }
        return false
    }
}
