import DatelineExtraction
import Testing

/// Key phrases on texts written for these tests: whole names, titles apart from names, no function word at
/// an edge.
@Suite struct KeyPhraseTests {
    static func keywords(_ text: String) throws -> [String] {
        try TestSupport.pipeline().extract(Article(id: "k", text: text, language: "en")).keywords.map(\.text)
    }

    @Test func keepsNamesWhole() throws {
        let keywords = try Self.keywords(
            "Officials in the United States said the talks went well. The United States and Russia met again on "
                + "Monday, and the United States said more talks would follow."
        )
        #expect(keywords.contains("United States"), "\(keywords)")
        #expect(!keywords.contains("United"), "\(keywords)")
        #expect(!keywords.contains("States"), "\(keywords)")
    }

    @Test func keepsTitlesApartFromNames() throws {
        let keywords = try Self.keywords(
            "Prime Minister Jane Porter met reporters on Monday. Later Prime Minister Jane Porter spoke about "
                + "taxes, and Jane Porter said taxes would fall."
        )
        #expect(keywords.contains("Jane Porter"), "\(keywords)")
        #expect(keywords.contains("Prime Minister"), "\(keywords)")
        #expect(!keywords.contains { $0.hasPrefix("Minister J") || $0.hasSuffix("Minister") && $0 != "Prime Minister" })
    }

    @Test func joinsNamePartsWithConnectors() throws {
        let keywords = try Self.keywords(
            "The Bank of Ruritania raised rates on Monday. Traders said the Bank of Ruritania would raise rates "
                + "again, and the Bank of Ruritania did not comment."
        )
        #expect(keywords.contains("Bank of Ruritania"), "\(keywords)")
    }

    @Test(
        arguments: [
            "The price of bread rose in the north of the country, and the price of milk rose in the south of the "
                + "country as farmers in the north of the country protested.",
            "Workers at the plant went on strike. The workers at the plant want higher pay, and the plant owners "
                + "at the head office refused to meet the workers.",
        ]
    )
    func hasNoDanglingFunctionWords(_ text: String) throws {
        let function: Set<String> = ["the", "of", "and", "a", "an", "in", "at", "to", "for", "on"]
        for phrase in try Self.keywords(text) {
            let words = phrase.lowercased().split(separator: " ").map(String.init)
            #expect(!function.contains(words.first ?? ""), "\(phrase)")
            #expect(!function.contains(words.last ?? ""), "\(phrase)")
        }
    }

    @Test func findsPhrasesInShortTextsWithSingleMentions() throws {
        let keywords = try Self.keywords(
            "Acme Widgets Inc and Northwind Traders Ltd said they agreed to merge their shipping units in Ohio."
        )
        #expect(!keywords.isEmpty)
    }
}
