// Bearer authentication: the admin token, or an organization's API key looked up by its hash.
import Foundation
import HTTPServer
import Storage
import Synchronization

/// Closed until the database is migrated: API requests that arrive earlier get 503 with Retry-After,
/// instead of touching a schema that is not there yet.
public final class StartupGate: Sendable {
    private let open = Atomic<Bool>(false)
    public init(open: Bool = false) { self.open.store(open, ordering: .relaxed) }
    public func markReady() { open.store(true, ordering: .releasing) }
    public var isOpen: Bool { open.load(ordering: .acquiring) }
}

/// Decides who a request comes from and what it may touch. Secrets are compared in constant time;
/// API keys are looked up by SHA-256, never stored or logged in clear.
public struct APIAuthenticator: Sendable {
    let adminToken: String
    let organizations: any OrganizationStore
    let gate: StartupGate

    public init(adminToken: String, organizations: any OrganizationStore, gate: StartupGate = StartupGate(open: true)) {
        self.adminToken = adminToken
        self.organizations = organizations
        self.gate = gate
    }

    /// The caller, or 401 when the `Authorization: Bearer` header is missing or matches nothing.
    public func caller(of request: HTTPRequest) throws -> Caller {
        guard gate.isOpen else {
            throw HTTPError(status: .serviceUnavailable, code: "STARTING", message: "the service is starting (migrating its database); retry shortly",
                            headers: ["Retry-After": "1"])
        }
        guard let header = request.headers["Authorization"], header.count > 7,
              header.prefix(7).lowercased() == "bearer " else {
            throw HTTPError.unauthorized("send Authorization: Bearer <admin token or organization API key>")
        }
        let token = String(header.dropFirst(7)).trimmingCharacters(in: .whitespaces)
        if constantTimeEquals(token, adminToken) { return .admin }
        if let key = try organizations.activeKey(hash: sha256Hex(Array(token.utf8))) {
            return .organization(id: key.organizationID, keyID: key.id)
        }
        throw HTTPError.unauthorized("the bearer token is not valid")
    }

    /// Admin only: 401 without valid credentials, 403 for an organization's key.
    public func requireAdmin(_ request: HTTPRequest) throws {
        guard try caller(of: request) == .admin else {
            throw HTTPError(status: .forbidden, code: "FORBIDDEN", message: "this operation needs the admin token")
        }
    }

    /// The admin, or a key of `organizationID`. Another organization's key gets 404, exactly as if the
    /// organization did not exist, so keys cannot probe for other tenants.
    public func authorize(_ request: HTTPRequest, organizationID: String) throws -> Caller {
        let caller = try caller(of: request)
        switch caller {
        case .admin:
            guard try organizations.organization(id: organizationID) != nil else { throw OrganizationRoutes.notFound(organizationID) }
        case .organization(let id, _):
            guard id == organizationID else { throw OrganizationRoutes.notFound(organizationID) }
        }
        return caller
    }
}
