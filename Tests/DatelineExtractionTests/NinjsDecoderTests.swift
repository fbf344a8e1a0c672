import DatelineExtraction
import Foundation
import Testing

/// IPTC ninjs objects decode onto the same article as Dateline's own input shape.
@Suite struct NinjsDecoderTests {
    static func decode(_ json: String, key: String? = nil) -> Result<Article, ArticleRejection> {
        ArticleDecoder().decode(value: Array(json.utf8), key: key.map { Array($0.utf8) })
    }

    @Test func ninjsFieldsMapOntoTheArticle() throws {
        let json = """
            {"uri": "urn:newsml:example.com:20260309:bridge", "type": "text", "version": "2", \
            "versioncreated": "2026-03-09T08:00:00Z", "language": "en", \
            "headline": "Port authority approves bridge repairs", \
            "body_text": "LISBON (Reuters) - The Port of Lisbon Authority approved a repair plan on Monday."}
            """
        let article = try Self.decode(json).get()
        #expect(article.id == "urn:newsml:example.com:20260309:bridge")
        #expect(article.title == "Port authority approves bridge repairs")
        #expect(article.publishedAt == "2026-03-09T08:00:00Z")
        #expect(article.language == "en")
        #expect(article.text.hasPrefix("LISBON (Reuters)"))
        #expect(article.url == nil)
    }

    @Test func guidIsTheIdWhenThereIsNoURI() throws {
        let article = try Self.decode("{\"guid\": \"tag:ap.org:123\", \"body_text\": \"Rome.\"}", key: "the-key").get()
        #expect(article.id == "tag:ap.org:123")
        let keyed = try Self.decode("{\"body_text\": \"Rome.\"}", key: "the-key").get()
        #expect(keyed.id == "the-key")
    }

    @Test func datelineFieldsWinOverNinjsOnes() throws {
        let json = """
            {"id": "own", "uri": "urn:x", "guid": "g", "title": "Own title", "headline": "Headline", \
            "published_at": "2026-01-01", "versioncreated": "2025-01-01", "text": "Own text.", "body_text": "Body."}
            """
        let article = try Self.decode(json).get()
        #expect(article.id == "own")
        #expect(article.title == "Own title")
        #expect(article.publishedAt == "2026-01-01")
        #expect(article.text == "Own text.")
    }

    @Test func ninjsWithoutBodyTextIsMissingText() {
        let result = Self.decode("{\"uri\": \"urn:x\", \"headline\": \"Only a headline\", \"body_html\": \"<p>x</p>\"}")
        guard case .failure(let rejection) = result else {
            Issue.record("decoded an article without text: \(result)")
            return
        }
        #expect(rejection.code == .missingText)
        #expect(rejection.message.contains("body_text"))
        let empty = Self.decode("{\"uri\": \"urn:x\", \"body_text\": \" \\n \"}")
        #expect((try? empty.get()) == nil)
    }

    @Test func ninjsRecordCarriesHeadlineAndVersionCreated() throws {
        let json = """
            {"uri": "urn:ninjs:1", "headline": "Talks on Friday", "versioncreated": "2026-03-09T08:00:00Z", \
            "body_text": "BRUSSELS (Reuters) - European ministers will meet on Friday, officials said."}
            """
        let article = try Self.decode(json).get()
        let record = try TestSupport.pipeline().recordJSON(for: article, provenance: nil)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(record)) as? [String: Any])
        #expect(object["id"] as? String == "urn:ninjs:1")
        #expect(object["title"] as? String == "Talks on Friday")
        #expect(object["published_at"] as? String == "2026-03-09T08:00:00Z")
        // "Friday" resolves against versioncreated (Monday 9 March 2026): the 13th.
        let dates = try #require(object["dates"] as? [[String: Any]])
        #expect(dates.contains { $0["value"] as? String == "2026-03-13" })
    }
}
