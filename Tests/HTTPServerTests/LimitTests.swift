// Oversized, malformed and unroutable requests: the right status, a JSON error body, and a close
// where the rest of the stream cannot be trusted.
import Foundation
@testable import HTTPServer
import TestSupport
import Testing

@Suite struct LimitTests {
    @Test func requestLineTooLongIs431() async throws {
        try await TestServer.run { server in
            let client = try RawClient(port: server.port)
            try client.send("GET /" + String(repeating: "a", count: 9000) + " HTTP/1.1\r\nHost: x\r\n\r\n")
            let response = try await client.readResponse()
            #expect(response.status == 431)
            #expect(response.body.contains(#""code":"HEADERS_TOO_LARGE""#))
            #expect(await client.isClosedByServer())
        }
    }

    @Test func requestLineTooLongIs431EvenBeforeItEnds() async throws {
        try await TestServer.run { server in
            let client = try RawClient(port: server.port)
            try client.send("GET /" + String(repeating: "a", count: 20000))
            #expect(try await client.readResponse().status == 431)
        }
    }

    @Test func headersTooLargeAre431() async throws {
        try await TestServer.run { server in
            let client = try RawClient(port: server.port)
            var request = "GET /health HTTP/1.1\r\n"
            for index in 0..<40 { request += "X-Filler-\(index): " + String(repeating: "v", count: 500) + "\r\n" }
            try client.send(request + "\r\n")
            let response = try await client.readResponse()
            #expect(response.status == 431)
            #expect(response.header("content-type") == "application/json")
        }
    }

    @Test func tooManyHeaderFieldsAre431() async throws {
        try await TestServer.run { server in
            let client = try RawClient(port: server.port)
            var request = "GET /health HTTP/1.1\r\n"
            for index in 0..<101 { request += "X-\(index): v\r\n" }
            try client.send(request + "\r\n")
            #expect(try await client.readResponse().status == 431)
        }
    }

    @Test func bodyOverTheLimitIs413AndItsBytesAreNeverParsedAsARequest() async throws {
        try await TestServer.run({ $0.limits.maxBodyBytes = 1024 }) { server in
            let client = try RawClient(port: server.port)
            // The "body" holds a complete request: a server that kept reading would answer it.
            let smuggled = "GET /hello/smuggled HTTP/1.1\r\nHost: x\r\n\r\n"
            let body = smuggled + String(repeating: "x", count: 2000 - smuggled.utf8.count)
            try client.send("POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 2000\r\n\r\n" + body)
            let response = try await client.readResponse()
            #expect(response.status == 413)
            #expect(response.header("connection") == "close")
            #expect(response.body.contains(#""code":"PAYLOAD_TOO_LARGE""#))
            let rest = await client.readToEnd()
            #expect(!rest.contains("HTTP/1.1"), "the server answered bytes of a refused body: \(rest)")
        }
    }

    @Test func defaultBodyLimitIsOneMebibyte() {
        #expect(HTTPParserLimits().maxBodyBytes == 1_048_576)
    }

    @Test func chunkedBodyOverTheLimitIs413() async throws {
        try await TestServer.run({ $0.limits.maxBodyBytes = 16 }) { server in
            let client = try RawClient(port: server.port)
            try client.send("POST /echo HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n10\r\n0123456789abcdef\r\n1\r\nX\r\n0\r\n\r\n")
            #expect(try await client.readResponse().status == 413)
            #expect(await client.isClosedByServer())
        }
    }

