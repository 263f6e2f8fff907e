// MigrationRunnerTests: applying, recording, refusing and rolling back migrations, on real SQLite files and on PostgreSQL.
import Foundation
import Logging
import Storage
import Testing

/// A migration from inline SQL, for tests.
func migration(_ fileName: String, _ sql: String) throws -> Migration {
    try Migration(fileName: fileName, sql: Array(sql.utf8))
}

@Suite struct MigrationRunnerTests {
    private let organizations = "CREATE TABLE organizations (id TEXT PRIMARY KEY, name TEXT NOT NULL);"
    private let users = """
        CREATE TABLE users (id TEXT PRIMARY KEY, organization_id TEXT NOT NULL REFERENCES organizations(id));
        CREATE INDEX users_organization ON users(organization_id);
        """
    // Depends on both earlier tables existing, so it fails unless applied last.
    private let seed = """
        INSERT INTO organizations (id, name) VALUES ('org-1', 'Example');
        INSERT INTO users (id, organization_id) VALUES ('user-1', 'org-1');
        """

    private func threeMigrations() throws -> [Migration] {
        [
            try migration("0001_organizations.sql", organizations),
            try migration("0002_users.sql", users),
            try migration("0003_seed.sql", seed),
        ]
    }

    private func tableNames(_ database: any SQLDatabase) async throws -> [String] {
        let sql = database.engine == .sqlite
            ? "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name"
            : "SELECT table_name AS name FROM information_schema.tables WHERE table_schema = current_schema() ORDER BY table_name"
        return try await database.rows(sql).map { try $0.get("name") }
    }

    @Test func appliesMigrationsInVersionOrderWhateverTheListOrder() throws {
        try withTemporaryDirectory { directory in
            let database = try SQLiteDatabase(path: directory.appending(path: "a4b.sqlite").path)
            let runner = try MigrationRunner(
                database: database, migrations: try threeMigrations().reversed(), logger: LogRecorder().logger()
            )
            let applied = try runner.migrate()
            #expect(applied.map(\.version) == [1, 2, 3])
            #expect(try database.query("SELECT organization_id FROM users").first?.get("organization_id") == "org-1")
            let recorded = try database.query("SELECT version, name, checksum, applied_at FROM schema_migrations ORDER BY version")
            #expect(try recorded.map { try $0.get("version") as Int } == [1, 2, 3])
            #expect(try recorded.map { try $0.get("name") as String } == ["0001_organizations.sql", "0002_users.sql", "0003_seed.sql"])
            #expect(try recorded.map { try $0.get("checksum") as String } == (try threeMigrations()).map(\.checksum))
            // applied_at is UTC ISO 8601.
            let appliedAt: String = try recorded[0].get("applied_at")
            #expect(appliedAt.hasSuffix("Z"))
            #expect(ISO8601DateFormatter().date(from: appliedAt) != nil)
        }
    }

    @Test func secondRunAppliesNothingAndChangesNothing() throws {
        try withTemporaryDirectory { directory in
            let path = directory.appending(path: "a4b.sqlite").path
            let first = try MigrationRunner(database: try SQLiteDatabase(path: path), migrations: try threeMigrations(), logger: LogRecorder().logger())
            #expect(try first.migrate().count == 3)
            #expect(try first.migrate().isEmpty)
            // Again from a fresh process's point of view: a new connection and runner on the same file.
            let database = try SQLiteDatabase(path: path)
            let second = try MigrationRunner(database: database, migrations: try threeMigrations(), logger: LogRecorder().logger())
            #expect(try second.migrate().isEmpty)
            #expect(try database.query("SELECT count(*) AS n FROM schema_migrations").first?.get("n") == 3)
            // The seed ran once: rerunning it would have hit the primary key.
            #expect(try database.query("SELECT count(*) AS n FROM organizations").first?.get("n") == 1)
        }
    }

    @Test(arguments: DatabaseEngine.allCases) func appliesOnlyTheNewMigrationsOfALaterRelease(engine: DatabaseEngine) async throws {
        let database = try await migratedDatabase(engine, migrations: [])
        let all = try threeMigrations()
        try MigrationRunner(database: database, migrations: Array(all.prefix(1)), logger: LogRecorder().logger()).migrate()
        let applied = try MigrationRunner(database: database, migrations: all, logger: LogRecorder().logger()).migrate()
        #expect(applied.map(\.name) == ["0002_users.sql", "0003_seed.sql"])
    }

    @Test func eachAppliedMigrationIsLoggedAtInfoWithItsDuration() throws {
        let recorder = LogRecorder()
        let database = try SQLiteDatabase(path: ":memory:")
        try MigrationRunner(database: database, migrations: try threeMigrations(), logger: recorder.logger()).migrate()
        let infos = recorder.entries.filter { $0.level == .info }
        #expect(infos.map { $0.metadata["migration"]?.description } == ["0001_organizations.sql", "0002_users.sql", "0003_seed.sql"])
        for entry in infos {
            let duration = try #require(entry.metadata["duration_ms"]?.description)
            #expect(Double(duration).map { $0 >= 0 } == true)
        }
    }

