// Answers a hostile or broken EWS endpoint can send: none may crash the process.
import Curl
import EWS
import Foundation
import HTTPServer
import Logging
import Testing

@Suite struct HostileAnswerTests {
    /// A loopback endpoint that answers every POST with `respond`.
    private func withEndpoint(_ respond: @escaping @Sendable (HTTPRequest) -> HTTPResponse,
                              _ body: @Sendable (EWSClient) async throws -> Void) async throws {
        var configuration = HTTPServerConfiguration()
        configuration.port = 0
        configuration.drainTimeout = 1
        let routes = RouterBuilder()
        routes.fallback(access: .none) { respond($0) }
        let server = HTTPServer(configuration: configuration, router: routes.build(), logger: Logger(label: "t") { _ in SwiftLogNoOpLogHandler() })
        try server.start()
        var transportConfiguration = CurlTransport.Configuration()
        transportConfiguration.addressPolicy = .allowAll
        transportConfiguration.allowInsecureHTTP = true
        let transport = CurlTransport(configuration: transportConfiguration)
        let client = EWSClient(endpoint: "http://127.0.0.1:\(server.port)/EWS/Exchange.asmx", username: "svc@contoso.com",
                               password: "pw", transport: transport, logger: Logger(label: "t") { _ in SwiftLogNoOpLogHandler() })
        do { try await body(client) } catch {
            transport.shutdown()
            await server.shutdown()
            throw error
        }
        transport.shutdown()
        await server.shutdown()
    }

    @Test(arguments: ["99999999999999999", "-99999999999999999", "9223372036854775807"])
    func aHugeRetryAfterIsClampedNotACrash(_ value: String) async throws {
        try await withEndpoint({ _ in
            var headers = HTTPHeaders()
            headers.add("Retry-After", value)
            return HTTPResponse(status: .serviceUnavailable, headers: headers)
        }) { client in
            await #expect(throws: EWSError.self) { try await client.probe(timeout: .seconds(5)) }
        }
    }

    @Test(arguments: ["9223372036854775807", "-9223372036854775808"])
    func anExtremeBackOffIsNotACrash(_ value: String) async throws {
        let fault = """
            <?xml version="1.0" encoding="utf-8"?>
            <s:Envelope xmlns:s="http://schemas.xmlsoap.org/soap/envelope/"><s:Body><s:Fault>
            <faultcode>ErrorServerBusy</faultcode><faultstring>busy</faultstring><detail>
            <e:ResponseCode xmlns:e="http://schemas.microsoft.com/exchange/services/2006/errors">ErrorServerBusy</e:ResponseCode>
            <t:MessageXml xmlns:t="http://schemas.microsoft.com/exchange/services/2006/types"><t:Value Name="BackOffMilliseconds">\(value)</t:Value></t:MessageXml>
            </detail></s:Fault></s:Body></s:Envelope>
            """
        try await withEndpoint({ _ in
            var headers = HTTPHeaders()
            headers.add("Content-Type", "text/xml; charset=utf-8")
            return HTTPResponse(status: .internalServerError, headers: headers, body: Array(fault.utf8))
        }) { client in
            await #expect(throws: EWSError.self) { try await client.probe(timeout: .seconds(5)) }
        }
    }
}
