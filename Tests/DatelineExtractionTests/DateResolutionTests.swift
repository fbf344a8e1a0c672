import DatelineExtraction
import Testing

/// Temporal expressions and their ISO-8601 values against a publication date.
@Suite struct DateResolutionTests {
    // Thursday 16 May 2024 (ISO week 2024-W20).
    static let anchor = "2024-05-16T10:00:00Z"

    @Test(arguments: [
        ("It happened on Monday.", "Monday", "2024-05-13"),
        ("They met on Thursday.", "Thursday", "2024-05-16"),
        ("They will meet on Friday.", "Friday", "2024-05-17"),
        ("Talks resume next week.", "next week", "2024-W21"),
        ("It was quiet last month.", "last month", "2024-04"),
        ("Profits fell last year.", "last year", "2023"),
        ("The deal was signed yesterday.", "yesterday", "2024-05-15"),
        ("It was signed on May 10.", "May 10", "2024-05-10"),
        ("It was signed on 10 May 2019.", "10 May 2019", "2019-05-10"),
        ("The agreement was signed in February 2020.", "February 2020", "2020-02"),
        ("After the September 11, 2001, attacks.", "September 11, 2001", "2001-09-11"),
        ("It closed two years ago.", "two years ago", "2022"),
        ("Growth slowed in the 1990s.", "the 1990s", "199X"),
        ("Sales rose in 2015 and fell later.", "2015", "2015"),
        ("It lasted three weeks.", "three weeks", "P3W"),
        ("The annual meeting.", "annual", "P1Y"),
        ("A 26-year-old man was arrested.", "26-year-old", "P26Y"),
        ("It ends at Christmas.", "Christmas", "2024-12-25"),
        ("Published 2024-05-01 in print.", "2024-05-01", "2024-05-01"),
    ])
    func resolves(_ text: String, _ expression: String, _ value: String) throws {
        let record = try TestSupport.pipeline().extract(Article(id: "d", text: text, publishedAt: Self.anchor))
        let date = try #require(
            record.dates.first { $0.text == expression },
            "\(expression) not found in \(record.dates.map(\.text))"
        )
        #expect(date.value == value)
    }

    @Test(arguments: ["Monday", "next week", "yesterday", "May 10", "this week"])
    func relativeDatesWithoutAnAnchorStayNull(_ expression: String) throws {
        let text = "It happened on Monday, yesterday, May 10, this week, and will again next week."
        let record = try TestSupport.pipeline().extract(Article(id: "n", text: text))
        let date = try #require(record.dates.first { $0.text == expression })
        #expect(date.value == nil)
        #expect(date.anchored)
    }

    @Test func falseFriendsAreNotDates() throws {
        let text = "You may go. They march on. The second car will fall behind, said Sat Singh."
        let record = try TestSupport.pipeline().extract(Article(id: "f", text: text, publishedAt: Self.anchor))
        #expect(record.dates.isEmpty, "got \(record.dates.map(\.text))")
    }
}
