// StoreFixtures: migrated databases and sample records shared by the repository tests.
import Foundation
import Synchronization
import Testing
import Storage
import TestSupport

/// A database at `path` (default: private, in memory) migrated with the embedded migrations.
func migratedDatabase(path: String = ":memory:") throws -> SQLiteDatabase {
    let database = try SQLiteDatabase(path: path)
    try MigrationRunner(database: database, logger: LogRecorder().logger()).migrate()
    return database
}

/// A migrated database on `engine`, the store contract tests' way to run one test on both engines: SQLite in
/// memory, or PostgreSQL in a schema of its own on the test run's server (``TestPostgres``), so tests running at
/// once never see each other's rows.
/// On PostgreSQL the embedded schema comes from ``SchemaPool``: a few schemas migrated once and emptied between
/// tests (creating and migrating one per test would cost the server a core for the first seconds of the run, and
/// starve the in-process servers of other suites). Other migration lists get a new schema of their own. Blocking
/// work runs off Swift's cooperative pool.
func migratedDatabase(_ engine: DatabaseEngine, migrations: [Migration] = EmbeddedMigrations.all) async throws -> any SQLDatabase {
    if engine == .postgresql && migrations.map(\.name) == EmbeddedMigrations.all.map(\.name) {
        return try await SchemaPool.shared.lease()
    }
    if engine == .postgresql { await postgresSetups.acquire() }
    defer { if engine == .postgresql { postgresSetups.release() } }
    return try await offThePool {
        let database: any SQLDatabase
        switch engine {
        case .sqlite: database = try SQLiteDatabase(path: ":memory:")
        case .postgresql: database = try PostgresDatabase(url: try freshSchemaURL(), poolSize: 2)
        }
        try MigrationRunner(database: database, migrations: migrations, logger: LogRecorder().logger()).migrate()
        return database
    }
}

/// Migrated PostgreSQL schemas lent to one test at a time: at most ``size`` tests use PostgreSQL at once, each gets
/// its schema with every table emptied (identities restarted), and gives it back when it lets go of the database.
final class SchemaPool: Sendable {
    static let shared = SchemaPool(size: 4)

    private let slots: AsyncSemaphore
    private let idle = Mutex<[PostgresDatabase]>([])

    init(size: Int) { slots = AsyncSemaphore(width: size) }

    func lease() async throws -> any SQLDatabase {
        await slots.acquire()
        do {
            let database: PostgresDatabase
            if let kept = idle.withLock({ $0.popLast() }) {
                database = kept
            } else {
                database = try await offThePool {
                    let database = try PostgresDatabase(url: try freshSchemaURL(), poolSize: 2)
                    try MigrationRunner(database: database, logger: LogRecorder().logger()).migrate()
                    return database
                }
            }
            try await database.perform { session in
                let tables: [String] = try session.query(
                    "SELECT tablename FROM pg_tables WHERE schemaname = current_schema() AND tablename <> 'schema_migrations' ORDER BY tablename", []
                ).map { try $0.get("tablename") }
                try session.executeScript("TRUNCATE \(tables.joined(separator: ", ")) RESTART IDENTITY CASCADE")
            }
            return LeasedDatabase(database, pool: self)
        } catch {
            slots.release()
            throw error
        }
    }

    fileprivate func giveBack(_ database: PostgresDatabase) {
        idle.withLock { $0.append(database) }
        slots.release()
    }
}

/// A pooled schema for the length of one test: everything goes to the schema's database; letting go gives it back.
final class LeasedDatabase: SQLDatabase {
    private let inner: PostgresDatabase
    private let pool: SchemaPool

    fileprivate init(_ inner: PostgresDatabase, pool: SchemaPool) {
        self.inner = inner
        self.pool = pool
    }

    deinit { pool.giveBack(inner) }

    var engine: DatabaseEngine { inner.engine }
    var location: String { inner.location }
    var pendingStoreCalls: Int { inner.pendingStoreCalls }
    func perform<T: Sendable>(_ body: @escaping @Sendable (any SQLSession) throws -> T) async throws -> T { try await inner.perform(body) }
    func read<T: Sendable>(_ body: @escaping @Sendable (any SQLReader) throws -> T) async throws -> T { try await inner.read(body) }
    func performBlocking<T: Sendable>(_ body: @escaping (any SQLSession) throws -> T) throws -> T { try inner.performBlocking(body) }
}

/// At most one PostgreSQL schema is created and migrated at a time.
let postgresSetups = AsyncSemaphore(width: 1)

/// A counting semaphore for tasks: waiting suspends, never blocks a thread.
final class AsyncSemaphore: Sendable {
    private let state: Mutex<(free: Int, waiting: [CheckedContinuation<Void, Never>])>

    init(width: Int) { state = Mutex((width, [])) }

