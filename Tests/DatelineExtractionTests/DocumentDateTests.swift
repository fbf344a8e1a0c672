import DatelineExtraction
import Testing

/// Document-date inference, one rule at a time, on records written for these tests.
@Suite struct DocumentDateTests {
    private static let body = "The council approved the budget after a long debate about road repairs."

    private func documentDate(
        text: String = Self.body,
        title: String? = nil,
        url: String? = nil,
        publishedAt: String? = nil
    ) throws -> ArticleRecord.DocumentDate? {
        try TestSupport.pipeline().extract(
            Article(id: "t", text: text, title: title, url: url, publishedAt: publishedAt)
        ).documentDate
    }

    // MARK: - URL

    @Test(arguments: [
        ("https://news.example.com/2017/03/14/city-budget-approved/index.html", "2017-03-14", "day"),
        ("https://news.example.com/politics/2017/03/city-budget-approved", "2017-03", "month"),
        ("https://news.example.com/2017/city-budget", "2017", "year"),
        ("https://news.example.com/world/2020/jan/20/city-budget-approved", "2020-01-20", "day"),
        ("https://news.example.com/news/local/2017/0315/123456-budget/", "2017-03-15", "day"),
        ("https://paper.example.com/epaper/2017-01/20/content_123.htm", "2017-01-20", "day"),
        ("https://news.example.com/articles/2015-11-13/city-budget-approved", "2015-11-13", "day"),
        ("https://news.example.com/story/city-budget-20170314.html", "2017-03-14", "day"),
        ("https://news.example.com/city-budget-170329-approved", "2017-03-29", "day"),
        ("https://news.example.com/opinion/2017/03/city-budget-170312143224959.html", "2017-03-12", "day"),
    ])
    func urlDate(_ url: String, _ value: String, _ granularity: String) throws {
        let date = try #require(try self.documentDate(url: url))
        #expect(date.value == value)
        #expect(date.granularity.rawValue == granularity)
        #expect(date.source == .url)
    }

    /// Numbers in a path are mostly ids: an id never becomes a date.
    @Test(arguments: [
        "https://news.example.com/politics/929948",
        "https://news.example.com/story?id=20170314",
        "https://news.example.com/news/article-3316789/budget.html",
        "https://news.example.com/budget-approved-46137282",
        "https://news.example.com/health-39292381",
        "https://news.example.com/2017/13/budget",
    ])
    func urlIdsAreNoDates(_ url: String) throws {
        let date = try self.documentDate(url: url)
        #expect(date?.granularity != .day, "\(url) gave \(date?.value ?? "")")
        if url.contains("/2017/13/") { #expect(date?.value == "2017") } else { #expect(date == nil) }
    }

    @Test func disagreeingUrlDatesStateNothing() throws {
        #expect(try self.documentDate(url: "https://news.example.com/2017/03/14/budget-20180101.html") == nil)
    }

    @Test func publishedAtIsNeverOverridden() throws {
        let date = try #require(
            try self.documentDate(
                url: "https://news.example.com/2017/03/14/budget",
                publishedAt: "2017-03-15T08:00:00Z"
            )
        )
        #expect(date.value == "2017-03-15")
        #expect(date.source == .publishedAt)
    }

    @Test(arguments: ["2017-03-15T08:00:00Z", "2017/03/15", "Wed, 15 Mar 2017 08:00:00 GMT", "March 15, 2017"])
    func publishedAtForms(_ raw: String) throws {
        let date = try #require(try self.documentDate(publishedAt: raw))
        #expect(date.value == "2017-03-15")
        #expect(date.source == .publishedAt)
    }