    @Test(arguments: [
        "GARBAGE\r\n\r\n",
        "GET /health\r\n\r\n",
        "GET /health HTTP/1.1\r\nNoColonHere\r\n\r\n",
        "GET /health HTTP/1.1\r\nBad Name: x\r\n\r\n",
        "GET /health HTTP/1.1\r\nHost : x\r\n\r\n",
        "GET /health HTTP/1.1\r\nX: a\r\n folded\r\n\r\n",
        "GET health HTTP/1.1\r\n\r\n",
        "GET /health HTTP/x.y\r\n\r\n",
        "GET /he%zzlth HTTP/1.1\r\n\r\n",
        "POST /echo HTTP/1.1\r\nContent-Length: abc\r\n\r\n",
        "POST /echo HTTP/1.1\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\nab",
        "POST /echo HTTP/1.1\r\nContent-Length: 3\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n",
        "POST /echo HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\nhello\r\n0\r\n\r\n",
        "POST /echo HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabcXX0\r\n\r\n",
        "POST /echo HTTP/1.1\r\nTransfer-Encoding: chunked, identity\r\n\r\n",
        // Line ends: a bare CR or a bare LF anywhere in the head, or a head of bare LFs only (refused at
        // once, not after the header timeout).
        "GET /health HTTP/1.1\r\nX-A: one\rX-B: two\r\n\r\n",
        "GET /health HTTP/1.1\r\nX-A: one\nX-B: two\r\n\r\n",
        "GET /health HTTP/1.1\nHost: x\n\n",
        "GET /health HTTP/1.1\r\nHost: x\r\r\r",
        // Chunk-size lines: CR or LF inside an extension, whitespace after the size with no `;`, a bad
        // extension name or value, and sizes of 16 hex digits (which would wrap a 64-bit integer).
        "POST /echo HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n1;a\rb\r\nX\r\n0\r\n\r\n",
        "POST /echo HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n1;a\nb\r\nX\r\n0\r\n\r\n",
        "POST /echo HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n1\nX\r\n0\r\n\r\n",
        "POST /echo HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n1 \r\nX\r\n0\r\n\r\n",
        "POST /echo HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n1\t\r\nX\r\n0\r\n\r\n",
        "POST /echo HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n1;\r\nX\r\n0\r\n\r\n",
        "POST /echo HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n1;a=\"open\r\nX\r\n0\r\n\r\n",
        "POST /echo HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\nffffffffffffffff\r\nX\r\n0\r\n\r\n",
        "POST /echo HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n0000000000000001\r\nX\r\n0\r\n\r\n",
        // A repeated Content-Length, even with identical values (see the parser for why).
        "POST /echo HTTP/1.1\r\nContent-Length: 5, 5\r\n\r\nhello",
        "POST /echo HTTP/1.1\r\nContent-Length: 5\r\nContent-Length: 5\r\n\r\nhello",
        "POST /echo HTTP/1.1\r\nContent-Length: 5,\r\n\r\nhello",
    ])
    func malformedRequestsAre400AndClose(request: String) async throws {
        try await TestServer.run { server in
            let client = try RawClient(port: server.port)
            try client.send(request)
            let response = try await client.readResponse()
            #expect(response.status == 400, "\(request.debugDescription) -> \(response.status)")
            #expect(response.body.contains(#""code":"BAD_REQUEST""#))
            #expect(response.header("connection") == "close")
            #expect(await client.isClosedByServer())
        }
    }

    @Test func unknownMethodIs501() async throws {
        try await TestServer.run { server in
            let client = try RawClient(port: server.port)
            try client.send("BREW /pot HTTP/1.1\r\nHost: x\r\n\r\n")
            let response = try await client.readResponse()
            #expect(response.status == 501)
            #expect(response.body.contains(#""code":"NOT_IMPLEMENTED""#))
        }
    }

    @Test func unsupportedHTTPVersionIs505() async throws {
        try await TestServer.run { server in
            let client = try RawClient(port: server.port)
            try client.send("GET /health HTTP/2.0\r\n\r\n")
            #expect(try await client.readResponse().status == 505)
        }
    }

    @Test func unknownPathIs404WithAJSONError() async throws {
        try await TestServer.run { server in
            let client = try RawClient(port: server.port)
            try client.send("GET /nowhere HTTP/1.1\r\nHost: x\r\n\r\n")
            let response = try await client.readResponse()
            #expect(response.status == 404)
            #expect(response.body == #"{"error":{"code":"NOT_FOUND","message":"no route for \/nowhere"}}"# || response.body == #"{"error":{"code":"NOT_FOUND","message":"no route for /nowhere"}}"#)
            // 404 is the client's mistake about a path, not about the stream: the connection stays.
            try client.send("GET /health HTTP/1.1\r\n\r\n")
            #expect(try await client.readResponse().status == 200)
        }
    }

    @Test func wrongMethodIs405WithAllow() async throws {
        try await TestServer.run { server in
            let client = try RawClient(port: server.port)
            try client.send("DELETE /echo HTTP/1.1\r\nHost: x\r\n\r\n")
            let response = try await client.readResponse()
            #expect(response.status == 405)
            #expect(response.header("allow") == "POST, PUT")
            #expect(response.body.contains(#""code":"METHOD_NOT_ALLOWED""#))
        }
    }

    @Test func connectionLimitAnswers503() async throws {
        try await TestServer.run({ $0.maxConnections = 2; $0.ioThreads = 1 }) { server in
            let first = try RawClient(port: server.port)
            let second = try RawClient(port: server.port)
            try first.send("GET /health HTTP/1.1\r\n\r\n")
            try second.send("GET /health HTTP/1.1\r\n\r\n")
            #expect(try await first.readResponse().status == 200)
            #expect(try await second.readResponse().status == 200)
            let third = try RawClient(port: server.port)
            let refused = try await third.readResponse()
            #expect(refused.status == 503)
            #expect(refused.body.contains("TOO_MANY_CONNECTIONS"))
            #expect(await third.isClosedByServer())
            #expect(server.server.metrics.render().contains("http_connections_rejected_total 1"))
        }
    }
}
