import DatelineExtraction
import Foundation
import Logging
import NIOPosix
import Prometheus
import ServiceLifecycle

@testable import dateline

/// Runs the real `dateline serve` application in-process on a free loopback port for one test.
enum ServeHarness {
    /// Starts the server, runs `body` with its base URL, then stops it gracefully (as SIGTERM would).
    ///
    /// - Parameters:
    ///   - maxBodyBytes: The server's body limit.
    ///   - body: The test, given `http://127.0.0.1:PORT`.
    static func withServer(
        maxBodyBytes: Int = 64 * 1024,
        _ body: @Sendable (URL) async throws -> Void
    ) async throws {
        var configuration = ServeConfiguration()
        configuration.host = "127.0.0.1"
        configuration.port = 0
        configuration.maxBodyBytes = maxBodyBytes
        configuration.concurrency = 2
        let pool = NIOThreadPool(numberOfThreads: configuration.concurrency)
        pool.start()
        let registry = PrometheusCollectorRegistry()
        BuildInfo.register(in: registry)
        let logger = Logger(label: "serve-test") { _ in SwiftLogNoOpLogHandler() }
        let (ports, portContinuation) = AsyncStream.makeStream(of: Int.self)
        let server = ExtractionServer.application(
            configuration: configuration,
            pipeline: try ExtractionPipeline.shared(),
            pool: pool,
            registry: registry,
            metricsFactory: Observability.metricsFactory(registry: registry),
            openAPI: try OpenAPIDocument.load(),
            logger: logger,
            onServerRunning: { port in portContinuation.yield(port) }
        )
        let group = ServiceGroup(services: [server], logger: logger)
        do {
            try await withThrowingTaskGroup(of: Void.self) { tasks in
                tasks.addTask { try await group.run() }
                var iterator = ports.makeAsyncIterator()
                guard let port = await iterator.next() else {
                    throw HTTPTestClient.Failure(description: "the server did not start")
                }
                do {
                    try await body(URL(string: "http://127.0.0.1:\(port)")!)
                } catch {
                    await group.triggerGracefulShutdown()
                    throw error
                }
                await group.triggerGracefulShutdown()
                try await tasks.waitForAll()
            }
        } catch {
            try? await pool.shutdownGracefully()
            throw error
        }
        try await pool.shutdownGracefully()
    }
}
