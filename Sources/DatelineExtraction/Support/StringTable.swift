/// An immutable string-keyed hash table for the lexicons, hashed with FNV-1a.
///
/// `Set<String>`/`Dictionary` hash with per-process seeded SipHash, which dominates lookups of short
/// words; lexicon tables are built once and read by every thread, so a fixed hash with linear probing
/// over an array of stored 64-bit hashes is both faster and deterministic. A miss touches only the hash
/// array; keys are compared (and values read) only on a hash match. Read-only after `init`, hence `Sendable`.
struct StringTable<Value: Sendable>: Sendable {
    /// Slot hashes; 0 marks an empty slot (stored hashes always have their low bit set).
    private let hashes: [UInt64]
    private let keys: [String]
    private let values: [Value?]
    private let mask: Int
    let count: Int

    init(_ pairs: some Sequence<(String, Value)>) {
        let pairs = Array(pairs)
        var capacity = 16
        while capacity < pairs.count * 2 { capacity <<= 1 }
        var hashes = [UInt64](repeating: 0, count: capacity)
        var keys = [String](repeating: "", count: capacity)
        var values = [Value?](repeating: nil, count: capacity)
        let mask = capacity - 1
        var count = 0
        for (key, value) in pairs {
            let h = Self.hash(key) | 1
            var p = Self.slot(h, mask)
            while hashes[p] != 0, !(hashes[p] == h && keys[p] == key) { p = (p + 1) & mask }
            if hashes[p] == 0 { count += 1 }
            hashes[p] = h
            keys[p] = key
            values[p] = value
        }
        self.hashes = hashes
        self.keys = keys
        self.values = values
        self.mask = mask
        self.count = count
    }

    @inline(__always)
    private static func slot(_ h: UInt64, _ mask: Int) -> Int { Int(truncatingIfNeeded: h ^ (h >> 31)) & mask }

    @inline(__always)
    static func hash(_ key: String) -> UInt64 {
        key.utf8.withContiguousStorageIfAvailable { StableHash.fnv1a($0) } ?? StableHash.fnv1a(key.utf8)
    }

    /// The slot holding `key`, or `nil`.
    @inline(__always)
    private func find(_ key: String) -> Int? {
        self.find(key, hash: Self.hash(key))
    }

    /// The slot holding `key` whose FNV-1a hash the caller already knows (a token's ``Token/hash``).
    @inline(__always)
    private func find(_ key: String, hash: UInt64) -> Int? {
        let h = hash | 1
        var p = Self.slot(h, self.mask)
        return self.hashes.withUnsafeBufferPointer { hashes in
            while true {
                let stored = hashes[p]
                if stored == 0 { return nil }
                if stored == h && self.keys[p] == key { return p }
                p = (p + 1) & self.mask
            }
        }
    }

    subscript(_ key: String) -> Value? {
        guard let p = self.find(key) else { return nil }
        return self.values[p]
    }

    func contains(_ key: String) -> Bool { self.find(key) != nil }

    /// Looks `key` up with its precomputed FNV-1a hash.
    subscript(_ key: String, _ hash: UInt64) -> Value? {
        guard let p = self.find(key, hash: hash) else { return nil }
        return self.values[p]
    }

    func contains(_ key: String, _ hash: UInt64) -> Bool { self.find(key, hash: hash) != nil }
}

extension StringTable where Value == Bool {
    init(_ keys: some Sequence<String>) {
        self.init(keys.lazy.map { ($0, true) })
    }
}