    @Test func unparseablePublishedAtFallsBackToTheEvidence() throws {
        let date = try #require(
            try self.documentDate(url: "https://news.example.com/2017/03/14/budget", publishedAt: "last Tuesday")
        )
        #expect(date.value == "2017-03-14")
        #expect(date.source == .url)
    }

    // MARK: - Title

    @Test(arguments: [
        ("Council approves budget | Daily News | 19.01.2020", "2020-01-19"),
        ("Council approves budget - March 3, 2019", "2019-03-03"),
        ("March 3, 2019: Council approves budget", "2019-03-03"),
        ("Council approves budget (3 March 2019)", "2019-03-03"),
    ])
    func datedTitle(_ title: String, _ value: String) throws {
        let date = try #require(try self.documentDate(title: title))
        #expect(date.value == value)
        #expect(date.source == .title)
    }

    /// A date inside the headline is the news, not the stamp.
    @Test func dateInsideTheHeadlineIsNews() throws {
        #expect(try self.documentDate(title: "Vote set for May 9, 2019 after council talks") == nil)
    }

    // MARK: - Dateline

    @Test func datelineDayTakesTheUrlYear() throws {
        let date = try #require(
            try self.documentDate(
                text: "KABUL, Aug 15 (AP) — The council approved the budget after a long debate.",
                url: "https://news.example.com/world/2021/08/budget-approved"
            )
        )
        #expect(date.value == "2021-08-15")
        #expect(date.source == .dateline)
    }

    @Test func datelineWithoutAnyYearStatesNothing() throws {
        #expect(
            try self.documentDate(text: "OSLO, March 19. /TASS/. The council approved the budget on Sunday.") == nil
        )
    }

    @Test func datelineThatContradictsTheUrlIsIgnored() throws {
        let date = try #require(
            try self.documentDate(
                text: "KABUL, Aug 15 (AP) — The council approved the budget after a long debate.",
                url: "https://news.example.com/world/2021/09/budget-approved"
            )
        )
        #expect(date.value == "2021-09")
        #expect(date.source == .url)
    }

    @Test func datelineWithItsOwnYear() throws {
        let date = try #require(
            try self.documentDate(text: "KABUL, Aug 15, 2021 (AP) — The council approved the budget after a debate.")
        )
        #expect(date.value == "2021-08-15")
        #expect(date.source == .dateline)
    }

    // MARK: - Text

    @Test(arguments: [
        "Published November 13, 2015\n\nThe council approved the budget after a long debate.",
        "Last updated: 13.11.2015\n\nThe council approved the budget after a long debate.",
        "By Jane Roe, City Desk, November 13, 2015, 2:13 p.m.\n\nThe council approved the budget after a debate.",
        "Council votes on the budget\nFriday, 13 November 2015\nThe council approved the budget after a debate.",
        "13 November 2015\n\nThe council approved the budget after a long debate.",
    ])
    func publicationLine(_ text: String) throws {
        let date = try #require(try self.documentDate(text: text))
        #expect(date.value == "2015-11-13")
        #expect(date.source == .text)
    }

    @Test func ledeDateToldInThePast() throws {
        let date = try #require(
            try self.documentDate(text: "The mayor said on November 13, 2015, that the council approved the budget.")
        )
        #expect(date.value == "2015-11-13")
        #expect(date.source == .text)
    }

    /// Dates a reader would not take for the writing date: a future one, two of them, one later in the text.
    @Test(arguments: [
        "The council will vote on the budget on November 13, 2015, after a long debate.",
        "The council approved the budget on November 13, 2015, and the mayor signed it on November 20, 2015.",
        "The council approved the budget after a long debate.\n\nThe first budget was passed on May 2, 1999.",
        "A bridge built in 1950 was repaired after the storm of July 27, 1999 damaged it.",
        "The bridge that opened on May 2, 1999 was closed for repairs after the storm.",
        "The mayor said the bridge that opened on May 2, 1999 will be closed for repairs.",
    ])
    func eventDatesAreNoDocumentDate(_ text: String) throws {
        #expect(try self.documentDate(text: text) == nil)
    }

    @Test func urlDayIsRefinedByNothingCoarser() throws {
        let date = try #require(
            try self.documentDate(
                text: "Published November 20, 2015\n\nThe council approved the budget after a long debate.",
                url: "https://news.example.com/2015/11/13/budget"
            )
        )
        #expect(date.value == "2015-11-13")
        #expect(date.source == .url)
    }

    @Test func textRefinesAUrlMonth() throws {
        let date = try #require(
            try self.documentDate(
                text: "Council votes\nFriday, 13 November 2015\nThe council approved the budget after a long debate.",
                url: "https://news.example.com/2015/11/budget"
            )
        )
        #expect(date.value == "2015-11-13")
        #expect(date.source == .text)
    }

    // MARK: - Anchoring

    @Test func relativeDatesAnchorToTheInferredDate() throws {
        let record = try TestSupport.pipeline().extract(
            Article(
                id: "t",
                text: "The council approved the budget on Monday. It will meet again next week.",
                url: "https://news.example.com/2024/05/16/budget"
            )
        )
        let monday = try #require(record.dates.first { $0.text == "Monday" })
        #expect(monday.value == "2024-05-13")
        #expect(monday.anchored)
        #expect(monday.anchor == .url)
        let week = try #require(record.dates.first { $0.text == "next week" })
        #expect(week.value == "2024-W21")
    }

    @Test func aMonthAnchorResolvesMonthsButNotWeekdays() throws {
        let record = try TestSupport.pipeline().extract(
            Article(
                id: "t",
                text: "The council approved the budget on Monday after a vote last month and a debate in March.",
                url: "https://news.example.com/2024/05/budget"
            )
        )
        #expect(record.dates.first { $0.text == "Monday" }?.value == nil)
        #expect(record.dates.first { $0.text == "Monday" }?.anchor == nil)
        #expect(record.dates.first { $0.text == "last month" }?.value == "2024-04")
        #expect(record.dates.first { $0.text == "March" }?.value == "2024-03")
    }

    @Test func absoluteDatesNeedNoAnchor() throws {
        let record = try TestSupport.pipeline().extract(
            Article(
                id: "t",
                text: "The council approved the budget on 10 May 2019.",
                url: "https://example.com/2024/05/x"
            )
        )
        let date = try #require(record.dates.first { $0.text == "10 May 2019" })
        #expect(date.value == "2019-05-10")
        #expect(date.anchor == nil)
    }

    @Test func recordWritesTheDocumentDate() throws {
        let bytes = try TestSupport.pipeline().recordJSON(
            for: Article(id: "t", text: Self.body, url: "https://news.example.com/2017/03/budget"),
            provenance: nil
        )
        let json = String(decoding: bytes, as: UTF8.self)
        #expect(json.contains(#""document_date":{"value":"2017-03","source":"url","granularity":"month"}"#))
    }
}
