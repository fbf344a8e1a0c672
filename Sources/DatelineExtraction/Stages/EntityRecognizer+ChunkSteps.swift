// MARK: - Chunk steps

/// The steps that cut a cleaned capitalised chunk into names, in the order ``EntityRecognizer/process(_:_:)``
/// tries them. Each step either handles the whole range (and returns `true`) or leaves it untouched.
extension EntityRecognizer {
    /// Step 1: acronym long forms are single entities ("Committee to Protect Journalists (CPJ)").
    mutating func splitAtAcronymLongForm(_ a: Int, _ b: Int) -> Bool {
        for definition in self.acronyms where definition.longIsName {
            let ls = definition.longStart
            let le = definition.longEnd
            // Only long forms that overlap the chunk and are not wider than it split it.
            guard ls < b && le > a && !(ls <= a && le >= b && (ls != a || le != b)) else { continue }
            let cs = max(a, ls)
            let ce = min(b, le)
            if cs > a { self.process(a, cs) }
            if cs == ls && ce == le {
                // The long form itself: one entity.
                let type = self.wholeType(ls, le)?.type ?? .org
                self.add(ls, le, type == .person ? .org : type, .rule, nil)
            } else {
                self.process(cs, ce)
            }
            if ce < b { self.process(ce, b) }
            return true
        }
        return false
    }

    /// Step 3a: a country before a known organisation ("US Senate", "UK Parliament"), and step 3b: a leading
    /// country or nationality before an organisation head ("US State Department").
    mutating func splitLeadingCountry(_ a: Int, _ b: Int) -> Bool {
        if b - a >= 2 {
            for width in 1...min(3, b - a - 1) where self.lexicons.places[self.key(a, a + width)]?.kind == .country {
                if self.lexicons.organisations.contains(self.key(a + width, b)) {
                    self.process(a, a + width)
                    self.process(a + width, b)
                    return true
                }
            }
        }
        guard b - a >= 3, self.tokens[b - 1].classes.contains(.orgHead),
            !self.lexicons.organisations.contains(self.key(a, b))
        else { return false }
        for width in 1...min(3, b - a - 2) {
            let key = self.key(a, a + width)
            if self.lexicons.places[key]?.kind == .country || self.lexicons.demonyms[key] != nil {
                self.process(a, a + width)
                self.process(a + width, b)
                return true
            }
        }
        return false
    }

    /// Step 3c: coordinated names. "and the" / "or the" always separates two names ("the Reserve Bank and
    /// the Treasury"), and so does a conjunction between two organisation heads ("Alfa AB and Beta AB").
    mutating func splitAtCoordination(_ a: Int, _ b: Int) -> Bool {
        if b - a >= 4 {
            for k in (a + 1)..<(b - 2) where self.isConnector(k) && self.tokens[k + 1].lower == "the" {
                let lower = self.tokens[k].lower
                if lower == "and" || lower == "or" {
                    self.process(a, k)
                    self.process(k + 2, b)
                    return true
                }
            }
        }
        guard b - a >= 4, self.tokens[b - 1].classes.contains(.orgHead) else { return false }
        for k in (a + 2)..<(b - 1) where self.isConnector(k) && self.tokens[k - 1].classes.contains(.orgHead) {
            let lower = self.tokens[k].lower
            if lower == "and" || lower == "&" || lower == "or" {
                self.process(a, k)
                self.process(k + 1, b)
                return true
            }
        }
        return false
    }

    /// Step 3d: an organisation, then a person from a given name on ("the Sydney Weather Bureau Ian
    /// Robertson").
    mutating func splitOrganisationThenPerson(_ a: Int, _ b: Int) -> Bool {
        guard b - a >= 4 else { return false }
        for k in (a + 1)..<(b - 2) where self.tokens[k].classes.contains(.orgHead) && self.isGivenName(k + 1) {
            if !self.isCommonWord(k + 1), self.tokens[k + 2].has(.capitalised),
                !self.tokens[k + 2].classes.contains(.orgHead)
            {
                self.process(a, k + 1)
                self.add(k + 1, b, .person, .rule, nil)
                return true
            }
        }
        return false
    }

    /// Step 3e: a person's name, then "of" and where they work ("Jon Roland of the Constitution Society").
    mutating func splitPersonOfOrganisation(_ a: Int, _ b: Int) -> Bool {
        guard b - a >= 4, let split = self.personOfOrganisation(a, b) else { return false }
        self.add(a, split, .person, .guess, nil)
        var r = split + 1
        while r < b, self.isConnector(r) { r += 1 }
        self.process(r, b)
        return true
    }

    /// Step 3f: laws and treaties ("the Paris Agreement", "the Geneva Convention") are none of our types, and
    /// not the person or place their first word suggests; the range is consumed without a mention.
    func isDocumentName(_ a: Int, _ b: Int) -> Bool {
        b - a >= 2 && self.tokens[b - 1].classes.contains(.documentHead)
            && !self.lexicons.organisations.contains(self.key(a, b))
    }

    /// Step 3g: "the Republican party": a lower-case "party" after the name still belongs to it.
    mutating func addPartyName(_ a: Int, _ b: Int) -> Bool {
        guard self.partyName(a, b) else { return false }
        self.add(a, b + 1, .org, .rule, nil)
        return true
    }

    /// Step 4: the whole range as one name, when its words or its head say what it is.
    mutating func addWholeName(_ a: Int, _ b: Int) -> Bool {
        guard let whole = self.wholeType(a, b) else { return false }
        self.add(a, b, whole.type, whole.strength, whole.canonical)
        return true
    }

    /// Step 5: split at a connector that is not part of a name ("and", "&", "for", "of", "on", "the").
    mutating func splitAtConnector(_ a: Int, _ b: Int) -> Bool {
        for k in a..<b where self.isConnector(k) {
            let lower = self.tokens[k].lower
            if lower == "and" || lower == "&" || lower == "for" || lower == "of" || lower == "on" || lower == "the" {
                self.process(a, k)
                var r = k + 1
                while r < b, self.isConnector(r) { r += 1 }
                self.process(r, b)
                return true
            }
        }
        return false
    }
}
