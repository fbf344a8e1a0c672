import DatelineExtraction
import Foundation
import Testing

/// `dateline extract` streams: records leave as inputs arrive, in input order, identical to the whole-input
/// reading it replaced.
@Suite(.timeLimit(.minutes(5)))
struct ExtractStreamingTests {
    static func line(_ id: String, _ text: String) -> String {
        "{\"id\": \"\(id)\", \"text\": \"\(text)\"}"
    }

    /// The old, non-streaming `dateline extract` over one JSONL input, kept here as the reference: split the
    /// whole input into lines, reject non-object lines, decode, extract, in order, one thread.
    static func referenceOutput(_ input: [UInt8], name: String, maxBytes: Int = 2 * 1024 * 1024) throws -> (
        stdout: [UInt8], stderr: String, rejected: Int
    ) {
        let pipeline = try ExtractionPipeline.shared()
        let decoder = ArticleDecoder(maxBytes: maxBytes)
        var stdout: [UInt8] = []
        var stderr = ""
        var rejected = 0
        var lineNumber = 0
        var lineStart = 0
        while lineStart < input.count {
            var lineEnd = lineStart
            while lineEnd < input.count, input[lineEnd] != UInt8(ascii: "\n") { lineEnd += 1 }
            lineNumber += 1
            var line = Array(input[lineStart..<lineEnd])
            if line.last == UInt8(ascii: "\r") { line.removeLast() }
            let firstByte = line.first { $0 != 0x20 && $0 != 0x09 }
            if let firstByte, firstByte != UInt8(ascii: "{") {
                stderr +=
                    "dateline extract: \(name):\(lineNumber): malformed-json: a JSONL line must be a JSON object\n"
                rejected += 1
            } else if firstByte != nil {
                switch decoder.decode(value: line, key: nil) {
                case .success(let article):
                    stdout += pipeline.extract(article).jsonBytes(provenance: nil) + [UInt8(ascii: "\n")]
                case .failure(let rejection):
                    stderr += "dateline extract: \(name):\(lineNumber): \(rejection)\n"
                    rejected += 1
                }
            }
            lineStart = lineEnd + 1
        }
        if rejected > 0 { stderr += "dateline extract: \(rejected) input(s) rejected\n" }
        return (stdout, stderr, rejected)
    }

    /// The shipped samples and a mix of every rejection class, blank and CRLF lines, and a line over the limit.
    static func mixedInput() throws -> [UInt8] {
        let samples = try Data(
            contentsOf: DatelineProcess.repositoryRoot.appendingPathComponent("samples/articles.jsonl")
        )
        var input = [UInt8](samples)
        input += Array("\n   \n".utf8)
        input += Array("plain text line\n{\"text\": \n{\"title\": \"no text\"}\n{\"text\": 7}\n".utf8)
        input += [UInt8](Self.line("bad-utf8", "Caf").utf8).dropLast(2) + [0xFF] + Array("\"}\n".utf8)
        input += Array((Self.line("crlf", "Lisbon is in Portugal.") + "\r\n").utf8)
        input += Array((Self.line("long", String(repeating: "Madrid is in Spain. ", count: 400)) + "\n").utf8)
        input += Array("{\"text\": \"  \"}\n".utf8)
        input += [UInt8](samples)
        // The last line has no newline.
        input += Array(Self.line("last", "Oslo is in Norway.").utf8)
        return input
    }

    @Test func recordLeavesThePipeBeforeStdinCloses() async throws {
        let process = Process()
        process.executableURL = try DatelineProcess.binary()
        process.arguments = ["extract"]
        let stdin = Pipe()
        let stdout = Pipe()
        process.standardInput = stdin
        process.standardOutput = stdout
        process.standardError = FileHandle.nullDevice
        try DatelineProcess.start(process)
        defer { if process.isRunning { process.terminate() } }

        var buffer: [UInt8] = []
        for (index, text) in ["Rome is the capital of Italy.", "Paris is the capital of France."].enumerated() {
            let input = Self.line("pipe-\(index)", text)
            try stdin.fileHandleForWriting.write(contentsOf: Data((input + "\n").utf8))
            // stdin stays open: the record must come back while more input could still follow.
            let record = try await DatelineProcess.readLine(
                from: stdout.fileHandleForReading,
                buffer: &buffer,
                of: process,
                timeout: .seconds(30)
            )
            let expected = try ExtractionPipeline.shared()
                .recordJSON(for: ArticleDecoder().decode(value: Array(input.utf8), key: nil).get(), provenance: nil)
            #expect(record == expected)
            #expect(process.isRunning)
        }
        try stdin.fileHandleForWriting.close()
        let rest = await DatelineProcess.readToEnd(stdout.fileHandleForReading)
        process.waitUntilExit()
        #expect(buffer.isEmpty && rest.isEmpty)
        #expect(process.terminationStatus == 0)
    }

