// Router: the frozen routing table the server runs: method and path template to handler, 404 and 405.
import Logging

/// Maps `METHOD /path/{param}` templates to handlers. Built by ``RouterBuilder``; immutable, so the server can
/// share it across its I/O threads and tasks without locks.
public final class Router: Sendable {
    enum Handler: Sendable {
        case immediate(ImmediateHandler)
        case async(AsyncHandler)
    }

    struct Route: Sendable {
        let method: HTTPMethod
        let pattern: RoutePattern
        /// The access policy's name, for listings.
        let policy: String
        /// The path is a credential: requests show the template instead (see ``AccessPolicy/pathIsSecret``).
        let pathIsSecret: Bool
        let handler: Handler
    }

    /// What routing decided for one request.
    enum Match {
        case handler(Handler, template: String, parameters: [String: String], pathIsSecret: Bool)
        /// `pathIsSecret`: the path matched a route whose path is a credential (a 405): log the template only.
        case response(HTTPResponse, template: String, pathIsSecret: Bool = false)
    }

    private let routes: [Route]
    /// The literal prefixes of routes whose path is secret: unmatched paths holding one are not logged either.
    private let secretPrefixes: [[String]]
    private let fallback: AsyncHandler?
    private let caseInsensitivePaths: Bool
    private let errors: ErrorRenderer
    private let logger: Logger

    init(routes: [Route], fallback: AsyncHandler?, caseInsensitivePaths: Bool, errors: ErrorRenderer, logger: Logger) {
        self.routes = routes
        self.secretPrefixes = Array(Set(routes.filter(\.pathIsSecret).map(\.pattern.literalPrefix)))
        self.fallback = fallback
        self.caseInsensitivePaths = caseInsensitivePaths
        self.errors = errors
        self.logger = logger
    }

    /// The templates registered, as `METHOD /template` lines (for docs and tests).
    public var routeDescriptions: [String] { routes.map { "\($0.method.rawValue) \($0.pattern.template)" } }

    /// Each route with the name of its access policy: `("GET /v1/organizations", "admin")`.
    public var routePolicies: [(route: String, policy: String)] {
        routes.map { ("\($0.method.rawValue) \($0.pattern.template)", $0.policy) }
    }

    func match(_ request: HTTPRequest) -> Match {
        let segments = RoutePattern.segments(of: request)
        var allowed: [HTTPMethod] = []
        var matchedTemplate: String?
        var matchedSecret = false
        for route in routes {
            guard let parameters = route.pattern.match(segments, caseInsensitive: caseInsensitivePaths) else { continue }
            matchedTemplate = matchedTemplate ?? route.pattern.template
            matchedSecret = matchedSecret || route.pathIsSecret
            if route.method == request.method || (request.method == .head && route.method == .get) {
                return .handler(route.handler, template: route.pattern.template, parameters: parameters, pathIsSecret: route.pathIsSecret)
            }
            allowed.append(route.method)
        }
        if let fallback {
            return .handler(.async(fallback), template: "fallback", parameters: [:], pathIsSecret: false)
        }
        guard let template = matchedTemplate else {
            // A mistyped link to a secret route (`/Accept`, `/accept/x`, `//v1/invitations/…`) still carries its secret.
            if mayCarrySecret(segments) {
                return .response(render(HTTPError.notFound("no route for this path"), for: request), template: "unmatched", pathIsSecret: true)
            }
            return .response(render(HTTPError.notFound("no route for \(request.path)"), for: request), template: "unmatched")
        }
        if allowed.contains(.get) { allowed.append(.head) }
        let allow = HTTPMethod.allCases.filter(allowed.contains).map(\.rawValue).joined(separator: ", ")
        let error = HTTPError(status: .methodNotAllowed, code: "METHOD_NOT_ALLOWED",
                              message: "\(request.method.rawValue) is not allowed on \(template); allowed: \(allow)",
                              headers: ["Allow": allow])
        return .response(render(error, for: request), template: template, pathIsSecret: matchedSecret)
    }

    /// Whether an unmatched path holds, anywhere, the literal prefix of a route whose path is secret.
    private func mayCarrySecret(_ segments: [String]) -> Bool {
        guard !secretPrefixes.isEmpty else { return false }
        let lowered = segments.map { $0.lowercased() }
        return secretPrefixes.contains { prefix in
            !prefix.isEmpty && lowered.count > prefix.count
                && (0...(lowered.count - prefix.count)).contains { Array(lowered[$0..<($0 + prefix.count)]) == prefix }
        }
    }

    /// Renders an error with the router's renderer: the server's own protocol errors, and anything a handler
    /// let escape. A 500 means the error was not the client's, so its details go to the log (never the client);
    /// other statuses are answers, not failures, and are not logged here.
    func render(_ error: any Error, for request: HTTPRequest) -> HTTPResponse {
        Self.render(error, for: request, with: errors, logger: logger)
    }

    static func render(_ error: any Error, for request: HTTPRequest, with errors: ErrorRenderer, logger: Logger) -> HTTPResponse {
        let response = errors.response(for: error, to: request)
        // A 500 is the server's own failure, whatever was thrown; a 503 (starting, over a limit) is not.
        if response.status.code == 500 {
            logger.error("handler failed", metadata: [
                "request_id": "\(request.requestID)", "path": "\(request.path)", "error": "\(String(reflecting: error))",
            ])
        }
        return response
    }

    /// Routes and answers a request without any socket: the port-less entry for handler tests.
    public func respond(to request: HTTPRequest) async -> HTTPResponse {
        var request = request
        switch match(request) {
        case .response(let response, _, _):
            return response
        case .handler(let handler, let template, let parameters, let pathIsSecret):
            request.route(parameters: parameters, template: template, pathIsSecret: pathIsSecret)
            do {
                switch handler {
                case .immediate(let run): return try run(request)
                case .async(let run): return try await run(request)
                }
            } catch {
                return render(error, for: request)
            }
        }
    }
}
