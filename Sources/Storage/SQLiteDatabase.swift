// SQLiteDatabase: the service's shared handle on its SQLite file, usable from any thread or task.
import Synchronization

/// One SQLite connection behind a `Mutex`: every call runs alone, in the order callers acquire the lock.
///
/// Opening applies `journal_mode=WAL`, `foreign_keys=ON`, `busy_timeout=5000` and `synchronous=FULL` and checks
/// that each took effect. Values reach SQL only through bindings:
/// ```swift
/// let db = try SQLiteDatabase(path: "/var/lib/a4b/a4b.sqlite")
/// try db.execute("INSERT INTO organizations (id, name, created_at) VALUES (?, ?, ?)", [.text(id), .text(name), .text(now)])
/// let rows = try db.query("SELECT name FROM organizations WHERE id = ?", [.text(id)])
/// ```
/// These calls block the calling thread for the duration of the statement (SQLite is synchronous); a statement
/// waiting on another process's write lock waits up to the 5 s busy timeout. From async code (stores, handlers)
/// go through ``perform(_:)``, which runs the work on the database's own thread instead of the cooperative pool.
public final class SQLiteDatabase: SQLDatabase {
    /// The file path given at open, or `:memory:`; used in error messages and migration refusals.
    public let path: String
    private let connection: Mutex<SQLiteConnection>
    private let executor: StoreExecutor

    /// Opens the database at `path`, creating the file if it is missing (its directory must exist).
    ///
    /// Pass `:memory:` for a private in-memory database, gone when this object is.
    /// - Throws: ``StorageError/cannotOpen(path:reason:)``.
    public init(path: String) throws {
        self.connection = Mutex(try SQLiteConnection(path: path))
        self.path = path
        self.executor = StoreExecutor(name: "sqlite")
    }

    deinit {
        executor.shutdown()
    }

    public var engine: DatabaseEngine { .sqlite }
    public var location: String { path }

    /// Calls submitted through ``perform(_:)`` and not finished (waiting or running).
    public var pendingStoreCalls: Int { executor.pendingJobs }

    /// Runs `body` on this database's dedicated thread, with the connection to itself, and returns its result: the
    /// way async code reaches SQLite without blocking a thread of Swift's cooperative pool. `body` must not await.
    public func perform<T: Sendable>(_ body: @escaping @Sendable (any SQLSession) throws -> T) async throws -> T {
        try await executor.run { [self] in try connection.withLock { try body($0) } }
    }

    /// ``perform(_:)`` on the calling thread, for start-up and tools.
    public func performBlocking<T: Sendable>(_ body: @escaping (any SQLSession) throws -> T) throws -> T {
        try connection.withLock { try body($0) }
    }

    /// Runs the reads in `body` and returns its result: on the calling thread when the connection is free, since a
    /// read takes microseconds and the hop to the database's thread and back costs two thread wake-ups (most of a
    /// request's CPU on a small machine); through ``perform(_:)`` otherwise. A read on the calling thread never waits:
    /// when the connection is taken, jobs are queued, or SQLite would wait for a lock, `body` runs again on the
    /// database's thread, where waiting is harmless. So `body` may run twice, and it may only read: its statements
    /// must be read-only (``StorageError/invalidStatement(reason:sql:)`` otherwise).
    public func read<T: Sendable>(_ body: @escaping @Sendable (any SQLReader) throws -> T) async throws -> T {
        if executor.pendingJobs == 0 {
            do {
                return try body(Reader(database: self, onCallersThread: true))
            } catch is WouldWait {}
        }
        return try await executor.run { [self] in try body(Reader(database: self, onCallersThread: false)) }
    }

    /// Runs one statement with `bindings` for its `?` parameters (one value per parameter, in order).
    ///
    /// - Returns: the number of rows inserted, updated or deleted.
    /// - Throws: ``StorageError``; `.invalidStatement` for more or fewer bindings than parameters, or for text
    ///   holding more than one statement.
    @discardableResult
    public func execute(_ sql: String, _ bindings: [SQLValue] = []) throws -> Int {
        try connection.withLock { try $0.execute(sql, bindings) }
    }

    /// Runs one statement with `bindings` for its `?` parameters and returns all its rows.
    ///
    /// - Throws: ``StorageError``.
    public func query(_ sql: String, _ bindings: [SQLValue] = []) throws -> [SQLRow] {
        try connection.withLock { try $0.query(sql, bindings) }
    }

    /// ``query(_:_:)`` for read-only statements only.
    func readOnlyQuery(_ sql: String, _ bindings: [SQLValue]) throws -> [SQLRow] {
        try connection.withLock { try $0.query(sql, bindings, readOnly: true) }
    }

    /// A read-only query that waits for nothing: ``WouldWait`` when another thread holds the connection or SQLite
    /// would wait for a lock.
    func queryWithoutWaiting(_ sql: String, _ bindings: [SQLValue]) throws -> [SQLRow] {
        let rows: [SQLRow]?
        do {
            rows = try connection.withLockIfAvailable { try $0.queryWithoutWaiting(sql, bindings) }
        } catch StorageError.busy {
            throw WouldWait()
        }
        guard let rows else { throw WouldWait() }
        return rows
    }

    /// A read on the caller's thread gave up rather than wait; ``read(_:)`` runs it on the database's thread.
    struct WouldWait: Error {}

    /// Runs a multi-statement script through `sqlite3_exec`. For SQL shipped with the binary (migrations) only:
    /// it takes no bindings, so it must never see text built from user values.
    ///
    /// - Throws: ``StorageError`` from the first statement that fails; earlier statements stay applied.
    public func executeScript(_ sql: String) throws {
        try connection.withLock { try $0.executeScript(sql) }
    }

    /// Runs `body` in one transaction: `BEGIN IMMEDIATE`, then `COMMIT` if it returns, `ROLLBACK` if it throws.
    ///
    /// `body` gets the connection itself and must do all its work through it: calling this `SQLiteDatabase`
    /// from inside `body` deadlocks, since the lock is held for the whole transaction. Errors thrown by `body`
    /// are rethrown unchanged after the rollback.
    /// ```swift
    /// try db.transaction { db in
    ///     try db.execute("INSERT INTO organizations (id, name, created_at) VALUES (?, ?, ?)", [...])
    ///     try db.execute("INSERT INTO api_keys (id, organization_id, key_hash, created_at) VALUES (?, ?, ?, ?)", [...])
    /// }
    /// ```
    @discardableResult
    public func transaction<T: Sendable>(_ body: (SQLiteConnection) throws -> T) throws -> T {
        try connection.withLock { connection in try connection.transaction { _ in try body(connection) } }
    }
}

/// The reader a ``SQLiteDatabase/read(_:)`` body gets: on the caller's thread it gives up rather than wait
/// (``SQLiteDatabase/WouldWait``); on the database's thread it may wait out the busy timeout. Read-only either way.
private struct Reader: SQLReader {
    let database: SQLiteDatabase
    let onCallersThread: Bool

    func query(_ sql: String, _ bindings: [SQLValue]) throws -> [SQLRow] {
        onCallersThread ? try database.queryWithoutWaiting(sql, bindings) : try database.readOnlyQuery(sql, bindings)
    }
}
