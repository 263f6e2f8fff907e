// RESTAccessTests: the REST policies as a route group applies them, without sockets.
import CalendarBackend
import Foundation
import HTTPServer
import Logging
import Storage
import Testing

@Suite struct RESTAccessTests {
    private func access(gateOpen: Bool) throws -> RESTAccess {
        let database = try SQLiteDatabase(path: ":memory:")
        _ = try MigrationRunner(database: database, logger: Logger(label: "t") { _ in SwiftLogNoOpLogHandler() }).migrate()
        return RESTAccess(organizations: OrganizationService(store: SQLOrganizationStore(database: database), adminToken: String(repeating: "a", count: 32)),
                          gate: StartupGate(open: gateOpen))
    }

    /// An invitation-style route: the token in the path is the only credential; no bearer token is read.
    @Test func aPathTokenPolicyVerifiesTheTokenInThePathAndNothingElse() async throws {
        let routes = RouterBuilder(errors: RESTErrors.renderer)
        let policy = try access(gateOpen: true).pathToken(parameter: "token") { token -> String in
            guard token == "tok-valid" else { throw ServiceError.notFound("no invitation \(token)") }
            return "invitee"
        }
        routes.group("/v1/invitations/{token}", access: policy).post("/accept") { _, who in .text(who) }
        let router = routes.build()
        let accepted = await router.respond(to: HTTPRequest(method: .post, path: "/v1/invitations/tok-valid/accept"))
        #expect(String(decoding: accepted.body, as: UTF8.self) == "invitee")
        let refused = await router.respond(to: HTTPRequest(method: .post, path: "/v1/invitations/tok-other/accept",
                                                           headers: ["Authorization": "Bearer \(String(repeating: "a", count: 32))"]))
        #expect(refused.status == .notFound)
        #expect(router.routePolicies.map(\.policy) == ["pathToken"])
    }

    @Test func everyPolicyAnswers503WithRetryAfterUntilTheDatabaseIsMigrated() async throws {
        let access = try access(gateOpen: false)
        let routes = RouterBuilder(errors: RESTErrors.renderer)
        routes.group(access: access.admin).get("/a") { _, _ in .text("a") }
        routes.group("/o/{orgId}", access: access.organizationKey(parameter: "orgId")).get("") { _, _ in .text("o") }
        routes.group("/t/{token}", access: access.pathToken(parameter: "token") { $0 }).get("") { _, _ in .text("t") }
        let router = routes.build()
        for path in ["/a", "/o/org_1", "/t/x"] {
            let response = await router.respond(to: HTTPRequest(method: .get, path: path, headers: ["Authorization": "Bearer \(String(repeating: "a", count: 32))"]))
            #expect(response.status == .serviceUnavailable, "\(path)")
            #expect(response.headers["Retry-After"] == "1")
            #expect(String(decoding: response.body, as: UTF8.self).contains(#""code":"STARTING""#))
        }
    }

    /// A store that cannot reach its database (PostgreSQL down) is an outage, not the server's bug: 503 with
    /// Retry-After on REST and on the AWS API, never a 500; any other store failure stays a 500.
    @Test func aDatabaseOutageIs503WithRetryAfterOnBothAPIs() async throws {
        let routes = RouterBuilder(errors: AWSAPI.errorRenderer(otherwise: RESTErrors.renderer))
        routes.group(access: .none).get("/down") { _, _ in throw StorageError.unavailable(reason: "connection refused") }
        routes.group(access: .none).get("/locked") { _, _ in throw StorageError.busy(message: "locked", sql: "UPDATE t") }
        routes.group(access: .none).get("/bug") { _, _ in throw StorageError.noSuchColumn("x") }
        routes.group(access: .none).post("/") { _, _ in throw StorageError.unavailable(reason: "connection refused") }
        let router = routes.build()
        for path in ["/down", "/locked"] {
            let response = await router.respond(to: HTTPRequest(method: .get, path: path))
            #expect(response.status == .serviceUnavailable, "\(path)")
            #expect(response.headers["Retry-After"] == "1")
            #expect(String(decoding: response.body, as: UTF8.self).contains(#""code":"DATABASE_UNAVAILABLE""#))
        }
        #expect(await router.respond(to: HTTPRequest(method: .get, path: "/bug")).status == .internalServerError)
        let aws = await router.respond(to: HTTPRequest(method: .post, path: "/", headers: [
            "X-Amz-Target": "AlexaForBusiness.SearchUsers", "Content-Type": "application/x-amz-json-1.1",
        ]))
        #expect(aws.status == .serviceUnavailable)
        #expect(aws.headers["x-amzn-ErrorType"] == "ServiceUnavailableException")
        #expect(aws.headers["Retry-After"] == "1")
    }

    @Test func aMissingOrWrongBearerIs401WithTheChallenge() async throws {
        let routes = RouterBuilder(errors: RESTErrors.renderer)
        routes.group(access: try access(gateOpen: true).admin).get("/a") { _, _ in .text("a") }
        let router = routes.build()
        for headers in [HTTPHeaders(), ["Authorization": "Bearer wrong-token-xxxxxxxx"], ["Authorization": "Basic abc"]] as [HTTPHeaders] {
            let response = await router.respond(to: HTTPRequest(method: .get, path: "/a", headers: headers))
            #expect(response.status == .unauthorized)
            #expect(response.headers["WWW-Authenticate"] == "Bearer")
        }
    }
}
