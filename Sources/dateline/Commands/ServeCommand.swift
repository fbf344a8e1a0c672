import ArgumentParser
import DatelineExtraction
import Foundation
import Logging
import Metrics
import NIOPosix
import Prometheus
import ServiceLifecycle
import UnixSignals

/// `dateline serve`: the extraction pipeline as an HTTP API, until SIGTERM/SIGINT.
///
/// For clients that do not speak Kafka: `POST /v1/extract` returns the record `dateline extract` writes for
/// the same input. See ``ExtractionServer`` for the routes and `Sources/dateline/Resources/openapi.json`.
struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Serve the extraction pipeline over HTTP (POST /v1/extract, /v1/extract/batch).",
        discussion: """
            Answers with the dateline.article/v1 record that `dateline extract` writes for the same input; bad \
            input gets a 4xx with a JSON error body. GET /healthz, /metrics and /openapi.json as well. \
            SIGTERM or SIGINT stops accepting connections and finishes the requests in flight.
            """
    )

    @Option(help: "Config file (default: $DATELINE_CONFIG, else config/dateline.yaml when present).")
    var config: String?

    @Option(help: "Listen address (default: 127.0.0.1; env DATELINE_SERVE_HOST).")
    var host: String?

    @Option(help: "Listen port, 0 for any free one (default: 8080; env DATELINE_SERVE_PORT).")
    var port: String?

    @Option(help: "Largest request body in bytes; larger ones get 413 (default: 2097152).")
    var maxBodyBytes: String?

    @Option(help: "Extraction threads (default: active cores; env DATELINE_CONCURRENCY).")
    var concurrency: String?

    @Option(help: "Minimum log level.")
    var logLevel: String?

    @Option(help: "Log line format: text or json.")
    var logFormat: String?

    /// The flags that were given, keyed by setting name.
    var flagValues: [String: String] {
        var flags: [String: String] = [:]
        let pairs: [(SettingKey, String?)] = [
            (.serveHost, self.host), (.servePort, self.port), (.serveMaxBodyBytes, self.maxBodyBytes),
            (.concurrency, self.concurrency), (.logLevel, self.logLevel), (.logFormat, self.logFormat),
        ]
        for (key, value) in pairs {
            if let value { flags[key.name] = value }
        }
        return flags
    }

    /// The server's settings: flag > environment > config file > default, validated like every command's.
    ///
    /// - Parameter environment: The process environment (injectable for tests).
    /// - Returns: The resolved settings and the configuration built from them.
    /// - Throws: ``SettingsError`` naming the first invalid setting and where it was set.
    func resolve(
        environment: [String: String] = ProcessInfo.processInfo.environment
    ) throws(SettingsError) -> (ResolvedSettings, ServeConfiguration) {
        let path = ConfigFile.path(flag: self.config, environment: environment)
        let resolver = SettingsResolver(
            flags: self.flagValues,
            environment: environment,
            file: try path.map { path throws(SettingsError) in try ConfigFile.load(path: path) } ?? ConfigFile(),
            configPath: path
        )
        let resolved = try resolver.resolve()
        var configuration = ServeConfiguration()
        configuration.host = resolved[.serveHost] ?? configuration.host
        configuration.port = resolved.integer(.servePort)
        configuration.maxBodyBytes = resolved.integer(.serveMaxBodyBytes)
        configuration.concurrency = resolved.integer(.concurrency)
        return (resolved, configuration)
    }

    func run() async throws {
        let (resolved, configuration) = try self.resolve()
        let logger = Observability.bootstrapLogging(resolved)
        let registry = Observability.bootstrapMetrics()
        let pipeline = try ExtractionPipeline()
        let openAPI = try OpenAPIDocument.load()

        // Extraction is CPU-bound: a fixed pool, one thread per core by default, beside the event loops.
        let pool = NIOThreadPool(numberOfThreads: configuration.concurrency)
        pool.start()
        let server = ExtractionServer.application(
            configuration: configuration,
            pipeline: pipeline,
            pool: pool,
            registry: registry,
            metricsFactory: Observability.metricsFactory(registry: registry),
            openAPI: openAPI,
            logger: logger,
            onServerRunning: { port in
                logger.notice(
                    "Serving the extraction API",
                    metadata: [
                        "http.host": "\(configuration.host)",
                        "http.port": "\(port)",
                        "pipeline.version": "\(ExtractionPipeline.version)",
                        "serve.concurrency": "\(configuration.concurrency)",
                        "serve.max_body_bytes": "\(configuration.maxBodyBytes)",
                        "config.file": "\(resolved.configPath ?? "none")",
                    ]
                )
            }
        )
        let group = ServiceGroup(
            configuration: ServiceGroupConfiguration(
                services: [.init(service: server)],
                gracefulShutdownSignals: [.sigterm, .sigint],
                cancellationSignals: [],
                logger: logger
            )
        )
        do {
            try await group.run()
        } catch {
            try? await pool.shutdownGracefully()
            throw error
        }
        // After the server: requests still in flight at SIGTERM have had their extraction finish.
        try await pool.shutdownGracefully()
        logger.notice("Stopped dateline serve")
    }
}
