// InvitationRoutes: REST v1 for /v1/invitations/{token}: what a link invites to, and accepting it.
import Foundation
import HTTPServer

/// The routes an invited user's link leads to. The token in the path is their only credential.
enum InvitationRoutes {
    struct AcceptBody: Decodable {
        let alexaUserId: String?
    }

    static func register(on invitation: RouteGroup<String>, enrollment: EnrollmentService) {
        invitation.get("") { _, token in
            .json(try await enrollment.invitation(token: token))
        }

        invitation.post("/accept") { request, token in
            let body = try request.decode(AcceptBody.self)
            return .json(try await enrollment.accept(token: token, alexaUserID: body.alexaUserId))
        }
    }
}
