import DatelineExtraction
import Testing

/// Quote spans and speakers on short texts written for these tests, one attribution pattern each.
@Suite struct QuoteAttributionTests {
    @Test(arguments: [
        (
            "Officials met John Brown.\n\n\"The hospital is overwhelmed by the injured,\" Hugh Hill, a doctor, said.",
            "Hugh Hill"
        ),
        ("The minister Jane Doe spoke after him. \"We will rebuild the town quickly,\" the minister said.", "Jane Doe"),
        ("Jane Doe said: \"We will rebuild the town quickly and fairly.\"", "Jane Doe"),
        ("“Nobody expected the storm to be this strong,” said Professor Sonia Lee.", "Sonia Lee"),
        ("“Nobody expected the storm to be this strong,” according to police chief John Roe.", "John Roe"),
        ("Ann Lee arrived late. “We are ready to begin work today,” she said.", "Ann Lee"),
        ("“We are ready to begin work today,” Ms. Lee said, after Ann Lee arrived.", "Ann Lee"),
        ("Mayor Tom Park spoke first. “The roads will reopen by the weekend,” Park added.", "Tom Park"),
        (
            "Ann Lee criticised John Brown on Monday. “Nobody expected the storm to be this strong,” she said.",
            "Ann Lee"
        ),
    ])
    func attributes(_ text: String, _ speaker: String) throws {
        let record = try TestSupport.pipeline().extract(Article(id: "q", text: text))
        #expect(record.quotes.count == 1, "got \(record.quotes.map(\.text))")
        #expect(record.quotes.first?.speaker == speaker)
    }

    @Test(arguments: [
        "Ann Lee left the town hall early. A senior official spoke to reporters later.\n\n“We will rebuild the town quickly,” the official said.",
        "Ann Lee left early. “We will rebuild the town quickly,” Lee's spokesman said.",
    ])
    func unnamedSpeakerIsNotTheLastNamedPerson(_ text: String) throws {
        let record = try TestSupport.pipeline().extract(Article(id: "u", text: text))
        #expect(record.quotes.count == 1, "got \(record.quotes.map(\.text))")
        #expect(record.quotes.first?.speaker == nil)
    }

    @Test func continuationAcrossParagraphsKeepsTheSpeaker() throws {
        let text = """
            “The first part of the statement is here,” said Ann Lee, the council leader.

            “The second part of it follows in the next paragraph.”

            Ann Lee said: “This quotation runs on past the end of its paragraph

            “and it carries on here, as newspapers do.”
            """
        let record = try TestSupport.pipeline().extract(Article(id: "c", text: text))
        #expect(record.quotes.count == 4, "got \(record.quotes.map(\.text))")
        for quote in record.quotes { #expect(quote.speaker == "Ann Lee", "\(quote.text)") }
        #expect(record.quotes[2].text == "This quotation runs on past the end of its paragraph")
        #expect(record.quotes[3].attribution == "continuation")
    }

    @Test func quoteSpansExcludeTheMarks() throws {
        let text = "He said “this is exactly what we wanted all along” and left."
        let record = try TestSupport.pipeline().extract(Article(id: "s", text: text))
        let quote = try #require(record.quotes.first)
        #expect(quote.text == "this is exactly what we wanted all along")
        #expect(TestSupport.slice(text, quote.start, quote.end) == quote.text)
    }
}
