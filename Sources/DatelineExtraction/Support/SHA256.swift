/// FIPS 180-4 SHA-256, so that ids and fingerprints need no crypto dependency on Linux.
public enum SHA256 {
    private static let roundConstants: [UInt32] = [
        0x428a_2f98, 0x7137_4491, 0xb5c0_fbcf, 0xe9b5_dba5, 0x3956_c25b, 0x59f1_11f1, 0x923f_82a4, 0xab1c_5ed5,
        0xd807_aa98, 0x1283_5b01, 0x2431_85be, 0x550c_7dc3, 0x72be_5d74, 0x80de_b1fe, 0x9bdc_06a7, 0xc19b_f174,
        0xe49b_69c1, 0xefbe_4786, 0x0fc1_9dc6, 0x240c_a1cc, 0x2de9_2c6f, 0x4a74_84aa, 0x5cb0_a9dc, 0x76f9_88da,
        0x983e_5152, 0xa831_c66d, 0xb003_27c8, 0xbf59_7fc7, 0xc6e0_0bf3, 0xd5a7_9147, 0x06ca_6351, 0x1429_2967,
        0x27b7_0a85, 0x2e1b_2138, 0x4d2c_6dfc, 0x5338_0d13, 0x650a_7354, 0x766a_0abb, 0x81c2_c92e, 0x9272_2c85,
        0xa2bf_e8a1, 0xa81a_664b, 0xc24b_8b70, 0xc76c_51a3, 0xd192_e819, 0xd699_0624, 0xf40e_3585, 0x106a_a070,
        0x19a4_c116, 0x1e37_6c08, 0x2748_774c, 0x34b0_bcb5, 0x391c_0cb3, 0x4ed8_aa4a, 0x5b9c_ca4f, 0x682e_6ff3,
        0x748f_82ee, 0x78a5_636f, 0x84c8_7814, 0x8cc7_0208, 0x90be_fffa, 0xa450_6ceb, 0xbef9_a3f7, 0xc671_78f2,
    ]

    /// The 32-byte digest of `bytes`.
    public static func digest(_ bytes: [UInt8]) -> [UInt8] {
        var hasher = Hasher()
        bytes.withUnsafeBufferPointer { hasher.update($0) }
        return hasher.finalize()
    }

    /// Incremental SHA-256: feed bytes in pieces, then ``finalize()`` once.
    struct Hasher {
        private var state: (UInt32, UInt32, UInt32, UInt32, UInt32, UInt32, UInt32, UInt32) = (
            0x6a09_e667, 0xbb67_ae85, 0x3c6e_f372, 0xa54f_f53a, 0x510e_527f, 0x9b05_688c, 0x1f83_d9ab, 0x5be0_cd19
        )
        private var block = [UInt8](repeating: 0, count: 64)
        private var filled = 0
        private var length: UInt64 = 0
        private var schedule = [UInt32](repeating: 0, count: 64)

        init() {}

        mutating func update(_ bytes: UnsafeBufferPointer<UInt8>) {
            self.length &+= UInt64(bytes.count)
            var offset = 0
            // Top up a partial block first; then whole blocks straight from the input.
            if self.filled > 0 {
                let take = min(64 - self.filled, bytes.count)
                for k in 0..<take { self.block[self.filled + k] = bytes[k] }
                self.filled += take
                offset = take
                if self.filled == 64 {
                    self.compressBlock()
                    self.filled = 0
                }
            }
            while bytes.count - offset >= 64 {
                let chunk = UnsafeBufferPointer(rebasing: bytes[offset..<(offset + 64)])
                self.schedule.withUnsafeMutableBufferPointer { w in SHA256.compress(&self.state, chunk, w) }
                offset += 64
            }
            while offset < bytes.count {
                self.block[self.filled] = bytes[offset]
                self.filled += 1
                offset += 1
            }
        }

        private mutating func compressBlock() {
            self.block.withUnsafeBufferPointer { block in
                self.schedule.withUnsafeMutableBufferPointer { w in SHA256.compress(&self.state, block, w) }
            }
        }

        /// Pads, compresses the tail, and returns the 32-byte digest.
        mutating func finalize() -> [UInt8] {
            let bitLength = self.length &* 8
            self.block[self.filled] = 0x80
            self.filled += 1
            if self.filled > 56 {
                for k in self.filled..<64 { self.block[k] = 0 }
                self.compressBlock()
                self.filled = 0
            }
            for k in self.filled..<56 { self.block[k] = 0 }
            for i in 0..<8 { self.block[56 + i] = UInt8(truncatingIfNeeded: bitLength >> UInt64(56 - 8 * i)) }
            self.compressBlock()
            var digest: [UInt8] = []
            digest.reserveCapacity(32)
            let s = self.state
            for word in [s.0, s.1, s.2, s.3, s.4, s.5, s.6, s.7] {
                for shift in stride(from: 24, through: 0, by: -8) {
                    digest.append(UInt8(truncatingIfNeeded: word >> UInt32(shift)))
                }
            }
            return digest
        }
    }

