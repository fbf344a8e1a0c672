/// One token of an article: a word, a number, a quote mark or another punctuation scalar.
///
/// Offsets are Unicode scalar offsets into the article text (end exclusive), the record's offset unit.
struct Token: Sendable {
    /// What a token is, as far as the scanners care.
    enum Kind: UInt8, Sendable {
        case word
        case number
        case quote
        /// The possessive clitic split from a word: `'s` or `’s`.
        case possessive
        case punctuation
    }

    /// Shape and position facts, set by the tokeniser and the segmenter.
    struct Flags: OptionSet, Sendable {
        var rawValue: UInt16

        /// The first scalar is an upper-case letter.
        static let capitalised = Flags(rawValue: 1 << 0)
        /// Every letter is upper case and there are at least two.
        static let allCaps = Flags(rawValue: 1 << 1)
        /// The token starts a sentence.
        static let sentenceStart = Flags(rawValue: 1 << 2)
        /// The token starts a paragraph.
        static let paragraphStart = Flags(rawValue: 1 << 3)
        /// Whitespace comes right before the token (or it starts the text).
        static let spaceBefore = Flags(rawValue: 1 << 4)
        /// A line break comes right before the token.
        static let newlineBefore = Flags(rawValue: 1 << 5)
        /// The word contains a hyphen.
        static let hyphenated = Flags(rawValue: 1 << 6)
        /// Every letter is lower case.
        static let lowercase = Flags(rawValue: 1 << 7)
        /// The word contains a digit.
        static let hasDigit = Flags(rawValue: 1 << 8)
    }

    var start: Int32
    var end: Int32
    var kind: Kind
    var flags: Flags
    /// The token's text, lower-cased (quote marks and punctuation as they are).
    var lower: String
    /// The first scalar, for punctuation and quote tests without string comparison.
    var first: Unicode.Scalar
    /// The hand-written lists the lower-case text is in (words only).
    var classes: WordClass = []
    /// FNV-1a of `lower`'s UTF-8, computed once by the tokeniser and reused by every table lookup.
    var hash: UInt64 = 0

    var length: Int { Int(self.end - self.start) }

    func has(_ flag: Flags) -> Bool { self.flags.contains(flag) }

    var isWord: Bool { self.kind == .word }
    var isCapitalised: Bool { self.kind == .word && self.flags.contains(.capitalised) }
}
