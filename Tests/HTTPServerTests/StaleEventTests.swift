// Epoll events name connections by id: an event left in a batch for a connection closed earlier in
// that batch never reaches the new connection that got the same fd.
import Foundation
import Glibc
@testable import HTTPServer
import TestSupport
import Testing

@Suite struct StaleEventTests {
    /// The batch the test arranges, in ready-list order while the only I/O thread is held in an inline
    /// handler: (1) the wake eventfd, with a completion whose response drops connection A; (2) the
    /// listener, with a new connection B; (3) A's socket, reset by its client. Handling (1) closes A's fd,
    /// (2) accepts B, which gets the lowest free fd (A's, unless another test in this process took it
    /// meanwhile), and (3) is then stale. Keyed by fd, (3) closed B. The short sleeps only order kernel
    /// events that have no signal a test can await; a fixed server passes whatever order they land in.
    @Test func anEventForAConnectionClosedInTheSameBatchDoesNotReachItsSuccessor() async throws {
        let dropStarted = TestSignal(), dropRelease = TestSignal()
        let holdEntered = TestSignal(), holdRelease = TestSignal()
        let server = try HTTPServer.startedForTest({ $0.ioThreads = 1 }) { router in
            router.get("/drop") { _ in
                dropStarted.raise()
                _ = await dropRelease.wait()
                var response = HTTPResponse()
                response.dropsConnection = true
                return response
            }
            // Inline on purpose: it holds the I/O thread while the test lines the events up.
            router.immediate(.get, "/hold") { _ in
                holdEntered.raise()
                _ = holdRelease.waitBlocking()
                return .text("held")
            }
            router.immediate(.get, "/health") { _ in .text("ok") }
        }
        defer { holdRelease.raise(); dropRelease.raise() }

        let a = try RawClient(port: server.port)
        try a.send("GET /drop HTTP/1.1\r\n\r\n")
        #expect(await dropStarted.wait())
        let holder = try RawClient(port: server.port)
        try holder.send("GET /hold HTTP/1.1\r\n\r\n")
        #expect(await holdEntered.wait())

        dropRelease.raise()                              // (1) the completion is queued, the eventfd written
        try await Task.sleep(for: .milliseconds(100))
        let b = try RawClient(port: server.port)         // (2) waits in the listener's accept queue
        try await Task.sleep(for: .milliseconds(50))
        a.reset()                                        // (3) EPOLLHUP | EPOLLERR on A's socket
        // The client and the server share this process's fd table: take the fd A's client side just
        // freed, so that the lowest free fd when B is accepted is the one closed for A's server side.
        let plug = open("/dev/null", O_RDONLY)
        defer { close(plug) }
        try await Task.sleep(for: .milliseconds(50))
        holdRelease.raise()

        #expect(try await holder.readResponse().body == "held")
        try b.send("GET /health HTTP/1.1\r\n\r\n")
        let answer = try? await b.readResponse()
        #expect(answer?.status == 200, "the new connection was closed by an event meant for the one before it")
        await server.shutdown()
    }
}
