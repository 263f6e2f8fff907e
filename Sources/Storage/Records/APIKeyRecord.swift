// APIKeyRecord: an API key as stored: its SHA-256, never the key.
import Foundation

/// An API key's record. The key itself is never stored: only its SHA-256 (`keyHash`, hex).
public struct APIKeyRecord: Sendable, Equatable {
    public let id: String
    public let organizationID: String
    public let keyHash: String
    public let createdAt: Date
    public let revokedAt: Date?

    public init(id: String, organizationID: String, keyHash: String, createdAt: Date, revokedAt: Date?) {
        self.id = id
        self.organizationID = organizationID
        self.keyHash = keyHash
        self.createdAt = createdAt
        self.revokedAt = revokedAt
    }
}
