// AccessPolicy: who may call the routes of a group, decided before any handler runs.

/// How the routes of one group authenticate their caller. Every route belongs to a group and every group
/// declares a policy, so a route that forgot its check cannot be registered.
///
/// `authorize` runs after routing (so it can read `request.pathParameters`, e.g. the `{orgId}` a key must
/// belong to) and before the handler; it returns who is calling, which the handler receives, or throws, and the
/// group's error renderer answers. It must not read the body for anything but authentication.
public struct AccessPolicy<Principal: Sendable>: Sendable {
    /// A short name for route listings and contract tests (`admin`, `organizationKey`, `none`).
    public let name: String
    let authorize: @Sendable (HTTPRequest) async throws -> Principal
    /// True only for ``none``: routes answered inline on an I/O thread may only use it.
    let isPublic: Bool
    /// The path carries a credential (an invitation token): see ``init(name:pathIsSecret:authorize:)``.
    let pathIsSecret: Bool

    /// - Parameter pathIsSecret: the path itself is a credential. Then, once routing has put the parameters in
    ///   `request.pathParameters`, `request.path` is replaced by the route's template
    ///   (`/v1/invitations/{token}/accept`) and the segments are dropped, so no log line, metric or error
    ///   message can carry the raw path.
    public init(name: String, pathIsSecret: Bool = false, authorize: @escaping @Sendable (HTTPRequest) async throws -> Principal) {
        self.name = name
        self.authorize = authorize
        self.isPublic = false
        self.pathIsSecret = pathIsSecret
    }

    private init(publicNamed name: String, authorize: @escaping @Sendable (HTTPRequest) async throws -> Principal) {
        self.name = name
        self.authorize = authorize
        self.isPublic = true
        self.pathIsSecret = false
    }
}

extension AccessPolicy where Principal == Void {
    /// No authentication: anyone who reaches the port may call. Declared, never implied.
    public static var none: AccessPolicy<Void> { AccessPolicy(publicNamed: "none") { _ in } }
}
