/// Resolves settings with the precedence flag > environment > config file > default, in one place.
///
/// Every input is a plain dictionary so tests can inject flags, environment and file contents.
struct SettingsResolver {
    /// Flags given on the command line, by setting name (`input_topic`).
    var flags: [String: String] = [:]
    /// `--kafka name=value` flags.
    var kafkaFlags: [String: String] = [:]
    var environment: [String: String] = [:]
    var file: ConfigFile = ConfigFile()
    var configPath: String?

    /// Picks each setting's value from the highest layer that has it, then validates every value.
    ///
    /// - Throws: ``SettingsError`` naming the first invalid setting and where it came from.
    func resolve() throws(SettingsError) -> ResolvedSettings {
        var values: [String: ResolvedSettings.Value] = [:]
        for key in SettingKey.all {
            let candidate: (String, SettingSource)? =
                if let flag = self.flags[key.name] {
                    (flag, .flag)
                } else if let env = self.environment[key.environmentVariable] {
                    (env, .environment)
                } else if let fileValue = self.file.values[key.name] {
                    (fileValue, .file)
                } else {
                    key.defaultValue.map { ($0, .default) }
                }
            guard let (text, source) = candidate else {
                values[key.name] = .init(text: nil, source: .default)
                continue
            }
            try Self.validate(key, text, source)
            values[key.name] = .init(text: Self.normalised(key, text), source: source)
        }

        var kafka: [String: (value: String, source: SettingSource)] = [:]
        for (property, value) in self.file.kafkaProperties { kafka[property] = (value, .file) }
        for (variable, value) in self.environment where variable.hasPrefix(SettingKey.kafkaEnvironmentPrefix) {
            let property = Self.kafkaProperty(fromEnvironment: variable)
            guard !property.isEmpty else { continue }
            kafka[property] = (value, .environment)
        }
        for (property, value) in self.kafkaFlags { kafka[property] = (value, .flag) }

        return ResolvedSettings(values: values, kafkaProperties: kafka, configPath: self.configPath)
    }

    /// `DATELINE_KAFKA_SESSION_TIMEOUT_MS` -> `session.timeout.ms`.
    static func kafkaProperty(fromEnvironment variable: String) -> String {
        String(variable.dropFirst(SettingKey.kafkaEnvironmentPrefix.count)).lowercased()
            .split(separator: "_", omittingEmptySubsequences: false).joined(separator: ".")
    }

    private static func normalised(_ key: SettingKey, _ text: String) -> String {
        switch key.kind {
        case .choice where key != .saslMechanism: text.lowercased()
        case .integer: String(text.trimmingWhitespace())
        default: text
        }
    }

    private static func validate(_ key: SettingKey, _ text: String, _ source: SettingSource) throws(SettingsError) {
        switch key.kind {
        case .string, .secret:
            if key == .brokers && text.split(separator: ",").isEmpty {
                throw .invalid(key, text, from: source, "give at least one host:port")
            }
        case .topic:
            let allowed = text.unicodeScalars.allSatisfy {
                ("a"..."z").contains($0) || ("A"..."Z").contains($0) || ("0"..."9").contains($0)
                    || "._-".unicodeScalars.contains($0)
            }
            if text.isEmpty || text.count > 249 || !allowed || text == "." || text == ".." {
                throw .invalid(key, text, from: source, "a topic name is 1-249 characters of [A-Za-z0-9._-]")
            }
        case .integer(let range):
            guard let number = Int(text.trimmingWhitespace()) else {
                throw .invalid(key, text, from: source, "not an integer")
            }
            if !range.contains(number) {
                throw .invalid(key, text, from: source, "must be between \(range.lowerBound) and \(range.upperBound)")
            }
        case .choice(let options):
            if !options.contains(where: { $0.lowercased() == text.lowercased() }) {
                throw .invalid(key, text, from: source, "must be one of \(options.joined(separator: ", "))")
            }
        }
    }
}

extension String {
    fileprivate func trimmingWhitespace() -> Substring {
        var slice = Substring(self)
        while slice.first?.isWhitespace == true { slice.removeFirst() }
        while slice.last?.isWhitespace == true { slice.removeLast() }
        return slice
    }
}