    func acquire() async {
        await withCheckedContinuation { continuation in
            let granted = state.withLock { state -> Bool in
                if state.free > 0 {
                    state.free -= 1
                    return true
                }
                state.waiting.append(continuation)
                return false
            }
            if granted { continuation.resume() }
        }
    }

    func release() {
        let next = state.withLock { state -> CheckedContinuation<Void, Never>? in
            if state.waiting.isEmpty {
                state.free += 1
                return nil
            }
            return state.waiting.removeFirst()
        }
        next?.resume()
    }
}

/// The URL of a new, empty schema on the test run's PostgreSQL server (its search path set to it). Blocks.
func freshSchemaURL() throws -> String {
    let schema = "t_" + UUID().uuidString.lowercased().replacingOccurrences(of: "-", with: "")
    let base = try TestPostgres.baseURL()
    try PostgresAdmin.database(base).performBlocking { try $0.executeScript("CREATE SCHEMA \(schema)") }
    return base + (base.contains("?") ? "&" : "?") + "options=-csearch_path%3D\(schema)"
}

/// One connection to the server's maintenance database, shared by the tests that make schemas.
enum PostgresAdmin {
    private static let shared = Mutex<PostgresDatabase?>(nil)

    static func database(_ url: String) throws -> PostgresDatabase {
        try shared.withLock { database in
            if let database { return database }
            let opened = try PostgresDatabase(url: url, poolSize: 1)
            database = opened
            return opened
        }
    }
}

extension SQLDatabase {
    /// One statement on a session of its own: test code reads and tampers with tables directly. Async, never
    /// blocking: a test blocked on PostgreSQL would hold a thread of the cooperative pool that the in-process
    /// servers of other suites need.
    func rows(_ sql: String, _ bindings: [SQLValue] = []) async throws -> [SQLRow] {
        try await perform { try $0.query(sql, bindings) }
    }

    @discardableResult
    func run(_ sql: String, _ bindings: [SQLValue] = []) async throws -> Int {
        try await perform { try $0.execute(sql, bindings) }
    }
}

/// A whole-second UTC time: `2026-11-27T03:00:00Z` plus `offset` seconds.
func time(_ offset: TimeInterval = 0) -> Date {
    Date(timeIntervalSince1970: 1_795_748_400 + offset)
}

func sampleOrganization(_ id: String, name: String? = nil) -> Organization {
    Organization(id: id, name: name ?? "Org \(id)", createdAt: time())
}

func sampleKey(_ id: String, organizationID: String, hash: String? = nil) -> APIKeyRecord {
    APIKeyRecord(id: id, organizationID: organizationID, keyHash: hash ?? sha256Hex(Array(id.utf8)), createdAt: time(), revokedAt: nil)
}

/// Creates organization `id` with one key, `<id>-key1`.
@discardableResult
func createOrganization(_ id: String, in store: SQLOrganizationStore) async throws -> Organization {
    let organization = sampleOrganization(id)
    try await store.create(organization, firstKey: sampleKey("\(id)-key1", organizationID: id))
    return organization
}

func sampleLink(_ organizationID: String, upn: String = "svc-a4b@contoso.example", generation: Int = 1) -> ExchangeLinkRecord {
    ExchangeLinkRecord(
        organizationID: organizationID, upn: upn, passwordCiphertext: [0, 1, 2, 0xFF, 0],
        ewsURL: "https://mail.contoso.example/EWS/Exchange.asmx", accessMethod: "impersonation",
        exchangeVersion: "15.1.2507.6", linkedAt: time(60), lastValidatedAt: time(120), passwordExpiresAt: time(86_400 * 90),
        status: "active", generation: generation
    )
}

func sampleAudit(
    _ organizationID: String, action: String = "link", oldUPN: String? = nil, newUPN: String? = "svc-a4b@contoso.example",
    outcome: String = "succeeded", reason: String? = nil, at offset: TimeInterval = 0
) -> LinkAuditEntry {
    LinkAuditEntry(
        organizationID: organizationID, actor: "admin", at: time(offset), action: action, oldUPN: oldUPN, newUPN: newUPN,
        outcome: outcome, reason: reason
    )
}

/// Follows a listing's cursor from the start, `limit` rows at a time, until an empty page: every id seen, in
/// order, and how many non-empty pages there were. Fails the test when a page is longer than `limit`.
func pageThrough(limit: Int, _ fetch: (_ cursor: String?, _ limit: Int) async throws -> [String]) async throws -> (ids: [String], pages: Int) {
    var seen: [String] = []
    var cursor: String?
    var pages = 0
    while true {
        let page = try await fetch(cursor, limit)
        #expect(page.count <= limit)
        if page.isEmpty { break }
        seen += page
        cursor = page.last
        pages += 1
    }
    return (seen, pages)
}
