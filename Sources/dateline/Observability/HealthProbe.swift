/// What the health endpoints ask the running worker: is the process making progress, is it serving.
struct HealthProbe: Sendable {
    /// `/healthz`: why the process is stuck and should be restarted, `nil` when it is not.
    var livenessProblem: @Sendable () -> String?
    /// `/readyz`: why the worker should not get work (not in the group, stopping, …), `nil` when ready.
    var readinessProblem: @Sendable () -> String?
}
