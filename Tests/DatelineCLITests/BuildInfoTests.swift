import ArgumentParser
import DatelineExtraction
import DatelineKafka
import Prometheus
import Testing

@testable import dateline

@Suite struct BuildInfoTests {
    @Test func versionTextNamesReleasePipelineAndLibrdkafka() {
        let lines = BuildInfo.versionText.split(separator: "\n").map(String.init)
        #expect(
            lines == [
                "dateline \(BuildInfo.version)", "pipeline \(ExtractionPipeline.version)",
                "librdkafka \(KafkaLibrary.version)",
            ]
        )
        #expect(Dateline.configuration.version == BuildInfo.versionText)
    }

    @Test func buildInfoGaugeIsOneWithTheThreeVersionsAsLabels() throws {
        let registry = PrometheusCollectorRegistry()
        BuildInfo.register(in: registry)
        var bytes: [UInt8] = []
        registry.emit(into: &bytes)
        let text = String(decoding: bytes, as: UTF8.self)
        let line = try #require(text.split(separator: "\n").first { $0.hasPrefix("dateline_build_info{") })
        #expect(line.hasSuffix("} 1.0") || line.hasSuffix("} 1"))
        #expect(line.contains("version=\"\(BuildInfo.version)\""))
        #expect(line.contains("pipeline=\"\(ExtractionPipeline.version)\""))
        #expect(line.contains("librdkafka=\"\(KafkaLibrary.version)\""))
        #expect(text.contains("# TYPE dateline_build_info gauge"))
    }
}
