/// One message header.
public struct KafkaHeader: Sendable, Hashable {
    /// The header name.
    public var name: String
    /// The header value; `nil` is a null value, distinct from empty.
    public var value: [UInt8]?

    /// Creates a header with a byte value.
    public init(name: String, value: [UInt8]?) {
        self.name = name
        self.value = value
    }

    /// Creates a header with a UTF-8 text value.
    public init(name: String, string: String) {
        self.name = name
        self.value = Array(string.utf8)
    }
}
