// Routing, path parameters, JSON decoding errors and error rendering, mostly without sockets.
import Foundation
@testable import HTTPServer
import InMemoryLogging
import Logging
import TestSupport
import Testing

@Suite struct RouterTests {
    private func router() -> Router {
        let routes = RouterBuilder(errors: .testJSON)
        let router = routes.group(access: .none)
        router.get("/v1/organizations/{orgId}/users/{userId}") { request in
            .text("\(try request.parameter("orgId"))/\(try request.parameter("userId"))")
        }
        router.get("/v1/organizations") { _ in .text("list") }
        router.post("/v1/greetings") { request in
            let greeting = try request.decode(Greeting.self)
            return .text(greeting.name)
        }
        return routes.build()
    }

    private func body(_ response: HTTPResponse) -> String { String(decoding: response.body, as: UTF8.self) }

    @Test func pathParametersAreExtractedAndDecoded() async {
        let response = await router().respond(to: HTTPRequest(method: .get, path: "/v1/organizations/org 1/users/alice@contoso.com"))
        #expect(body(response) == "org 1/alice@contoso.com")
    }

    @Test func anEncodedSlashIsPartOfItsParameter() async throws {
        try await TestServer.run { server in
            let response = try await RawClient.request(port: server.port, "GET", "/hello/a%2Fb")
            #expect(response.status == 200)
            #expect(response.body == "hello a/b")
            let routed = await router().respond(to: HTTPRequest(method: .get, path: "/v1/organizations/x/users/y"))
            #expect(body(routed) == "x/y")
            var request = HTTPRequest(method: .get, path: "/v1/organizations/a/b/users/c")
            request.pathSegments = ["v1", "organizations", "a/b", "users", "c"]
            #expect(body(await router().respond(to: request)) == "a/b/c")
        }
    }

    @Test func trailingSlashMatchesAndExtraSegmentsDoNot() async {
        #expect(await router().respond(to: HTTPRequest(method: .get, path: "/v1/organizations/")).status == .ok)
        #expect(await router().respond(to: HTTPRequest(method: .get, path: "/v1/organizations/a/users/b/c")).status == .notFound)
        #expect(await router().respond(to: HTTPRequest(method: .get, path: "/v1/organizations//users/b")).status == .notFound)
    }

    @Test func caseInsensitiveRoutersMatchLiteralSegmentsIgnoringCase() async {
        let routes = RouterBuilder(caseInsensitivePaths: true)
        routes.group(access: .none).post("/EWS/Exchange.asmx") { _ in .text("ews") }
        #expect(await routes.build().respond(to: HTTPRequest(method: .post, path: "/ews/exchange.ASMX")).status == .ok)
        #expect(await self.router().respond(to: HTTPRequest(method: .get, path: "/V1/organizations")).status == .notFound)
    }

