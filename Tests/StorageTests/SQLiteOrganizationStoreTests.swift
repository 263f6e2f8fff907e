// SQLiteOrganizationStoreTests: organizations and API keys through the store, against the real migrated schema.
import Foundation
import Storage
import Testing

@Suite struct SQLiteOrganizationStoreTests {
    @Test func createdOrganizationAndItsFirstKeyRoundTrip() throws {
        let store = SQLiteOrganizationStore(database: try migratedDatabase())
        let organization = Organization(id: "org-1", name: "Contoso, Zürich 🇨🇭 'O''Brien'", createdAt: time())
        let key = sampleKey("key-1", organizationID: "org-1")
        try store.create(organization, firstKey: key)
        #expect(try store.organization(id: "org-1") == organization)
        #expect(try store.activeKey(hash: key.keyHash) == key)
        #expect(try store.organization(id: "org-2") == nil)
    }

    @Test func timesAreStoredAsWholeSecondUTCText() throws {
        let database = try migratedDatabase()
        let store = SQLiteOrganizationStore(database: database)
        // 2026-11-27T03:00:00.75Z: the fraction is dropped, not rounded up.
        let organization = Organization(id: "org-1", name: "Contoso", createdAt: time(0.75))
        try store.create(organization, firstKey: sampleKey("key-1", organizationID: "org-1"))
        #expect(try database.query("SELECT created_at FROM organizations").first?.get("created_at") == "2026-11-27T03:00:00Z")
        #expect(try store.organization(id: "org-1")?.createdAt == time())
    }

    @Test(arguments: [
        (0.0, "1970-01-01T00:00:00Z"),
        (951_782_400, "2000-02-29T00:00:00Z"),          // leap day of a year divisible by 400
        (4_107_542_399, "2100-02-28T23:59:59Z"),        // 2100 is not a leap year
        (-1, "1969-12-31T23:59:59Z"),
        (253_402_300_799, "9999-12-31T23:59:59Z"),
    ])
    func timesAtCalendarEdgesRoundTrip(seconds: Double, text: String) throws {
        let database = try migratedDatabase()
        let store = SQLiteOrganizationStore(database: database)
        let organization = Organization(id: "org-1", name: "Contoso", createdAt: Date(timeIntervalSince1970: seconds))
        try store.create(organization, firstKey: sampleKey("key-1", organizationID: "org-1"))
        #expect(try database.query("SELECT created_at FROM organizations").first?.get("created_at") == text)
        #expect(try store.organization(id: "org-1") == organization)
    }

