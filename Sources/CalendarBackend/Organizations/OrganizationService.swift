// OrganizationService: tenants and their API keys, and who a bearer token belongs to.
import Foundation
import Storage

/// Creates and lists organizations, issues and revokes their API keys, and resolves credentials to a ``Caller``.
/// API keys are stored only as SHA-256 and looked up by it; the admin token is compared in constant time.
public struct OrganizationService: Sendable {
    let store: any OrganizationStore
    let adminToken: String
    let clock: any WallClock
    let ids: any IdentifierSource

    public init(store: any OrganizationStore, adminToken: String, clock: any WallClock = SystemClock(),
                ids: any IdentifierSource = RandomIdentifiers()) {
        self.store = store
        self.adminToken = adminToken
        self.clock = clock
        self.ids = ids
    }

    public func create(name: OrganizationName, timeZone: TimeZoneName = .utc) async throws -> NewOrganization {
        let now = clock.now().roundedToSeconds
        let organization = Organization(id: ids.identifier(prefix: "org"), name: name.value, createdAt: now, timeZone: timeZone.value)
        let key = ids.secret(prefix: "a4b_")
        let record = APIKeyRecord(id: ids.identifier(prefix: "key"), organizationID: organization.id,
                                  keyHash: sha256Hex(Array(key.utf8)), createdAt: now, revokedAt: nil)
        try await store.create(organization, firstKey: record)
        return NewOrganization(organization: organization, apiKey: key, apiKeyID: record.id)
    }

    public func list(_ page: PageRequest) async throws -> Page<Organization> {
        // One extra row tells whether another page exists.
        let rows = try await store.organizations(after: page.cursor, limit: page.limit + 1)
        let items = Array(rows.prefix(page.limit))
        return Page(items: items, nextCursor: rows.count > page.limit ? items.last?.id : nil)
    }

    /// - Throws: ``ServiceError/Code/notFound``.
    public func organization(id: String) async throws -> Organization {
        guard let organization = try await store.organization(id: id) else { throw Self.notFound(id) }
        return organization
    }

    /// Changes the name, the time zone and/or the Alexa skill id (`.keep`/nil leaves a field as it is).
    ///
    /// - Throws: ``ServiceError/Code/invalidInput`` when no field is given; ``ServiceError/Code/notFound``.
    public func update(id: String, name: OrganizationName?, timeZone: TimeZoneName?, skillID: FieldChange<SkillID> = .keep) async throws -> Organization {
        guard name != nil || timeZone != nil || skillID != .keep else {
            throw ServiceError(.invalidInput, "send at least one of 'name', 'timeZone' and 'skillId'")
        }
        var organization = try await organization(id: id)
        if let name { organization.name = name.value }
        if let timeZone { organization.timeZone = timeZone.value }
        switch skillID {
        case .keep: break
        case .clear: organization.skillID = nil
        case .set(let skill): organization.skillID = skill.value
        }
        guard try await store.update(organization) else { throw Self.notFound(id) }
        return organization
    }

    public func issueKey(organizationID: String) async throws -> NewAPIKey {
        let key = ids.secret(prefix: "a4b_")
        let now = clock.now().roundedToSeconds
        let record = APIKeyRecord(id: ids.identifier(prefix: "key"), organizationID: organizationID,
                                  keyHash: sha256Hex(Array(key.utf8)), createdAt: now, revokedAt: nil)
        try await store.addKey(record)
        return NewAPIKey(id: record.id, apiKey: key, createdAt: now)
    }

    /// - Throws: ``ServiceError/Code/notFound`` when the organization has no such unrevoked key.
    public func revokeKey(organizationID: String, keyID: String) async throws {
        guard try await store.revokeKey(id: keyID, organizationID: organizationID, at: clock.now()) else {
            throw ServiceError.notFound("organization \(organizationID) has no active API key \(keyID)")
        }
    }

    /// Who presents `token`: the admin, an organization through one of its active keys, or nobody (nil).
    public func caller(presenting token: String) async throws -> Caller? {
        if constantTimeEquals(token, adminToken) { return .admin }
        guard let key = try await store.activeKey(hash: sha256Hex(Array(token.utf8))) else { return nil }
        return .organization(id: key.organizationID, keyID: key.id)
    }

    /// Whether `caller` may act on `organizationID`: the admin on any existing organization, a key on its own.
    /// Another organization's key gets ``ServiceError/Code/notFound``, exactly as if the organization did not
    /// exist, so keys cannot probe for other tenants.
    public func authorize(_ caller: Caller, organizationID: String) async throws {
        switch caller {
        case .admin:
            guard try await store.organization(id: organizationID) != nil else { throw Self.notFound(organizationID) }
        case .organization(let id, _):
            guard id == organizationID else { throw Self.notFound(organizationID) }
        }
    }

    static func notFound(_ id: String) -> ServiceError { .notFound("no organization \(id)") }
}
