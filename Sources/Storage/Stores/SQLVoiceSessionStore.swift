// SQLVoiceSessionStore: voice dialogs in the `voice_sessions` table.
import Foundation

/// ``VoiceSessionStore`` on a migrated ``SQLDatabase`` (SQLite or PostgreSQL, through `0005_voice.sql`). Times are stored to the whole
/// second; a session's user must exist (and deleting the user or organization deletes its sessions).
public final class SQLVoiceSessionStore: VoiceSessionStore {
    private let database: any SQLDatabase

    public init(database: any SQLDatabase) {
        self.database = database
    }

    public func session(id: String, organizationID: String, now: Date) async throws -> VoiceSessionRecord? {
        let now = try SQLValue.timestamp(now, field: "now")
        return try await database.read { database in
            guard let row = try database.query(
                "SELECT user_id, state, updated_at, expires_at FROM voice_sessions WHERE organization_id = ? AND id = ? AND expires_at > ?",
                [.text(organizationID), .text(id), now]).first else { return nil }
            return VoiceSessionRecord(organizationID: organizationID, id: id, userID: try row.get("user_id"), state: try row.get("state"),
                                      updatedAt: try row.timestamp("updated_at"), expiresAt: try row.timestamp("expires_at"))
        }
    }

    public func save(_ session: VoiceSessionRecord) async throws {
        let values: [SQLValue] = [
            .text(session.organizationID), .text(session.id), .text(session.userID), .text(session.state),
            try .timestamp(session.updatedAt, field: "updatedAt"), try .timestamp(session.expiresAt, field: "expiresAt"),
        ]
        try await database.perform { database in
            _ = try database.execute(
                """
                INSERT INTO voice_sessions (organization_id, id, user_id, state, updated_at, expires_at) VALUES (?, ?, ?, ?, ?, ?)
                ON CONFLICT (organization_id, id) DO UPDATE SET user_id = excluded.user_id, state = excluded.state,
                    updated_at = excluded.updated_at, expires_at = excluded.expires_at
                """, values)
        }
    }

    public func delete(id: String, organizationID: String) async throws -> Bool {
        try await database.perform { database in
            try database.execute("DELETE FROM voice_sessions WHERE organization_id = ? AND id = ?", [.text(organizationID), .text(id)]) > 0
        }
    }

    public func prune(now: Date) async throws -> Int {
        let now = try SQLValue.timestamp(now, field: "now")
        return try await database.perform { database in
            try database.execute("DELETE FROM voice_sessions WHERE expires_at <= ?", [now])
        }
    }
}
