import DatelineExtraction
import Testing

/// Quotation spans on texts written for these tests: the marks of other languages, lost spaces, and the
/// spans that name things rather than report speech.
@Suite struct QuoteSpanTests {
    static func texts(_ text: String) throws -> [String] {
        try TestSupport.pipeline().extract(Article(id: "s", text: text)).quotes.map(\.text)
    }

    /// Texts and the quotations found in them, in order.
    static let examples: [(text: String, quotes: [String])] = [
        // „...“: the low mark opens and the high one closes.
        (
            "The minister Anna Weber said: „We will build the bridge again this year.“ Then she left the hall.",
            ["We will build the bridge again this year."]
        ),
        (
            "Jane Doe said: «We will build the bridge again this year.» Then she left.",
            ["We will build the bridge again this year."]
        ),
        // An opening mark glued to the sentence before it.
        (
            "Jane Doe spoke about the plan at length.\"We will build the bridge again this year,\" she said.",
            ["We will build the bridge again this year,"]
        ),
        // Titles and names being given are not speech.
        ("The ministry published a report entitled \"Roads, Rails and Rivers of Tomorrow\" on Monday.", []),
        ("Often dubbed the \"home of winter sports,\" the town is busy every January.", []),
        ("The plan includes a new \"Climate Innovation Fund,\" which will invest in research.", []),
    ]

    @Test(arguments: Self.examples)
    func finds(_ example: (text: String, quotes: [String])) throws {
        #expect(try Self.texts(example.text) == example.quotes)
    }
}
