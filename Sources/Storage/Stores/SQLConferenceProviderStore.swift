// SQLConferenceProviderStore: conference providers and the default one, in `conference_providers` and
// `conference_preferences`.
import Foundation

/// ``ConferenceProviderStore`` on a migrated ``SQLDatabase`` (SQLite or PostgreSQL, through `0009_rooms.sql`).
public final class SQLConferenceProviderStore: ConferenceProviderStore {
    private let database: any SQLDatabase

    public init(database: any SQLDatabase) {
        self.database = database
    }

    public func create(_ provider: ConferenceProviderRecord) async throws {
        let created = try SQLValue.timestamp(provider.createdAt, field: "createdAt")
        try await database.perform { database in
            try database.transaction { db in
                try Self.checkName(provider, in: db)
                try db.execute("INSERT INTO conference_providers (id, organization_id, name, name_key, settings, created_at) VALUES (?, ?, ?, ?, ?, ?)",
                               [.text(provider.id), .text(provider.organizationID), .text(provider.name), .text(provider.name.lowercased()),
                                .text(provider.settings), created])
            }
        }
    }

    public func provider(id: String, organizationID: String) async throws -> ConferenceProviderRecord? {
        try await database.read { database in
            try database.query("SELECT \(Self.columns) FROM conference_providers WHERE id = ? AND organization_id = ?", [.text(id), .text(organizationID)])
                .first.map(Self.provider(from:))
        }
    }

    public func update(_ provider: ConferenceProviderRecord) async throws -> Bool {
        try await database.perform { database in
            try database.execute("UPDATE conference_providers SET settings = ? WHERE id = ? AND organization_id = ?",
                                 [.text(provider.settings), .text(provider.id), .text(provider.organizationID)]) == 1
        }
    }

    public func delete(id: String, organizationID: String) async throws -> Bool {
        try await database.perform { database in
            try database.transaction { db in
                guard try db.execute("DELETE FROM conference_providers WHERE id = ? AND organization_id = ?", [.text(id), .text(organizationID)]) > 0 else {
                    return false
                }
                try db.execute("DELETE FROM resource_tags WHERE organization_id = ? AND resource_id = ?", [.text(organizationID), .text(id)])
                try db.execute("UPDATE conference_preferences SET default_conference_provider = NULL WHERE organization_id = ? AND default_conference_provider = ?",
                               [.text(organizationID), .text(id)])
                return true
            }
        }
    }

    public func providers(organizationID: String, offset: Int, limit: Int) async throws -> (providers: [ConferenceProviderRecord], total: Int) {
        try await database.read { database in
            let total: Int = try database.query("SELECT COUNT(*) AS n FROM conference_providers WHERE organization_id = ?", [.text(organizationID)])
                .first?.get("n") ?? 0
            let providers = try database.query(
                "SELECT \(Self.columns) FROM conference_providers WHERE organization_id = ? ORDER BY name_key, id LIMIT ? OFFSET ?",
                [.text(organizationID), .integer(Int64(max(0, limit))), .integer(Int64(max(0, offset)))]).map(Self.provider(from:))
            return (providers, total)
        }
    }

    public func preference(organizationID: String) async throws -> String? {
        try await database.read { database in
            try database.query("SELECT default_conference_provider FROM conference_preferences WHERE organization_id = ?", [.text(organizationID)])
                .first?.get("default_conference_provider")
        }
    }

    public func setPreference(providerID: String, organizationID: String) async throws {
        _ = try await database.perform { database in
            try database.execute(
                """
                INSERT INTO conference_preferences (organization_id, default_conference_provider) VALUES (?, ?)
                ON CONFLICT (organization_id) DO UPDATE SET default_conference_provider = excluded.default_conference_provider
                """, [.text(organizationID), .text(providerID)])
        }
    }

    private static func checkName(_ provider: ConferenceProviderRecord, in db: any SQLSession) throws {
        let taken = try db.query("SELECT 1 FROM conference_providers WHERE organization_id = ? AND name_key = ? AND id <> ?",
                                 [.text(provider.organizationID), .text(provider.name.lowercased()), .text(provider.id)])
        guard taken.isEmpty else { throw StorageError.conflict(NameConflict.name) }
    }

    private static let columns = "id, organization_id, name, settings, created_at"

    private static func provider(from row: SQLRow) throws -> ConferenceProviderRecord {
        ConferenceProviderRecord(id: try row.get("id"), organizationID: try row.get("organization_id"), name: try row.get("name"),
                                 settings: try row.get("settings"), createdAt: try row.timestamp("created_at"))
    }
}
