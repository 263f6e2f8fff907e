// SQLExchangeLinkStoreTests: links, compare-and-swap re-links, unlinks and the audit trail, against the real schema.
import Foundation
import Storage
import Testing

@Suite struct SQLExchangeLinkStoreTests {
    /// A migrated database with organizations org-1 and org-2, and a link store on it.
    private func fixture(_ engine: DatabaseEngine) async throws -> (any SQLDatabase, SQLExchangeLinkStore) {
        let database = try await migratedDatabase(engine)
        let organizations = SQLOrganizationStore(database: database)
        try await createOrganization("org-1", in: organizations)
        try await createOrganization("org-2", in: organizations)
        return (database, SQLExchangeLinkStore(database: database))
    }

    private func count(_ table: String, _ database: any SQLDatabase) async throws -> Int {
        try await database.rows("SELECT count(*) AS n FROM \(table)").first?.get("n") ?? -1
    }

    @Test(arguments: DatabaseEngine.allCases) func aSavedLinkRoundTripsEveryField(engine: DatabaseEngine) async throws {
        let (_, store) = try await fixture(engine)
        #expect(try await store.link(organizationID: "org-1") == nil)
        let link = sampleLink("org-1")
        try await store.save(link, expectedGeneration: nil, audit: sampleAudit("org-1"))
        #expect(try await store.link(organizationID: "org-1") == link)
        #expect(try await store.link(organizationID: "org-2") == nil)

        var noExpiry = sampleLink("org-2")
        noExpiry.passwordExpiresAt = nil
        noExpiry.accessMethod = "fullAccess"
        noExpiry.passwordCiphertext = []
        try await store.save(noExpiry, expectedGeneration: nil, audit: sampleAudit("org-2"))
        #expect(try await store.link(organizationID: "org-2") == noExpiry)
    }

    @Test(arguments: DatabaseEngine.allCases) func aRelinkWithTheCurrentGenerationReplacesTheLinkAndAppendsItsAudit(engine: DatabaseEngine) async throws {
        let (_, store) = try await fixture(engine)
        try await store.save(sampleLink("org-1"), expectedGeneration: nil, audit: sampleAudit("org-1"))
        var relinked = sampleLink("org-1", upn: "svc-new@contoso.example", generation: 2)
        relinked.passwordCiphertext = [9, 9, 9]
        relinked.status = "failing"
        let audit = sampleAudit("org-1", action: "relink", oldUPN: "svc-a4b@contoso.example", newUPN: "svc-new@contoso.example", at: 10)
        try await store.save(relinked, expectedGeneration: 1, audit: audit)
        #expect(try await store.link(organizationID: "org-1") == relinked)
        #expect(try await store.audit(organizationID: "org-1", limit: 10).first == audit)
    }

