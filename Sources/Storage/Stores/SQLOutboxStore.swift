// SQLOutboxStore: the outbox in the `outbox` table.
import Foundation

/// ``OutboxStore`` on a migrated ``SQLDatabase`` (SQLite or PostgreSQL, through `0010_outbox_sealed_links.sql`).
public final class SQLOutboxStore: OutboxStore {
    private let database: any SQLDatabase

    public init(database: any SQLDatabase) {
        self.database = database
    }

    public func enqueue(_ message: OutboxMessage) async throws -> OutboxMessage {
        try await database.perform { database in try Self.insert(message, into: database) }
    }

    public func messages(organizationID: String, after cursor: Int64?, limit: Int) async throws -> [OutboxMessage] {
        try await database.read { database in
            guard limit > 0 else { return [] }
            return try database.query(
                "SELECT \(Self.columns) FROM outbox WHERE organization_id = ? AND id > ? ORDER BY id LIMIT ?",
                [.text(organizationID), .integer(cursor ?? 0), .integer(Int64(limit))]
            ).map(Self.message(from:))
        }
    }

    public func clear(organizationID: String) async throws -> Int {
        try await database.perform { database in
            try database.execute("DELETE FROM outbox WHERE organization_id = ?", [.text(organizationID)])
        }
    }

    static let columns = "id, organization_id, recipient, subject, body, created_at, delivery_state, message_id, sealed_link"

    /// Inserts `message` (its `id` is ignored) and returns it with the id the database gave it. Used inside other
    /// stores' transactions, so a change and the mail it causes are written together.
    static func insert(_ message: OutboxMessage, into database: any SQLSession) throws -> OutboxMessage {
        let rows = try database.query(
            """
            INSERT INTO outbox (organization_id, recipient, subject, body, created_at, delivery_state, message_id, sealed_link)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?)
            ON CONFLICT (message_id) DO NOTHING RETURNING id
            """,
            [.text(message.organizationID), .text(message.recipient), .text(message.subject), .text(message.body),
             try .timestamp(message.createdAt, field: "createdAt"), .text(message.deliveryState), message.messageID.sqlValue,
             message.sealedLink.map(SQLValue.blob) ?? .null])
        guard let row = rows.first else {
            // Only a message with a Message-ID can conflict: the same message, written before.
            return try database.query("SELECT \(columns) FROM outbox WHERE message_id = ?", [message.messageID.sqlValue]).map(Self.message(from:))[0]
        }
        return OutboxMessage(id: try row.get("id"), organizationID: message.organizationID, recipient: message.recipient,
                             subject: message.subject, body: message.body, createdAt: message.createdAt, deliveryState: message.deliveryState,
                             messageID: message.messageID, sealedLink: message.sealedLink)
    }

    private static func message(from row: SQLRow) throws -> OutboxMessage {
        OutboxMessage(id: try row.get("id"), organizationID: try row.get("organization_id"), recipient: try row.get("recipient"),
                      subject: try row.get("subject"), body: try row.get("body"), createdAt: try row.timestamp("created_at"),
                      deliveryState: try row.get("delivery_state"), messageID: try row.get("message_id", as: String?.self),
                      sealedLink: try row.get("sealed_link", as: [UInt8]?.self))
    }
}
