// SQLAWSCredentialStore: access keys in the `aws_credentials` table.
import Foundation

/// ``AWSCredentialStore`` on a migrated ``SQLDatabase`` (SQLite or PostgreSQL, through `0008_aws_api.sql`); times to the whole second.
public final class SQLAWSCredentialStore: AWSCredentialStore {
    private let database: any SQLDatabase

    public init(database: any SQLDatabase) {
        self.database = database
    }

    public func create(_ credential: AWSCredentialRecord) async throws {
        let values: [SQLValue] = [.text(credential.accessKeyID), .text(credential.organizationID), .blob(credential.secretCiphertext),
                                  try .timestamp(credential.createdAt, field: "createdAt"), try .timestamp(credential.revokedAt, field: "revokedAt")]
        _ = try await database.perform { database in
            try database.execute(
                "INSERT INTO aws_credentials (access_key_id, organization_id, secret_ciphertext, created_at, revoked_at) VALUES (?, ?, ?, ?, ?)", values)
        }
    }

    public func activeCredential(accessKeyID: String) async throws -> AWSCredentialRecord? {
        try await database.read { database in
            try database.query("SELECT \(Self.columns) FROM aws_credentials WHERE access_key_id = ? AND revoked_at IS NULL", [.text(accessKeyID)])
                .first.map(Self.credential(from:))
        }
    }

    public func credentials(organizationID: String) async throws -> [AWSCredentialRecord] {
        try await database.read { database in
            try database.query("SELECT \(Self.columns) FROM aws_credentials WHERE organization_id = ? ORDER BY created_at, access_key_id",
                               [.text(organizationID)]).map(Self.credential(from:))
        }
    }

    public func revoke(accessKeyID: String, organizationID: String, at: Date) async throws -> Bool {
        let revoked = try SQLValue.timestamp(at, field: "at")
        return try await database.perform { database in
            try database.execute("UPDATE aws_credentials SET revoked_at = ? WHERE access_key_id = ? AND organization_id = ? AND revoked_at IS NULL",
                                 [revoked, .text(accessKeyID), .text(organizationID)]) == 1
        }
    }

    private static let columns = "access_key_id, organization_id, secret_ciphertext, created_at, revoked_at"

    private static func credential(from row: SQLRow) throws -> AWSCredentialRecord {
        AWSCredentialRecord(accessKeyID: try row.get("access_key_id"), organizationID: try row.get("organization_id"),
                            secretCiphertext: try row.get("secret_ciphertext"), createdAt: try row.timestamp("created_at"),
                            revokedAt: try row.optionalTimestamp("revoked_at"))
    }
}
