import DatelineExtraction
import Hummingbird
import NIOCore
import NIOPosix

/// The work behind `POST /v1/extract` and `POST /v1/extract/batch`: read the body, decode it as the worker
/// decodes a message value, extract on the thread pool, answer with the record `dateline extract` writes.
///
/// Decoding and extraction are CPU-bound, so they run on ``pool`` (a fixed number of threads, one per core by
/// default), never on the NIO event loops that keep accepting and reading other requests.
struct ExtractionHandler: Sendable {
    let pipeline: ExtractionPipeline
    let decoder: ArticleDecoder
    let pool: NIOThreadPool
    let maxBodyBytes: Int
    /// Items of one batch in flight on the pool at once.
    let batchConcurrency: Int

    /// - Parameters:
    ///   - pipeline: The loaded pipeline, shared by all requests.
    ///   - pool: The started thread pool that runs extraction.
    ///   - configuration: Body limit (also the decoder's input limit) and concurrency.
    init(pipeline: ExtractionPipeline, pool: NIOThreadPool, configuration: ServeConfiguration) {
        self.pipeline = pipeline
        self.decoder = ArticleDecoder(maxBytes: configuration.maxBodyBytes)
        self.pool = pool
        self.maxBodyBytes = configuration.maxBodyBytes
        self.batchConcurrency = max(1, configuration.concurrency)
    }

    // MARK: - Single

    /// One input (a JSON object or plain text) to one `dateline.article/v1` record.
    ///
    /// - Parameter request: The HTTP request.
    /// - Returns: 200 with the record and a newline, byte-identical to the line `dateline extract` writes.
    /// - Throws: ``APIError`` for a body the decoder rejects (4xx) or a pool that has stopped (503).
    func extract(_ request: Request) async throws -> Response {
        let kind = MediaKind(contentType: request.headers[.contentType])
        switch kind {
        case .jsonLines, .unsupported:
            throw Self.unsupported(kind, expected: "application/json or text/plain")
        case .json, .text, .unspecified:
            break
        }
        let body = try await self.collect(request)
        if kind == .json, Self.firstSignificantByte(body) != UInt8(ascii: "{") {
            throw APIError(.malformedJSON, "an application/json body must be one JSON object", status: .badRequest)
        }
        let outcome = try await self.onPool { self.record(for: body[...]) }
        switch outcome {
        case .success(var record):
            record.append(UInt8(ascii: "\n"))
            return Self.response(record, contentType: "application/json")
        case .failure(let rejection):
            throw APIError(rejection)
        }
    }

    // MARK: - Batch

    /// A JSON array (or JSONL) of inputs to a JSON array (or JSONL) of records, one per item, in order.
    ///
    /// An item that cannot be extracted becomes `{"index": N, "error": {"code", "message"}}` in its place, so
    /// one bad article never fails the others; only a body that is not a readable array fails as a whole.
    /// - Parameter request: The HTTP request.
    /// - Returns: 200 with the items' results in input order.
    /// - Throws: ``APIError`` for a body that is too large, empty or not an array.
    func extractBatch(_ request: Request) async throws -> Response {
        var kind = MediaKind(contentType: request.headers[.contentType])
        switch kind {
        case .text, .unsupported:
            throw Self.unsupported(kind, expected: "application/json (an array) or application/x-ndjson")
        case .json, .jsonLines, .unspecified:
            break
        }
        let body = try await self.collect(request)
        if kind == .unspecified {
            kind = Self.firstSignificantByte(body) == UInt8(ascii: "[") ? .json : .jsonLines
        }
        let items = kind == .json ? try BatchBody.jsonArrayItems(body) : BatchBody.jsonLinesItems(body)
        let results = try await self.process(items)
        var out: [UInt8] = []
        out.reserveCapacity(results.reduce(0) { $0 + $1.count } + results.count + 4)
        if kind == .json {
            out.append(UInt8(ascii: "["))
            for (index, result) in results.enumerated() {
                if index > 0 { out.append(UInt8(ascii: ",")) }
                out.append(contentsOf: result)
            }
            out.append(contentsOf: Array("]\n".utf8))
        } else {
            for result in results {
                out.append(contentsOf: result)
                out.append(UInt8(ascii: "\n"))
            }
        }
        return Self.response(out, contentType: kind.responseContentType)
    }

