// MigrationRunner: applies pending migrations in version order and refuses databases this binary must not touch.
import Foundation
import Logging

/// Brings a database's schema up to date with a list of migrations, recording each in `schema_migrations`.
///
/// Contract:
/// - migrations apply in ascending version order, each in its own transaction together with its
///   `schema_migrations` row, so a failing migration leaves no trace and earlier ones stay applied;
/// - an applied migration is never applied again, and its recorded checksum must match the file's;
/// - a database carrying a version this binary does not know is refused, never modified;
/// - running ``migrate()`` on an up-to-date database changes nothing;
/// - on PostgreSQL, where replicas may start together on one empty database, the whole run holds an advisory lock,
///   so each migration is applied once; files are turned into each engine's text by ``MigrationDialect``.
/// ```swift
/// let runner = try MigrationRunner(database: db, logger: logger)
/// try runner.migrate()
/// ```
public struct MigrationRunner: Sendable {
    public let database: any SQLDatabase
    /// The known migrations, sorted by version.
    public let migrations: [Migration]
    private let logger: Logger

    /// - Parameter migrations: defaults to the ones compiled into this binary; any order.
    /// - Throws: ``StorageError/duplicateMigrationVersion(version:names:)`` when two migrations share a version.
    public init(database: any SQLDatabase, migrations: [Migration] = EmbeddedMigrations.all, logger: Logger) throws {
        self.database = database
        self.migrations = try Migration.ordered(migrations)
        self.logger = logger
    }

    /// Applies every pending migration, logging each at info with its duration.
    ///
    /// - Returns: the migrations applied by this call, in order; empty when the schema was already current.
    /// - Throws: before changing anything, the first of ``MigrationStatus/problems``
    ///   (``StorageError/migrationChanged(name:path:appliedChecksum:fileChecksum:)``,
    ///   ``StorageError/databaseNewerThanBinary(path:databaseVersion:knownVersion:)``,
    ///   ``StorageError/unknownMigrationApplied(path:version:name:)``);
    ///   ``StorageError/migrationFailed(name:path:reason:)`` when a migration's SQL fails, after rolling it back
    ///   (migrations applied before it in this call stay applied).
    @discardableResult
    public func migrate() throws -> [Migration] {
        try database.performBlocking { session in
            try holdingMigrationLock(session) { try migrate(session) }
        }
    }

    private func migrate(_ session: any SQLSession) throws -> [Migration] {
        try session.execute(MigrationDialect.script(Self.createTable, for: database.engine))
        let status = try status(session)
        if let problem = status.problems.first {
            throw problem
        }
        var applied: [Migration] = []
        for migration in migrations where status.pending.contains(migration.name) {
            let started = ContinuousClock.now
            guard try apply(migration, session) else { continue }
            let duration = ContinuousClock.now - started
            logger.info(
                "applied migration",
                metadata: [
                    "migration": "\(migration.name)",
                    "duration_ms": "\(Self.milliseconds(duration))",
                    "database": "\(database.location)",
                ]
            )
            applied.append(migration)
        }
        if applied.isEmpty {
            logger.debug("schema is current", metadata: ["database": "\(database.location)"])
        }
        return applied
    }

    private static let createTable = """
        CREATE TABLE IF NOT EXISTS schema_migrations (
            version     BIGINT NOT NULL PRIMARY KEY,
            name        TEXT NOT NULL,
            checksum    TEXT NOT NULL,
            applied_at  TEXT NOT NULL
        )
        """

    /// On PostgreSQL, a session-scoped advisory lock for the whole run: a second replica waits, then finds the
    /// migrations applied. (SQLite needs none: each migration's `BEGIN IMMEDIATE` re-checks its record.) The server
    /// releases the lock by itself if this connection dies. Taken by polling, so that waiting out another replica's
    /// long migration is not cut by the per-statement deadline.
    private func holdingMigrationLock<T>(_ session: any SQLSession, _ body: () throws -> T) throws -> T {
        guard database.engine == .postgresql else { return try body() }
        let lock = PostgresConnection.migrationLock
        let giveUp = ContinuousClock.now + .seconds(600)
        var logged = false
        while try !session.query("SELECT pg_try_advisory_lock(\(lock)) AS locked", []).first!.get("locked", as: Bool.self) {
            guard ContinuousClock.now < giveUp else {
                throw StorageError.unavailable(reason: "another replica has held the migration lock for 10 minutes")
            }
            if !logged {
                logger.info("waiting for another replica to finish migrating", metadata: ["database": "\(database.location)"])
                logged = true
            }
            Thread.sleep(forTimeInterval: 0.05)
        }
        defer { _ = try? session.query("SELECT pg_advisory_unlock(\(lock)) AS unlocked", []) }
        return try body()
    }

