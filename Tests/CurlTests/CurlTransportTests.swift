// The libcurl transport against a real HTTP server on loopback: reuse, concurrency on one thread,
// cancellation, shutdown, deadlines, size cap, refused and disallowed addresses.
import Foundation
import Glibc
import HTTPServer
import Logging
import Synchronization
import TestSupport
import Testing

@testable import Curl

@Suite struct CurlTransportTests {
    /// How many `/delay` handlers are sleeping at once, and the most there were.
    final class InFlight: Sendable {
        private let counts = Mutex((now: 0, peak: 0))
        func enter() { counts.withLock { $0.now += 1; $0.peak = max($0.peak, $0.now) } }
        func leave() { counts.withLock { $0.now -= 1 } }
        var peak: Int { counts.withLock { $0.peak } }
    }

    /// A loopback HTTP server whose handlers echo, delay, or answer big.
    private func withServer(inFlight: InFlight = InFlight(), _ body: @Sendable (Int, HTTPServer) async throws -> Void) async throws {
        var configuration = HTTPServerConfiguration()
        configuration.port = 0
        configuration.maxConnections = 1000
        configuration.drainTimeout = 1
        let routes = RouterBuilder()
        let router = routes.group(access: .none)
        router.post("/echo") { request in
            var headers = HTTPHeaders()
            headers.add("X-Seen-Authorization", request.headers["Authorization"] ?? "")
            headers.add("X-Seen-User-Agent", request.headers["User-Agent"] ?? "")
            headers.add("X-Seen-Custom", request.headers["X-Custom"] ?? "")
            return HTTPResponse(status: .ok, headers: headers, body: request.body)
        }
        router.post("/delay/{ms}") { request in
            inFlight.enter()
            defer { inFlight.leave() }
            try await Task.sleep(for: .milliseconds(Int(try request.parameter("ms")) ?? 0))
            return .text("late")
        }
        router.post("/big") { _ in HTTPResponse(body: [UInt8](repeating: 65, count: 5000)) }
        let server = HTTPServer(configuration: configuration, router: routes.build(), logger: Logger(label: "t") { _ in SwiftLogNoOpLogHandler() })
        try server.start()
        do { try await body(server.port, server) } catch {
            await server.shutdown()
            throw error
        }
        await server.shutdown()
    }

    private func transport(maxResponseBytes: Int = 1 << 20, allowPrivate: Bool = true) -> CurlTransport {
        var configuration = CurlTransport.Configuration()
        configuration.addressPolicy = AddressPolicy(allowPrivate: allowPrivate)
        configuration.allowInsecureHTTP = true
        configuration.maxResponseBytes = maxResponseBytes
        return CurlTransport(configuration: configuration)
    }

    private func request(_ port: Int, _ path: String, timeout: Duration = .seconds(10)) -> TransportRequest {
        TransportRequest(url: "http://127.0.0.1:\(port)\(path)", body: Array("<ping/>".utf8),
                         headers: [(name: "X-Custom", value: "yes")], credentials: (username: "svc@contoso.com", password: "p:ss"), timeout: timeout)
    }

    @Test func postsWithBasicAuthAndReturnsTheResponse() async throws {
        try await withServer { port, _ in
            let transport = transport()
            defer { transport.shutdown() }
            let response = try await transport.send(request(port, "/echo"))
            #expect(response.status == 200)
            #expect(String(decoding: response.body, as: UTF8.self) == "<ping/>")
            #expect(response.header("X-Seen-Authorization") == "Basic " + Data("svc@contoso.com:p:ss".utf8).base64EncodedString())
            #expect(response.header("X-Seen-User-Agent")?.hasPrefix("a4b-calendar/") == true)
            #expect(response.header("X-Seen-Custom") == "yes")
            #expect(response.remoteAddress == "127.0.0.1")
        }
    }

    @Test func warmCallsReuseOneConnection() async throws {
        try await withServer { port, server in
            let transport = transport()
            defer { transport.shutdown() }
            var newConnections = 0
            for _ in 0..<20 { newConnections += try await transport.send(request(port, "/echo")).newConnections }
            #expect(newConnections == 1)
            #expect(server.metrics.render().contains("http_connections_accepted_total 1\n"))
        }
    }

