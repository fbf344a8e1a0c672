import CMallocCounter
import DatelineExtraction
import Foundation

// `dateline` pipeline throughput on one core over a JSONL corpus, with a baseline measured in the same run.
//
// Usage: DatelineBench CORPUS.jsonl [SECONDS]
// Runs the whole pipeline (extraction + JSON serialisation) repeatedly on the calling thread for at least
// SECONDS (default 5), then a baseline (a Unicode-scalar word scan over the same texts: the cheapest pass
// any tokeniser must make), and prints articles/s, MB/s (UTF-8 bytes of article text) and heap
// allocations per article, plus the pipeline/baseline ratio.

let arguments = CommandLine.arguments
guard arguments.count >= 2, let data = FileManager.default.contents(atPath: arguments[1]) else {
    FileHandle.standardError.write(Data("usage: DatelineBench CORPUS.jsonl [SECONDS]\n".utf8))
    exit(2)
}
let minimumSeconds = arguments.count >= 3 ? Double(arguments[2]) ?? 5 : 5

let decoder = ArticleDecoder()
var articles: [Article] = []
for line in data.split(separator: UInt8(ascii: "\n")) {
    if case .success(let article) = decoder.decode(value: Array(line), key: nil) { articles.append(article) }
}
let corpusBytes = articles.reduce(0) { $0 + $1.text.utf8.count }
guard !articles.isEmpty else {
    FileHandle.standardError.write(Data("no articles in \(arguments[1])\n".utf8))
    exit(2)
}

let pipeline: ExtractionPipeline
do {
    pipeline = try ExtractionPipeline()
} catch {
    FileHandle.standardError.write(Data("\(error)\n".utf8))
    exit(2)
}

/// Runs `body` over the corpus until `minimumSeconds` have passed; returns (passes, seconds, allocations).
@MainActor
func measure(_ body: (Article) -> Int) -> (passes: Int, seconds: Double, allocations: UInt64, sink: Int) {
    var sink = 0
    for article in articles { sink &+= body(article) }  // warm-up
    let clock = ContinuousClock()
    let start = clock.now
    let allocationsBefore = dateline_bench_allocation_count()
    var passes = 0
    var elapsed: Duration = .zero
    repeat {
        for article in articles { sink &+= body(article) }
        passes += 1
        elapsed = clock.now - start
    } while Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18 < minimumSeconds
    let allocations = dateline_bench_allocation_count() - allocationsBefore
    let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
    return (passes, seconds, allocations, sink)
}

let full = measure { article in
    (try? pipeline.recordJSON(for: article, provenance: nil).count) ?? 0
}
let baseline = measure { article in
    var words = 0
    var inWord = false
    for scalar in article.text.unicodeScalars {
        let space = scalar.properties.isWhitespace
        if !space && !inWord { words += 1 }
        inWord = !space
    }
    return words
}

@MainActor
func report(_ name: String, _ m: (passes: Int, seconds: Double, allocations: UInt64, sink: Int)) -> Double {
    let articlesPerSecond = Double(m.passes * articles.count) / m.seconds
    let megabytesPerSecond = Double(m.passes * corpusBytes) / m.seconds / 1_000_000
    let allocationsPerArticle = Double(m.allocations) / Double(m.passes * articles.count)
    print(
        String(
            format: "%@ %10.0f articles/s  %8.2f MB/s  %10.1f allocations/article  (%d passes, %.1f s)",
            name.padding(toLength: 28, withPad: " ", startingAt: 0),
            articlesPerSecond,
            megabytesPerSecond,
            allocationsPerArticle,
            m.passes,
            m.seconds
        )
    )
    return megabytesPerSecond
}

print(
    "dateline bench: pipeline \(ExtractionPipeline.version), \(articles.count) articles, "
        + String(format: "%.2f MB of text, one thread", Double(corpusBytes) / 1_000_000)
)
let pipelineRate = report("pipeline (extract + JSON)", full)
let baselineRate = report("baseline (scalar word scan)", baseline)
print(String(format: "pipeline / baseline throughput ratio: %.3f", pipelineRate / baselineRate))
if full.sink == 42 { print("") }  // keep the work observable
