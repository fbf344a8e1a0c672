import ArgumentParser
import DatelineExtraction
import Foundation
import Testing

@testable import dateline

/// `dateline serve` over real HTTP: good input gives extract's record, bad input a JSON 4xx, never a crash.
@Suite struct ServeTests {
    static let article = """
        {"id": "serve-1", "title": "Bridge repairs", "published_at": "2026-03-09T08:00:00Z", \
        "text": "LISBON (Reuters) - The Port of Lisbon Authority on Monday approved a 40 million euro repair plan. \
        \\"We will start in May,\\" said Ana Costa, the authority's president."}
        """
    static let plainText =
        "PARIS (AFP) - French ministers met on Tuesday in Paris to discuss the budget, officials said."

    /// The record `dateline extract` writes for these bytes: decoder, pipeline, newline.
    static func expectedRecord(_ bytes: [UInt8], maxBytes: Int = 64 * 1024) throws -> [UInt8] {
        let article = try ArticleDecoder(maxBytes: maxBytes).decode(value: bytes, key: nil).get()
        return try ExtractionPipeline.shared().recordJSON(for: article, provenance: nil) + [UInt8(ascii: "\n")]
    }

    @Test func jsonInputReturnsTheRecordExtractWrites() async throws {
        try await ServeHarness.withServer { base in
            let body = Array(Self.article.utf8)
            let response = try await HTTPTestClient.send(
                "POST",
                base.appendingPathComponent("v1/extract"),
                body: body,
                contentType: "application/json"
            )
            #expect(response.status == 200)
            #expect(response.headers["content-type"] == "application/json")
            #expect(response.body == (try Self.expectedRecord(body)))
            #expect(try response.jsonObject()["id"] as? String == "serve-1")
        }
    }

    @Test func plainTextInputReturnsTheRecordExtractWrites() async throws {
        try await ServeHarness.withServer { base in
            let body = Array(Self.plainText.utf8)
            let response = try await HTTPTestClient.send(
                "POST",
                base.appendingPathComponent("v1/extract"),
                body: body,
                contentType: "text/plain; charset=utf-8"
            )
            #expect(response.status == 200)
            #expect(response.body == (try Self.expectedRecord(body)))
            #expect((try response.jsonObject()["id"] as? String)?.hasPrefix("sha256:") == true)
        }
    }

    struct BadInput: Sendable, CustomTestStringConvertible {
        var name: String
        var body: [UInt8]
        var contentType: String?
        var status: Int
        var code: String
        var testDescription: String { self.name }
    }

    static let badInputs: [BadInput] = [
        .init(
            name: "malformed JSON",
            body: Array("{\"text\": ".utf8),
            contentType: "application/json",
            status: 400,
            code: "malformed-json"
        ),
        .init(
            name: "JSON that is not an object",
            body: Array("[1, 2]".utf8),
            contentType: "application/json",
            status: 400,
            code: "malformed-json"
        ),
        .init(
            name: "invalid UTF-8",
            body: [0x48, 0x69, 0xFF, 0xFE, 0x21],
            contentType: "text/plain",
            status: 400,
            code: "invalid-utf8"
        ),
        .init(
            name: "missing text",
            body: Array("{\"title\": \"no body\"}".utf8),
            contentType: "application/json",
            status: 422,
            code: "missing-text"
        ),
        .init(
            name: "text is not a string",
            body: Array("{\"text\": 42}".utf8),
            contentType: "application/json",
            status: 422,
            code: "missing-text"
        ),
        .init(
            name: "blank text",
            body: Array("{\"text\": \"  \"}".utf8),
            contentType: "application/json",
            status: 400,
            code: "empty"
        ),
        .init(name: "empty body", body: [], contentType: "text/plain", status: 400, code: "empty"),
        .init(
            name: "oversize",
            body: Array(repeating: UInt8(ascii: "a"), count: 70 * 1024),
            contentType: "text/plain",
            status: 413,
            code: "oversize"
        ),
        .init(
            name: "unsupported media type",
            body: Array("<a/>".utf8),
            contentType: "application/xml",
            status: 415,
            code: "unsupported-media-type"
        ),
    ]

