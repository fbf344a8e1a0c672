/// A command failure with a message for the operator (printed as `Error: …`, exit code 1).
struct CommandFailure: Error, CustomStringConvertible {
    var description: String

    init(_ description: String) {
        self.description = description
    }
}
