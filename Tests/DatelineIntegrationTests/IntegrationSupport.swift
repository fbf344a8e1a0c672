import DatelineKafka
import Foundation
import Testing

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif
#if canImport(Glibc)
    import Glibc
#endif

/// Minimal HTTP client for the worker's metrics and health endpoints.
enum HTTP {
    static func get(host: String = "127.0.0.1", port: Int, path: String) async -> (status: Int, body: String)? {
        guard let url = URL(string: "http://\(host):\(port)\(path)"),
            let (data, response) = try? await URLSession.shared.data(from: url)
        else { return nil }
        return ((response as? HTTPURLResponse)?.statusCode ?? 0, String(decoding: data, as: UTF8.self))
    }

    /// Polls until `condition` holds (up to `timeout`).
    static func eventually(
        host: String = "127.0.0.1",
        port: Int,
        path: String,
        timeout: Duration = .seconds(20),
        _ condition: ((status: Int, body: String)) -> Bool
    ) async -> Bool {
        let clock = ContinuousClock()
        let deadline = clock.now + timeout
        while clock.now < deadline {
            if let response = await Self.get(host: host, port: port, path: path), condition(response) { return true }
            try? await Task.sleep(for: .milliseconds(300))
        }
        return false
    }
}

/// What the integration suite needs from its environment, and the gate that keeps it from skipping silently.
///
/// - `DATELINE_INTEGRATION` unset: the suite is disabled with a visible reason (a bare `swift test` works anywhere).
/// - `DATELINE_INTEGRATION=1` (as `make test` sets it): `DATELINE_TANSU` (the broker binary) and `DATELINE_BINARY`
///   (the built `dateline`) must exist, or every test fails with a message saying what is missing.
enum IntegrationEnvironment {
    static let environment = ProcessInfo.processInfo.environment

    static var isEnabled: Bool {
        guard let value = environment["DATELINE_INTEGRATION"] else { return false }
        return !value.isEmpty && value != "0"
    }

    static let disabledReason: Comment =
        "integration tests need a real broker: set DATELINE_INTEGRATION=1, DATELINE_TANSU and DATELINE_BINARY (make test does)"

    struct Missing: Error, CustomStringConvertible {
        var description: String
    }

    /// The Tansu binary and the `dateline` binary, or a loud failure.
    static func require() throws -> (tansu: String, dateline: String) {
        guard let tansu = environment["DATELINE_TANSU"], !tansu.isEmpty else {
            throw Missing(
                description:
                    "DATELINE_INTEGRATION=1 but DATELINE_TANSU is not set; point it at the tansu binary (.venv/bin/tansu after `bash scripts/setup.sh`)"
            )
        }
        guard FileManager.default.isExecutableFile(atPath: tansu) else {
            throw Missing(description: "DATELINE_TANSU=\(tansu) is not an executable file; run `bash scripts/setup.sh`")
        }
        guard let dateline = environment["DATELINE_BINARY"], !dateline.isEmpty else {
            throw Missing(
                description:
                    "DATELINE_INTEGRATION=1 but DATELINE_BINARY is not set; point it at the built dateline executable"
            )
        }
        guard FileManager.default.isExecutableFile(atPath: dateline) else {
            throw Missing(description: "DATELINE_BINARY=\(dateline) is not an executable file; run `swift build` first")
        }
        return (tansu, dateline)
    }

    /// A directory for this test run's logs.
    static let logDirectory: URL = {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("dateline-it-\(getpid())")
        try? FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }()

    /// A port nobody listens on right now (bind to port 0 and read what the kernel chose).
    static func freePort() -> Int {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = 0
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, length) }
        }
        _ = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) }
        }
        return Int(UInt16(bigEndian: address.sin_port))
    }

    /// A name unique to this run, for topics and groups.
    static func unique(_ prefix: String) -> String {
        "\(prefix)-\(UInt32.random(in: 0..<UInt32.max))"
    }
}

/// A child process (broker or worker) with its output in a log file; `deinit` kills it if still running.
final class ChildProcess: @unchecked Sendable {
    // @unchecked: `Process` is used from one test at a time.
    let name: String
    let process = Process()
    let logURL: URL

    init(name: String, executable: String, arguments: [String], environment: [String: String]) throws {
        self.name = name
        self.logURL = IntegrationEnvironment.logDirectory.appendingPathComponent(
            "\(name)-\(UInt32.random(in: 0..<UInt32.max)).log"
        )
        _ = FileManager.default.createFile(atPath: self.logURL.path, contents: nil)
        let log = try FileHandle(forWritingTo: self.logURL)
        self.process.executableURL = URL(fileURLWithPath: executable)
        self.process.arguments = arguments
        self.process.environment = environment
        self.process.standardOutput = log
        self.process.standardError = log
        self.process.standardInput = FileHandle.nullDevice
        try self.process.run()
    }

    deinit {
        if self.process.isRunning {
            kill(self.process.processIdentifier, SIGCONT)
            kill(self.process.processIdentifier, SIGKILL)
            self.process.waitUntilExit()
        }
    }

