// SQLiteStatement: one prepared sqlite3_stmt, from prepare through binding and stepping to finalize.
import CSQLite

/// A prepared statement: taken from the connection's ``StatementCache`` (or prepared), and when it goes out of
/// scope reset and given back to the cache (or finalized).
///
/// Noncopyable so exactly one owner gives it back. Lives only inside a ``SQLiteConnection`` call, under the
/// database's lock.
struct SQLiteStatement: ~Copyable {
    private let pointer: OpaquePointer
    private let connection: OpaquePointer
    private let cache: StatementCache?
    let sql: String

    /// The cached statement for `sql`, else a new one (see ``init(connection:sql:)``).
    init(connection: OpaquePointer, sql: String, cache: StatementCache) throws {
        if let cached = cache.take(sql) {
            self.init(adopting: cached, connection: connection, cache: cache, sql: sql)
        } else {
            try self.init(connection: connection, sql: sql, cachedIn: cache)
        }
    }

    private init(adopting pointer: OpaquePointer, connection: OpaquePointer, cache: StatementCache, sql: String) {
        self.pointer = pointer
        self.connection = connection
        self.cache = cache
        self.sql = sql
    }

    /// Prepares exactly one statement.
    ///
    /// - Throws: ``StorageError/invalidStatement(reason:sql:)`` when `sql` holds no statement or more than one
    ///   (the rest would be silently ignored otherwise); the SQLite error when it does not compile.
    init(connection: OpaquePointer, sql: String, cachedIn cache: StatementCache? = nil) throws {
        var prepared: OpaquePointer?
        var hasMore = false
        let resultCode = sql.withCString { text in
            var tail: UnsafePointer<CChar>?
            let resultCode = sqlite3_prepare_v2(connection, text, -1, &prepared, &tail)
            if resultCode == SQLITE_OK, let tail {
                hasMore = Self.holdsStatement(tail, connection: connection)
            }
            return resultCode
        }
        guard resultCode == SQLITE_OK else {
            throw StorageError(resultCode: resultCode, connection: connection, sql: sql)
        }
        guard let prepared else {
            throw StorageError.invalidStatement(reason: "no SQL statement in the text", sql: sql)
        }
        guard !hasMore else {
            sqlite3_finalize(prepared)
            throw StorageError.invalidStatement(
                reason: "more than one statement; run one at a time, or use executeScript for a migration script",
                sql: sql
            )
        }
        self.pointer = prepared
        self.connection = connection
        self.cache = cache
        self.sql = sql
    }

    deinit {
        // Reset, so the next use starts from the first row with no bindings and holds no read lock meanwhile.
        sqlite3_reset(pointer)
        sqlite3_clear_bindings(pointer)
        if let cache, cache.give(pointer, for: sql) { return }
        sqlite3_finalize(pointer)
    }

    /// Binds `values` to the statement's parameters, the first value to parameter 1.
    ///
    /// - Throws: ``StorageError/invalidStatement(reason:sql:)`` unless there is exactly one value per parameter,
    ///   so a forgotten or extra value never runs as NULL or is silently dropped.
    func bind(_ values: [SQLValue]) throws {
        let parameterCount = Int(sqlite3_bind_parameter_count(pointer))
        guard parameterCount == values.count else {
            throw StorageError.invalidStatement(
                reason: "the statement has \(parameterCount) parameter(s) but \(values.count) value(s) were bound",
                sql: sql
            )
        }
        for (offset, value) in values.enumerated() {
            let index = Int32(offset + 1)
            let resultCode: Int32
            switch value {
            case .null:
                resultCode = sqlite3_bind_null(pointer, index)
            case .integer(let integer):
                resultCode = sqlite3_bind_int64(pointer, index, integer)
            case .real(let real):
                resultCode = sqlite3_bind_double(pointer, index, real)
            case .text(var text):
                resultCode = text.withUTF8 { utf8 in
                    // A nil base address would bind NULL; an empty string must stay an empty string.
                    guard let base = utf8.baseAddress else { return sqlite3_bind_text(pointer, index, "", 0, transient) }
                    return base.withMemoryRebound(to: CChar.self, capacity: utf8.count) {
                        sqlite3_bind_text64(pointer, index, $0, UInt64(utf8.count), transient, UInt8(SQLITE_UTF8))
                    }
                }
            case .blob(let bytes):
                resultCode = bytes.withUnsafeBytes { raw in
                    // Same as text: an empty blob must not turn into NULL.
                    guard let base = raw.baseAddress else { return sqlite3_bind_zeroblob(pointer, index, 0) }
                    return sqlite3_bind_blob64(pointer, index, base, UInt64(raw.count), transient)
                }
            }
            guard resultCode == SQLITE_OK else {
                throw StorageError(resultCode: resultCode, connection: connection, sql: sql)
            }
        }
    }

