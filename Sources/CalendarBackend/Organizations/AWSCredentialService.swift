// AWSCredentialService: an organization's AWS-style access keys for the AWS-compatible API, and whose a key is.
import Foundation
import Storage

/// Issues, lists and revokes access keys; resolves a key to its organization and secret for signature checks.
/// The secret is shown once, at creation, and kept sealed under the service's secret key (bound to the organization
/// and the key id, so a ciphertext copied to another row does not open).
public struct AWSCredentialService: Sendable {
    let store: any AWSCredentialStore
    let secrets: SecretBox
    let clock: any WallClock
    let ids: any IdentifierSource

    public init(store: any AWSCredentialStore, secrets: SecretBox, clock: any WallClock = SystemClock(), ids: any IdentifierSource = RandomIdentifiers()) {
        self.store = store
        self.secrets = secrets
        self.clock = clock
        self.ids = ids
    }

    /// A new key: `AKIA` and 16 upper-case hex digits, and a 40-character secret (160 random bits).
    public func issue(organizationID: String) async throws -> NewAWSCredential {
        let random = ids.secret(prefix: "")
        let accessKeyID = "AKIA" + random.prefix(16).uppercased()
        let secret = String(ids.secret(prefix: "").prefix(40))
        let now = clock.now().roundedToSeconds
        let sealed = try secrets.seal(Array(secret.utf8), associatedData: Self.associatedData(organizationID: organizationID, accessKeyID: accessKeyID))
        try await store.create(AWSCredentialRecord(accessKeyID: accessKeyID, organizationID: organizationID, secretCiphertext: sealed, createdAt: now))
        return NewAWSCredential(accessKeyId: accessKeyID, secretAccessKey: secret, createdAt: now)
    }

    public func list(organizationID: String) async throws -> [AWSCredentialView] {
        try await store.credentials(organizationID: organizationID).map(AWSCredentialView.init)
    }

    /// - Throws: ``ServiceError/Code/notFound`` when the organization has no such active key.
    public func revoke(organizationID: String, accessKeyID: String) async throws {
        guard try await store.revoke(accessKeyID: accessKeyID, organizationID: organizationID, at: clock.now().roundedToSeconds) else {
            throw ServiceError.notFound("organization \(organizationID) has no active AWS access key \(accessKeyID)")
        }
    }

    /// The organization and secret of an active key; nil for an unknown or revoked one.
    public func signer(accessKeyID: String) async throws -> (organizationID: String, secret: String)? {
        guard accessKeyID.utf8.count <= 128, let record = try await store.activeCredential(accessKeyID: accessKeyID) else { return nil }
        let secret = try secrets.open(record.secretCiphertext, associatedData: Self.associatedData(organizationID: record.organizationID,
                                                                                                    accessKeyID: record.accessKeyID))
        return (record.organizationID, String(decoding: secret, as: UTF8.self))
    }

    static func associatedData(organizationID: String, accessKeyID: String) -> [UInt8] {
        Array("aws-credential:\(organizationID):\(accessKeyID)".utf8)
    }
}

/// A key as created: the only time the secret is shown.
public struct NewAWSCredential: Encodable, Sendable {
    public let accessKeyId: String
    public let secretAccessKey: String
    public let createdAt: Date
}

/// A key as listed: never its secret.
public struct AWSCredentialView: Encodable, Sendable, Equatable {
    public let accessKeyId: String
    public let status: String
    public let createdAt: Date
    public let revokedAt: Date?

    init(_ record: AWSCredentialRecord) {
        accessKeyId = record.accessKeyID
        status = record.revokedAt == nil ? "ACTIVE" : "REVOKED"
        createdAt = record.createdAt
        revokedAt = record.revokedAt
    }
}
