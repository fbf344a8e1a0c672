/// An immutable string-keyed hash table for the lexicons, hashed with FNV-1a.
///
/// `Set<String>`/`Dictionary` hash with per-process seeded SipHash, which dominates lookups of short
/// words; lexicon tables are built once and read by every thread, so a fixed hash with linear probing
/// and a stored 64-bit hash per slot (string comparison only on a hash match) is both faster and
/// deterministic. Read-only after `init`, hence `Sendable`.
struct StringTable<Value: Sendable>: Sendable {
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
            let h = Self.hash(key)
            var p = Int(truncatingIfNeeded: h ^ (h >> 31)) & mask
            while values[p] != nil, !(hashes[p] == h && keys[p] == key) { p = (p + 1) & mask }
            if values[p] == nil { count += 1 }
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
    static func hash(_ key: String) -> UInt64 {
        var key = key
        return key.withUTF8 { StableHash.fnv1a($0) }
    }

    subscript(_ key: String) -> Value? {
        let h = Self.hash(key)
        var p = Int(truncatingIfNeeded: h ^ (h >> 31)) & self.mask
        while let value = self.values[p] {
            if self.hashes[p] == h && self.keys[p] == key { return value }
            p = (p + 1) & self.mask
        }
        return nil
    }
}

extension StringTable where Value == Bool {
    init(_ keys: some Sequence<String>) {
        self.init(keys.lazy.map { ($0, true) })
    }

    func contains(_ key: String) -> Bool { self[key] != nil }
}
