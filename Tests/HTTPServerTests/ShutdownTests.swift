// Graceful shutdown: stop accepting, finish in-flight requests, close, within the drain timeout.
import Foundation
import Glibc
@testable import HTTPServer
import TestSupport
import Testing

@Suite struct ShutdownTests {
    @Test func inFlightRequestsFinishAndNewConnectionsAreRefused() async throws {
        let started = TestSignal(), release = TestSignal()
        let server = try HTTPServer.startedForTest({ $0.drainTimeout = 5 }) { router in
            // The handler finishes only once the test has seen the drain begin, so the answer is
            // deterministically an in-flight one, however loaded the machine is.
            router.get("/slow") { _ in
                started.raise()
                _ = await release.wait()
                return .text("done")
            }
            router.immediate(.get, "/fast") { _ in .text("fast") }
        }
        let port = server.port

        let inFlight = try RawClient(port: port)
        try inFlight.send("GET /slow HTTP/1.1\r\n\r\n")
        let idle = try RawClient(port: port)
        try idle.send("GET /fast HTTP/1.1\r\n\r\n")
        #expect(try await idle.readResponse().status == 200)
        #expect(await started.wait(), "the in-flight request never reached its handler")

        let shutdown = Task { await server.shutdown() }
        // The idle keep-alive connection is closed at once.
        #expect(await idle.isClosedByServer())
        release.raise()
        // The in-flight request still gets its answer, marked as the last on that connection.
        let response = try await inFlight.readResponse()
        #expect(response.body == "done")
        #expect(response.header("connection") == "close")
        await shutdown.value
        // Nothing listens any more.
        #expect(throws: RawClientError.self) { _ = try RawClient(port: port) }
        #expect(server.metrics.openConnectionCount == 0)
    }

    @Test func drainTimeoutBoundsShutdown() async throws {
        let started = TestSignal()
        let server = try HTTPServer.startedForTest({ $0.drainTimeout = 0.3 }) { router in
            router.get("/forever") { _ in
                started.raise()
                try? await Task.sleep(for: .seconds(30))
                return .text("late")
            }
        }
        let client = try RawClient(port: server.port)
        try client.send("GET /forever HTTP/1.1\r\n\r\n")
        // Shutting down before the request reached its handler would prove nothing about draining it.
        #expect(await started.wait(), "the request never reached its handler")
        #expect(server.metrics.openConnectionCount == 1)
        let clock = ContinuousClock()
        let shutdownStarted = clock.now
        await server.shutdown()
        // Well short of the handler's 30 s, with room for a loaded machine.
        #expect(clock.now - shutdownStarted < .seconds(15))
        // Closed without the handler's answer, which would have come after 30 s.
        #expect(await client.readToEnd() == "")
        #expect(server.metrics.openConnectionCount == 0)
    }
}
