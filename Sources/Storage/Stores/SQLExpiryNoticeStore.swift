// SQLExpiryNoticeStore: the password-expiry ledger in the `expiry_notices` table.
import Foundation

/// ``ExpiryNoticeStore`` on a migrated ``SQLDatabase`` (SQLite or PostgreSQL, through `0006_expiry_notices.sql`). Times are stored to
/// the whole second.
public final class SQLExpiryNoticeStore: ExpiryNoticeStore {
    private let database: any SQLDatabase

    public init(database: any SQLDatabase) {
        self.database = database
    }

    public func recordPending(_ notice: ExpiryNoticeRecord) async throws -> Bool {
        let values: [SQLValue] = [
            .text(notice.organizationID), .integer(Int64(notice.linkGeneration)), .text(notice.notice),
            try .timestamp(notice.dueAt, field: "dueAt"), .text(notice.recipient), .text(notice.messageID),
            try .timestamp(notice.nextAttemptAt, field: "nextAttemptAt"), try .timestamp(notice.createdAt, field: "createdAt"),
        ]
        return try await database.perform { database in
            // The identity is the primary key: a second recording of the same notice changes nothing.
            try database.execute(
                """
                INSERT INTO expiry_notices (organization_id, link_generation, notice, due_at, recipient, message_id, state,
                                            attempts, next_attempt_at, created_at)
                VALUES (?, ?, ?, ?, ?, ?, 'pending', 0, ?, ?)
                ON CONFLICT (organization_id, link_generation, notice) DO NOTHING
                """, values) == 1
        }
    }

    public func pending(dueBy now: Date, limit: Int) async throws -> [ExpiryNoticeRecord] {
        let now = try SQLValue.timestamp(now, field: "now")
        return try await database.read { database in
            guard limit > 0 else { return [] }
            return try database.query(
                "SELECT \(Self.columns) FROM expiry_notices WHERE state = 'pending' AND next_attempt_at <= ? ORDER BY due_at, organization_id LIMIT ?",
                [now, .integer(Int64(limit))]).map(Self.record(from:))
        }
    }

    public func claim(organizationID: String, linkGeneration: Int, notice: String, now: Date, until: Date) async throws -> Bool {
        let values: [SQLValue] = [try .timestamp(until, field: "until"), .text(organizationID), .integer(Int64(linkGeneration)), .text(notice),
                                  try .timestamp(now, field: "now")]
        return try await database.perform { database in
            try database.execute(
                """
                UPDATE expiry_notices SET next_attempt_at = ?
                WHERE organization_id = ? AND link_generation = ? AND notice = ? AND state = 'pending' AND next_attempt_at <= ?
                """, values) == 1
        }
    }

    public func markSent(organizationID: String, linkGeneration: Int, notice: String, at: Date) async throws -> Bool {
        let sent = try SQLValue.timestamp(at, field: "at")
        return try await database.perform { database in
            try database.execute(
                """
                UPDATE expiry_notices SET state = 'sent', sent_at = ?, attempts = attempts + 1, last_error = NULL
                WHERE organization_id = ? AND link_generation = ? AND notice = ? AND state = 'pending'
                """, [sent, .text(organizationID), .integer(Int64(linkGeneration)), .text(notice)]) == 1
        }
    }

    public func markFailed(organizationID: String, linkGeneration: Int, notice: String, error: String, retryAt: Date) async throws -> Bool {
        let retry = try SQLValue.timestamp(retryAt, field: "retryAt")
        return try await database.perform { database in
            try database.execute(
                """
                UPDATE expiry_notices SET attempts = attempts + 1, last_error = ?, next_attempt_at = ?
                WHERE organization_id = ? AND link_generation = ? AND notice = ? AND state = 'pending'
                """, [.text(String(error.prefix(1000))), retry, .text(organizationID), .integer(Int64(linkGeneration)), .text(notice)]) == 1
        }
    }

    public func supersede(organizationID: String, before linkGeneration: Int) async throws -> Int {
        try await database.perform { database in
            try database.execute(
                "UPDATE expiry_notices SET state = 'superseded' WHERE organization_id = ? AND link_generation < ? AND state = 'pending'",
                [.text(organizationID), .integer(Int64(linkGeneration))])
        }
    }

    public func notices(organizationID: String, linkGeneration: Int) async throws -> [ExpiryNoticeRecord] {
        try await database.read { database in
            try database.query(
                "SELECT \(Self.columns) FROM expiry_notices WHERE organization_id = ? AND link_generation = ? ORDER BY due_at",
                [.text(organizationID), .integer(Int64(linkGeneration))]).map(Self.record(from:))
        }
    }

    private static let columns = """
        organization_id, link_generation, notice, due_at, recipient, message_id, state, attempts, next_attempt_at, last_error,
        created_at, sent_at
        """

    private static func record(from row: SQLRow) throws -> ExpiryNoticeRecord {
        ExpiryNoticeRecord(
            organizationID: try row.get("organization_id"), linkGeneration: try row.get("link_generation", as: Int.self),
            notice: try row.get("notice"), dueAt: try row.timestamp("due_at"), recipient: try row.get("recipient"),
            messageID: try row.get("message_id"), state: try row.get("state"), attempts: try row.get("attempts", as: Int.self),
            nextAttemptAt: try row.timestamp("next_attempt_at"), lastError: try row.get("last_error", as: String?.self),
            createdAt: try row.timestamp("created_at"), sentAt: try row.optionalTimestamp("sent_at"))
    }
}
