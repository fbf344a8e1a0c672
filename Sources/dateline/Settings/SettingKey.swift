import DatelineWorker

/// One documented setting: its config-file key, environment variable, default and type.
///
/// The table in ``SettingKey/all`` is the single source of truth for `config print`,
/// validation and the commented `config/dateline.yaml`.
struct SettingKey: Sendable, Hashable {
    /// The key in `config/dateline.yaml`, e.g. `input_topic`.
    let name: String
    /// The environment variable, e.g. `DATELINE_INPUT_TOPIC`.
    let environmentVariable: String
    /// The default as text; `nil` means unset.
    let defaultValue: String?
    let kind: SettingKind
    /// One line for `config print --explain` and the docs.
    let summary: String

    static func == (lhs: SettingKey, rhs: SettingKey) -> Bool { lhs.name == rhs.name }
    func hash(into hasher: inout Hasher) { hasher.combine(self.name) }

    private init(_ name: String, _ defaultValue: String?, _ kind: SettingKind, _ summary: String) {
        self.name = name
        self.environmentVariable = "DATELINE_" + name.uppercased()
        self.defaultValue = defaultValue
        self.kind = kind
        self.summary = summary
    }

    static let brokers = SettingKey(
        "brokers",
        "localhost:9092",
        .string,
        "Bootstrap brokers, comma-separated host:port"
    )
    static let inputTopic = SettingKey("input_topic", "articles.raw", .topic, "Topic of raw articles")
    static let outputTopic = SettingKey("output_topic", "articles.extracted", .topic, "Topic of extracted records")
    static let deadLetterTopic = SettingKey("dlq_topic", "articles.dlq", .topic, "Dead-letter topic")
    static let groupID = SettingKey("group_id", "dateline", .string, "Consumer group id")
    static let groupInstanceID = SettingKey(
        "group_instance_id",
        nil,
        .string,
        "Static group membership id (e.g. the pod name); restarts within the session timeout do not rebalance"
    )
    static let concurrency = SettingKey(
        "concurrency",
        String(defaultConcurrency),
        .integer(1...1024),
        "Extraction threads (default: active cores)"
    )
    static let maxInFlight = SettingKey(
        "max_in_flight",
        "4096",
        .integer(1...1_000_000),
        "Messages in flight before fetching pauses"
    )
    static let maxMessageBytes = SettingKey(
        "max_message_bytes",
        String(2 * 1024 * 1024),
        .integer(1...(256 * 1024 * 1024)),
        "Inputs larger than this are dead-lettered as oversize"
    )
    static let shutdownGraceSeconds = SettingKey(
        "shutdown_grace_seconds",
        "30",
        .integer(1...3600),
        "Time to finish in-flight work, flush and commit after SIGTERM/SIGINT"
    )
    static let producerRecoverySeconds = SettingKey(
        "producer_recovery_seconds",
        "300",
        .integer(1...86_400),
        "How long a failed producer may go without delivering, while it is replaced, before the worker exits"
    )
    static let groupRejoinSeconds = SettingKey(
        "group_rejoin_seconds",
        "300",
        .integer(1...86_400),
        "How long the worker may stay out of its group after losing its partitions before /healthz fails"
    )
    static let groupStallSeconds = SettingKey(
        "group_stall_seconds",
        "180",
        .integer(0...86_400),
        "Rejoin the group when a partition nobody here owns has a backlog and no committed progress for this long (0: off)"
    )
    static let metricsHost = SettingKey("metrics_host", "0.0.0.0", .string, "Address of the metrics and health server")
    static let metricsPort = SettingKey(
        "metrics_port",
        "9464",
        .integer(0...65535),
        "Port of /metrics, /healthz and /readyz (0 disables the server)"
    )
    static let serveHost = SettingKey(
        "serve_host",
        "127.0.0.1",
        .string,
        "Listen address of `dateline serve` (the HTTP API has no authentication)"
    )
    static let servePort = SettingKey("serve_port", "8080", .integer(0...65535), "Listen port of `dateline serve`")
    static let serveMaxBodyBytes = SettingKey(
        "serve_max_body_bytes",
        String(2 * 1024 * 1024),
        .integer(1...(256 * 1024 * 1024)),
        "Largest request body `dateline serve` accepts (413 above it)"
    )
    static let logLevel = SettingKey(
        "log_level",
        "info",
        .choice(["trace", "debug", "info", "notice", "warning", "error", "critical"]),
        "Minimum log level"
    )
    static let logFormat = SettingKey(
        "log_format",
        "text",
        .choice(["text", "json"]),
        "Log line format on stderr: text, or one JSON object per line for log shippers"
    )
    static let securityProtocol = SettingKey(
        "security_protocol",
        "plaintext",
        .choice(["plaintext", "ssl", "sasl_plaintext", "sasl_ssl"]),
        "Broker connection security (librdkafka security.protocol)"
    )
    static let saslMechanism = SettingKey(
        "sasl_mechanism",
        nil,
        .choice(["PLAIN", "SCRAM-SHA-256", "SCRAM-SHA-512"]),
        "SASL mechanism when security_protocol is sasl_*"
    )
    static let saslUsername = SettingKey("sasl_username", nil, .string, "SASL user name")
    static let saslPassword = SettingKey("sasl_password", nil, .secret, "SASL password (prefer sasl_password_file)")
    static let saslPasswordFile = SettingKey(
        "sasl_password_file",
        nil,
        .string,
        "File whose content (trailing newline removed) is the SASL password"
    )
    static let sslCALocation = SettingKey("ssl_ca_location", nil, .string, "CA bundle to verify the brokers")
    static let sslCertificateLocation = SettingKey(
        "ssl_certificate_location",
        nil,
        .string,
        "Client certificate (mutual TLS)"
    )
    static let sslKeyLocation = SettingKey("ssl_key_location", nil, .string, "Client private key (mutual TLS)")
    static let sslKeyPassword = SettingKey("ssl_key_password", nil, .secret, "Password of the client private key")
    static let sslKeyPasswordFile = SettingKey(
        "ssl_key_password_file",
        nil,
        .string,
        "File whose content is the client key password"
    )

    /// Every setting, in the order `config print` shows them.
    static let all: [SettingKey] = [
        .brokers, .inputTopic, .outputTopic, .deadLetterTopic, .groupID, .groupInstanceID, .concurrency,
        .maxInFlight, .maxMessageBytes, .shutdownGraceSeconds, .producerRecoverySeconds, .groupRejoinSeconds,
        .groupStallSeconds, .metricsHost, .metricsPort,
        .serveHost, .servePort,
        .serveMaxBodyBytes, .logLevel, .logFormat,
        .securityProtocol, .saslMechanism, .saslUsername, .saslPassword, .saslPasswordFile, .sslCALocation,
        .sslCertificateLocation, .sslKeyLocation, .sslKeyPassword, .sslKeyPasswordFile,
    ]

    /// Prefix of environment variables passed through to librdkafka: `DATELINE_KAFKA_FETCH_MAX_BYTES`
    /// sets `fetch.max.bytes`.
    static let kafkaEnvironmentPrefix = "DATELINE_KAFKA_"

    static var defaultConcurrency: Int { WorkerConfiguration.activeCores }
}
