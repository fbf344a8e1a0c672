import Foundation

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
    /// In-flight includes records waiting for the broker's acknowledgement, so throughput is at most
    /// `maxInFlight` / acknowledgement latency; `make bench-e2e` showed 256 capping a worker at ~300 articles/s
    /// against a broker acknowledging in ~0.8 s under load.
    ///
    /// Default: 4096 (each owned partition gets an even share; `make bench-e2e` measured pass-through at
    /// ~10,000 articles/s with 1024 and ~30,000/s with 4096 against a local broker).
    public var maxInFlight: Int = 4096
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

    /// Longest wait, when partitions are revoked, for their in-flight messages to be acknowledged before the
    /// worker stores what is safe, commits and releases them; unfinished work is abandoned (redone elsewhere).
    ///
    /// Default: 5 seconds (well under the rebalance timeout).
    public var rebalanceDrainTimeout: Duration = .seconds(5)
    /// Messages taken from librdkafka per poll call (fewer when the in-flight budget is smaller).
    ///
    /// Default: 128.
    public var pollBatchSize: Int = 128
    /// First wait before a second replacement of a failed producer; doubles per attempt (the first is at once).
    ///
    /// Default: 200 milliseconds.
    public var retryBackoff: Duration = .milliseconds(200)
    /// Longest wait between producer replacements.
    ///
    /// Default: 10 seconds.
    public var maxRetryBackoff: Duration = .seconds(10)

    /// How long the producer may go without delivering anything, after a delivery failed, before the worker
    /// gives up: it fails `/healthz` and exits non-zero so that its supervisor restarts it and the group hands its
    /// partitions to other members. Until then a failed producer is replaced (a fresh producer id) with backoff
    /// (``retryBackoff`` doubling to ``maxRetryBackoff``) and everything unacknowledged is sent again.
    ///
    /// Default: 5 minutes.
    public var producerRecoveryTimeout: Duration = .seconds(300)

    /// How long the worker may stay out of its consumer group after losing its partitions (its session expired:
    /// a cut link, a frozen process, a broker that expelled it) before `/healthz` fails so that its supervisor
    /// restarts it. Meanwhile `/readyz` says why it is not ready and librdkafka keeps rejoining.
    ///
    /// Default: 5 minutes.
    public var groupRejoinTimeout: Duration = .seconds(300)

    /// How long a partition of the input topic that this worker does not own may have a backlog while the
    /// group's committed offset for it stays the same, before the worker leaves and rejoins the group so that the
    /// coordinator rebalances (``GroupStallDetector``). Catches partitions a broker left unassigned after
    /// overlapping cooperative rebalances. Rejoins are at least this far apart, doubling to 8 times it while
    /// stalls persist. Keep it several session timeouts long, so that the ordinary rebalance after a member dies
    /// comes first; `nil` turns the detector off.
    ///
    /// Default: 180 seconds (four of Apache Kafka's default 45-second session timeouts).
    public var groupStallTimeout: Duration? = .seconds(180)

    /// Republish each input unchanged instead of decoding and extracting it: the baseline of
    /// `make bench-e2e`, which isolates the cost of extraction from the cost of Kafka. Never for production.
    ///
    /// Default: `false`.
    public var passThrough: Bool = false

    public init() {}

    /// Active processor count, the default for ``concurrency``.
    public static var activeCores: Int {
        max(1, ProcessInfo.processInfo.activeProcessorCount)
    }
}
