import CRdKafka
import Logging

/// Topic and consumer-group administration (for `dateline replay`/`status`, tests and `make run`).
///
/// Uses a producer-type handle, as librdkafka advises for admin clients. Every call blocks a dispatch thread,
/// never the cooperative pool.
public final class KafkaAdmin: Sendable {
    private let client: RDKafkaClient
    private let requestTimeout: Duration

    /// Creates the admin client.
    ///
    /// - Parameters:
    ///   - brokers: Comma-separated `host:port` list.
    ///   - properties: Extra librdkafka properties (TLS, SASL).
    ///   - requestTimeout: The timeout of each request.
    ///   - logger: Receives librdkafka's logs.
    /// - Throws: ``KafkaError`` when the client cannot be created.
    public init(
        brokers: String,
        properties: [String: String] = [:],
        requestTimeout: Duration = .seconds(15),
        logger: Logger = Logger(label: "dateline.admin")
    ) throws(KafkaError) {
        var all = ["bootstrap.servers": brokers]
        all.merge(properties) { _, new in new }
        self.client = try RDKafkaClient(kind: .producer, properties: all, logger: logger)
        self.requestTimeout = requestTimeout
    }

    // MARK: - Topics

    /// Creates a topic; an existing topic is fine when `ignoreExisting` is true.
    ///
    /// - Throws: ``KafkaError`` with code ``KafkaError/Code/admin`` and the broker's reason.
    public func createTopic(
        _ name: String,
        partitions: Int,
        replicationFactor: Int = 1,
        ignoreExisting: Bool = true
    ) async throws(KafkaError) {
        try await self.blocking { () throws(KafkaError) in
            var errorText = [CChar](repeating: 0, count: 512)
            guard
                let newTopic = rd_kafka_NewTopic_new(name, Int32(partitions), Int32(replicationFactor), &errorText, 512)
            else {
                throw KafkaError(
                    .admin,
                    "invalid topic request for '\(name)': \(String(decoding: errorText.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self))"
                )
            }
            defer { rd_kafka_NewTopic_destroy(newTopic) }
            try self.request(expecting: RD_KAFKA_EVENT_CREATETOPICS_RESULT, "creating topic '\(name)'") {
                handle,
                options,
                queue in
                var topics: [OpaquePointer?] = [newTopic]
                rd_kafka_CreateTopics(handle, &topics, 1, options, queue)
            } read: { event throws(KafkaError) in
                var count = 0
                let result = rd_kafka_event_CreateTopics_result(event)
                guard let results = rd_kafka_CreateTopics_result_topics(result, &count) else { return }
                for index in 0..<count {
                    let topicResult = results[index]
                    let err = rd_kafka_topic_result_error(topicResult)
                    if err == RD_KAFKA_RESP_ERR_NO_ERROR { continue }
                    if err == RD_KAFKA_RESP_ERR_TOPIC_ALREADY_EXISTS && ignoreExisting { continue }
                    let reason = rd_kafka_topic_result_error_string(topicResult).map { String(cString: $0) } ?? ""
                    throw KafkaError(.admin, "creating topic '\(name)' failed: \(reason)", rdKafkaCode: err.rawValue)
                }
            }
        }
    }

    /// The partition ids of `topic`.
    public func partitions(of topic: String) async throws(KafkaError) -> [Int32] {
        try await self.blocking { () throws(KafkaError) in
            try self.client.partitions(of: topic, timeout: self.requestTimeout)
        }
    }

    /// The low and high watermarks of every partition of `topic`, asked of the leaders.
    public func watermarks(topic: String) async throws(KafkaError) -> [Int32: KafkaWatermarks] {
        try await self.blocking { () throws(KafkaError) in
            var result: [Int32: KafkaWatermarks] = [:]
            for partition in try self.client.partitions(of: topic, timeout: self.requestTimeout) {
                let (low, high) = try self.client.queryWatermarks(
                    topic: topic,
                    partition: partition,
                    timeout: self.requestTimeout
                )
                result[partition] = KafkaWatermarks(low: low, high: high)
            }
            return result
        }
    }

