import DatelineExtraction
import Dispatch
import Foundation
import Testing

/// Invariants that hold for every article: offsets slice back, lists are sorted, output is deterministic
/// and valid JSON. Run over the whole development corpus (read from ../shared at run time).
@Suite struct PropertyTests {
    static func checkInvariants(_ record: ArticleRecord, text: String) {
        let scalars = Array(text.unicodeScalars)
        func slice(_ start: Int, _ end: Int) -> String? {
            guard start >= 0, start <= end, end <= scalars.count else { return nil }
            var view = String.UnicodeScalarView()
            view.append(contentsOf: scalars[start..<end])
            return String(view)
        }
        var previousEntityStart = -1
        for entity in record.entities {
            #expect(!entity.mentions.isEmpty)
            #expect(entity.count == entity.mentions.count)
            #expect(["PERSON", "ORG", "GPE", "LOC", "NORP", "DATE"].contains(entity.type))
            #expect(entity.mentions[0].start >= previousEntityStart, "entities sorted by first mention")
            previousEntityStart = entity.mentions[0].start
            var previous = -1
            for mention in entity.mentions {
                #expect(mention.start < mention.end)
                #expect(slice(mention.start, mention.end) == mention.text, "\(record.id): mention \(mention)")
                #expect(mention.start >= previous, "mentions sorted")
                previous = mention.start
            }
        }
        var previousDate = -1
        for date in record.dates {
            #expect(slice(date.start, date.end) == date.text, "\(record.id): date \(date.text)")
            #expect(date.start >= previousDate)
            previousDate = date.start
        }
        var previousQuote = -1
        for quote in record.quotes {
            #expect(slice(quote.start, quote.end) == quote.text, "\(record.id): quote")
            #expect(quote.start >= previousQuote)
            previousQuote = quote.start
            if let speaker = quote.speaker {
                // People and organisations speak, and so do named facilities ("Norbury Airport", typed as places).
                #expect(
                    record.entities.contains {
                        ["PERSON", "ORG", "GPE", "LOC"].contains($0.type) && $0.text == speaker
                    },
                    "speaker is a PERSON, ORG or facility entity"
                )
            }
        }
        for q in record.quantities { #expect(slice(q.start, q.end) == q.text, "\(record.id): quantity") }
        for s in record.summary { #expect(slice(s.start, s.end) == s.text, "\(record.id): summary") }
        for a in record.acronyms {
            #expect(slice(a.shortStart, a.shortEnd) == a.short)
            #expect(slice(a.longStart, a.longEnd) == a.long)
        }
        for person in record.people {
            for role in person.roles { #expect(slice(role.start, role.end) == role.title) }
        }
        if let d = record.dateline { #expect(slice(d.start, d.end) == d.raw) }
        #expect(record.stats.characters == scalars.count)
        #expect(record.fingerprint.sha256.count == 64)
        #expect(record.fingerprint.simhash.count == 16)
    }

    @Test func devCorpusInvariants() throws {
        let pipeline = try TestSupport.pipeline()
        let corpus = try TestSupport.devCorpus()
        #expect(corpus.count > 100, "the dev corpus should have ~188 articles")
        for id in corpus.keys.sorted() {
            let article = corpus[id]!
            Self.checkInvariants(pipeline.extract(article), text: article.text)
        }
    }

    @Test func recordsAreValidJSONWithTheEnvelope() throws {
        let pipeline = try TestSupport.pipeline()
        let article = Article(id: "a\"b\\c\n", text: "WASHINGTON (Reuters) - The \"U.S.\" said\tso.\u{2028}Next line.")
        let provenance = RecordProvenance(topic: "articles.raw", partition: 3, offset: 42, timestampMilliseconds: nil)
        let bytes = try pipeline.recordJSON(for: article, provenance: provenance)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(bytes)) as? [String: Any])
        #expect(object["schema"] as? String == "dateline.article/v1")
        #expect(object["id"] as? String == "a\"b\\c\n")
        let source = try #require(object["source"] as? [String: Any])
        #expect(source["topic"] as? String == "articles.raw")
        #expect(source["partition"] as? Int == 3)
        #expect(source["offset"] as? Int == 42)
        #expect(source["timestamp"] is NSNull)
        let pipelineInfo = try #require(object["pipeline"] as? [String: Any])
        #expect(pipelineInfo["version"] as? String == ExtractionPipeline.version)
        let entities = try #require(object["entities"] as? [[String: Any]])
        for entity in entities {
            #expect(entity["text"] is String)
            #expect(entity["type"] is String)
            #expect(entity["mentions"] is [[String: Any]])
        }
        let dateline = try #require(object["dateline"] as? [String: Any])
        #expect(dateline["agency"] as? String == "Reuters")
        #expect(dateline["location"] as? String == "Washington")

        let withTimestamp = RecordProvenance(
            topic: "t",
            partition: 0,
            offset: 0,
            timestampMilliseconds: 1_715_000_000_000
        )
        let second = try #require(
            try JSONSerialization.jsonObject(
                with: Data(try pipeline.recordJSON(for: article, provenance: withTimestamp))
            ) as? [String: Any]
        )
        #expect((second["source"] as? [String: Any])?["timestamp"] as? Int64 == 1_715_000_000_000)
        let bare = try #require(
            try JSONSerialization.jsonObject(with: Data(try pipeline.recordJSON(for: article, provenance: nil)))
                as? [String: Any]
        )
        #expect(bare["source"] == nil)
    }

    @Test func outputIsByteIdenticalAcrossRunsAndThreads() throws {
        let pipeline = try TestSupport.pipeline()
        let corpus = try TestSupport.devCorpus()
        let articles = corpus.keys.sorted().prefix(40).map { corpus[$0]! }
        let expected = try articles.map { try pipeline.recordJSON(for: $0, provenance: nil) }
        // The same pipeline on many threads at once: shared read-only lexicons, no shared mutable state.
        let results = ResultBox(count: articles.count * 4)
        DispatchQueue.concurrentPerform(iterations: articles.count * 4) { index in
            let bytes = try? pipeline.recordJSON(for: articles[index % articles.count], provenance: nil)
            results.set(index, bytes ?? [])
        }
        for index in 0..<(articles.count * 4) {
            #expect(
                results.get(index) == expected[index % articles.count],
                "article \(articles[index % articles.count].id)"
            )
        }
        // A second pipeline instance gives the same bytes as the first.
        let other = try ExtractionPipeline()
        for (article, bytes) in zip(articles, expected) {
            #expect(try other.recordJSON(for: article, provenance: nil) == bytes)
        }
    }

    @Test func nonEnglishArticlesGetOnlyLanguageIndependentFields() throws {
        let pipeline = try TestSupport.pipeline()
        let text = "Le président a déclaré lundi que la France et l'Allemagne signeront un accord à Paris."
        let labelled = pipeline.extract(Article(id: "fr", text: text, language: "fr"))
        #expect(labelled.language == "fr")
        #expect(!labelled.languageSupported)
        #expect(labelled.entities.isEmpty && labelled.quotes.isEmpty && labelled.dates.isEmpty)
        #expect(labelled.stats.words > 10)
        let detected = pipeline.extract(Article(id: "fr2", text: text))
        #expect(detected.language == "fr")
        #expect(!detected.languageSupported)
        #expect(detected.fingerprint.sha256.count == 64)
    }

    @Test func missingLexiconsFailLoudly() throws {
        let empty = FileManager.default.temporaryDirectory.appendingPathComponent("dateline-empty-\(getpid())")
        try FileManager.default.createDirectory(at: empty, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: empty) }
        do {
            _ = try ExtractionPipeline(lexiconDirectory: empty)
            Issue.record("the pipeline started without lexicons")
        } catch {
            #expect(error.code == .lexiconsMissing)
            #expect(error.description.contains("generate.sh"))
        }
        do {
            _ = try ExtractionPipeline(environment: ["DATELINE_LEXICON_DIR": empty.path])
            Issue.record("the pipeline started without lexicons")
        } catch {
            #expect(error.code == .lexiconsMissing)
        }
    }

    @Test func sha256MatchesKnownVectors() {
        #expect(SHA256.hexDigest([]) == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
        #expect(
            SHA256.hexDigest(Array("abc".utf8)) == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        )
        let long = Array("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq".utf8)
        #expect(SHA256.hexDigest(long) == "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1")
        // Lengths around the 55/56/64-byte padding boundaries.
        #expect(
            SHA256.hexDigest([UInt8](repeating: 0x61, count: 55))
                == "9f4390f8d30c2dd92ec9f095b65e2b9ae9b0a925a5258e241c9f1e910f734318"
        )
        #expect(
            SHA256.hexDigest([UInt8](repeating: 0x61, count: 56))
                == "b35439a4ac6f0948b6d6f9e3c6af0f5f590ce20f1bde7090ef7970686ec6738a"
        )
        #expect(
            SHA256.hexDigest([UInt8](repeating: 0x61, count: 64))
                == "ffe054fe7ae0cb6dc65c3af9b61d5209f439851db43d0ba5997337df154668eb"
        )
    }
}

/// A lock-protected result slot array for the concurrency test.
final class ResultBox: @unchecked Sendable {
    // Safe: every access holds `lock`.
    private let lock = NSLock()
    private var values: [[UInt8]]

    init(count: Int) {
        self.values = Array(repeating: [], count: count)
    }

    func set(_ index: Int, _ value: [UInt8]) {
        self.lock.lock()
        self.values[index] = value
        self.lock.unlock()
    }

    func get(_ index: Int) -> [UInt8] {
        self.lock.lock()
        defer { self.lock.unlock() }
        return self.values[index]
    }
}