    @Test(arguments: DatabaseEngine.allCases, [nil, 1, 3] as [Int?])
    func aStaleGenerationIsAConflictThatLeavesTheLinkAndAuditUntouched(engine: DatabaseEngine, expected: Int?) async throws {
        let (database, store) = try await fixture(engine)
        let first = sampleLink("org-1")
        try await store.save(first, expectedGeneration: nil, audit: sampleAudit("org-1"))
        let second = sampleLink("org-1", upn: "svc-2@contoso.example", generation: 2)
        try await store.save(second, expectedGeneration: 1, audit: sampleAudit("org-1", action: "relink", at: 10))
        let auditBefore = try await store.audit(organizationID: "org-1", limit: 10)

        // A writer that read generation 1 (or nothing, or a future one) loses.
        let stale = sampleLink("org-1", upn: "svc-stale@contoso.example", generation: (expected ?? 0) + 1)
        let error = await #expect(throws: StorageError.self) {
            try await store.save(stale, expectedGeneration: expected, audit: sampleAudit("org-1", action: "relink", at: 20))
        }
        #expect(error?.code == "storage.conflict")
        #expect(try await store.link(organizationID: "org-1") == second)
        #expect(try await store.audit(organizationID: "org-1", limit: 10) == auditBefore)
        #expect(try await count("link_audit", database) == 2)
    }

    @Test(arguments: DatabaseEngine.allCases) func expectingALinkWhereThereIsNoneIsAConflict(engine: DatabaseEngine) async throws {
        let (database, store) = try await fixture(engine)
        let error = await #expect(throws: StorageError.self) {
            try await store.save(sampleLink("org-1", generation: 2), expectedGeneration: 1, audit: sampleAudit("org-1"))
        }
        #expect(error?.code == "storage.conflict")
        #expect(try await store.link(organizationID: "org-1") == nil)
        #expect(try await count("link_audit", database) == 0)
    }

    @Test(arguments: DatabaseEngine.allCases) func concurrentRelinksFromTheSameGenerationLetExactlyOneWin(engine: DatabaseEngine) async throws {
        let (_, store) = try await fixture(engine)
        try await store.save(sampleLink("org-1"), expectedGeneration: nil, audit: sampleAudit("org-1"))
        let winners = await withTaskGroup(of: Bool.self) { group in
            for writer in 0..<8 {
                group.addTask {
                    let link = sampleLink("org-1", upn: "svc-\(writer)@contoso.example", generation: 2)
                    return (try? await store.save(link, expectedGeneration: 1, audit: sampleAudit("org-1", action: "relink"))) != nil
                }
            }
            return await group.reduce(0) { $0 + ($1 ? 1 : 0) }
        }
        #expect(winners == 1)
        #expect(try await store.link(organizationID: "org-1")?.generation == 2)
        #expect(try await store.audit(organizationID: "org-1", limit: 20).count == 2)
    }

    @Test(arguments: DatabaseEngine.allCases) func theStoreNumbersGenerationsWhateverTheRecordSays(engine: DatabaseEngine) async throws {
        let (_, store) = try await fixture(engine)
        // A caller's own number is ignored: a re-link that forgot to bump it cannot reuse a generation.
        let first = try await store.save(sampleLink("org-1", generation: 7), expectedGeneration: nil, audit: sampleAudit("org-1"))
        #expect(first.generation == 1)
        let second = try await store.save(sampleLink("org-1", upn: "svc-2@contoso.example", generation: 1), expectedGeneration: 1,
                                          audit: sampleAudit("org-1", action: "relink"))
        #expect(second.generation == 2)
        #expect(try await store.link(organizationID: "org-1") == second)
    }

    @Test(arguments: DatabaseEngine.allCases) func generationsNeverGoBackAcrossAnUnlink(engine: DatabaseEngine) async throws {
        let (_, store) = try await fixture(engine)
        try await store.save(sampleLink("org-1"), expectedGeneration: nil, audit: sampleAudit("org-1"))
        #expect(try await store.delete(organizationID: "org-1", audit: sampleAudit("org-1", action: "unlink")))
        // Linking again continues the count: the expiry notice ledger is keyed on (organization, generation, notice).
        let again = try await store.save(sampleLink("org-1"), expectedGeneration: nil, audit: sampleAudit("org-1"))
        #expect(again.generation == 2)
        #expect(try await store.link(organizationID: "org-1")?.generation == 2)
        // Another organization counts on its own.
        #expect(try await store.save(sampleLink("org-2"), expectedGeneration: nil, audit: sampleAudit("org-2")).generation == 1)
    }

    @Test(arguments: DatabaseEngine.allCases) func anAccessMethodOutsideTheSchemaIsRefusedWithNoAudit(engine: DatabaseEngine) async throws {
        let (database, store) = try await fixture(engine)
        var link = sampleLink("org-1")
        link.accessMethod = "delegate"
        let error = await #expect(throws: StorageError.self) {
            try await store.save(link, expectedGeneration: nil, audit: sampleAudit("org-1"))
        }
        #expect(error?.code == "storage.constraint_violation")
        #expect(try await count("link_audit", database) == 0)
    }

    @Test(arguments: DatabaseEngine.allCases) func auditForAnotherOrganizationIsRefused(engine: DatabaseEngine) async throws {
        let (_, store) = try await fixture(engine)
        let error = await #expect(throws: StorageError.self) {
            try await store.save(sampleLink("org-1"), expectedGeneration: nil, audit: sampleAudit("org-2"))
        }
        #expect(error?.code == "storage.invalid_record")
        #expect(try await store.link(organizationID: "org-1") == nil)
    }

    @Test(arguments: DatabaseEngine.allCases) func deleteRemovesTheLinkAndAppendsItsAuditOnlyWhenThereWasOne(engine: DatabaseEngine) async throws {
        let (database, store) = try await fixture(engine)
        let unlink = sampleAudit("org-1", action: "unlink", oldUPN: "svc-a4b@contoso.example", newUPN: nil, at: 50)
        #expect(try await !store.delete(organizationID: "org-1", audit: unlink))
        #expect(try await count("link_audit", database) == 0)

        try await store.save(sampleLink("org-1"), expectedGeneration: nil, audit: sampleAudit("org-1"))
        try await store.save(sampleLink("org-2"), expectedGeneration: nil, audit: sampleAudit("org-2"))
        #expect(try await store.delete(organizationID: "org-1", audit: unlink))
        #expect(try await store.link(organizationID: "org-1") == nil)
        #expect(try await store.link(organizationID: "org-2") != nil)
        #expect(try await store.audit(organizationID: "org-1", limit: 10).first == unlink)
        // After an unlink, a new link starts again from "no link", with the next generation.
        try await store.save(sampleLink("org-1"), expectedGeneration: nil, audit: sampleAudit("org-1", at: 60))
        #expect(try await store.link(organizationID: "org-1")?.generation == 2)
    }

    @Test(arguments: DatabaseEngine.allCases) func auditIsNewestFirstPerOrganizationAndLimited(engine: DatabaseEngine) async throws {
        let (_, store) = try await fixture(engine)
        // Appended out of `at` order: insertion order decides, so a skewed clock cannot reorder the trail.
        let entries = [
            sampleAudit("org-1", at: 30),
            sampleAudit("org-1", action: "relink", outcome: "failed", reason: "BAD_CREDENTIALS", at: 10),
            sampleAudit("org-1", action: "relink", oldUPN: "a@contoso.example", newUPN: "b@contoso.example", at: 20),
        ]
        for entry in entries {
            try await store.appendAudit(entry)
        }
        try await store.appendAudit(sampleAudit("org-2", at: 40))
        #expect(try await store.audit(organizationID: "org-1", limit: 10) == entries.reversed())
        #expect(try await store.audit(organizationID: "org-1", limit: 2) == Array(entries.reversed().prefix(2)))
        #expect(try await store.audit(organizationID: "org-1", limit: 0).isEmpty)
        #expect(try await store.audit(organizationID: "org-2", limit: 10).map(\.at) == [time(40)])
        #expect(try await store.audit(organizationID: "org-3", limit: 10).isEmpty)
        #expect(try await store.link(organizationID: "org-1") == nil)
    }

    @Test(arguments: DatabaseEngine.allCases) func auditForAMissingOrganizationIsRefused(engine: DatabaseEngine) async throws {
        let (_, store) = try await fixture(engine)
        let error = await #expect(throws: StorageError.self) { try await store.appendAudit(sampleAudit("nobody")) }
        #expect(error?.code == "storage.constraint_violation")
    }
}
