import ArgumentParser
import DatelineExtraction
import DatelineKafka
import DatelineWorker
import Logging
import Metrics
import Prometheus
import ServiceLifecycle
import UnixSignals

/// `dateline run`: the long-lived worker, with its metrics and health server, until SIGTERM/SIGINT.
struct RunCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Consume raw articles, extract facts, publish records (at-least-once)."
    )

    @OptionGroup var settings: SettingsOptions

    @Flag(help: .hidden)
    var passThrough = false

    /// Older releases mis-parse modern brokers' ApiVersions responses (fixed in librdkafka 2.3).
    static let minimumLibrdkafka = "2.3.0"
    /// Cooperative rebalancing is sound from here on (librdkafka #4059 fixed in 2.10).
    static let cooperativeLibrdkafka = "2.10.0"

    /// Falls back to eager assignment on a librdkafka whose cooperative protocol has known bugs,
    /// unless the operator chose a strategy.
    static func adaptToLibrdkafka(_ configuration: inout WorkerConfiguration, logger: Logger) {
        guard configuration.kafkaProperties["partition.assignment.strategy"] == nil,
            (try? KafkaLibrary.requireMinimumVersion(Self.cooperativeLibrdkafka)) == nil
        else { return }
        configuration.kafkaProperties["partition.assignment.strategy"] = "range,roundrobin"
        logger.warning(
            "librdkafka is older than 2.10: using eager rebalancing instead of cooperative-sticky",
            metadata: ["librdkafka.version": "\(KafkaLibrary.version)"]
        )
    }

    func run() async throws {
        let resolved = try self.settings.resolve()
        var configuration = try resolved.workerConfiguration()
        configuration.passThrough = self.passThrough
        let logger = Observability.bootstrapLogging(resolved)
        let registry = Observability.bootstrapMetrics()

        try KafkaLibrary.requireMinimumVersion(Self.minimumLibrdkafka)
        Self.adaptToLibrdkafka(&configuration, logger: logger)
        logger.notice(
            "Starting dateline",
            metadata: [
                "librdkafka.version": "\(KafkaLibrary.version)",
                "pipeline.version": "\(ExtractionPipeline.version)",
                "kafka.brokers": "\(configuration.brokers)",
                "kafka.group": "\(configuration.groupID)",
                "kafka.topic.input": "\(configuration.inputTopic)",
                "kafka.topic.output": "\(configuration.outputTopic)",
                "kafka.topic.dlq": "\(configuration.deadLetterTopic)",
                "worker.concurrency": "\(configuration.concurrency)",
                "config.file": "\(resolved.configPath ?? "none")",
            ]
        )

        let pipeline = try ExtractionPipeline()
        let worker = Worker(configuration: configuration, pipeline: pipeline, logger: logger)
        var services: [ServiceGroupConfiguration.ServiceConfiguration] = []
        let port = resolved.integer(.metricsPort)
        if port != 0 {
            let health = worker.health
            let server = MetricsServer.application(
                host: resolved[.metricsHost] ?? "0.0.0.0",
                port: port,
                registry: registry,
                probe: HealthProbe(
                    livenessProblem: { health.livenessProblem },
                    readinessProblem: { health.readinessProblem }
                ),
                logger: logger
            )
            // Listed first so it stops last: health stays observable while the worker drains.
            services.append(.init(service: server))
        }
        services.append(
            .init(
                service: worker,
                successTerminationBehavior: .gracefullyShutdownGroup,
                failureTerminationBehavior: .gracefullyShutdownGroup
            )
        )
        var groupConfiguration = ServiceGroupConfiguration(
            services: services,
            gracefulShutdownSignals: [.sigterm, .sigint],
            cancellationSignals: [],
            logger: logger
        )
        // A second budget on top of the worker's own, so a stuck close cannot hold the process forever.
        groupConfiguration.maximumGracefulShutdownDuration = configuration.shutdownGracePeriod + .seconds(5)
        let group = ServiceGroup(configuration: groupConfiguration)
        try await group.run()
        logger.notice("Stopped dateline")
    }
}
