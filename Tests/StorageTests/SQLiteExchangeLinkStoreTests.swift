// SQLiteExchangeLinkStoreTests: links, compare-and-swap re-links, unlinks and the audit trail, against the real schema.
import Foundation
import Storage
import Testing

@Suite struct SQLiteExchangeLinkStoreTests {
    /// A migrated database with organizations org-1 and org-2, and a link store on it.
    private func fixture() throws -> (SQLiteDatabase, SQLiteExchangeLinkStore) {
        let database = try migratedDatabase()
        let organizations = SQLiteOrganizationStore(database: database)
        try createOrganization("org-1", in: organizations)
        try createOrganization("org-2", in: organizations)
        return (database, SQLiteExchangeLinkStore(database: database))
    }

    private func count(_ table: String, _ database: SQLiteDatabase) throws -> Int {
        try database.query("SELECT count(*) AS n FROM \(table)").first?.get("n") ?? -1
    }

    @Test func aSavedLinkRoundTripsEveryField() throws {
        let (_, store) = try fixture()
        #expect(try store.link(organizationID: "org-1") == nil)
        let link = sampleLink("org-1")
        try store.save(link, expectedGeneration: nil, audit: sampleAudit("org-1"))
        #expect(try store.link(organizationID: "org-1") == link)
        #expect(try store.link(organizationID: "org-2") == nil)

        var noExpiry = sampleLink("org-2")
        noExpiry.passwordExpiresAt = nil
        noExpiry.accessMethod = "fullAccess"
        noExpiry.passwordCiphertext = []
        try store.save(noExpiry, expectedGeneration: nil, audit: sampleAudit("org-2"))
        #expect(try store.link(organizationID: "org-2") == noExpiry)
    }

    @Test func aRelinkWithTheCurrentGenerationReplacesTheLinkAndAppendsItsAudit() throws {
        let (_, store) = try fixture()
        try store.save(sampleLink("org-1"), expectedGeneration: nil, audit: sampleAudit("org-1"))
        var relinked = sampleLink("org-1", upn: "svc-new@contoso.example", generation: 2)
        relinked.passwordCiphertext = [9, 9, 9]
        relinked.status = "failing"
        let audit = sampleAudit("org-1", action: "relink", oldUPN: "svc-a4b@contoso.example", newUPN: "svc-new@contoso.example", at: 10)
        try store.save(relinked, expectedGeneration: 1, audit: audit)
        #expect(try store.link(organizationID: "org-1") == relinked)
        #expect(try store.audit(organizationID: "org-1", limit: 10).first == audit)
    }

