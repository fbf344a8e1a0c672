import Foundation
import Yams

/// The settings read from a YAML config file: top-level keys of ``SettingKey/all`` and a `kafka:` map
/// of raw librdkafka properties.
struct ConfigFile: Sendable {
    var values: [String: String] = [:]
    var kafkaProperties: [String: String] = [:]

    init(values: [String: String] = [:], kafkaProperties: [String: String] = [:]) {
        self.values = values
        self.kafkaProperties = kafkaProperties
    }

    /// Parses YAML text; unknown keys are an error so that typos do not pass silently.
    static func parse(_ text: String, path: String) throws(SettingsError) -> ConfigFile {
        let loaded: Any?
        do {
            loaded = try Yams.load(yaml: text)
        } catch {
            throw SettingsError(code: .unreadableFile, message: "\(path) is not valid YAML: \(error)")
        }
        guard let loaded else { return ConfigFile() }
        guard let mapping = loaded as? [String: Any] else {
            throw SettingsError(code: .unreadableFile, message: "\(path) must be a mapping of setting names to values")
        }
        let known = Set(SettingKey.all.map(\.name))
        var file = ConfigFile()
        for (key, value) in mapping {
            if key == "kafka" {
                guard let properties = value as? [String: Any] else {
                    throw SettingsError(code: .unreadableFile, message: "\(path): 'kafka' must be a mapping")
                }
                for (property, propertyValue) in properties {
                    file.kafkaProperties[property] = Self.text(propertyValue)
                }
                continue
            }
            guard known.contains(key) else {
                throw SettingsError(code: .unknownKey, message: "\(path): unknown setting '\(key)'")
            }
            if let text = Self.text(value) {
                file.values[key] = text
            }
        }
        return file
    }

    /// Reads and parses a file.
    static func load(path: String) throws(SettingsError) -> ConfigFile {
        guard let data = FileManager.default.contents(atPath: path), let text = String(data: data, encoding: .utf8)
        else {
            throw SettingsError(code: .unreadableFile, message: "cannot read config file \(path)")
        }
        return try self.parse(text, path: path)
    }

    private static func text(_ value: Any) -> String? {
        switch value {
        case let string as String: string
        case let bool as Bool: bool ? "true" : "false"
        case let int as Int: String(int)
        case let double as Double: String(double)
        case is NSNull: nil
        default: "\(value)"
        }
    }
}
