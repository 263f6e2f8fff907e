// Tenants and their API keys, as stored.
import Foundation

/// An organization (tenant).
public struct Organization: Sendable, Equatable, Codable {
    public let id: String
    public let name: String
    public let createdAt: Date

    public init(id: String, name: String, createdAt: Date) {
        self.id = id
        self.name = name
        self.createdAt = createdAt
    }
}

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

/// Organizations and API keys. SQL stays behind this protocol (SQLite today, PostgreSQL later).
public protocol OrganizationStore: Sendable {
    /// Creates an organization together with its first API key, in one transaction.
    func create(_ organization: Organization, firstKey: APIKeyRecord) async throws
    func organization(id: String) async throws -> Organization?
    /// Organizations ordered by id, after `cursor` (an id) when given, at most `limit`.
    func organizations(after cursor: String?, limit: Int) async throws -> [Organization]
    func addKey(_ key: APIKeyRecord) async throws
    /// Marks a key revoked; false when the organization has no such unrevoked key.
    func revokeKey(id: String, organizationID: String, at: Date) async throws -> Bool
    /// The unrevoked key with this hash, if any (authentication looks keys up by hash).
    func activeKey(hash: String) async throws -> APIKeyRecord?
}
