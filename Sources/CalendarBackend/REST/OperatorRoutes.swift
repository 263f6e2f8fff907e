// OperatorRoutes: the endpoints operators curl: liveness, readiness and Prometheus metrics (no authentication).
import HTTPServer
import Storage

/// `GET /health`, `GET /health/ready` and `GET /metrics`.
public enum OperatorRoutes {
    struct Health: Encodable {
        let status: String
        let version: String
    }

    struct ReadinessBody: Encodable {
        let status: String
        let checks: [String: String]
    }

    /// Registers the operator routes on a group with ``AccessPolicy/none``. `readiness` is called on every
    /// `/health/ready` and must be cheap.
    public static func register(on open: RouteGroup<Void>, version: String, metrics: HTTPMetrics,
                                readiness: @escaping @Sendable () async -> Readiness, extraMetrics: @escaping @Sendable () -> String = { "" }) {
        // Liveness does no I/O, so it runs inline on the I/O thread: it answers even when every task is busy.
        let health = HTTPResponse.json(Health(status: "ok", version: version))
        open.immediate(.get, "/health") { _ in health }

        open.get("/health/ready") { _ in
            let report = await readiness()
            let body = ReadinessBody(status: report.isReady ? "ok" : "unavailable",
                                     checks: ["database": report.database, "migrations": report.migrations])
            return .json(body, status: report.isReady ? .ok : .serviceUnavailable)
        }

        open.immediate(.get, "/metrics") { _ in
            .text(metrics.render() + extraMetrics(), contentType: "text/plain; version=0.0.4; charset=utf-8")
        }
    }
}
