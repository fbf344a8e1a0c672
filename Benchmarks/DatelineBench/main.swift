import CMallocCounter
import DatelineExtraction
import Foundation

// `dateline` pipeline throughput on one core over a JSONL corpus, with a baseline measured in the same run.
//
// Usage: DatelineBench CORPUS.jsonl [SECONDS]
// Runs the whole pipeline (extraction + JSON serialisation) repeatedly on the calling thread for at least
// SECONDS of thread CPU time (default 5), then a baseline (a Unicode-scalar word scan over the same texts: the cheapest pass
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

/// This thread's CPU time in seconds: throughput per core, unaffected by other processes sharing the machine.
func threadCPUSeconds() -> Double {
    var spec = timespec()
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &spec)
    return Double(spec.tv_sec) + Double(spec.tv_nsec) / 1e9
}

struct Measurement {
    var passes: Int
    var wallSeconds: Double
    var cpuSeconds: Double
    /// The median pass's CPU time: a shared machine's bursts of interference move the mean, not the median.
    var medianPassSeconds: Double
    var allocations: UInt64
    var sink: Int
}

/// Runs `body` over the corpus until `minimumSeconds` of CPU time have passed.
@MainActor
func measure(_ body: (Article) -> Int) -> Measurement {
    var sink = 0
    for article in articles { sink &+= body(article) }  // warm-up
    let clock = ContinuousClock()
    let start = clock.now
    let cpuStart = threadCPUSeconds()
    let allocationsBefore = dateline_bench_allocation_count()
    var passes = 0
    var passSeconds: [Double] = []
    repeat {
        let passStart = threadCPUSeconds()
        for article in articles { sink &+= body(article) }
        passSeconds.append(threadCPUSeconds() - passStart)
        passes += 1
    } while threadCPUSeconds() - cpuStart < minimumSeconds
    let allocations = dateline_bench_allocation_count() - allocationsBefore
    let cpu = threadCPUSeconds() - cpuStart
    let elapsed = clock.now - start
    let wall = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
    passSeconds.sort()
    return Measurement(
        passes: passes,
        wallSeconds: wall,
        cpuSeconds: cpu,
        medianPassSeconds: passSeconds[passSeconds.count / 2],
        allocations: allocations,
        sink: sink
    )
}

let full = measure { article in
    (try? pipeline.recordJSON(for: article, provenance: nil).count) ?? 0
}
// DATELINE_BENCH_PIPELINE_ONLY=1 skips the baseline (for profiling the pipeline alone).
let pipelineOnly = ProcessInfo.processInfo.environment["DATELINE_BENCH_PIPELINE_ONLY"] == "1"
let baseline =
    pipelineOnly
    ? full
    : measure { article in
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
func report(_ name: String, _ m: Measurement) -> Double {
    let articlesPerSecond = Double(articles.count) / m.medianPassSeconds
    let megabytesPerSecond = Double(corpusBytes) / m.medianPassSeconds / 1_000_000
    let wallMegabytesPerSecond = Double(m.passes * corpusBytes) / m.wallSeconds / 1_000_000
    let allocationsPerArticle = Double(m.allocations) / Double(m.passes * articles.count)
    print(
        String(
            format: "%@ %8.0f articles/s  %6.2f MB/s  %8.1f allocations/article  (wall clock %.2f MB/s; %d passes)",
            name.padding(toLength: 28, withPad: " ", startingAt: 0),
            articlesPerSecond,
            megabytesPerSecond,
            allocationsPerArticle,
            wallMegabytesPerSecond,
            m.passes
        )
    )
    return megabytesPerSecond
}

print(
    "dateline bench: pipeline \(ExtractionPipeline.version), \(articles.count) articles, "
        + String(
            format: "%.2f MB of text, one thread; rates per CPU-second of that thread, median pass",
            Double(corpusBytes) / 1_000_000
        )
)
let pipelineRate = report("pipeline (extract + JSON)", full)
let baselineRate = report("baseline (scalar word scan)", baseline)
print(String(format: "pipeline / baseline throughput ratio: %.3f", pipelineRate / baselineRate))
if full.sink == 42 { print("") }  // keep the work observable
