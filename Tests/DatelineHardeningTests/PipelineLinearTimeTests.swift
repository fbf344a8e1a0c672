import DatelineExtraction
import Foundation
import Testing

/// Linear time: doubling the input at most roughly doubles the pipeline's time, for ordinary generated text
/// and for shapes that tempt quadratic code (unclosed quotes and brackets, endless capitalised runs, one
/// sentence without punctuation, one giant token).
///
/// Checked as a ratio within one run, so it holds on any machine and build: the size is calibrated until one
/// extraction takes at least 20 ms, then the medians of interleaved runs at n and 2n must stay below 3x (a
/// quadratic stage gives 4x). A run that fails is measured once more before it counts, to ride out a burst of
/// load from other processes.
@Suite(.serialized) struct PipelineLinearTimeTests {
    static let limit = 3.0

    /// Each shape is a unit repeated to the wanted size.
    static let shapes: [(name: String, unit: String)] = [
        ("unclosed straight quotes", "\"He said "),
        ("unclosed curly quotes", "\u{201C}Never again, "),
        ("quotes with speakers", "\"We will not wait,\" Ana Costa said. "),
        ("open brackets", "( Alpha "),
        ("acronym candidates", "The Big Old Organisation (BOO) "),
        ("capitalised run", "Alpha Beta Gamma Delta "),
        ("shouted run", "UNITED NATIONS SECURITY COUNCIL "),
        ("titles and names", "President John Smith, Minister Ana Costa and Dr. Wei Zhang "),
        ("one long sentence", "and the officials "),
        ("numbers and units", "1,200 villagers 3.5 percent $2 billion "),
        ("dates", "on May 10, 2024 and last Tuesday "),
        ("abbreviations", "Mr. Gen. Sen. U.S. e.g. "),
        ("hyphen chain", "state-of-the-art-"),
        ("giant token", "a"),
        ("blank lines", "word\n\n"),
        ("combining marks", "e\u{301}\u{302}\u{303} "),
    ]

    @Test(arguments: Self.shapes.map(\.name))
    func repeatedShapeScalesLinearly(name: String) throws {
        let unit = Self.shapes.first { $0.name == name }!.unit
        try Self.checkLinear(name) { scalars in
            String(repeating: unit, count: max(1, scalars / unit.unicodeScalars.count))
        }
    }

    @Test func generatedArticlesScaleLinearly() throws {
        try Self.checkLinear("generated article") { scalars in
            var generator = ArticleTextGenerator(seed: 0x11_4EA2)
            return generator.text(atLeast: scalars)
        }
    }

    static func checkLinear(_ name: String, text: (Int) -> String) throws {
        let pipeline = try HardeningSupport.pipeline()
        func time(_ article: Article) -> Duration {
            ContinuousClock().measure { _ = pipeline.extract(article) }
        }
        func article(_ scalars: Int) -> Article { Article(id: name, text: text(scalars), language: "en") }
        // Calibrate: the smaller size must take long enough to measure.
        var size = 2_000
        while size < 256_000, time(article(size)) < .milliseconds(20) { size *= 2 }
        let small = article(size)
        let large = article(2 * size)
        var ratios: [Double] = []
        for _ in 0..<2 {
            var smallTimes: [Duration] = []
            var largeTimes: [Duration] = []
            _ = time(small)
            _ = time(large)
            for _ in 0..<5 {
                smallTimes.append(time(small))
                largeTimes.append(time(large))
            }
            let ratio =
                Self.seconds(HardeningSupport.median(largeTimes)) / Self.seconds(HardeningSupport.median(smallTimes))
            ratios.append(ratio)
            if ratio < Self.limit { return }
        }
        Issue.record(
            "\(name): doubling the input from \(small.text.unicodeScalars.count) to \(large.text.unicodeScalars.count) scalars multiplied the time by \(ratios.map { String(format: "%.2f", $0) }) (limit \(Self.limit))"
        )
    }

    static func seconds(_ duration: Duration) -> Double {
        Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
    }
}
