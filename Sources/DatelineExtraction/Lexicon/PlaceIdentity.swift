/// The stable identifiers of a gazetteer place: its GeoNames id and its country's ISO code, either unknown.
///
/// The generator leaves a cell empty when the data has no id or when the name is ambiguous (two countries
/// have a large place so called), so a present value is one the gazetteer is sure of.
struct PlaceIdentity: Sendable, Hashable {
    var countryCode: CountryCode?
    var geonamesID: GeoNamesID?

    /// Neither identifier.
    static let unknown = PlaceIdentity(countryCode: nil, geonamesID: nil)

    /// Reads the generator's two cells; an empty or malformed cell is unknown.
    ///
    /// - Parameters:
    ///   - countryCode: An ISO 3166-1 alpha-2 code or "".
    ///   - geonamesID: A decimal GeoNames id or "".
    init(countryCode: String, geonamesID: String) {
        self.countryCode = CountryCode(rawValue: countryCode)
        self.geonamesID = Int(geonamesID).flatMap(GeoNamesID.init(rawValue:))
    }

    init(countryCode: CountryCode?, geonamesID: GeoNamesID?) {
        self.countryCode = countryCode
        self.geonamesID = geonamesID
    }

    /// What two readings of one entity or key agree on; an unknown identifier is no opinion.
    ///
    /// Precision first: when two readings give different countries the result knows neither identifier, and
    /// when they give different ids of one country it keeps only the country.
    ///
    /// - Parameter other: The other reading.
    /// - Returns: The identifiers the readings do not contradict.
    func agreeing(with other: PlaceIdentity) -> PlaceIdentity {
        if let mine = self.countryCode, let theirs = other.countryCode, mine != theirs { return .unknown }
        let geonamesID: GeoNamesID?
        if let mine = self.geonamesID, let theirs = other.geonamesID {
            geonamesID = mine == theirs ? mine : nil
        } else {
            geonamesID = self.geonamesID ?? other.geonamesID
        }
        return PlaceIdentity(countryCode: self.countryCode ?? other.countryCode, geonamesID: geonamesID)
    }
}
