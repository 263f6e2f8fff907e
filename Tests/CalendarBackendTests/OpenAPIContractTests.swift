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

    @Test func everyRegisteredRouteIsDocumentedAndNothingElse() throws {
        let router = Router()
        let database = try SQLiteDatabase(path: ":memory:")
        let organizations = SQLiteOrganizationStore(database: database)
        let authenticator = APIAuthenticator(adminToken: String(repeating: "a", count: 32), organizations: organizations)
        let check = ConnectivityCheck(policy: EWSPolicy(), transport: CurlTransport(), logger: Logger(label: "t"))
        let exchange = ExchangeLinkService(links: SQLiteExchangeLinkStore(database: database),
                                           secrets: try SecretBox(key: [UInt8](repeating: 7, count: 32)), check: check, logger: Logger(label: "t"))
        ServiceRoutes.register(on: router, version: "0", metrics: HTTPMetrics(), readiness: { Readiness(database: "ok", migrations: "ok") },
                               organizations: organizations, authenticator: authenticator, exchange: exchange)
        #expect(Set(router.routeDescriptions) == (try documentedOperations()))
    }
}
