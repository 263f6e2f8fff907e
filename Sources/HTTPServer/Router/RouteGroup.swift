// RouteGroup: routes that share a path prefix, an access policy and an error renderer.
import Logging

/// A handler that runs inline on an I/O thread. It must never block or wait: use it only for answers computed
/// from memory (`/health`, `/metrics`).
public typealias ImmediateHandler = @Sendable (HTTPRequest) throws -> HTTPResponse
/// A handler that runs as a task on its connection's I/O thread and may wait (on Exchange, on the database), by
/// awaiting only: blocking that thread would stall every connection it owns.
public typealias AsyncHandler = @Sendable (HTTPRequest) async throws -> HTTPResponse

/// Registers routes that all pass one ``AccessPolicy`` first; each handler receives the policy's principal.
/// `HEAD` requests are served by the `GET` route of the same path.
public final class RouteGroup<Principal: Sendable> {
    private let builder: RouterBuilder
    private let prefix: String
    private let access: AccessPolicy<Principal>
    private let errors: ErrorRenderer

    init(builder: RouterBuilder, prefix: String, access: AccessPolicy<Principal>, errors: ErrorRenderer) {
        precondition(prefix.isEmpty || (prefix.hasPrefix("/") && !prefix.hasSuffix("/")), "a group prefix is empty or /a/b: \(prefix)")
        self.builder = builder
        self.prefix = prefix
        self.access = access
        self.errors = errors
    }

    public func on(_ method: HTTPMethod, _ template: String,
                   _ handler: @escaping @Sendable (HTTPRequest, Principal) async throws -> HTTPResponse) {
        builder.routes.append(Router.Route(method: method, pattern: RoutePattern(prefix + template), policy: access.name,
                                           pathIsSecret: access.pathIsSecret,
                                           handler: .async(Self.erase(access: access, errors: errors, logger: builder.logger, handler))))
    }

    public func get(_ template: String, _ handler: @escaping @Sendable (HTTPRequest, Principal) async throws -> HTTPResponse) {
        on(.get, template, handler)
    }
    public func post(_ template: String, _ handler: @escaping @Sendable (HTTPRequest, Principal) async throws -> HTTPResponse) {
        on(.post, template, handler)
    }
    public func put(_ template: String, _ handler: @escaping @Sendable (HTTPRequest, Principal) async throws -> HTTPResponse) {
        on(.put, template, handler)
    }
    public func delete(_ template: String, _ handler: @escaping @Sendable (HTTPRequest, Principal) async throws -> HTTPResponse) {
        on(.delete, template, handler)
    }
    public func patch(_ template: String, _ handler: @escaping @Sendable (HTTPRequest, Principal) async throws -> HTTPResponse) {
        on(.patch, template, handler)
    }

    /// Policy, then handler; whatever either throws is rendered here, so nothing escapes to the server.
    static func erase(access: AccessPolicy<Principal>, errors: ErrorRenderer, logger: Logger,
                      _ handler: @escaping @Sendable (HTTPRequest, Principal) async throws -> HTTPResponse) -> AsyncHandler {
        { request in
            do {
                let principal = try await access.authorize(request)
                return try await handler(request, principal)
            } catch {
                return Router.render(error, for: request, with: errors, logger: logger)
            }
        }
    }
}

extension RouteGroup where Principal == Void {
    /// Registers a handler that runs inline on the I/O thread (see ``ImmediateHandler``). Only groups with the
    /// ``AccessPolicy/none`` policy may: an inline route cannot wait for an authentication lookup.
    public func immediate(_ method: HTTPMethod, _ template: String, _ handler: @escaping ImmediateHandler) {
        precondition(access.isPublic, "inline routes must be in a group with AccessPolicy.none: \(prefix + template)")
        let errors = self.errors, logger = builder.logger
        builder.routes.append(Router.Route(method: method, pattern: RoutePattern(prefix + template), policy: access.name,
                                           pathIsSecret: false, handler: .immediate({ request in
                                               do { return try handler(request) } catch { return Router.render(error, for: request, with: errors, logger: logger) }
                                           })))
    }

    public func on(_ method: HTTPMethod, _ template: String, _ handler: @escaping AsyncHandler) {
        on(method, template) { request, _ in try await handler(request) }
    }
    public func get(_ template: String, _ handler: @escaping AsyncHandler) { on(.get, template, handler) }
    public func post(_ template: String, _ handler: @escaping AsyncHandler) { on(.post, template, handler) }
    public func put(_ template: String, _ handler: @escaping AsyncHandler) { on(.put, template, handler) }
    public func delete(_ template: String, _ handler: @escaping AsyncHandler) { on(.delete, template, handler) }
    public func patch(_ template: String, _ handler: @escaping AsyncHandler) { on(.patch, template, handler) }
}

extension RouterBuilder {
    /// ``fallback(access:errors:_:)`` for a policy without a principal.
    public func fallback(access: AccessPolicy<Void>, errors: ErrorRenderer? = nil, _ handler: @escaping AsyncHandler) {
        fallback(access: access, errors: errors) { request, _ in try await handler(request) }
    }
}
