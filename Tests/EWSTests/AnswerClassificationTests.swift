// HTTP answers that are not EWS (HTML, JSON, redirects, OWA's 440, 403, 404), classified without a
// server, and transport details checked with a recording server: X-AnchorMailbox, gzip.
import Foundation
import HTTPServer
import Logging
import Testing

@testable import Curl
@testable import EWS

@Suite struct AnswerClassificationTests {
    private func classify(_ status: Int, _ body: String, headers: [(name: String, value: String)] = []) -> EWSError? {
        do {
            _ = try SOAPResponse.parse(TransportResponse(status: status, headers: headers, body: Array(body.utf8), newConnections: 0, remoteAddress: ""))
            return nil
        } catch {
            return error
        }
    }

    @Test func htmlPagesAreNotEWS() {
        #expect(classify(200, "<html><body>Outlook</body></html>", headers: [(name: "Content-Type", value: "text/html")]) == .notEWS(.html(status: 200)))
        #expect(classify(500, "<!DOCTYPE html><html><h1>Server Error in '/EWS' Application.</h1></html>") == .notEWS(.html(status: 500)))
    }

    @Test func otherBodiesAreNotSOAP() {
        #expect(classify(200, #"{"status":"ok"}"#) == .notEWS(.notSOAP(status: 200)))
        #expect(classify(200, #"<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom"/>"#) == .notEWS(.notSOAP(status: 200)))
    }

    @Test func statusesEWSNeverAnswersWith() {
        #expect(classify(404, "") == .notEWS(.unexpectedStatus(404)))
        #expect(classify(440, "") == .notEWS(.owaLoginTimeout))
        #expect(classify(403, "") == .forbidden)
        #expect(classify(302, "", headers: [(name: "Location", value: "https://mail.contoso.com/owa/auth/logon.aspx?url=x&reason=0")])
                == .notEWS(.owaRedirect(location: "https://mail.contoso.com/owa/auth/logon.aspx?url=x&reason=0")))
        #expect(classify(301, "", headers: [(name: "Location", value: "https://login.example.com/")])
                == .notEWS(.redirect(status: 301, location: "https://login.example.com/")))
        #expect(classify(503, "", headers: [(name: "Retry-After", value: "3")]) == .throttled(backOffMilliseconds: 3000))
    }

    @Test func challengesAreReadInBothForms() {
        let separate: [(name: String, value: String)] = [(name: "WWW-Authenticate", value: "Negotiate"), (name: "WWW-Authenticate", value: "NTLM")]
        #expect(classify(401, "", headers: separate) == .basicAuthNotOffered(offered: ["Negotiate", "NTLM"]))
        #expect(classify(401, "", headers: [(name: "www-authenticate", value: "Negotiate, NTLM")]) == .basicAuthNotOffered(offered: ["Negotiate", "NTLM"]))
        #expect(classify(401, "", headers: separate + [(name: "WWW-Authenticate", value: #"Basic realm="mail.contoso.com""#)]) == .unauthorized)
    }

    @Test func faultWithoutDetailFallsBackToTheFaultCode() {
        let fault = """
            <s:Envelope xmlns:s="http://schemas.xmlsoap.org/soap/envelope/"><s:Body><s:Fault>
            <faultcode xmlns:a="http://schemas.microsoft.com/exchange/services/2006/types">a:ErrorImpersonateUserDenied</faultcode>
            <faultstring>The account does not have permission to impersonate the requested user.</faultstring></s:Fault></s:Body></s:Envelope>
            """
        #expect(classify(500, fault) == .impersonateUserDenied)
    }

    @Test func dateTimesInEveryFormEWSUses() {
        let reference = Date(timeIntervalSince1970: 1_795_615_200)  // 2026-11-25T14:00:00Z
        #expect(EWSDateTime.parse("2026-11-25T14:00:00Z") == reference)
        #expect(EWSDateTime.parse("2026-11-25T15:00:00+01:00") == reference)
        #expect(EWSDateTime.parse("2026-11-25T06:00:00.000-08:00") == reference)
        #expect(EWSDateTime.parse("2026-11-25T14:00:00") == reference)
        #expect(EWSDateTime.parse("2026-11-25T14:00:00.5Z") == reference.addingTimeInterval(0.5))
        #expect(EWSDateTime.parse("2026-13-25T14:00:00Z") == nil)
        #expect(EWSDateTime.parse("yesterday") == nil)
        #expect(EWSDateTime.format(reference) == "2026-11-25T14:00:00Z")
    }

    @Test func impersonatedCallsCarryXAnchorMailboxAndGzipIsDecoded() async throws {
        var configuration = HTTPServerConfiguration()
        configuration.port = 0
        let routes = RouterBuilder()
        let router = routes.group(access: .none)
        let seen = HeaderLog()
        // A gzip body (made with Python's gzip module) of "<compressed answer/>" three times.
        let gzipped = Array(Data(base64Encoded: "H4sIAAAAAAACA7NJzs8tKEotLk5NUUjMKy5PLdK3syFSDACODQCpPAAAAA==")!)
        router.post("/EWS/Exchange.asmx") { request in
            seen.record(request.headers)
            return HTTPResponse(status: .ok, headers: ["Content-Type": "text/xml", "Content-Encoding": "gzip"], body: gzipped)
        }
        let server = HTTPServer(configuration: configuration, router: routes.build(), logger: Logger(label: "t") { _ in SwiftLogNoOpLogHandler() })
        try server.start()
        var transportConfiguration = CurlTransport.Configuration()
        transportConfiguration.addressPolicy = .allowAll
        transportConfiguration.allowInsecureHTTP = true
        let transport = CurlTransport(configuration: transportConfiguration)
        let response = try await transport.send(TransportRequest(url: "http://127.0.0.1:\(server.port)/EWS/Exchange.asmx", body: [],
                                                                 credentials: nil, timeout: .seconds(5)))
        #expect(String(decoding: response.body, as: UTF8.self) == String(repeating: "<compressed answer/>", count: 3))
        #expect(seen.last?["Accept-Encoding"]?.contains("gzip") == true)

        let client = EWSClient(endpoint: "http://127.0.0.1:\(server.port)/EWS/Exchange.asmx", username: "svc", password: "p",
                               transport: transport, logger: Logger(label: "t") { _ in SwiftLogNoOpLogHandler() })
        _ = try? await client.calendarView(.impersonation("alice@contoso.com"), start: Date(), end: Date().addingTimeInterval(60), timeout: .seconds(5))
        #expect(seen.last?["X-AnchorMailbox"] == "alice@contoso.com")
        #expect(seen.last?["Content-Type"] == "text/xml; charset=utf-8")
        transport.shutdown()
        await server.shutdown()
    }
}

/// The headers of the requests a test server received.
final class HeaderLog: @unchecked Sendable {
    private let lock = NSLock()
    private var all: [HTTPHeaders] = []
    func record(_ headers: HTTPHeaders) { lock.withLock { all.append(headers) } }
    var last: HTTPHeaders? { lock.withLock { all.last } }
}
