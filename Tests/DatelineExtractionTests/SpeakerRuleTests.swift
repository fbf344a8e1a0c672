import DatelineExtraction
import Testing

/// One example per speaker rule, on sentences written for these tests: each names the rule it exercises.
@Suite struct SpeakerRuleTests {
    static func speakers(_ text: String) throws -> [String?] {
        try TestSupport.pipeline().extract(Article(id: "r", text: text)).quotes.map(\.speaker)
    }

    /// Texts and the speakers of their quotes, in order.
    static let examples: [(text: String, speakers: [String?])] = [
        // Organisations: a name containing the noun, even one named inside an earlier quote.
        (
            "“The flight landed at Norbury Airport at noon,” a passenger said. The airport said the wheels "
                + "“collapsed during the landing on the runway”.",
            [nil, "Norbury Airport"]
        ),
        // Organisations: the issuer of a document named earlier ("says in a new report").
        (
            "Growth is slowing, the Acme Institute says in a new report.\n\n“This group strongly favours lower "
                + "taxes,” the report says.",
            ["Acme Institute"]
        ),
        // Fragments: an organisation opening the clause.
        (
            "In response to the vote, the Acme Workers Union called the law “a means to legalise theft”.",
            ["Acme Workers Union"]
        ),
        // Fragments: the agent of a passive.
        ("Jane Doe was described by John Brown as “the ablest of the younger engineers”.", ["John Brown"]),
        // Speaker phrases: capitalised words before a title, a doubled verb.
        ("“Nobody can face up to that hearing,” said California Democratic Rep. Tom Baker.", ["Tom Baker"]),
        ("“This will change the way oil is traded,” said said Tom Baker, a trader.", ["Tom Baker"]),
        // Attribution after: a new sentence naming the addressee.
        (
            "Jane Doe rose to speak.\n\n“Can the minister tell us how his campaign is going?” Doe asked John Brown "
                + "in the chamber.",
            ["Jane Doe"]
        ),
        // Antecedents: a description set before a pronoun subject is no new, unnamed speaker.
        (
            "Tom Baker was released on Monday. A teacher by training, he told reporters he was shocked.\n\n"
                + "He said he knew “absolutely nothing about it at all.”",
            ["Tom Baker"]
        ),
        // Continued quotes: a quotation over two paragraphs takes the speaker its last part names.
        (
            "The council met on Monday.\n\n“We have never seen water this high. The bridges are closed.\n\n“We "
                + "will need help to rebuild all of it,” said Jane Doe, the mayor.",
            ["Jane Doe", "Jane Doe"]
        ),
        // Fullest names: an organisation's short form reports the longer name the article gives it.
        (
            "Shares in Norwind Corporation fell after it cut 300 jobs. “The market for our phones has shrunk "
                + "sharply,” Norwind said in a statement.",
            ["Norwind Corporation"]
        ),
        // Antecedents: a pronoun across a paragraph break, past a person of the other gender.
        (
            "Ann Lee runs the bakery on the corner. Her landlord, John Brown, raised the rent last month.\n\n"
                + "“We cannot pay this much for a small shop,” she said.",
            ["Ann Lee"]
        ),
        (
            "John Brown won the race on Sunday.\n\nIt was his third win this year, and the crowd cheered.\n\n"
                + "“I did not expect to win today at all,” he said.",
            ["John Brown"]
        ),
        // Subjects: a participle after a comma shares its clause's subject.
        (
            "Northland Gov. Jane Doe rejected another vote on the plan this year, arguing that \"now is not "
                + "the right time\" for it.",
            ["Jane Doe"]
        ),
        // Speaker phrases: one word of a name given before, which the recognizer left untagged.
        (
            "“I need to pay more for the bus every month,” Sok Chanthy, a factory worker, told reporters. “And "
                + "the market costs twice as much as last year,” added Sok.",
            ["Sok Chanthy", "Sok Chanthy"]
        ),
        // Continuation: a fragment in the next sentence, nobody else named in between.
        (
            "“Speaking out may be the product of a culture of idealism,” Jane Doe wrote. By becoming “allies "
                + "of a particular cause,” we risk the funding.",
            ["Jane Doe", "Jane Doe"]
        ),
        // No speaker: the text never names who spoke.
        ("Jane Doe visited the town.\n\n“The water came in the night and took everything,” a resident said.", [nil]),
        ("Jane Doe visited the town.\n\n“The water came in the night and took everything,” officials said.", [nil]),
    ]

    @Test(arguments: Self.examples)
    func resolves(_ example: (text: String, speakers: [String?])) throws {
        #expect(try Self.speakers(example.text) == example.speakers)
    }
}
