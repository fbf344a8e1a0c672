#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// stdout or stderr written with `write(2)` directly: whole buffers, no extra buffering layer in between.
///
/// `dateline extract` must hand each record to the next process in a pipe as soon as it is in order, so it
/// writes unbuffered and batches by itself.
struct StandardStream: Sendable {
    let descriptor: Int32

    static let standardOutput = StandardStream(descriptor: STDOUT_FILENO)
    static let standardError = StandardStream(descriptor: STDERR_FILENO)

    /// Writes all of `bytes`, resuming after partial writes and `EINTR`; gives up on any other error (a
    /// closed pipe raises SIGPIPE first, which ends the process as for any Unix filter).
    func write(_ bytes: [UInt8]) {
        bytes.withUnsafeBytes { raw in
            var offset = 0
            while offset < raw.count {
                #if canImport(Glibc)
                    let written = Glibc.write(self.descriptor, raw.baseAddress! + offset, raw.count - offset)
                #else
                    let written = Darwin.write(self.descriptor, raw.baseAddress! + offset, raw.count - offset)
                #endif
                if written > 0 {
                    offset += written
                } else if written < 0 && errno == EINTR {
                    continue
                } else {
                    return
                }
            }
        }
    }
}
