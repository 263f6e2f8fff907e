// The Exchange and organization routes driven without sockets, against a loopback endpoint that answers like EWS.
import CalendarBackend
import Curl
import EWS
import Foundation
import HTTPServer
import Logging
import Storage
import Testing

@Suite struct ExchangeRoutesTests {
    static let adminToken = String(repeating: "a", count: 32)
    static let probeAnswer = """
        <?xml version='1.0' encoding='utf-8'?>
        <s:Envelope xmlns:s="http://schemas.xmlsoap.org/soap/envelope/"><s:Header>
        <h:ServerVersionInfo xmlns:h="http://schemas.microsoft.com/exchange/services/2006/types" MajorVersion="15" MinorVersion="1" MajorBuildNumber="2345" MinorBuildNumber="6789"/>
        </s:Header><s:Body><m:ConvertIdResponse xmlns:m="http://schemas.microsoft.com/exchange/services/2006/messages"><m:ResponseMessages>
        <m:ConvertIdResponseMessage ResponseClass="Error"><m:MessageText>x</m:MessageText><m:ResponseCode>ErrorInvalidSmtpAddress</m:ResponseCode></m:ConvertIdResponseMessage>
        </m:ResponseMessages></m:ConvertIdResponse></s:Body></s:Envelope>
        """

    /// The service's router, and an EWS look-alike on 127.0.0.1 that offers Basic and accepts any password.
    struct Service {
        let router: Router
        let endpoint: String

        func call(_ method: HTTPMethod, _ path: String, token: String = ExchangeRoutesTests.adminToken, body: String? = nil) async -> (status: Int, body: String) {
            var headers = HTTPHeaders()
            headers.add("Authorization", "Bearer \(token)")
            if body != nil { headers.add("Content-Type", "application/json") }
            let response = await router.respond(to: HTTPRequest(method: method, path: path, headers: headers, body: Array((body ?? "").utf8)))
            return (response.status.code, String(decoding: response.body, as: UTF8.self))
        }

