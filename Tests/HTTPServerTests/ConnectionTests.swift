// Keep-alive, pipelining, HTTP/1.0, Connection: close, HEAD, 100-continue and request bodies,
// spoken as raw bytes over a real socket.
import CEpoll
import Foundation
import Glibc
@testable import HTTPServer
import TestSupport
import Testing

@Suite struct ConnectionTests {
    @Test func keepAliveServesSeveralRequestsOnOneConnection() async throws {
        try await TestServer.run { server in
            let client = try RawClient(port: server.port)
            for name in ["a", "b", "c"] {
                try client.send("GET /hello/\(name) HTTP/1.1\r\nHost: x\r\n\r\n")
                let response = try await client.readResponse()
                #expect(response.status == 200)
                #expect(response.body == "hello \(name)")
                #expect(response.header("connection") == nil)
            }
        }
    }

    @Test func pipelinedRequestsAreAnsweredInOrder() async throws {
        try await TestServer.run { server in
            let client = try RawClient(port: server.port)
            // The first one is slow and async: the fast ones behind it must still come after it.
            try client.send("GET /slow/150 HTTP/1.1\r\nHost: x\r\n\r\nGET /hello/two HTTP/1.1\r\nHost: x\r\n\r\n"
                            + "POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\n\r\nthree")
            #expect(try await client.readResponse().body == "slept 150")
            #expect(try await client.readResponse().body == "hello two")
            #expect(try await client.readResponse().body == "three")
        }
    }

    @Test func http10ClosesAfterTheResponseUnlessKeepAliveIsAsked() async throws {
        try await TestServer.run { server in
            let plain = try RawClient(port: server.port)
            try plain.send("GET /hello/old HTTP/1.0\r\n\r\n")
            let response = try await plain.readResponse()
            #expect(response.status == 200)
            #expect(response.header("connection") == "close")
            #expect(await plain.isClosedByServer())

            let keepAlive = try RawClient(port: server.port)
            try keepAlive.send("GET /hello/one HTTP/1.0\r\nConnection: keep-alive\r\n\r\n")
            #expect(try await keepAlive.readResponse().header("connection") == "keep-alive")
            try keepAlive.send("GET /hello/two HTTP/1.0\r\nConnection: keep-alive\r\n\r\n")
            #expect(try await keepAlive.readResponse().body == "hello two")
        }
    }

