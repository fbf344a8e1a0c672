/// A deterministic random number generator (SplitMix64) for property tests.
///
/// Property tests must reproduce: a failure prints its seed, and running again with that seed
/// (`DATELINE_PROPERTY_SEED=<seed>`) replays the same sequence. `SystemRandomNumberGenerator` and `Hasher`
/// are seeded per process, so they are never used to drive a property test.
struct SeededGenerator: RandomNumberGenerator, Sendable {
    private var state: UInt64

    /// Creates a generator; equal seeds give equal sequences on every run and platform.
    ///
    /// - Parameter seed: Any 64-bit value, including 0.
    init(seed: UInt64) {
        self.state = seed
    }

    /// The next 64 random bits (SplitMix64: a Weyl sequence through a 64-bit finaliser).
    mutating func next() -> UInt64 {
        self.state &+= 0x9E37_79B9_7F4A_7C15
        var z = self.state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// A uniformly chosen index below `bound` (which must be positive).
    mutating func index(_ bound: Int) -> Int {
        precondition(bound > 0, "index(_:) needs a positive bound")
        return Int(self.next() % UInt64(bound))
    }

    /// `true` with probability `numerator / denominator`.
    mutating func chance(_ numerator: Int, in denominator: Int) -> Bool {
        self.index(denominator) < numerator
    }

    /// A uniformly chosen element of a non-empty array.
    mutating func pick<T>(_ elements: [T]) -> T {
        elements[self.index(elements.count)]
    }
}

/// The seeds a property test runs: one seed from `DATELINE_PROPERTY_SEED` (to replay a failure), else
/// `count` fixed seeds derived from `base` (so every run checks the same cases), scaled by
/// `DATELINE_PROPERTY_SCALE` (for longer local runs).
enum PropertySeeds {
    static func seeds(base: UInt64, count: Int, environment: [String: String]) -> [UInt64] {
        if let value = environment["DATELINE_PROPERTY_SEED"], let seed = UInt64(value) {
            return [seed]
        }
        let scale = environment["DATELINE_PROPERTY_SCALE"].flatMap(Int.init).map { max(1, $0) } ?? 1
        var generator = SeededGenerator(seed: base)
        return (0..<(count * scale)).map { _ in generator.next() }
    }
}
