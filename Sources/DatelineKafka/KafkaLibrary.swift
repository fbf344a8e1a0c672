import CRdKafka

/// The librdkafka that this process linked.
public enum KafkaLibrary {
    /// The linked version as `major.minor.patch`.
    public static var version: String {
        String(cString: rd_kafka_version_str())
    }

    /// The linked version as librdkafka encodes it: `0xMMmmrrxx` (major, minor, revision, pre-release).
    public static var versionNumber: Int32 {
        rd_kafka_version()
    }

    /// Throws unless the linked librdkafka is at least `minimum`.
    ///
    /// Dateline relies on fixes to cooperative rebalancing that landed in 2.10.0 (a commit during a cooperative
    /// rebalance marked the assignment lost, librdkafka #4059), so `dateline run` calls this at start-up.
    /// - Parameter minimum: A version such as `"2.10.0"`.
    /// - Throws: ``KafkaError`` with code ``KafkaError/Code/unsupportedVersion`` naming both versions.
    public static func requireMinimumVersion(_ minimum: String) throws(KafkaError) {
        guard let wanted = Self.encode(minimum) else {
            throw KafkaError(.unsupportedVersion, "'\(minimum)' is not a version of the form major.minor.patch")
        }
        let linked = (Int64(Self.versionNumber) & 0xFFFF_FF00) >> 8
        guard linked >= wanted else {
            throw KafkaError(
                .unsupportedVersion,
                "the linked librdkafka is \(Self.version) but Dateline needs \(minimum) or newer; "
                    + "install it with scripts/install-librdkafka.sh (see DEVELOPERS.md) and rebuild"
            )
        }
    }

    /// `major.minor.patch` as `0xMMmmrr`, comparable with the top three bytes of `rd_kafka_version()`.
    static func encode(_ version: String) -> Int64? {
        let parts = version.split(separator: ".").map { Int64($0) }
        guard (1...3).contains(parts.count), parts.allSatisfy({ $0 != nil && $0! >= 0 && $0! < 256 }) else {
            return nil
        }
        let numbers = parts.map { $0! } + Array(repeating: 0, count: 3 - parts.count)
        return numbers[0] << 16 | numbers[1] << 8 | numbers[2]
    }
}
