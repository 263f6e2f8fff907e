// PostgresConnection: one libpq connection, the statements run on it with a deadline, and its transactions.
import CPostgreSQL
import Foundation

/// One open `PGconn`, used by one pool worker at a time (``PostgresDatabase``); lent to a store's closure as its
/// ``SQLSession`` and valid only inside it.
///
/// Every statement is sent with its values bound (`PQsendQueryParams`, `?` numbered to `$n`) and waited for with
/// a deadline: a server that stops answering costs the caller ``StorageError/unavailable(reason:)`` after
/// ``deadline``, never a hang, and the connection is closed (the pool opens a new one for the next call).
final class PostgresConnection: SQLSession, @unchecked Sendable {
    /// Advisory lock every writing transaction holds until it ends: writers serialize as on SQLite's single write
    /// lock, so a store's read-then-write inside ``transaction(_:)`` sees no concurrent change, across replicas.
    /// Keyed (class, hash of the schema) so that services sharing a database in separate schemas don't wait on
    /// each other.
    static let writerLock = "\(writerLockClass), hashtext(current_schema())"
    static let writerLockClass: Int32 = 0x0A4B
    /// Advisory lock (session-scoped) held while migrations run, so replicas starting together apply each once.
    static let migrationLock = "\(migrationLockClass), hashtext(current_schema())"
    static let migrationLockClass: Int32 = 0x0A4C
    /// How long a migration script may run (the statement deadline is for requests, not for schema changes).
    static let scriptDeadline: Duration = .seconds(600)

    private var handle: OpaquePointer?
    /// How long one statement may take, sending to last row, before the connection is given up.
    let deadline: Duration
    /// `?`-to-`$n` translations already made, by SQL text (a store's statements are constants).
    private var translated: [String: String] = [:]
    /// Statements prepared on this connection, by translated text and parameter types.
    private var prepared: [PreparedKey: String] = [:]

    /// Connects with `keywords`/`values` as `PQconnectdbParams` takes them (the URL expanded from `dbname`).
    ///
    /// - Throws: ``StorageError/unavailable(reason:)`` when the server cannot be reached or refuses the login.
    init(keywords: [String], values: [String], deadline: Duration) throws {
        self.deadline = deadline
        let connection = withCStrings(keywords) { keywordPointers in
            withCStrings(values) { valuePointers in PQconnectdbParams(keywordPointers, valuePointers, 1) }
        }
        guard let connection, PQstatus(connection) == CONNECTION_OK else {
            let reason = connection.map { Self.lastError($0) } ?? "libpq could not allocate a connection"
            PQfinish(connection)
            throw StorageError.unavailable(reason: reason)
        }
        self.handle = connection
        // Text results in UTF-8 and ISO dates whatever the server's defaults; times are stored as text anyway.
        try? simple("SET client_encoding = 'UTF8'")
    }

    deinit {
        PQfinish(handle)
    }

    /// False once the connection broke or a statement ran past its deadline; the pool then opens a new one.
    var isUsable: Bool {
        guard let handle else { return false }
        return PQstatus(handle) == CONNECTION_OK
    }

    /// Whether the server closed this idle connection (it restarted, or ended the session): a server going down
    /// sends its farewell, or closes the socket, so the socket is readable with nothing asked. One `poll` with no
    /// wait, no round trip. Without it, the first call on each pooled connection after a restart would fail.
    var wasClosedByServer: Bool {
        guard let handle else { return true }
        var descriptor = pollfd(fd: PQsocket(handle), events: Int16(POLLIN), revents: 0)
        // Readable while idle: the server's "terminating connection" or the socket's end (libpq may not have marked
        // the connection bad yet). The service listens for nothing unsolicited, so a reconnect is never wrong here.
        return poll(&descriptor, 1, 0) > 0
    }

    // MARK: SQLSession

    @discardableResult
    func execute(_ sql: String, _ bindings: [SQLValue]) throws -> Int {
        // Outside a transaction a write still takes the writer lock, as every SQLite write takes the file's.
        guard isInTransaction else {
            return try transaction { session in try session.execute(sql, bindings) }
        }
        let result = try run(sql, bindings)
        defer { PQclear(result) }
        return Int(String(cString: PQcmdTuples(result))) ?? 0
    }

    func query(_ sql: String, _ bindings: [SQLValue]) throws -> [SQLRow] {
        let result = try run(sql, bindings)
        defer { PQclear(result) }
        return Self.rows(of: result)
    }

    /// A query that must not change anything: refused unless it is a plain `SELECT` (checked on the text, so the
    /// guard costs no round trip; the store's SQL is constant, so a mistake shows on the first test run).
    func readOnlyQuery(_ sql: String, _ bindings: [SQLValue]) throws -> [SQLRow] {
        guard PostgresPlaceholders.isPlainSelect(sql) else {
            throw StorageError.invalidStatement(reason: "a read must not change the database; use perform", sql: sql)
        }
        return try query(sql, bindings)
    }