    /// Lower-case hex of a digest.
    static func hex(_ digest: [UInt8]) -> String {
        let hex = Array("0123456789abcdef".utf8)
        var out: [UInt8] = []
        out.reserveCapacity(64)
        for byte in digest {
            out.append(hex[Int(byte >> 4)])
            out.append(hex[Int(byte & 0x0f)])
        }
        return String(decoding: out, as: UTF8.self)
    }

    @inline(__always)
    fileprivate static func compress(
        _ state: inout (UInt32, UInt32, UInt32, UInt32, UInt32, UInt32, UInt32, UInt32),
        _ block: UnsafeBufferPointer<UInt8>,
        _ w: UnsafeMutableBufferPointer<UInt32>
    ) {
        for i in 0..<16 {
            let j = i * 4
            w[i] =
                UInt32(block[j]) << 24 | UInt32(block[j + 1]) << 16 | UInt32(block[j + 2]) << 8 | UInt32(block[j + 3])
        }
        for i in 16..<64 {
            let s0 = rotr(w[i - 15], 7) ^ rotr(w[i - 15], 18) ^ (w[i - 15] >> 3)
            let s1 = rotr(w[i - 2], 17) ^ rotr(w[i - 2], 19) ^ (w[i - 2] >> 10)
            w[i] = w[i - 16] &+ s0 &+ w[i - 7] &+ s1
        }
        var (a, b, c, d, e, f, g, h) = state
        // Eight rounds per iteration with the working variables renamed instead of shifted: no moves between
        // rounds, which is most of the cost of a naive loop.
        roundConstants.withUnsafeBufferPointer { k in
            var i = 0
            while i < 64 {
                round(a, b, c, &d, e, f, g, &h, k[i] &+ w[i])
                round(h, a, b, &c, d, e, f, &g, k[i + 1] &+ w[i + 1])
                round(g, h, a, &b, c, d, e, &f, k[i + 2] &+ w[i + 2])
                round(f, g, h, &a, b, c, d, &e, k[i + 3] &+ w[i + 3])
                round(e, f, g, &h, a, b, c, &d, k[i + 4] &+ w[i + 4])
                round(d, e, f, &g, h, a, b, &c, k[i + 5] &+ w[i + 5])
                round(c, d, e, &f, g, h, a, &b, k[i + 6] &+ w[i + 6])
                round(b, c, d, &e, f, g, h, &a, k[i + 7] &+ w[i + 7])
                i += 8
            }
        }
        state = (
            state.0 &+ a, state.1 &+ b, state.2 &+ c, state.3 &+ d, state.4 &+ e, state.5 &+ f, state.6 &+ g,
            state.7 &+ h
        )
    }

    /// One SHA-256 round: `d += t1`, `h = t1 + t2`, with the caller rotating the names.
    @inline(__always)
    private static func round(
        _ a: UInt32,
        _ b: UInt32,
        _ c: UInt32,
        _ d: inout UInt32,
        _ e: UInt32,
        _ f: UInt32,
        _ g: UInt32,
        _ h: inout UInt32,
        _ kw: UInt32
    ) {
        let t1 = h &+ (rotr(e, 6) ^ rotr(e, 11) ^ rotr(e, 25)) &+ ((e & f) ^ (~e & g)) &+ kw
        let t2 = (rotr(a, 2) ^ rotr(a, 13) ^ rotr(a, 22)) &+ ((a & b) ^ (a & c) ^ (b & c))
        d = d &+ t1
        h = t1 &+ t2
    }

    /// Lower-case hex of ``digest(_:)``.
    public static func hexDigest(_ bytes: [UInt8]) -> String {
        let hex = Array("0123456789abcdef".utf8)
        var out: [UInt8] = []
        out.reserveCapacity(64)
        for byte in digest(bytes) {
            out.append(hex[Int(byte >> 4)])
            out.append(hex[Int(byte & 0x0f)])
        }
        return String(decoding: out, as: UTF8.self)
    }

    @inline(__always)
    private static func rotr(_ x: UInt32, _ n: UInt32) -> UInt32 { (x >> n) | (x << (32 - n)) }
}
