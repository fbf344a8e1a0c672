/// A GeoNames `geonameid` (geonames.org): one place, whatever the text calls it.
///
/// The gazetteer is built from GeoNames data, so a name that resolves to one gazetteer place carries its id;
/// users join on it instead of on spellings ("Kyiv", "Kiev").
public struct GeoNamesID: Sendable, Hashable, RawRepresentable {
    /// The positive GeoNames identifier: 2988507 is Paris, France.
    public let rawValue: Int

    /// Accepts positive ids only; GeoNames has no id 0.
    ///
    /// - Parameter rawValue: The identifier.
    public init?(rawValue: Int) {
        guard rawValue > 0 else { return nil }
        self.rawValue = rawValue
    }
}

extension GeoNamesID: CustomStringConvertible {
    public var description: String { String(self.rawValue) }
}
