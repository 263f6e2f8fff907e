// SQLExchangeLinkStore: Exchange links and their audit trail in the `exchange_links` and `link_audit` tables.
import Foundation

/// ``ExchangeLinkStore`` on a migrated ``SQLDatabase`` (SQLite or PostgreSQL).
///
/// Contract, beyond the protocol's:
/// - the store never sees a password: `passwordCiphertext` is stored and returned byte for byte;
/// - ``save(_:expectedGeneration:audit:)`` reads the stored generation and writes inside one write transaction
///   (`BEGIN IMMEDIATE`), so of two writers that read the same generation exactly one succeeds; the other gets
///   ``StorageError/conflict(_:)`` and neither its link nor its audit entry is written;
/// - the store, not the caller, numbers generations: each successful save takes the organization's
///   `last_link_generation` plus 1 and records it, in the same transaction, so the count never goes back, also
///   across an unlink (the expiry notice ledger is keyed on the generation);
/// - audit entries are ordered by insertion (`link_audit.id`), not by their `at`, so clocks that differ between
///   replicas cannot reorder the trail;
/// - times are stored to the whole second (fractions dropped).
public final class SQLExchangeLinkStore: ExchangeLinkStore {
    private let database: any SQLDatabase

    /// - Parameter database: must be migrated (see ``MigrationRunner``) through `0006_expiry_notices.sql`.
    public init(database: any SQLDatabase) {
        self.database = database
    }

    public func link(organizationID: String) async throws -> ExchangeLinkRecord? {
        try await database.read { database in
            try database.query(
                """
                SELECT \(Self.columns) FROM exchange_links WHERE organization_id = ?
                """,
                [.text(organizationID)]
            ).first.map(Self.record(from:))
        }
    }

    /// `record.generation` is ignored: the returned record carries the generation the store assigned.
    ///
    /// - Throws: ``StorageError/conflict(_:)`` when the stored generation is not `expectedGeneration` (nil: when a
    ///   link exists); ``StorageError/invalidRecord(_:)`` when `audit` names another organization;
    ///   ``StorageError/constraintViolation(message:sql:)`` when the organization does not exist or `accessMethod`
    ///   is neither `impersonation` nor `fullAccess`.
    public func save(_ record: ExchangeLinkRecord, expectedGeneration: Int?, audit: LinkAuditEntry) async throws -> ExchangeLinkRecord {
        try await database.perform { database in
            guard audit.organizationID == record.organizationID else {
                throw StorageError.invalidRecord("the audit entry names another organization than the link")
            }
            let auditValues = try Self.values(of: audit)
            let organizationID = record.organizationID
            return try database.transaction { db in
                guard let last: Int = try db.query(
                    "SELECT last_link_generation FROM organizations WHERE id = ?", [.text(organizationID)]
                ).first?.get("last_link_generation") else {
                    throw StorageError.constraintViolation(message: "FOREIGN KEY constraint failed: no organization \(organizationID)",
                                                           sql: "SELECT last_link_generation FROM organizations")
                }
                var saved = record
                saved.generation = last + 1
                let linkValues: [SQLValue] = [
                    .text(saved.upn), .blob(saved.passwordCiphertext), .text(saved.ewsURL), .text(saved.accessMethod),
                    .text(saved.exchangeVersion), try .timestamp(saved.linkedAt, field: "linkedAt"),
                    try .timestamp(saved.lastValidatedAt, field: "lastValidatedAt"),
                    try .timestamp(saved.passwordExpiresAt, field: "passwordExpiresAt"), saved.notificationEmail.sqlValue,
                    .text(saved.status), .integer(Int64(saved.generation)),
                ]
                let stored: Int? = try db.query(
                    "SELECT generation FROM exchange_links WHERE organization_id = ?", [.text(organizationID)]
                ).first?.get("generation")
                guard stored == expectedGeneration else {
                    throw StorageError.conflict(
                        "the Exchange link is at generation \(stored.map(String.init) ?? "none (no link)"), "
                            + "not the expected \(expectedGeneration.map(String.init) ?? "none (no link)")"
                    )
                }
                if let stored {
                    try db.execute(
                        """
                        UPDATE exchange_links SET upn = ?, password_ciphertext = ?, ews_url = ?, access_method = ?,
                            exchange_version = ?, linked_at = ?, last_validated_at = ?, password_expires_at = ?,
                            notification_email = ?, status = ?, generation = ?
                        WHERE organization_id = ? AND generation = ?
                        """,
                        linkValues + [.text(organizationID), .integer(Int64(stored))]
                    )
                } else {
                    try db.execute(
                        """
                        INSERT INTO exchange_links (upn, password_ciphertext, ews_url, access_method, exchange_version,
                            linked_at, last_validated_at, password_expires_at, notification_email, status, generation,
                            organization_id)
                        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                        """,
                        linkValues + [.text(organizationID)]
                    )
                }
                try db.execute("UPDATE organizations SET last_link_generation = ? WHERE id = ?",
                               [.integer(Int64(saved.generation)), .text(organizationID)])
                try db.execute(Self.insertAudit, auditValues)
                return saved
            }
        }
    }

