// SQLiteConnection: the open sqlite3 handle, its per-connection settings, and the statements run on it.
import CSQLite

/// The open database as seen from inside ``SQLiteDatabase/transaction(_:)`` and ``SQLDatabase/perform(_:)``.
///
/// Lent only to a closure that runs with the database's lock held: it must not be kept past that closure, and
/// must not be used to call back into the ``SQLiteDatabase`` that lent it (the lock is not reentrant).
///
/// `@unchecked Sendable` so it can be lent to a caller's closure without tying that closure to the database's
/// protected state; the connection is opened in SQLite's serialized (FULLMUTEX) mode, so even a misuse from two
/// threads at once is memory-safe.
public final class SQLiteConnection: SQLSession, @unchecked Sendable {
    private let handle: OpaquePointer
    /// The file this connection opened, or `:memory:`.
    public let path: String
    /// Statements already compiled, by SQL text.
    let statements = StatementCache()

    /// Opens (creating if missing) the database at `path` and applies the settings every connection needs.
    ///
    /// - Throws: ``StorageError/cannotOpen(path:reason:)`` when the file cannot be opened for writing or a
    ///   setting does not take effect.
    init(path: String) throws {
        var opened: OpaquePointer?
        // FULLMUTEX: SQLiteDatabase's Mutex is what serializes work; SQLite's own (uncontended, cheap) mutex only
        // backs the Sendable claim above.
        let flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_FULLMUTEX
        let resultCode = sqlite3_open_v2(path, &opened, flags, nil)
        guard resultCode == SQLITE_OK, let handle = opened else {
            let reason = opened.map { String(cString: sqlite3_errmsg($0)) } ?? "SQLite could not allocate a connection"
            sqlite3_close_v2(opened)
            throw StorageError.cannotOpen(path: path, reason: reason)
        }
        do {
            try Self.configure(handle, path: path)
        } catch {
            sqlite3_close_v2(handle)
            let reason = (error as? StorageError)?.message ?? "\(error)"
            throw StorageError.cannotOpen(path: path, reason: reason)
        }
        self.handle = handle
        self.path = path
    }

    deinit {
        // Statements in use end with their call; the idle ones are finalized here, so the handle closes right away.
        statements.finalizeAll()
        sqlite3_close_v2(handle)
    }

    /// Runs one statement with `bindings` for its `?` parameters, discarding any rows it returns.
    ///
    /// - Returns: the number of rows the statement inserted, updated or deleted (including rows changed by
    ///   triggers it fired); 0 for statements that change no rows.
    /// - Throws: ``StorageError``; `.constraintViolation` when a constraint refuses the change.
    @discardableResult
    public func execute(_ sql: String, _ bindings: [SQLValue] = []) throws -> Int {
        let statement = try SQLiteStatement(connection: handle, sql: sql, cache: statements)
        try statement.bind(bindings)
        // sqlite3_changes would report the previous statement's count after DDL or SELECT; the delta never does.
        let before = sqlite3_total_changes64(handle)
        while try statement.step() {}
        return Int(sqlite3_total_changes64(handle) - before)
    }

    /// Runs one statement with `bindings` for its `?` parameters and returns all its rows.
    ///
    /// - Parameter readOnly: refuse a statement that could change the database.
    /// - Throws: ``StorageError``; `.invalidStatement` for a statement that writes when `readOnly` is set.
    public func query(_ sql: String, _ bindings: [SQLValue] = [], readOnly: Bool = false) throws -> [SQLRow] {
        let statement = try SQLiteStatement(connection: handle, sql: sql, cache: statements)
        guard !readOnly || statement.isReadOnly else {
            throw StorageError.invalidStatement(reason: "a read must not change the database; use perform", sql: sql)
        }
        try statement.bind(bindings)
        let columnNames = statement.columnNames()
        var rows: [SQLRow] = []
        while try statement.step() {
            rows.append(SQLRow(columnNames: columnNames, values: statement.currentValues()))
        }
        return rows
    }

    /// A read-only ``query(_:_:readOnly:)`` that never waits for a lock: where `query` would wait out the busy
    /// timeout this throws ``StorageError/busy(message:sql:)`` at once. For reads on a thread that must not block
    /// (``SQLiteDatabase/read(_:)``).
    func queryWithoutWaiting(_ sql: String, _ bindings: [SQLValue]) throws -> [SQLRow] {
        sqlite3_busy_timeout(handle, 0)
        defer { sqlite3_busy_timeout(handle, Self.busyTimeoutMilliseconds) }
        return try query(sql, bindings, readOnly: true)
    }

