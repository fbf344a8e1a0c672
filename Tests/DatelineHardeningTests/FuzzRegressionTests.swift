import DatelineExtraction
import Foundation
import Testing

/// Replays every input kept in `Fuzz/Regressions/<target>/` (crashes, slow inputs and invariant violations the
/// fuzzers found) and the committed seeds of `Fuzz/Corpus/<target>/`, through the same harness as the fuzz
/// target, asserting the same invariants.
@Suite struct FuzzRegressionTests {
    /// Much more than the fuzzers' 1 s: tests run as unoptimised debug builds, possibly under a sanitizer.
    static let budget = Duration.seconds(20)

    @Test(arguments: FuzzTarget.allCases)
    func regressionInputsStayFixed(target: FuzzTarget) throws {
        try Self.replay(target, directory: "Fuzz/Regressions/\(target.rawValue)")
    }

    @Test(arguments: FuzzTarget.allCases)
    func seedCorpusKeepsTheInvariants(target: FuzzTarget) throws {
        let files = HardeningSupport.files(under: "Fuzz/Corpus/\(target.rawValue)")
        #expect(!files.isEmpty, "no seeds in Fuzz/Corpus/\(target.rawValue)")
        try Self.replay(target, directory: "Fuzz/Corpus/\(target.rawValue)")
    }

    static func replay(_ target: FuzzTarget, directory: String) throws {
        let pipeline = try HardeningSupport.pipeline()
        for file in HardeningSupport.files(under: directory) {
            guard let data = FileManager.default.contents(atPath: file.path) else {
                Issue.record("cannot read \(file.path)")
                continue
            }
            let violations = target.violations(Array(data), pipeline: pipeline, budget: Self.budget)
            if !violations.isEmpty {
                let list = violations.prefix(10).joined(separator: "\n  ")
                Issue.record("\(directory)/\(file.lastPathComponent):\n  \(list)")
            }
        }
    }
}
