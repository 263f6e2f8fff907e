// SQLiteDatabaseTests: opening, connection settings, bindings, rows, transactions and concurrent use.
import CSQLite
import Foundation
import Storage
import Testing

@Suite struct SQLiteDatabaseTests {
    private struct Abort: Error, Equatable {}

    @Test func pragmasAreInEffectOnAFileDatabase() throws {
        try withTemporaryDirectory { directory in
            let database = try SQLiteDatabase(path: directory.appending(path: "a4b.sqlite").path)
            #expect(try database.query("PRAGMA journal_mode").first?.get(0) == "wal")
            #expect(try database.query("PRAGMA foreign_keys").first?.get(0) == 1)
            #expect(try database.query("PRAGMA busy_timeout").first?.get(0) == 5000)
            #expect(try database.query("PRAGMA synchronous").first?.get(0) == 2)  // 2 = FULL
        }
    }

    @Test func pragmasAreAppliedAgainOnEveryOpen() throws {
        try withTemporaryDirectory { directory in
            let path = directory.appending(path: "a4b.sqlite").path
            _ = try SQLiteDatabase(path: path)
            // foreign_keys, busy_timeout and synchronous live on the connection, not in the file.
            let reopened = try SQLiteDatabase(path: path)
            #expect(try reopened.query("PRAGMA foreign_keys").first?.get(0) == 1)
            #expect(try reopened.query("PRAGMA busy_timeout").first?.get(0) == 5000)
            #expect(try reopened.query("PRAGMA synchronous").first?.get(0) == 2)
        }
    }

    @Test func openCreatesAMissingFile() throws {
        try withTemporaryDirectory { directory in
            let path = directory.appending(path: "new.sqlite").path
            #expect(!FileManager.default.fileExists(atPath: path))
            let database = try SQLiteDatabase(path: path)
            try database.execute("CREATE TABLE t (x INTEGER)")
            #expect(FileManager.default.fileExists(atPath: path))
        }
    }

    @Test func openInAMissingDirectoryFailsWithThePath() throws {
        try withTemporaryDirectory { directory in
            let path = directory.appending(path: "no/such/dir/a4b.sqlite").path
            let error = #expect(throws: StorageError.self) { try SQLiteDatabase(path: path) }
            #expect(error?.code == "storage.cannot_open")
            #expect(error?.message.contains(path) == true)
        }
    }

