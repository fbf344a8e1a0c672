import ArgumentParser
import DatelineExtraction
import Foundation
import NIOPosix

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
/// Streaming: inputs are read as they arrive (`producer | dateline extract` prints each record as soon as it
/// and the inputs before it are done), extracted on `--concurrency` threads, and at most
/// ``inputsPerThread`` × threads inputs are in flight, so memory does not grow with the input.
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

    @Option(help: "Extraction threads (default: active cores).")
    var concurrency: Int?

    /// Inputs in flight per extraction thread: enough to keep every thread busy while one slow article holds
    /// back the output, few enough that memory stays small.
    static let inputsPerThread = 16

    func validate() throws {
        if let maxBytes = self.maxBytes, maxBytes <= 0 {
            throw ValidationError("--max-bytes must be positive")
        }
        if let concurrency = self.concurrency, !(1...1024).contains(concurrency) {
            throw ValidationError("--concurrency must be between 1 and 1024")
        }
    }

    func run() async throws {
        let pipeline: ExtractionPipeline
        do {
            pipeline = try ExtractionPipeline()
        } catch {
            OrderedOutput.report("error: \(error)")
            throw ExitCode(2)
        }
        let decoder = ArticleDecoder(maxBytes: self.maxBytes ?? 2 * 1024 * 1024)
        let concurrency = self.concurrency ?? SettingKey.defaultConcurrency
        let showProgress = !self.noProgress && !self.files.isEmpty && isatty(STDERR_FILENO) == 1
        let output = OrderedOutput(
            window: concurrency * Self.inputsPerThread,
            progress: ProgressBar(total: showProgress ? Self.totalSize(self.files) : nil, enabled: showProgress)
        )
        // Extraction on `concurrency` threads; the blocking reads on one more, so a quiet pipe holds up nothing.
        let pool = NIOThreadPool(numberOfThreads: concurrency)
        let reads = NIOThreadPool(numberOfThreads: 1)
        pool.start()
        reads.start()
        do {
            try await withThrowingDiscardingTaskGroup { group in
                let inputs: [String?] = self.files.isEmpty ? [nil] : self.files
                for path in inputs {
                    await Self.readInput(path, reads: reads, decoder: decoder, output: output) { index, input in
                        group.addTask {
                            try await pool.runIfActive {
                                let (outcome, bytes) = Self.extract(input, pipeline: pipeline, decoder: decoder)
                                output.complete(index, outcome, bytes: bytes)
                            }
                        }
                    }
                }
            }
        } catch {
            try? await pool.shutdownGracefully()
            try? await reads.shutdownGracefully()
            throw error
        }
        try await pool.shutdownGracefully()
        try await reads.shutdownGracefully()
        let (rejected, unreadable) = output.finish()
        if unreadable { throw ExitCode(2) }
        if rejected > 0 {
            OrderedOutput.report("\(rejected) input(s) rejected")
            throw ExitCode(1)
        }
    }

    // MARK: - Inputs

    /// One unit of work for the pool.
    enum Input: Sendable {
        /// A JSONL line whose first non-blank byte is `{`.
        case line(name: String, number: Int, bytes: [UInt8], consumed: Int)
        /// A whole plain-text article, keyed by its file name (stdin: by content).
        case document(name: String, key: [UInt8]?, bytes: [UInt8])
    }

    /// Reads one file (or stdin when `path` is `nil`) and hands each input to `submit` as it arrives.
    ///
    /// Inputs that need no extraction (a line that is not an object, an overlong line, an unreadable file) are
    /// completed here, in their place in the order.
    private static func readInput(
        _ path: String?,
        reads: NIOThreadPool,
        decoder: ArticleDecoder,
        output: OrderedOutput,
        submit: (Int, Input) -> Void
    ) async {
        let name = path ?? "<stdin>"
        // Two bytes over the limit: a trailing CR, and one byte to tell "at the limit" from "over it".
        let lineLimit = decoder.maxBytes + 2
        var reader: InputReader
        if let path {
            guard let opened = InputReader(path: path, pool: reads, lineLimit: lineLimit) else {
                output.complete(await output.admit(), .unreadable("\(name): cannot read the file"), bytes: 0)
                return
            }
            reader = opened
        } else {
            reader = InputReader(standardInputOn: reads, lineLimit: lineLimit)
        }
        do throws(InputReader.ReadError) {
            let first = try await reader.firstNonBlankByte()
            guard Self.isJSONLines(name: name, firstNonBlank: first) else {
                let bytes = try await reader.readToEnd()
                // A file's article is named after the file; stdin's after its content (sha256:...).
                let key = path.map { Array(URL(fileURLWithPath: $0).lastPathComponent.utf8) }
                submit(await output.admit(), .document(name: name, key: key, bytes: bytes))
                return
            }
            var lineNumber = 0
            var blankBytes = 0
            while let line = try await reader.nextLine() {
                lineNumber += 1
                let firstByte = line.bytes.first { $0 != 0x20 && $0 != 0x09 }
                guard let firstByte else {
                    blankBytes += line.consumed
                    continue
                }
                let consumed = line.consumed + blankBytes
                blankBytes = 0
                if firstByte != UInt8(ascii: "{") {
                    // In JSONL every line is an article object; a stray text line is an error, not an article.
                    let message = "\(name):\(lineNumber): malformed-json: a JSONL line must be a JSON object"
                    output.complete(await output.admit(), .rejected(message), bytes: consumed)
                } else if line.isTruncated {
                    let message = "\(name):\(lineNumber): \(decoder.oversize(byteCount: line.length))"
                    output.complete(await output.admit(), .rejected(message), bytes: consumed)
                } else {
                    submit(
                        await output.admit(),
                        .line(name: name, number: lineNumber, bytes: line.bytes, consumed: consumed)
                    )
                }
            }
        } catch {
            output.complete(await output.admit(), .unreadable("\(name): cannot read the file"), bytes: 0)
        }
    }

    /// Decode and extract one input (on a pool thread).
    private static func extract(
        _ input: Input,
        pipeline: ExtractionPipeline,
        decoder: ArticleDecoder
    ) -> (ExtractOutcome, bytes: Int) {
        switch input {
        case .line(let name, let number, let bytes, let consumed):
            switch decoder.decode(value: bytes, key: nil) {
            case .success(let article):
                return (.record(Self.record(pipeline, article)), consumed)
            case .failure(let rejection):
                return (.rejected("\(name):\(number): \(rejection)"), consumed)
            }
        case .document(let name, let key, let bytes):
            switch decoder.decode(value: bytes, key: key) {
            case .success(let article):
                return (.record(Self.record(pipeline, article)), bytes.count)
            case .failure(let rejection):
                return (.rejected("\(name): \(rejection)"), bytes.count)
            }
        }
    }

    private static func record(_ pipeline: ExtractionPipeline, _ article: Article) -> [UInt8] {
        // `recordJSON` only throws for the worker's dead-letter path; extract the value directly here.
        pipeline.extract(article).jsonBytes(provenance: nil)
    }

    /// The files' total size when every one is a regular file (the progress bar's 100 %), else `nil`.
    private static func totalSize(_ files: [String]) -> Int? {
        var total = 0
        for file in files {
            guard let attributes = try? FileManager.default.attributesOfItem(atPath: file),
                attributes[.type] as? FileAttributeType == .typeRegular,
                let size = attributes[.size] as? NSNumber
            else { return nil }
            total += size.intValue
        }
        return total
    }

    /// JSONL by extension, or by a first non-blank `{`.
    static func isJSONLines(name: String, firstNonBlank: UInt8?) -> Bool {
        name.hasSuffix(".jsonl") || name.hasSuffix(".ndjson") || firstNonBlank == UInt8(ascii: "{")
    }
}
