/// What the health endpoints ask the running worker: is the process making progress, is it serving.
struct HealthProbe: Sendable {
    /// `/healthz`: `false` only when the process is stuck and should be restarted.
    var isAlive: @Sendable () -> Bool
    /// `/readyz`: the group is joined and the poll loop runs.
    var isReady: @Sendable () -> Bool
}