    @Test(arguments: [
        ("", "request body is empty; expected a JSON object"),
        ("{", "request body is not valid JSON"),
        (#"{"count": 1}"#, "missing required field 'name'"),
        (#"{"name": 5, "count": 1}"#, "field 'name' must be a string"),
        (#"{"name": "x", "count": "many"}"#, "field 'count' must be an integer"),
        (#"{"name": null, "count": 1}"#, "field 'name' must be a string, not null"),
        ("[1,2]", "the body must be an object"),
    ])
    func badJSONIs400NamingTheField(input: String, message: String) async throws {
        let request = HTTPRequest(method: .post, path: "/v1/greetings", headers: ["Content-Type": "application/json"], body: Array(input.utf8))
        let response = await router().respond(to: request)
        #expect(response.status == .badRequest)
        let decoded = try JSONDecoder().decode([String: [String: String]].self, from: Data(response.body))
        #expect(decoded["error"]?["code"] == "BAD_REQUEST")
        #expect(decoded["error"]?["message"] == message)
    }

    @Test func nonJSONContentTypeIs415() async {
        let request = HTTPRequest(method: .post, path: "/v1/greetings", headers: ["Content-Type": "text/plain"], body: Array("{}".utf8))
        #expect(await router().respond(to: request).status.code == 415)
    }

    /// A policy that admits requests carrying `X-Key: right`, as the principal "alice".
    private static let keyed = AccessPolicy<String>(name: "keyed") { request in
        guard request.headers["X-Key"] == "right" else { throw HTTPError(status: .unauthorized, code: "NO_KEY", message: "send X-Key") }
        return "alice"
    }

    @Test func aGroupsPolicyRunsBeforeItsHandlersAndHandsThemThePrincipal() async {
        let routes = RouterBuilder(errors: .testJSON)
        let reached = Counter()
        routes.group("/v1/things/{id}", access: Self.keyed).get("") { request, who in
            reached.value.add(1, ordering: .relaxed)
            return .text("\(who) reads \(try request.parameter("id"))")
        }
        let router = routes.build()
        let refused = await router.respond(to: HTTPRequest(method: .get, path: "/v1/things/7"))
        #expect(refused.status == .unauthorized)
        #expect(String(decoding: refused.body, as: UTF8.self) == #"{"error":{"code":"NO_KEY","message":"send X-Key"}}"#)
        #expect(reached.load() == 0)
        let admitted = await router.respond(to: HTTPRequest(method: .get, path: "/v1/things/7", headers: ["X-Key": "right"]))
        #expect(String(decoding: admitted.body, as: UTF8.self) == "alice reads 7")
        #expect(router.routePolicies.map(\.policy) == ["keyed"])
        #expect(router.routeDescriptions == ["GET /v1/things/{id}"])
    }

    @Test func eachGroupRendersWithItsOwnRendererAndTheRouterWithItsDefault() async {
        let aws = ErrorRenderer { error, _ in
            .json(raw: #"{"__type":"\#((error as? HTTPError)?.code ?? "InternalFailure")"}"#, status: .badRequest)
        }
        let routes = RouterBuilder()  // plain text by default: the server has no envelope of its own
        routes.group(access: .none, errors: aws).post("/") { _ in throw HTTPError.badRequest("nope") }
        routes.group(access: .none).get("/plain") { _ in throw HTTPError.badRequest("nope") }
        let router = routes.build()
        let fromAWS = await router.respond(to: HTTPRequest(method: .post, path: "/"))
        #expect(String(decoding: fromAWS.body, as: UTF8.self) == #"{"__type":"BAD_REQUEST"}"#)
        let plain = await router.respond(to: HTTPRequest(method: .get, path: "/plain"))
        #expect(plain.headers["Content-Type"]?.hasPrefix("text/plain") == true)
        #expect(String(decoding: plain.body, as: UTF8.self) == "BAD_REQUEST: nope\n")
        let unmatched = await router.respond(to: HTTPRequest(method: .get, path: "/elsewhere"))
        #expect(unmatched.status == .notFound)
        #expect(String(decoding: unmatched.body, as: UTF8.self) == "NOT_FOUND: no route for /elsewhere\n")
    }

    @Test func anErrorThatIsNotTheClientsIsA500WithoutDetailsAndIsLogged() async {
        struct Secretive: Error { let detail = "database password is hunter2" }
        let logs = InMemoryLogHandler()
        let routes = RouterBuilder(errors: .testJSON, logger: Logger(label: "t") { _ in logs })
        routes.group(access: .none).get("/boom") { _ in throw Secretive() }
        var request = HTTPRequest(method: .get, path: "/boom")
        request.requestID = "req-1"
        let response = await routes.build().respond(to: request)
        #expect(response.status == .internalServerError)
        #expect(!String(decoding: response.body, as: UTF8.self).contains("hunter2"))
        #expect(logs.entries.contains { $0.message.description == "handler failed" && "\($0.metadata["error"] ?? "")".contains("hunter2") })
    }

    @Test func routesRegisteredAfterBuildDoNotChangeTheBuiltRouter() async {
        let routes = RouterBuilder()
        let open = routes.group(access: .none)
        open.get("/a") { _ in .text("a") }
        let router = routes.build()
        open.get("/b") { _ in .text("b") }
        #expect(await router.respond(to: HTTPRequest(method: .get, path: "/b")).status == .notFound)
        #expect(router.routeDescriptions == ["GET /a"])
    }
}
