// Slow and idle clients are disconnected after the configured timeouts. The clients' 30 s receive timeouts only
// bound a hang: at the start of a parallel test run a 2-core machine can leave a handler waiting seconds for a thread.
import Foundation
@testable import HTTPServer
import TestSupport
import Testing

@Suite struct TimeoutTests {
    @Test func slowHeadersGet408AndAreDisconnected() async throws {
        try await TestServer.run({ $0.headerTimeout = 0.3 }) { server in
            let client = try RawClient(port: server.port, receiveTimeout: 30)
            try client.send("GET /health HTTP/1.1\r\nHost: x\r\n")
            // Keep trickling bytes: progress must not extend the deadline (slowloris).
            for _ in 0..<3 {
                try await Task.sleep(for: .milliseconds(100))
                try? client.send("X")
            }
            let response = try await client.readResponse()
            #expect(response.status == 408)
            #expect(response.body.contains("REQUEST_TIMEOUT"))
            #expect(await client.isClosedByServer())
        }
    }

    @Test func aPartialRequestPipelinedBehindACompleteOneIsTimedOutToo() async throws {
        try await TestServer.run({ $0.headerTimeout = 0.3; $0.idleTimeout = 60 }) { server in
            let client = try RawClient(port: server.port, receiveTimeout: 30)
            try client.send("GET /health HTTP/1.1\r\n\r\nGET /health HTTP/1.1\r\nHo")
            #expect(try await client.readResponse().status == 200)
            #expect(try await client.readResponse().status == 408)
        }
    }

    @Test func slowBodyGets408() async throws {
        try await TestServer.run({ $0.bodyTimeout = 0.3 }) { server in
            let client = try RawClient(port: server.port, receiveTimeout: 30)
            try client.send("POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 100\r\n\r\nonly a little")
            let response = try await client.readResponse()
            #expect(response.status == 408)
            #expect(await client.isClosedByServer())
        }
    }

    @Test func idleKeepAliveConnectionsAreClosed() async throws {
        try await TestServer.run({ $0.idleTimeout = 0.3 }) { server in
            let client = try RawClient(port: server.port, receiveTimeout: 30)
            try client.send("GET /health HTTP/1.1\r\n\r\n")
            #expect(try await client.readResponse().status == 200)
            #expect(await client.isClosedByServer())
            // An idle close is silent: no 408 for a client that was not sending anything.
            let silent = try RawClient(port: server.port, receiveTimeout: 30)
            #expect(await silent.readToEnd() == "")
        }
    }

    @Test func aRunningHandlerIsNotCutByTheIdleTimeout() async throws {
        try await TestServer.run({ $0.idleTimeout = 0.2 }) { server in
            let client = try RawClient(port: server.port, receiveTimeout: 30)
            try client.send("GET /slow/600 HTTP/1.1\r\n\r\n")
            #expect(try await client.readResponse().body == "slept 600")
        }
    }
}
