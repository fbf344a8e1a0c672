import Foundation

/// Isolates the one Foundation call the configuration needs.
enum ProcessInfoShim {
    static var activeProcessorCount: Int { ProcessInfo.processInfo.activeProcessorCount }
}
