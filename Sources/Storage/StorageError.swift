// StorageError: every failure the Storage module reports, each with a stable code and an actionable message.
import CSQLite

/// A failure opening, querying or migrating the database.
///
/// `code` is stable across releases and safe to match on or show to operators; `message` is for humans and may
/// change. Messages name the SQL that failed but never a bound value, so they never carry a secret or user data.
public enum StorageError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The database file could not be opened or configured (missing directory, permissions, no WAL support).
    case cannotOpen(path: String, reason: String)
    /// SQLite rejected or failed a statement; `resultCode` is SQLite's extended result code.
    case sqlite(resultCode: Int32, message: String, sql: String)
    /// PostgreSQL rejected or failed a statement; `sqlState` is its five-character SQLSTATE code.
    case postgres(sqlState: String, message: String, sql: String)
    /// The database cannot be reached (PostgreSQL down, restarting, or not answering within the deadline); nothing
    /// was committed by the call that got this. Transient: retry later (REST and AWS answer 503 with Retry-After).
    case unavailable(reason: String)
    /// A UNIQUE, NOT NULL, CHECK, PRIMARY KEY or FOREIGN KEY constraint refused the change.
    case constraintViolation(message: String, sql: String)
    /// Another connection held the lock for longer than the busy timeout (5 s).
    case busy(message: String, sql: String)
    /// The SQL text cannot run as given: empty, several statements where one is expected, or a binding count
    /// that differs from the statement's `?` parameters.
    case invalidStatement(reason: String, sql: String)
    /// A row has no column with that name or position.
    case noSuchColumn(String)
    /// A column holds a storage class that does not convert to the requested Swift type.
    case typeMismatch(column: String, expected: String, actual: String)
    /// A compare-and-swap write found the stored state changed since the caller read it (or a row that must be
    /// new already exists); nothing was written. Read again and decide anew.
    case conflict(String)
    /// A record handed to a store breaks the store's contract (e.g. a time outside years 0000–9999, a generation
    /// that does not follow the stored one); nothing was written. A programming mistake, not a user error.
    case invalidRecord(String)

    /// A migration file name is not `NNNN_description.sql`.
    case malformedMigrationName(String)
    /// A migration file's bytes cannot run as SQL (not UTF-8, or holding a NUL byte).
    case invalidMigrationFile(name: String, reason: String)
    /// Two migration files share a version number.
    case duplicateMigrationVersion(version: Int, names: [String])
    /// An applied migration's file no longer has the bytes it had when it was applied.
    case migrationChanged(name: String, path: String, appliedChecksum: String, fileChecksum: String)
    /// The database was migrated past the newest version this binary carries.
    case databaseNewerThanBinary(path: String, databaseVersion: Int, knownVersion: Int)
    /// The database records an applied version that this binary has no file for (below its newest version).
    case unknownMigrationApplied(path: String, version: Int, name: String)
    /// A migration's SQL failed; its transaction was rolled back, so the database is as it was before it.
    case migrationFailed(name: String, path: String, reason: String)

    /// Stable, machine-readable identifier of the failure kind.
    public var code: String {
        switch self {
        case .cannotOpen: "storage.cannot_open"
        case .sqlite: "storage.sqlite_error"
        case .postgres: "storage.postgres_error"
        case .unavailable: "storage.unavailable"
        case .constraintViolation: "storage.constraint_violation"
        case .busy: "storage.busy"
        case .invalidStatement: "storage.invalid_statement"
        case .noSuchColumn: "storage.no_such_column"
        case .typeMismatch: "storage.type_mismatch"
        case .conflict: "storage.conflict"
        case .invalidRecord: "storage.invalid_record"
        case .malformedMigrationName: "migration.malformed_name"
        case .invalidMigrationFile: "migration.invalid_file"
        case .duplicateMigrationVersion: "migration.duplicate_version"
        case .migrationChanged: "migration.changed_after_apply"
        case .databaseNewerThanBinary: "migration.database_newer"
        case .unknownMigrationApplied: "migration.unknown_applied"
        case .migrationFailed: "migration.failed"
        }
    }

    /// What went wrong and, where there is one, what to do about it.
    public var message: String {
        switch self {
        case .cannotOpen(let path, let reason):
            "cannot open database \(path): \(reason)"
        case .sqlite(let resultCode, let message, let sql):
            "SQLite error \(resultCode): \(message) (in: \(Self.excerpt(sql)))"
        case .postgres(let sqlState, let message, let sql):
            "PostgreSQL error \(sqlState): \(message) (in: \(Self.excerpt(sql)))"
        case .unavailable(let reason):
            "the database is unavailable: \(reason)"
        case .constraintViolation(let message, let sql):
            "constraint violated: \(message) (in: \(Self.excerpt(sql)))"
        case .busy(let message, let sql):
            "database stayed locked past the busy timeout: \(message) (in: \(Self.excerpt(sql)))"
        case .invalidStatement(let reason, let sql):
            "invalid statement: \(reason) (in: \(Self.excerpt(sql)))"
        case .noSuchColumn(let column):
            "no such column in the row: \(column)"
        case .typeMismatch(let column, let expected, let actual):
            "column \(column) holds \(actual), which does not read as \(expected)"
        case .conflict(let reason):
            "conflicting change, nothing was written: \(reason)"
        case .invalidRecord(let reason):
            "invalid record, nothing was written: \(reason)"
        case .malformedMigrationName(let name):
            "migration file name \"\(name)\" is malformed: expected NNNN_description.sql (at least four digits, "
                + "a version above 0, then lowercase letters, digits and underscores), e.g. 0002_add_users.sql"
        case .invalidMigrationFile(let name, let reason):
            "migration \(name) cannot run: \(reason)"
        case .duplicateMigrationVersion(let version, let names):
            "migration version \(version) is used by more than one file (\(names.joined(separator: ", "))); "
                + "give each migration its own number"
        case .migrationChanged(let name, let path, let appliedChecksum, let fileChecksum):
            "migration \(name) was changed after it was applied to \(path): applied checksum \(appliedChecksum), "
                + "file checksum \(fileChecksum); restore the file and add a new migration instead"
        case .databaseNewerThanBinary(let path, let databaseVersion, let knownVersion):
            "database \(path) is at schema version \(databaseVersion) but this a4b-calendar only knows up to "
                + "\(knownVersion); it was migrated by a newer release, run that release or restore a backup"
        case .unknownMigrationApplied(let path, let version, let name):
            "database \(path) has migration \(name) (version \(version)) applied, which this a4b-calendar does "
                + "not carry; it was migrated by another build, run that build or restore a backup"
        case .migrationFailed(let name, let path, let reason):
            "migration \(name) failed and was rolled back, database \(path) is unchanged by it: \(reason)"
        }
    }

    public var description: String { message }

    /// Classifies a failed SQLite call, reading the message from the connection that failed.
    ///
    /// Must be called right after the failing call, before anything else runs on `connection`.
    init(resultCode: Int32, connection: OpaquePointer, sql: String) {
        let message = String(cString: sqlite3_errmsg(connection))
        switch resultCode & 0xFF {
        case SQLITE_CONSTRAINT: self = .constraintViolation(message: message, sql: sql)
        case SQLITE_BUSY, SQLITE_LOCKED: self = .busy(message: message, sql: sql)
        default: self = .sqlite(resultCode: resultCode, message: message, sql: sql)
        }
    }

    // Migration scripts can be long; a message needs only enough SQL to find the statement.
    private static func excerpt(_ sql: String) -> String {
        let flat = sql.split(whereSeparator: \.isNewline).joined(separator: " ")
        return flat.count <= 200 ? flat : flat.prefix(200) + "…"
    }
}
