// Routes requests to handlers by method and path template, with 404/405 answers and error rendering.
import Logging

/// A handler that runs on the server's task pool and may wait (on Exchange, on the database).
public typealias AsyncHandler = @Sendable (HTTPRequest) async throws -> HTTPResponse
/// A handler that runs inline on an I/O thread. It must never block or wait: use it only for
/// answers computed from memory (`/health`, `/metrics`).
public typealias ImmediateHandler = @Sendable (HTTPRequest) throws -> HTTPResponse

/// Maps `METHOD /path/{param}` templates to handlers. Register every route before the server starts;
/// the router is read-only while serving.
///
/// ```swift
/// let router = Router()
/// router.get("/v1/organizations/{orgId}") { request in
///     let id = try request.parameter("orgId")
///     ...
/// }
/// ```
public final class Router: @unchecked Sendable {
    // @unchecked: routes are only mutated during set-up, before the router is shared with the server.

    enum Handler {
        case immediate(ImmediateHandler)
        case async(AsyncHandler)
    }

    struct Route {
        let method: HTTPMethod
        let pattern: RoutePattern
        let handler: Handler
    }

    /// What routing decided for one request.
    enum Match {
        case handler(Handler, template: String, parameters: [String: String])
        case response(HTTPResponse, template: String)
    }

    private var routes: [Route] = []
    private var fallback: AsyncHandler?
    private let caseInsensitivePaths: Bool
    private let logger: Logger

    /// - Parameter caseInsensitivePaths: match literal path segments ignoring ASCII case (IIS-style, for
    ///   the fake Exchange). Parameter values keep their case.
    public init(caseInsensitivePaths: Bool = false, logger: Logger = Logger(label: "a4b.router")) {
        self.caseInsensitivePaths = caseInsensitivePaths
        self.logger = logger
    }

    /// Registers an async handler. `HEAD` requests are served by the `GET` route of the same path.
    public func on(_ method: HTTPMethod, _ template: String, _ handler: @escaping AsyncHandler) {
        routes.append(Route(method: method, pattern: RoutePattern(template), handler: .async(handler)))
    }

    /// Registers a handler that runs inline on the I/O thread; see `ImmediateHandler`.
    public func onImmediate(_ method: HTTPMethod, _ template: String, _ handler: @escaping ImmediateHandler) {
        routes.append(Route(method: method, pattern: RoutePattern(template), handler: .immediate(handler)))
    }

    public func get(_ template: String, _ handler: @escaping AsyncHandler) { on(.get, template, handler) }
    public func post(_ template: String, _ handler: @escaping AsyncHandler) { on(.post, template, handler) }
    public func put(_ template: String, _ handler: @escaping AsyncHandler) { on(.put, template, handler) }
    public func delete(_ template: String, _ handler: @escaping AsyncHandler) { on(.delete, template, handler) }
    public func patch(_ template: String, _ handler: @escaping AsyncHandler) { on(.patch, template, handler) }

    /// Answers every request no route matches (instead of 404/405), for servers that route themselves,
    /// like the fake Exchange. Metrics and logs label these requests with the route `fallback`.
    public func setFallback(_ handler: @escaping AsyncHandler) {
        fallback = handler
    }

    /// The templates registered, as `METHOD /template` lines (for docs and tests).
    public var routeDescriptions: [String] { routes.map { "\($0.method.rawValue) \($0.pattern.template)" } }

    func match(_ request: HTTPRequest) -> Match {
        let segments = RoutePattern.segments(of: request)
        var allowed: [HTTPMethod] = []
        var matchedTemplate: String?
        for route in routes {
            guard let parameters = route.pattern.match(segments, caseInsensitive: caseInsensitivePaths) else { continue }
            matchedTemplate = matchedTemplate ?? route.pattern.template
            if route.method == request.method || (request.method == .head && route.method == .get) {
                return .handler(route.handler, template: route.pattern.template, parameters: parameters)
            }
            allowed.append(route.method)
        }
        if let fallback {
            return .handler(.async(fallback), template: "fallback", parameters: [:])
        }
        guard let template = matchedTemplate else {
            return .response(HTTPError.notFound("no route for \(request.path)").response, template: "unmatched")
        }
        if allowed.contains(.get) { allowed.append(.head) }
        let allow = HTTPMethod.allCases.filter(allowed.contains).map(\.rawValue).joined(separator: ", ")
        let error = HTTPError(status: .methodNotAllowed, code: "METHOD_NOT_ALLOWED",
                              message: "\(request.method.rawValue) is not allowed on \(template); allowed: \(allow)",
                              headers: ["Allow": allow])
        return .response(error.response, template: template)
    }

    /// Renders what a handler threw: client-facing errors as themselves, anything else as a 500 that
    /// names the request id (the details go to the log, not to the client).
    func response(for error: any Error, request: HTTPRequest) -> HTTPResponse {
        if let clientError = error as? any ClientFacingError {
            return clientError.response
        }
        logger.error("handler failed", metadata: [
            "request_id": "\(request.requestID)", "path": "\(request.path)", "error": "\(String(reflecting: error))",
        ])
        return HTTPError.internal("internal error; request id \(request.requestID)").response
    }

    /// Routes and answers a request without any socket: the port-less entry for handler tests.
    public func respond(to request: HTTPRequest) async -> HTTPResponse {
        var request = request
        switch match(request) {
        case .response(let response, _):
            return response
        case .handler(let handler, _, let parameters):
            request.pathParameters = parameters
            do {
                switch handler {
                case .immediate(let run): return try run(request)
                case .async(let run): return try await run(request)
                }
            } catch {
                return response(for: error, request: request)
            }
        }
    }
}
