// OrganizationRoutes: REST v1 for organizations (tenants) and their API keys.
import Foundation
import HTTPServer
import Storage

/// `/v1/organizations` and `/v1/organizations/{orgId}/api-keys`: decoding and rendering around
/// ``OrganizationService``.
enum OrganizationRoutes {
    struct CreateBody: Decodable {
        let name: String
        let timeZone: String?
    }

    struct UpdateBody: Decodable {
        let name: String?
        let timeZone: String?
        /// Absent: unchanged; null: cleared (requests from any skill are answered).
        let skillId: FieldChange<String>

        enum CodingKeys: String, CodingKey { case name, timeZone, skillId }

        init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            name = try container.decodeIfPresent(String.self, forKey: .name)
            timeZone = try container.decodeIfPresent(String.self, forKey: .timeZone)
            skillId = try container.decodeChange(String.self, forKey: .skillId)
        }
    }

    struct OrganizationBody: Encodable {
        let id: String
        let name: String
        let createdAt: Date
        let timeZone: String
        let skillId: String?
        init(_ organization: Organization) {
            id = organization.id
            name = organization.name
            createdAt = organization.createdAt
            timeZone = organization.timeZone
            skillId = organization.skillID
        }
    }

    struct CreatedOrganization: Encodable {
        let id: String
        let name: String
        let createdAt: Date
        let timeZone: String
        /// Shown once; only its hash is stored.
        let apiKey: String
        let apiKeyId: String
    }

    struct CreatedKey: Encodable {
        let id: String
        let apiKey: String
        let createdAt: Date
    }

    struct PageBody: Encodable {
        let organizations: [OrganizationBody]
        let nextCursor: String?
    }

    static func register(admin: RouteGroup<Caller>, organization: RouteGroup<OrganizationAccess>, service: OrganizationService) {
        admin.post("/v1/organizations") { request, _ in
            let body = try request.decode(CreateBody.self)
            let name = try OrganizationName(body.name)
            let created = try await service.create(name: name, timeZone: try body.timeZone.map { try TimeZoneName($0) } ?? .utc)
            let organization = created.organization
            return .json(CreatedOrganization(id: organization.id, name: organization.name, createdAt: organization.createdAt,
                                             timeZone: organization.timeZone, apiKey: created.apiKey, apiKeyId: created.apiKeyID),
                         status: .created)
        }

        admin.get("/v1/organizations") { request, _ in
            let page = try await service.list(try PageRequest(query: request.queryItems))
            return .json(PageBody(organizations: page.items.map(OrganizationBody.init), nextCursor: page.nextCursor))
        }

        organization.get("") { _, access in
            .json(OrganizationBody(try await service.organization(id: access.organizationID)))
        }

        organization.patch("") { request, access in
            let body = try request.decode(UpdateBody.self)
            let updated = try await service.update(id: access.organizationID, name: try body.name.map { try OrganizationName($0) },
                                                   timeZone: try body.timeZone.map { try TimeZoneName($0) },
                                                   skillID: try body.skillId.map { try SkillID($0) })
            return .json(OrganizationBody(updated))
        }

        organization.post("/api-keys") { _, access in
            let key = try await service.issueKey(organizationID: access.organizationID)
            return .json(CreatedKey(id: key.id, apiKey: key.apiKey, createdAt: key.createdAt), status: .created)
        }

        organization.delete("/api-keys/{keyId}") { request, access in
            try await service.revokeKey(organizationID: access.organizationID, keyID: try request.parameter("keyId"))
            return HTTPResponse(status: .noContent)
        }
    }
}
