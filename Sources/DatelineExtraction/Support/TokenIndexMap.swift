/// A map from token positions (0...count) to an index, backed by a flat array: the per-article
/// "which mention starts/ends here" lookups, without hashing.
struct TokenIndexMap {
    private var slots: [Int32]

    /// - Parameter count: The largest key plus one (token count + 1 for end positions).
    init(count: Int) {
        self.slots = [Int32](repeating: -1, count: max(count, 0))
    }

    subscript(_ position: Int) -> Int? {
        get {
            guard position >= 0, position < self.slots.count else { return nil }
            let value = self.slots[position]
            return value < 0 ? nil : Int(value)
        }
        set {
            guard position >= 0, position < self.slots.count else { return }
            self.slots[position] = newValue.map { Int32(truncatingIfNeeded: $0) } ?? -1
        }
    }
}
