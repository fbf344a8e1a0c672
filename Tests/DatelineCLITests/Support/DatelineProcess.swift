import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The built `dateline` executable, run as a child process the way a shell pipeline runs it.
enum DatelineProcess {
    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    /// `DATELINE_BINARY` when set (as `make test` sets it), else the `dateline` beside the test bundle, else the
    /// debug build of this checkout.
    static func binary() throws -> URL {
        var candidates: [URL] = []
        if let path = ProcessInfo.processInfo.environment["DATELINE_BINARY"], !path.isEmpty {
            candidates.append(URL(fileURLWithPath: path))
        }
        let testBinary = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath()
        candidates.append(testBinary.deletingLastPathComponent().appendingPathComponent("dateline"))
        candidates.append(
            testBinary.deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("dateline")
        )
        candidates.append(Self.repositoryRoot.appendingPathComponent(".build/debug/dateline"))
        for candidate in candidates where FileManager.default.isExecutableFile(atPath: candidate.path) {
            return candidate
        }
        throw Failure(
            description: "the dateline binary was not found (looked in \(candidates.map(\.path))); "
                + "run `swift build` or set DATELINE_BINARY"
        )
    }

    /// A child that exits early must fail the test through a write error, not kill the test process with SIGPIPE.
    static let ignoringBrokenPipes: Void = {
        signal(SIGPIPE, SIG_IGN)
    }()

    /// Starts `process` with broken pipes reported as errors.
    static func start(_ process: Process) throws {
        Self.ignoringBrokenPipes
        try process.run()
    }

    static var repositoryRoot: URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent()
    }

    /// Runs `dateline ARGS` with `input` on stdin to completion.
    ///
    /// - Returns: The exit status, stdout and stderr.
    static func run(_ arguments: [String], input: [UInt8] = []) async throws -> (
        status: Int32, stdout: [UInt8], stderr: [UInt8]
    ) {
        let process = Process()
        process.executableURL = try Self.binary()
        process.arguments = arguments
        let stdin = Pipe()
        let stdout = Pipe()
        let stderr = Pipe()
        process.standardInput = stdin
        process.standardOutput = stdout
        process.standardError = stderr
        try Self.start(process)
        // Drain both outputs while writing, so a full pipe never deadlocks the child.
        async let out = Self.readToEnd(stdout.fileHandleForReading)
        async let err = Self.readToEnd(stderr.fileHandleForReading)
        try stdin.fileHandleForWriting.write(contentsOf: Data(input))
        try stdin.fileHandleForWriting.close()
        let (outBytes, errBytes) = await (out, err)
        process.waitUntilExit()
        return (process.terminationStatus, outBytes, errBytes)
    }

    /// Everything until EOF, read on a Dispatch thread (the read blocks).
    static func readToEnd(_ handle: FileHandle) async -> [UInt8] {
        await withCheckedContinuation { continuation in
            DispatchQueue.global().async {
                continuation.resume(returning: [UInt8](handle.readDataToEndOfFile()))
            }
        }
    }

    /// Reads from `handle` until `buffer` holds a newline; after `timeout` ends `process` and fails.
    ///
    /// The read blocks on a Dispatch thread; terminating the child closes its stdout, which ends that read,
    /// so a child that never answers fails the test instead of hanging it.
    /// - Returns: The first line (without its newline); the bytes after it stay in `buffer`.
    static func readLine(
        from handle: FileHandle,
        buffer: inout [UInt8],
        of process: Process,
        timeout: Duration = .seconds(60)
    ) async throws -> [UInt8] {
        let pending = buffer
        let (line, rest) = try await withThrowingTaskGroup(of: ([UInt8], [UInt8])?.self) { group in
            group.addTask {
                var bytes = pending
                while bytes.firstIndex(of: UInt8(ascii: "\n")) == nil {
                    let chunk: [UInt8] = await withCheckedContinuation { continuation in
                        DispatchQueue.global().async { continuation.resume(returning: [UInt8](handle.availableData)) }
                    }
                    if chunk.isEmpty { throw Failure(description: "stdout closed before a complete line") }
                    bytes.append(contentsOf: chunk)
                }
                let newline = bytes.firstIndex(of: UInt8(ascii: "\n"))!
                return (Array(bytes[..<newline]), Array(bytes[(newline + 1)...]))
            }
            group.addTask {
                try? await Task.sleep(for: timeout)
                return nil
            }
            let first = try await group.next()!
            guard let first else {
                process.terminate()
                throw Failure(description: "no complete line on stdout within \(timeout) while stdin stayed open")
            }
            group.cancelAll()
            return first
        }
        buffer = rest
        return line
    }
}
