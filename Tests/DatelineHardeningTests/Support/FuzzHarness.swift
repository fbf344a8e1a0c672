import Foundation

// Shared by the hardening tests and the libFuzzer targets (scripts/fuzz.sh compiles this file into the
// DatelineExtraction module itself, with -D DATELINE_FUZZ): the fuzz entry points and the regression replay
// in `make test` interpret an input file in exactly the same way.
#if !DATELINE_FUZZ
    import DatelineExtraction
#endif

/// The fuzz targets: how one input (a byte string) becomes a decoder call and a pipeline run, and which
/// invariants are checked on the result.
enum FuzzTarget: String, CaseIterable, Sendable {
    /// Bytes of a Kafka message: the first byte chooses the key length (and a small size limit), the next
    /// bytes are the key, the rest is the value; accepted articles go through the pipeline.
    case decoder
    /// Arbitrary UTF-8 (invalid sequences repaired with U+FFFD) as the text of an English article, so every
    /// language-dependent stage runs on it.
    case pipelineUTF8 = "pipeline-utf8"
    /// Arbitrary bytes as a keyless message value through the decoder and, when accepted, the pipeline,
    /// exactly as the worker would (language detection included).
    case pipelineBytes = "pipeline-bytes"

    /// The provenance the fuzzed "worker" passes: exercises the `source` object of the record.
    static let provenance = RecordProvenance(topic: "articles.raw", partition: 3, offset: 42, timestampMilliseconds: 1)

    /// Runs one input and returns every violated invariant (empty when the input is handled soundly).
    ///
    /// - Parameters:
    ///   - data: The input bytes.
    ///   - pipeline: The shared pipeline.
    ///   - budget: The time one input may take (decode + extract + serialise, first run); slower is a finding.
    /// - Returns: One line per violation.
    func violations(_ data: [UInt8], pipeline: ExtractionPipeline, budget: Duration) -> [String] {
        switch self {
        case .decoder:
            guard let first = data.first else { return [] }
            // Bit 7: a 256-byte size limit (oversize paths); bit 6: no key; bits 0-5: key length.
            let maxBytes = first & 0x80 != 0 ? 256 : 2 * 1024 * 1024
            let keyLength = min(Int(first & 0x3F), data.count - 1)
            let key: [UInt8]? = first & 0x40 != 0 ? nil : Array(data[1..<(1 + keyLength)])
            let value = Array(data[(1 + keyLength)...])
            return Self.decodeAndExtract(value: value, key: key, maxBytes: maxBytes, pipeline: pipeline, budget: budget)
        case .pipelineBytes:
            return Self.decodeAndExtract(
                value: data,
                key: nil,
                maxBytes: 2 * 1024 * 1024,
                pipeline: pipeline,
                budget: budget
            )
        case .pipelineUTF8:
            let article = Article(
                id: "fuzz",
                text: String(decoding: data, as: UTF8.self),
                title: "Fuzz",
                publishedAt: "2024-05-10T12:00:00Z",
                language: "en"
            )
            return Self.checkExtraction(article, pipeline: pipeline, budget: budget, started: .now)
        }
    }

    // MARK: - Decoder

    private static func decodeAndExtract(
        value: [UInt8],
        key: [UInt8]?,
        maxBytes: Int,
        pipeline: ExtractionPipeline,
        budget: Duration
    ) -> [String] {
        let started = ContinuousClock.now
        let decoder = ArticleDecoder(maxBytes: maxBytes)
        let result = decoder.decode(value: value, key: key)
        var out: [String] = []
        if decoder.decode(value: value, key: key) != result {
            out.append("decoding the same message twice gave different results")
        }
        let string = String(validating: value, as: UTF8.self)
        switch result {
        case .failure(let rejection):
            if rejection.description != "\(rejection.code.rawValue): \(rejection.message)" || rejection.message.isEmpty
            {
                out.append("rejection text \(rejection.description.debugDescription) is not `code: message`")
            }
            if value.count > maxBytes, rejection.code != .oversize {
                out.append("a \(value.count)-byte value over the \(maxBytes) limit was rejected as \(rejection.code)")
            }
            if value.count <= maxBytes, string == nil, rejection.code != .invalidUTF8 {
                out.append("invalid UTF-8 was rejected as \(rejection.code), not invalid-utf8")
            }
            if rejection.code == .pipelineError { out.append("the decoder returned pipeline-error") }
            return out
        case .success(let article):
            if value.count > maxBytes { out.append("a value over the size limit was accepted") }
            guard let string else { return out + ["invalid UTF-8 was accepted"] }
            if !article.text.unicodeScalars.contains(where: { !$0.properties.isWhitespace && $0 != "\u{FEFF}" }) {
                out.append("an article with blank text was accepted")
            }
            if article.id.isEmpty { out.append("an article with an empty id was accepted") }
            let leading = string.unicodeScalars.first { !$0.properties.isWhitespace && $0 != "\u{FEFF}" }
            if leading != "{" {
                // Plain text: the text is the value exactly, the id the key or the content hash.
                if !RecordInvariants.same(article.text, string) { out.append("plain-text value was altered") }
                let keyString = key.flatMap { String(validating: $0, as: UTF8.self) }.flatMap { $0.isEmpty ? nil : $0 }
                let expectedID = keyString ?? ArticleDecoder.contentID(string)
                if !RecordInvariants.same(article.id, expectedID) {
                    out.append("plain-text id is not key ?? content hash")
                }
            }
            return out + Self.checkExtraction(article, pipeline: pipeline, budget: budget, started: started)
        }
    }

    // MARK: - Pipeline

    /// Extracts `article` twice (record and JSON) and returns every violated invariant.
    ///
    /// - Parameters:
    ///   - article: The article.
    ///   - pipeline: The pipeline.
    ///   - budget: The time from `started` to the first serialised record that counts as slow.
    ///   - started: When the input's processing began (before decoding, for decoded inputs).
    /// - Returns: One line per violation.
    static func checkExtraction(
        _ article: Article,
        pipeline: ExtractionPipeline,
        budget: Duration,
        started: ContinuousClock.Instant
    ) -> [String] {
        var out: [String] = []
        let json: [UInt8]
        do {
            json = try pipeline.recordJSON(for: article, provenance: Self.provenance)
        } catch {
            // A pipeline rejection is a dead letter, not a crash; it must say why.
            if error.code != .pipelineError || error.message.isEmpty {
                out.append("the pipeline threw a rejection that is not pipeline-error: \(error)")
            }
            return out
        }
        let elapsed = ContinuousClock.now - started
        if elapsed > budget {
            out.append("slow input: \(elapsed) > budget \(budget) for \(article.text.unicodeScalars.count) scalars")
        }
        let record = pipeline.extract(article)
        if record.jsonBytes(provenance: Self.provenance) != json {
            out.append("recordJSON differs from extract + jsonBytes (nondeterministic output)")
        }
        if pipeline.extract(article) != record {
            out.append("extracting the same article twice gave different records")
        }
        out.append(
            contentsOf: RecordInvariants.violations(
                article: article,
                record: record,
                json: json,
                provenance: Self.provenance
            )
        )
        return out
    }
}
