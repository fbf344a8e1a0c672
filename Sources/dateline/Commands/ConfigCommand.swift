import ArgumentParser
import DatelineKafka

/// `dateline config print|check`: see and validate the effective settings without connecting.
struct ConfigCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "config",
        abstract: "Show or validate the effective settings.",
        subcommands: [Print.self, Check.self]
    )

    /// Prints every setting with its value and source; secrets are masked.
    struct Print: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Print the effective settings with their source (flag, env, file, default)."
        )

        @OptionGroup var settings: SettingsOptions

        func run() async throws {
            let resolved = try self.settings.resolve()
            print("# config file: \(resolved.configPath ?? "(none)")")
            for key in SettingKey.all {
                let value = resolved.values[key.name]
                let shown: String =
                    switch (value?.text, key.kind.isSecret) {
                    case (nil, _): "(unset)"
                    case (_, true): "****"
                    case (let text?, false): text
                    }
                print("\(key.name) = \(shown)    [\(value?.source.origin(of: key) ?? "default")]")
            }
            for property in resolved.kafkaProperties.keys.sorted() {
                let entry = resolved.kafkaProperties[property]!
                let shown = KafkaProperties.isSecret(property) ? "****" : entry.value
                print("kafka.\(property) = \(shown)    [\(entry.source.rawValue)]")
            }
        }
    }

    /// Validates the settings (including secrets files) and exits non-zero with the reason on failure.
    struct Check: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Validate the settings without connecting.")

        @OptionGroup var settings: SettingsOptions

        func run() async throws {
            let resolved = try self.settings.resolve()
            _ = try resolved.workerConfiguration()
            print("configuration ok (config file: \(resolved.configPath ?? "none"))")
        }
    }
}