    var pid: Int32 { self.process.processIdentifier }
    var isRunning: Bool { self.process.isRunning }

    func signal(_ signal: Int32) {
        if self.process.isRunning {
            kill(self.process.processIdentifier, signal)
        }
    }

    /// Waits for the process to exit; returns its exit status, or `nil` on timeout.
    func waitForExit(timeout: Duration) async throws -> (status: Int32, signalled: Bool)? {
        let clock = ContinuousClock()
        let deadline = clock.now + timeout
        while self.process.isRunning {
            if clock.now >= deadline { return nil }
            try await Task.sleep(for: .milliseconds(50))
        }
        return (self.process.terminationStatus, self.process.terminationReason == .uncaughtSignal)
    }

    /// SIGTERM (after SIGCONT, in case it is stopped), then SIGKILL if it lingers.
    func stop(grace: Duration = .seconds(8)) async {
        guard self.process.isRunning else { return }
        kill(self.process.processIdentifier, SIGCONT)
        kill(self.process.processIdentifier, SIGTERM)
        if (try? await self.waitForExit(timeout: grace)) == nil || self.process.isRunning {
            kill(self.process.processIdentifier, SIGKILL)
            self.process.waitUntilExit()
        }
    }

    /// The last lines of the log, for failure messages.
    func tail(_ lines: Int = 40) -> String {
        let text = (try? String(contentsOf: self.logURL, encoding: .utf8)) ?? ""
        return text.split(separator: "\n", omittingEmptySubsequences: false).suffix(lines).joined(separator: "\n")
    }

    var log: String { (try? String(contentsOf: self.logURL, encoding: .utf8)) ?? "" }
}

/// One Tansu broker with in-memory storage on a free port.
final class TansuBroker: Sendable {
    let child: ChildProcess
    let binary: String
    let host: String
    let port: Int
    var bootstrap: String { "\(self.host):\(self.port)" }

    /// Starts Tansu and waits until it answers metadata requests. `launcher` runs it elsewhere (the `ip netns exec`
    /// prefix of a ``NetworkTestBed`` host, with that host's `address`).
    init(binary: String, address: String = "127.0.0.1", launcher: [String] = []) async throws {
        self.binary = binary
        self.host = address
        self.port = launcher.isEmpty ? IntegrationEnvironment.freePort() : 9092
        let arguments = [
            "broker", "--listener-url", "tcp://\(address):\(self.port)",
            "--advertised-listener-url", "tcp://\(address):\(self.port)",
        ]
        self.child = try ChildProcess(
            name: "tansu",
            executable: launcher.isEmpty ? binary : "/usr/sbin/ip",
            arguments: launcher.isEmpty ? arguments : launcher + [binary] + arguments,
            environment: ProcessInfo.processInfo.environment.filter { !$0.key.hasPrefix("DATELINE_") }
        )
        let clock = ContinuousClock()
        let deadline = clock.now + .seconds(30)
        while clock.now < deadline {
            guard self.child.isRunning else { break }
            if let admin = try? KafkaAdmin(brokers: self.bootstrap, requestTimeout: .seconds(2)),
                (try? await self.probe(admin)) == true
            {
                return
            }
            try await Task.sleep(for: .milliseconds(200))
        }
        throw IntegrationEnvironment.Missing(
            description: "Tansu did not start on port \(self.port):\n\(self.child.tail())"
        )
    }

    /// True when the broker answers a metadata request (an unknown topic is still an answer).
    private func probe(_ admin: KafkaAdmin) async throws -> Bool {
        do {
            _ = try await admin.partitions(of: "__dateline_probe__")
            return true
        } catch let error where error.code == .unknownTopic {
            return true
        }
    }

    /// Creates a topic with the Tansu CLI.
    func createTopic(_ name: String, partitions: Int) async throws {
        let child = try ChildProcess(
            name: "tansu-topic",
            executable: self.binary,
            arguments: [
                "topic", "create", name, "--partitions", String(partitions), "--broker", "tcp://\(self.bootstrap)",
            ],
            environment: ProcessInfo.processInfo.environment.filter { !$0.key.hasPrefix("DATELINE_") }
        )
        guard let result = try await child.waitForExit(timeout: .seconds(30)), result.status == 0 else {
            throw IntegrationEnvironment.Missing(description: "tansu topic create \(name) failed:\n\(child.tail())")
        }
        // Wait until the metadata shows every partition.
        let admin = try KafkaAdmin(brokers: self.bootstrap)
        for _ in 0..<50 {
            if let found = try? await admin.partitions(of: name), found.count == partitions { return }
            try await Task.sleep(for: .milliseconds(100))
        }
        throw IntegrationEnvironment.Missing(description: "topic \(name) never showed \(partitions) partitions")
    }

    func pause() { self.child.signal(SIGSTOP) }
    func resume() { self.child.signal(SIGCONT) }
    func stop() async { await self.child.stop(grace: .seconds(8)) }
}
