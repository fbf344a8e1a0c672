import ArgumentParser
import DatelineKafka
import Foundation
import Testing

@testable import dateline

/// Every Kafka command resolves its connection through the one settings model `run` uses: `--config`, the
/// `DATELINE_*` variables (TLS, SASL, `*_FILE` secrets) and the `kafka:` pass-through, with flags on top.
@Suite struct CommandSettingsTests {
    /// A config file and a password file, removed by ``remove()``.
    struct Files {
        let config: URL
        let password: URL

        init(yaml: String) throws {
            let directory = FileManager.default.temporaryDirectory
            self.password = directory.appendingPathComponent("password-\(UUID().uuidString)")
            try "from-file\n".write(to: self.password, atomically: true, encoding: .utf8)
            self.config = directory.appendingPathComponent("dateline-\(UUID().uuidString).yaml")
            try yaml.replacingOccurrences(of: "PASSWORD_FILE", with: self.password.path)
                .write(to: self.config, atomically: true, encoding: .utf8)
        }

        func remove() {
            try? FileManager.default.removeItem(at: self.config)
            try? FileManager.default.removeItem(at: self.password)
        }
    }

    static let secured = """
        brokers: file-broker:9093
        security_protocol: sasl_ssl
        sasl_mechanism: SCRAM-SHA-512
        sasl_username: dateline
        sasl_password_file: PASSWORD_FILE
        ssl_ca_location: /etc/ca.pem
        group_instance_id: dateline-0
        kafka:
          session.timeout.ms: 6000
          compression.type: zstd
        """

    /// The settings each command parsed from `arguments` resolve to, with `environment` injected.
    static func settings(of command: String, _ arguments: [String]) throws -> SettingsOptions {
        switch command {
        case "status": try StatusCommand.parse(arguments).settings
        case "replay": try ReplayCommand.parse(arguments + ["--to-earliest"]).settings
        case "consume": try ConsumeCommand.parse(arguments).settings
        case "produce": try ProduceCommand.parse(arguments).settings
        case "redrive": try RedriveCommand.parse(arguments).settings
        default: throw ValidationError("unknown command \(command)")
        }
    }

    @Test(arguments: ["status", "replay", "consume", "produce", "redrive"])
    func everyKafkaCommandConnectsWithTheFileAndEnvironment(command: String) throws {
        let files = try Files(yaml: Self.secured)
        defer { files.remove() }
        let options = try Self.settings(of: command, ["--config", files.config.path])
        let resolved = try options.resolve(environment: ["DATELINE_KAFKA_SOCKET_TIMEOUT_MS": "5000"])
        for kind in [ResolvedSettings.ClientKind.producer, .consumer] {
            let properties = try resolved.clientProperties(for: kind)
            #expect(properties["bootstrap.servers"] == "file-broker:9093")
            #expect(properties["security.protocol"] == "sasl_ssl")
            #expect(properties["sasl.mechanism"] == "SCRAM-SHA-512")
            #expect(properties["sasl.username"] == "dateline")
            #expect(properties["sasl.password"] == "from-file")
            #expect(properties["ssl.ca.location"] == "/etc/ca.pem")
            #expect(properties["socket.timeout.ms"] == "5000")
            #expect(properties["compression.type"] == "zstd")
            // A tool must never take over a worker's static membership.
            #expect(properties["group.instance.id"] == nil)
        }
        #expect(try resolved.clientProperties(for: .consumer)["session.timeout.ms"] == "6000")
        #expect(try resolved.clientProperties(for: .producer)["session.timeout.ms"] == nil)
    }

    @Test(arguments: ["status", "replay", "consume", "produce", "redrive"])
    func flagBeatsEnvironmentBeatsFile(command: String) throws {
        let files = try Files(yaml: Self.secured)
        defer { files.remove() }
        let environment = [
            "DATELINE_BROKERS": "env-broker:9093",
            "DATELINE_SASL_USERNAME": "env-user",
            "DATELINE_SASL_PASSWORD": "ignored-because-the-file-wins",
        ]
        let fromEnvironment = try Self.settings(of: command, ["--config", files.config.path])
            .resolve(environment: environment)
        #expect(fromEnvironment.brokers == "env-broker:9093")
        #expect(fromEnvironment.values["brokers"]?.source == .environment)
        #expect(try fromEnvironment.clientProperties(for: .producer)["sasl.username"] == "env-user")
        #expect(try fromEnvironment.clientProperties(for: .producer)["sasl.password"] == "from-file")

        let fromFlag = try Self.settings(of: command, ["--config", files.config.path, "--brokers", "flag-broker:1"])
            .resolve(environment: environment)
        #expect(fromFlag.brokers == "flag-broker:1")
        #expect(fromFlag.values["brokers"]?.source == .flag)
    }

    @Test func configFileComesFromTheEnvironmentToo() throws {
        let files = try Files(yaml: Self.secured)
        defer { files.remove() }
        let resolved = try Self.settings(of: "status", [])
            .resolve(environment: ["DATELINE_CONFIG": files.config.path])
        #expect(resolved.configPath == files.config.path)
        #expect(try resolved.clientProperties(for: .producer)["security.protocol"] == "sasl_ssl")
    }

    @Test func inconsistentSecurityFailsBeforeConnecting() throws {
        let options = try Self.settings(of: "redrive", [])
        let resolved = try options.resolve(environment: ["DATELINE_SECURITY_PROTOCOL": "sasl_plaintext"])
        #expect {
            try resolved.clientProperties(for: .consumer)
        } throws: { error in
            (error as? SettingsError)?.code == .inconsistent
        }
    }
}