    @Test(arguments: [nil, 1, 3] as [Int?])
    func aStaleGenerationIsAConflictThatLeavesTheLinkAndAuditUntouched(expected: Int?) throws {
        let (database, store) = try fixture()
        let first = sampleLink("org-1")
        try store.save(first, expectedGeneration: nil, audit: sampleAudit("org-1"))
        let second = sampleLink("org-1", upn: "svc-2@contoso.example", generation: 2)
        try store.save(second, expectedGeneration: 1, audit: sampleAudit("org-1", action: "relink", at: 10))
        let auditBefore = try store.audit(organizationID: "org-1", limit: 10)

        // A writer that read generation 1 (or nothing, or a future one) loses.
        let stale = sampleLink("org-1", upn: "svc-stale@contoso.example", generation: (expected ?? 0) + 1)
        let error = #expect(throws: StorageError.self) {
            try store.save(stale, expectedGeneration: expected, audit: sampleAudit("org-1", action: "relink", at: 20))
        }
        #expect(error?.code == "storage.conflict")
        #expect(try store.link(organizationID: "org-1") == second)
        #expect(try store.audit(organizationID: "org-1", limit: 10) == auditBefore)
        #expect(try count("link_audit", database) == 2)
    }

    @Test func expectingALinkWhereThereIsNoneIsAConflict() throws {
        let (database, store) = try fixture()
        let error = #expect(throws: StorageError.self) {
            try store.save(sampleLink("org-1", generation: 2), expectedGeneration: 1, audit: sampleAudit("org-1"))
        }
        #expect(error?.code == "storage.conflict")
        #expect(try store.link(organizationID: "org-1") == nil)
        #expect(try count("link_audit", database) == 0)
    }

    @Test func concurrentRelinksFromTheSameGenerationLetExactlyOneWin() async throws {
        let (_, store) = try fixture()
        try store.save(sampleLink("org-1"), expectedGeneration: nil, audit: sampleAudit("org-1"))
        let winners = await withTaskGroup(of: Bool.self) { group in
            for writer in 0..<8 {
                group.addTask {
                    let link = sampleLink("org-1", upn: "svc-\(writer)@contoso.example", generation: 2)
                    return (try? store.save(link, expectedGeneration: 1, audit: sampleAudit("org-1", action: "relink"))) != nil
                }
            }
            return await group.reduce(0) { $0 + ($1 ? 1 : 0) }
        }
        #expect(winners == 1)
        #expect(try store.link(organizationID: "org-1")?.generation == 2)
        #expect(try store.audit(organizationID: "org-1", limit: 20).count == 2)
    }

    @Test func aGenerationThatDoesNotFollowTheExpectedOneIsRefused() throws {
        let (database, store) = try fixture()
        try store.save(sampleLink("org-1"), expectedGeneration: nil, audit: sampleAudit("org-1"))
        // A re-link that forgot to bump the generation would let a later writer's stale compare-and-swap pass.
        let error = #expect(throws: StorageError.self) {
            try store.save(sampleLink("org-1", upn: "svc-2@contoso.example", generation: 1), expectedGeneration: 1, audit: sampleAudit("org-1"))
        }
        #expect(error?.code == "storage.invalid_record")
        #expect(try store.link(organizationID: "org-1") == sampleLink("org-1"))
        #expect(try count("link_audit", database) == 1)
    }

    @Test func anAccessMethodOutsideTheSchemaIsRefusedWithNoAudit() throws {
        let (database, store) = try fixture()
        var link = sampleLink("org-1")
        link.accessMethod = "delegate"
        let error = #expect(throws: StorageError.self) {
            try store.save(link, expectedGeneration: nil, audit: sampleAudit("org-1"))
        }
        #expect(error?.code == "storage.constraint_violation")
        #expect(try count("link_audit", database) == 0)
    }

    @Test func auditForAnotherOrganizationIsRefused() throws {
        let (_, store) = try fixture()
        let error = #expect(throws: StorageError.self) {
            try store.save(sampleLink("org-1"), expectedGeneration: nil, audit: sampleAudit("org-2"))
        }
        #expect(error?.code == "storage.invalid_record")
        #expect(try store.link(organizationID: "org-1") == nil)
    }

    @Test func deleteRemovesTheLinkAndAppendsItsAuditOnlyWhenThereWasOne() throws {
        let (database, store) = try fixture()
        let unlink = sampleAudit("org-1", action: "unlink", oldUPN: "svc-a4b@contoso.example", newUPN: nil, at: 50)
        #expect(try !store.delete(organizationID: "org-1", audit: unlink))
        #expect(try count("link_audit", database) == 0)

        try store.save(sampleLink("org-1"), expectedGeneration: nil, audit: sampleAudit("org-1"))
        try store.save(sampleLink("org-2"), expectedGeneration: nil, audit: sampleAudit("org-2"))
        #expect(try store.delete(organizationID: "org-1", audit: unlink))
        #expect(try store.link(organizationID: "org-1") == nil)
        #expect(try store.link(organizationID: "org-2") != nil)
        #expect(try store.audit(organizationID: "org-1", limit: 10).first == unlink)
        // After an unlink, a new link starts again from "no link".
        try store.save(sampleLink("org-1"), expectedGeneration: nil, audit: sampleAudit("org-1", at: 60))
        #expect(try store.link(organizationID: "org-1")?.generation == 1)
    }

    @Test func auditIsNewestFirstPerOrganizationAndLimited() throws {
        let (_, store) = try fixture()
        // Appended out of `at` order: insertion order decides, so a skewed clock cannot reorder the trail.
        let entries = [
            sampleAudit("org-1", at: 30),
            sampleAudit("org-1", action: "relink", outcome: "failed", reason: "BAD_CREDENTIALS", at: 10),
            sampleAudit("org-1", action: "relink", oldUPN: "a@contoso.example", newUPN: "b@contoso.example", at: 20),
        ]
        for entry in entries {
            try store.appendAudit(entry)
        }
        try store.appendAudit(sampleAudit("org-2", at: 40))
        #expect(try store.audit(organizationID: "org-1", limit: 10) == entries.reversed())
        #expect(try store.audit(organizationID: "org-1", limit: 2) == Array(entries.reversed().prefix(2)))
        #expect(try store.audit(organizationID: "org-1", limit: 0).isEmpty)
        #expect(try store.audit(organizationID: "org-2", limit: 10).map(\.at) == [time(40)])
        #expect(try store.audit(organizationID: "org-3", limit: 10).isEmpty)
        #expect(try store.link(organizationID: "org-1") == nil)
    }

    @Test func auditForAMissingOrganizationIsRefused() throws {
        let (_, store) = try fixture()
        let error = #expect(throws: StorageError.self) { try store.appendAudit(sampleAudit("nobody")) }
        #expect(error?.code == "storage.constraint_violation")
    }
}
