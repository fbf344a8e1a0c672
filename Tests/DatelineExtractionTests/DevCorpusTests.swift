import DatelineExtraction
import Testing

/// Hand-annotated expectations for a few development-corpus articles (quotes, speakers, datelines,
/// entities, dates). The articles stay in ../shared/eval/news-dev.jsonl and are read at run time; the
/// expectations were written by reading each article, not by copying the pipeline's output.
@Suite struct DevCorpusTests {
    let corpus: [String: Article]

    init() throws {
        self.corpus = try TestSupport.devCorpus()
    }

    private func record(_ id: String, publishedAt: String? = nil) throws -> ArticleRecord {
        var article = try #require(self.corpus[id], "article \(id) is missing from ../shared/eval/news-dev.jsonl")
        article.publishedAt = publishedAt
        return try TestSupport.pipeline().extract(article)
    }

    /// (article, a prefix of the quoted words, the speaker)
    @Test(arguments: [
        ("lee-bg-108", "I think the places that we're going to be looking at", "Paul Wolfowitz"),
        ("lee-bg-108", "This is not something we can push through", "Ahmed Fawzi"),
        ("lee-bg-108", "The nexus between states with weapons of mass destruction", "Donald Rumsfeld"),
        ("goose-go-yahoo.com", "Every tropical fish seems to have punched", "Milton Love"),
        ("goose-go-yahoo.com", "As soon as the water gets cold", "Milton Love"),
        ("goose-go-foxnews.com", "She has the experience necessary", "Unzell Kelley"),
        ("goose-go-foxnews.com", "I think she's learned from her previous campaign", "Unzell Kelley"),
        ("goose-go-foxnews.com", "She's learned what to do", "Unzell Kelley"),
        ("goose-go-foxnews.com", "We recognize Secretary Clinton has enormous support", "Tad Devine"),
        ("goose-go-dev4510b", "We spent months trying to find a way into Europe", "Abdelhamid Abaaoud"),
        ("goose-go-dev4510b", "We were then able to obtain weapons", "Abdelhamid Abaaoud"),
        ("goose-go-dev4510b", "Every time there is an attack", "François Heisbourg"),
        ("goose-go-dev4510b", "Long before jihadism was on the scene", "François Heisbourg"),
        // A pronoun picks up the subject of the latest sentence that names someone, not its last name.
        ("tmt-news-3054", "The SNP is not Scotland", "Ruth Davidson"),
        ("tmt-news-2720", "Terrible! Just found out", "Trump"),
        // "the Pentagon spokesman said" right before the quote: not the name earlier in the clause.
        ("lee-bg-115", "anybody's guess", "John Stufflebeem"),
        ("reuters21578-236", "This rumour is baseless", "Ali al-Khalifa al-Sabah"),
    ])
    func quoteHasItsSpeaker(_ id: String, _ prefix: String, _ speaker: String) throws {
        let record = try self.record(id)
        let quote = try #require(record.quotes.first { $0.text.hasPrefix(prefix) }, "no quote starting \(prefix)")
        #expect(quote.speaker == speaker)
    }

    /// Quotes from people the article never names: no named person is a better answer than the wrong one.
    @Test(arguments: [
        ("tmt-news-2720", "Sean was pointing to the breadth"),  // "a White House official said ... the official said"
        ("tmt-news-2720", "We've made clear to the US administration"),  // "May's spokesman said"
        ("reuters21578-144", "The market is now trying"),  // "said the regional manager ... he added"
    ])
    func unnamedSpeakerStaysUnnamed(_ id: String, _ prefix: String) throws {
        let record = try self.record(id)
        let quote = try #require(record.quotes.first { $0.text.hasPrefix(prefix) }, "no quote starting \(prefix)")
        #expect(quote.speaker == nil)
    }

    @Test func wireDatelineAfterPageFurniture() throws {
        let dateline = try #require(try self.record("goose-go-yahoo.com").dateline)
        #expect(dateline.location == "Los Angeles")
        #expect(dateline.agency == "Reuters")
    }

    @Test func emDashDateline() throws {
        let dateline = try #require(try self.record("goose-go-dev4510b").dateline)
        #expect(dateline.location == "Brussels")
    }

    @Test func entitiesOfAWireStory() throws {
        let record = try self.record("lee-bg-108")
        let names = Set(record.entities.map { "\($0.type) \($0.text)" })
        for expected in [
            "PERSON Paul Wolfowitz", "PERSON Ahmed Fawzi", "PERSON Donald Rumsfeld", "PERSON Osama bin Laden",
            "GPE Afghanistan", "GPE Kabul", "GPE Brussels", "ORG Pentagon", "ORG NATO", "NORP Afghan",
        ] {
            #expect(names.contains(expected), "missing \(expected)")
        }
        // "bin Laden" alone is the same person as "Osama bin Laden".
        let osama = try #require(record.entities.first { $0.text == "Osama bin Laden" })
        #expect(osama.mentions.contains { $0.text == "bin Laden" })
        let wolfowitz = try #require(record.people.first { $0.name == "Paul Wolfowitz" })
        #expect(wolfowitz.roles.contains { $0.title == "Deputy Defence Secretary" })
    }

    @Test func anchoredDatesInAnArticle() throws {
        // The Fox News article says "Published November 13, 2015"; anchor it there.
        let record = try self.record("goose-go-foxnews.com", publishedAt: "2015-11-13")
        let values = Dictionary(record.dates.map { ($0.text, $0.value) }, uniquingKeysWith: { a, _ in a })
        #expect(values["November 13, 2015"] == .some("2015-11-13"))
        #expect(values["the past two weeks"] == .some("P2W"))
        #expect(values["next summer"] == .some("2016-SU"))
    }
}
