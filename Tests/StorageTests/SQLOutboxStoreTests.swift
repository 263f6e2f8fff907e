// SQLOutboxStoreTests: the outbox through the store, against the real migrated schema.
import Foundation
import Storage
import Testing

@Suite struct SQLOutboxStoreTests {
    /// A migrated in-memory database with organizations org-1 and org-2, and an outbox store on it.
    private func fixture(_ engine: DatabaseEngine) async throws -> (any SQLDatabase, SQLOutboxStore) {
        let database = try await migratedDatabase(engine)
        let organizations = SQLOrganizationStore(database: database)
        try await createOrganization("org-1", in: organizations)
        try await createOrganization("org-2", in: organizations)
        return (database, SQLOutboxStore(database: database))
    }

    private func message(_ organizationID: String, _ n: Int, at offset: TimeInterval = 0) -> OutboxMessage {
        OutboxMessage(organizationID: organizationID, recipient: "user\(n)@contoso.example", subject: "Subject \(n) — é",
                      body: "Line one\nLine two 'quoted' \(n)", createdAt: time(offset), deliveryState: OutboxMessage.held)
    }

    @Test(arguments: DatabaseEngine.allCases) func enqueueAssignsAscendingIdsAndKeepsEveryField(engine: DatabaseEngine) async throws {
        let (_, store) = try await fixture(engine)
        var ids: [Int64] = []
        for n in 1...5 {
            // The id passed in is ignored: the database assigns one.
            var written = message(n.isMultiple(of: 2) ? "org-2" : "org-1", n, at: TimeInterval(n))
            written = OutboxMessage(id: 999, organizationID: written.organizationID, recipient: written.recipient, subject: written.subject,
                                    body: written.body, createdAt: written.createdAt, deliveryState: written.deliveryState)
            let stored = try await store.enqueue(written)
            #expect(stored.id != 999)
            #expect(stored.recipient == written.recipient && stored.subject == written.subject && stored.body == written.body)
            ids.append(stored.id)
        }
        #expect(ids == ids.sorted())
        #expect(Set(ids).count == 5)

        let read = try await store.messages(organizationID: "org-1", after: nil, limit: 10)
        #expect(read.map(\.id) == [ids[0], ids[2], ids[4]])
        #expect(read.first == OutboxMessage(id: ids[0], organizationID: "org-1", recipient: "user1@contoso.example",
                                            subject: "Subject 1 — é", body: "Line one\nLine two 'quoted' 1", createdAt: time(1),
                                            deliveryState: "HELD"))
    }

    @Test(arguments: DatabaseEngine.allCases) func aSealedLinkIsKeptByteForByteAndOtherMailHasNone(engine: DatabaseEngine) async throws {
        let (_, store) = try await fixture(engine)
        // Every byte value, as AES-GCM output has them (zeros and high bytes included).
        let sealed = (0...255).map(UInt8.init) + [0, 0, 255]
        let base = message("org-1", 1)
        let written = try await store.enqueue(OutboxMessage(organizationID: base.organizationID, recipient: base.recipient, subject: base.subject,
                                                            body: base.body, createdAt: base.createdAt, deliveryState: base.deliveryState,
                                                            sealedLink: sealed))
        #expect(written.sealedLink == sealed)
        _ = try await store.enqueue(message("org-1", 2))
        let read = try await store.messages(organizationID: "org-1", after: nil, limit: 10)
        #expect(read.map(\.sealedLink) == [sealed, nil])
    }

    @Test(arguments: DatabaseEngine.allCases) func timesAreStoredToTheWholeSecond(engine: DatabaseEngine) async throws {
        let (_, store) = try await fixture(engine)
        _ = try await store.enqueue(message("org-1", 1, at: 0.75))
        #expect(try await store.messages(organizationID: "org-1", after: nil, limit: 1).first?.createdAt == time())
    }

    @Test(arguments: DatabaseEngine.allCases) func messagesAreOldestFirstWithCursorAndLimitPerOrganization(engine: DatabaseEngine) async throws {
        let (_, store) = try await fixture(engine)
        var mine: [OutboxMessage] = []
        for n in 1...7 {
            // Written out of time order: the order is the order written (the id), not createdAt.
            mine.append(try await store.enqueue(message("org-1", n, at: TimeInterval(100 - n))))
            _ = try await store.enqueue(message("org-2", n))
        }
        var seen: [OutboxMessage] = []
        var cursor: Int64?
        var pages = 0
        while true {
            let page = try await store.messages(organizationID: "org-1", after: cursor, limit: 3)
            #expect(page.count <= 3)
            if page.isEmpty { break }
            seen += page
            cursor = page.last?.id
            pages += 1
        }
        #expect(seen == mine)
        #expect(pages == 3)
        #expect(seen.allSatisfy { $0.organizationID == "org-1" })
        #expect(try await store.messages(organizationID: "org-1", after: nil, limit: 0).isEmpty)
        #expect(try await store.messages(organizationID: "org-1", after: mine[1].id, limit: 2) == [mine[2], mine[3]])
        #expect(try await store.messages(organizationID: "org-1", after: mine[6].id, limit: 10).isEmpty)
        #expect(try await store.messages(organizationID: "org-2", after: nil, limit: 100).count == 7)
        #expect(try await store.messages(organizationID: "org-404", after: nil, limit: 100).isEmpty)
    }

    @Test(arguments: DatabaseEngine.allCases) func clearCountsAndOnlyClearsThatOrganization(engine: DatabaseEngine) async throws {
        let (_, store) = try await fixture(engine)
        for n in 1...3 { _ = try await store.enqueue(message("org-1", n)) }
        for n in 1...2 { _ = try await store.enqueue(message("org-2", n)) }
        let others = try await store.messages(organizationID: "org-2", after: nil, limit: 10)

        #expect(try await store.clear(organizationID: "org-1") == 3)
        #expect(try await store.messages(organizationID: "org-1", after: nil, limit: 10).isEmpty)
        #expect(try await store.messages(organizationID: "org-2", after: nil, limit: 10) == others)
        #expect(try await store.clear(organizationID: "org-1") == 0)
        #expect(try await store.clear(organizationID: "org-404") == 0)

        // Ids keep ascending after a clear.
        let next = try await store.enqueue(message("org-1", 9))
        #expect(next.id > others.map(\.id).max()!)
    }

    /// A reader holding the last id as its cursor must see what is written after a clear.
    @Test(arguments: DatabaseEngine.allCases) func idsAreNeverReusedAfterAClear(engine: DatabaseEngine) async throws {
        let (_, store) = try await fixture(engine)
        let last = try await store.enqueue(message("org-1", 1))
        try await store.clear(organizationID: "org-1")
        let next = try await store.enqueue(message("org-1", 2))
        #expect(next.id > last.id)
        #expect(try await store.messages(organizationID: "org-1", after: last.id, limit: 10).map(\.id) == [next.id])
    }

    @Test(arguments: DatabaseEngine.allCases) func aMessageForAnUnknownOrganizationIsAConstraintViolation(engine: DatabaseEngine) async throws {
        let (_, store) = try await fixture(engine)
        let error = await #expect(throws: StorageError.self) { try await store.enqueue(self.message("org-404", 1)) }
        #expect(error?.code == "storage.constraint_violation")
        #expect(try await store.messages(organizationID: "org-404", after: nil, limit: 10).isEmpty)
    }
}
