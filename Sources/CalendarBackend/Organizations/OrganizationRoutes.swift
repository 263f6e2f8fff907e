// Organizations (tenants) and their API keys: create, list, read, issue and revoke keys.
import Foundation
import HTTPServer
import Storage

/// `/v1/organizations` and `/v1/organizations/{orgId}/api-keys`.
public enum OrganizationRoutes {
    struct CreateBody: Decodable { let name: String }

    struct OrganizationBody: Encodable {
        let id: String
        let name: String
        let createdAt: Date
    }

    struct CreatedOrganization: Encodable {
        let id: String
        let name: String
        let createdAt: Date
        /// Shown once; only its hash is stored.
        let apiKey: String
        let apiKeyId: String
    }

    struct CreatedKey: Encodable {
        let id: String
        let apiKey: String
        let createdAt: Date
    }

    struct Page: Encodable {
        let organizations: [OrganizationBody]
        let nextCursor: String?
    }

    static func notFound(_ id: String) -> HTTPError { .notFound("no organization \(id)") }

    public static func register(on router: Router, store: any OrganizationStore, authenticator: APIAuthenticator,
                                clock: @escaping @Sendable () -> Date = { Date() }) {
        router.post("/v1/organizations") { request in
            try authenticator.requireAdmin(request)
            let body = try request.decode(CreateBody.self)
            let name = body.name.trimmingCharacters(in: .whitespacesAndNewlines)
            guard (1...200).contains(name.count) else { throw HTTPError.badRequest("field 'name' must be 1 to 200 characters") }
            let now = clock().roundedToSeconds
            let organization = Organization(id: Identifiers.make("org"), name: name, createdAt: now)
            let key = Identifiers.apiKey()
            let record = APIKeyRecord(id: Identifiers.make("key"), organizationID: organization.id, keyHash: sha256Hex(Array(key.utf8)),
                                      createdAt: now, revokedAt: nil)
            try store.create(organization, firstKey: record)
            return .json(CreatedOrganization(id: organization.id, name: name, createdAt: now, apiKey: key, apiKeyId: record.id), status: .created)
        }

        router.get("/v1/organizations") { request in
            try authenticator.requireAdmin(request)
            let query = request.queryItems
            var limit = 50
            if let text = query["limit"] {
                guard let value = Int(text), (1...200).contains(value) else { throw HTTPError.badRequest("query parameter 'limit' must be 1 to 200") }
                limit = value
            }
            let cursor = query["cursor"].flatMap { $0.isEmpty ? nil : $0 }
            // One extra row tells whether another page exists.
            let rows = try store.organizations(after: cursor, limit: limit + 1)
            let page = rows.prefix(limit).map { OrganizationBody(id: $0.id, name: $0.name, createdAt: $0.createdAt) }
            return .json(Page(organizations: Array(page), nextCursor: rows.count > limit ? page.last?.id : nil))
        }

        router.get("/v1/organizations/{orgId}") { request in
            let id = try request.parameter("orgId")
            _ = try authenticator.authorize(request, organizationID: id)
            guard let organization = try store.organization(id: id) else { throw notFound(id) }
            return .json(OrganizationBody(id: organization.id, name: organization.name, createdAt: organization.createdAt))
        }

        router.post("/v1/organizations/{orgId}/api-keys") { request in
            let id = try request.parameter("orgId")
            _ = try authenticator.authorize(request, organizationID: id)
            let key = Identifiers.apiKey()
            let now = clock().roundedToSeconds
            let record = APIKeyRecord(id: Identifiers.make("key"), organizationID: id, keyHash: sha256Hex(Array(key.utf8)), createdAt: now, revokedAt: nil)
            try store.addKey(record)
            return .json(CreatedKey(id: record.id, apiKey: key, createdAt: now), status: .created)
        }

        router.delete("/v1/organizations/{orgId}/api-keys/{keyId}") { request in
            let id = try request.parameter("orgId")
            _ = try authenticator.authorize(request, organizationID: id)
            let keyID = try request.parameter("keyId")
            guard try store.revokeKey(id: keyID, organizationID: id, at: clock()) else {
                throw HTTPError.notFound("organization \(id) has no active API key \(keyID)")
            }
            return HTTPResponse(status: .noContent)
        }
    }
}

/// Random identifiers and secrets.
enum Identifiers {
    static func randomHex(_ bytes: Int) -> String {
        var generator = SystemRandomNumberGenerator()
        return (0..<bytes).map { _ in String(format: "%02x", UInt8.random(in: 0...255, using: &generator)) }.joined()
    }

    /// `org_3f9a...` (16 random bytes).
    static func make(_ prefix: String) -> String { "\(prefix)_\(randomHex(16))" }

    /// An API key: `a4b_` and 32 random bytes, hex.
    static func apiKey() -> String { "a4b_\(randomHex(32))" }
}

extension Date {
    /// Whole seconds: stored times have second precision, so responses match what is stored.
    var roundedToSeconds: Date { Date(timeIntervalSince1970: timeIntervalSince1970.rounded(.down)) }
}
