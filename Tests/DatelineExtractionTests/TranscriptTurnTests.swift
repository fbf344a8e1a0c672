import DatelineExtraction
import Testing

/// Interview transcripts on short texts written for these tests: each labelled turn is a quote spoken by the
/// label's owner.
@Suite struct TranscriptTurnTests {
    static func quotes(_ text: String) throws -> [ArticleRecord.Quote] {
        try TestSupport.pipeline().extract(Article(id: "t", text: text)).quotes
    }

    @Test func questionAndAnswerTurnsBelongToInterviewerAndInterviewee() throws {
        let text = """
            Jane Doe, the city's mayor, was interviewed by John Smith.

            Q: What will you do about the flooded roads this winter?

            A: We will rebuild the bridges first, and then the roads.
            """
        let quotes = try Self.quotes(text)
        #expect(quotes.map(\.speaker) == ["John Smith", "Jane Doe"])
        #expect(quotes.map(\.attribution) == ["turn", "turn"])
        #expect(quotes.last?.text == "We will rebuild the bridges first, and then the roads.")
    }

    @Test func nameLabelsBelongToTheNamedPerson() throws {
        let text = """
            The senator spoke with Mark Johnson and Ann Lee on Tuesday.

            JOHNSON: We will vote against the bill next week.

            Ann Lee: The numbers have changed since the last vote.

            Interviewer: Why now and not last year?

            JOHNSON: Because the numbers have changed since then.
            """
        let quotes = try Self.quotes(text)
        #expect(quotes.map(\.speaker) == ["Mark Johnson", "Ann Lee", nil, "Mark Johnson"])
    }

    @Test(arguments: [
        // One labelled paragraph is not a transcript.
        "Ann Lee: The numbers have changed since the last vote.\n\nShe left the hall early.",
        // Places before a colon list facts, they do not speak.
        "Oregon: the state will close three parks this year.\n\nIdaho: two more parks will close next spring.",
        // A list of labelled items where no label recurs reads as a list, not a conversation.
        "Jane Doe: a painter born in the north of the country.\n\nJohn Brown: a sculptor who works in stone.",
    ])
    func labelledParagraphsThatAreNotTranscripts(_ text: String) throws {
        #expect(try Self.quotes(text).isEmpty)
    }
}
