// SQLOrganizationStore: organizations and their API keys in the `organizations` and `api_keys` tables.
import Foundation

/// ``OrganizationStore`` on a migrated ``SQLDatabase`` (SQLite or PostgreSQL).
///
/// Contract, beyond the protocol's:
/// - times are stored to the whole second (fractions dropped), so a record read back may differ from the one
///   written by less than a second;
/// - ``create(_:firstKey:)`` throws ``StorageError/conflict(_:)`` when the organization id is taken, and
///   ``StorageError/invalidRecord(_:)`` when `firstKey` belongs to another organization; either way nothing is
///   written;
/// - ordering by id compares bytes: SQLite's BINARY collation, and on PostgreSQL text columns declared `COLLATE "C"`
///   by ``MigrationDialect``, so pages come in the same order on both.
public final class SQLOrganizationStore: OrganizationStore {
    private let database: any SQLDatabase

    /// - Parameter database: must be migrated (see ``MigrationRunner``) through `0005_voice.sql`.
    public init(database: any SQLDatabase) {
        self.database = database
    }

    public func create(_ organization: Organization, firstKey: APIKeyRecord) async throws {
        try await database.perform { database in
            guard firstKey.organizationID == organization.id else {
                throw StorageError.invalidRecord("the first API key names another organization than the one created")
            }
            let organizationValues: [SQLValue] = [
                .text(organization.id), .text(organization.name), try .timestamp(organization.createdAt, field: "createdAt"),
                .text(organization.timeZone), organization.skillID.sqlValue,
            ]
            let keyValues = try Self.values(of: firstKey)
            try database.transaction { db in
                let taken = try db.query("SELECT 1 FROM organizations WHERE id = ?", [.text(organization.id)])
                guard taken.isEmpty else {
                    throw StorageError.conflict("an organization with this id already exists")
                }
                try db.execute("INSERT INTO organizations (id, name, created_at, time_zone, skill_id) VALUES (?, ?, ?, ?, ?)", organizationValues)
                try db.execute(Self.insertKey, keyValues)
            }
        }
    }

    public func organization(id: String) async throws -> Organization? {
        try await database.read { database in
            try database.query("SELECT \(Self.columns) FROM organizations WHERE id = ?", [.text(id)])
                .first.map(Self.organization(from:))
        }
    }

    /// At most `limit` organizations with an id above `cursor` (all when nil), by ascending id; empty when
    /// `limit` is 0 or less. Pass the last id of a page as the next page's cursor.
    public func organizations(after cursor: String?, limit: Int) async throws -> [Organization] {
        try await database.read { database in
            guard limit > 0 else { return [] }
            let rows: [SQLRow]
            if let cursor {
                rows = try database.query(
                    "SELECT \(Self.columns) FROM organizations WHERE id > ? ORDER BY id LIMIT ?",
                    [.text(cursor), .integer(Int64(limit))]
                )
            } else {
                rows = try database.query(
                    "SELECT \(Self.columns) FROM organizations ORDER BY id LIMIT ?", [.integer(Int64(limit))]
                )
            }
            return try rows.map(Self.organization(from:))
        }
    }

    public func update(_ organization: Organization) async throws -> Bool {
        try await database.perform { database in
            try database.execute("UPDATE organizations SET name = ?, time_zone = ?, skill_id = ? WHERE id = ?",
                                 [.text(organization.name), .text(organization.timeZone), organization.skillID.sqlValue, .text(organization.id)]) == 1
        }
    }

    /// - Throws: ``StorageError/constraintViolation(message:sql:)`` when the organization does not exist or the
    ///   key's id or hash is already stored.
    public func addKey(_ key: APIKeyRecord) async throws {
        _ = try await database.perform { database in
            try database.execute(Self.insertKey, try Self.values(of: key))
        }
    }

    public func revokeKey(id: String, organizationID: String, at: Date) async throws -> Bool {
        try await database.perform { database in
            let changed = try database.execute(
                "UPDATE api_keys SET revoked_at = ? WHERE id = ? AND organization_id = ? AND revoked_at IS NULL",
                [try .timestamp(at, field: "at"), .text(id), .text(organizationID)]
            )
            return changed == 1
        }
    }

    public func activeKey(hash: String) async throws -> APIKeyRecord? {
        try await database.read { database in
            try database.query(
                "SELECT id, organization_id, key_hash, created_at, revoked_at FROM api_keys WHERE key_hash = ? AND revoked_at IS NULL",
                [.text(hash)]
            ).first.map(Self.key(from:))
        }
    }

    private static let columns = "id, name, created_at, time_zone, skill_id"

    private static let insertKey =
        "INSERT INTO api_keys (id, organization_id, key_hash, created_at, revoked_at) VALUES (?, ?, ?, ?, ?)"

    private static func values(of key: APIKeyRecord) throws -> [SQLValue] {
        [
            .text(key.id), .text(key.organizationID), .text(key.keyHash),
            try .timestamp(key.createdAt, field: "createdAt"), try .timestamp(key.revokedAt, field: "revokedAt"),
        ]
    }

    private static func organization(from row: SQLRow) throws -> Organization {
        Organization(id: try row.get("id"), name: try row.get("name"), createdAt: try row.timestamp("created_at"),
                     timeZone: try row.get("time_zone"), skillID: try row.get("skill_id"))
    }

    private static func key(from row: SQLRow) throws -> APIKeyRecord {
        APIKeyRecord(
            id: try row.get("id"), organizationID: try row.get("organization_id"), keyHash: try row.get("key_hash"),
            createdAt: try row.timestamp("created_at"), revokedAt: try row.optionalTimestamp("revoked_at")
        )
    }
}
