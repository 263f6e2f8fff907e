// The fake served over real sockets: connection counting, injected delays that stall only their own
// request, dropped connections, repeated WWW-Authenticate lines, case-insensitive EWS path.
import Foundation
import HTTPServer
import Logging
import TestSupport
import Testing

@testable import FakeExchange

@Suite struct HTTPServingTests {
    private func withServedFake(_ fixture: String = testFixture, _ body: (FakeExchange, Int) async throws -> Void) async throws {
        let fake = try makeFake(fixture)
        var configuration = HTTPServerConfiguration()
        configuration.port = 0
        configuration.drainTimeout = 1
        let server = try fake.serve(configuration: configuration, logger: Logger(label: "t") { _ in SwiftLogNoOpLogHandler() })
        do { try await body(fake, server.port) } catch {
            await server.shutdown()
            throw error
        }
        await server.shutdown()
    }

    private func findItemRequest(port: Int) -> String {
        let xml = envelope(#"<m:FindItem Traversal="Shallow"><m:ItemShape><t:BaseShape>IdOnly</t:BaseShape></m:ItemShape><m:CalendarView StartDate="2026-11-20T00:00:00Z" EndDate="2026-11-30T00:00:00Z"/><m:ParentFolderIds><t:DistinguishedFolderId Id="calendar"/></m:ParentFolderIds></m:FindItem>"#)
        let auth = basicAuth("alice@contoso.com", "secret")
        return "POST /ews/EXCHANGE.asmx HTTP/1.1\r\nHost: x\r\nContent-Type: text/xml\r\n\(auth.name): \(auth.value)\r\nContent-Length: \(xml.utf8.count)\r\n\r\n\(xml)"
    }

    /// Polls `/_fake/stats` until FindItem was handled `count` times; false after 10 s.
    private func findItemsHandled(port: Int, reach count: Int) async throws -> Bool {
        let deadline = ContinuousClock.now + .seconds(10)
        while ContinuousClock.now < deadline {
            let stats = try await RawClient.request(port: port, "GET", "/_fake/stats")
            let decoded = try JSONSerialization.jsonObject(with: Data(stats.body.utf8)) as? [String: Any]
            if ((decoded?["requestsByOperation"] as? [String: Int])?["FindItem"] ?? 0) >= count { return true }
            try await Task.sleep(for: .milliseconds(10))
        }
        return false
    }

    @Test func statsCountTCPConnectionsNotRequests() async throws {
        try await withServedFake { _, port in
            let first = try RawClient(port: port)
            for _ in 0..<3 {
                try first.send(findItemRequest(port: port))
                #expect(try await first.readResponse().status == 200)
            }
            let second = try RawClient(port: port)
            try second.send("GET /_fake/stats HTTP/1.1\r\nHost: x\r\n\r\n")
            let stats = try await second.readResponse()
            let decoded = try JSONSerialization.jsonObject(with: Data(stats.body.utf8)) as? [String: Any]
            #expect(decoded?["connectionsAccepted"] as? Int == 2)
            #expect((decoded?["requestsByOperation"] as? [String: Int])?["FindItem"] == 3)
        }
    }

    @Test func anInjectedDelayStallsOnlyItsOwnRequest() async throws {
        try await withServedFake { _, port in
            let setup = try await RawClient.request(port: port, "POST", "/_fake/faults",
                                                    headers: ["Content-Type": "application/json"],
                                                    body: #"{"fault": "delay", "operation": "FindItem", "delayMs": 60000, "count": 1}"#)
            #expect(setup.status == 201)
            let slow = try RawClient(port: port)
            try slow.send(findItemRequest(port: port))
            // The fake counts an operation when it handles it, before the delay: once FindItem is counted,
            // the request is inside its delay.
            #expect(try await findItemsHandled(port: port, reach: 1), "the delayed request never reached the fake")
            let health = try await RawClient.request(port: port, "GET", "/_fake/health")
            #expect(health.status == 200)
            // A minute is longer than any stall of this test's own task on a loaded machine.
            #expect(!slow.hasBytesWaiting(), "health was answered only after the delayed request")
            // Not waited for: the reset closes the connection, so the server stops without draining it.
            slow.reset()
        }
    }

    @Test func closeConnectionFaultDropsTheConnectionWithoutAnAnswer() async throws {
        try await withServedFake { _, port in
            _ = try await RawClient.request(port: port, "POST", "/_fake/faults", headers: ["Content-Type": "application/json"],
                                            body: #"{"fault": "closeConnection", "count": 1}"#)
            let client = try RawClient(port: port)
            try client.send(findItemRequest(port: port))
            #expect(await client.readToEnd() == "")
            // The fault hit once; the next connection is served.
            let next = try RawClient(port: port)
            try next.send(findItemRequest(port: port))
            #expect(try await next.readResponse().status == 200)
        }
    }

    @Test func basicAuthOffOffersNegotiateAndNTLMAsSeparateHeaderLines() async throws {
        let fixture = testFixture.replacingOccurrences(of: #""basicAuth": true"#, with: #""basicAuth": false"#)
        try await withServedFake(fixture) { _, port in
            let client = try RawClient(port: port)
            try client.send(findItemRequest(port: port))
            let response = try await client.readResponse()
            #expect(response.status == 401)
            #expect(response.reason == "Unauthorized")
            let raw = try RawClient(port: port)
            try raw.send(findItemRequest(port: port).replacingOccurrences(of: "HTTP/1.1\r\n", with: "HTTP/1.1\r\nConnection: close\r\n"))
            let text = await raw.readToEnd()
            #expect(text.contains("WWW-Authenticate: Negotiate\r\n"))
            #expect(text.contains("WWW-Authenticate: NTLM\r\n"))
            #expect(!text.contains("Basic"))
        }
    }
}
