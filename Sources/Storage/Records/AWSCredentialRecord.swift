// AWSCredentialRecord: an organization's AWS-style access key as stored, its secret sealed; and where they are kept.
import Foundation

/// An access key that signs AWS API requests for one organization. The secret is sealed (SecretBox) because
/// verifying a signature needs it; the store never sees it in clear.
public struct AWSCredentialRecord: Sendable, Equatable {
    public let accessKeyID: String
    public let organizationID: String
    public let secretCiphertext: [UInt8]
    public let createdAt: Date
    public let revokedAt: Date?

    public init(accessKeyID: String, organizationID: String, secretCiphertext: [UInt8], createdAt: Date, revokedAt: Date? = nil) {
        self.accessKeyID = accessKeyID
        self.organizationID = organizationID
        self.secretCiphertext = secretCiphertext
        self.createdAt = createdAt
        self.revokedAt = revokedAt
    }
}

/// Organizations' access keys.
public protocol AWSCredentialStore: Sendable {
    /// - Throws: ``StorageError/constraintViolation(message:sql:)`` when the organization does not exist or the id is taken.
    func create(_ credential: AWSCredentialRecord) async throws
    /// The unrevoked key with this id, if any (every signed request looks its key up).
    func activeCredential(accessKeyID: String) async throws -> AWSCredentialRecord?
    /// The organization's keys, revoked ones included, oldest first.
    func credentials(organizationID: String) async throws -> [AWSCredentialRecord]
    /// Marks the key revoked; false when the organization has no such unrevoked key.
    func revoke(accessKeyID: String, organizationID: String, at: Date) async throws -> Bool
}
