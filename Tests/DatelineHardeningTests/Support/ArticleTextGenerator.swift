/// Generates news-like article text from a seed: datelines, titled names, organisations with acronyms,
/// dates, quantities, quotes (balanced or not), and hostile noise (unusual Unicode, stray punctuation,
/// unbalanced brackets), so the property tests reach every stage with text nobody wrote by hand.
struct ArticleTextGenerator {
    var random: SeededGenerator

    init(seed: UInt64) {
        self.random = SeededGenerator(seed: seed)
    }

    static let places = ["LISBON", "ISLAMABAD", "WASHINGTON", "NEW YORK", "Zürich", "São Paulo", "KYIV", "Nairobi"]
    static let agencies = ["Reuters", "AP", "AFP", "dpa"]
    static let titles = [
        "President", "Prime Minister", "Foreign Minister", "Principal Deputy Spokesperson", "Dr.", "Mr.", "Gen.",
        "Sen.", "chief executive", "spokeswoman", "Secretary-General",
    ]
    static let given = ["Ana", "John", "Maria", "Ishaq", "Jean-Paul", "Olena", "Wei", "Fatima", "Seán", "Zoë"]
    static let surnames = ["Costa", "Smith", "Dar", "Dupont", "O'Brien", "Kovalenko", "Zhang", "Al-Hassan", "Müller"]
    static let organisations = [
        ("World Health Organization", "WHO"), ("North Atlantic Treaty Organization", "NATO"),
        ("International Monetary Fund", "IMF"), ("Port of Lisbon Authority", "PLA"),
        ("European Central Bank", "ECB"), ("State Department", nil), ("Ministry of Finance", nil),
    ]
    static let verbs = ["said", "told reporters", "added", "warned", "said in a statement", "wrote", "announced"]
    static let dates = [
        "on Monday", "last Tuesday", "on May 10, 2024", "in March", "10 May 2024", "yesterday", "next week",
        "two years ago", "on 2024-05-10", "in the 1990s", "by 2030", "Sept. 5", "on Feb. 30, 2023", "this year",
    ]
    static let quantities = [
        "at least 40 villagers", "about 1,200 people", "3.5 percent", "$2 billion", "€40 million", "£5,000",
        "12 km", "more than 300 homes", "7%", "nearly 1e6 tonnes", "-7 degrees", "1,000,000 barrels",
    ]
    static let words = [
        "the", "officials", "agreed", "to", "a", "plan", "for", "repairs", "after", "inspectors", "found", "damage",
        "in", "several", "cables", "and", "bridges", "while", "talks", "continued", "over", "budget", "with", "local",
        "authorities", "residents", "were", "evacuated", "from", "coastal", "areas", "as", "storm", "approached",
    ]
    static let noise: [String] = [
        "\u{1F600}", "\u{1F468}\u{200D}\u{1F469}\u{200D}\u{1F467}", "e\u{301}", "\u{202E}", "\u{200B}", "\u{FEFF}",
        "中文", "مرحبا", "Ελλάδα", "(", ")", "[", "]", "\"", "\u{201C}", "\u{2019}", "'", "«", "—", "...", "\u{2026}",
        "\t", "\r\n", "\u{00A0}", "\u{2028}", "\u{0000}", "#", "@", "&amp;", "<b>", "ABC", "U.S.", "'s",
    ]

    /// A whole article of roughly `sentences` sentences in paragraphs, with a dateline half of the time.
    mutating func article(sentences: Int, hostile: Bool = true) -> String {
        var text = ""
        if self.random.chance(1, in: 2) {
            let place = self.random.pick(Self.places)
            switch self.random.index(3) {
            case 0: text += "\(place) (\(self.random.pick(Self.agencies))) - "
            case 1: text += "\(place): "
            default: text += "\(place) \u{2014} "
            }
        }
        for index in 0..<sentences {
            if index > 0 {
                text += self.random.chance(1, in: 4) ? "\n\n" : " "
            }
            text += self.sentence(hostile: hostile)
        }
        return text
    }

    /// `count` scalars' worth of article text (at least), built sentence by sentence.
    mutating func text(atLeast count: Int, hostile: Bool = true) -> String {
        var text = self.article(sentences: 1, hostile: hostile)
        var scalars = text.unicodeScalars.count
        while scalars < count {
            let sentence = (self.random.chance(1, in: 4) ? "\n\n" : " ") + self.sentence(hostile: hostile)
            scalars += sentence.unicodeScalars.count
            text += sentence
        }
        return text
    }

    mutating func sentence(hostile: Bool) -> String {
        var parts: [String] = []
        switch self.random.index(6) {
        case 0:
            let (long, short) = self.random.pick(Self.organisations)
            parts.append("The \(long)" + (short.map { " (\($0))" } ?? ""))
        case 1:
            parts.append("\(self.random.pick(Self.titles)) \(self.person())")
        case 2:
            parts.append(self.random.pick(Self.quantities))
        default:
            parts.append(self.random.pick(Self.words).capitalizedFirst)
        }
        for _ in 0..<(3 + self.random.index(12)) {
            switch self.random.index(12) {
            case 0: parts.append(self.random.pick(Self.dates))
            case 1: parts.append(self.random.pick(Self.quantities))
            case 2: parts.append(self.person())
            case 3: parts.append(self.random.pick(Self.organisations).1 ?? "Reuters")
            case 4 where hostile: parts.append(self.random.pick(Self.noise))
            default: parts.append(self.random.pick(Self.words))
            }
        }
        var sentence = parts.joined(separator: " ")
        if self.random.chance(1, in: 3) {
            let (open, close) = self.random.pick([
                ("\"", "\""), ("\u{201C}", "\u{201D}"), ("\u{2018}", "\u{2019}"), ("«", "»"),
            ])
            let balanced = !hostile || self.random.chance(5, in: 6)
            let attribution = "\(self.person()) \(self.random.pick(Self.verbs))"
            sentence =
                self.random.chance(1, in: 2)
                ? "\(open)\(sentence),\(balanced ? close : "") \(attribution)"
                : "\(attribution): \(open)\(sentence).\(balanced ? close : "")"
        }
        if !sentence.hasSuffix(".") && !sentence.hasSuffix(".\u{201D}") {
            sentence += self.random.pick([".", ".", ".", "?", "!", ""])
        }
        return sentence
    }

    mutating func person() -> String {
        switch self.random.index(3) {
        case 0: return self.random.pick(Self.surnames)
        default: return "\(self.random.pick(Self.given)) \(self.random.pick(Self.surnames))"
        }
    }
}

extension String {
    fileprivate var capitalizedFirst: String {
        guard let first = self.first else { return self }
        return first.uppercased() + self.dropFirst()
    }
}
