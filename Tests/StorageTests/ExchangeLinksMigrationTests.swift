// ExchangeLinksMigrationTests: 0002_exchange_links.sql as embedded, and as an upgrade of a database already at 0001.
import Foundation
import Storage
import Testing

@Suite struct ExchangeLinksMigrationTests {
    @Test func embeddedMigrationsHoldTheExchangeLinksFileByteForByte() async throws {
        let file = URL(fileURLWithPath: #filePath)
            .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appending(path: "Migrations/0002_exchange_links.sql")
        let bytes = [UInt8](try Data(contentsOf: file))
        let embedded = try #require(EmbeddedMigrations.all.first { $0.name == "0002_exchange_links.sql" })
        #expect(embedded.version == 2)
        #expect(embedded.sql == bytes)
    }

    @Test func upgradesADatabaseAtVersion1AndLinksItsExistingOrganizations() async throws {
        try await withTemporaryDirectory { directory in
            let path = directory.appending(path: "a4b.sqlite").path
            let first = try #require(EmbeddedMigrations.all.first { $0.version == 1 })
            do {
                let database = try SQLiteDatabase(path: path)
                try MigrationRunner(database: database, migrations: [first], logger: LogRecorder().logger()).migrate()
                try insertOrganizationAsBefore0004("org-1", into: database)
            }
            let database = try SQLiteDatabase(path: path)
            let applied = try MigrationRunner(database: database, logger: LogRecorder().logger()).migrate()
            #expect(applied.map(\.name) == ["0002_exchange_links.sql", "0003_link_generations.sql", "0004_users.sql", "0005_voice.sql", "0006_expiry_notices.sql", "0007_expiry_visibility.sql", "0008_aws_api.sql", "0009_rooms.sql", "0010_outbox_sealed_links.sql"])
            let links = SQLExchangeLinkStore(database: database)
            try await links.save(sampleLink("org-1"), expectedGeneration: nil, audit: sampleAudit("org-1"))
            #expect(try await links.link(organizationID: "org-1") == sampleLink("org-1"))
            // 0004: organizations from before it are in UTC.
            #expect(try await SQLOrganizationStore(database: database).organization(id: "org-1")?.timeZone == "UTC")
            let indexes: [String] = try database.query(
                "SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'link_audit' AND sql IS NOT NULL"
            ).map { try $0.get("name") }
            #expect(indexes == ["link_audit_organization"])
        }
    }

    /// 0003 counts the generations each organization already used, so one that was linked twice and then
    /// unlinked before the upgrade goes on at 3, and one still linked goes on after its current generation.
    @Test func theGenerationCounterStartsAfterEveryGenerationUsedBeforeTheUpgrade() async throws {
        try await withTemporaryDirectory { directory in
            let path = directory.appending(path: "a4b.sqlite").path
            let upTo2 = EmbeddedMigrations.all.filter { $0.version <= 2 }
            do {
                let database = try SQLiteDatabase(path: path)
                try MigrationRunner(database: database, migrations: upTo2, logger: LogRecorder().logger()).migrate()
                try insertOrganizationAsBefore0004("org-1", into: database)
                try insertOrganizationAsBefore0004("org-2", into: database)
                // As release 0.1 wrote them: org-1 linked, re-linked, unlinked; org-2 linked once (generation 1)
                // plus a failed attempt that used no generation.
                for (organization, action, outcome) in [("org-1", "link", "succeeded"), ("org-1", "relink", "succeeded"),
                                                        ("org-1", "unlink", "succeeded"), ("org-2", "link", "succeeded"),
                                                        ("org-2", "relink", "failed")] {
                    try database.execute(
                        "INSERT INTO link_audit (organization_id, actor, at, action, outcome) VALUES (?, 'admin', '2026-11-27T03:00:00Z', ?, ?)",
                        [.text(organization), .text(action), .text(outcome)])
                }
                let link = sampleLink("org-2")
                try database.execute(
                    """
                    INSERT INTO exchange_links (organization_id, upn, password_ciphertext, ews_url, access_method, exchange_version,
                        linked_at, last_validated_at, status, generation)
                    VALUES ('org-2', ?, ?, ?, 'impersonation', '15.1', '2026-11-27T03:00:00Z', '2026-11-27T03:00:00Z', 'active', 1)
                    """, [.text(link.upn), .blob(link.passwordCiphertext), .text(link.ewsURL)])
            }
            let database = try SQLiteDatabase(path: path)
            #expect(try MigrationRunner(database: database, logger: LogRecorder().logger()).migrate().map(\.name) == ["0003_link_generations.sql", "0004_users.sql", "0005_voice.sql", "0006_expiry_notices.sql", "0007_expiry_visibility.sql", "0008_aws_api.sql", "0009_rooms.sql", "0010_outbox_sealed_links.sql"])
            let links = SQLExchangeLinkStore(database: database)
            #expect(try await links.save(sampleLink("org-1"), expectedGeneration: nil, audit: sampleAudit("org-1")).generation == 3)
            #expect(try await links.save(sampleLink("org-2"), expectedGeneration: 1, audit: sampleAudit("org-2", action: "relink")).generation == 2)
        }
    }

    @Test func aLinkForAMissingOrganizationIsRefused() async throws {
        let store = SQLExchangeLinkStore(database: try migratedDatabase())
        let error = await #expect(throws: StorageError.self) {
            try await store.save(sampleLink("nobody"), expectedGeneration: nil, audit: sampleAudit("nobody"))
        }
        #expect(error?.code == "storage.constraint_violation")
    }

    /// An organization as releases before 0004 wrote it (no time zone): today's store needs the newer schema.
    private func insertOrganizationAsBefore0004(_ id: String, into database: SQLiteDatabase) throws {
        try database.execute("INSERT INTO organizations (id, name, created_at) VALUES (?, 'Contoso', '2026-11-27T03:00:00Z')", [.text(id)])
    }
}
