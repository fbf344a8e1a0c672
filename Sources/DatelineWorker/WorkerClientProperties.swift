import DatelineKafka

import class Foundation.ProcessInfo

/// The librdkafka properties of the worker's consumer and producer: Dateline's defaults, then the operator's
/// `kafka` properties on top (each client gets only the ones that apply to it).
struct WorkerClientProperties: Sendable {
    var consumer: [String: String]
    var producer: [String: String]

    init(configuration: WorkerConfiguration, hostName: String = WorkerClientProperties.hostName) {
        let clientID = "dateline-\(hostName)"
        var consumer = KafkaGroupConsumer.defaultProperties(
            brokers: configuration.brokers,
            groupID: configuration.groupID
        )
        consumer["client.id"] = clientID
        consumer.merge(configuration.kafkaProperties) { _, new in new }
        var producer = KafkaProducer.defaultProperties(brokers: configuration.brokers)
        producer["client.id"] = clientID
        // Dead letters carry the original value, which may be as large as the oversize limit.
        producer["message.max.bytes"] = String(max(1_048_576, configuration.maxMessageBytes + 65_536))
        producer.merge(configuration.kafkaProperties.filter { !Self.consumerOnly.contains($0.key) }) { _, new in new }
        self.consumer = consumer
        self.producer = producer
    }

    static var hostName: String { ProcessInfo.processInfo.hostName }

    /// Consumer properties that only produce warnings on a producer.
    static let consumerOnly: Set<String> = [
        "group.id", "session.timeout.ms", "heartbeat.interval.ms", "max.poll.interval.ms", "auto.offset.reset",
        "enable.auto.commit", "auto.commit.interval.ms", "enable.auto.offset.store", "partition.assignment.strategy",
        "queued.max.messages.kbytes", "queued.min.messages", "fetch.max.bytes", "fetch.message.max.bytes",
        "fetch.wait.max.ms", "fetch.min.bytes", "isolation.level", "enable.partition.eof", "group.instance.id",
        "group.protocol", "group.remote.assignor", "check.crcs", "allow.auto.create.topics",
        "max.partition.fetch.bytes", "coordinator.query.interval.ms", "consume.callback.max.messages",
    ]
}
