// SQLOrganizationStoreTests: organizations and API keys through the store, against the real migrated schema.
import Foundation
import Storage
import Testing

@Suite struct SQLOrganizationStoreTests {
    @Test(arguments: DatabaseEngine.allCases) func createdOrganizationAndItsFirstKeyRoundTrip(engine: DatabaseEngine) async throws {
        let store = SQLOrganizationStore(database: try await migratedDatabase(engine))
        let organization = Organization(id: "org-1", name: "Contoso, Zürich 🇨🇭 'O''Brien'", createdAt: time())
        let key = sampleKey("key-1", organizationID: "org-1")
        try await store.create(organization, firstKey: key)
        #expect(try await store.organization(id: "org-1") == organization)
        #expect(try await store.activeKey(hash: key.keyHash) == key)
        #expect(try await store.organization(id: "org-2") == nil)
    }

    @Test(arguments: DatabaseEngine.allCases) func timesAreStoredAsWholeSecondUTCText(engine: DatabaseEngine) async throws {
        let database = try await migratedDatabase(engine)
        let store = SQLOrganizationStore(database: database)
        // 2026-11-27T03:00:00.75Z: the fraction is dropped, not rounded up.
        let organization = Organization(id: "org-1", name: "Contoso", createdAt: time(0.75))
        try await store.create(organization, firstKey: sampleKey("key-1", organizationID: "org-1"))
        #expect(try await database.rows("SELECT created_at FROM organizations").first?.get("created_at") == "2026-11-27T03:00:00Z")
        #expect(try await store.organization(id: "org-1")?.createdAt == time())
    }

    @Test(arguments: DatabaseEngine.allCases, [
        (0.0, "1970-01-01T00:00:00Z"),
        (951_782_400, "2000-02-29T00:00:00Z"),          // leap day of a year divisible by 400
        (4_107_542_399, "2100-02-28T23:59:59Z"),        // 2100 is not a leap year
        (-1, "1969-12-31T23:59:59Z"),
        (253_402_300_799, "9999-12-31T23:59:59Z"),
    ] as [(Double, String)])
    func timesAtCalendarEdgesRoundTrip(engine: DatabaseEngine, edge: (seconds: Double, text: String)) async throws {
        let (seconds, text) = edge
        let database = try await migratedDatabase(engine)
        let store = SQLOrganizationStore(database: database)
        let organization = Organization(id: "org-1", name: "Contoso", createdAt: Date(timeIntervalSince1970: seconds))
        try await store.create(organization, firstKey: sampleKey("key-1", organizationID: "org-1"))
        #expect(try await database.rows("SELECT created_at FROM organizations").first?.get("created_at") == text)
        #expect(try await store.organization(id: "org-1") == organization)
    }