    @Test func connectionCloseIsHonoured() async throws {
        try await TestServer.run { server in
            let client = try RawClient(port: server.port)
            try client.send("GET /hello/bye HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
            let response = try await client.readResponse()
            #expect(response.body == "hello bye")
            #expect(response.header("connection") == "close")
            #expect(await client.isClosedByServer())
        }
    }

    @Test func headSendsTheHeadersOfGetWithoutTheBody() async throws {
        try await TestServer.run { server in
            let client = try RawClient(port: server.port)
            try client.send("HEAD /hello/world HTTP/1.1\r\nHost: x\r\n\r\n")
            let head = try await client.readResponse(hasBody: false)
            #expect(head.status == 200)
            #expect(head.header("content-length") == "11")
            // Had a body been sent, it would be read here as the next response's status line.
            try client.send("GET /hello/next HTTP/1.1\r\nHost: x\r\n\r\n")
            let next = try await client.readResponse()
            #expect(next.status == 200)
            #expect(next.body == "hello next")
        }
    }

    @Test func expectContinueGetsAnInterimResponseBeforeTheBody() async throws {
        try await TestServer.run { server in
            let client = try RawClient(port: server.port)
            try client.send("POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 4\r\nExpect: 100-continue\r\n\r\n")
            let interim = try await client.readResponse()
            #expect(interim.status == 100)
            try client.send("ping")
            let final = try await client.readResponse()
            #expect(final.status == 200)
            #expect(final.body == "ping")
        }
    }

    @Test func expectContinueOverTheBodyLimitIsRefusedWithoutContinue() async throws {
        try await TestServer.run({ $0.limits.maxBodyBytes = 10 }) { server in
            let client = try RawClient(port: server.port)
            try client.send("POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 11\r\nExpect: 100-continue\r\n\r\n")
            #expect(try await client.readResponse().status == 413)
        }
    }

    @Test func contentLengthAndChunkedBodiesAreRead() async throws {
        try await TestServer.run { server in
            let client = try RawClient(port: server.port)
            try client.send("PUT /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 11\r\n\r\nhello world")
            #expect(try await client.readResponse().body == "hello world")

            try client.send("POST /echo HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n"
                            + "5\r\nhello\r\n1;ext=1\r\n \r\nA\r\n0123456789\r\n0\r\nX-Trailer: yes\r\n\r\n")
            #expect(try await client.readResponse().body == "hello 0123456789")

            // Bytes arriving one at a time still make one request.
            for byte in Array("POST /echo HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n0\r\n\r\n".utf8) {
                try client.send([byte])
            }
            #expect(try await client.readResponse().body == "abc")
        }
    }

    @Test func everyAcceptedSocketHasNoDelaySet() throws {
        let (listener, port) = try Socket.listen(host: "127.0.0.1", port: 0, backlog: 8)
        defer { close(listener) }
        let client = try RawClient(port: port)
        var accepted: (fd: Int32, remote: String)?
        for _ in 0..<100 where accepted == nil {
            accepted = try Socket.accept(listener)
            if accepted == nil { usleep(1000) }
        }
        let fd = try #require(accepted).fd
        defer { close(fd) }
        var value: Int32 = 0
        var length = socklen_t(MemoryLayout<Int32>.size)
        getsockopt(fd, Int32(IPPROTO_TCP), TCP_NODELAY, &value, &length)
        #expect(value == 1)
        _ = client
    }

    @Test func requestIDIsTakenWhenSafeAndGeneratedOtherwise() async throws {
        try await TestServer.run { server in
            let client = try RawClient(port: server.port)
            try client.send("GET /health HTTP/1.1\r\nX-Request-Id: abc-123\r\n\r\n")
            #expect(try await client.readResponse().header("x-request-id") == "abc-123")
            try client.send("GET /health HTTP/1.1\r\nX-Request-Id: bad id with spaces\r\n\r\n")
            let replaced = try await client.readResponse().header("x-request-id")
            #expect(replaced != nil && replaced != "bad id with spaces")
            try client.send("GET /health HTTP/1.1\r\n\r\n")
            let generated = try #require(await client.readResponse().header("x-request-id"))
            #expect(generated.count >= 8 && generated != replaced)
        }
    }

    @Test func aSlowHandlerDoesNotStallOtherConnections() async throws {
        try await TestServer.run({ $0.ioThreads = 1 }) { server in
            let slow = try RawClient(port: server.port)
            try slow.send("GET /held HTTP/1.1\r\nHost: x\r\n\r\n")
            while server.slowStarted.load(ordering: .relaxed) == 0 { try await Task.sleep(for: .milliseconds(5)) }
            // With one I/O thread, which also runs the handler's task, another request is only answered if the
            // sleeping handler leaves that thread free while it waits.
            let fast = try RawClient(port: server.port, receiveTimeout: 5)
            try fast.send("GET /slow-in-flight HTTP/1.1\r\nHost: x\r\n\r\n")
            let answer = try await fast.readResponse()
            #expect(answer.status == 200)
            // The held handler cannot finish before the test releases it, so a loaded machine (this test's own
            // task starved for seconds) cannot reorder the two: no stopwatch involved.
            #expect(answer.body == "1")
            server.release.raise()
            #expect(try await slow.readResponse().body == "released")
        }
    }

    @Test func handlerErrorsBecomeA500NamingTheRequestID() async throws {
        try await TestServer.run { server in
            let client = try RawClient(port: server.port)
            try client.send("GET /fail HTTP/1.1\r\nX-Request-Id: req-9\r\n\r\n")
            let response = try await client.readResponse()
            #expect(response.status == 500)
            #expect(response.body == #"{"error":{"code":"INTERNAL","message":"internal error; request id req-9"}}"#)
            // A handler error does not cost the client its connection.
            try client.send("GET /health HTTP/1.1\r\n\r\n")
            #expect(try await client.readResponse().status == 200)
        }
    }
}
