extension ArticleRecord {
    /// The record as UTF-8 JSON with a fixed key order (the `dateline.article/v1` schema).
    ///
    /// - Parameter provenance: The input message's coordinates; adds `"source"` when given.
    /// - Returns: The JSON bytes, without a trailing newline.
    public func jsonBytes(provenance: RecordProvenance?) -> [UInt8] {
        // Records run to about three times the text's length; one allocation up front avoids regrowing.
        var w = JSONWriter(capacity: 4096 + 4 * self.stats.characters)
        w.beginObject()
        w.field("schema", ExtractionPipeline.schema)
        w.field("id", self.id)
        if let provenance {
            w.key("source")
            w.beginObject()
            w.field("topic", provenance.topic)
            w.field("partition", Int(provenance.partition))
            w.field("offset", Int(provenance.offset))
            w.key("timestamp")
            if let ms = provenance.timestampMilliseconds { w.int(Int(ms)) } else { w.null() }
            w.endObject()
        }
        w.field("title", self.title)
        w.field("url", self.url)
        w.field("published_at", self.publishedAt)
        w.field("language", self.language)
        w.key("language_supported")
        w.bool(self.languageSupported)
        w.key("pipeline")
        w.beginObject()
        w.field("version", ExtractionPipeline.version)
        w.endObject()

        w.key("dateline")
        if let d = self.dateline {
            w.beginObject()
            w.field("raw", d.raw)
            w.field("start", d.start)
            w.field("end", d.end)
            w.field("location", d.location)
            w.field("country", d.country)
            w.field("agency", d.agency)
            w.field("country_code", d.countryCode?.rawValue)
            w.key("geonames_id")
            if let id = d.geonamesID { w.int(id.rawValue) } else { w.null() }
            w.endObject()
        } else {
            w.null()
        }

        w.key("document_date")
        if let d = self.documentDate {
            w.beginObject()
            w.field("value", d.value)
            w.field("source", d.source.rawValue)
            w.field("granularity", d.granularity.rawValue)
            w.endObject()
        } else {
            w.null()
        }

        w.key("stats")
        w.beginObject()
        w.field("characters", self.stats.characters)
        w.field("words", self.stats.words)
        w.field("sentences", self.stats.sentences)
        w.field("paragraphs", self.stats.paragraphs)
        w.endObject()

        w.key("entities")
        w.beginArray()
        for e in self.entities {
            w.beginObject()
            w.field("text", e.text)
            w.field("type", e.type)
            w.field("count", e.count)
            if e.type == "GPE" || e.type == "LOC" {
                w.key("geonames_id")
                if let id = e.geonamesID { w.int(id.rawValue) } else { w.null() }
            }
            if e.type == "GPE" || e.type == "LOC" || e.type == "NORP" {
                w.field("country_code", e.countryCode?.rawValue)
            }
            w.key("mentions")
            w.beginArray()
            for m in e.mentions {
                w.beginObject()
                w.field("start", m.start)
                w.field("end", m.end)
                w.field("text", m.text)
                w.endObject()
            }
            w.endArray()
            w.endObject()
        }
        w.endArray()

        w.key("people")
        w.beginArray()
        for p in self.people {
            w.beginObject()
            w.field("name", p.name)
            w.key("roles")
            w.beginArray()
            for r in p.roles {
                w.beginObject()
                w.field("title", r.title)
                w.field("organization", r.organization)
                w.field("start", r.start)
                w.field("end", r.end)
                w.endObject()
            }
            w.endArray()
            w.endObject()
        }
        w.endArray()

        w.key("dates")
        w.beginArray()
        for d in self.dates {
            w.beginObject()
            w.field("text", d.text)
            w.field("start", d.start)
            w.field("end", d.end)
            w.field("value", d.value)
            w.field("kind", d.kind)
            w.key("anchored")
            w.bool(d.anchored)
            w.field("anchor", d.anchor?.rawValue)
            w.key("resolved")
            w.bool(d.value != nil)
            w.endObject()
        }
        w.endArray()

        w.key("quotes")
        w.beginArray()
        for q in self.quotes {
            w.beginObject()
            w.field("text", q.text)
            w.field("start", q.start)
            w.field("end", q.end)
            w.field("speaker", q.speaker)
            w.field("attribution", q.attribution)
            w.endObject()
        }
        w.endArray()

        w.key("acronyms")
        w.beginArray()
        for a in self.acronyms {
            w.beginObject()
            w.field("short", a.short)
            w.field("long", a.long)
            w.field("short_start", a.shortStart)
            w.field("short_end", a.shortEnd)
            w.field("long_start", a.longStart)
            w.field("long_end", a.longEnd)
            w.endObject()
        }
        w.endArray()

        w.key("quantities")
        w.beginArray()
        for q in self.quantities {
            w.beginObject()
            w.field("text", q.text)
            w.field("start", q.start)
            w.field("end", q.end)
            w.key("value")
            if let v = q.value { w.double(v) } else { w.null() }
            w.field("unit", q.unit)
            w.field("qualifier", q.qualifier)
            w.endObject()
        }
        w.endArray()

        w.key("keywords")
        w.beginArray()
        for k in self.keywords {
            w.beginObject()
            w.field("text", k.text)
            w.key("score")
            w.double(k.score)
            w.endObject()
        }
        w.endArray()

        w.key("summary")
        w.beginArray()
        for s in self.summary {
            w.beginObject()
            w.field("text", s.text)
            w.field("start", s.start)
            w.field("end", s.end)
            w.endObject()
        }
        w.endArray()

        w.key("fingerprint")
        w.beginObject()
        w.field("sha256", self.fingerprint.sha256)
        w.field("simhash", self.fingerprint.simhash)
        w.endObject()

        w.key("warnings")
        w.beginArray()
        for warning in self.warnings { w.string(warning) }
        w.endArray()
        w.endObject()
        return w.bytes
    }
}
