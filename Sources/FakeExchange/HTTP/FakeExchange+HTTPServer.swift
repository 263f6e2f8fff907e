// Serving a FakeExchange over the project's HTTP server: request/response conversion and the
// fault instructions (delay, dropped connection).
import Foundation
import HTTPServer
import Logging

extension FakeExchange {
    /// Routes every request no other route takes to this fake (EWS, OWA pages and the `/_fake` control API).
    /// EWS authenticates inside the fake (Basic, as Exchange does), so the HTTP layer checks nothing.
    public func install(on routes: RouterBuilder) {
        routes.fallback(access: .none) { [self] request in
            var target = request.path
            if let query = request.query { target += "?" + query }
            let answer = handle(FakeHTTPRequest(method: request.method.rawValue, path: target,
                                                headers: request.headers.fields, body: Data(request.body)))
            if answer.delay > .zero { try await Task.sleep(for: answer.delay) }
            var response = HTTPResponse(status: HTTPStatus(code: answer.status), headers: HTTPHeaders(answer.headers.map { ($0.name, $0.value) }),
                                        body: Array(answer.body))
            response.dropsConnection = answer.closeConnection
            return response
        }
    }

    /// Starts an HTTP server for this fake on `configuration`'s address (port 0: a free one).
    /// Accepted connections are counted for `GET /_fake/stats`.
    public func serve(configuration: HTTPServerConfiguration, logger: Logger) throws -> HTTPServer {
        var configuration = configuration
        configuration.onConnectionAccepted = { [self] in connectionAccepted() }
        let routes = RouterBuilder(logger: logger)
        let metrics = HTTPMetrics()
        // Time spent inside the fake, so benchmarks can tell it from the client's own overhead.
        routes.group(access: .none).immediate(.get, "/_fake/metrics") { _ in
            .text(metrics.render(), contentType: "text/plain; version=0.0.4; charset=utf-8")
        }
        install(on: routes)
        let server = HTTPServer(configuration: configuration, router: routes.build(), metrics: metrics, logger: logger)
        try server.start()
        return server
    }
}
