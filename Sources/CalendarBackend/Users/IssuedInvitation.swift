// IssuedInvitation and InvitationDetails: an invitation as its sender and as its recipient see it.
import Foundation

/// A new invitation, as the admin who sent it sees it. The token is shown here once; only its hash is stored.
public struct IssuedInvitation: Encodable, Sendable {
    public let userId: String
    public let enrollmentStatus: String
    public let token: String
    public let url: String
    public let expiresAt: Date
    /// The invitation e-mail in the outbox.
    public let outboxMessageId: Int64
}

/// What the holder of an invitation link is invited to.
public struct InvitationDetails: Encodable, Sendable {
    public let organizationId: String
    public let organizationName: String
    public let email: String
    public let firstName: String?
    public let lastName: String?
    public let expiresAt: Date
}
