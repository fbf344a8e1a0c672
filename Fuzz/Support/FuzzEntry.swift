// Compiled into each libFuzzer binary together with the DatelineExtraction sources and
// Tests/DatelineHardeningTests/Support/{FuzzHarness,RecordInvariants}.swift (see scripts/fuzz.sh).
import Foundation

/// The pipeline every input runs through, loaded once from `DATELINE_LEXICON_DIR` (scripts/fuzz.sh sets it).
let fuzzPipeline: ExtractionPipeline = {
    do {
        return try ExtractionPipeline()
    } catch {
        FileHandle.standardError.write(Data("fuzz: cannot load the lexicons: \(error)\n".utf8))
        exit(2)
    }
}()

/// The time one input may take before it counts as a finding: `FUZZ_BUDGET_MS` (default 1000 ms) plus
/// `FUZZ_BUDGET_US_PER_BYTE` (default 25 µs) per input byte. Under ASan a 40 KB article takes ~0.3 s on a busy
/// machine; a superlinear stage on a 32 KB input takes far longer than the ~1.8 s this allows.
let fuzzBudgetBase: Duration = .milliseconds(
    ProcessInfo.processInfo.environment["FUZZ_BUDGET_MS"].flatMap(Int.init) ?? 1000
)
let fuzzBudgetPerByte: Duration = .microseconds(
    ProcessInfo.processInfo.environment["FUZZ_BUDGET_US_PER_BYTE"].flatMap(Int.init) ?? 25
)

/// Violations to ignore while a reported bug awaits its fix, so fuzzing goes on past it: `FUZZ_IGNORE`, a
/// `|`-separated list of substrings of violation messages (default: none).
let fuzzIgnored: [String] = (ProcessInfo.processInfo.environment["FUZZ_IGNORE"] ?? "")
    .split(separator: "|").map(String.init).filter { !$0.isEmpty }

/// Called by libFuzzer once before the first input: loads the lexicons and runs one extraction, so one-time
/// costs (loading ~70k lexicon rows, first-use initialisation) are not charged to the first input's budget.
@_cdecl("LLVMFuzzerInitialize")
public func fuzzInitialize(
    _ argc: UnsafeMutablePointer<CInt>?,
    _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?>?
) -> CInt {
    let warmUp = Article(
        id: "warm-up",
        text: "LISBON (Reuters) - \u{201C}We agree,\u{201D} Ana Costa, the chief engineer, said on May 10, 2024 (WHO).",
        language: "en"
    )
    _ = try? fuzzPipeline.recordJSON(for: warmUp, provenance: nil)
    return 0
}

/// Runs one libFuzzer input through `target`; any violated invariant aborts, so libFuzzer keeps the input.
func fuzzOne(_ target: FuzzTarget, _ start: UnsafePointer<UInt8>?, _ count: Int) -> CInt {
    let data = start.map { Array(UnsafeBufferPointer(start: $0, count: count)) } ?? []
    let violations = target.violations(data, pipeline: fuzzPipeline, budget: fuzzBudgetBase + fuzzBudgetPerByte * count)
        .filter { violation in
            !fuzzIgnored.contains { violation.contains($0) }
        }
    if !violations.isEmpty {
        let report = violations.prefix(20).map { "  - \($0)" }.joined(separator: "\n")
        FileHandle.standardError.write(Data("fuzz(\(target.rawValue)): invariant violated:\n\(report)\n".utf8))
        abort()
    }
    return 0
}