    /// Concurrency is counted where it shows, at the server (how long the calls took together is a benchmark's
    /// business: scripts/bench-ews, slow Exchange).
    @Test func manyConcurrentCallsAreInFlightTogether() async throws {
        let inFlight = InFlight()
        try await withServer(inFlight: inFlight) { port, _ in
            let transport = transport()
            defer { transport.shutdown() }
            let delayed = request(port, "/delay/2000")
            let statuses = try await withThrowingTaskGroup(of: Int.self) { group in
                for _ in 0..<200 {
                    group.addTask { try await transport.send(delayed).status }
                }
                return try await group.reduce(into: [Int]()) { $0.append($1) }
            }
            #expect(statuses.count == 200 && statuses.allSatisfy { $0 == 200 })
            // One at a time would be 1; the transport's one thread keeps them all open together. Not all 200:
            // on a loaded machine the first may be answered before the last is accepted.
            #expect(inFlight.peak >= 50, "at most \(inFlight.peak) calls were at the server together")
            // The thread count is shown in a process of its own (EWSConcurrencyTests): here other suites'
            // threads would blur it.
        }
    }

    @Test func cancellingTheCallerAbortsTheTransferAndClosesItsConnection() async throws {
        let peer = try SilentPeer()
        let transport = transport()
        defer { transport.shutdown() }
        let silent = request(peer.port, "/never", timeout: .seconds(30))
        let call = Task { try await transport.send(silent) }
        try await peer.acceptRequest(timeoutSeconds: 10)
        call.cancel()
        await #expect(throws: TransportError.cancelled) { try await call.value }
        // Aborted, not abandoned: the server sees the connection end instead of a client that waits on.
        #expect(try await peer.clientCloses(timeoutSeconds: 20), "the connection stayed open after the cancel")
        #expect(await transport.heldTransfers() == 0)
    }

    @Test func cancelsAtAnyMomentEndEveryCallAndLeaveNothingBehind() async throws {
        try await withServer { port, _ in
            let transport = transport()
            defer { transport.shutdown() }
            // Cancelled before, while and just after the transfer: each call ends once, done or cancelled.
            let outcomes = await withTaskGroup(of: String.self) { group in
                for index in 0..<200 {
                    group.addTask {
                        let call = Task { try await transport.send(request(port, "/delay/20")) }
                        try? await Task.sleep(for: .milliseconds(index % 40))
                        call.cancel()
                        do {
                            return "\(try await call.value.status)"
                        } catch {
                            return "\(error)"
                        }
                    }
                }
                return await group.reduce(into: [String]()) { $0.append($1) }
            }
            #expect(outcomes.count == 200)
            #expect(outcomes.allSatisfy { $0 == "200" || $0 == "cancelled" }, "\(Set(outcomes))")
            #expect(await transport.heldTransfers() == 0)
        }
    }

    @Test func cancelsOfFinishedTransfersAreForgotten() async throws {
        try await withServer { port, _ in
            let transport = transport()
            defer { transport.shutdown() }
            for _ in 0..<20 { _ = try await transport.send(request(port, "/echo")) }
            // What a cancellation handler sends when its task is cancelled just after the transfer ended
            // (transfer ids start at 1), and for ids never handed out.
            for id in UInt64(1)...40 { transport.cancel(transferID: id) }
            #expect(await transport.heldTransfers() == 0)
            #expect(try await transport.send(request(port, "/echo")).status == 200)
        }
    }

