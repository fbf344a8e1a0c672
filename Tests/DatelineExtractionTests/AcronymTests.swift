import DatelineExtraction
import Testing

/// Acronym definitions on sentences written for these tests: each form the finder reads, and the brackets
/// and capitals it must leave alone. The language is given, so that short sentences are not misidentified.
@Suite struct AcronymTests {
    @Test(
        arguments: [
            // Long Form (LF), with function words and a skipped hyphen part.
            ("The Department of Homeland Security (DHS) issued a warning.", "DHS", "Department of Homeland Security"),
            ("The Regional Anti-Fraud Office (RAFO) opened a case.", "RAFO", "Regional Anti-Fraud Office"),
            (
                "Officials of the Northern Anti-Corruption Bureau of Ruritania (NABR) met.", "NABR",
                "Northern Anti-Corruption Bureau of Ruritania"
            ),
            // A letter that also occurs inside the last word must not shrink the long form.
            ("Local Emergency Services (LES) crews cleared roads.", "LES", "Local Emergency Services"),
            // A one-letter hyphen part of a transliterated name gives no letter.
            ("The banned Jamaat-e-Islami Front (JIF) held a rally.", "JIF", "Jamaat-e-Islami Front"),
            // Inner letters, plurals, digits and ampersands.
            (
                "The Center for International Forest Research (CIFOR) was cited.", "CIFOR",
                "Center for International Forest Research"
            ),
            ("Several non-governmental organisations (NGOs) objected.", "NGOs", "non-governmental organisations"),
            ("Leaders of the Group of Seven (G7) met in spring.", "G7", "Group of Seven"),
            ("Finance ministers of the Group of 20 (G20) met.", "G20", "Group of 20"),
            ("The Research & Development (R&D) budget grew.", "R&D", "Research & Development"),
            ("The Ministry of Defence (MoD) declined to comment.", "MoD", "Ministry of Defence"),
            // LF (Long Form) and LF [long form].
            ("The WHO (World Health Organization) said so.", "WHO", "World Health Organization"),
            ("A counter-IED [improvised explosive device] team arrived.", "IED", "improvised explosive device"),
            // Cues and appositives.
            ("He used an artificial intelligence, or AI, system.", "AI", "artificial intelligence"),
            ("The deal is a so-called exchange for physical, known as EFP.", "EFP", "exchange for physical"),
            ("The Central Statistics Bureau (or CSB) said prices rose.", "CSB", "Central Statistics Bureau"),
            (
                "Analysts at Northern Energy Research Associates, NERA, disagreed.", "NERA",
                "Northern Energy Research Associates"
            ),
            ("The official Kenya News Agency KNA said the road was closed.", "KNA", "Kenya News Agency"),
            // A lower-case unit in brackets, spelled by word starts.
            ("Output fell to two million barrels per day (bpd) in May.", "bpd", "barrels per day"),
            // A foreign short form of an organisation's name.
            ("Voters backed the ruling Law and Order Party (PPR) again.", "PPR", "Law and Order Party"),
        ] as [(String, String, String)]
    )
    func findsDefinition(_ text: String, _ short: String, _ long: String) throws {
        let record = try TestSupport.pipeline().extract(Article(id: "a", text: text, language: "en"))
        let found = record.acronyms.map { "\($0.short)=\($0.long)" }
        #expect(found.contains("\(short)=\(long)"), "acronyms: \(found)")
        for acronym in record.acronyms {
            #expect(TestSupport.slice(text, acronym.longStart, acronym.longEnd) == acronym.long)
            #expect(TestSupport.slice(text, acronym.shortStart, acronym.shortEnd) == acronym.short)
        }
    }

    @Test(
        arguments: [
            // Numbers, units, tickers, datelines, times and party labels in brackets.
            "The bill passed by 60 votes (52 percent) on Monday.",
            "The trail is 70 kilometers (43 miles) long.",
            "Shares of Acme Holdings (ACME) rose 3 percent.",
            "Shares of Microsoft Corp (MSFT) rose 3 percent.",
            "Shares of Orbit Holdings Inc (OBHX) rose 3 percent.",
            "WASHINGTON (AP) - The Senate voted on Friday.",
            "NEW YORK (Reuters) - Oil prices fell.",
            "The plane landed at 11:00pm local time (5:30am AEDT).",
            "Senator Jane Doe (D-Calif.) spoke first.",
            "The champion Lewis Carter (GBR) won the race.",
            "Troops of the United States and NATO arrived, officials said.",
            "Tickets cost 20 euros (about $22) each.",
            // Capitals after a cue that do not spell the words before.
            "He could buy bread or FOOD, she said.",
        ]
    )
    func leavesOtherBracketsAlone(_ text: String) throws {
        let record = try TestSupport.pipeline().extract(Article(id: "a", text: text, language: "en"))
        #expect(record.acronyms.isEmpty, "acronyms: \(record.acronyms.map { "\($0.short)=\($0.long)" })")
    }

    @Test func keepsTheFirstDefinitionOnly() throws {
        let text =
            "The National Water Board (NWB) met. Later the National Water Board (NWB) met again, and the NWB voted."
        let record = try TestSupport.pipeline().extract(Article(id: "a", text: text, language: "en"))
        #expect(record.acronyms.count == 1)
        #expect(record.acronyms.first?.shortStart == 26)
    }

    @Test func leavesNonEnglishArticlesAlone() throws {
        let text = "Die Bundesanstalt für Arbeit (BA) meldete am Montag neue Zahlen zur Beschäftigung."
        let record = try TestSupport.pipeline().extract(Article(id: "a", text: text, language: "de"))
        #expect(record.acronyms.isEmpty)
    }
}