    /// - Throws: ``StorageError/conflict(_:)`` when there is no link or it is not at `expectedGeneration`;
    ///   ``StorageError/invalidRecord(_:)`` when `audit` names another organization.
    public func updateExpiry(organizationID: String, expectedGeneration: Int, passwordExpiresAt: Date?, notificationEmail: String?,
                             newCycle: Bool, audit: LinkAuditEntry) async throws -> ExchangeLinkRecord {
        let expires = try SQLValue.timestamp(passwordExpiresAt, field: "passwordExpiresAt")
        return try await database.perform { database in
            guard audit.organizationID == organizationID else {
                throw StorageError.invalidRecord("the audit entry names another organization than the link")
            }
            let auditValues = try Self.values(of: audit)
            return try database.transaction { db in
                guard var record = try db.query("SELECT \(Self.columns) FROM exchange_links WHERE organization_id = ?",
                                                [.text(organizationID)]).first.map(Self.record(from:)),
                      record.generation == expectedGeneration else {
                    throw StorageError.conflict("the Exchange link is no longer at generation \(expectedGeneration)")
                }
                if newCycle {
                    let last: Int = try db.query("SELECT last_link_generation FROM organizations WHERE id = ?",
                                                 [.text(organizationID)])[0].get("last_link_generation")
                    record.generation = max(last, record.generation) + 1
                    try db.execute("UPDATE organizations SET last_link_generation = ? WHERE id = ?",
                                   [.integer(Int64(record.generation)), .text(organizationID)])
                }
                try db.execute(
                    "UPDATE exchange_links SET password_expires_at = ?, notification_email = ?, generation = ? WHERE organization_id = ?",
                    [expires, notificationEmail.sqlValue, .integer(Int64(record.generation)), .text(organizationID)])
                try db.execute(Self.insertAudit, auditValues)
                record.passwordExpiresAt = passwordExpiresAt.map { Date(timeIntervalSince1970: $0.timeIntervalSince1970.rounded(.down)) }
                record.notificationEmail = notificationEmail
                return record
            }
        }
    }

    public func links(passwordExpiringBy date: Date) async throws -> [ExchangeLinkRecord] {
        let bound = try SQLValue.timestamp(date, field: "date")
        return try await database.read { database in
            // ISO 8601 UTC text of one fixed width sorts as time does.
            try database.query(
                "SELECT \(Self.columns) FROM exchange_links WHERE password_expires_at IS NOT NULL AND password_expires_at <= ? ORDER BY password_expires_at, organization_id",
                [bound]).map(Self.record(from:))
        }
    }

