// OutboxRoutes: REST v1 for /v1/organizations/{orgId}/outbox: the e-mails the service sent for the organization.
import Foundation
import HTTPServer

/// Decoding and rendering around ``OutboxService``.
enum OutboxRoutes {
    struct PageBody: Encodable {
        let messages: [OutboxMessageView]
        let nextCursor: String?
    }

    static func register(on organization: RouteGroup<OrganizationAccess>, outbox: OutboxService) {
        organization.get("/outbox") { request, access in
            let page = try await outbox.list(organizationID: access.organizationID, try PageRequest(query: request.queryItems))
            return .json(PageBody(messages: page.items, nextCursor: page.nextCursor))
        }

        organization.delete("/outbox") { _, access in
            try await outbox.clear(organizationID: access.organizationID)
            return HTTPResponse(status: .noContent)
        }
    }
}