    @Test(arguments: DatabaseEngine.allCases) func aTimeTheColumnCannotHoldIsRefusedAndNothingIsWritten(engine: DatabaseEngine) async throws {
        let database = try await migratedDatabase(engine)
        let store = SQLOrganizationStore(database: database)
        let organization = Organization(id: "org-1", name: "Contoso", createdAt: Date(timeIntervalSince1970: 1e15))
        let error = await #expect(throws: StorageError.self) {
            try await store.create(organization, firstKey: sampleKey("key-1", organizationID: "org-1"))
        }
        #expect(error?.code == "storage.invalid_record")
        #expect(try await store.organization(id: "org-1") == nil)
    }

    @Test(arguments: DatabaseEngine.allCases) func aStoredTimeInAnotherFormIsATypeMismatchNotAGuess(engine: DatabaseEngine) async throws {
        let database = try await migratedDatabase(engine)
        let store = SQLOrganizationStore(database: database)
        try await database.run("INSERT INTO organizations (id, name, created_at) VALUES ('org-1', 'x', '2026-11-27 03:00:00')")
        let error = await #expect(throws: StorageError.self) { try await store.organization(id: "org-1") }
        #expect(error?.code == "storage.type_mismatch")
    }

    @Test(arguments: DatabaseEngine.allCases) func creatingATakenIdIsAConflictAndKeepsTheFirst(engine: DatabaseEngine) async throws {
        let store = SQLOrganizationStore(database: try await migratedDatabase(engine))
        let first = try await createOrganization("org-1", in: store)
        let second = Organization(id: "org-1", name: "Impostor", createdAt: time(5))
        let newKey = sampleKey("key-x", organizationID: "org-1")
        let error = await #expect(throws: StorageError.self) { try await store.create(second, firstKey: newKey) }
        #expect(error?.code == "storage.conflict")
        #expect(try await store.organization(id: "org-1") == first)
        #expect(try await store.activeKey(hash: newKey.keyHash) == nil)
    }

    @Test(arguments: DatabaseEngine.allCases) func createIsAtomicWhenTheKeyCannotBeStored(engine: DatabaseEngine) async throws {
        let store = SQLOrganizationStore(database: try await migratedDatabase(engine))
        try await createOrganization("org-1", in: store)
        // The second organization's key reuses org-1's key hash: UNIQUE refuses it, and the organization goes too.
        let duplicateHash = sampleKey("org-1-key1", organizationID: "org-1").keyHash
        await #expect(throws: StorageError.self) {
            try await store.create(sampleOrganization("org-2"), firstKey: sampleKey("key-2", organizationID: "org-2", hash: duplicateHash))
        }
        #expect(try await store.organization(id: "org-2") == nil)
    }

    @Test(arguments: DatabaseEngine.allCases) func aFirstKeyOfAnotherOrganizationIsRefused(engine: DatabaseEngine) async throws {
        let store = SQLOrganizationStore(database: try await migratedDatabase(engine))
        let error = await #expect(throws: StorageError.self) {
            try await store.create(sampleOrganization("org-1"), firstKey: sampleKey("key-1", organizationID: "org-2"))
        }
        #expect(error?.code == "storage.invalid_record")
        #expect(try await store.organization(id: "org-1") == nil)
    }

    @Test(arguments: DatabaseEngine.allCases) func cursorPaginationVisitsEveryOrganizationOnceInIdOrder(engine: DatabaseEngine) async throws {
        let store = SQLOrganizationStore(database: try await migratedDatabase(engine))
        let ids = ["org-07", "org-01", "Org-10", "org-03", "org-05", "org-02", "org-04", "org-06", "org-09", "org-08"]
        for id in ids {
            try await createOrganization(id, in: store)
        }
        let (seen, pages) = try await pageThrough(limit: 3) { cursor, limit in
            try await store.organizations(after: cursor, limit: limit).map(\.id)
        }
        // Byte order: uppercase sorts before lowercase.
        #expect(seen == ids.sorted())
        #expect(seen.first == "Org-10")
        #expect(pages == 4)
        #expect(try await store.organizations(after: nil, limit: 0).isEmpty)
        #expect(try await store.organizations(after: "org-09", limit: 5).isEmpty)
        #expect(try await store.organizations(after: "org-045", limit: 2).map(\.id) == ["org-05", "org-06"])
    }

    @Test(arguments: DatabaseEngine.allCases) func revokedKeysAreNoLongerFoundByHash(engine: DatabaseEngine) async throws {
        let store = SQLOrganizationStore(database: try await migratedDatabase(engine))
        try await createOrganization("org-1", in: store)
        let second = sampleKey("key-2", organizationID: "org-1")
        try await store.addKey(second)
        #expect(try await store.activeKey(hash: second.keyHash) == second)

        #expect(try await store.revokeKey(id: "key-2", organizationID: "org-1", at: time(30)))
        #expect(try await store.activeKey(hash: second.keyHash) == nil)
        // The other key is untouched.
        #expect(try await store.activeKey(hash: sampleKey("org-1-key1", organizationID: "org-1").keyHash)?.id == "org-1-key1")
        // Revoking again, or through another organization, finds nothing to revoke.
        #expect(try await !store.revokeKey(id: "key-2", organizationID: "org-1", at: time(40)))
        try await createOrganization("org-2", in: store)
        #expect(try await !store.revokeKey(id: "org-1-key1", organizationID: "org-2", at: time(40)))
        #expect(try await store.activeKey(hash: sampleKey("org-1-key1", organizationID: "org-1").keyHash) != nil)
    }

    @Test(arguments: DatabaseEngine.allCases) func aKeyForAMissingOrganizationIsRefused(engine: DatabaseEngine) async throws {
        let store = SQLOrganizationStore(database: try await migratedDatabase(engine))
        let error = await #expect(throws: StorageError.self) { try await store.addKey(sampleKey("key-1", organizationID: "nobody")) }
        #expect(error?.code == "storage.constraint_violation")
    }

    @Test(arguments: DatabaseEngine.allCases) func deletingAnOrganizationCascadesToKeysLinksAndAudit(engine: DatabaseEngine) async throws {
        let database = try await migratedDatabase(engine)
        let organizations = SQLOrganizationStore(database: database)
        let links = SQLExchangeLinkStore(database: database)
        try await createOrganization("org-1", in: organizations)
        try await createOrganization("org-2", in: organizations)
        for id in ["org-1", "org-2"] {
            try await links.save(sampleLink(id), expectedGeneration: nil, audit: sampleAudit(id))
        }
        // (The change count includes the cascaded rows, so it says little; the tables below say it all.)
        try await database.run("DELETE FROM organizations WHERE id = ?", ["org-1"])
        #expect(try await organizations.organization(id: "org-1") == nil)
        #expect(try await organizations.organization(id: "org-2") != nil)

        for table in ["api_keys", "exchange_links", "link_audit"] {
            let remaining: [String] = try await database.rows("SELECT organization_id FROM \(table)").map { try $0.get("organization_id") }
            #expect(remaining == ["org-2"], "\(table)")
        }
        #expect(try await links.link(organizationID: "org-1") == nil)
        #expect(try await links.link(organizationID: "org-2") != nil)
    }

    @Test(arguments: DatabaseEngine.allCases, ["UTC", "America/Argentina/Buenos_Aires", "Europe/Berlin"])
    func theTimeZoneRoundTrips(engine: DatabaseEngine, zone: String) async throws {
        let database = try await migratedDatabase(engine)
        let store = SQLOrganizationStore(database: database)
        let organization = Organization(id: "org-1", name: "Contoso", createdAt: time(), timeZone: zone)
        try await store.create(organization, firstKey: sampleKey("key-1", organizationID: "org-1"))
        #expect(try await store.organization(id: "org-1")?.timeZone == zone)
        #expect(try await database.rows("SELECT time_zone FROM organizations").first?.get("time_zone") == zone)
        #expect(try await store.organizations(after: nil, limit: 10) == [organization])
    }

    @Test(arguments: DatabaseEngine.allCases) func anOrganizationWrittenBeforeTimeZonesExistedIsUTC(engine: DatabaseEngine) async throws {
        let database = try await migratedDatabase(engine)
        try await database.run("INSERT INTO organizations (id, name, created_at) VALUES ('org-1', 'Old', '2026-11-27T03:00:00Z')")
        #expect(try await SQLOrganizationStore(database: database).organization(id: "org-1")?.timeZone == "UTC")
    }

    @Test(arguments: DatabaseEngine.allCases) func updateChangesNameAndTimeZoneOfThatOrganizationOnly(engine: DatabaseEngine) async throws {
        let store = SQLOrganizationStore(database: try await migratedDatabase(engine))
        let first = try await createOrganization("org-1", in: store)
        let second = try await createOrganization("org-2", in: store)
        var changed = first
        changed.name = "Contoso Europe"
        changed.timeZone = "Europe/Berlin"
        #expect(try await store.update(changed))
        #expect(try await store.organization(id: "org-1") == changed)
        #expect(try await store.organization(id: "org-1")?.createdAt == first.createdAt)
        #expect(try await store.organization(id: "org-2") == second)
        // Writing the same values again still finds the row.
        #expect(try await store.update(changed))
        // Keys are untouched.
        #expect(try await store.activeKey(hash: sampleKey("org-1-key1", organizationID: "org-1").keyHash)?.organizationID == "org-1")
    }

    @Test(arguments: DatabaseEngine.allCases) func updatingAnUnknownOrganizationIsFalseAndCreatesNothing(engine: DatabaseEngine) async throws {
        let store = SQLOrganizationStore(database: try await migratedDatabase(engine))
        try await createOrganization("org-1", in: store)
        let ghost = Organization(id: "org-404", name: "Ghost", createdAt: time(), timeZone: "Europe/Berlin")
        #expect(try await !store.update(ghost))
        #expect(try await store.organization(id: "org-404") == nil)
        #expect(try await store.organizations(after: nil, limit: 10).map(\.id) == ["org-1"])
    }
}