    /// Compares the database's `schema_migrations` with the known migrations, changing nothing.
    ///
    /// Cheap (two small reads), so the readiness probe may call it on every request.
    /// - Throws: ``StorageError`` only when the database cannot be read.
    public func status() throws -> MigrationStatus {
        try database.performBlocking { try status($0) }
    }

    func status(_ session: any SQLSession) throws -> MigrationStatus {
        let appliedRows = try session.tableExists("schema_migrations")
            ? try session.query("SELECT version, name, checksum FROM schema_migrations ORDER BY version")
            : []
        var appliedChecksums: [Int: String] = [:]
        var problems: [StorageError] = []
        let knownVersion = migrations.last?.version ?? 0
        let known = Dictionary(uniqueKeysWithValues: migrations.map { ($0.version, $0) })
        let path = database.location
        for row in appliedRows {
            let version: Int = try row.get("version")
            let checksum: String = try row.get("checksum")
            appliedChecksums[version] = checksum
            if let migration = known[version], migration.checksum != checksum {
                problems.append(
                    .migrationChanged(name: migration.name, path: path, appliedChecksum: checksum, fileChecksum: migration.checksum)
                )
            } else if known[version] == nil, version < knownVersion {
                problems.append(.unknownMigrationApplied(path: path, version: version, name: try row.get("name")))
            }
        }
        if let databaseVersion = appliedChecksums.keys.max(), databaseVersion > knownVersion {
            problems.append(.databaseNewerThanBinary(path: path, databaseVersion: databaseVersion, knownVersion: knownVersion))
        }
        return MigrationStatus(
            appliedCount: appliedRows.count,
            pending: migrations.filter { appliedChecksums[$0.version] == nil }.map(\.name),
            problems: problems
        )
    }

    /// Applies one migration and records it, in one transaction. Returns false when another process applied it
    /// between ``status()`` and this transaction's write lock.
    private func apply(_ migration: Migration, _ session: any SQLSession) throws -> Bool {
        let path = database.location
        let script = MigrationDialect.script(migration.script, for: database.engine)
        return try session.transaction { db in
            let recorded = try db.query("SELECT checksum FROM schema_migrations WHERE version = ?", [.integer(Int64(migration.version))])
            if let row = recorded.first {
                let checksum: String = try row.get("checksum")
                guard checksum == migration.checksum else {
                    throw StorageError.migrationChanged(
                        name: migration.name, path: path, appliedChecksum: checksum, fileChecksum: migration.checksum
                    )
                }
                return false
            }
            do {
                try db.executeScript(script)
            } catch let error as StorageError {
                if case .unavailable = error { throw error }
                throw StorageError.migrationFailed(name: migration.name, path: path, reason: error.message)
            }
            // A COMMIT inside the file would have made its statements permanent on their own, outside our record.
            guard db.isInTransaction else {
                throw StorageError.migrationFailed(
                    name: migration.name,
                    path: path,
                    reason: "the file ends the runner's transaction itself (COMMIT, END or ROLLBACK); remove those "
                        + "statements, each migration already runs in its own transaction"
                )
            }
            try db.execute(
                "INSERT INTO schema_migrations (version, name, checksum, applied_at) VALUES (?, ?, ?, ?)",
                [.integer(Int64(migration.version)), .text(migration.name), .text(migration.checksum), .text(Date.now.ISO8601Format())]
            )
            return true
        }
    }

    private static func milliseconds(_ duration: Duration) -> String {
        let (seconds, attoseconds) = duration.components
        let milliseconds = Double(seconds) * 1_000 + Double(attoseconds) / 1e15
        return String(format: "%.1f", milliseconds)
    }
}