    /// How long a statement waits for another connection's lock before it fails as busy.
    static let busyTimeoutMilliseconds: Int32 = 5000

    /// Runs a script of several statements, such as a migration file, stopping at the first failure.
    ///
    /// Takes no bindings, so it must only ever run SQL shipped with the binary, never text holding user values.
    /// Statements that ran before a failure stay applied unless the caller's transaction rolls them back.
    ///
    /// - Throws: ``StorageError``.
    public func executeScript(_ sql: String) throws {
        var errorMessage: UnsafeMutablePointer<CChar>?
        let resultCode = sqlite3_exec(handle, sql, nil, nil, &errorMessage)
        defer { sqlite3_free(errorMessage) }
        guard resultCode == SQLITE_OK else {
            throw StorageError(resultCode: resultCode, connection: handle, sql: sql)
        }
    }

    /// Whether an explicit transaction is open on this connection.
    public var isInTransaction: Bool {
        sqlite3_get_autocommit(handle) == 0
    }

    /// Runs `body` inside `BEGIN IMMEDIATE` … `COMMIT`, rolling back and rethrowing if `body` or the commit throws.
    ///
    /// IMMEDIATE takes the write lock up front, so two writers wait on the busy timeout at BEGIN instead of one
    /// failing with SQLITE_BUSY halfway through.
    public func transaction<T>(_ body: (any SQLSession) throws -> T) throws -> T {
        try execute("BEGIN IMMEDIATE")
        do {
            let result = try body(self)
            try execute("COMMIT")
            return result
        } catch {
            // Some errors (disk full, I/O) make SQLite roll back on its own; a second ROLLBACK would fail.
            if isInTransaction {
                _ = try? execute("ROLLBACK")
            }
            throw error
        }
    }

    public func tableExists(_ name: String) throws -> Bool {
        try !query("SELECT 1 FROM sqlite_master WHERE type IN ('table', 'view') AND name = ?", [.text(name)]).isEmpty
    }

    public func query(_ sql: String, _ bindings: [SQLValue]) throws -> [SQLRow] {
        try query(sql, bindings, readOnly: false)
    }

    /// Applies the settings SQLite keeps per connection (all but journal_mode), verifying each took effect.
    private static func configure(_ handle: OpaquePointer, path: String) throws {
        // Extended codes tell a UNIQUE violation from a FOREIGN KEY one in messages and logs.
        sqlite3_extended_result_codes(handle, 1)
        if sqlite3_db_readonly(handle, "main") == 1 {
            throw StorageError.cannotOpen(path: path, reason: "the file is read-only; the service needs to write it")
        }
        // WAL: readers never block the writer. In-memory databases have no file and report "memory".
        let journalMode = try pragma(handle, "PRAGMA journal_mode=WAL")
        let inMemory = path == ":memory:" || path.isEmpty
        guard journalMode == .text("wal") || (inMemory && journalMode == .text("memory")) else {
            throw StorageError.cannotOpen(
                path: path,
                reason: "journal_mode is \(journalMode.map { "\($0)" } ?? "unset"), not WAL; "
                    + "put the database on a local file system (WAL needs shared memory)"
            )
        }
        try set(handle, "PRAGMA foreign_keys=ON", expect: "foreign_keys", .integer(1), path: path)
        try set(handle, "PRAGMA busy_timeout=\(busyTimeoutMilliseconds)", expect: "busy_timeout", .integer(Int64(busyTimeoutMilliseconds)), path: path)
        // FULL: WAL's default NORMAL can lose the last commits on power loss; links and the notification ledger
        // must not. Costs about 0.3 ms per commit.
        try set(handle, "PRAGMA synchronous=FULL", expect: "synchronous", .integer(2), path: path)
    }

    private static func set(_ handle: OpaquePointer, _ sql: String, expect name: String, _ expected: SQLValue, path: String) throws {
        let statement = try SQLiteStatement(connection: handle, sql: sql)
        while try statement.step() {}
        let actual = try pragma(handle, "PRAGMA \(name)")
        guard actual == expected else {
            throw StorageError.cannotOpen(path: path, reason: "\(sql) did not take effect (\(name) is \(actual.map { "\($0)" } ?? "unset"))")
        }
    }

    /// The first column of the first row a PRAGMA returns, if any.
    private static func pragma(_ handle: OpaquePointer, _ sql: String) throws -> SQLValue? {
        let statement = try SQLiteStatement(connection: handle, sql: sql)
        return try statement.step() ? statement.currentValues().first : nil
    }
}
