/// Helpers for librdkafka property maps.
public enum KafkaProperties {
    /// Property names whose values are secrets and never appear in logs.
    public static func isSecret(_ name: String) -> Bool {
        let lowered = name.lowercased()
        return lowered.contains("password") || lowered.contains("secret") || lowered.hasSuffix(".key.pem")
            || lowered.hasSuffix("sasl.oauthbearer.config") || lowered.hasSuffix("ssl.key.pem")
            || lowered == "sasl.jaas.config"
    }

    /// The properties as `name=value` pairs sorted by name, with secret values replaced by `*****`.
    ///
    /// Use this whenever configuration is logged or printed.
    /// - Parameter properties: librdkafka properties.
    /// - Returns: A display string safe for logs.
    public static func redacted(_ properties: [String: String]) -> String {
        properties.keys.sorted().map { name in
            "\(name)=\(Self.isSecret(name) ? "*****" : properties[name]!)"
        }.joined(separator: ", ")
    }
}