    /// When there is no link, nothing is written (not even `audit`) and the result is false.
    ///
    /// - Throws: ``StorageError/invalidRecord(_:)`` when `audit` names another organization.
    public func delete(organizationID: String, audit: LinkAuditEntry) async throws -> Bool {
        try await database.perform { database in
            guard audit.organizationID == organizationID else {
                throw StorageError.invalidRecord("the audit entry names another organization than the link")
            }
            let auditValues = try Self.values(of: audit)
            return try database.transaction { db in
                let deleted = try db.execute("DELETE FROM exchange_links WHERE organization_id = ?", [.text(organizationID)])
                guard deleted > 0 else { return false }
                try db.execute(Self.insertAudit, auditValues)
                return true
            }
        }
    }

    /// - Throws: ``StorageError/invalidRecord(_:)`` when `audit` names another organization.
    public func setStatus(_ status: String, organizationID: String, generation: Int, audit: LinkAuditEntry) async throws -> Bool {
        try await database.perform { database in
            guard audit.organizationID == organizationID else {
                throw StorageError.invalidRecord("the audit entry names another organization than the link")
            }
            let auditValues = try Self.values(of: audit)
            return try database.transaction { db in
                let changed = try db.execute(
                    "UPDATE exchange_links SET status = ? WHERE organization_id = ? AND generation = ? AND status <> ?",
                    [.text(status), .text(organizationID), .integer(Int64(generation)), .text(status)])
                guard changed > 0 else { return false }
                try db.execute(Self.insertAudit, auditValues)
                return true
            }
        }
    }

    /// - Throws: ``StorageError/constraintViolation(message:sql:)`` when the organization does not exist.
    public func appendAudit(_ entry: LinkAuditEntry) async throws {
        _ = try await database.perform { database in
            try database.execute(Self.insertAudit, try Self.values(of: entry))
        }
    }

    /// At most `limit` entries, the most recently appended first; empty when `limit` is 0 or less.
    public func audit(organizationID: String, limit: Int) async throws -> [LinkAuditEntry] {
        try await database.read { database in
            guard limit > 0 else { return [] }
            return try database.query(
                """
                SELECT organization_id, actor, at, action, old_upn, new_upn, outcome, reason
                FROM link_audit WHERE organization_id = ? ORDER BY id DESC LIMIT ?
                """,
                [.text(organizationID), .integer(Int64(limit))]
            ).map(Self.entry(from:))
        }
    }

    private static let columns = """
        organization_id, upn, password_ciphertext, ews_url, access_method, exchange_version, linked_at, last_validated_at,
        password_expires_at, notification_email, status, generation
        """

    private static let insertAudit = """
        INSERT INTO link_audit (organization_id, actor, at, action, old_upn, new_upn, outcome, reason)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?)
        """

    private static func values(of entry: LinkAuditEntry) throws -> [SQLValue] {
        [
            .text(entry.organizationID), .text(entry.actor), try .timestamp(entry.at, field: "at"), .text(entry.action),
            entry.oldUPN.sqlValue, entry.newUPN.sqlValue, .text(entry.outcome), entry.reason.sqlValue,
        ]
    }

    private static func record(from row: SQLRow) throws -> ExchangeLinkRecord {
        ExchangeLinkRecord(
            organizationID: try row.get("organization_id"), upn: try row.get("upn"),
            passwordCiphertext: try row.get("password_ciphertext"), ewsURL: try row.get("ews_url"),
            accessMethod: try row.get("access_method"), exchangeVersion: try row.get("exchange_version"),
            linkedAt: try row.timestamp("linked_at"), lastValidatedAt: try row.timestamp("last_validated_at"),
            passwordExpiresAt: try row.optionalTimestamp("password_expires_at"),
            notificationEmail: try row.get("notification_email", as: String?.self), status: try row.get("status"),
            generation: try row.get("generation")
        )
    }

    private static func entry(from row: SQLRow) throws -> LinkAuditEntry {
        LinkAuditEntry(
            organizationID: try row.get("organization_id"), actor: try row.get("actor"), at: try row.timestamp("at"),
            action: try row.get("action"), oldUPN: try row.get("old_upn"), newUPN: try row.get("new_upn"),
            outcome: try row.get("outcome"), reason: try row.get("reason")
        )
    }
}
