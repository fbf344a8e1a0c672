import Logging
import Metrics
import Prometheus

/// Process-wide bootstrap of logging and metrics; only the executable does this, once.
enum Observability {
    /// Logs go to stderr with metadata; stdout stays free for command output.
    ///
    /// - Parameter settings: Supplies `log_level` and `log_format` (`text`, or `json` for one object per line).
    /// - Returns: The root logger, `dateline`.
    static func bootstrapLogging(_ settings: ResolvedSettings) -> Logger {
        let logLevel = Logger.Level(rawValue: settings[.logLevel] ?? "info") ?? .info
        let json = settings[.logFormat] == "json"
        LoggingSystem.bootstrap { label in
            var handler: any LogHandler =
                json ? JSONLogHandler.standardError(label: label) : StreamLogHandler.standardError(label: label)
            handler.logLevel = logLevel
            return handler
        }
        return Logger(label: "dateline")
    }

    /// Routes swift-metrics into a Prometheus registry served on `/metrics`, with `dateline_build_info` set.
    static func bootstrapMetrics() -> PrometheusCollectorRegistry {
        let registry = PrometheusCollectorRegistry()
        MetricsSystem.bootstrap(Self.metricsFactory(registry: registry))
        BuildInfo.register(in: registry)
        return registry
    }

    /// The Prometheus factory with Dateline's histogram buckets, writing into `registry`.
    ///
    /// - Parameter registry: The registry served on `/metrics`.
    /// - Returns: The factory ``bootstrapMetrics()`` installs; `serve` also hands it to its request metrics.
    static func metricsFactory(registry: PrometheusCollectorRegistry) -> PrometheusMetricsFactory {
        var factory = PrometheusMetricsFactory(registry: registry)
        // Buckets for per-article processing time: 100 µs to 10 s.
        factory.defaultDurationHistogramBuckets = [
            .microseconds(100), .microseconds(250), .microseconds(500), .milliseconds(1), .milliseconds(2),
            .milliseconds(5), .milliseconds(10), .milliseconds(25), .milliseconds(50), .milliseconds(100),
            .milliseconds(250), .milliseconds(500), .seconds(1), .seconds(2), .seconds(5), .seconds(10),
        ]
        return factory
    }
}
