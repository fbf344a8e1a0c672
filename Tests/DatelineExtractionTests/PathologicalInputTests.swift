import DatelineExtraction
import Testing

/// Hostile and odd inputs finish (the pipeline is linear) and keep every invariant. No wall-time asserts:
/// a super-linear stage would make these tests run for hours, which the test runner's time limit catches.
@Suite(.timeLimit(.minutes(10))) struct PathologicalInputTests {
    static let cases: [(name: String, text: String)] = [
        ("a million double quotes", String(repeating: "\"", count: 1_000_000)),
        ("a million curly quotes with words", String(repeating: "“a ”", count: 250_000)),
        ("a million open parentheses", String(repeating: "(", count: 1_000_000)),
        ("nested brackets with acronyms", String(repeating: "(ABC [DEF (GHI ", count: 60_000)),
        ("a hundred thousand capitalised tokens", String(repeating: "Alpha Beta Gamma Delta ", count: 25_000)),
        ("one 2 MiB line", String(repeating: "word ", count: 419_430)),
        ("a 2 MiB line without spaces", String(repeating: "x", count: 2 * 1024 * 1024)),
        ("emoji ZWJ sequences and flags", String(repeating: "👩‍👩‍👧‍👦 🇺🇸 👍🏽 Paris said “hi there friend now.” ", count: 20_000)),
        (
            "combining marks and RTL",
            String(repeating: "e\u{301}\u{302}\u{303} שלום مرحبا \u{202E}Abc\u{202C} ", count: 30_000)
        ),
        (
            "control characters and separators",
            String(repeating: "A\u{0}B\u{7}\u{2028}C\u{2029}D\u{FEFF}\u{200B}E\u{FFFD} ", count: 30_000)
        ),
        (
            "CRLF paragraphs",
            String(repeating: "\"Quote one two three,\" he said.\r\n\r\nMr. Smith of New York.\r\n", count: 20_000)
        ),
        (
            "numbers and dates",
            String(repeating: "At least 1,000,000.5 people on May 10, 2024 and 10 May 2024 in 1999s ", count: 20_000)
        ),
        ("only whitespace and punctuation", String(repeating: " .,;:!?-—–… ", count: 100_000)),
        ("titles without names", String(repeating: "President Minister Secretary Mr. Dr. ", count: 30_000)),
        ("single quotes and apostrophes", String(repeating: "'tis the Smiths' 'own' ‘quote’ don’t ", count: 40_000)),
    ]

    @Test(arguments: cases.indices)
    func completesWithInvariants(_ index: Int) throws {
        let (name, text) = Self.cases[index]
        let pipeline = try TestSupport.pipeline()
        let article = Article(id: name, text: text, publishedAt: "2024-05-16")
        let record = pipeline.extract(article)
        PropertyTests.checkInvariants(record, text: text)
        // The serialised record is bounded, valid UTF-8, and deterministic.
        let first = try pipeline.recordJSON(for: article, provenance: nil)
        #expect(String(validating: first, as: UTF8.self) != nil)
        #expect(try pipeline.recordJSON(for: article, provenance: nil) == first)
    }

    @Test func unclosedQuotesDoNotRunToTheEnd() throws {
        let text =
            "“This quote never closes, and the paragraph ends here.\n\nA new paragraph with no quotes at all, said Mr. Smith."
        let record = try TestSupport.pipeline().extract(Article(id: "unclosed", text: text))
        #expect(record.quotes.isEmpty, "got \(record.quotes.map(\.text))")
    }

    @Test func scareQuotesAndTitlesAreNotQuotes() throws {
        let text = """
            The so-called "experts" disagreed. She read "The Art of War" twice. He called it a 'disaster'.
            "This, however, is a real quotation of several words," the minister said.
            """
        let record = try TestSupport.pipeline().extract(Article(id: "scare", text: text))
        #expect(record.quotes.map(\.text) == ["This, however, is a real quotation of several words,"])
    }
}
