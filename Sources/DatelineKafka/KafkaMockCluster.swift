import CRdKafka
import Logging

/// librdkafka's in-process mock cluster (`rdkafka_mock.h`), for tests without a broker.
///
/// It owns a private producer handle that hosts the cluster; clients connect through ``bootstrapServers``.
/// Errors are injected per request type (``ApiKey``) and brokers can be taken down and brought back.
public final class KafkaMockCluster: @unchecked Sendable {
    // @unchecked: the mock cluster API is thread-safe (it posts operations to the cluster thread).

    /// Kafka protocol request types used with ``pushRequestErrors(_:_:)``.
    public enum ApiKey: Int16, Sendable {
        case produce = 0
        case fetch = 1
        case listOffsets = 2
        case metadata = 3
        case offsetCommit = 8
        case offsetFetch = 9
        case findCoordinator = 10
        case joinGroup = 11
        case heartbeat = 12
        case syncGroup = 14
        case initProducerId = 22
    }

    /// Broker-side error codes handy for injection.
    public enum ErrorCode: Int32, Sendable {
        case notLeaderForPartition = 6
        case requestTimedOut = 7
        case networkException = 13
        case coordinatorNotAvailable = 15
        case notCoordinator = 16
        case notEnoughReplicas = 19
        case notEnoughReplicasAfterAppend = 20
        case rebalanceInProgress = 27
        case outOfOrderSequenceNumber = 45
        case invalidProducerEpoch = 47
        case producerFenced = 90
    }

    /// Declared before the cluster pointer's owner is released: the cluster is destroyed in `deinit` first.
    private let host: RDKafkaClient
    private let cluster: OpaquePointer

    /// Starts a mock cluster.
    ///
    /// - Parameter brokers: The number of mock brokers (ids 1...n).
    /// - Throws: ``KafkaError`` when the host handle or the cluster cannot be created.
    public init(brokers: Int = 3, logger: Logger = Logger(label: "dateline.mock")) throws(KafkaError) {
        self.host = try RDKafkaClient(kind: .producer, properties: ["log_level": "3"], logger: logger)
        guard let cluster = self.host.withPointer({ rd_kafka_mock_cluster_new($0, Int32(brokers)) }) else {
            throw KafkaError(.clientCreation, "could not start the librdkafka mock cluster")
        }
        self.cluster = cluster
    }

    deinit {
        rd_kafka_mock_cluster_destroy(self.cluster)
    }

    /// The `bootstrap.servers` value for clients.
    public var bootstrapServers: String {
        String(cString: rd_kafka_mock_cluster_bootstraps(self.cluster))
    }

    /// Creates a topic.
    public func createTopic(_ name: String, partitions: Int, replicationFactor: Int = 1) throws(KafkaError) {
        let err = rd_kafka_mock_topic_create(self.cluster, name, Int32(partitions), Int32(replicationFactor))
        guard err == RD_KAFKA_RESP_ERR_NO_ERROR else {
            throw KafkaError.rdKafka(.admin, err, "creating mock topic '\(name)'")
        }
    }

    /// Makes the next requests of type `apiKey` fail with `errors`, one error per request, in order.
    public func pushRequestErrors(_ apiKey: ApiKey, _ errors: [ErrorCode]) {
        var codes = errors.map { rd_kafka_resp_err_t(rawValue: $0.rawValue) }
        rd_kafka_mock_push_request_errors_array(self.cluster, apiKey.rawValue, codes.count, &codes)
    }

    /// Fails every request of type `apiKey` for the topic with `error` until cleared with `nil`.
    public func setTopicError(_ topic: String, _ error: ErrorCode?) {
        rd_kafka_mock_topic_set_error(self.cluster, topic, rd_kafka_resp_err_t(rawValue: error?.rawValue ?? 0))
    }

    /// Takes a broker down (its connections close and it refuses new ones).
    public func setBrokerDown(_ brokerID: Int32) {
        _ = rd_kafka_mock_broker_set_down(self.cluster, brokerID)
    }

    /// Brings a broker back.
    public func setBrokerUp(_ brokerID: Int32) {
        _ = rd_kafka_mock_broker_set_up(self.cluster, brokerID)
    }

    /// Moves the leader of a partition.
    public func setPartitionLeader(_ topic: String, partition: Int32, brokerID: Int32) {
        _ = rd_kafka_mock_partition_set_leader(self.cluster, topic, partition, brokerID)
    }

    /// Moves the group coordinator.
    public func setGroupCoordinator(_ groupID: String, brokerID: Int32) {
        _ = rd_kafka_mock_coordinator_set(self.cluster, "group", groupID, brokerID)
    }

    /// Shortens the initial join delay of new groups (default 3 s in the mock) to speed tests up.
    public func setGroupInitialRebalanceDelay(_ delay: Duration) {
        rd_kafka_mock_group_initial_rebalance_delay_ms(self.cluster, Int32(delay.milliseconds))
    }
}
