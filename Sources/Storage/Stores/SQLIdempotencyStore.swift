// SQLIdempotencyStore: ClientRequestToken claims in the `idempotency_tokens` table.
import Foundation

/// ``IdempotencyStore`` on a migrated ``SQLDatabase`` (SQLite or PostgreSQL, through `0008_aws_api.sql`). A claim is one insert that
/// loses to an existing row, so of two concurrent claims of one token exactly one is stored.
public final class SQLIdempotencyStore: IdempotencyStore {
    private let database: any SQLDatabase

    public init(database: any SQLDatabase) {
        self.database = database
    }

    public func claim(_ claim: IdempotencyClaim) async throws -> IdempotencyClaim {
        let created = try SQLValue.timestamp(claim.createdAt, field: "createdAt")
        return try await database.perform { database in
            try database.transaction { db in
                try db.execute(
                    """
                    INSERT INTO idempotency_tokens (organization_id, operation, token, input_hash, resource_id, created_at)
                    VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (organization_id, operation, token) DO NOTHING
                    """, [.text(claim.organizationID), .text(claim.operation), .text(claim.token), .text(claim.inputHash), .text(claim.resourceID), created])
                guard let row = try db.query(
                    "SELECT input_hash, resource_id, created_at FROM idempotency_tokens WHERE organization_id = ? AND operation = ? AND token = ?",
                    [.text(claim.organizationID), .text(claim.operation), .text(claim.token)]).first else {
                    throw StorageError.invalidRecord("the idempotency claim vanished inside its transaction")
                }
                return IdempotencyClaim(organizationID: claim.organizationID, operation: claim.operation, token: claim.token,
                                        inputHash: try row.get("input_hash"), resourceID: try row.get("resource_id"),
                                        createdAt: try row.timestamp("created_at"))
            }
        }
    }

    public func release(organizationID: String, operation: String, token: String, resourceID: String) async throws {
        _ = try await database.perform { database in
            try database.execute("DELETE FROM idempotency_tokens WHERE organization_id = ? AND operation = ? AND token = ? AND resource_id = ?",
                                 [.text(organizationID), .text(operation), .text(token), .text(resourceID)])
        }
    }
}
