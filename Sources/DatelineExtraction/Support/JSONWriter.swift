/// A minimal streaming JSON writer into UTF-8 bytes: keys are written in the order the caller gives,
/// so output is deterministic; numbers are formatted without locale.
struct JSONWriter {
    private(set) var bytes: [UInt8] = []
    /// Bit `depth` is set when the current container already has a member (records nest only a few levels).
    private var commaBits: UInt64 = 0
    private var depth = 0

    init(capacity: Int = 4096) {
        self.bytes.reserveCapacity(capacity)
    }

    @inline(__always)
    private mutating func separate() {
        let bit: UInt64 = 1 << UInt64(self.depth & 63)
        if self.commaBits & bit != 0 { self.bytes.append(UInt8(ascii: ",")) }
        self.commaBits |= bit
    }

    @inline(__always)
    private mutating func open(_ byte: UInt8) {
        self.separate()
        self.bytes.append(byte)
        self.depth += 1
        self.commaBits &= ~(1 << UInt64(self.depth & 63))
    }

    mutating func beginObject() { self.open(UInt8(ascii: "{")) }

    mutating func endObject() {
        self.depth -= 1
        self.bytes.append(UInt8(ascii: "}"))
    }

    mutating func beginArray() { self.open(UInt8(ascii: "[")) }

    mutating func endArray() {
        self.depth -= 1
        self.bytes.append(UInt8(ascii: "]"))
    }

    /// Writes `"name":`; the next value call writes the value without a comma.
    ///
    /// Keys are literals with nothing to escape, so their bytes are copied as they are.
    mutating func key(_ name: StaticString) {
        self.separate()
        self.bytes.append(UInt8(ascii: "\""))
        self.bytes.append(contentsOf: UnsafeBufferPointer(start: name.utf8Start, count: name.utf8CodeUnitCount))
        self.bytes.append(UInt8(ascii: "\""))
        self.bytes.append(UInt8(ascii: ":"))
        // The value that follows the key takes no comma.
        self.commaBits &= ~(1 << UInt64(self.depth & 63))
    }

    mutating func string(_ value: String) {
        self.separate()
        self.appendString(value)
    }

    mutating func optionalString(_ value: String?) {
        if let value { self.string(value) } else { self.null() }
    }

    mutating func int(_ value: Int) {
        self.separate()
        self.bytes.append(contentsOf: String(value).utf8)
    }

    mutating func double(_ value: Double) {
        self.separate()
        if !value.isFinite {
            self.bytes.append(contentsOf: "null".utf8)
        } else if value == value.rounded(), abs(value) < 1e15 {
            self.bytes.append(contentsOf: String(Int64(value)).utf8)
        } else {
            self.bytes.append(contentsOf: "\(value)".utf8)
        }
    }

    mutating func bool(_ value: Bool) {
        self.separate()
        self.bytes.append(contentsOf: (value ? "true" : "false").utf8)
    }

    mutating func null() {
        self.separate()
        self.bytes.append(contentsOf: "null".utf8)
    }

    mutating func field(_ name: StaticString, _ value: String) {
        self.key(name)
        self.string(value)
    }

    mutating func field(_ name: StaticString, _ value: String?) {
        self.key(name)
        self.optionalString(value)
    }

    mutating func field(_ name: StaticString, _ value: Int) {
        self.key(name)
        self.int(value)
    }

    private static let hex = Array("0123456789abcdef".utf8)

    private mutating func appendString(_ value: String) {
        let hex = Self.hex
        self.bytes.append(UInt8(ascii: "\""))
        // Fast path: nothing to escape, copy the UTF-8 as is.
        var value = value
        let clean = value.withUTF8 { utf8 -> Bool in
            for byte in utf8 where byte < 0x20 || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\") {
                return false
            }
            self.bytes.append(contentsOf: utf8)
            return true
        }
        if clean {
            self.bytes.append(UInt8(ascii: "\""))
            return
        }
        for byte in value.utf8 {
            switch byte {
            case UInt8(ascii: "\""):
                self.bytes.append(UInt8(ascii: "\\"))
                self.bytes.append(byte)
            case UInt8(ascii: "\\"):
                self.bytes.append(UInt8(ascii: "\\"))
                self.bytes.append(byte)
            case 0x0A:
                self.bytes.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "n")])
            case 0x0D:
                self.bytes.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "r")])
            case 0x09:
                self.bytes.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "t")])
            case 0..<0x20:
                self.bytes.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "u"), 0x30, 0x30])
                self.bytes.append(hex[Int(byte >> 4)])
                self.bytes.append(hex[Int(byte & 0xf)])
            default:
                self.bytes.append(byte)
            }
        }
        self.bytes.append(UInt8(ascii: "\""))
    }
}
