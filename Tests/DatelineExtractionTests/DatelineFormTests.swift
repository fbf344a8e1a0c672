import DatelineExtraction
import Testing

/// The dateline forms the detector reads, on sentences written for these tests.
@Suite struct DatelineFormTests {
    private func dateline(_ text: String) throws -> ArticleRecord.Dateline? {
        try TestSupport.pipeline().extract(Article(id: "t", text: text)).dateline
    }

    @Test(
        arguments: [
            ("WASHINGTON (Reuters) - The council approved the budget.", "Washington", "Reuters"),
            ("KABUL, Aug 15 (AP) — The council approved the budget.", "Kabul", "AP"),
            ("MOSCOW, March 17. /TASS/. The council approved the budget.", "Moscow", "TASS"),
            ("OSLO, March 19. /TASS/. The council approved the budget.", "Oslo", "TASS"),
            ("BRUSSELS — The council approved the budget.", "Brussels", nil),
            ("ISLAMABAD: The council approved the budget.", "Islamabad", nil),
            ("SANAA, Yemen – The council approved the budget.", "Sanaa", nil),
            ("By Jane Roe\n\nNAIROBI (AFP) - The council approved the budget.", "Nairobi", "AFP"),
            ("Jane Roe, Reuters\nLIMA, Peru — The council approved the budget.", "Lima", nil),
            ("View photo\n\nLOS ANGELES (Reuters) - The council approved the budget.", "Los Angeles", "Reuters"),
            ("WASHINGTON, March 17 (Reuters) - The council approved the budget.", "Washington", "Reuters"),
            ("Washington (CNN)The council approved the budget.", "Washington", "CNN"),
            ("Washington (CNN) The council approved the budget.", "Washington", "CNN"),
        ] as [(String, String, String?)]
    )
    func placeAndAgency(_ text: String, _ location: String, _ agency: String?) throws {
        let dateline = try #require(try self.dateline(text), "no dateline in \(text)")
        #expect(dateline.location == location)
        #expect(dateline.agency == agency)
    }

    @Test(
        arguments: [
            "(CNN) -- The council approved the budget.", "(AP) — The council approved the budget.",
            "(CNN)The council approved the budget.",
        ].map { $0 + " The mayor welcomed the vote on Tuesday. Critics said the plan came far too late." }
    )
    func agencyOnly(_ text: String) throws {
        // Read as a dateline (page furniture, left out of the fingerprint like any dateline), but the record's
        // dateline needs a place.
        let pipeline = try TestSupport.pipeline()
        let record = pipeline.extract(Article(id: "t", text: text))
        let body = String(text.drop { $0 != "T" })
        #expect(record.dateline == nil)
        #expect(record.fingerprint == pipeline.extract(Article(id: "t", text: body)).fingerprint)
    }

    /// Openings that look like datelines but are not.
    @Test(arguments: [
        "(Updated) - The council approved the budget.",
        "The council approved the budget - after a long debate.",
        "Moscow said it would approve the budget.",
        "Paris (France) The council approved the budget.",
        "(Updated) The council approved the budget.",
    ])
    func notADateline(_ text: String) throws {
        #expect(try self.dateline(text) == nil)
    }

    @Test func slashedDatelineKeepsTheTextAfterIt() throws {
        let record = try TestSupport.pipeline().extract(
            Article(id: "t", text: "MOSCOW, March 17. /TASS/. The council approved the budget on Thursday.")
        )
        let dateline = try #require(record.dateline)
        #expect(dateline.raw == "MOSCOW, March 17. /TASS/.")
    }
}
