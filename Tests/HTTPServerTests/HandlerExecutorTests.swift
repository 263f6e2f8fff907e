// Handlers run as tasks on their connection's I/O thread, and none is stranded when the server stops.
import Foundation
import HTTPServer
import Testing
import TestSupport

@Suite struct HandlerExecutorTests {
    @Test func aHandlerRunsOnItsConnectionsIOThreadAlsoAfterAnAwait() async throws {
        try await TestServer.run({ $0.ioThreads = 1 }) { server in
            let client = try RawClient(port: server.port)
            try client.send("GET /thread HTTP/1.1\r\nHost: x\r\n\r\n")
            // The timer that ends the sleep fires on another thread; the handler still resumes on the loop.
            #expect(try await client.readResponse().body == "http-io-0 http-io-0")
        }
    }

    @Test func handlersOnBothIOThreadsStayOnTheirOwn() async throws {
        try await TestServer.run({ $0.ioThreads = 2 }) { server in
            var seen: Set<String> = []
            // Connections land on either loop; each answer names one thread twice, never two different ones.
            for _ in 0..<20 {
                let client = try RawClient(port: server.port)
                try client.send("GET /thread HTTP/1.1\r\nHost: x\r\n\r\n")
                let names = try await client.readResponse().body.split(separator: " ").map(String.init)
                #expect(names.count == 2 && names[0] == names[1] && names[0].hasPrefix("http-io-"), "\(names)")
                seen.insert(names[0])
            }
            #expect(seen.isSubset(of: ["http-io-0", "http-io-1"]))
        }
    }

    @Test func aHandlerStillWaitingWhenTheServerStopsFinishesElsewhere() async throws {
        var held: TestServer?
        try await TestServer.run({ $0.drainTimeout = 0.2 }) { server in
            held = server
            let client = try RawClient(port: server.port)
            try client.send("GET /held HTTP/1.1\r\nHost: x\r\n\r\n")
            #expect(await eventually(timeout: 10) { server.slowStarted.load() == 1 })
        }
        // The server is stopped and its I/O threads are gone; the handler's next job must still run.
        let server = try #require(held)
        server.release.raise()
        #expect(await eventually(timeout: 10) { server.slowFinished.load() == 1 }, "the handler's task was stranded")
    }
}
