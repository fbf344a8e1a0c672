import ArgumentParser
import DatelineExtraction
import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// `dateline extract`: runs the extraction pipeline offline over files or stdin, one JSON record per line.
///
/// Input: each FILE is JSONL when its name ends in `.jsonl` or `.ndjson`, or when its first non-blank byte
/// is `{` (one article object per line: `text` plus optional `id`, `title`, `url`, `published_at`,
/// `source`, `language`, exactly what the worker consumes); blank lines are skipped and a line that is not
/// a JSON object is rejected. Any other file is one plain-text article whose id is the file name. With no
/// FILE, stdin is read the same way (JSONL when it starts with `{`, else one plain-text article).
///
/// Output: one `dateline.article/v1` record per article on stdout, in input order. An input that cannot
/// become an article (invalid UTF-8, bad JSON, no text) is reported on stderr as
/// `dateline extract: FILE:LINE: CODE: message` and skipped; the others are still extracted.
///
/// Exit status: 0 when every input was extracted, 1 when some inputs were rejected (all others were still
/// written), 2 when a file cannot be read or the lexicons are missing.
struct ExtractCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "extract",
        abstract: "Extract structured records from article files or JSONL (stdin when no file is given).",
        discussion: """
            Writes one dateline.article/v1 JSON record per article to stdout, in input order. Rejected \
            inputs are reported on stderr and skipped; the exit status is 1 if any were rejected.
            """
    )

    @Argument(help: "Plain-text article files or JSONL files; stdin when none is given.")
    var files: [String] = []

    @Option(help: "Inputs larger than this many bytes are rejected (default: 2097152).")
    var maxBytes: Int?

    @Flag(help: "Never draw the progress bar, even when stderr is a terminal.")
    var noProgress = false

    func validate() throws {
        if let maxBytes = self.maxBytes, maxBytes <= 0 {
            throw ValidationError("--max-bytes must be positive")
        }
    }

    func run() async throws {
        let pipeline: ExtractionPipeline
        do {
            pipeline = try ExtractionPipeline()
        } catch {
            Self.report("error: \(error)")
            throw ExitCode(2)
        }
        let decoder = ArticleDecoder(maxBytes: self.maxBytes ?? 2 * 1024 * 1024)
        let output = OutputBuffer()
        var rejected = 0
        let showProgress = !self.noProgress && !self.files.isEmpty && isatty(STDERR_FILENO) == 1

        let inputs: [(name: String, data: Data?)] =
            self.files.isEmpty
            ? [("<stdin>", FileHandle.standardInput.readDataToEndOfFile())]
            : self.files.map { ($0, FileManager.default.contents(atPath: $0)) }
        let totalBytes = inputs.reduce(0) { $0 + ($1.data?.count ?? 0) }
        var progress = ProgressBar(total: totalBytes, enabled: showProgress)
        var unreadable = false
        for input in inputs {
            guard let data = input.data else {
                Self.report("\(input.name): cannot read the file")
                unreadable = true
                continue
            }
            let bytes = [UInt8](data)
            if Self.isJSONLines(name: input.name, bytes: bytes) {
                var lineNumber = 0
                var lineStart = 0
                while lineStart < bytes.count {
                    var lineEnd = lineStart
                    while lineEnd < bytes.count, bytes[lineEnd] != UInt8(ascii: "\n") { lineEnd += 1 }
                    lineNumber += 1
                    var line = Array(bytes[lineStart..<lineEnd])
                    if line.last == UInt8(ascii: "\r") { line.removeLast() }
                    let firstByte = line.first { $0 != 0x20 && $0 != 0x09 }
                    if let firstByte, firstByte != UInt8(ascii: "{") {
                        // In JSONL every line is an article object; a stray text line is an error, not an article.
                        Self.report("\(input.name):\(lineNumber): malformed-json: a JSONL line must be a JSON object")
                        rejected += 1
                    } else if firstByte != nil {
                        switch decoder.decode(value: line, key: nil) {
                        case .success(let article):
                            output.write(Self.record(pipeline, article))
                        case .failure(let rejection):
                            Self.report("\(input.name):\(lineNumber): \(rejection)")
                            rejected += 1
                        }
                    }
                    progress.advance(by: lineEnd + 1 - lineStart)
                    lineStart = lineEnd + 1
                }
            } else {
                // A file's article is named after the file; stdin's after its content (sha256:...).
                let name = input.name == "<stdin>" ? nil : Array(URL(fileURLWithPath: input.name).lastPathComponent.utf8)
                switch decoder.decode(value: bytes, key: name) {
                case .success(let article):
                    output.write(Self.record(pipeline, article))
                case .failure(let rejection):
                    Self.report("\(input.name): \(rejection)")
                    rejected += 1
                }
                progress.advance(by: bytes.count)
            }
        }
        output.flush()
        progress.finish()
        if unreadable { throw ExitCode(2) }
        if rejected > 0 {
            Self.report("\(rejected) input(s) rejected")
            throw ExitCode(1)
        }
    }

    private static func record(_ pipeline: ExtractionPipeline, _ article: Article) -> [UInt8] {
        // `recordJSON` only throws for the worker's dead-letter path; extract the value directly here.
        pipeline.extract(article).jsonBytes(provenance: nil)
    }

    /// JSONL by extension, or by a first non-blank `{`.
    static func isJSONLines(name: String, bytes: [UInt8]) -> Bool {
        if name.hasSuffix(".jsonl") || name.hasSuffix(".ndjson") || name == "<stdin>" && bytes.first == UInt8(ascii: "{") {
            return true
        }
        let first = bytes.first { $0 != 0x20 && $0 != 0x0A && $0 != 0x0D && $0 != 0x09 }
        return first == UInt8(ascii: "{")
    }

    static func report(_ message: String) {
        FileHandle.standardError.write(Data("dateline extract: \(message)\n".utf8))
    }
}

/// Buffers stdout writes into large chunks (one `write` per ~1 MiB, not per record).
private final class OutputBuffer {
    private var buffer: [UInt8] = []

    init() {
        self.buffer.reserveCapacity(1 << 20)
    }

    func write(_ record: [UInt8]) {
        self.buffer.append(contentsOf: record)
        self.buffer.append(UInt8(ascii: "\n"))
        if self.buffer.count >= 1 << 20 { self.flush() }
    }

    func flush() {
        guard !self.buffer.isEmpty else { return }
        FileHandle.standardOutput.write(Data(self.buffer))
        self.buffer.removeAll(keepingCapacity: true)
    }
}

/// A one-line progress bar on stderr, redrawn at most every 100 ms.
private struct ProgressBar {
    let total: Int
    let enabled: Bool
    private var done = 0
    private var lastDraw = ContinuousClock.now

    init(total: Int, enabled: Bool) {
        self.total = max(total, 1)
        self.enabled = enabled
    }

    mutating func advance(by bytes: Int) {
        self.done += bytes
        guard self.enabled else { return }
        let now = ContinuousClock.now
        if now - self.lastDraw >= .milliseconds(100) {
            self.lastDraw = now
            self.draw()
        }
    }

    func draw() {
        let fraction = min(1.0, Double(self.done) / Double(self.total))
        let width = 30
        let filled = Int(fraction * Double(width))
        let bar = String(repeating: "#", count: filled) + String(repeating: "-", count: width - filled)
        let percent = Int(fraction * 100)
        FileHandle.standardError.write(Data("\r[\(bar)] \(percent)% \(self.done / 1024) KiB".utf8))
    }

    func finish() {
        guard self.enabled else { return }
        self.draw()
        FileHandle.standardError.write(Data("\n".utf8))
    }
}
