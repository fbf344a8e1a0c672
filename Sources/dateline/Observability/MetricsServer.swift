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
            Self.status(problem: probe.livenessProblem(), ok: "alive", failing: "not alive")
        }
        router.get("/readyz") { _, _ -> Response in
            Self.status(problem: probe.readinessProblem(), ok: "ready", failing: "not ready")
        }
        var serverLogger = logger
        serverLogger[metadataKey: "component"] = "metrics-server"
        return Application(
            router: router,
            configuration: .init(address: .hostname(host, port: port), serverName: "dateline"),
            logger: serverLogger
        )
    }

    /// 200 with `ok`, or 503 with `failing: problem`, one line of plain text.
    private static func status(problem: String?, ok: String, failing: String) -> Response {
        Response(
            status: problem == nil ? .ok : .serviceUnavailable,
            headers: [.contentType: "text/plain; charset=utf-8"],
            body: .init(byteBuffer: ByteBuffer(string: problem.map { "\(failing): \($0)\n" } ?? "\(ok)\n"))
        )
    }
}
