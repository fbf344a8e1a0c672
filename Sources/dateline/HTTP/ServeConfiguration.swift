/// The settings of `dateline serve`, resolved from flags, environment, file and defaults.
struct ServeConfiguration: Sendable {
    /// Listen address. Default: `127.0.0.1` (the API has no authentication; expose it deliberately).
    var host: String = "127.0.0.1"
    /// Listen port; 0 picks a free one. Default: 8080.
    var port: Int = 8080
    /// The largest request body accepted, single or batch; larger ones get 413. Default: 2 MiB, the worker's
    /// input limit, so what `serve` accepts the worker accepts too.
    var maxBodyBytes: Int = 2 * 1024 * 1024
    /// Extraction threads, shared by all requests. Default: the active cores.
    var concurrency: Int = SettingKey.defaultConcurrency

    init() {}
}
