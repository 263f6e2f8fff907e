// PostgresDatabase: the shared store of several replicas, a small pool of libpq connections on threads of its own.
import CPostgreSQL
import Foundation
import Synchronization

/// ``SQLDatabase`` on PostgreSQL: `poolSize` connections, each owned by one worker thread of a ``StoreExecutor``.
///
/// - Connections open lazily and reopen by themselves: a call that finds its connection broken (the server
///   restarted, a deadline passed) opens a new one first. While the server cannot be reached, calls fail at once
///   with ``StorageError/unavailable(reason:)`` (a new connection is tried at most every ``retryInterval`` per
///   worker), so requests get a quick 503 instead of waiting, and the first call after the server is back succeeds.
/// - A statement waits at most ``statementDeadline`` for its answer.
/// - Writers serialize through an advisory lock (see ``SQLSession/transaction(_:)``); reads run side by side.
/// ```swift
/// let database = try PostgresDatabase(url: "postgres://a4b@127.0.0.1:5432/a4b?sslmode=disable", poolSize: 4)
/// ```
public final class PostgresDatabase: SQLDatabase {
    public var engine: DatabaseEngine { .postgresql }
    /// The URL without its password (``PostgresURL/redacted``).
    public let location: String
    public let poolSize: Int
    public let statementDeadline: Duration
    /// How long a worker that failed to connect fails calls at once before it tries again.
    public let retryInterval: Duration

    private let url: PostgresURL
    private let executor: StoreExecutor
    private let slots: [Slot]

    /// One worker's connection; touched only by that worker's thread.
    private final class Slot: @unchecked Sendable {
        var connection: PostgresConnection?
        var lastFailure: (at: ContinuousClock.Instant, error: StorageError)?
    }

    /// Checks `url` and starts the pool; connects nothing yet (the first call does), so a replica can start while
    /// the database is still coming up.
    ///
    /// - Throws: ``StorageError/cannotOpen(path:reason:)`` for a URL libpq cannot read.
    public init(url: String, poolSize: Int = 4, statementDeadline: Duration = .seconds(4), retryInterval: Duration = .milliseconds(100)) throws {
        self.url = try PostgresURL(url)
        self.location = self.url.redacted
        self.poolSize = max(1, poolSize)
        self.statementDeadline = statementDeadline
        self.retryInterval = retryInterval
        self.slots = (0..<self.poolSize).map { _ in Slot() }
        self.executor = StoreExecutor(name: "postgres", threads: self.poolSize)
    }

    deinit {
        executor.shutdown()
    }

    public var pendingStoreCalls: Int { executor.pendingJobs }

    public func perform<T: Sendable>(_ body: @escaping @Sendable (any SQLSession) throws -> T) async throws -> T {
        try await executor.runOnWorker { [self] worker in try withConnection(worker) { try body($0) } }
    }

    public func read<T: Sendable>(_ body: @escaping @Sendable (any SQLReader) throws -> T) async throws -> T {
        try await executor.runOnWorker { [self] worker in try withConnection(worker) { try body(ReadOnly(connection: $0)) } }
    }

    public func performBlocking<T: Sendable>(_ body: @escaping (any SQLSession) throws -> T) throws -> T {
        // The job runs on a worker while this thread waits for it, so `body` is never used on two threads at once.
        let unchecked = UncheckedBody(body: body)
        return try executor.runBlocking { [self] worker in try withConnection(worker) { try unchecked.body($0) } }
    }

    /// Runs `body` on worker `worker`'s connection, opening one when it has none or lost it.
    private func withConnection<T>(_ worker: Int, _ body: (PostgresConnection) throws -> T) throws -> T {
        let slot = slots[worker]
        if slot.connection?.isUsable != true || slot.connection?.wasClosedByServer == true {
            slot.connection = nil
            if let failure = slot.lastFailure, ContinuousClock.now - failure.at < retryInterval {
                throw failure.error
            }
            do {
                slot.connection = try PostgresConnection(keywords: url.keywords, values: url.values, deadline: statementDeadline)
                slot.lastFailure = nil
            } catch let error as StorageError {
                slot.lastFailure = (ContinuousClock.now, error)
                throw error
            }
        }
        let connection = slot.connection!
        defer { if !connection.isUsable { slot.connection = nil } }
        return try body(connection)
    }

    /// A read's session: plain SELECTs only.
    private struct ReadOnly: SQLReader {
        let connection: PostgresConnection
        func query(_ sql: String, _ bindings: [SQLValue]) throws -> [SQLRow] {
            try connection.readOnlyQuery(sql, bindings)
        }
    }

    /// A non-Sendable closure carried to a worker while its caller waits for it.
    private struct UncheckedBody<T>: @unchecked Sendable {
        let body: (any SQLSession) throws -> T
    }
}

/// A PostgreSQL connection URL as libpq reads it: `postgres://` or `postgresql://`, or a connection string
/// (`host=/var/run/postgresql dbname=a4b`), a host that is a Unix socket directory included.
public struct PostgresURL: Sendable {
    /// `PQconnectdbParams` keywords and values: the service's defaults, then the URL itself (whose settings win).
    let keywords: [String]
    let values: [String]
    /// The URL without its password, for logs and messages: `postgresql://user@host:port/db`.
    public let redacted: String

    /// Whether `text` is meant as a PostgreSQL URL (rather than, say, a file path).
    public static func looksLikePostgres(_ text: String) -> Bool {
        text.hasPrefix("postgres://") || text.hasPrefix("postgresql://")
    }

    public init(_ text: String) throws {
        var message: UnsafeMutablePointer<CChar>?
        guard let options = PQconninfoParse(text, &message) else {
            let reason = message.map { String(cString: $0).trimmingCharacters(in: .whitespacesAndNewlines) } ?? "not a connection URL"
            PQfreemem(message)
            // The text may hold a password: the message names neither it nor the URL.
            throw StorageError.cannotOpen(path: "the database URL", reason: "libpq cannot read it: \(reason)")
        }
        defer { PQconninfoFree(options) }
        var fields: [String: String] = [:]
        var option = options
        while let keyword = option.pointee.keyword {
            if let value = option.pointee.val { fields[String(cString: keyword)] = String(cString: value) }
            option += 1
        }
        let user = fields["user"].map { "\($0)@" } ?? ""
        let host = fields["host"] ?? fields["hostaddr"] ?? "localhost"
        let port = fields["port"].map { ":\($0)" } ?? ""
        let hostText = host.replacingOccurrences(of: "/", with: "%2F")  // a socket directory, as a URL writes it
        redacted = "postgresql://\(user)\(hostText)\(port)/\(fields["dbname"] ?? "")"
        // A connect that hangs must not hold a worker past a request's patience; the URL may set its own.
        keywords = ["connect_timeout", "fallback_application_name", "dbname"]
        values = ["3", "a4b-calendar", text]
    }
}
