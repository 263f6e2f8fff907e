// Output backpressure: a client that pipelines requests and does not read the answers holds at most
// about `maxPendingOutputBytes` of them in the server; it is served in full once it reads, and dropped
// by the write timeout if it never does.
import Foundation
import Glibc
@testable import HTTPServer
import TestSupport
import Testing

@Suite struct BackpressureTests {
    /// Enough that the answers (about 2 KiB each, 22 MB in all) overflow what the kernel's socket buffers
    /// absorb on loopback (a few MB), few enough that reading them all back stays cheap. The end-to-end
    /// suite pipelines 100,000 requests into the real binary and watches its RSS.
    static let requestCount = 10_000
    static let request = Array("GET /bulk HTTP/1.1\r\nHost: x\r\n\r\n".utf8)
    static let bulk = String(repeating: "x", count: 2048)

    private func run(_ configure: (inout HTTPServerConfiguration) -> Void = { _ in },
                     _ body: (HTTPServer) async throws -> Void) async throws {
        let server = try HTTPServer.startedForTest({ $0.ioThreads = 1; configure(&$0) }) { router in
            router.immediate(.get, "/bulk") { _ in .text(Self.bulk) }
            router.immediate(.get, "/health") { _ in .text("ok") }
        }
        do { try await body(server) } catch {
            await server.shutdown()
            throw error
        }
        await server.shutdown()
    }

    /// Sends `count` pipelined requests from a thread of its own: with backpressure the server stops
    /// reading, so the send blocks until the test reads (bounded by a 30 s send timeout).
    private func pipeline(_ client: RawClient, count: Int) -> Task<Bool, Never> {
        var timeout = timeval(tv_sec: 30, tv_usec: 0)
        setsockopt(client.fd, SOL_SOCKET, SO_SNDTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        let bytes = Array([[UInt8]](repeating: Self.request, count: count).joined())
        return Task { (try? await offThePool { try client.send(bytes) }) != nil }
    }

    private func served(_ server: HTTPServer) -> Int {
        let line = server.metrics.render().split(separator: "\n")
            .first { $0.hasPrefix(#"http_requests_total{method="GET",route="/bulk",status="200"}"#) }
        return line.flatMap { $0.split(separator: " ").last }.flatMap { Int($0) } ?? 0
    }

    /// Reads until `count` status lines arrived; returns how many did (a 10 s receive timeout ends it early).
    private func readResponses(_ client: RawClient, count: Int) async -> Int {
        (try? await offThePool {
            let marker = Array("HTTP/1.1 200 OK\r\n".utf8)
            var seen = 0, carry: [UInt8] = [], chunk = [UInt8](repeating: 0, count: 65536)
            while seen < count {
                let received = chunk.withUnsafeMutableBytes { recv(client.fd, $0.baseAddress, $0.count, 0) }
                if received <= 0 { break }
                let window = carry + chunk[0..<received]
                var index = window.startIndex
                while let range = window[index...].firstRange(of: marker) { seen += 1; index = range.upperBound }
                carry = Array(window.suffix(marker.count - 1))
            }
            return seen
        }) ?? 0
    }

    @Test func aPipeliningClientThatDoesNotReadHoldsBoundedOutputAndIsServedInFullOnceItReads() async throws {
        try await run { server in
            let limit = server.configuration.maxPendingOutputBytes
            #expect(limit == 256 * 1024)
            let client = try RawClient(port: server.port)
            let sender = pipeline(client, count: Self.requestCount)

            // Wait until the server stops answering (it stalled on the unread output) or answered everything.
            var last = -1
            while served(server) != last && served(server) < Self.requestCount {
                last = served(server)
                try await Task.sleep(for: .milliseconds(300))
            }
            #expect(served(server) < Self.requestCount, "the server read and answered every request of a client that reads nothing")
            // One response may go over the limit by its own size, never by more.
            let bound = limit + Self.bulk.utf8.count + 512
            #expect(server.pendingOutputHighWater < bound, "pending output reached \(server.pendingOutputHighWater) bytes")

            // The stalled connection does not stall the server.
            #expect(try await RawClient.request(port: server.port, "GET", "/health").status == 200)

            // Reading resumes the pipeline: every request is answered, in one stream.
            #expect(await readResponses(client, count: Self.requestCount) == Self.requestCount)
            #expect(await sender.value)
            #expect(server.pendingOutputHighWater < bound)
        }
    }

    @Test func aPipeliningClientThatNeverReadsIsDroppedByTheWriteTimeout() async throws {
        try await run({ $0.writeTimeout = 0.5 }) { server in
            let client = try RawClient(port: server.port)
            let sender = pipeline(client, count: Self.requestCount)
            // Accepted (it may be gone again by the time a loaded machine looks: the write timeout is short).
            #expect(await eventually(timeout: 10) { server.metrics.acceptedConnectionCount == 1 })
            #expect(await eventually(timeout: 15) { server.metrics.openConnectionCount == 0 },
                    "a client that never reads kept its connection past the write timeout")
            #expect(served(server) < Self.requestCount)
            _ = await sender.value
        }
    }
}
