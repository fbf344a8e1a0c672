extension ExtractionPipeline {
    /// The gazetteer identifiers one place or nationality mention carries, or `nil` when it names none.
    ///
    /// One table lookup per GPE, LOC or NORP mention at assembly, on the key the recogniser matched; the
    /// recogniser's own lookups stay untouched. Mentions the gazetteer does not hold ("the Horn of Africa")
    /// return `nil` and so do not veto the identifiers their entity's other mentions agree on.
    ///
    /// - Parameters:
    ///   - mention: A clustered mention.
    ///   - model: The article's text model.
    ///   - lexicons: The gazetteer and nationality tables.
    ///   - dateline: The article's dateline; its place mention takes the identity the dateline resolved
    ///     (`PARIS, Texas` is not the gazetteer's Paris).
    /// - Returns: The mention's identifiers, `nil` for other types and for names the tables lack.
    static func identity(
        of mention: EntityMention,
        in model: TextModel,
        lexicons: Lexicons,
        dateline: DatelineDetector.Hit?
    ) -> PlaceIdentity? {
        if let dateline, dateline.location != nil, mention.part == nil, mention.tokenStart == dateline.locationStart,
            mention.tokenEnd == dateline.locationEnd
        {
            return dateline.identity
        }
        switch mention.type {
        case .gpe, .loc:
            if let place = lexicons.places[Self.key(of: mention, in: model)] { return place.identity }
            return mention.canonical.flatMap { lexicons.places[Lexicons.key($0)]?.identity }
        case .norp:
            guard let nationality = lexicons.demonyms[Self.key(of: mention, in: model)] else { return nil }
            return PlaceIdentity(countryCode: nationality.countryCode, geonamesID: nil)
        case .person, .org:
            return nil
        }
    }

    /// The lookup key of a mention, built as the recogniser builds its keys.
    private static func key(of mention: EntityMention, in model: TextModel) -> String {
        if let part = mention.part { return part.surface }
        let tokens = model.tokens
        if mention.tokenEnd - mention.tokenStart == 1 { return tokens[mention.tokenStart].lower }
        var key = ""
        for k in mention.tokenStart..<mention.tokenEnd {
            if k > mention.tokenStart && tokens[k].kind != .possessive { key += " " }
            key += tokens[k].lower
        }
        return key
    }
}
