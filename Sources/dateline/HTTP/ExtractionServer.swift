import DatelineExtraction
import Hummingbird
import Logging
import Metrics
import NIOCore
import NIOPosix
import Prometheus

/// The HTTP API of `dateline serve`: extraction for clients that do not speak Kafka.
///
/// | route | answer |
/// |---|---|
/// | `POST /v1/extract` | one input (worker JSON object or `text/plain`) → its `dateline.article/v1` record |
/// | `POST /v1/extract/batch` | a JSON array or JSONL of inputs → an array or JSONL of records / per-item errors |
/// | `GET /healthz` | 200 while the server runs |
/// | `GET /metrics` | Prometheus text, `dateline_build_info` and the request metrics among it |
/// | `GET /openapi.json` | the OpenAPI 3.1 document of all of this |
///
/// Hummingbird's `Application` is a `Service`: run it in a `ServiceGroup`, which stops it gracefully
/// (in-flight requests finish) on SIGTERM.
enum ExtractionServer {
    /// The served paths and their methods; anything else is a JSON 404 or 405.
    static let routes: [String: [HTTPRequest.Method]] = [
        "/v1/extract": [.post],
        "/v1/extract/batch": [.post],
        "/healthz": [.get],
        "/metrics": [.get],
        "/openapi.json": [.get],
    ]

    /// Creates the application; run it as a service.
    ///
    /// - Parameters:
    ///   - configuration: Address, body limit and concurrency.
    ///   - pipeline: The loaded pipeline.
    ///   - pool: A started thread pool for extraction; the caller shuts it down after the server stops.
    ///   - registry: The Prometheus registry served on `/metrics`.
    ///   - metricsFactory: Where request metrics go (the registry's factory).
    ///   - openAPI: The document served on `/openapi.json` (``OpenAPIDocument/load()``).
    ///   - logger: Server logs.
    ///   - onServerRunning: Called with the bound port once the server listens (port 0 picks one).
    static func application(
        configuration: ServeConfiguration,
        pipeline: ExtractionPipeline,
        pool: NIOThreadPool,
        registry: PrometheusCollectorRegistry,
        metricsFactory: any MetricsFactory,
        openAPI: [UInt8],
        logger: Logger,
        onServerRunning: @escaping @Sendable (Int) async -> Void = { _ in }
    ) -> some ApplicationProtocol {
        var serverLogger = logger
        serverLogger[metadataKey: "component"] = "http-api"
        let handler = ExtractionHandler(pipeline: pipeline, pool: pool, configuration: configuration)
        let router = Router()
        router.add(
            middleware: APIErrorMiddleware(
                routes: Self.routes,
                metrics: ServeMetrics(factory: metricsFactory),
                logger: serverLogger
            )
        )
        router.post("/v1/extract") { request, _ in try await handler.extract(request) }
        router.post("/v1/extract/batch") { request, _ in try await handler.extractBatch(request) }
        router.get("/healthz") { _, _ in
            Response(
                status: .ok,
                headers: [.contentType: "application/json"],
                body: .init(byteBuffer: ByteBuffer(string: "{\"status\":\"ok\"}\n"))
            )
        }
        router.get("/metrics") { _, _ in
            var bytes: [UInt8] = []
            bytes.reserveCapacity(16 * 1024)
            registry.emit(into: &bytes)
            return Response(
                status: .ok,
                headers: [.contentType: "text/plain; version=0.0.4; charset=utf-8"],
                body: .init(byteBuffer: ByteBuffer(bytes: bytes))
            )
        }
        let document = ByteBuffer(bytes: openAPI)
        router.get("/openapi.json") { _, _ in
            Response(status: .ok, headers: [.contentType: "application/json"], body: .init(byteBuffer: document))
        }
        return Application(
            router: router,
            configuration: .init(
                address: .hostname(configuration.host, port: configuration.port),
                serverName: "dateline"
            ),
            onServerRunning: { channel in await onServerRunning(channel.localAddress?.port ?? configuration.port) },
            logger: serverLogger
        )
    }
}