    @Test func sendsRacingShutdownAllReturn() async throws {
        // The address policy refuses 127.0.0.1 before any socket exists: each transfer ends at once and
        // costs no descriptor, so the race is only the transport's (a send queued while its thread
        // stops). Rounds run in batches, so at most 100 transports (two descriptors each) are alive at a
        // time. The callers run on 16 threads of their own, so they get preempted anywhere: with the
        // old check-then-queue, every run of this size left sends unresumed.
        let port = try closedLoopbackPort()
        let batches = 3, roundsPerBatch = 100, sendsPerRound = 100
        let outcomes = Outcomes()
        let callers = ManyThreadsExecutor(threads: 16)
        defer { callers.stop() }
        // A call that is never resumed would hang the suite; wait a bounded time instead.
        let deadline = ContinuousClock.now + .seconds(60)
        for batch in 1...batches {
            for round in 0..<roundsPerBatch {
                let transport = transport(allowPrivate: false)
                for index in 0..<sendsPerRound {
                    Task(executorPreference: callers) {
                        if index == round % sendsPerRound { transport.shutdown() }
                        let outcome: String
                        do { outcome = "\(try await transport.send(request(port, "/echo")).status)" } catch { outcome = "\(error)" }
                        outcomes.list.withLock { $0.append(outcome) }
                    }
                }
            }
            while outcomes.list.withLock({ $0.count }) < batch * roundsPerBatch * sendsPerRound && ContinuousClock.now < deadline {
                try await Task.sleep(for: .milliseconds(10))
            }
        }
        let seen = outcomes.list.withLock { $0 }
        let expected = batches * roundsPerBatch * sendsPerRound
        #expect(seen.count == expected, "\(expected - seen.count) of \(expected) sends had not returned after 60 s")
        #expect(seen.allSatisfy { $0 == "connecting to 127.0.0.1 is not allowed" || $0 == "the transport was shut down" }, "\(Set(seen))")
    }

    @Test func theCallersTimeoutIsEnforced() async throws {
        try await withServer { port, _ in
            let transport = transport()
            defer { transport.shutdown() }
            await #expect(throws: TransportError.timeout) {
                try await transport.send(request(port, "/delay/3000", timeout: .milliseconds(200)))
            }
        }
    }

    @Test func responsesOverTheCapFail() async throws {
        try await withServer { port, _ in
            let transport = transport(maxResponseBytes: 1000)
            defer { transport.shutdown() }
            await #expect(throws: TransportError.responseTooLarge(limit: 1000)) { try await transport.send(request(port, "/big")) }
        }
    }

    @Test func aClosedPortIsConnectFailed() async throws {
        let transport = transport()
        defer { transport.shutdown() }
        let port = try closedLoopbackPort()
        await #expect {
            try await transport.send(request(port, "/echo"))
        } throws: { error in
            if case TransportError.connectFailed = error { return true }
            return false
        }
    }

    @Test func plainHTTPIsRefusedUnlessAllowed() async throws {
        try await withServer { port, server in
            var configuration = CurlTransport.Configuration()
            configuration.addressPolicy = .allowAll
            let strict = CurlTransport(configuration: configuration)
            defer { strict.shutdown() }
            await #expect(throws: TransportError.insecureScheme) { try await strict.send(request(port, "/echo")) }
            await #expect(throws: TransportError.self) {
                try await strict.send(TransportRequest(url: "ftp://127.0.0.1/", body: [], credentials: nil, timeout: .seconds(1)))
            }
            #expect(server.metrics.render().contains("http_connections_accepted_total 0\n"))
        }
    }

    @Test func namesUnderInvalidFailWithoutALookup() async throws {
        let transport = transport()
        defer { transport.shutdown() }
        await #expect(throws: TransportError.dnsFailed(host: "mail.contoso.invalid")) {
            try await transport.send(TransportRequest(url: "https://mail.contoso.invalid/EWS/Exchange.asmx", body: [],
                                                      credentials: (username: "u", password: "p"), timeout: .seconds(2)))
        }
    }

    @Test func privateAddressesAreRefusedBeforeConnecting() async throws {
        try await withServer { port, server in
            let transport = transport(allowPrivate: false)
            defer { transport.shutdown() }
            await #expect(throws: TransportError.addressNotAllowed(address: "127.0.0.1")) {
                try await transport.send(request(port, "/echo"))
            }
            #expect(server.metrics.render().contains("http_connections_accepted_total 0\n"))
        }
    }
}

/// What concurrent calls ended with, collected from unstructured tasks.
private final class Outcomes: Sendable {
    let list = Mutex<[String]>([])
}
