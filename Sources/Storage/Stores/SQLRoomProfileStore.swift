// SQLRoomProfileStore: room profiles in the `room_profiles` table.
import Foundation

/// ``RoomProfileStore`` on a migrated ``SQLDatabase`` (SQLite or PostgreSQL, through `0009_rooms.sql`).
public final class SQLRoomProfileStore: RoomProfileStore {
    private let database: any SQLDatabase

    public init(database: any SQLDatabase) {
        self.database = database
    }

    public func create(_ profile: RoomProfileRecord) async throws -> RoomProfileRecord {
        let created = try SQLValue.timestamp(profile.createdAt, field: "createdAt")
        return try await database.perform { database in
            try database.transaction { db in
                try Self.checkName(profile, in: db)
                var stored = profile
                let hasDefault = !(try db.query("SELECT 1 FROM room_profiles WHERE organization_id = ? AND is_default = 1", [.text(profile.organizationID)]).isEmpty)
                if !hasDefault { stored.isDefault = true }
                if stored.isDefault { try Self.clearDefault(profile.organizationID, in: db) }
                try db.execute(
                    """
                    INSERT INTO room_profiles (id, organization_id, name, name_key, address, time_zone, is_default, settings, created_at)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
                    """, [.text(stored.id), .text(stored.organizationID), .text(stored.name), .text(stored.name.lowercased()), .text(stored.address),
                          .text(stored.timeZone), stored.isDefault.sqlValue, .text(stored.settings), created])
                return stored
            }
        }
    }

    public func profile(id: String, organizationID: String) async throws -> RoomProfileRecord? {
        try await database.read { database in
            try database.query("SELECT \(Self.columns) FROM room_profiles WHERE id = ? AND organization_id = ?", [.text(id), .text(organizationID)])
                .first.map(Self.profile(from:))
        }
    }

    public func defaultProfile(organizationID: String) async throws -> RoomProfileRecord? {
        try await database.read { database in
            try database.query("SELECT \(Self.columns) FROM room_profiles WHERE organization_id = ? AND is_default = 1", [.text(organizationID)])
                .first.map(Self.profile(from:))
        }
    }

    public func update(_ profile: RoomProfileRecord) async throws -> Bool {
        try await database.perform { database in
            try database.transaction { db in
                try Self.checkName(profile, in: db)
                let current = try db.query("SELECT version FROM room_profiles WHERE id = ? AND organization_id = ?",
                                           [.text(profile.id), .text(profile.organizationID)]).first
                guard let current else { return false }
                guard try current.get("version") as Int == profile.version else { throw StorageError.conflict(NameConflict.changed) }
                if profile.isDefault { try Self.clearDefault(profile.organizationID, in: db) }
                return try db.execute(
                    """
                    UPDATE room_profiles SET name = ?, name_key = ?, address = ?, time_zone = ?, is_default = ?, settings = ?, version = version + 1
                    WHERE id = ? AND organization_id = ? AND version = ?
                    """, [.text(profile.name), .text(profile.name.lowercased()), .text(profile.address), .text(profile.timeZone),
                          profile.isDefault.sqlValue, .text(profile.settings), .text(profile.id), .text(profile.organizationID),
                          .integer(Int64(profile.version))]) == 1
            }
        }
    }

    public func delete(id: String, organizationID: String) async throws -> Bool {
        try await database.perform { database in
            try database.transaction { db in
                try db.execute("DELETE FROM resource_tags WHERE organization_id = ? AND resource_id = ?", [.text(organizationID), .text(id)])
                // Portable: the SET NULL of the foreign key, done explicitly.
                try db.execute("UPDATE rooms SET profile_id = NULL WHERE profile_id = ? AND organization_id = ?", [.text(id), .text(organizationID)])
                return try db.execute("DELETE FROM room_profiles WHERE id = ? AND organization_id = ?", [.text(id), .text(organizationID)]) > 0
            }
        }
    }

    public func search(organizationID: String, _ search: Search<ProfileSearchField>) async throws -> (profiles: [RoomProfileRecord], total: Int) {
        let query = search.sql(base: "organization_id = ?", bindings: [.text(organizationID)], column: { $0 == .profileName ? "name" : "address" },
                               defaultSort: .profileName, id: "id")
        let page = query.bindings + [.integer(Int64(max(0, search.limit))), .integer(Int64(max(0, search.offset)))]
        return try await database.read { database in
            let total: Int = try database.query("SELECT COUNT(*) AS n FROM room_profiles WHERE \(query.conditions)", query.bindings).first?.get("n") ?? 0
            let profiles = try database.query("SELECT \(Self.columns) FROM room_profiles WHERE \(query.conditions) ORDER BY \(query.order) LIMIT ? OFFSET ?",
                                              page).map(Self.profile(from:))
            return (profiles, total)
        }
    }

    private static func checkName(_ profile: RoomProfileRecord, in db: any SQLSession) throws {
        let taken = try db.query("SELECT 1 FROM room_profiles WHERE organization_id = ? AND name_key = ? AND id <> ?",
                                 [.text(profile.organizationID), .text(profile.name.lowercased()), .text(profile.id)])
        guard taken.isEmpty else { throw StorageError.conflict(NameConflict.name) }
    }

    private static func clearDefault(_ organizationID: String, in db: any SQLSession) throws {
        try db.execute("UPDATE room_profiles SET is_default = 0 WHERE organization_id = ? AND is_default = 1", [.text(organizationID)])
    }

    private static let columns = "id, organization_id, name, address, time_zone, is_default, settings, created_at, version"

    private static func profile(from row: SQLRow) throws -> RoomProfileRecord {
        RoomProfileRecord(id: try row.get("id"), organizationID: try row.get("organization_id"), name: try row.get("name"), address: try row.get("address"),
                          timeZone: try row.get("time_zone"), isDefault: try row.get("is_default"), settings: try row.get("settings"),
                          createdAt: try row.timestamp("created_at"), version: try row.get("version"))
    }
}
