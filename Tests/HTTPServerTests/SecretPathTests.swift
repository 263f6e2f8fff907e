// SecretPathTests: a route whose path is a credential (an invitation token) never shows that path to logs.
import Foundation
import HTTPServer
import InMemoryLogging
import Logging
import TestSupport
import Testing

@Suite struct SecretPathTests {
    static let token = "inv_" + String(repeating: "7e", count: 32)

    @Test func theAccessLogAndFailureLogShowTheTemplateAndTheHandlerStillGetsTheParameter() async throws {
        let logs = InMemoryLogHandler()
        let logger = Logger(label: "test") { _ in logs }
        let routes = RouterBuilder(errors: .testJSON, logger: logger)
        let secret = routes.group("/v1/invitations/{token}", access: AccessPolicy(name: "token", pathIsSecret: true) { request in
            try request.parameter("token")
        })
        secret.post("/accept") { request, token in
            // The handler sees the template as the path, and the token only as the principal.
            .text("\(request.path) \(token == Self.token)")
        }
        secret.get("/fail") { _, _ in throw CancellationError() }
        var configuration = HTTPServerConfiguration()
        configuration.port = 0
        let server = HTTPServer(configuration: configuration, router: routes.build(), logger: logger)
        try server.start()

        let accepted = try await RawClient.request(port: server.port, "POST", "/v1/invitations/\(Self.token)/accept")
        #expect(accepted.status == 200)
        #expect(accepted.body == "/v1/invitations/{token}/accept true")
        // A browser opening the link with GET: 405, still without the token in the log.
        #expect(try await RawClient.request(port: server.port, "GET", "/v1/invitations/\(Self.token)/accept").status == 405)
        // A handler failure is logged with the path too.
        #expect(try await RawClient.request(port: server.port, "GET", "/v1/invitations/\(Self.token)/fail").status == 500)
        // Mistyped links match no route, and still carry the token.
        for path in ["/v1/invitations/\(Self.token)/Accept", "/v1/invitations/\(Self.token)/accept/x", "//v1/invitations/\(Self.token)"] {
            let missed = try await RawClient.request(port: server.port, "POST", path)
            #expect(missed.status == 404, "\(path)")
            #expect(!missed.body.contains(Self.token))
        }
        await server.shutdown()

        let requests = logs.entries.filter { $0.message.description == "request" }
        #expect(requests.count == 6)
        #expect(requests.map { "\($0.metadata["path"] ?? "")" } == ["/v1/invitations/{token}/accept", "/v1/invitations/{token}/accept",
                                                                     "/v1/invitations/{token}/fail", "unmatched", "unmatched", "unmatched"])
        #expect(logs.entries.contains { $0.message.description == "handler failed" })
        for entry in logs.entries {
            #expect(!"\(entry.message) \(entry.metadata ?? [:])".contains(Self.token), "\(entry.message)")
        }
    }

    @Test func anOrdinaryRouteLogsItsPath() async throws {
        let logs = InMemoryLogHandler()
        let logger = Logger(label: "test") { _ in logs }
        let routes = RouterBuilder(errors: .testJSON, logger: logger)
        routes.group(access: .none).get("/users/{id}") { request in .text(request.path) }
        var configuration = HTTPServerConfiguration()
        configuration.port = 0
        let server = HTTPServer(configuration: configuration, router: routes.build(), logger: logger)
        try server.start()
        #expect(try await RawClient.request(port: server.port, "GET", "/users/u1").body == "/users/u1")
        await server.shutdown()
        #expect(logs.entries.contains { $0.message.description == "request" && "\($0.metadata["path"] ?? "")" == "/users/u1" })
    }
}
