import Hummingbird
import Logging

/// Turns every refusal into the API's JSON error body and counts every answer in ``ServeMetrics``.
///
/// Added to the router before any route, so it also wraps the router's not-found path: an unknown path
/// becomes a JSON 404, and a known path with the wrong method a JSON 405 with `Allow`. Any other error
/// is logged and answered 500; a request never takes the process down.
struct APIErrorMiddleware<Context: RequestContext>: RouterMiddleware {
    /// The served paths and the methods each accepts.
    let routes: [String: [HTTPRequest.Method]]
    let metrics: ServeMetrics
    let logger: Logger

    func handle(
        _ request: Request,
        context: Context,
        next: (Request, Context) async throws -> Response
    ) async throws -> Response {
        let started = ContinuousClock.now
        let path = request.uri.path
        let response: Response
        do {
            response = try await next(request, context)
        } catch let error as APIError {
            response = error.response()
        } catch let error as any HTTPResponseError where error.status == .notFound {
            response = self.notFound(request).response()
        } catch let error as any HTTPResponseError {
            response = APIError(.internalError, "HTTP \(error.status.code)", status: error.status).response()
        } catch is CancellationError {
            response = APIError(.unavailable, "the request was cancelled", status: .serviceUnavailable).response()
        } catch {
            self.logger.error("Request failed", error: error, metadata: ["http.path": "\(path)"])
            response = APIError(.internalError, "the request could not be processed", status: .internalServerError)
                .response()
        }
        let route = self.routes[path] == nil ? "other" : path
        self.metrics.record(route: route, status: response.status.code, duration: ContinuousClock.now - started)
        return response
    }

    private func notFound(_ request: Request) -> APIError {
        let path = request.uri.path
        guard let allowed = self.routes[path] else {
            return APIError(.notFound, "no such endpoint: \(path) (see /openapi.json)", status: .notFound)
        }
        let names = allowed.map(\.rawValue).joined(separator: ", ")
        var error = APIError(
            .methodNotAllowed,
            "\(request.method.rawValue) is not allowed on \(path); use \(names)",
            status: .methodNotAllowed
        )
        error.headers[.allow] = names
        return error
    }
}