    /// Each item's record or error object, in item order, with at most ``batchConcurrency`` on the pool.
    private func process(_ items: [BatchBody.Item]) async throws -> [[UInt8]] {
        var results = [[UInt8]](repeating: [], count: items.count)
        try await withThrowingTaskGroup(of: (Int, [UInt8]).self) { group in
            var next = 0
            func addNext() {
                let index = next
                let item = items[index]
                next += 1
                group.addTask {
                    let outcome: Result<[UInt8], ArticleRejection>
                    switch item {
                    case .value(let bytes):
                        outcome = try await self.onPool { self.record(for: bytes) }
                    case .notAnObject(let message):
                        outcome = .failure(ArticleRejection(.malformedJSON, message))
                    }
                    switch outcome {
                    case .success(let record):
                        return (index, record)
                    case .failure(let rejection):
                        let error = APIError(rejection)
                        return (index, Array("{\"index\":\(index),\"error\":\(error.errorObjectJSON)}".utf8))
                    }
                }
            }
            while next < min(items.count, self.batchConcurrency) { addNext() }
            while let (index, result) = try await group.next() {
                results[index] = result
                if next < items.count { addNext() }
            }
        }
        return results
    }

    // MARK: - Helpers

    /// Decode and extract: what the worker does with a message value, without provenance.
    private func record(for bytes: ArraySlice<UInt8>) -> Result<[UInt8], ArticleRejection> {
        switch self.decoder.decode(value: Array(bytes), key: nil) {
        case .success(let article):
            do throws(ArticleRejection) {
                return .success(try self.pipeline.recordJSON(for: article, provenance: nil))
            } catch {
                return .failure(error)
            }
        case .failure(let rejection):
            return .failure(rejection)
        }
    }

    /// Runs CPU-bound work on the pool; a stopped pool (shutdown under way) is a 503, not a crash.
    private func onPool<T: Sendable>(_ body: @escaping @Sendable () -> T) async throws -> T {
        do {
            return try await self.pool.runIfActive(body)
        } catch is CancellationError {
            throw CancellationError()
        } catch {
            throw APIError(
                .unavailable,
                "the server is shutting down; retry on another instance",
                status: .serviceUnavailable
            )
        }
    }

    /// The whole body, refused with 413 past the limit (by `Content-Length` before reading, else while reading).
    private func collect(_ request: Request) async throws -> [UInt8] {
        let tooLarge = APIError(
            .oversize,
            "request body is larger than \(self.maxBodyBytes) bytes (the server's --max-body-bytes)",
            status: .contentTooLarge
        )
        if let length = request.headers[.contentLength].flatMap({ Int($0) }), length > self.maxBodyBytes {
            throw tooLarge
        }
        let buffer: ByteBuffer
        do {
            buffer = try await request.body.collect(upTo: self.maxBodyBytes)
        } catch is NIOTooManyBytesError {
            throw tooLarge
        }
        let bytes = Array(buffer.readableBytesView)
        if bytes.isEmpty {
            throw APIError(.empty, "request body is empty", status: .badRequest)
        }
        return bytes
    }

    private static func unsupported(_ kind: MediaKind, expected: String) -> APIError {
        let given = if case .unsupported(let type) = kind { type } else { "\(kind)" }
        return APIError(
            .unsupportedMediaType,
            "Content-Type \(given) is not accepted here; send \(expected)",
            status: .unsupportedMediaType
        )
    }

    private static func response(_ bytes: [UInt8], contentType: String) -> Response {
        Response(
            status: .ok,
            headers: [.contentType: contentType],
            body: .init(byteBuffer: ByteBuffer(bytes: bytes))
        )
    }

    /// The first byte that is neither a blank nor part of a UTF-8 byte-order mark (the decoder skips both).
    private static func firstSignificantByte(_ bytes: [UInt8]) -> UInt8? {
        var index = 0
        while index < bytes.count {
            let byte = bytes[index]
            if byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D {
                index += 1
            } else if byte == 0xEF, index + 2 < bytes.count, bytes[index + 1] == 0xBB, bytes[index + 2] == 0xBF {
                index += 3
            } else {
                return byte
            }
        }
        return nil
    }
}
