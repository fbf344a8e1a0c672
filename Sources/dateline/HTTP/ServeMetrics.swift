import Metrics
import Synchronization

/// The HTTP API's request counters and latency, labelled by route and status.
///
/// Labels are bounded: the route is one of the served paths or `other`, the status one of the codes the
/// API returns. Each series is created once, on first use, and reused.
final class ServeMetrics: Sendable {
    private let factory: any MetricsFactory
    private let counters = Mutex<[String: Counter]>([:])
    private let timers = Mutex<[String: Timer]>([:])

    /// - Parameter factory: Where the metrics go; the process's Prometheus factory in `serve`.
    init(factory: any MetricsFactory) {
        self.factory = factory
    }

    /// Counts one answered request and records how long it took.
    ///
    /// - Parameters:
    ///   - route: The route label (a served path or `other`).
    ///   - status: The HTTP status code returned.
    ///   - duration: From the request's arrival to its response.
    func record(route: String, status: Int, duration: Duration) {
        let key = "\(route) \(status)"
        let counter = self.counters.withLock { counters in
            if let counter = counters[key] { return counter }
            let counter = Counter(
                label: "dateline_http_requests_total",
                dimensions: [("route", route), ("status", String(status))],
                factory: self.factory
            )
            counters[key] = counter
            return counter
        }
        counter.increment()
        let timer = self.timers.withLock { timers in
            if let timer = timers[route] { return timer }
            let timer = Timer(
                label: "dateline_http_request_duration_seconds",
                dimensions: [("route", route)],
                factory: self.factory
            )
            timers[route] = timer
            return timer
        }
        timer.record(duration: duration)
    }
}