    /// Runs the statement to its next row: true when a row is ready to read, false when it has finished.
    func step() throws -> Bool {
        switch sqlite3_step(pointer) {
        case SQLITE_ROW: return true
        case SQLITE_DONE: return false
        case let resultCode: throw StorageError(resultCode: resultCode, connection: connection, sql: sql)
        }
    }

    /// Whether the statement cannot change the database (`sqlite3_stmt_readonly`).
    var isReadOnly: Bool { sqlite3_stmt_readonly(pointer) != 0 }

    /// The result column names, in select order.
    func columnNames() -> [String] {
        var names: [String] = []
        for column in 0..<sqlite3_column_count(pointer) {
            names.append(sqlite3_column_name(pointer, column).map { String(cString: $0) } ?? "#\(column)")
        }
        return names
    }

    /// The current row's values; valid only after ``step()`` returned true.
    func currentValues() -> [SQLValue] {
        // A loop, not `.map(value(at:))`: Swift 6.3's move-only checker crashes on a method reference of a ~Copyable self.
        var values: [SQLValue] = []
        for column in 0..<sqlite3_column_count(pointer) {
            values.append(value(at: column))
        }
        return values
    }

    private func value(at column: Int32) -> SQLValue {
        switch sqlite3_column_type(pointer, column) {
        case SQLITE_INTEGER:
            return .integer(sqlite3_column_int64(pointer, column))
        case SQLITE_FLOAT:
            return .real(sqlite3_column_double(pointer, column))
        case SQLITE_TEXT:
            // Fetch the pointer before the length, as SQLite documents, so the length matches the UTF-8 form.
            guard let text = sqlite3_column_text(pointer, column) else { return .text("") }
            let count = Int(sqlite3_column_bytes(pointer, column))
            return .text(String(decoding: UnsafeBufferPointer(start: text, count: count), as: UTF8.self))
        case SQLITE_BLOB:
            guard let blob = sqlite3_column_blob(pointer, column) else { return .blob([]) }
            let count = Int(sqlite3_column_bytes(pointer, column))
            return .blob(Array(UnsafeRawBufferPointer(start: blob, count: count)))
        default:
            return .null
        }
    }

    /// Whether text left after the first statement holds another statement (comments and whitespace do not).
    private static func holdsStatement(_ tail: UnsafePointer<CChar>, connection: OpaquePointer) -> Bool {
        guard tail.pointee != 0 else { return false }
        var next: OpaquePointer?
        let resultCode = sqlite3_prepare_v2(connection, tail, -1, &next, nil)
        defer { sqlite3_finalize(next) }
        // Text that does not even compile is still more than nothing: refuse it rather than ignore it.
        return resultCode != SQLITE_OK || next != nil
    }
}

/// SQLITE_TRANSIENT: SQLite copies bound text and blobs, since Swift's buffers only live for the call.
private var transient: sqlite3_destructor_type {
    unsafeBitCast(-1, to: sqlite3_destructor_type.self)
}
