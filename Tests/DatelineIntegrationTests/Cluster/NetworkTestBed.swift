import Foundation
import Synchronization

#if canImport(Glibc)
    import Glibc
#endif

/// Several hosts on one machine: a network namespace per host, each with a veth pair into a bridge that lives in a
/// namespace of its own, plus one veth from the test process's namespace into the same bridge so the test can
/// produce and read.
///
/// Addresses are private (`10.77.N.0/24`, N from the test process id) and no namespace has a default route, so
/// nothing leaves the bridge. A host's link is cut by setting its bridge port down (the host sees its own
/// interface stay up, as when a switch port or cable fails). Every namespace is named after the test process;
/// ``init(hosts:)`` first removes those left behind by test processes that no longer exist, so a crashed run
/// cleans up after itself on the next one.
final class NetworkTestBed: @unchecked Sendable {
    // @unchecked: created and torn down by one test; the methods only run `ip`.
    struct Host: Sendable {
        var name: String
        var namespace: String
        var address: String
        /// The host's port on the bridge (in the switch namespace).
        var bridgePort: String
    }

    struct CommandFailed: Error, CustomStringConvertible {
        var description: String
    }

    static let namePrefix = "dateline-it-"
    /// Test beds of one test process (suites can run side by side) get distinct names and subnets.
    private static let created = Atomic<Int>(0)

    let hosts: [String: Host]
    let switchNamespace: String
    /// The test process's own address on the bridge.
    let testAddress: String
    private let testInterface: String
    private var tornDown = false

    /// Creates the bridge and one namespace per name in `hosts` (for example `["broker", "w1", "w2"]`).
    init(hosts names: [String]) throws {
        try Self.removeStale()
        let pid = Int(getpid())
        let instance = Self.created.wrappingAdd(1, ordering: .relaxed).oldValue
        let subnet = "10.77.\((pid + instance) % 250)"
        let prefix = "\(Self.namePrefix)\(pid)-\(instance)-"
        self.switchNamespace = prefix + "switch"
        self.testInterface = "dlh\(pid % 100_000)-\(instance % 100)"
        self.testAddress = "\(subnet).254"
        var hosts: [String: Host] = [:]
        for (index, name) in names.enumerated() {
            hosts[name] = Host(
                name: name,
                namespace: prefix + name,
                address: "\(subnet).\(index + 1)",
                bridgePort: "port\(index + 1)"
            )
        }
        self.hosts = hosts
        do {
            try Self.ip(["netns", "add", self.switchNamespace])
            try Self.ip(["-n", self.switchNamespace, "link", "add", "br0", "type", "bridge"])
            try Self.ip(["-n", self.switchNamespace, "link", "set", "br0", "up"])
            // The test process's leg: its end stays here, the peer joins the bridge.
            try Self.ip(["link", "add", self.testInterface, "type", "veth", "peer", "name", "uplink"])
            try Self.ip(["link", "set", "uplink", "netns", self.switchNamespace])
            try Self.attach("uplink", in: self.switchNamespace)
            try Self.ip(["addr", "add", "\(self.testAddress)/24", "dev", self.testInterface])
            try Self.ip(["link", "set", self.testInterface, "up"])
            for host in hosts.values.sorted(by: { $0.address < $1.address }) {
                try Self.ip(["netns", "add", host.namespace])
                try Self.ip(["-n", host.namespace, "link", "set", "lo", "up"])
                try Self.ip([
                    "-n", host.namespace, "link", "add", "eth0", "type", "veth", "peer", "name", host.bridgePort,
                ])
                try Self.ip(["-n", host.namespace, "link", "set", host.bridgePort, "netns", self.switchNamespace])
                try Self.attach(host.bridgePort, in: self.switchNamespace)
                try Self.ip(["-n", host.namespace, "addr", "add", "\(host.address)/24", "dev", "eth0"])
                try Self.ip(["-n", host.namespace, "link", "set", "eth0", "up"])
            }
        } catch {
            self.tearDown()
            throw error
        }
    }

