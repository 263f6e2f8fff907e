// /health, /health/ready and /metrics through the router, without sockets.
import CalendarBackend
import Foundation
import HTTPServer
import Logging
import Storage
import Testing

@Suite struct OperatorRoutesTests {
    private func router(readiness: @escaping @Sendable () -> Readiness) -> Router {
        let routes = RouterBuilder(errors: RESTErrors.renderer)
        OperatorRoutes.register(on: routes.group(access: .none), version: "9.9.9", metrics: HTTPMetrics(), readiness: readiness)
        return routes.build()
    }

    private func text(_ response: HTTPResponse) -> String { String(decoding: response.body, as: UTF8.self) }

    @Test func healthIsLivenessWithTheVersion() async {
        let response = await router { Readiness(database: "broken", migrations: "broken") }
            .respond(to: HTTPRequest(method: .get, path: "/health"))
        #expect(response.status == .ok)
        #expect(text(response) == #"{"status":"ok","version":"9.9.9"}"#)
    }

    @Test func readyIs503NamingPendingMigrations() async throws {
        let database = try SQLiteDatabase(path: ":memory:")
        let migrations = try MigrationRunner(database: database, logger: Logger(label: "test"))
        let router = router { migrations.readiness() }

        let before = await router.respond(to: HTTPRequest(method: .get, path: "/health/ready"))
        #expect(before.status == .serviceUnavailable)
        #expect(text(before) == #"{"checks":{"database":"ok","migrations":"\#(EmbeddedMigrations.all.count) pending"},"status":"unavailable"}"#)

        try migrations.migrate()
        let after = await router.respond(to: HTTPRequest(method: .get, path: "/health/ready"))
        #expect(after.status == .ok)
        #expect(text(after) == #"{"checks":{"database":"ok","migrations":"ok"},"status":"ok"}"#)
    }

    @Test func readyNamesADatabaseFailure() async {
        let response = await router { Readiness(database: "unable to open database file", migrations: "ok") }
            .respond(to: HTTPRequest(method: .get, path: "/health/ready"))
        #expect(response.status == .serviceUnavailable)
        #expect(text(response).contains(#""database":"unable to open database file""#))
    }

    @Test func metricsArePrometheusText() async {
        let response = await router { Readiness(database: "ok", migrations: "ok") }.respond(to: HTTPRequest(method: .get, path: "/metrics"))
        #expect(response.headers["Content-Type"] == "text/plain; version=0.0.4; charset=utf-8")
        #expect(text(response).contains("# TYPE http_requests_total counter"))
        #expect(text(response).contains("http_open_connections 0"))
    }
}
