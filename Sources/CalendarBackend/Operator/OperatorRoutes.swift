// The endpoints operators curl: liveness, readiness and Prometheus metrics.
import HTTPServer

/// What readiness reports for each dependency: "ok", or what is wrong.
public struct ReadinessReport: Sendable, Equatable {
    public var database: String
    public var migrations: String

    public init(database: String, migrations: String) {
        self.database = database
        self.migrations = migrations
    }

    public var isReady: Bool { database == "ok" && migrations == "ok" }
}

/// `GET /health`, `GET /health/ready` and `GET /metrics`.
public enum OperatorRoutes {
    struct Health: Encodable {
        let status: String
        let version: String
    }

    struct Readiness: Encodable {
        let status: String
        let checks: [String: String]
    }

    /// Registers the operator routes. `readiness` is called on every `/health/ready` and must be cheap.
    public static func register(on router: Router, version: String, metrics: HTTPMetrics,
                                readiness: @escaping @Sendable () async -> ReadinessReport) {
        // Liveness does no I/O, so it runs inline on the I/O thread: it answers even when every task is busy.
        let health = HTTPResponse.json(Health(status: "ok", version: version))
        router.onImmediate(.get, "/health") { _ in health }

        router.get("/health/ready") { _ in
            let report = await readiness()
            let body = Readiness(status: report.isReady ? "ok" : "unavailable",
                                 checks: ["database": report.database, "migrations": report.migrations])
            return .json(body, status: report.isReady ? .ok : .serviceUnavailable)
        }

        router.onImmediate(.get, "/metrics") { _ in
            .text(metrics.render(), contentType: "text/plain; version=0.0.4; charset=utf-8")
        }
    }
}
