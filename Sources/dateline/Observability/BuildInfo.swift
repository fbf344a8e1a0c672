import DatelineExtraction
import DatelineKafka
import Prometheus

/// What this binary is: the release, the pipeline that shapes its records, and the librdkafka it linked.
///
/// Operators need all three to attribute output (`pipeline.version` is in every record) and to match a
/// librdkafka bug report, so `dateline --version` prints them and `dateline_build_info` exports them.
enum BuildInfo {
    /// The Dateline release; bump it with every tagged release.
    static let version = "0.11.0"

    /// The pipeline version every record carries (``ExtractionPipeline/version``).
    static var pipelineVersion: String { ExtractionPipeline.version }

    /// The librdkafka linked at run time, which can differ from the one built against.
    static var librdkafkaVersion: String { KafkaLibrary.version }

    /// The text of `dateline --version`, one `name version` pair per line.
    static var versionText: String {
        """
        dateline \(Self.version)
        pipeline \(Self.pipelineVersion)
        librdkafka \(Self.librdkafkaVersion)
        """
    }

    /// The metric name; the labels carry the versions and the value is always 1.
    static let metricName = "dateline_build_info"

    /// Registers `dateline_build_info{version,pipeline,librdkafka} 1`.
    ///
    /// The Prometheus convention for build metadata: a constant gauge whose labels can be joined onto any
    /// other series (`* on(instance) group_left(version) dateline_build_info`).
    /// - Parameter registry: The registry served on `/metrics`.
    static func register(in registry: PrometheusCollectorRegistry) {
        let gauge = registry.makeGauge(
            descriptor: MetricNameDescriptor(
                namespace: "dateline",
                metricName: "build",
                unitName: "info",
                helpText: "Dateline release, pipeline and librdkafka versions; always 1"
            ),
            labels: [
                ("version", Self.version), ("pipeline", Self.pipelineVersion),
                ("librdkafka", Self.librdkafkaVersion),
            ]
        )
        gauge.set(to: 1)
    }
}
