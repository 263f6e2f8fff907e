// UserRoutes: REST v1 for /v1/organizations/{orgId}/users: users, their invitations and calendar links.
import Foundation
import HTTPServer

/// Decoding and rendering around ``EnrollmentService`` and ``CalendarLinkService``.
enum UserRoutes {
    struct PageBody: Encodable {
        let users: [UserView]
        let nextCursor: String?
    }

    static func register(on organization: RouteGroup<OrganizationAccess>, enrollment: EnrollmentService, calendars: CalendarLinkService) {
        organization.post("/users") { request, access in
            let user = try request.decode(NewUserInput.self).validated()
            return .json(try await enrollment.create(organizationID: access.organizationID, user), status: .created)
        }

        organization.get("/users") { request, access in
            let query = request.queryItems
            let status = try query["status"].map { try EnrollmentStatus(parsing: $0) }
            let email = query["email"].flatMap { $0.isEmpty ? nil : $0 }
            let page = try await enrollment.list(organizationID: access.organizationID, status: status, email: email, try PageRequest(query: query))
            return .json(PageBody(users: page.items, nextCursor: page.nextCursor))
        }

        organization.get("/users/{userId}") { request, access in
            .json(try await enrollment.user(organizationID: access.organizationID, id: try request.parameter("userId")))
        }

        organization.delete("/users/{userId}") { request, access in
            try await enrollment.delete(organizationID: access.organizationID, id: try request.parameter("userId"))
            return HTTPResponse(status: .noContent)
        }

        organization.post("/users/{userId}/invitation") { request, access in
            .json(try await enrollment.invite(organizationID: access.organizationID, userID: try request.parameter("userId")), status: .created)
        }

        organization.delete("/users/{userId}/invitation") { request, access in
            try await enrollment.revokeInvitation(organizationID: access.organizationID, userID: try request.parameter("userId"))
            return HTTPResponse(status: .noContent)
        }

        organization.put("/users/{userId}/calendar") { request, access in
            .json(try await calendars.link(organizationID: access.organizationID, userID: try request.parameter("userId")))
        }

        organization.delete("/users/{userId}/calendar") { request, access in
            try await calendars.unlink(organizationID: access.organizationID, userID: try request.parameter("userId"))
            return HTTPResponse(status: .noContent)
        }
    }
}
