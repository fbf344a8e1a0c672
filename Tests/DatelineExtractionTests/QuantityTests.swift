import DatelineExtraction
import Testing

/// Quantities on sentences written for these tests: the unit is the counted noun as a reader names it.
@Suite struct QuantityTests {
    @Test(
        arguments: [
            (
                "Rescuers said at least six steel cables snapped in the storm.", "at least six steel cables", "cables",
                6.0
            ),
            (
                "About 3,000 construction workers joined the strike on Monday.", "About 3,000 construction workers",
                "workers", 3000
            ),
            ("The company paid $5 million to settle the case.", "$5 million", "USD", 5_000_000),
            ("Turnout rose to 40 per cent in the northern districts.", "40 per cent", "percent", 40),
            ("Turnout rose to 40% in the northern districts.", "40%", "percent", 40),
            ("The new road is 12 km long and cost a lot.", "12 km", "km", 12),
            ("Police said three of the victims were children.", "three of the victims", "victims", 3),
            ("Hundreds of people gathered outside the court.", "Hundreds of people", "people", 100),
            ("Officials said 20 new homes had been built near the river.", "20 new homes", "homes", 20),
            ("Two men arrested after the raid were released on bail.", "Two men", "men", 2),
            ("The meeting started at 7 p.m. on the second floor.", "7 p.m.", "p.m.", 7),
            ("More than 400 of its citizens left the country.", "More than 400 of its citizens", "citizens", 400),
            // A word ending in s that is no plural noun is passed over, not counted.
            ("Four previous winners attended the dinner.", "Four previous winners", "winners", 4),
        ] as [(String, String, String, Double)]
    )
    func readsTheCountedNoun(_ text: String, _ span: String, _ unit: String, _ value: Double) throws {
        let record = try TestSupport.pipeline().extract(Article(id: "q", text: text, language: "en"))
        let quantity = try #require(
            record.quantities.first { $0.text == span },
            "quantities: \(record.quantities.map { "\($0.text)=\($0.unit ?? "-")" })"
        )
        #expect(quantity.unit == unit)
        #expect(quantity.value == value)
        #expect(TestSupport.slice(text, quantity.start, quantity.end) == span)
    }

    @Test(
        arguments: [
            // A singular partitive names no counted noun.
            "She said one of the firm's owners had resigned.",
            // A number word before a verb counts nothing.
            "No one believes that two can win.",
        ]
    )
    func countsNothingWithoutANoun(_ text: String) throws {
        let record = try TestSupport.pipeline().extract(Article(id: "q", text: text, language: "en"))
        #expect(record.quantities.isEmpty, "quantities: \(record.quantities.map(\.text))")
    }
}
