// SQLTagStore: tags in the `resource_tags` table.

/// ``TagStore`` on a migrated ``SQLDatabase`` (SQLite or PostgreSQL, through `0008_aws_api.sql`).
public final class SQLTagStore: TagStore {
    private let database: any SQLDatabase

    public init(database: any SQLDatabase) {
        self.database = database
    }

    public func tags(organizationID: String, resourceID: String) async throws -> [(key: String, value: String)] {
        try await database.read { database in
            try database.query("SELECT tag_key, tag_value FROM resource_tags WHERE organization_id = ? AND resource_id = ? ORDER BY tag_key",
                               [.text(organizationID), .text(resourceID)]).map { (key: try $0.get("tag_key"), value: try $0.get("tag_value")) }
        }
    }

    public func setTags(_ tags: [(key: String, value: String)], organizationID: String, resourceID: String, limit: Int) async throws {
        try await database.perform { database in
            try database.transaction { db in
                for tag in tags {
                    try db.execute(
                        """
                        INSERT INTO resource_tags (organization_id, resource_id, tag_key, tag_value) VALUES (?, ?, ?, ?)
                        ON CONFLICT (organization_id, resource_id, tag_key) DO UPDATE SET tag_value = excluded.tag_value
                        """, [.text(organizationID), .text(resourceID), .text(tag.key), .text(tag.value)])
                }
                let count: Int64 = try db.query("SELECT COUNT(*) AS n FROM resource_tags WHERE organization_id = ? AND resource_id = ?",
                                                [.text(organizationID), .text(resourceID)]).first?.get("n") ?? 0
                // Thrown inside the transaction, so nothing above is kept.
                guard count <= limit else { throw StorageError.conflict("a resource has at most \(limit) tags") }
            }
        }
    }

    public func removeTags(keys: [String], organizationID: String, resourceID: String) async throws {
        try await database.perform { database in
            try database.transaction { db in
                for key in keys {
                    try db.execute("DELETE FROM resource_tags WHERE organization_id = ? AND resource_id = ? AND tag_key = ?",
                                   [.text(organizationID), .text(resourceID), .text(key)])
                }
            }
        }
    }

    public func removeAll(organizationID: String, resourceID: String) async throws {
        _ = try await database.perform { database in
            try database.execute("DELETE FROM resource_tags WHERE organization_id = ? AND resource_id = ?", [.text(organizationID), .text(resourceID)])
        }
    }
}