    deinit { self.tearDown() }

    func host(_ name: String) -> Host {
        guard let host = self.hosts[name] else { preconditionFailure("no host \(name) in the test bed") }
        return host
    }

    /// The command prefix that runs a program on `host`.
    func launcher(on host: String) -> [String] {
        ["netns", "exec", self.host(host).namespace]
    }

    /// Cuts `host` off the network: its bridge port goes down, in both directions.
    func cut(_ host: String) throws {
        try Self.ip(["-n", self.switchNamespace, "link", "set", self.host(host).bridgePort, "down"])
    }

    /// Restores `host`'s link.
    func heal(_ host: String) throws {
        try Self.ip(["-n", self.switchNamespace, "link", "set", self.host(host).bridgePort, "up"])
    }

    /// An HTTP GET from inside `host` to its own loopback (reachable while its link is cut): status and body, or
    /// nil when nothing answered.
    func httpGet(on host: String, port: Int, path: String) -> (status: Int, body: String)? {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/sbin/ip")
        process.arguments =
            self.launcher(on: host) + [
                "curl", "--silent", "--max-time", "3", "--write-out", "\n%{http_code}",
                "http://127.0.0.1:\(port)\(path)",
            ]
        let output = Pipe()
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        guard (try? process.run()) != nil else { return nil }
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        let text = String(decoding: data, as: UTF8.self)
        guard let split = text.lastIndex(of: "\n"), let status = Int(text[text.index(after: split)...]), status > 0
        else { return nil }
        return (status, String(text[..<split]))
    }

    /// Removes every namespace (their interfaces, and the veth peers, go with them). Processes still running inside
    /// keep a namespace alive until they exit, so stop them first.
    func tearDown() {
        guard !self.tornDown else { return }
        self.tornDown = true
        for host in self.hosts.values {
            _ = try? Self.ip(["netns", "delete", host.namespace])
        }
        _ = try? Self.ip(["netns", "delete", self.switchNamespace])
        _ = try? Self.ip(["link", "delete", self.testInterface])
    }

    /// Deletes the namespaces of test processes that are gone, killing what they left running inside (a test
    /// process that crashed could not stop its broker and workers).
    static func removeStale() throws {
        let listing = try Self.ip(["netns", "list"])
        for line in listing.split(separator: "\n") {
            let name = String(line.split(separator: " ").first ?? "")
            guard name.hasPrefix(Self.namePrefix) else { continue }
            let owner = name.dropFirst(Self.namePrefix.count).prefix { $0.isNumber }
            guard let pid = Int32(owner), kill(pid, 0) != 0, errno == ESRCH else { continue }
            let orphans = (try? Self.ip(["netns", "pids", name])) ?? ""
            for orphan in orphans.split(separator: "\n").compactMap({ Int32($0) }) {
                kill(orphan, SIGKILL)
            }
            _ = try? Self.ip(["netns", "delete", name])
        }
    }

    private static func attach(_ port: String, in namespace: String) throws {
        try Self.ip(["-n", namespace, "link", "set", port, "master", "br0"])
        try Self.ip(["-n", namespace, "link", "set", port, "up"])
    }

    /// Runs `ip` with `arguments`; returns its output, throws with its error output when it fails.
    @discardableResult
    static func ip(_ arguments: [String]) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/sbin/ip")
        process.arguments = arguments
        let output = Pipe()
        let errors = Pipe()
        process.standardOutput = output
        process.standardError = errors
        do {
            try process.run()
        } catch {
            throw CommandFailed(
                description: "cannot run /usr/sbin/ip (the cluster tests need iproute2 and root): \(error)"
            )
        }
        let out = output.fileHandleForReading.readDataToEndOfFile()
        let err = errors.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw CommandFailed(
                description: "ip \(arguments.joined(separator: " ")) failed: \(String(decoding: err, as: UTF8.self))"
            )
        }
        return String(decoding: out, as: UTF8.self)
    }
}
