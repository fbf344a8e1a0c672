/// A change of the partitions this group member owns.
public enum KafkaRebalanceEvent: Sendable, Hashable {
    /// The partitions were just added to the assignment (fetching starts from the committed offsets).
    case assigned([KafkaTopicPartition])
    /// The partitions are about to be removed. When `lost` is true the group already gave them to someone
    /// else (session timeout, fencing): do not store or commit offsets for them.
    case revoking([KafkaTopicPartition], lost: Bool)
}