        /// A new organization: its id and first API key (and that key's id).
        func organization() async throws -> (id: String, key: String, keyID: String) {
            let created = await call(.post, "/v1/organizations", body: #"{"name":"Contoso"}"#)
            let object = try #require(try JSONSerialization.jsonObject(with: Data(created.body.utf8)) as? [String: Any])
            return (try #require(object["id"] as? String), try #require(object["apiKey"] as? String), try #require(object["apiKeyId"] as? String))
        }
    }

    private func withService(resolver: any HostResolver = ResolverPool.shared, _ body: (Service) async throws -> Void) async throws {
        var configuration = HTTPServerConfiguration()
        configuration.port = 0
        configuration.drainTimeout = 1
        let fakeRoutes = RouterBuilder()
        fakeRoutes.fallback(access: .none) { request in
            var headers = HTTPHeaders()
            guard request.headers["Authorization"] != nil else {
                headers.add("WWW-Authenticate", "Basic realm=\"ews\"")
                return HTTPResponse(status: .unauthorized, headers: headers)
            }
            headers.add("Content-Type", "text/xml; charset=utf-8")
            return HTTPResponse(status: .ok, headers: headers, body: Array(Self.probeAnswer.utf8))
        }
        let fake = HTTPServer(configuration: configuration, router: fakeRoutes.build(), logger: Logger(label: "t") { _ in SwiftLogNoOpLogHandler() })
        try fake.start()

        let database = try SQLiteDatabase(path: ":memory:")
        _ = try MigrationRunner(database: database, logger: Logger(label: "t") { _ in SwiftLogNoOpLogHandler() }).migrate()
        let organizations = OrganizationService(store: SQLOrganizationStore(database: database), adminToken: Self.adminToken)
        var policy = EWSPolicy()
        policy.allowPrivateAddresses = true  // the look-alike is on loopback
        policy.allowInsecureHTTP = true
        let transport = CurlTransport(configuration: policy.transportConfiguration)
        let logger = Logger(label: "t") { _ in SwiftLogNoOpLogHandler() }
        let exchange = ExchangeLinkService(links: SQLExchangeLinkStore(database: database),
                                           secrets: try SecretBox(key: [UInt8](repeating: 1, count: 32)),
                                           check: EWSConnectivityCheck(policy: policy, transport: transport, resolver: resolver, logger: logger), logger: logger)
        let routes = RouterBuilder(errors: RESTErrors.renderer, logger: logger)
        RESTAPI.register(on: routes, .onDatabase(database, organizations: organizations, exchange: exchange))
        let service = Service(router: routes.build(), endpoint: "http://127.0.0.1:\(fake.port)/EWS/Exchange.asmx")
        do { try await body(service) } catch {
            transport.shutdown()
            await fake.shutdown()
            throw error
        }
        transport.shutdown()
        await fake.shutdown()
    }

    @Test func aLinkAgainstTheLookAlikeSucceeds() async throws {
        try await withService { service in
            let organization = try await service.organization()
            let linked = await service.call(.put, "/v1/organizations/\(organization.id)/exchange", body: """
                {"upn":"svc@contoso.com","password":"pw-secret","ewsUrl":"\(service.endpoint)","accessMethod":"impersonation",
                 "passwordExpiresAt":"2027-02-01T00:00:00Z"}
                """)
            #expect(linked.status == 200)
            #expect(!linked.body.contains("pw-secret"))
        }
    }

    @Test(arguments: ["99999-01-01T00:00:00Z", "-0001-12-31T00:00:00Z"])
    func aPasswordExpiryTheStoreCannotHoldIs400Not500(_ expiry: String) async throws {
        try await withService { service in
            let organization = try await service.organization()
            let answer = await service.call(.put, "/v1/organizations/\(organization.id)/exchange", body: """
                {"upn":"svc@contoso.com","password":"pw","ewsUrl":"\(service.endpoint)","accessMethod":"impersonation","passwordExpiresAt":"\(expiry)"}
                """)
            #expect(answer.status == 400)
            #expect(answer.body.contains("passwordExpiresAt"))
        }
    }

    @Test func credentialsInsideTheEWSURLAreRefusedAndNeverStored() async throws {
        try await withService { service in
            let organization = try await service.organization()
            let withSecret = service.endpoint.replacingOccurrences(of: "http://", with: "http://svc:url-secret@")
            let answer = await service.call(.put, "/v1/organizations/\(organization.id)/exchange", body: """
                {"upn":"svc@contoso.com","password":"pw","ewsUrl":"\(withSecret)","accessMethod":"impersonation"}
                """)
            #expect(answer.status == 400)
            #expect(!answer.body.contains("url-secret"))
            let stored = await service.call(.get, "/v1/organizations/\(organization.id)/exchange")
            #expect(stored.status == 404)
            #expect(!stored.body.contains("url-secret"))
        }
    }

    @Test func keysReachOnlyTheirOwnOrganizationAndNeverAdminRoutes() async throws {
        try await withService { service in
            let mine = try await service.organization()
            let other = try await service.organization()
            for (method, path) in [(HTTPMethod.get, "/v1/organizations/\(other.id)"), (.get, "/v1/organizations/\(other.id)/exchange"),
                                   (.delete, "/v1/organizations/\(other.id)/exchange"), (.post, "/v1/organizations/\(other.id)/api-keys"),
                                   (.delete, "/v1/organizations/\(other.id)/api-keys/\(other.keyID)")] {
                #expect(await service.call(method, path, token: mine.key).status == 404, "\(method) \(path)")
            }
            #expect(await service.call(.get, "/v1/organizations", token: mine.key).status == 403)
            #expect(await service.call(.post, "/v1/organizations", token: mine.key, body: #"{"name":"x"}"#).status == 403)
            #expect(await service.call(.get, "/v1/organizations/\(mine.id)", token: mine.key).status == 200)
            #expect(await service.call(.delete, "/v1/organizations/\(mine.id)/api-keys/\(mine.keyID)").status == 204)
            #expect(await service.call(.get, "/v1/organizations/\(mine.id)", token: mine.key).status == 401)
        }
    }

    /// A resolver that never answers in time, as when another organization's slow DNS holds the shared pool.
    struct NeverResolves: HostResolver {
        func resolve(_ host: String, timeout: Duration) async -> HostResolution { .timedOut }
    }

    /// The dns step only informs the report: a lookup that timed out in the shared pool is a warning, and the
    /// check goes on (the transport resolves again), so one tenant's slow DNS cannot fail another's link.
    @Test func aDNSLookupThatTimesOutIsAWarningAndTheCheckGoesOn() async throws {
        try await withService(resolver: NeverResolves()) { service in
            let organization = try await service.organization()
            let answer = await service.call(.post, "/v1/organizations/\(organization.id)/exchange/test", body: """
                {"upn":"svc@contoso.com","password":"pw","ewsUrl":"\(service.endpoint)","accessMethod":"impersonation"}
                """)
            #expect(answer.status == 200)
            let object = try #require(try JSONSerialization.jsonObject(with: Data(answer.body.utf8)) as? [String: Any])
            #expect(object["passed"] as? Bool == true, "\(answer.body)")
            let steps = try #require(object["steps"] as? [[String: Any]])
            #expect(steps.first { $0["id"] as? String == "dns" }?["status"] as? String == "warning")
        }
    }
}
