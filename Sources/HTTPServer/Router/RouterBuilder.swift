// RouterBuilder: where routes are registered, group by group, before the server starts; `build()` freezes them.
import Logging

/// Collects route groups, then builds the immutable ``Router`` the server runs. Routes can only be added
/// through a group, and a group only exists with an ``AccessPolicy``, so no route is without one.
///
/// ```swift
/// let routes = RouterBuilder(errors: restErrors)
/// let admin = routes.group(access: adminPolicy)
/// admin.post("/v1/organizations") { request, caller in ... }
/// routes.group(access: .none).immediate(.get, "/health") { _ in health }
/// let server = HTTPServer(configuration: configuration, router: routes.build(), logger: logger)
/// ```
/// Not thread-safe: set up on one thread, then build.
public final class RouterBuilder {
    var routes: [Router.Route] = []
    var fallback: AsyncHandler?
    let caseInsensitivePaths: Bool
    /// Renders what no group handles: 404, 405, and the server's own protocol errors.
    let errors: ErrorRenderer
    /// Where 500s go: the error's details are logged with the request id, never sent.
    let logger: Logger

    /// - Parameters:
    ///   - caseInsensitivePaths: match literal path segments ignoring ASCII case (IIS-style, for the fake
    ///     Exchange). Parameter values keep their case.
    ///   - errors: renders the router's and the server's own errors, and is every group's default.
    ///   - logger: receives the details of every error rendered as a 500.
    public init(caseInsensitivePaths: Bool = false, errors: ErrorRenderer = .plainText,
                logger: Logger = Logger(label: "a4b.router")) {
        self.caseInsensitivePaths = caseInsensitivePaths
        self.errors = errors
        self.logger = logger
    }

    /// A group of routes under `prefix` (joined to each route's template) that all authenticate with `access`
    /// and render their errors with `errors` (default: the builder's).
    public func group<Principal: Sendable>(_ prefix: String = "", access: AccessPolicy<Principal>,
                                           errors: ErrorRenderer? = nil) -> RouteGroup<Principal> {
        RouteGroup(builder: self, prefix: prefix, access: access, errors: errors ?? self.errors)
    }

    /// Answers every request no route matches (instead of 404/405), for servers that route themselves, like the
    /// fake Exchange. Metrics and logs label these requests with the route `fallback`.
    public func fallback<Principal: Sendable>(access: AccessPolicy<Principal>, errors: ErrorRenderer? = nil,
                                              _ handler: @escaping @Sendable (HTTPRequest, Principal) async throws -> HTTPResponse) {
        fallback = RouteGroup<Principal>.erase(access: access, errors: errors ?? self.errors, logger: logger, handler)
    }

    /// The router the server runs; later registrations on this builder do not change it.
    public func build() -> Router {
        Router(routes: routes, fallback: fallback, caseInsensitivePaths: caseInsensitivePaths, errors: errors, logger: logger)
    }
}
