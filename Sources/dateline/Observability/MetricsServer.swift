import Hummingbird
import Logging
import NIOCore
import Prometheus

/// The HTTP side of observability: Prometheus text on `/metrics`, liveness on `/healthz`,
/// readiness on `/readyz`.
///
/// Built on Hummingbird, whose `Application` is itself a `Service`, so it joins the worker's
/// `ServiceGroup` and stops with it.
enum MetricsServer {
    /// Creates the application; run it as a service.
    ///
    /// - Parameters:
    ///   - host: Listen address.
    ///   - port: Listen port.
    ///   - registry: The registry `PrometheusMetricsFactory` writes into.
    ///   - probe: The worker's health.
    ///   - logger: Server logs.
    static func application(
        host: String,
        port: Int,
        registry: PrometheusCollectorRegistry,
        probe: HealthProbe,
        logger: Logger
    ) -> some ApplicationProtocol {
        let router = Router()
        router.get("/metrics") { _, _ -> Response in
            var bytes: [UInt8] = []
            bytes.reserveCapacity(16 * 1024)
            registry.emit(into: &bytes)
            return Response(
                status: .ok,
                headers: [.contentType: "text/plain; version=0.0.4; charset=utf-8"],
                body: .init(byteBuffer: ByteBuffer(bytes: bytes))
            )
        }
        router.get("/healthz") { _, _ -> Response in
            Self.status(probe.isAlive(), ok: "alive\n", failing: "stalled\n")
        }
        router.get("/readyz") { _, _ -> Response in
            Self.status(probe.isReady(), ok: "ready\n", failing: "not ready\n")
        }
        var serverLogger = logger
        serverLogger[metadataKey: "component"] = "metrics-server"
        return Application(
            router: router,
            configuration: .init(address: .hostname(host, port: port), serverName: "dateline"),
            logger: serverLogger
        )
    }

    private static func status(_ healthy: Bool, ok: String, failing: String) -> Response {
        Response(
            status: healthy ? .ok : .serviceUnavailable,
            headers: [.contentType: "text/plain; charset=utf-8"],
            body: .init(byteBuffer: ByteBuffer(string: healthy ? ok : failing))
        )
    }
}
