// The access log's fast line: the bytes JSONLogHandler writes for the same request, and no secrets.
import Foundation
@testable import HTTPServer
import Logging
import Observability
import TestSupport
import Testing

@Suite struct AccessLogTests {
    @Test(arguments: [
        (path: "/health", requestID: "0a1b2c3d-00000001", remote: "127.0.0.1:53312", duration: 0.000_123_4),
        (path: "/caf\u{E9}/\u{65E5}\u{672C}/\u{1F389}", requestID: "abc", remote: "[::1]:8080", duration: 1.234_5),
        (path: "/q\"uote/back\\slash/nl\n/tab\t/bell\u{07}/del\u{7F}", requestID: "x:y/z=", remote: "", duration: 12.5),
        (path: "", requestID: "", remote: "10.0.0.1:1", duration: 0),
    ])
    func theFastLineIsTheHandlersLineByteForByte(path: String, requestID: String, remote: String, duration: Double) async throws {
        let pipe = try PipeReader()
        let sink = LogSink(fd: pipe.writeFD)
        var logger = Logger(label: "a4b \"calendar\"") { JSONLogHandler(label: $0, sink: sink) }
        // Sorting before, among and after the fields; `route` is overridden by the field, as in the handler.
        logger[metadataKey: "a_first"] = "1"
        logger[metadataKey: "node"] = "n\u{E9}\"1\""
        logger[metadataKey: "route"] = "overridden"
        logger[metadataKey: "zz_last"] = .stringConvertible(99)
        var request = HTTPRequest(method: .post, path: path, query: "token=s3cr3t")
        request.requestID = requestID
        request.remoteAddress = remote

        var accessLog = AccessLog(logger: logger)
        accessLog.record(request, route: "/caf\u{E9}/{name}", status: 201, duration: duration, bytes: 1_048_576)
        // What the access log wrote before it had a fast path, through the general handler.
        logger.info("request", metadata: [
            "request_id": .string(requestID), "method": "POST", "path": .string(path), "route": "/caf\u{E9}/{name}",
            "status": .stringConvertible(201), "duration_ms": .string(String(format: "%.3f", duration * 1000)),
            "bytes_out": .stringConvertible(1_048_576), "remote": .string(remote),
        ])
        sink.flush()
        pipe.closeWriteEnd()
        let lines = pipe.readLines(within: 10)
        try #require(lines.count == 2)
        #expect(try withoutTimestamp(lines[0]) == withoutTimestamp(lines[1]))

        let object = try #require(try JSONSerialization.jsonObject(with: Data(lines[0].utf8)) as? [String: String])
        #expect(object == [
            "ts": object["ts"] ?? "missing", "level": "info", "logger": "a4b \"calendar\"", "msg": "request",
            "request_id": requestID, "method": "POST", "path": path, "route": "/caf\u{E9}/{name}", "status": "201",
            "duration_ms": String(format: "%.3f", duration * 1000), "bytes_out": "1048576", "remote": remote,
            "a_first": "1", "node": "n\u{E9}\"1\"", "zz_last": "99",
        ])
        #expect(!lines[0].contains("s3cr3t"))
    }

    @Test func aboveInfoNothingIsWritten() async throws {
        let pipe = try PipeReader()
        let sink = LogSink(fd: pipe.writeFD)
        let logger = Logger(label: "t") { JSONLogHandler(label: $0, level: .notice, sink: sink) }
        var accessLog = AccessLog(logger: logger)
        accessLog.record(HTTPRequest(method: .get, path: "/health"), route: "/health", status: 200, duration: 0.001, bytes: 2)
        logger.notice("marker")
        sink.flush()
        pipe.closeWriteEnd()
        let lines = pipe.readLines(within: 10)
        #expect(lines.count == 1)
        #expect(lines.first?.contains(#""msg":"marker""#) == true)
    }

    @Test func aServedRequestsLineHasNoQueryHeaderValuesOrBody() async throws {
        let pipe = try PipeReader()
        let sink = LogSink(fd: pipe.writeFD)
        let logger = Logger(label: "test") { JSONLogHandler(label: $0, sink: sink) }
        let routes = RouterBuilder(logger: logger)
        routes.group(access: .none).post("/echo/{name}") { request in HTTPResponse(body: request.body) }
        var configuration = HTTPServerConfiguration()
        configuration.port = 0
        let server = HTTPServer(configuration: configuration, router: routes.build(), logger: logger)
        try server.start()
        do {
            let client = try RawClient(port: server.port)
            try client.send("POST /echo/caf%C3%A9?token=s3cr3t-query HTTP/1.1\r\nAuthorization: Bearer s3cr3t-header\r\n"
                            + "Cookie: s=s3cr3t-cookie\r\nX-Request-Id: log-7\r\nContent-Length: 13\r\n\r\ns3cr3t-body!!")
            _ = try await client.readResponse()
        } catch {
            await server.shutdown()
            throw error
        }
        await server.shutdown()
        try await offThePool {
            sink.flush()
            pipe.closeWriteEnd()
        }
        let lines = try await offThePool { pipe.readLines(within: 10) }
        let requestLines = lines.filter { $0.contains(#""msg":"request""#) }
        try #require(requestLines.count == 1)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(requestLines[0].utf8)) as? [String: String])
        #expect(object["request_id"] == "log-7")
        #expect(object["path"] == "/echo/caf\u{E9}")
        #expect(object["route"] == "/echo/{name}")
        #expect(object["status"] == "200")
        #expect(object["bytes_out"] == "13")
        #expect(object["remote"]?.hasPrefix("127.0.0.1:") == true)
        for line in lines { #expect(!line.contains("s3cr3t"), "secret in log line: \(line)") }
    }
}

/// A log line without its `ts` value, which differs between two lines written a moment apart.
private func withoutTimestamp(_ line: String) throws -> String {
    let match = try #require(line.prefixMatch(of: /\{"ts":"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z"/))
    return String(line[match.range.upperBound...])
}
