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
/// - running ``migrate()`` on an up-to-date database changes nothing.
/// ```swift
/// let runner = try MigrationRunner(database: db, logger: logger)
/// try runner.migrate()
/// ```
public struct MigrationRunner: Sendable {
    public let database: SQLiteDatabase
    /// The known migrations, sorted by version.
    public let migrations: [Migration]
    private let logger: Logger

    /// - Parameter migrations: defaults to the ones compiled into this binary; any order.
    /// - Throws: ``StorageError/duplicateMigrationVersion(version:names:)`` when two migrations share a version.
    public init(database: SQLiteDatabase, migrations: [Migration] = EmbeddedMigrations.all, logger: Logger) throws {
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
        try database.execute(
            """
            CREATE TABLE IF NOT EXISTS schema_migrations (
                version     INTEGER PRIMARY KEY,
                name        TEXT NOT NULL,
                checksum    TEXT NOT NULL,
                applied_at  TEXT NOT NULL
            )
            """
        )
        let status = try status()
        if let problem = status.problems.first {
            throw problem
        }
        var applied: [Migration] = []
        for migration in migrations where status.pending.contains(migration.name) {
            let started = ContinuousClock.now
            guard try apply(migration) else { continue }
            let duration = ContinuousClock.now - started
            logger.info(
                "applied migration",
                metadata: [
                    "migration": "\(migration.name)",
                    "duration_ms": "\(Self.milliseconds(duration))",
                    "database": "\(database.path)",
                ]
            )
            applied.append(migration)
        }
        if applied.isEmpty {
            logger.debug("schema is current", metadata: ["database": "\(database.path)"])
        }
        return applied
    }

    /// Compares the database's `schema_migrations` with the known migrations, changing nothing.
    ///
    /// Cheap (two small reads), so the readiness probe may call it on every request.
    /// - Throws: ``StorageError`` only when the database cannot be read.
    public func status() throws -> MigrationStatus {
        let appliedRows = try database.withConnection { db in
            let exists = try !db.query(
                "SELECT name FROM sqlite_master WHERE type = 'table' AND name = 'schema_migrations'"
            ).isEmpty
            guard exists else { return [SQLRow]() }
            return try db.query("SELECT version, name, checksum FROM schema_migrations ORDER BY version")
        }
        var appliedChecksums: [Int: String] = [:]
        var problems: [StorageError] = []
        let knownVersion = migrations.last?.version ?? 0
        let known = Dictionary(uniqueKeysWithValues: migrations.map { ($0.version, $0) })
        for row in appliedRows {
            let version: Int = try row.get("version")
            let checksum: String = try row.get("checksum")
            appliedChecksums[version] = checksum
            if let migration = known[version], migration.checksum != checksum {
                problems.append(
                    .migrationChanged(
                        name: migration.name, path: database.path, appliedChecksum: checksum, fileChecksum: migration.checksum
                    )
                )
            } else if known[version] == nil, version < knownVersion {
                problems.append(.unknownMigrationApplied(path: database.path, version: version, name: try row.get("name")))
            }
        }
        if let databaseVersion = appliedChecksums.keys.max(), databaseVersion > knownVersion {
            problems.append(.databaseNewerThanBinary(path: database.path, databaseVersion: databaseVersion, knownVersion: knownVersion))
        }
        return MigrationStatus(
            appliedCount: appliedRows.count,
            pending: migrations.filter { appliedChecksums[$0.version] == nil }.map(\.name),
            problems: problems
        )
    }

    /// Applies one migration and records it, in one transaction. Returns false when another process applied it
    /// between ``status()`` and this transaction's write lock.
    private func apply(_ migration: Migration) throws -> Bool {
        let path = database.path
        return try database.transaction { db in
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
                try db.executeScript(migration.script)
            } catch let error as StorageError {
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
