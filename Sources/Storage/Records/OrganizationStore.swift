// OrganizationStore: where organizations and their API keys are kept (SQL stays behind it).
import Foundation

/// Organizations and API keys. SQL stays behind this protocol (SQLite today, PostgreSQL later).
public protocol OrganizationStore: Sendable {
    /// Creates an organization together with its first API key, in one transaction.
    func create(_ organization: Organization, firstKey: APIKeyRecord) async throws
    func organization(id: String) async throws -> Organization?
    /// Organizations ordered by id, after `cursor` (an id) when given, at most `limit`.
    func organizations(after cursor: String?, limit: Int) async throws -> [Organization]
    /// Writes the organization's name and time zone; false when it does not exist.
    func update(_ organization: Organization) async throws -> Bool
    func addKey(_ key: APIKeyRecord) async throws
    /// Marks a key revoked; false when the organization has no such unrevoked key.
    func revokeKey(id: String, organizationID: String, at: Date) async throws -> Bool
    /// The unrevoked key with this hash, if any (authentication looks keys up by hash).
    func activeKey(hash: String) async throws -> APIKeyRecord?
}
