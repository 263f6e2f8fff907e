// StoreFixtures: migrated databases and sample records shared by the repository tests.
import Foundation
import Testing
import Storage

/// A database at `path` (default: private, in memory) migrated with the embedded migrations.
func migratedDatabase(path: String = ":memory:") throws -> SQLiteDatabase {
    let database = try SQLiteDatabase(path: path)
    try MigrationRunner(database: database, logger: LogRecorder().logger()).migrate()
    return database
}

/// A whole-second UTC time: `2026-11-27T03:00:00Z` plus `offset` seconds.
func time(_ offset: TimeInterval = 0) -> Date {
    Date(timeIntervalSince1970: 1_795_748_400 + offset)
}

func sampleOrganization(_ id: String, name: String? = nil) -> Organization {
    Organization(id: id, name: name ?? "Org \(id)", createdAt: time())
}

func sampleKey(_ id: String, organizationID: String, hash: String? = nil) -> APIKeyRecord {
    APIKeyRecord(id: id, organizationID: organizationID, keyHash: hash ?? sha256Hex(Array(id.utf8)), createdAt: time(), revokedAt: nil)
}

/// Creates organization `id` with one key, `<id>-key1`.
@discardableResult
func createOrganization(_ id: String, in store: SQLiteOrganizationStore) async throws -> Organization {
    let organization = sampleOrganization(id)
    try await store.create(organization, firstKey: sampleKey("\(id)-key1", organizationID: id))
    return organization
}

func sampleLink(_ organizationID: String, upn: String = "svc-a4b@contoso.example", generation: Int = 1) -> ExchangeLinkRecord {
    ExchangeLinkRecord(
        organizationID: organizationID, upn: upn, passwordCiphertext: [0, 1, 2, 0xFF, 0],
        ewsURL: "https://mail.contoso.example/EWS/Exchange.asmx", accessMethod: "impersonation",
        exchangeVersion: "15.1.2507.6", linkedAt: time(60), lastValidatedAt: time(120), passwordExpiresAt: time(86_400 * 90),
        status: "active", generation: generation
    )
}

func sampleAudit(
    _ organizationID: String, action: String = "link", oldUPN: String? = nil, newUPN: String? = "svc-a4b@contoso.example",
    outcome: String = "succeeded", reason: String? = nil, at offset: TimeInterval = 0
) -> LinkAuditEntry {
    LinkAuditEntry(
        organizationID: organizationID, actor: "admin", at: time(offset), action: action, oldUPN: oldUPN, newUPN: newUPN,
        outcome: outcome, reason: reason
    )
}

/// Follows a listing's cursor from the start, `limit` rows at a time, until an empty page: every id seen, in
/// order, and how many non-empty pages there were. Fails the test when a page is longer than `limit`.
func pageThrough(limit: Int, _ fetch: (_ cursor: String?, _ limit: Int) async throws -> [String]) async throws -> (ids: [String], pages: Int) {
    var seen: [String] = []
    var cursor: String?
    var pages = 0
    while true {
        let page = try await fetch(cursor, limit)
        #expect(page.count <= limit)
        if page.isEmpty { break }
        seen += page
        cursor = page.last
        pages += 1
    }
    return (seen, pages)
}
