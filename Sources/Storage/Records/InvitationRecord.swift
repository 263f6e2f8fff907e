// InvitationRecord: one invitation sent to a user, as stored: the SHA-256 of its token, never the token.
import Foundation

/// An invitation. `state` is `pending` until it is accepted, revoked, or replaced by a newer one; expiry is not a
/// state (it is `expiresAt` compared with the clock when the token is used).
public struct InvitationRecord: Sendable, Equatable {
    public static let pending = "pending", accepted = "accepted", revoked = "revoked", replaced = "replaced"

    public let tokenHash: String
    public let userID: String
    public let organizationID: String
    public let createdAt: Date
    public let expiresAt: Date
    public var state: String
    public var endedAt: Date?

    public init(tokenHash: String, userID: String, organizationID: String, createdAt: Date, expiresAt: Date,
                state: String = InvitationRecord.pending, endedAt: Date? = nil) {
        self.tokenHash = tokenHash
        self.userID = userID
        self.organizationID = organizationID
        self.createdAt = createdAt
        self.expiresAt = expiresAt
        self.state = state
        self.endedAt = endedAt
    }
}
