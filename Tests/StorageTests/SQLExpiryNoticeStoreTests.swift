// SQLExpiryNoticeStoreTests: the expiry ledger: each notice recorded once, pending until sent, retried when
// due, superseded by a new generation, gone with its organization.
import Foundation
import Storage
import Testing

@Suite struct SQLExpiryNoticeStoreTests {
    private func fixture(_ engine: DatabaseEngine) async throws -> (any SQLDatabase, SQLExpiryNoticeStore, SQLOrganizationStore) {
        let database = try await migratedDatabase(engine)
        let organizations = SQLOrganizationStore(database: database)
        try await createOrganization("org-1", in: organizations)
        try await createOrganization("org-2", in: organizations)
        return (database, SQLExpiryNoticeStore(database: database), organizations)
    }

    private func notice(_ key: String, org: String = "org-1", generation: Int = 1, due: TimeInterval = 0) -> ExpiryNoticeRecord {
        ExpiryNoticeRecord(organizationID: org, linkGeneration: generation, notice: key, dueAt: time(due), recipient: "svc@contoso.com",
                           messageID: "<\(key).\(generation).\(org)@a4b-calendar>", nextAttemptAt: time(due), createdAt: time(due))
    }

    @Test(arguments: DatabaseEngine.allCases) func aNoticeIsRecordedOncePerCycle(engine: DatabaseEngine) async throws {
        let (_, store, _) = try await fixture(engine)
        #expect(try await store.recordPending(notice("T-14d")))
        #expect(try await !store.recordPending(notice("T-14d")), "the same notice of the same cycle again")
        #expect(try await store.recordPending(notice("T-14d", generation: 2)), "a new cycle")
        #expect(try await store.recordPending(notice("T-14d", org: "org-2")))
        #expect(try await store.notices(organizationID: "org-1", linkGeneration: 1) == [notice("T-14d")])
    }

    @Test(arguments: DatabaseEngine.allCases) func pendingUntilSentAndSentOnce(engine: DatabaseEngine) async throws {
        let (_, store, _) = try await fixture(engine)
        _ = try await store.recordPending(notice("T-7d", due: 10))
        #expect(try await store.pending(dueBy: time(9), limit: 10).isEmpty, "not yet due")
        #expect(try await store.pending(dueBy: time(10), limit: 10).map(\.notice) == ["T-7d"])
        #expect(try await store.markSent(organizationID: "org-1", linkGeneration: 1, notice: "T-7d", at: time(11)))
        #expect(try await !store.markSent(organizationID: "org-1", linkGeneration: 1, notice: "T-7d", at: time(12)), "sent twice")
        #expect(try await store.pending(dueBy: time(100), limit: 10).isEmpty)
        let sent = try #require(try await store.notices(organizationID: "org-1", linkGeneration: 1).first)
        #expect(sent.state == ExpiryNoticeRecord.sent && sent.sentAt == time(11) && sent.attempts == 1)
    }

    @Test(arguments: DatabaseEngine.allCases) func aFailedAttemptWaitsForItsRetry(engine: DatabaseEngine) async throws {
        let (_, store, _) = try await fixture(engine)
        _ = try await store.recordPending(notice("T-3d"))
        #expect(try await store.markFailed(organizationID: "org-1", linkGeneration: 1, notice: "T-3d", error: "relay refused", retryAt: time(60)))
        #expect(try await store.pending(dueBy: time(59), limit: 10).isEmpty)
        let retry = try #require(try await store.pending(dueBy: time(60), limit: 10).first)
        #expect(retry.attempts == 1 && retry.lastError == "relay refused" && retry.state == ExpiryNoticeRecord.pending)
        #expect(try await store.markSent(organizationID: "org-1", linkGeneration: 1, notice: "T-3d", at: time(61)))
        #expect(try await !store.markFailed(organizationID: "org-1", linkGeneration: 1, notice: "T-3d", error: "late", retryAt: time(99)),
                "a sent notice is not failed afterwards")
    }

    @Test(arguments: DatabaseEngine.allCases) func pendingComesEarliestDueFirstAndIsBounded(engine: DatabaseEngine) async throws {
        let (_, store, _) = try await fixture(engine)
        _ = try await store.recordPending(notice("T-1d", due: 30))
        _ = try await store.recordPending(notice("T-14d", org: "org-2", due: 10))
        _ = try await store.recordPending(notice("T-7d", due: 20))
        #expect(try await store.pending(dueBy: time(100), limit: 10).map(\.notice) == ["T-14d", "T-7d", "T-1d"])
        #expect(try await store.pending(dueBy: time(100), limit: 2).count == 2)
        #expect(try await store.pending(dueBy: time(100), limit: 0).isEmpty)
    }

    @Test(arguments: DatabaseEngine.allCases) func aNewGenerationSupersedesWhatTheOldOneLeftPending(engine: DatabaseEngine) async throws {
        let (_, store, _) = try await fixture(engine)
        _ = try await store.recordPending(notice("T-7d"))
        _ = try await store.recordPending(notice("T-14d", due: -10))
        _ = try await store.markSent(organizationID: "org-1", linkGeneration: 1, notice: "T-14d", at: time())
        _ = try await store.recordPending(notice("T-7d", org: "org-2"))
        #expect(try await store.supersede(organizationID: "org-1", before: 2) == 1)
        #expect(try await store.pending(dueBy: time(100), limit: 10).map(\.organizationID) == ["org-2"])
        let states = try await store.notices(organizationID: "org-1", linkGeneration: 1).map(\.state)
        #expect(states == [ExpiryNoticeRecord.sent, ExpiryNoticeRecord.superseded], "what was sent stays sent")
        #expect(try await !store.markSent(organizationID: "org-1", linkGeneration: 1, notice: "T-7d", at: time()), "a superseded notice is never sent")
    }

    @Test(arguments: DatabaseEngine.allCases) func theLedgerGoesWithItsOrganization(engine: DatabaseEngine) async throws {
        let (database, store, _) = try await fixture(engine)
        _ = try await store.recordPending(notice("T-7d"))
        try await database.run("DELETE FROM organizations WHERE id = ?", ["org-1"])
        #expect(try await database.rows("SELECT COUNT(*) AS n FROM expiry_notices").first?.get("n", as: Int.self) == 0)
    }

    @Test(arguments: DatabaseEngine.allCases) func aMessageIDIsNeverReused(engine: DatabaseEngine) async throws {
        let (_, store, _) = try await fixture(engine)
        _ = try await store.recordPending(notice("T-7d"))
        var clash = notice("T-3d")
        clash = ExpiryNoticeRecord(organizationID: clash.organizationID, linkGeneration: 1, notice: "T-3d", dueAt: clash.dueAt, recipient: clash.recipient,
                                   messageID: notice("T-7d").messageID, nextAttemptAt: clash.nextAttemptAt, createdAt: clash.createdAt)
        await #expect(throws: StorageError.self) { try await store.recordPending(clash) }
    }
}