    /// For each partition of `topic`, the earliest offset whose timestamp is at or after `timestampMilliseconds`;
    /// ``KafkaOffset/end`` (-1) where no message is that recent.
    public func offsets(
        forTimestamp timestampMilliseconds: Int64,
        topic: String
    ) async throws(KafkaError) -> [Int32: Int64] {
        try await self.blocking { () throws(KafkaError) in
            let partitions = try self.client.partitions(of: topic, timeout: self.requestTimeout)
            let list = RDKafkaTopicPartitionList(
                partitions.map { KafkaTopicPartition(topic: topic, partition: $0) },
                offset: timestampMilliseconds
            )
            let err = self.client.withPointer { handle in
                list.withPointer { rd_kafka_offsets_for_times(handle, $0, Int32(self.requestTimeout.milliseconds)) }
            }
            guard err == RD_KAFKA_RESP_ERR_NO_ERROR else {
                throw KafkaError.rdKafka(.admin, err, "looking up offsets for a timestamp in '\(topic)'")
            }
            var result: [Int32: Int64] = [:]
            for entry in list.entries {
                if entry.error != 0 {
                    throw KafkaError.rdKafka(
                        .admin,
                        rd_kafka_resp_err_t(entry.error),
                        "offset for a timestamp in \(topic)/\(entry.partition)"
                    )
                }
                result[entry.partition] = entry.offset
            }
            return result
        }
    }

    // MARK: - Groups

    /// Describes a consumer group (state and members with their assignments).
    public func describeGroup(_ groupID: String) async throws(KafkaError) -> KafkaGroupDescription {
        try await self.blocking { () throws(KafkaError) in
            var description = KafkaGroupDescription(groupID: groupID, state: "Unknown", members: [])
            try self.request(expecting: RD_KAFKA_EVENT_DESCRIBECONSUMERGROUPS_RESULT, "describing group '\(groupID)'") {
                handle,
                options,
                queue in
                groupID.withCString { name in
                    var names: [UnsafePointer<CChar>?] = [name]
                    rd_kafka_DescribeConsumerGroups(handle, &names, 1, options, queue)
                }
            } read: { event throws(KafkaError) in
                var count = 0
                let result = rd_kafka_event_DescribeConsumerGroups_result(event)
                guard let groups = rd_kafka_DescribeConsumerGroups_result_groups(result, &count), count > 0,
                    let group = groups[0]
                else { return }
                if let error = rd_kafka_ConsumerGroupDescription_error(group) {
                    throw KafkaError.reading(.admin, error, "describing group '\(groupID)'")
                }
                description.state = String(
                    cString: rd_kafka_consumer_group_state_name(rd_kafka_ConsumerGroupDescription_state(group))
                )
                for index in 0..<rd_kafka_ConsumerGroupDescription_member_count(group) {
                    guard let member = rd_kafka_ConsumerGroupDescription_member(group, index) else { continue }
                    var assignment: [KafkaTopicPartition] = []
                    if let memberAssignment = rd_kafka_MemberDescription_assignment(member) {
                        assignment = RDKafkaTopicPartitionList.entries(
                            of: rd_kafka_MemberAssignment_partitions(memberAssignment)
                        )
                        .map { KafkaTopicPartition(topic: $0.topic, partition: $0.partition) }
                    }
                    description.members.append(
                        .init(
                            memberID: String(cString: rd_kafka_MemberDescription_consumer_id(member)),
                            clientID: String(cString: rd_kafka_MemberDescription_client_id(member)),
                            host: String(cString: rd_kafka_MemberDescription_host(member)),
                            assignment: assignment
                        )
                    )
                }
            }
            return description
        }
    }

    /// The group's committed offset for each partition of `topic`; ``KafkaOffset/invalid`` where none is committed.
    public func committedOffsets(group groupID: String, topic: String) async throws(KafkaError) -> [Int32: Int64] {
        try await self.blocking { () throws(KafkaError) in
            let partitions = try self.client.partitions(of: topic, timeout: self.requestTimeout)
            let list = RDKafkaTopicPartitionList(partitions.map { KafkaTopicPartition(topic: topic, partition: $0) })
            var committed: [Int32: Int64] = [:]
            for partition in partitions { committed[partition] = KafkaOffset.invalid }
            let request = list.withPointer { rd_kafka_ListConsumerGroupOffsets_new(groupID, $0)! }
            defer { rd_kafka_ListConsumerGroupOffsets_destroy(request) }
            try self.request(
                expecting: RD_KAFKA_EVENT_LISTCONSUMERGROUPOFFSETS_RESULT,
                "reading offsets of group '\(groupID)'"
            ) {
                handle,
                options,
                queue in
                var requests: [OpaquePointer?] = [request]
                rd_kafka_ListConsumerGroupOffsets(handle, &requests, 1, options, queue)
            } read: { event throws(KafkaError) in
                var count = 0
                let result = rd_kafka_event_ListConsumerGroupOffsets_result(event)
                guard let groups = rd_kafka_ListConsumerGroupOffsets_result_groups(result, &count) else { return }
                for index in 0..<count {
                    guard let group = groups[index] else { continue }
                    if let error = rd_kafka_group_result_error(group) {
                        throw KafkaError.reading(.admin, error, "reading offsets of group '\(groupID)'")
                    }
                    for entry in RDKafkaTopicPartitionList.entries(of: rd_kafka_group_result_partitions(group))
                    where entry.topic == topic && entry.error == 0 {
                        committed[entry.partition] = entry.offset < 0 ? KafkaOffset.invalid : entry.offset
                    }
                }
            }
            return committed
        }
    }