    @Test(arguments: DatabaseEngine.allCases) func refusesAMigrationChangedAfterItWasApplied(engine: DatabaseEngine) async throws {
        do {
            let database = try await migratedDatabase(engine, migrations: [])
            let path = database.location
            let original = try migration("0001_organizations.sql", organizations)
            try MigrationRunner(database: database, migrations: [original], logger: LogRecorder().logger()).migrate()

            let edited = try migration("0001_organizations.sql", organizations + "\nCREATE TABLE sneaky (x INTEGER);")
            let added = try migration("0002_users.sql", users)
            let runner = try MigrationRunner(database: database, migrations: [edited, added], logger: LogRecorder().logger())
            let error = #expect(throws: StorageError.self) { try runner.migrate() }
            #expect(
                error == .migrationChanged(name: "0001_organizations.sql", path: path, appliedChecksum: original.checksum, fileChecksum: edited.checksum)
            )
            #expect(
                error?.message == "migration 0001_organizations.sql was changed after it was applied to \(path): "
                    + "applied checksum \(original.checksum), file checksum \(edited.checksum); "
                    + "restore the file and add a new migration instead"
            )
            #expect(error?.code == "migration.changed_after_apply")
            // Refused before touching anything: the pending 0002 was not applied either.
            #expect(try await tableNames(database) == ["organizations", "schema_migrations"])
        }
    }

    @Test(arguments: DatabaseEngine.allCases) func refusesADatabaseMigratedByANewerRelease(engine: DatabaseEngine) async throws {
        do {
            let database = try await migratedDatabase(engine, migrations: [])
            let path = database.location
            try MigrationRunner(database: database, migrations: try threeMigrations(), logger: LogRecorder().logger()).migrate()

            let older = try MigrationRunner(database: database, migrations: Array(try threeMigrations().prefix(1)), logger: LogRecorder().logger())
            let error = #expect(throws: StorageError.self) { try older.migrate() }
            #expect(error == .databaseNewerThanBinary(path: path, databaseVersion: 3, knownVersion: 1))
            #expect(
                error?.message == "database \(path) is at schema version 3 but this a4b-calendar only knows up to 1; "
                    + "it was migrated by a newer release, run that release or restore a backup"
            )
            #expect(try await database.rows("SELECT count(*) AS n FROM schema_migrations").first?.get("n") == 3)
        }
    }

    @Test(arguments: DatabaseEngine.allCases) func refusesADatabaseWithAnAppliedVersionThisBinaryLacks(engine: DatabaseEngine) async throws {
        let database = try await migratedDatabase(engine, migrations: [])
        try MigrationRunner(database: database, migrations: try threeMigrations(), logger: LogRecorder().logger()).migrate()
        let all = try threeMigrations()
        let withoutTwo = try MigrationRunner(database: database, migrations: [all[0], all[2]], logger: LogRecorder().logger())
        #expect(throws: StorageError.unknownMigrationApplied(path: database.location, version: 2, name: "0002_users.sql")) {
            try withoutTwo.migrate()
        }
    }

    @Test(arguments: DatabaseEngine.allCases) func aFailingMigrationRollsBackEntirely(engine: DatabaseEngine) async throws {
        do {
            let database = try await migratedDatabase(engine, migrations: [])
            let broken = try migration(
                "0002_broken.sql",
                """
                CREATE TABLE first_statement_table (x INTEGER);
                CREATE TABLEE second_statement_has_a_typo (y INTEGER);
                """
            )
            let runner = try MigrationRunner(
                database: database,
                migrations: [try migration("0001_organizations.sql", organizations), broken],
                logger: LogRecorder().logger()
            )
            let error = #expect(throws: StorageError.self) { try runner.migrate() }
            #expect(error?.code == "migration.failed")
            #expect(error?.message.contains("0002_broken.sql") == true)
            #expect(error?.message.contains("syntax error") == true)
            // 0001 committed in its own transaction; nothing of 0002 remains, not even its first statement.
            #expect(try await tableNames(database) == ["organizations", "schema_migrations"])
            #expect(try await database.rows("SELECT version FROM schema_migrations").map { try $0.get("version") as Int } == [1])
            #expect(try runner.status().pending == ["0002_broken.sql"])
        }
    }

    @Test(arguments: DatabaseEngine.allCases) func aMigrationThatCommitsOnItsOwnIsRefused(engine: DatabaseEngine) async throws {
        let database = try await migratedDatabase(engine, migrations: [])
        let committing = try migration("0001_commits.sql", "CREATE TABLE t (x INTEGER); COMMIT;")
        let runner = try MigrationRunner(database: database, migrations: [committing], logger: LogRecorder().logger())
        let error = #expect(throws: StorageError.self) { try runner.migrate() }
        #expect(error?.code == "migration.failed")
        #expect(error?.message.contains("COMMIT") == true)
        #expect(try await database.rows("SELECT version FROM schema_migrations").isEmpty)
    }

    @Test(arguments: DatabaseEngine.allCases) func embeddedMigrationsApplyAndEnforceTheirForeignKeys(engine: DatabaseEngine) async throws {
        let database = try await migratedDatabase(engine, migrations: [])
        let applied = try MigrationRunner(database: database, logger: LogRecorder().logger()).migrate()
        #expect(applied.map(\.name) == EmbeddedMigrations.all.map(\.name))
        try await database.run("INSERT INTO organizations (id, name, created_at) VALUES (?, ?, ?)", ["org-1", "Example", "2026-11-27T00:00:00Z"])
        try await database.run(
            "INSERT INTO api_keys (id, organization_id, key_hash, created_at) VALUES (?, ?, ?, ?)",
            ["key-1", "org-1", .text(sha256Hex(Array("secret".utf8))), "2026-11-27T00:00:00Z"]
        )
        let orphan = await #expect(throws: StorageError.self) {
            try await database.run(
                "INSERT INTO api_keys (id, organization_id, key_hash, created_at) VALUES (?, ?, ?, ?)",
                ["key-2", "no-such-org", "hash-2", "2026-11-27T00:00:00Z"]
            )
        }
        #expect(orphan?.code == "storage.constraint_violation")
        // ON DELETE CASCADE needs foreign_keys=ON too.
        try await database.run("DELETE FROM organizations WHERE id = ?", ["org-1"])
        #expect(try await database.rows("SELECT id FROM api_keys").isEmpty)
    }
}
