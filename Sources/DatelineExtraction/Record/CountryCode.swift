/// An ISO 3166-1 alpha-2 country code ("KE"), the key users aggregate places and nationalities by.
///
/// Spellings vary ("US", "United States", "America"); the code does not. Codes come from the gazetteer, so a
/// few user-assigned codes GeoNames uses (`XK` for Kosovo) appear beside the officially assigned ones.
public struct CountryCode: Sendable, Hashable, RawRepresentable {
    /// Two upper-case ASCII letters.
    public let rawValue: String

    /// Accepts exactly two upper-case ASCII letters, so a malformed lexicon cell becomes "unknown", not a code.
    ///
    /// - Parameter rawValue: The code as written: "FR".
    public init?(rawValue: String) {
        guard rawValue.utf8.count == 2, rawValue.utf8.allSatisfy({ (0x41...0x5A).contains($0) }) else { return nil }
        self.rawValue = rawValue
    }
}

extension CountryCode: CustomStringConvertible {
    public var description: String { self.rawValue }
}