    func transaction<T>(_ body: (any SQLSession) throws -> T) throws -> T {
        guard !isInTransaction else {
            throw StorageError.invalidStatement(reason: "a transaction is already open on this session", sql: "BEGIN")
        }
        try simple("BEGIN; SELECT pg_advisory_xact_lock(\(Self.writerLock))")
        do {
            let value = try body(self)
            try simple("COMMIT")
            return value
        } catch {
            if isUsable, isInTransaction { try? simple("ROLLBACK") }
            throw error
        }
    }

    func executeScript(_ sql: String) throws {
        try simple(sql, deadline: Self.scriptDeadline)
    }

    var isInTransaction: Bool {
        guard let handle else { return false }
        let status = PQtransactionStatus(handle)
        return status == PQTRANS_INTRANS || status == PQTRANS_INERROR || status == PQTRANS_ACTIVE
    }

    func tableExists(_ name: String) throws -> Bool {
        let rows = try query("SELECT to_regclass(?) IS NOT NULL AS present", [.text(name)])
        return try rows.first?.get("present", as: Bool.self) ?? false
    }

    // MARK: Running statements

    /// Text with no bindings, possibly several statements (the simple-query protocol): migrations, BEGIN, COMMIT.
    func simple(_ sql: String, deadline: Duration? = nil) throws {
        let handle = try liveHandle(sql: sql)
        guard PQsendQuery(handle, sql) == 1 else { throw fail(sql: sql) }
        // Every result must be read; the first error is the one to report, the rest only drain.
        var firstError: StorageError?
        try awaitResults(handle, sql: sql, deadline: deadline ?? self.deadline) { result in
            if firstError == nil, let error = Self.error(of: result, sql: sql) { firstError = error }
        }
        if let firstError { throw firstError }
    }

    /// One parameterized statement; the caller clears the result.
    private func run(_ sql: String, _ bindings: [SQLValue]) throws -> OpaquePointer {
        let handle = try liveHandle(sql: sql)
        let text = try translation(of: sql, bindings: bindings.count)
        let parameters = PostgresParameters(bindings)
        let name = try preparedName(for: text, sql: sql, parameters: parameters, handle: handle)
        let sent = parameters.withPointers { types, values, lengths, formats in
            if let name {
                PQsendQueryPrepared(handle, name, Int32(bindings.count), values, lengths, formats, 0)
            } else {
                PQsendQueryParams(handle, text, Int32(bindings.count), types, values, lengths, formats, 0)
            }
        }
        guard sent == 1 else { throw fail(sql: sql) }
        var last: OpaquePointer?
        do {
            try awaitResults(handle, sql: sql, deadline: deadline) { result in
                // One statement gives one result; keep it, clearing any earlier one (there is none in practice).
                if let last { PQclear(last) }
                last = result
            }
        } catch {
            if let last { PQclear(last) }
            throw error
        }
        guard let result = last else {
            throw StorageError.postgres(sqlState: "XX000", message: "the server sent no result", sql: sql)
        }
        if let error = Self.error(of: result, sql: sql) {
            PQclear(result)
            throw error
        }
        return result
    }

    /// The name of this connection's prepared statement for `text` with these parameter types, preparing it on first
    /// use (one round trip, once): the server then parses and plans a store's constant SQL once per connection, not
    /// on every call. Nil past ``maximumPrepared`` statements (text built per request, e.g. searches): sent unnamed.
    private func preparedName(for text: String, sql: String, parameters: PostgresParameters, handle: OpaquePointer) throws -> String? {
        let key = PreparedKey(text: text, types: parameters.types)
        if let name = prepared[key] { return name }
        guard prepared.count < Self.maximumPrepared else { return nil }
        let name = "a4b_\(prepared.count + 1)"
        let sent = parameters.types.withUnsafeBufferPointer { types in
            PQsendPrepare(handle, name, text, Int32(types.count), types.baseAddress)
        }
        guard sent == 1 else { throw fail(sql: sql) }
        var failure: StorageError?
        try awaitResults(handle, sql: sql, deadline: deadline) { result in
            if failure == nil { failure = Self.error(of: result, sql: sql) }
            PQclear(result)
        }
        if let failure { throw failure }
        prepared[key] = name
        return name
    }

    /// Prepared statements one connection keeps; each costs the server a little memory for the session's life.
    static let maximumPrepared = 256

    private struct PreparedKey: Hashable {
        let text: String
        /// A statement is prepared with its parameters' types; a NULL goes untyped, so the same SQL may need two.
        let types: [Oid]
    }

    private func translation(of sql: String, bindings: Int) throws -> String {
        if let known = translated[sql] {
            return known
        }
        let (text, count) = PostgresPlaceholders.numbered(sql)
        guard count == bindings else {
            throw StorageError.invalidStatement(
                reason: "the statement has \(count) parameter(s) but \(bindings) value(s) were bound", sql: sql)
        }
        if translated.count < 512 { translated[sql] = text }
        return text
    }

