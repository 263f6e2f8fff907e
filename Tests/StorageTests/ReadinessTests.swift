// ReadinessTests: what the storage readiness probe reports for fresh, current and tampered databases.
import Storage
import Testing

@Suite struct ReadinessTests {
    private func migrations() throws -> [Migration] {
        [
            try migration("0001_organizations.sql", "CREATE TABLE organizations (id TEXT PRIMARY KEY);"),
            try migration("0002_users.sql", "CREATE TABLE users (id TEXT PRIMARY KEY);"),
        ]
    }

    @Test func freshDatabaseReportsPendingMigrations() async throws {
        let runner = try MigrationRunner(database: try SQLiteDatabase(path: ":memory:"), migrations: try migrations(), logger: LogRecorder().logger())
        let readiness = runner.readiness()
        #expect(readiness == Readiness(database: "ok", migrations: "2 pending"))
        #expect(!readiness.isReady)
        // The probe only reads: it must not create schema_migrations.
        #expect(try await runner.database.rows("SELECT name FROM sqlite_master").isEmpty)
    }

    @Test func partlyMigratedDatabaseReportsWhatIsLeft() throws {
        let database = try SQLiteDatabase(path: ":memory:")
        try MigrationRunner(database: database, migrations: Array(try migrations().prefix(1)), logger: LogRecorder().logger()).migrate()
        let runner = try MigrationRunner(database: database, migrations: try migrations(), logger: LogRecorder().logger())
        #expect(runner.readiness().migrations == "1 pending")
        let status = try runner.status()
        #expect(status.appliedCount == 1)
        #expect(status.pending == ["0002_users.sql"])
        #expect(status.problems.isEmpty)
    }

    @Test func migratedDatabaseIsReady() throws {
        let runner = try MigrationRunner(database: try SQLiteDatabase(path: ":memory:"), migrations: try migrations(), logger: LogRecorder().logger())
        try runner.migrate()
        #expect(runner.readiness() == Readiness(database: "ok", migrations: "ok"))
        #expect(runner.readiness().isReady)
        #expect(try runner.status().isCurrent)
    }

    @Test func changedMigrationReportsChecksumMismatch() throws {
        let database = try SQLiteDatabase(path: ":memory:")
        try MigrationRunner(database: database, migrations: try migrations(), logger: LogRecorder().logger()).migrate()
        var edited = try migrations()
        edited[0] = try migration("0001_organizations.sql", "CREATE TABLE organizations (id TEXT PRIMARY KEY, name TEXT);")
        let runner = try MigrationRunner(database: database, migrations: edited, logger: LogRecorder().logger())
        #expect(runner.readiness() == Readiness(database: "ok", migrations: "checksum mismatch: 0001_organizations.sql"))
        #expect(try runner.status().problems.map(\.code) == ["migration.changed_after_apply"])
    }

    @Test func newerDatabaseIsReportedNotReady() throws {
        let database = try SQLiteDatabase(path: ":memory:")
        try MigrationRunner(database: database, migrations: try migrations(), logger: LogRecorder().logger()).migrate()
        let older = try MigrationRunner(database: database, migrations: Array(try migrations().prefix(1)), logger: LogRecorder().logger())
        let readiness = older.readiness()
        #expect(readiness.migrations == "database at schema version 2, newer than this binary's 1")
        #expect(!readiness.isReady)
    }
}
