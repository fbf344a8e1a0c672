/// An open-addressing table from already-hashed 64-bit keys to dense indices, for per-article counting.
///
/// Swift's `Dictionary` re-hashes integer keys with seeded SipHash; the keys here are already fixed
/// 64-bit hashes, so a linear-probing table over them is both faster and independent of the seed.
struct HashSlots {
    private var keys: [UInt64]
    private var slots: [Int32]
    private var mask: Int
    private(set) var count = 0

    init(expected: Int) {
        var capacity = 16
        while capacity < expected * 2 { capacity <<= 1 }
        self.keys = [UInt64](repeating: 0, count: capacity)
        self.slots = [Int32](repeating: -1, count: capacity)
        self.mask = capacity - 1
    }

    /// The dense index of `key`, inserting it with index `count` when absent.
    ///
    /// - Returns: The index, and whether the key was new.
    mutating func index(for key: UInt64) -> (index: Int, inserted: Bool) {
        if self.count * 2 >= self.keys.count { self.grow() }
        var p = Int(truncatingIfNeeded: key ^ (key >> 29)) & self.mask
        while true {
            let slot = self.slots[p]
            if slot < 0 {
                self.keys[p] = key
                self.slots[p] = Int32(self.count)
                self.count += 1
                return (self.count - 1, true)
            }
            if self.keys[p] == key { return (Int(slot), false) }
            p = (p + 1) & self.mask
        }
    }

    private mutating func grow() {
        let oldKeys = self.keys
        let oldSlots = self.slots
        let capacity = oldKeys.count * 2
        self.keys = [UInt64](repeating: 0, count: capacity)
        self.slots = [Int32](repeating: -1, count: capacity)
        self.mask = capacity - 1
        for (key, slot) in zip(oldKeys, oldSlots) where slot >= 0 {
            var p = Int(truncatingIfNeeded: key ^ (key >> 29)) & self.mask
            while self.slots[p] >= 0 { p = (p + 1) & self.mask }
            self.keys[p] = key
            self.slots[p] = slot
        }
    }
}