    @Test(arguments: [1, 2, 4])
    func outputEqualsTheNonStreamingOutput(concurrency: Int) async throws {
        let input = try Self.mixedInput()
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("extract-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let file = directory.appendingPathComponent("mixed.jsonl")
        try Data(input).write(to: file)

        let maxBytes = 4096
        let reference = try Self.referenceOutput(input, name: file.path, maxBytes: maxBytes)
        #expect(reference.rejected == 7)
        let result = try await DatelineProcess.run(
            ["extract", "--no-progress", "--concurrency", "\(concurrency)", "--max-bytes", "\(maxBytes)", file.path]
        )
        #expect(result.status == 1)
        #expect(result.stdout == reference.stdout)
        #expect(String(decoding: result.stderr, as: UTF8.self) == reference.stderr)

        // The same input on stdin.
        let piped = try await DatelineProcess.run(
            ["extract", "--concurrency", "\(concurrency)", "--max-bytes", "\(maxBytes)"],
            input: input
        )
        let stdinReference = try Self.referenceOutput(input, name: "<stdin>", maxBytes: maxBytes)
        #expect(piped.status == 1)
        #expect(piped.stdout == stdinReference.stdout)
        #expect(String(decoding: piped.stderr, as: UTF8.self) == stdinReference.stderr)
    }

    @Test func recordsKeepInputOrderWhenLaterInputsFinishFirst() async throws {
        // Long and short articles alternate, so on two threads the short ones finish first.
        let long = String(
            repeating: "The Bank of England in London raised rates on Thursday, Andrew Bailey said. ",
            count: 300
        )
        var lines: [String] = []
        for index in 0..<400 {
            lines.append(Self.line("order-\(index)", index % 3 == 0 ? long : "Short note \(index) from Berlin."))
        }
        let result = try await DatelineProcess.run(
            ["extract", "--concurrency", "2"],
            input: Array(lines.joined(separator: "\n").utf8)
        )
        #expect(result.status == 0)
        let ids = String(decoding: result.stdout, as: UTF8.self).split(separator: "\n").map { record in
            (try? JSONSerialization.jsonObject(with: Data(record.utf8)) as? [String: Any])?["id"] as? String
        }
        #expect(ids == (0..<400).map { "order-\($0)" })
    }

    @Test func filesKeepTheirOrderAndAnUnreadableFileExitsTwo() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("extract-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let text = directory.appendingPathComponent("harbour.txt")
        try Data("LISBON (Reuters) - The harbour bridge will be repaired, officials said.\n\nMore text.".utf8)
            .write(to: text)
        let jsonl = directory.appendingPathComponent("two.jsonl")
        try Data((Self.line("j1", "Rome.") + "\n" + Self.line("j2", "Oslo.") + "\n").utf8).write(to: jsonl)
        let missing = directory.appendingPathComponent("missing.txt").path

        let result = try await DatelineProcess.run(["extract", text.path, missing, jsonl.path, directory.path])
        #expect(result.status == 2)
        let ids = String(decoding: result.stdout, as: UTF8.self).split(separator: "\n").map { record in
            (try? JSONSerialization.jsonObject(with: Data(record.utf8)) as? [String: Any])?["id"] as? String
        }
        #expect(ids == ["harbour.txt", "j1", "j2"])
        let stderr = String(decoding: result.stderr, as: UTF8.self)
        #expect(stderr.contains("dateline extract: \(missing): cannot read the file\n"))
        #expect(stderr.contains("dateline extract: \(directory.path): cannot read the file\n"))
    }
}
