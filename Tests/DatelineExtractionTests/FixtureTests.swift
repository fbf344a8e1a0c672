import DatelineExtraction
import Foundation
import Testing

/// The reference article of issue 3: `../shared/fixtures/islamabad-counterterrorism.txt`.
@Suite struct FixtureTests {
    let record: ArticleRecord
    let text: String

    init() throws {
        self.text = try TestSupport.sharedFile("fixtures/islamabad-counterterrorism.txt")
        let article = Article(id: "islamabad", text: self.text, publishedAt: "2024-05-16T09:00:00Z")
        self.record = try TestSupport.pipeline().extract(article)
    }

    private func entity(_ text: String, _ type: String) -> ArticleRecord.Entity? {
        self.record.entities.first { $0.type == type && $0.text == text }
    }

    @Test func datelineIsIslamabad() throws {
        let dateline = try #require(self.record.dateline)
        #expect(dateline.raw == "ISLAMABAD:")
        #expect(dateline.location == "Islamabad")
    }

    @Test(arguments: [
        ("Syed Haider Shah", "PERSON"), ("Elizabeth Richards", "PERSON"), ("Vedant Patel", "PERSON"),
        ("State Department", "ORG"), ("United Nations", "ORG"), ("Pentagon", "ORG"), ("Taliban", "ORG"),
        ("Al Qaeda", "ORG"), ("Tehreek-e-Taliban Pakistan", "ORG"), ("United States", "GPE"), ("Pakistan", "GPE"),
        ("Afghanistan", "GPE"), ("Kabul", "GPE"), ("Islamabad", "GPE"), ("Doha", "GPE"), ("Qatar", "GPE"),
        ("South Waziristan", "GPE"), ("Khyber Pakhtunkhwa", "GPE"), ("Afghan", "NORP"), ("Pakistani", "NORP"),
    ])
    func findsEntity(_ name: String, _ type: String) {
        #expect(
            self.entity(name, type) != nil,
            "expected \(type) \(name); got \(self.record.entities.map { "\($0.type) \($0.text)" })"
        )
    }

    @Test func mergesAliasesIntoOneEntity() throws {
        let us = try #require(self.entity("United States", "GPE"))
        #expect(us.mentions.contains { $0.text == "US" })
        let ttp = try #require(self.entity("Tehreek-e-Taliban Pakistan", "ORG"))
        #expect(ttp.mentions.filter { $0.text == "TTP" }.count == 2)
        #expect(!self.record.entities.contains { $0.text == "TTP" })
        let state = try #require(self.entity("State Department", "ORG"))
        #expect(state.count >= 2)
        #expect(self.record.entities.filter { $0.type != "DATE" && $0.text.lowercased() == "islamabad" }.count == 1)
    }

    @Test func vedantPatelHasTitleAndOrganisation() throws {
        let patel = try #require(self.record.people.first { $0.name == "Vedant Patel" })
        #expect(
            patel.roles.contains {
                $0.title == "Principal Deputy Spokesperson" && $0.organization == "State Department"
            }
        )
        let richards = try #require(self.record.people.first { $0.name == "Elizabeth Richards" })
        #expect(richards.roles.contains { $0.title.hasPrefix("Coordinator for Counterterrorism") })
    }

    @Test func findsAndResolvesDates() throws {
        let dates = Dictionary(self.record.dates.map { ($0.text, $0.value) }, uniquingKeysWith: { a, _ in a })
        #expect(dates["May 10"] == .some("2024-05-10"))
        #expect(dates["September 11, 2001"] == .some("2001-09-11"))
        #expect(dates["February 2020"] == .some("2020-02"))
        #expect(dates["Monday"] == .some("2024-05-13"))
        #expect(dates["this week"] == .some("2024-W20"))
    }

    @Test func relativeDatesStayUnresolvedWithoutAnAnchor() throws {
        let record = try TestSupport.pipeline().extract(Article(id: "x", text: self.text))
        let monday = try #require(record.dates.first { $0.text == "Monday" })
        #expect(monday.value == nil)
        #expect(monday.anchored)
        #expect(record.dates.first { $0.text == "February 2020" }?.value == "2020-02")
    }

    @Test func quotesAreAttributedToVedantPatel() throws {
        let quotes = self.record.quotes
        #expect(quotes.count == 4 || quotes.count == 3, "got \(quotes.map(\.text))")
        #expect(quotes.first?.text.hasPrefix("We confirmed with Pakistan today") == true)
        #expect(quotes.contains { $0.text.hasPrefix("We also agreed") })
        #expect(quotes.contains { $0.text.hasPrefix("I don’t have anything for you on that") })
        #expect(quotes.last?.text.hasSuffix("colleagues at the Pentagon.") == true)
        for quote in quotes {
            #expect(quote.speaker == "Vedant Patel", "quote \(quote.text.prefix(30)) -> \(quote.speaker ?? "nil")")
            #expect(TestSupport.slice(self.text, quote.start, quote.end) == quote.text)
        }
    }

    @Test func findsAcronymsWithLongForms() {
        let pairs = Dictionary(self.record.acronyms.map { ($0.short, $0.long) }, uniquingKeysWith: { a, _ in a })
        #expect(pairs["TTP"] == "Tehreek-e-Taliban Pakistan")
        #expect(pairs["IED"] == "improvised explosive device")
    }

    @Test func findsTheQualifiedQuantity() throws {
        let quantity = try #require(self.record.quantities.first { $0.text == "at least four villagers" })
        #expect(quantity.value == 4)
        #expect(quantity.unit == "villagers")
        #expect(quantity.qualifier == "at least")
    }

    @Test func everyOffsetSlicesBackToTheText() {
        for entity in self.record.entities {
            for mention in entity.mentions {
                #expect(TestSupport.slice(self.text, mention.start, mention.end) == mention.text)
            }
        }
        for date in self.record.dates { #expect(TestSupport.slice(self.text, date.start, date.end) == date.text) }
        for q in self.record.quantities { #expect(TestSupport.slice(self.text, q.start, q.end) == q.text) }
        for s in self.record.summary { #expect(TestSupport.slice(self.text, s.start, s.end) == s.text) }
    }
}