    @Test func aTimeTheColumnCannotHoldIsRefusedAndNothingIsWritten() throws {
        let database = try migratedDatabase()
        let store = SQLiteOrganizationStore(database: database)
        let organization = Organization(id: "org-1", name: "Contoso", createdAt: Date(timeIntervalSince1970: 1e15))
        let error = #expect(throws: StorageError.self) {
            try store.create(organization, firstKey: sampleKey("key-1", organizationID: "org-1"))
        }
        #expect(error?.code == "storage.invalid_record")
        #expect(try store.organization(id: "org-1") == nil)
    }

    @Test func aStoredTimeInAnotherFormIsATypeMismatchNotAGuess() throws {
        let database = try migratedDatabase()
        let store = SQLiteOrganizationStore(database: database)
        try database.execute("INSERT INTO organizations (id, name, created_at) VALUES ('org-1', 'x', '2026-11-27 03:00:00')")
        let error = #expect(throws: StorageError.self) { try store.organization(id: "org-1") }
        #expect(error?.code == "storage.type_mismatch")
    }

    @Test func creatingATakenIdIsAConflictAndKeepsTheFirst() throws {
        let store = SQLiteOrganizationStore(database: try migratedDatabase())
        let first = try createOrganization("org-1", in: store)
        let second = Organization(id: "org-1", name: "Impostor", createdAt: time(5))
        let newKey = sampleKey("key-x", organizationID: "org-1")
        let error = #expect(throws: StorageError.self) { try store.create(second, firstKey: newKey) }
        #expect(error?.code == "storage.conflict")
        #expect(try store.organization(id: "org-1") == first)
        #expect(try store.activeKey(hash: newKey.keyHash) == nil)
    }

    @Test func createIsAtomicWhenTheKeyCannotBeStored() throws {
        let store = SQLiteOrganizationStore(database: try migratedDatabase())
        try createOrganization("org-1", in: store)
        // The second organization's key reuses org-1's key hash: UNIQUE refuses it, and the organization goes too.
        let duplicateHash = sampleKey("org-1-key1", organizationID: "org-1").keyHash
        #expect(throws: StorageError.self) {
            try store.create(sampleOrganization("org-2"), firstKey: sampleKey("key-2", organizationID: "org-2", hash: duplicateHash))
        }
        #expect(try store.organization(id: "org-2") == nil)
    }

    @Test func aFirstKeyOfAnotherOrganizationIsRefused() throws {
        let store = SQLiteOrganizationStore(database: try migratedDatabase())
        let error = #expect(throws: StorageError.self) {
            try store.create(sampleOrganization("org-1"), firstKey: sampleKey("key-1", organizationID: "org-2"))
        }
        #expect(error?.code == "storage.invalid_record")
        #expect(try store.organization(id: "org-1") == nil)
    }

    @Test func cursorPaginationVisitsEveryOrganizationOnceInIdOrder() throws {
        let store = SQLiteOrganizationStore(database: try migratedDatabase())
        let ids = ["org-07", "org-01", "Org-10", "org-03", "org-05", "org-02", "org-04", "org-06", "org-09", "org-08"]
        for id in ids {
            try createOrganization(id, in: store)
        }
        var seen: [String] = []
        var cursor: String?
        var pages = 0
        while true {
            let page = try store.organizations(after: cursor, limit: 3)
            #expect(page.count <= 3)
            if page.isEmpty { break }
            seen += page.map(\.id)
            cursor = page.last?.id
            pages += 1
        }
        // Byte order: uppercase sorts before lowercase.
        #expect(seen == ids.sorted())
        #expect(seen.first == "Org-10")
        #expect(pages == 4)
        #expect(try store.organizations(after: nil, limit: 0).isEmpty)
        #expect(try store.organizations(after: "org-09", limit: 5).isEmpty)
        #expect(try store.organizations(after: "org-045", limit: 2).map(\.id) == ["org-05", "org-06"])
    }

    @Test func revokedKeysAreNoLongerFoundByHash() throws {
        let store = SQLiteOrganizationStore(database: try migratedDatabase())
        try createOrganization("org-1", in: store)
        let second = sampleKey("key-2", organizationID: "org-1")
        try store.addKey(second)
        #expect(try store.activeKey(hash: second.keyHash) == second)

        #expect(try store.revokeKey(id: "key-2", organizationID: "org-1", at: time(30)))
        #expect(try store.activeKey(hash: second.keyHash) == nil)
        // The other key is untouched.
        #expect(try store.activeKey(hash: sampleKey("org-1-key1", organizationID: "org-1").keyHash)?.id == "org-1-key1")
        // Revoking again, or through another organization, finds nothing to revoke.
        #expect(try !store.revokeKey(id: "key-2", organizationID: "org-1", at: time(40)))
        try createOrganization("org-2", in: store)
        #expect(try !store.revokeKey(id: "org-1-key1", organizationID: "org-2", at: time(40)))
        #expect(try store.activeKey(hash: sampleKey("org-1-key1", organizationID: "org-1").keyHash) != nil)
    }

    @Test func aKeyForAMissingOrganizationIsRefused() throws {
        let store = SQLiteOrganizationStore(database: try migratedDatabase())
        let error = #expect(throws: StorageError.self) { try store.addKey(sampleKey("key-1", organizationID: "nobody")) }
        #expect(error?.code == "storage.constraint_violation")
    }

    @Test func deletingAnOrganizationCascadesToKeysLinksAndAudit() throws {
        let database = try migratedDatabase()
        let organizations = SQLiteOrganizationStore(database: database)
        let links = SQLiteExchangeLinkStore(database: database)
        try createOrganization("org-1", in: organizations)
        try createOrganization("org-2", in: organizations)
        for id in ["org-1", "org-2"] {
            try links.save(sampleLink(id), expectedGeneration: nil, audit: sampleAudit(id))
        }
        // (The change count includes the cascaded rows, so it says little; the tables below say it all.)
        try database.execute("DELETE FROM organizations WHERE id = ?", ["org-1"])
        #expect(try organizations.organization(id: "org-1") == nil)
        #expect(try organizations.organization(id: "org-2") != nil)

        for table in ["api_keys", "exchange_links", "link_audit"] {
            let remaining: [String] = try database.query("SELECT organization_id FROM \(table)").map { try $0.get("organization_id") }
            #expect(remaining == ["org-2"], "\(table)")
        }
        #expect(try links.link(organizationID: "org-1") == nil)
        #expect(try links.link(organizationID: "org-2") != nil)
    }
}
