// RESTAccess: the access policies of REST v1's route groups: admin token, an organization's key, none.
import Foundation
import HTTPServer
import TextSupport

/// Builds the policies REST v1 groups its routes by. All of them refuse work with 503 while the database is
/// being migrated, and read only `Authorization: Bearer <token>`.
public struct RESTAccess: Sendable {
    let organizations: OrganizationService
    let gate: StartupGate

    public init(organizations: OrganizationService, gate: StartupGate) {
        self.organizations = organizations
        self.gate = gate
    }

    /// The admin token only: 401 without valid credentials, 403 for an organization's key.
    public var admin: AccessPolicy<Caller> {
        AccessPolicy(name: "admin") { [self] request in
            let caller = try await authenticate(request)
            guard caller == .admin else { throw ServiceError(.forbidden, "this operation needs the admin token") }
            return caller
        }
    }

    /// The admin, or a key of the organization named by the path's `{parameter}`. Another organization's key and
    /// an organization that does not exist both get 404.
    public func organizationKey(parameter: String = "orgId") -> AccessPolicy<OrganizationAccess> {
        AccessPolicy(name: "organizationKey") { [self] request in
            let caller = try await authenticate(request)
            let organizationID = try request.parameter(parameter)
            try await organizations.authorize(caller, organizationID: organizationID)
            return OrganizationAccess(caller: caller, organizationID: organizationID)
        }
    }

    /// For routes whose only credential is a token in the path (an invitation link): `verify` turns the path's
    /// `{parameter}` into the principal or throws. No bearer token is read, and the path is never logged (the
    /// access log shows the route template).
    public func pathToken<Principal: Sendable>(parameter: String, name: String = "pathToken",
                                               verify: @escaping @Sendable (String) async throws -> Principal) -> AccessPolicy<Principal> {
        AccessPolicy(name: name, pathIsSecret: true) { [gate] request in
            try gate.check()
            return try await verify(try request.parameter(parameter))
        }
    }

    /// The caller presenting `Authorization: Bearer <token>`, or 401.
    func authenticate(_ request: HTTPRequest) async throws -> Caller {
        try gate.check()
        guard let header = request.headers["Authorization"], header.count > 7, header.prefix(7).lowercased() == "bearer " else {
            throw ServiceError(.unauthenticated, "send Authorization: Bearer <admin token or organization API key>")
        }
        let token = String(header.dropFirst(7)).trimmingWhitespace()
        guard let caller = try await organizations.caller(presenting: token) else {
            throw ServiceError(.unauthenticated, "the bearer token is not valid")
        }
        return caller
    }
}
