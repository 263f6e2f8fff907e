// ExpiryVisibilityStoreTests: what 0007_expiry_visibility.sql and the stores behind password expiry keep: a link's
// expiry settings and new cycles, the scheduler's query, claims, health events, the test clock, and outbox messages
// kept once per Message-ID.
import Foundation
import Storage
import Testing

@Suite struct ExpiryVisibilityStoreTests {
    private func linked(_ engine: DatabaseEngine) async throws -> (any SQLDatabase, SQLExchangeLinkStore) {
        let database = try await migratedDatabase(engine)
        let organizations = SQLOrganizationStore(database: database)
        let links = SQLExchangeLinkStore(database: database)
        for (id, expires) in [("org-1", 86_400.0), ("org-2", 3600.0), ("org-3", nil)] {
            try await createOrganization(id, in: organizations)
            var link = sampleLink(id)
            link.passwordExpiresAt = expires.map { time($0) }
            try await links.save(link, expectedGeneration: nil, audit: sampleAudit(id))
        }
        return (database, links)
    }

    @Test(arguments: DatabaseEngine.allCases) func updateExpiryStartsANewCycleOnlyWhenAskedAndComparesGenerations(engine: DatabaseEngine) async throws {
        let (_, links) = try await linked(engine)
        let same = try await links.updateExpiry(organizationID: "org-1", expectedGeneration: 1, passwordExpiresAt: time(86_400),
                                                notificationEmail: "it@contoso.example", newCycle: false, audit: sampleAudit("org-1"))
        #expect(same.generation == 1 && same.notificationEmail == "it@contoso.example")
        let renewed = try await links.updateExpiry(organizationID: "org-1", expectedGeneration: 1, passwordExpiresAt: time(90_000.7),
                                                   notificationEmail: nil, newCycle: true, audit: sampleAudit("org-1"))
        #expect(renewed.generation == 2 && renewed.passwordExpiresAt == time(90_000) && renewed.notificationEmail == nil)
        #expect(try await links.link(organizationID: "org-1") == renewed)
        await #expect(throws: StorageError.self) {
            try await links.updateExpiry(organizationID: "org-1", expectedGeneration: 1, passwordExpiresAt: nil, notificationEmail: nil,
                                         newCycle: true, audit: sampleAudit("org-1"))
        }
        // A save after the PATCH continues the count: generations never go back.
        #expect(try await links.save(sampleLink("org-1"), expectedGeneration: 2, audit: sampleAudit("org-1")).generation == 3)
        #expect(try await links.audit(organizationID: "org-1", limit: 10).count == 4)
    }

    @Test(arguments: DatabaseEngine.allCases) func theSchedulersQueryListsLinksByExpirySoonestFirst(engine: DatabaseEngine) async throws {
        let (_, links) = try await linked(engine)
        #expect(try await links.links(passwordExpiringBy: time(86_400)).map(\.organizationID) == ["org-2", "org-1"])
        #expect(try await links.links(passwordExpiringBy: time(3599)).isEmpty)
    }

    @Test(arguments: DatabaseEngine.allCases) func aClaimIsTakenOnceUntilItRunsOut(engine: DatabaseEngine) async throws {
        let database = try await migratedDatabase(engine)
        try await createOrganization("org-1", in: SQLOrganizationStore(database: database))
        let store = SQLExpiryNoticeStore(database: database)
        _ = try await store.recordPending(ExpiryNoticeRecord(organizationID: "org-1", linkGeneration: 1, notice: "T-1d", dueAt: time(), recipient: "a@b.c",
                                                             messageID: "<m@x>", nextAttemptAt: time(), createdAt: time()))
        #expect(try await store.claim(organizationID: "org-1", linkGeneration: 1, notice: "T-1d", now: time(), until: time(300)))
        #expect(try await !store.claim(organizationID: "org-1", linkGeneration: 1, notice: "T-1d", now: time(299), until: time(600)))
        #expect(try await store.claim(organizationID: "org-1", linkGeneration: 1, notice: "T-1d", now: time(300), until: time(600)))
        _ = try await store.markSent(organizationID: "org-1", linkGeneration: 1, notice: "T-1d", at: time(301))
        #expect(try await !store.claim(organizationID: "org-1", linkGeneration: 1, notice: "T-1d", now: time(9999), until: time(99_999)))
    }

    @Test(arguments: DatabaseEngine.allCases) func healthEventsAreUpsertedByARNAndGoWithTheirOrganization(engine: DatabaseEngine) async throws {
        let (database, _) = try await linked(engine)
        let events = SQLHealthEventStore(database: database)
        var event = HealthEventRecord(arn: "arn:1", organizationID: "org-1", linkGeneration: 1, eventTypeCode: "X", eventTypeCategory: "issue",
                                      statusCode: "open", startTime: time(10), endTime: nil, lastUpdatedTime: time(10), affectedEntity: "svc")
        try await events.upsert([event, HealthEventRecord(arn: "arn:0", organizationID: "org-1", linkGeneration: 1, eventTypeCode: "Y",
                                                          eventTypeCategory: "issue", statusCode: "open", startTime: time(5), endTime: nil,
                                                          lastUpdatedTime: time(5), affectedEntity: "svc")])
        event.statusCode = "closed"
        event.endTime = time(20)
        event.lastUpdatedTime = time(20)
        try await events.upsert([event])
        #expect(try await events.events(organizationID: "org-1").map(\.arn) == ["arn:0", "arn:1"])
        #expect(try await events.events(organizationID: "org-1").last == event)
        _ = try await database.perform { try $0.execute("DELETE FROM organizations WHERE id = 'org-1'") }
        #expect(try await events.events(organizationID: "org-1").isEmpty)
    }

    @Test(arguments: DatabaseEngine.allCases) func theTestClockKeepsOneInstant(engine: DatabaseEngine) async throws {
        let store = SQLTestClockStore(database: try await migratedDatabase(engine))
        #expect(try await store.load() == nil)
        try await store.save(time(5))
        try await store.save(time(7))
        #expect(try await store.load() == time(7))
    }

    @Test(arguments: DatabaseEngine.allCases) func anOutboxMessageWithAMessageIDIsKeptOnce(engine: DatabaseEngine) async throws {
        let database = try await migratedDatabase(engine)
        try await createOrganization("org-1", in: SQLOrganizationStore(database: database))
        let outbox = SQLOutboxStore(database: database)
        let message = OutboxMessage(organizationID: "org-1", recipient: "a@b.c", subject: "s", body: "b", createdAt: time(), deliveryState: OutboxMessage.held,
                                    messageID: "<m@x>")
        let first = try await outbox.enqueue(message)
        let again = try await outbox.enqueue(message)
        #expect(first == again)
        _ = try await outbox.enqueue(OutboxMessage(organizationID: "org-1", recipient: "a@b.c", subject: "s", body: "b", createdAt: time(), deliveryState: OutboxMessage.held))
        _ = try await outbox.enqueue(OutboxMessage(organizationID: "org-1", recipient: "a@b.c", subject: "s", body: "b", createdAt: time(), deliveryState: OutboxMessage.held))
        #expect(try await outbox.messages(organizationID: "org-1", after: nil, limit: 10).map(\.messageID) == ["<m@x>", nil, nil])
    }
}
