// Calls made by HTTP handlers are driven by the handler's own event loop (CurlLoopDriver): answers, concurrency,
// timeouts, cancellation, the transport's shutdown and the loop's, each call returning exactly once.
import Foundation
import HTTPServer
import Logging
import Synchronization
import TestSupport
import Testing

@testable import Curl

@Suite struct LoopDrivenTransferTests {
    /// What the calling handlers saw, by outcome ("200", "cancelled", "timed out", …).
    final class Outcomes: Sendable {
        let list = Mutex<[String]>([])
        func add(_ outcome: String) { list.withLock { $0.append(outcome) } }
        var all: [String] { list.withLock { $0 } }
    }

    private static func server(_ configure: (RouteGroup<Void>) -> Void, drainTimeout: Double = 1) throws -> HTTPServer {
        var configuration = HTTPServerConfiguration()
        configuration.port = 0
        configuration.maxConnections = 1000
        configuration.drainTimeout = drainTimeout
        let routes = RouterBuilder()
        configure(routes.group(access: .none))
        let server = HTTPServer(configuration: configuration, router: routes.build(), logger: Logger(label: "t") { _ in SwiftLogNoOpLogHandler() })
        try server.start()
        return server
    }

    /// The far end: `/echo`, `/delay/{ms}`, and `/hold`, which answers only once `release` is raised (or after a
    /// minute), so that a test can act while a call is surely in flight however slowly the machine runs it.
    private static func peer(release: TestSignal = TestSignal()) throws -> HTTPServer {
        try server { router in
            router.post("/echo") { request in HTTPResponse(body: request.body) }
            router.post("/hold") { _ in
                _ = await release.wait(timeout: 60)
                return .text("released")
            }
            router.post("/delay/{ms}") { request in
                try await Task.sleep(for: .milliseconds(Int(try request.parameter("ms")) ?? 0))
                return .text("late")
            }
        }
    }

    private static func transport() -> CurlTransport {
        var configuration = CurlTransport.Configuration()
        configuration.addressPolicy = .allowAll
        configuration.allowInsecureHTTP = true
        return CurlTransport(configuration: configuration)
    }

    private static func call(_ transport: CurlTransport, _ port: Int, _ path: String, timeout: Duration = .seconds(10)) async -> String {
        let request = TransportRequest(url: "http://127.0.0.1:\(port)\(path)", body: Array("ping".utf8), credentials: nil, timeout: timeout)
        do {
            let response = try await transport.send(request)
            return "\(response.status) \(String(decoding: response.body, as: UTF8.self))"
        } catch {
            return "\(error)"
        }
    }

    /// A caller server whose `GET /call/{ms}/{timeoutMs}` handler calls the peer's `/delay/{ms}` (`/echo` for 0,
    /// `/hold` below 0) and answers with the outcome; every outcome is also recorded.
    private static func caller(_ transport: CurlTransport, peerPort: Int, outcomes: Outcomes, drainTimeout: Double = 1) throws -> HTTPServer {
        try server({ router in
            router.get("/call/{ms}/{timeout}") { request in
                let ms = Int(try request.parameter("ms")) ?? 0, timeout = Int(try request.parameter("timeout")) ?? 10_000
                let path = ms == 0 ? "/echo" : ms < 0 ? "/hold" : "/delay/\(ms)"
                let outcome = await call(transport, peerPort, path, timeout: .milliseconds(timeout))
                outcomes.add(outcome)
                return .text(outcome)
            }
            // A held call raced against a 100 ms deadline in a task group, as the voice use case does.
            router.get("/race") { _ in
                let outcome = await withTaskGroup(of: String?.self) { group in
                    group.addTask { await call(transport, peerPort, "/hold") }
                    group.addTask {
                        try? await Task.sleep(for: .milliseconds(100))
                        return nil
                    }
                    let first = await group.next() ?? nil
                    group.cancelAll()
                    let second = await group.next() ?? nil
                    return first ?? second ?? "none"
                }
                outcomes.add(outcome)
                return .text(outcome)
            }
        }, drainTimeout: drainTimeout)
    }

    private static func get(_ port: Int, _ path: String) async throws -> RawResponse {
        try await RawClient.request(port: port, "GET", path)
    }