    @Test func foreignKeysAreEnforced() throws {
        let database = try SQLiteDatabase(path: ":memory:")
        try database.execute("CREATE TABLE parent (id TEXT PRIMARY KEY)")
        try database.execute("CREATE TABLE child (id TEXT PRIMARY KEY, parent_id TEXT NOT NULL REFERENCES parent(id))")
        let error = #expect(throws: StorageError.self) {
            try database.execute("INSERT INTO child (id, parent_id) VALUES (?, ?)", ["c1", "missing"])
        }
        #expect(error?.code == "storage.constraint_violation")
        #expect(error?.message.contains("FOREIGN KEY") == true)
        #expect(try database.query("SELECT id FROM child").isEmpty)
    }

    @Test func bindingsRoundTripEveryKindOfValue() throws {
        let database = try SQLiteDatabase(path: ":memory:")
        try database.execute("CREATE TABLE t (id INTEGER PRIMARY KEY, value)")
        let values: [SQLValue] = [
            .text("O'Brien said \"hi\"; DROP TABLE t; --"),
            .text("Zürich, 東京, Ελλάδα, naïve café"),
            .text("👩‍💻🎉🇨🇭"),
            .text(""),
            .blob(Array(0...255)),
            .blob([0, 0, 0]),
            .blob([]),
            .integer(.max),
            .integer(.min),
            .real(-0.125),
            .null,
        ]
        for (id, value) in values.enumerated() {
            try database.execute("INSERT INTO t (id, value) VALUES (?, ?)", [.integer(Int64(id)), value])
        }
        let rows = try database.query("SELECT value FROM t ORDER BY id")
        #expect(rows.map { $0.values[0] } == values)
        // The quote-laden text was stored as a value, not run: the table is still there with all rows.
        #expect(try database.query("SELECT count(*) AS n FROM t").first?.get("n") == values.count)
        // Empty text and blob stay empty, not NULL.
        #expect(try database.query("SELECT typeof(value) AS type FROM t WHERE id IN (3, 6) ORDER BY id").map { try $0.get("type") as String } == ["text", "blob"])
    }

    @Test func bindingsAreComparedAsValuesNotSQL() throws {
        let database = try SQLiteDatabase(path: ":memory:")
        try database.execute("CREATE TABLE users (name TEXT)")
        try database.execute("INSERT INTO users (name) VALUES (?)", ["alice"])
        let injected = try database.query("SELECT name FROM users WHERE name = ?", ["x' OR '1'='1"])
        #expect(injected.isEmpty)
    }

    @Test func rowsReadByNameAndIndexWithTypedGetters() throws {
        let database = try SQLiteDatabase(path: ":memory:")
        let row = try #require(
            try database.query("SELECT 'a4b' AS name, 42 AS count, 1.5 AS ratio, NULL AS revoked, X'00FF' AS bytes, 1 AS flag").first
        )
        #expect(row.columnNames == ["name", "count", "ratio", "revoked", "bytes", "flag"])
        #expect(try row.get("name") == "a4b")
        #expect(try row.get(0, as: String.self) == "a4b")
        #expect(try row.get("count") == 42)
        #expect(try row.get("count", as: Int64.self) == 42)
        #expect(try row.get("count", as: Double.self) == 42)
        #expect(try row.get("ratio") == 1.5)
        #expect(try row.get("revoked", as: String?.self) == nil)
        #expect(try row.get("bytes") == [0x00, 0xFF] as [UInt8])
        #expect(try row.get("flag") == true)
        #expect(row["count"] == .integer(42))
        #expect(row["missing"] == nil)
    }

    @Test func typedGettersRefuseMissingColumnsAndWrongTypes() throws {
        let database = try SQLiteDatabase(path: ":memory:")
        let row = try #require(try database.query("SELECT 'text' AS name, NULL AS revoked").first)
        #expect(throws: StorageError.noSuchColumn("missing (the row has: name, revoked)")) { try row.get("missing", as: String.self) }
        #expect(throws: StorageError.noSuchColumn("#5 (the row has 2 columns)")) { try row.get(5, as: String.self) }
        #expect(throws: StorageError.typeMismatch(column: "name", expected: "Int", actual: "TEXT")) { try row.get("name", as: Int.self) }
        #expect(throws: StorageError.typeMismatch(column: "revoked", expected: "String", actual: "NULL")) {
            try row.get("revoked", as: String.self)
        }
    }

    @Test func executeReportsChangedRows() throws {
        let database = try SQLiteDatabase(path: ":memory:")
        #expect(try database.execute("CREATE TABLE t (x INTEGER)") == 0)
        #expect(try database.execute("INSERT INTO t (x) VALUES (1), (2), (3)") == 3)
        #expect(try database.execute("UPDATE t SET x = x + 10 WHERE x > ?", [1]) == 2)
        #expect(try database.execute("SELECT * FROM t") == 0)
        #expect(try database.execute("DELETE FROM t WHERE x = ?", [99]) == 0)
    }

    @Test func bindingCountMustMatchTheParameters() throws {
        let database = try SQLiteDatabase(path: ":memory:")
        try database.execute("CREATE TABLE t (a TEXT, b TEXT)")
        let tooFew = #expect(throws: StorageError.self) { try database.execute("INSERT INTO t (a, b) VALUES (?, ?)", ["only one"]) }
        #expect(tooFew?.code == "storage.invalid_statement")
        let tooMany = #expect(throws: StorageError.self) { try database.execute("INSERT INTO t (a) VALUES (?)", ["one", "two"]) }
        #expect(tooMany?.code == "storage.invalid_statement")
        #expect(try database.query("SELECT * FROM t").isEmpty)
    }

    @Test func executeRefusesMoreThanOneStatement() throws {
        let database = try SQLiteDatabase(path: ":memory:")
        let error = #expect(throws: StorageError.self) {
            try database.execute("CREATE TABLE a (x INTEGER); CREATE TABLE b (y INTEGER)")
        }
        #expect(error?.code == "storage.invalid_statement")
        #expect(try database.query("SELECT name FROM sqlite_master").isEmpty)
        // A trailing semicolon or comment is not a second statement.
        try database.execute("CREATE TABLE c (z INTEGER); -- done")
    }

    @Test func sqlErrorsCarrySQLiteMessage() throws {
        let database = try SQLiteDatabase(path: ":memory:")
        let error = #expect(throws: StorageError.self) { try database.query("SELECT * FROM no_such_table") }
        #expect(error?.code == "storage.sqlite_error")
        #expect(error?.message.contains("no such table: no_such_table") == true)
    }

    @Test func transactionCommitsWhenBodyReturns() throws {
        let database = try SQLiteDatabase(path: ":memory:")
        try database.execute("CREATE TABLE t (x INTEGER)")
        let inserted = try database.transaction { db in
            try db.execute("INSERT INTO t (x) VALUES (?)", [1]) + db.execute("INSERT INTO t (x) VALUES (?)", [2])
        }
        #expect(inserted == 2)
        #expect(try database.query("SELECT x FROM t ORDER BY x").map { try $0.get("x") as Int } == [1, 2])
    }

    @Test func transactionRollsBackAndRethrowsWhenBodyThrows() throws {
        let database = try SQLiteDatabase(path: ":memory:")
        try database.execute("CREATE TABLE t (x INTEGER)")
        #expect(throws: Abort()) {
            try database.transaction { db in
                try db.execute("INSERT INTO t (x) VALUES (?)", [1])
                try db.execute("CREATE TABLE u (y INTEGER)")
                throw Abort()
            }
        }
        #expect(try database.query("SELECT x FROM t").isEmpty)
        #expect(try database.query("SELECT name FROM sqlite_master WHERE name = 'u'").isEmpty)
        // The connection is out of the failed transaction and takes a new one.
        try database.transaction { db in try db.execute("INSERT INTO t (x) VALUES (?)", [2]) }
        #expect(try database.query("SELECT x FROM t").map { try $0.get("x") as Int } == [2])
    }

    @Test func transactionRollsBackWhenAStatementFails() throws {
        let database = try SQLiteDatabase(path: ":memory:")
        try database.execute("CREATE TABLE t (x INTEGER UNIQUE)")
        let error = #expect(throws: StorageError.self) {
            try database.transaction { db in
                try db.execute("INSERT INTO t (x) VALUES (?)", [1])
                try db.execute("INSERT INTO t (x) VALUES (?)", [1])
            }
        }
        #expect(error?.code == "storage.constraint_violation")
        #expect(try database.query("SELECT x FROM t").isEmpty)
    }

    @Test func committedDataIsDurableAndVisibleToAnotherConnection() throws {
        try withTemporaryDirectory { directory in
            let path = directory.appending(path: "a4b.sqlite").path
            let database = try SQLiteDatabase(path: path)
            try database.execute("CREATE TABLE t (x TEXT)")
            try database.transaction { db in try db.execute("INSERT INTO t (x) VALUES (?)", ["committed"]) }
            // A second, raw C connection sees the commit through the WAL file.
            #expect(FileManager.default.fileExists(atPath: path + "-wal"))
            var raw: OpaquePointer?
            #expect(sqlite3_open_v2(path, &raw, SQLITE_OPEN_READONLY, nil) == SQLITE_OK)
            defer { sqlite3_close_v2(raw) }
            var statement: OpaquePointer?
            #expect(sqlite3_prepare_v2(raw, "SELECT x FROM t", -1, &statement, nil) == SQLITE_OK)
            defer { sqlite3_finalize(statement) }
            #expect(sqlite3_step(statement) == SQLITE_ROW)
            #expect(String(cString: sqlite3_column_text(statement, 0)) == "committed")
        }
    }

    @Test func concurrentCallsFromManyTasksAreSerialized() async throws {
        try await withTemporaryDirectory { directory in
            let database = try SQLiteDatabase(path: directory.appending(path: "a4b.sqlite").path)
            try database.execute("CREATE TABLE counter (id INTEGER PRIMARY KEY, n INTEGER NOT NULL)")
            try database.execute("INSERT INTO counter (id, n) VALUES (1, 0)")
            try await withThrowingTaskGroup(of: Void.self) { group in
                for _ in 0..<8 {
                    group.addTask {
                        for _ in 0..<25 {
                            // Read-modify-write: only correct if no other task runs between the read and the write.
                            try database.transaction { db in
                                let n: Int = try #require(try db.query("SELECT n FROM counter WHERE id = 1").first).get("n")
                                try db.execute("UPDATE counter SET n = ? WHERE id = 1", [.integer(Int64(n + 1))])
                            }
                        }
                    }
                }
                try await group.waitForAll()
            }
            #expect(try database.query("SELECT n FROM counter").first?.get("n") == 200)
        }
    }
}
