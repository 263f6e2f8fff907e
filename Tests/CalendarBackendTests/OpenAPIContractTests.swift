// openapi.yaml must describe exactly the routes the service registers.
import CalendarBackend
import Foundation
import HTTPServer
import Curl
import EWS
import Logging
import Storage
import Testing

@Suite struct OpenAPIContractTests {
    /// `METHOD /path` for every operation in openapi.yaml (a line scan: paths at two spaces, methods at four).
    private func documentedOperations() throws -> Set<String> {
        let file = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("openapi.yaml")
        let text = try String(contentsOf: file, encoding: .utf8)
        var operations = Set<String>()
        var inPaths = false
        var currentPath: String?
        for line in text.components(separatedBy: "\n") {
            if line.hasPrefix("paths:") { inPaths = true; continue }
            if inPaths && !line.isEmpty && !line.hasPrefix(" ") { break }
            if line.hasPrefix("  /") { currentPath = String(line.dropFirst(2).dropLast()) }
            for method in ["get", "post", "put", "delete", "patch"] where line == "    \(method):" {
                operations.insert("\(method.uppercased()) \(currentPath ?? "?")")
            }
        }
        return operations
    }

    /// The service's REST router, as `serve --test-clock` builds it (stores in memory, no network): every route.
    private func serviceRouter(testClock: Bool = true) throws -> Router {
        let database = try SQLiteDatabase(path: ":memory:")
        let organizations = OrganizationService(store: SQLOrganizationStore(database: database), adminToken: String(repeating: "a", count: 32))
        let check = EWSConnectivityCheck(policy: EWSPolicy(), transport: CurlTransport(), logger: Logger(label: "t"))
        let exchange = ExchangeLinkService(links: SQLExchangeLinkStore(database: database),
                                           secrets: try SecretBox(key: [UInt8](repeating: 7, count: 32)), check: check, logger: Logger(label: "t"))
        let routes = RouterBuilder(errors: RESTErrors.renderer)
        var dependencies = RESTAPI.Dependencies.onDatabase(database, organizations: organizations, exchange: exchange)
        if testClock {
            let links = SQLExchangeLinkStore(database: database)
            let clock = CalendarBackend.TestClock(store: SQLTestClockStore(database: database))
            let notifier = ExpiryNotifier(links: links, notices: SQLExpiryNoticeStore(database: database), organizations: SQLOrganizationStore(database: database),
                                          mailer: OutboxMailSender(outbox: SQLOutboxStore(database: database)), healthEvents: dependencies.healthEvents,
                                          clock: clock, metrics: ExpiryMetrics(), logger: Logger(label: "t"))
            dependencies.testClock = (clock, notifier)
        }
        RESTAPI.register(on: routes, dependencies)
        return routes.build()
    }

    @Test func everyRegisteredRouteIsDocumentedAndNothingElse() throws {
        #expect(Set(try serviceRouter().routeDescriptions) == (try documentedOperations()))
    }

    /// The test clock's routes exist only with `serve --test-clock`.
    @Test func withoutTheTestClockItsRoutesDoNotExist() throws {
        let routes = Set(try serviceRouter(testClock: false).routeDescriptions)
        #expect(try documentedOperations().subtracting(routes) == ["GET /v1/admin/clock", "POST /v1/admin/clock"])
    }

    /// Every /v1 route authenticates (invitation links by the token in their path); only the operator endpoints
    /// are open.
    @Test func onlyOperatorRoutesAreOpen() throws {
        for (route, policy) in try serviceRouter().routePolicies {
            if route.contains(" /v1/invitations/") {
                #expect(policy == "invitationToken", "\(route) has policy \(policy)")
            } else if route.contains(" /v1/") {
                #expect(["admin", "organizationKey"].contains(policy), "\(route) has policy \(policy)")
            } else {
                #expect(policy == "none", "\(route)")
                #expect(["GET /health", "GET /health/ready", "GET /metrics"].contains(route))
            }
        }
    }
}