    /// Sets the group's committed offsets on `topic`; the group must have no active members.
    ///
    /// - Throws: ``KafkaError`` with the per-partition reason when the coordinator refuses.
    public func alterGroupOffsets(
        group groupID: String,
        topic: String,
        offsets: [Int32: Int64]
    ) async throws(KafkaError) {
        try await self.blocking { () throws(KafkaError) in
            let list = RDKafkaTopicPartitionList(capacity: offsets.count)
            for (partition, offset) in offsets.sorted(by: { $0.key < $1.key }) {
                list.add(topic: topic, partition: partition, offset: offset)
            }
            let request = list.withPointer { rd_kafka_AlterConsumerGroupOffsets_new(groupID, $0)! }
            defer { rd_kafka_AlterConsumerGroupOffsets_destroy(request) }
            try self.request(
                expecting: RD_KAFKA_EVENT_ALTERCONSUMERGROUPOFFSETS_RESULT,
                "altering offsets of group '\(groupID)'"
            ) {
                handle,
                options,
                queue in
                var requests: [OpaquePointer?] = [request]
                rd_kafka_AlterConsumerGroupOffsets(handle, &requests, 1, options, queue)
            } read: { event throws(KafkaError) in
                var count = 0
                let result = rd_kafka_event_AlterConsumerGroupOffsets_result(event)
                guard let groups = rd_kafka_AlterConsumerGroupOffsets_result_groups(result, &count) else { return }
                for index in 0..<count {
                    guard let group = groups[index] else { continue }
                    if let error = rd_kafka_group_result_error(group) {
                        throw KafkaError.reading(.admin, error, "altering offsets of group '\(groupID)'")
                    }
                    for entry in RDKafkaTopicPartitionList.entries(of: rd_kafka_group_result_partitions(group))
                    where entry.error != 0 {
                        throw KafkaError.rdKafka(
                            .admin,
                            rd_kafka_resp_err_t(entry.error),
                            "setting the offset of \(entry.topic)/\(entry.partition) for group '\(groupID)'"
                        )
                    }
                }
            }
        }
    }

    // MARK: - Plumbing

    /// Sends one admin request on a private result queue and reads its result event.
    ///
    /// Options, queue and event are destroyed before returning, in that order of creation reversed.
    private func request(
        expecting eventType: Int32,
        _ what: String,
        send: (OpaquePointer, OpaquePointer, OpaquePointer) -> Void,
        read: (OpaquePointer) throws(KafkaError) -> Void
    ) throws(KafkaError) {
        try self.client.withPointer { (handle: OpaquePointer) throws(KafkaError) in
            let queue = rd_kafka_queue_new(handle)!
            defer { rd_kafka_queue_destroy(queue) }
            let options = rd_kafka_AdminOptions_new(handle, RD_KAFKA_ADMIN_OP_ANY)!
            defer { rd_kafka_AdminOptions_destroy(options) }
            var errorText = [CChar](repeating: 0, count: 512)
            _ = rd_kafka_AdminOptions_set_request_timeout(
                options,
                Int32(self.requestTimeout.milliseconds),
                &errorText,
                512
            )
            send(handle, options, queue)
            guard let event = rd_kafka_queue_poll(queue, Int32(self.requestTimeout.milliseconds + 5000)) else {
                throw KafkaError(.timeout, "\(what): no answer within \(self.requestTimeout)")
            }
            defer { rd_kafka_event_destroy(event) }
            let err = rd_kafka_event_error(event)
            if err != RD_KAFKA_RESP_ERR_NO_ERROR {
                let reason = rd_kafka_event_error_string(event).map { String(cString: $0) } ?? ""
                throw KafkaError(
                    .admin,
                    "\(what) failed: \(reason)",
                    rdKafkaCode: err.rawValue,
                    isRetriable: KafkaError.isTransient(err)
                )
            }
            guard rd_kafka_event_type(event) == eventType else {
                throw KafkaError(.admin, "\(what): unexpected result event \(rd_kafka_event_type(event))")
            }
            try read(event)
        }
    }

    private func blocking<T: Sendable>(
        _ body: @escaping @Sendable () throws(KafkaError) -> T
    ) async throws(KafkaError) -> T {
        try await KafkaTopicReader.blocking(body)
    }
}
