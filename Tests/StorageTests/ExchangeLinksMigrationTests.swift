// ExchangeLinksMigrationTests: 0002_exchange_links.sql as embedded, and as an upgrade of a database already at 0001.
import Foundation
import Storage
import Testing

@Suite struct ExchangeLinksMigrationTests {
    @Test func embeddedMigrationsHoldTheExchangeLinksFileByteForByte() throws {
        let file = URL(fileURLWithPath: #filePath)
            .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appending(path: "Migrations/0002_exchange_links.sql")
        let bytes = [UInt8](try Data(contentsOf: file))
        let embedded = try #require(EmbeddedMigrations.all.first { $0.name == "0002_exchange_links.sql" })
        #expect(embedded.version == 2)
        #expect(embedded.sql == bytes)
    }

    @Test func upgradesADatabaseAtVersion1AndLinksItsExistingOrganizations() throws {
        try withTemporaryDirectory { directory in
            let path = directory.appending(path: "a4b.sqlite").path
            let first = try #require(EmbeddedMigrations.all.first { $0.version == 1 })
            do {
                let database = try SQLiteDatabase(path: path)
                try MigrationRunner(database: database, migrations: [first], logger: LogRecorder().logger()).migrate()
                try createOrganization("org-1", in: SQLiteOrganizationStore(database: database))
            }
            let database = try SQLiteDatabase(path: path)
            let applied = try MigrationRunner(database: database, logger: LogRecorder().logger()).migrate()
            #expect(applied.map(\.name) == ["0002_exchange_links.sql"])
            let links = SQLiteExchangeLinkStore(database: database)
            try links.save(sampleLink("org-1"), expectedGeneration: nil, audit: sampleAudit("org-1"))
            #expect(try links.link(organizationID: "org-1") == sampleLink("org-1"))
            let indexes: [String] = try database.query(
                "SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'link_audit' AND sql IS NOT NULL"
            ).map { try $0.get("name") }
            #expect(indexes == ["link_audit_organization"])
        }
    }

    @Test func aLinkForAMissingOrganizationIsRefused() throws {
        let store = SQLiteExchangeLinkStore(database: try migratedDatabase())
        let error = #expect(throws: StorageError.self) {
            try store.save(sampleLink("nobody"), expectedGeneration: nil, audit: sampleAudit("nobody"))
        }
        #expect(error?.code == "storage.constraint_violation")
    }
}
