// Routing, path parameters, JSON decoding errors and error rendering, mostly without sockets.
import Foundation
@testable import HTTPServer
import TestSupport
import Testing

@Suite struct RouterTests {
    private func router() -> Router {
        let router = Router()
        router.get("/v1/organizations/{orgId}/users/{userId}") { request in
            .text("\(try request.parameter("orgId"))/\(try request.parameter("userId"))")
        }
        router.get("/v1/organizations") { _ in .text("list") }
        router.post("/v1/greetings") { request in
            let greeting = try request.decode(Greeting.self)
            return .text(greeting.name)
        }
        return router
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
        let router = Router(caseInsensitivePaths: true)
        router.post("/EWS/Exchange.asmx") { _ in .text("ews") }
        #expect(await router.respond(to: HTTPRequest(method: .post, path: "/ews/exchange.ASMX")).status == .ok)
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

    @Test func clientFacingErrorsKeepTheirExtraFields() throws {
        struct LinkError: ClientFacingError {
            var status: HTTPStatus { .unprocessableContent }
            var code: String { "INVALID_PARAMETER" }
            var message: String { "could not link" }
            var extraFields: [String: any Encodable & Sendable] { ["reason": "BAD_CREDENTIALS", "steps": ["a", "b"]] }
        }
        let response = LinkError().response
        #expect(response.status.code == 422)
        #expect(String(decoding: response.body, as: UTF8.self)
                == #"{"error":{"code":"INVALID_PARAMETER","message":"could not link","reason":"BAD_CREDENTIALS","steps":["a","b"]}}"#)
    }
}