    @Test(arguments: Self.badInputs)
    func badInputGetsAJSONError(_ input: BadInput) async throws {
        try await ServeHarness.withServer { base in
            let response = try await HTTPTestClient.send(
                "POST",
                base.appendingPathComponent("v1/extract"),
                body: input.body,
                contentType: input.contentType
            )
            #expect(response.status == input.status, "\(response.text)")
            #expect(response.headers["content-type"] == "application/json")
            #expect(try response.errorCode() == input.code)
            let error = try #require(try response.jsonObject()["error"] as? [String: Any])
            #expect((error["message"] as? String)?.isEmpty == false)
            // The server is still up and well after the bad request.
            let health = try await HTTPTestClient.send("GET", base.appendingPathComponent("healthz"))
            #expect(health.status == 200)
        }
    }

    @Test func unknownPathIs404AndWrongMethodIs405() async throws {
        try await ServeHarness.withServer { base in
            let missing = try await HTTPTestClient.send("GET", base.appendingPathComponent("v2/nothing"))
            #expect(missing.status == 404)
            #expect(try missing.errorCode() == "not-found")
            let wrongMethod = try await HTTPTestClient.send("GET", base.appendingPathComponent("v1/extract"))
            #expect(wrongMethod.status == 405)
            #expect(wrongMethod.headers["allow"] == "POST")
            #expect(try wrongMethod.errorCode() == "method-not-allowed")
            let postHealth = try await HTTPTestClient.send("POST", base.appendingPathComponent("healthz"), body: [1])
            #expect(postHealth.status == 405)
        }
    }

    @Test func jsonBatchAnswersEachItemInOrderWithPerItemErrors() async throws {
        try await ServeHarness.withServer { base in
            // Commas, brackets and braces inside strings do not split items; the last item is malformed JSON
            // but delimited, so only it fails.
            let items = [
                Self.article,
                "{\"id\": \"no-text\", \"title\": \"x\"}",
                "\"just a string\"",
                "{\"id\": \"b\", \"text\": \"Berlin, \\\"a, b\\\" [x] {y}\"}",
                "{\"text\": }",
            ]
            let body = Array(("[" + items.joined(separator: ",\n ") + "]").utf8)
            let response = try await HTTPTestClient.send(
                "POST",
                base.appendingPathComponent("v1/extract/batch"),
                body: body,
                contentType: "application/json"
            )
            #expect(response.status == 200, "\(response.text)")
            let array = try #require(try JSONSerialization.jsonObject(with: Data(response.body)) as? [[String: Any]])
            #expect(array.count == 5)
            #expect(array[0]["id"] as? String == "serve-1")
            #expect((array[1]["error"] as? [String: Any])?["code"] as? String == "missing-text")
            #expect(array[1]["index"] as? Int == 1)
            #expect((array[2]["error"] as? [String: Any])?["code"] as? String == "malformed-json")
            #expect(array[3]["id"] as? String == "b")
            #expect((array[4]["error"] as? [String: Any])?["code"] as? String == "malformed-json")
            // Each record is byte-identical to the single-article answer.
            let first = try Self.expectedRecord(Array(Self.article.utf8)).dropLast()
            #expect(response.text.hasPrefix("[" + String(decoding: first, as: UTF8.self) + ","))
        }
    }

    @Test func jsonLinesBatchAnswersJSONLines() async throws {
        try await ServeHarness.withServer { base in
            let line2 = "{\"id\": \"two\", \"text\": \"Rome is in Italy.\"}"
            let body = Array((Self.article + "\n\n" + line2 + "\r\nnot json\n").utf8)
            let response = try await HTTPTestClient.send(
                "POST",
                base.appendingPathComponent("v1/extract/batch"),
                body: body,
                contentType: "application/x-ndjson"
            )
            #expect(response.status == 200)
            #expect(response.headers["content-type"] == "application/x-ndjson")
            let lines = response.text.split(separator: "\n", omittingEmptySubsequences: false)
            #expect(lines.count == 4)
            #expect(lines.last == "")
            let expected = try Self.expectedRecord(Array(Self.article.utf8)) + Self.expectedRecord(Array(line2.utf8))
            #expect(Array(response.body.prefix(expected.count)) == expected)
            #expect(lines[2].hasPrefix("{\"index\":2,\"error\":{\"code\":\"malformed-json\""))
        }
    }