    @Test func aHandlersCallIsDrivenByItsLoopAndAnswers() async throws {
        let peer = try Self.peer(), transport = Self.transport(), outcomes = Outcomes()
        let caller = try Self.caller(transport, peerPort: peer.port, outcomes: outcomes)
        for _ in 0..<5 { #expect(try await Self.get(caller.port, "/call/0/5000").body == "200 ping") }
        #expect(transport.loopDrivenCallCount == 5)
        // The transport's own thread never saw them.
        #expect(await transport.heldTransfers() == 0)
        // A caller that is not on a loop (this test) still goes through the thread.
        #expect(await Self.call(transport, peer.port, "/echo") == "200 ping")
        #expect(transport.loopDrivenCallCount == 5)
        transport.shutdown()
        await caller.shutdown()
        await peer.shutdown()
    }

    @Test func manyHandlersCallAtOnce() async throws {
        let peer = try Self.peer(), transport = Self.transport(), outcomes = Outcomes()
        let caller = try Self.caller(transport, peerPort: peer.port, outcomes: outcomes)
        let answers = try await withThrowingTaskGroup(of: String.self) { group in
            for index in 0..<60 { group.addTask { try await Self.get(caller.port, "/call/\(index % 3 * 50)/5000").body } }
            return try await group.reduce(into: [String]()) { $0.append($1) }
        }
        #expect(answers.count == 60)
        #expect(answers.allSatisfy { $0 == "200 ping" || $0 == "200 late" }, "\(Set(answers))")
        #expect(transport.loopDrivenCallCount == 60)
        transport.shutdown()
        await caller.shutdown()
        await peer.shutdown()
    }

    @Test func theCallersTimeoutIsEnforcedByTheLoopsTimer() async throws {
        let release = TestSignal()
        let peer = try Self.peer(release: release), transport = Self.transport(), outcomes = Outcomes()
        let caller = try Self.caller(transport, peerPort: peer.port, outcomes: outcomes)
        #expect(try await Self.get(caller.port, "/call/-1/200").body == "\(TransportError.timeout)")
        release.raise()
        transport.shutdown()
        await caller.shutdown()
        await peer.shutdown()
    }

    @Test func aCancelledCallEndsAtOnceAndTheLoopGoesOn() async throws {
        let release = TestSignal()
        let peer = try Self.peer(release: release), transport = Self.transport(), outcomes = Outcomes()
        let caller = try Self.caller(transport, peerPort: peer.port, outcomes: outcomes)
        // The peer holds the call until released; the deadline wins and cancels it.
        #expect(try await Self.get(caller.port, "/race").body == "\(TransportError.cancelled)")
        #expect(try await Self.get(caller.port, "/call/0/5000").body == "200 ping")
        release.raise()
        transport.shutdown()
        await caller.shutdown()
        await peer.shutdown()
    }

    @Test func shuttingTheTransportDownEndsTheLoopsCalls() async throws {
        let release = TestSignal()
        let peer = try Self.peer(release: release), transport = Self.transport(), outcomes = Outcomes()
        let caller = try Self.caller(transport, peerPort: peer.port, outcomes: outcomes)
        let client = try RawClient(port: caller.port, receiveTimeout: 30)
        try client.send("GET /call/-1/60000 HTTP/1.1\r\nHost: x\r\n\r\n")
        #expect(await eventually(timeout: 10) { transport.loopDrivenCallCount == 1 })
        transport.shutdown()
        #expect(try await client.readResponse().body == "\(TransportError.stopped)")
        // Later calls from a loop fail the same way, never hang.
        #expect(try await Self.get(caller.port, "/call/0/5000").body == "\(TransportError.stopped)")
        release.raise()
        await caller.shutdown()
        await peer.shutdown()
    }

    @Test func aLoopThatStopsEndsTheCallsItDrives() async throws {
        let release = TestSignal()
        let peer = try Self.peer(release: release), transport = Self.transport(), outcomes = Outcomes()
        let caller = try Self.caller(transport, peerPort: peer.port, outcomes: outcomes, drainTimeout: 0.2)
        let client = try RawClient(port: caller.port, receiveTimeout: 30)
        try client.send("GET /call/-1/60000 HTTP/1.1\r\nHost: x\r\n\r\n")
        #expect(await eventually(timeout: 10) { transport.loopDrivenCallCount == 1 })
        // The drain gives up after 0.2 s and the loops stop: the call they drove fails, and its handler finishes
        // on the global executor instead of hanging.
        await caller.shutdown()
        #expect(await eventually(timeout: 10) { outcomes.all == ["\(TransportError.stopped)"] }, "\(outcomes.all)")
        release.raise()
        transport.shutdown()
        await peer.shutdown()
    }
}
