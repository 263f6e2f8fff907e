// The access log as the server writes it (one line per request, no secrets, no bodies) and the Prometheus metrics.
import Foundation
@testable import HTTPServer
import InMemoryLogging
import Logging
import TestSupport
import Testing

@Suite struct ObservabilityTests {
    @Test func oneAccessLogLinePerRequestWithoutSecretsOrBodies() async throws {
        try await TestServer.run { server in
            let client = try RawClient(port: server.port)
            try client.send("POST /echo?token=s3cr3t-query HTTP/1.1\r\nAuthorization: Bearer s3cr3t-header\r\nX-Request-Id: log-1\r\n"
                            + "Content-Length: 13\r\n\r\ns3cr3t-body!!")
            _ = try await client.readResponse()
            try client.send("GET /hello/x HTTP/1.1\r\nX-Request-Id: log-2\r\n\r\n")
            _ = try await client.readResponse()

            let lines = server.logs.entries.filter { $0.message.description == "request" }
            #expect(lines.count == 2)
            let first = try #require(lines.first)
            #expect(first.metadata["request_id"]?.description == "log-1")
            #expect(first.metadata["method"]?.description == "POST")
            #expect(first.metadata["path"]?.description == "/echo")
            #expect(first.metadata["status"]?.description == "200")
            #expect(lines.last?.metadata["route"]?.description == "/hello/{name}")
            for entry in server.logs.entries {
                let text = "\(entry.message) \(entry.metadata)"
                #expect(!text.contains("s3cr3t"), "secret in log line: \(text)")
            }
        }
    }

    @Test func metricsCountRequestsByRouteTemplateAndStatus() async throws {
        try await TestServer.run { server in
            let client = try RawClient(port: server.port)
            for name in ["a", "b"] {
                try client.send("GET /hello/\(name) HTTP/1.1\r\n\r\n")
                _ = try await client.readResponse()
            }
            try client.send("GET /missing HTTP/1.1\r\n\r\n")
            _ = try await client.readResponse()
            let text = server.server.metrics.render()
            #expect(text.contains(#"http_requests_total{method="GET",route="/hello/{name}",status="200"} 2"#))
            #expect(text.contains(#"http_requests_total{method="GET",route="unmatched",status="404"} 1"#))
            #expect(text.contains(#"http_request_duration_seconds_count{method="GET",route="/hello/{name}"} 2"#))
            #expect(text.contains(#"http_request_duration_seconds_bucket{method="GET",route="/hello/{name}",le="+Inf"} 2"#))
            #expect(text.contains("http_open_connections 1"))
        }
    }
}