    @Test func batchThatIsNotAnArrayFailsAsAWhole() async throws {
        try await ServeHarness.withServer { base in
            for body in ["{\"text\": \"one\"}", "[{\"text\": \"a\"}", "[{\"text\": \"a\"}] trailing", "[}"] {
                let response = try await HTTPTestClient.send(
                    "POST",
                    base.appendingPathComponent("v1/extract/batch"),
                    body: Array(body.utf8),
                    contentType: "application/json"
                )
                #expect(response.status == 400, "\(body)")
                #expect(try response.errorCode() == "malformed-json")
            }
        }
    }

    @Test func concurrentRequestsAllGetTheirOwnRecord() async throws {
        try await ServeHarness.withServer { base in
            try await withThrowingTaskGroup(of: Void.self) { group in
                for index in 0..<24 {
                    group.addTask {
                        let text = "BERLIN (dpa) - Request \(index): the Bundestag met on Friday, Olaf Scholz said."
                        let body = Array("{\"id\": \"c\(index)\", \"text\": \"\(text)\"}".utf8)
                        let response = try await HTTPTestClient.send(
                            "POST",
                            base.appendingPathComponent("v1/extract"),
                            body: body,
                            contentType: "application/json"
                        )
                        #expect(response.status == 200)
                        #expect(response.body == (try Self.expectedRecord(body)))
                    }
                }
                try await group.waitForAll()
            }
        }
    }

    @Test func healthMetricsAndOpenAPI() async throws {
        try await ServeHarness.withServer { base in
            let health = try await HTTPTestClient.send("GET", base.appendingPathComponent("healthz"))
            #expect(health.status == 200)
            #expect(try health.jsonObject()["status"] as? String == "ok")

            let document = try await HTTPTestClient.send("GET", base.appendingPathComponent("openapi.json"))
            #expect(document.status == 200)
            let openAPI = try document.jsonObject()
            #expect((openAPI["openapi"] as? String)?.hasPrefix("3.1") == true)
            let paths = try #require(openAPI["paths"] as? [String: Any])
            #expect(Set(paths.keys) == Set(ExtractionServer.routes.keys))
            // The error codes the document lists are exactly the ones the server can send.
            let schemas = (openAPI["components"] as? [String: Any])?["schemas"] as? [String: Any]
            let errorObject = schemas?["ErrorObject"] as? [String: Any]
            let code = (errorObject?["properties"] as? [String: Any])?["code"] as? [String: Any]
            #expect(Set(code?["enum"] as? [String] ?? []) == Set(APIError.Code.allCases.map(\.rawValue)))
            // Served byte for byte from the committed file.
            let committed = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
                .deletingLastPathComponent().appendingPathComponent("Sources/dateline/Resources/openapi.json")
            #expect(document.body == [UInt8](try Data(contentsOf: committed)))

            _ = try await HTTPTestClient.send("GET", base.appendingPathComponent("nowhere"))
            let metrics = try await HTTPTestClient.send("GET", base.appendingPathComponent("metrics"))
            #expect(metrics.status == 200)
            #expect(metrics.text.contains("dateline_build_info{"))
            #expect(metrics.text.contains("dateline_http_requests_total{route=\"/healthz\",status=\"200\"} 1"))
            #expect(metrics.text.contains("dateline_http_requests_total{route=\"other\",status=\"404\"} 1"))
        }
    }

    @Test func settingsComeFromFlagsThenEnvironment() throws {
        let defaults = try ServeCommand.parse([]).resolve(environment: [:]).1
        #expect(defaults.host == "127.0.0.1")
        #expect(defaults.port == 8080)
        #expect(defaults.maxBodyBytes == 2 * 1024 * 1024)
        let environment = ["DATELINE_SERVE_HOST": "0.0.0.0", "DATELINE_SERVE_PORT": "9000"]
        let fromEnvironment = try ServeCommand.parse([]).resolve(environment: environment).1
        #expect(fromEnvironment.host == "0.0.0.0")
        #expect(fromEnvironment.port == 9000)
        let fromFlags = try ServeCommand.parse(["--port", "9100", "--max-body-bytes", "1024"])
            .resolve(environment: environment).1
        #expect(fromFlags.port == 9100)
        #expect(fromFlags.maxBodyBytes == 1024)
        #expect(throws: SettingsError.self) {
            try ServeCommand.parse(["--port", "70000"]).resolve(environment: [:])
        }
    }
}
