import DatelineExtraction
import Testing

/// The entity rules for places, people, organisations and calendar names, on sentences written for these tests.
@Suite struct EntityRuleTests {
    private func types(_ text: String) throws -> [String: String] {
        let record = try TestSupport.pipeline().extract(Article(id: "e", text: text))
        var out: [String: String] = [:]
        for entity in record.entities {
            for mention in entity.mentions { out[mention.text] = entity.type }
        }
        return out
    }

    /// (sentence, a mention's text, its type; "" when it must not be an entity)
    @Test(arguments: [
        // Buildings and built places are places.
        ("We spent the morning at the Harbourside Museum and walked on.", "Harbourside Museum", "GPE"),
        ("The bus stops outside Grantley Airport twice an hour.", "Grantley Airport", "GPE"),
        ("Visitors queue at the Museum of Coastal Life every summer.", "Museum of Coastal Life", "GPE"),
        ("The Fernbrook Visitor Centre opens at nine.", "Fernbrook Visitor Centre", "GPE"),
        // A centre named otherwise is an institution.
        ("The Centre for Rural Policy published its figures.", "Centre for Rural Policy", "ORG"),
        // Author citations name people.
        ("As Thornquist (2009) argued, the effect is small.", "Thornquist", "PERSON"),
        ("The effect was replicated (Abernathy, 2014) in two samples.", "Abernathy", "PERSON"),
        ("Velander et al. report the opposite result.", "Velander", "PERSON"),
        // A gazetteer place after a title's "of" is the title's place.
        ("She served as Governor of Virginia until her retirement.", "Virginia", "GPE"),
        // A town written with its country is a place even when it is also a given name.
        ("Her family moved from Sydney, Australia, to the coast.", "Sydney", "GPE"),
        // A lower-case "party" belongs to the party's name.
        ("He left the Liberal party after the vote.", "Liberal party", "ORG"),
        // A currency code beside an amount is no organisation.
        ("A ferry ticket costs 120 DKK for adults.", "DKK", ""),
    ])
    func mentionHasItsType(_ text: String, _ mention: String, _ type: String) throws {
        let found = try self.types(text)
        if type.isEmpty {
            #expect(found[mention] == nil, "\(mention) should not be an entity in: \(text)")
        } else {
            #expect(found[mention] == type, "\(mention) in: \(text) (found \(found))")
        }
    }

    /// (sentence, the date's text) for calendar names that name a period of history.
    @Test(arguments: [
        ("The chapel was rebuilt in 1742 after a fire.", "1742"),
        ("Trade grew through the 18th century.", "18th century"),
        ("Trade grew through the eighteenth century.", "eighteenth century"),
        ("The port flourished in the 1600s.", "1600s"),
        ("The band was popular in the '80s.", "80s"),
    ])
    func calendarNameIsADate(_ text: String, _ date: String) throws {
        let found = try self.types(text)
        #expect(found[date] == "DATE", "\(date) in: \(text) (found \(found))")
    }

    /// Numbers that count things stay numbers.
    @Test(arguments: [
        ("About 1500 people attended the fair.", "1500"),
        ("The survey reached 1200 households in the region.", "1200"),
    ])
    func countIsNoDate(_ text: String, _ number: String) throws {
        let found = try self.types(text)
        #expect(found[number] == nil, "\(number) in: \(text) (found \(found))")
    }
}
