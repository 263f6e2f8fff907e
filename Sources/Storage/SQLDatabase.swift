// SQLDatabase: what stores run SQL through, the same on SQLite (the embedded default) and PostgreSQL (shared by
// replicas). Stores hold `any SQLDatabase`; the engine behind it is chosen once, at start-up.

/// Which engine a database runs on; the few places that must differ (migration dialect, table lookup) ask this.
public enum DatabaseEngine: String, Sendable, CaseIterable {
    case sqlite
    case postgresql
}

/// A database the service's stores use, from any task.
///
/// SQL is written once, in the subset both engines accept, with `?` parameters (PostgreSQL's `$n` are numbered
/// for it). Values reach SQL only as bindings. Blocking work never runs on Swift's cooperative pool: each
/// implementation runs it on threads of its own.
public protocol SQLDatabase: AnyObject, Sendable {
    var engine: DatabaseEngine { get }
    /// Where the data lives, for messages and logs: the SQLite file path, or the PostgreSQL URL without its password.
    var location: String { get }
    /// Store calls submitted and not finished (waiting or running), for readiness figures and tests.
    var pendingStoreCalls: Int { get }

    /// Runs `body` with a session of its own (one connection, statements in order) and returns its result. `body`
    /// must not await; it may open one transaction through ``SQLSession/transaction(_:)``.
    func perform<T: Sendable>(_ body: @escaping @Sendable (any SQLSession) throws -> T) async throws -> T

    /// Runs the reads in `body`: statements that change nothing (a statement that writes is refused). `body` may
    /// run twice (SQLite retries a read that would have waited on its own thread), so it must only read.
    func read<T: Sendable>(_ body: @escaping @Sendable (any SQLReader) throws -> T) async throws -> T

    /// ``perform(_:)`` for synchronous callers that may block their thread: start-up (migrations) and tools.
    func performBlocking<T: Sendable>(_ body: @escaping (any SQLSession) throws -> T) throws -> T
}

/// Read-only statements: what a ``SQLDatabase/read(_:)`` body gets.
public protocol SQLReader {
    /// Runs one read-only statement with `bindings` for its `?` parameters and returns all its rows.
    func query(_ sql: String, _ bindings: [SQLValue]) throws -> [SQLRow]
}

/// One connection, lent to a ``SQLDatabase/perform(_:)`` body: valid only inside that body.
public protocol SQLSession: SQLReader {
    /// Runs one statement with `bindings` for its `?` parameters, discarding any rows it returns.
    ///
    /// - Returns: the number of rows inserted, updated or deleted.
    /// - Throws: ``StorageError``; `.constraintViolation` when a constraint refuses the change.
    @discardableResult
    func execute(_ sql: String, _ bindings: [SQLValue]) throws -> Int

    /// Runs `body` in one transaction that serializes with every other writer (SQLite's `BEGIN IMMEDIATE`; on
    /// PostgreSQL the same effect through a transaction-scoped advisory lock): `COMMIT` if it returns, `ROLLBACK` if
    /// it throws, rethrowing unchanged. Reads inside see one state and nobody writes between them and the commit.
    func transaction<T>(_ body: (any SQLSession) throws -> T) throws -> T

    /// Runs a script of several statements (a migration file). No bindings: only for SQL shipped with the binary.
    func executeScript(_ sql: String) throws

    /// Whether a transaction is open on this session (a migration that ends it itself is refused).
    var isInTransaction: Bool { get }

    /// Whether a table (or view) named `name` exists where this session looks (PostgreSQL: its search path).
    func tableExists(_ name: String) throws -> Bool
}

extension SQLReader {
    /// ``query(_:_:)`` with no bindings.
    public func query(_ sql: String) throws -> [SQLRow] { try query(sql, []) }
}

extension SQLSession {
    /// ``execute(_:_:)`` with no bindings.
    @discardableResult
    public func execute(_ sql: String) throws -> Int { try execute(sql, []) }
}
