import NIOPosix

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Reads one input (a file or stdin) in chunks as they arrive, for `dateline extract`.
///
/// `read(2)` blocks until a pipe has data, so every read runs on ``pool`` (one I/O thread), never on the
/// cooperative pool; extraction and output carry on meanwhile. Only what the caller has not consumed is
/// buffered, so memory does not grow with the input.
struct InputReader: ~Copyable {
    /// One line of a JSONL input.
    struct Line: Sendable {
        /// The line without `\n` and a trailing `\r`; only its first ``InputReader/lineLimit`` bytes when
        /// ``isTruncated``.
        var bytes: [UInt8]
        /// The line's full length without `\n` and a trailing `\r`.
        var length: Int
        /// Bytes consumed from the input, the newline included.
        var consumed: Int
        /// The line is longer than the limit and only its start was kept.
        var isTruncated: Bool
    }

    /// An input that failed mid-way (the file vanished, a directory, an I/O error).
    struct ReadError: Error {
        var errno: Int32
    }

    static let chunkSize = 64 * 1024

    private let descriptor: Int32
    private let ownsDescriptor: Bool
    private let pool: NIOThreadPool
    /// Lines longer than this keep only their first `lineLimit` bytes (and their length).
    let lineLimit: Int
    private var buffer: [UInt8] = []
    private var position = 0
    private var atEnd = false

    /// Reads stdin.
    ///
    /// - Parameters:
    ///   - pool: The thread that performs the blocking reads.
    ///   - lineLimit: See ``lineLimit``.
    init(standardInputOn pool: NIOThreadPool, lineLimit: Int) {
        self.descriptor = STDIN_FILENO
        self.ownsDescriptor = false
        self.pool = pool
        self.lineLimit = lineLimit
    }

    /// Opens a file; `nil` when it cannot be opened.
    ///
    /// - Parameters:
    ///   - path: The file.
    ///   - pool: The thread that performs the blocking reads.
    ///   - lineLimit: See ``lineLimit``.
    init?(path: String, pool: NIOThreadPool, lineLimit: Int) {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { return nil }
        self.descriptor = descriptor
        self.ownsDescriptor = true
        self.pool = pool
        self.lineLimit = lineLimit
    }

    deinit {
        if self.ownsDescriptor { close(self.descriptor) }
    }

    // MARK: - Reading

    /// The first byte that is not a blank (space, tab, CR, LF), without consuming anything; `nil` if none.
    mutating func firstNonBlankByte() async throws(ReadError) -> UInt8? {
        var index = self.position
        while true {
            while index < self.buffer.count {
                let byte = self.buffer[index]
                if byte != 0x20 && byte != 0x09 && byte != 0x0A && byte != 0x0D { return byte }
                index += 1
            }
            if self.atEnd { return nil }
            try await self.fill(appending: true)
        }
    }

    /// Everything not yet consumed, up to the end of the input (a plain-text article).
    mutating func readToEnd() async throws(ReadError) -> [UInt8] {
        while !self.atEnd { try await self.fill(appending: true) }
        let rest = Array(self.buffer[self.position...])
        self.buffer = []
        self.position = 0
        return rest
    }

    /// The next line, as soon as its newline (or the end of the input) has arrived; `nil` at the end.
    mutating func nextLine() async throws(ReadError) -> Line? {
        var line: [UInt8] = []
        var rawLength = 0
        var lastByte: UInt8?
        var sawBytes = false
        while true {
            if self.position == self.buffer.count {
                if self.atEnd { break }
                try await self.fill(appending: false)
                continue
            }
            sawBytes = true
            let newline = self.buffer[self.position...].firstIndex(of: UInt8(ascii: "\n"))
            let end = newline ?? self.buffer.count
            let piece = self.buffer[self.position..<end]
            rawLength += piece.count
            if let last = piece.last { lastByte = last }
            let room = self.lineLimit - line.count
            if room > 0 { line.append(contentsOf: piece.prefix(room)) }
            if let newline {
                self.position = newline + 1
                return Self.finish(
                    line,
                    rawLength: rawLength,
                    lastByte: lastByte,
                    consumed: rawLength + 1,
                    limit: self.lineLimit
                )
            }
            self.position = end
        }
        guard sawBytes, rawLength > 0 else { return nil }
        return Self.finish(line, rawLength: rawLength, lastByte: lastByte, consumed: rawLength, limit: self.lineLimit)
    }

    private static func finish(_ line: [UInt8], rawLength: Int, lastByte: UInt8?, consumed: Int, limit: Int) -> Line {
        var bytes = line
        var length = rawLength
        let isTruncated = rawLength > limit
        if lastByte == UInt8(ascii: "\r") {
            length -= 1
            if !isTruncated { bytes.removeLast() }
        }
        return Line(bytes: bytes, length: length, consumed: consumed, isTruncated: isTruncated)
    }

    /// Reads one chunk on the I/O thread; appends it to the unconsumed bytes or replaces a consumed buffer.
    private mutating func fill(appending: Bool) async throws(ReadError) {
        let descriptor = self.descriptor
        let result: Result<[UInt8], ReadError>
        do {
            result = try await self.pool.runIfActive { Self.readChunk(descriptor) }
        } catch {
            result = .failure(ReadError(errno: EIO))
        }
        let chunk = try result.get()
        if chunk.isEmpty {
            self.atEnd = true
        } else if appending {
            self.buffer.append(contentsOf: chunk)
        } else {
            self.buffer = chunk
            self.position = 0
        }
    }

    /// One `read(2)`, retried on `EINTR`; empty at the end of the input.
    private static func readChunk(_ descriptor: Int32) -> Result<[UInt8], ReadError> {
        var chunk = [UInt8](repeating: 0, count: Self.chunkSize)
        while true {
            let count = chunk.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, $0.count) }
            if count >= 0 {
                chunk.removeSubrange(count...)
                return .success(chunk)
            }
            if errno != EINTR { return .failure(ReadError(errno: errno)) }
        }
    }
}
