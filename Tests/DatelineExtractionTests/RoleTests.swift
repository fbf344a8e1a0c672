import DatelineExtraction
import Testing

/// Titles and roles with their organisations: pre-nominal, appositive after and before the name.
@Suite struct RoleTests {
    @Test(
        arguments: [
            (
                "Foreign Ministry spokeswoman Jane Doe said talks would resume.", "Jane Doe", "spokeswoman",
                "Foreign Ministry"
            ),
            (
                "Jane Doe, a spokeswoman for the Foreign Ministry, said talks would resume.", "Jane Doe", "spokeswoman",
                "Foreign Ministry"
            ),
            (
                "But the UN's deputy envoy to Afghanistan, Ahmed Fawzi, says he is not concerned.", "Ahmed Fawzi",
                "deputy envoy to Afghanistan", "UN"
            ),
            ("Microsoft's President Brad Smith spoke first.", "Brad Smith", "President", "Microsoft"),
            ("Mr. John Roe, who was there, left early.", "John Roe", nil, nil),
        ] as [(String, String, String?, String?)]
    )
    func findsRole(_ text: String, _ name: String, _ title: String?, _ organisation: String?) throws {
        let record = try TestSupport.pipeline().extract(Article(id: "r", text: text))
        let person = try #require(record.people.first { $0.name == name }, "people: \(record.people.map(\.name))")
        if let title {
            #expect(
                person.roles.contains { $0.title == title && $0.organization == organisation },
                "roles: \(person.roles)"
            )
        } else {
            #expect(person.roles.isEmpty, "roles: \(person.roles)")
        }
    }
}
