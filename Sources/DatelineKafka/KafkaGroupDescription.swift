/// What the group coordinator says about a consumer group.
public struct KafkaGroupDescription: Sendable, Hashable {
    /// One member and the partitions it owns.
    public struct Member: Sendable, Hashable {
        public var memberID: String
        public var clientID: String
        public var host: String
        public var assignment: [KafkaTopicPartition]
    }

    /// The group id.
    public var groupID: String
    /// The coordinator's state name: `Stable`, `PreparingRebalance`, `CompletingRebalance`, `Empty`, `Dead`, `Unknown`.
    public var state: String
    /// The members; some brokers (Tansu) list none even for an active group, so also look at ``state``.
    public var members: [Member]

    /// True when the coordinator reports live members or a state only live members produce.
    ///
    /// `Empty`, `Dead` and `Unknown` with no members mean nobody is consuming.
    public var hasActiveMembers: Bool {
        if !self.members.isEmpty { return true }
        switch self.state {
        case "Empty", "Dead", "Unknown", "": return false
        default: return true
        }
    }
}