    /// Reads results until libpq has none left, waiting for the socket at most until the deadline. Hands each
    /// result to `each`, which owns it (and must clear it unless it keeps it).
    private func awaitResults(_ handle: OpaquePointer, sql: String, deadline: Duration, _ each: (OpaquePointer) -> Void) throws {
        let giveUp = ContinuousClock.now.advanced(by: deadline)
        while true {
            while PQisBusy(handle) == 1 {
                let left = giveUp - ContinuousClock.now
                guard left > .zero else {
                    abandon()
                    throw StorageError.unavailable(reason: "PostgreSQL did not answer within \(deadline) (in: \(sql.prefix(80)))")
                }
                var descriptor = pollfd(fd: PQsocket(handle), events: Int16(POLLIN), revents: 0)
                let milliseconds = Int32(clamping: left.components.seconds * 1000 + left.components.attoseconds / 1_000_000_000_000_000 + 1)
                let ready = poll(&descriptor, 1, milliseconds)
                if ready < 0 && errno != EINTR { throw fail(sql: sql) }
                if ready > 0 && PQconsumeInput(handle) == 0 { throw fail(sql: sql) }
            }
            guard let result = PQgetResult(handle) else { return }
            each(result)
            if PQstatus(handle) != CONNECTION_OK { throw fail(sql: sql) }
        }
    }

    private func liveHandle(sql: String) throws -> OpaquePointer {
        guard let handle, PQstatus(handle) == CONNECTION_OK else {
            throw StorageError.unavailable(reason: "the connection to PostgreSQL was lost")
        }
        return handle
    }

    /// The connection's own error, as the error to throw; a broken connection is closed so nobody reuses it.
    private func fail(sql: String) -> StorageError {
        guard let handle else { return .unavailable(reason: "the connection to PostgreSQL was lost") }
        let reason = Self.lastError(handle)
        if PQstatus(handle) != CONNECTION_OK {
            abandon()
            return .unavailable(reason: reason)
        }
        return .postgres(sqlState: "08000", message: reason, sql: sql)
    }

    /// Closes the connection after a deadline or a break: its state (an open transaction, a half-read result) is
    /// unknown, and the server rolls back whatever it had not committed.
    private func abandon() {
        PQfinish(handle)
        handle = nil
    }

    // MARK: Results and errors

    private static func error(of result: OpaquePointer, sql: String) -> StorageError? {
        switch PQresultStatus(result) {
        case PGRES_COMMAND_OK, PGRES_TUPLES_OK, PGRES_EMPTY_QUERY, PGRES_COPY_OUT, PGRES_COPY_IN:
            return nil
        default:
            let sqlState = field(result, "C") ?? "XX000"
            var message = field(result, "M") ?? String(cString: PQresultErrorMessage(result))
            if let constraint = field(result, "n") { message += " (constraint \(constraint))" }
            return classify(sqlState: sqlState, message: message, sql: sql)
        }
    }

    /// SQLSTATE classes as the stores and front-ends need them: constraints, lock waits, and outages.
    static func classify(sqlState: String, message: String, sql: String) -> StorageError {
        switch sqlState {
        case let state where state.hasPrefix("23"):
            return .constraintViolation(message: message, sql: sql)
        case "40001", "40P01", "55P03":
            return .busy(message: message, sql: sql)
        case let state where state.hasPrefix("08") || state.hasPrefix("57P") || state == "53300":
            // Connection exceptions, the server shutting down or starting, too many connections.
            return .unavailable(reason: message)
        default:
            return .postgres(sqlState: sqlState, message: message, sql: sql)
        }
    }

    /// A diagnostic field by its code letter (libpq's PG_DIAG_* macros, which Swift does not import).
    private static func field(_ result: OpaquePointer, _ code: Unicode.Scalar) -> String? {
        PQresultErrorField(result, Int32(code.value)).map { String(cString: $0) }
    }

    private static func lastError(_ handle: OpaquePointer) -> String {
        String(cString: PQerrorMessage(handle)).trimmingCharacters(in: .whitespacesAndNewlines)
    }

    private static func rows(of result: OpaquePointer) -> [SQLRow] {
        let columns = PQnfields(result)
        let names = (0..<columns).map { String(cString: PQfname(result, $0)) }
        let types = (0..<columns).map { PQftype(result, $0) }
        return (0..<PQntuples(result)).map { row in
            SQLRow(columnNames: names, values: (0..<columns).map { column in
                guard PQgetisnull(result, row, column) == 0 else { return .null }
                let bytes = UnsafeRawBufferPointer(start: PQgetvalue(result, row, column), count: Int(PQgetlength(result, row, column)))
                return PostgresValues.decode(bytes, type: types[Int(column)])
            })
        }
    }
}

/// Runs `body` with `strings` as a NUL-terminated array of C strings (the array itself ends with NULL).
private func withCStrings<R>(_ strings: [String], _ body: (UnsafePointer<UnsafePointer<CChar>?>) -> R) -> R {
    let duplicates = strings.map { strdup($0) }
    defer { duplicates.forEach { free($0) } }
    let pointers = duplicates.map { UnsafePointer($0) } + [nil]
    return pointers.withUnsafeBufferPointer { body($0.baseAddress!) }
}
