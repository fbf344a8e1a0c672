/// Everything the worker needs to run, resolved from flags, environment, file and defaults.
///
/// The executable builds it (see `Settings` in the `dateline` target); the worker never reads
/// the environment itself, so tests can construct it directly.
public struct WorkerConfiguration: Sendable {
    /// Bootstrap brokers, comma-separated `host:port`.
    ///
    /// Default: `localhost:9092`.
    public var brokers: String = "localhost:9092"
    /// Topic of raw articles.
    ///
    /// Default: `articles.raw`.
    public var inputTopic: String = "articles.raw"
    /// Topic of extracted records.
    ///
    /// Default: `articles.extracted`.
    public var outputTopic: String = "articles.extracted"
    /// Topic of inputs that cannot be processed, with the reason in a header.
    ///
    /// Default: `articles.dlq`.
    public var deadLetterTopic: String = "articles.dlq"
    /// Consumer group id; workers sharing it split the input partitions.
    ///
    /// Default: `dateline`.
    public var groupID: String = "dateline"
    /// Extraction threads.
    ///
    /// Default: the number of active cores.
    public var concurrency: Int = WorkerConfiguration.activeCores
    /// Upper bound on messages taken from Kafka but not yet committed-safe; fetching pauses above it.
    ///
    /// Default: 256.
    public var maxInFlight: Int = 256
    /// Inputs larger than this many bytes are dead-lettered as oversize.
    ///
    /// Default: 2 MiB.
    public var maxMessageBytes: Int = 2 * 1024 * 1024
    /// Time allowed after SIGTERM/SIGINT to finish in-flight work, flush and commit.
    ///
    /// Default: 30 seconds.
    public var shutdownGracePeriod: Duration = .seconds(30)
    /// Extra librdkafka properties (from `DATELINE_KAFKA_*`, the config file's `kafka:` map, TLS/SASL settings);
    /// applied to both the consumer and the producer, after Dateline's own defaults.
    ///
    /// Default: empty.
    public var kafkaProperties: [String: String] = [:]

    public init() {}

    /// Active processor count, the default for ``concurrency``.
    public static var activeCores: Int {
        max(1, ProcessInfoShim.activeProcessorCount)
    }
}
