// StatementCacheTests: a statement run again is the compiled one, reset between uses, bounded in number, and
// recompiled by SQLite itself after a schema change.
import Foundation
@testable import Storage
import Testing

@Suite struct StatementCacheTests {
    @Test func repeatedStatementsAreCompiledOnceAndResetBetweenUses() throws {
        let database = try SQLiteDatabase(path: ":memory:")
        try database.execute("CREATE TABLE t (id INTEGER PRIMARY KEY, name TEXT)")
        for id in 1...5 { try database.execute("INSERT INTO t (id, name) VALUES (?, ?)", [.integer(Int64(id)), .text("n\(id)")]) }
        let (names, growth, refused, after) = try database.transaction { db -> ([String?], Int, Bool, Int) in
            let cached = db.statements.count
            // The same text each time, with other bindings: one cached statement, and the right row each time.
            var names: [String?] = []
            for id in 1...5 { names.append(try db.query("SELECT name FROM t WHERE id = ?", [.integer(Int64(id))]).first?.get("name")) }
            let growth = db.statements.count - cached
            // A statement that failed (a missing binding) is reset: the next use of the text works.
            let refused = (try? db.query("SELECT name FROM t WHERE id = ?", [])) == nil
            return (names, growth, refused, try db.query("SELECT name FROM t WHERE id = ?", [.integer(2)]).count)
        }
        #expect(names == ["n1", "n2", "n3", "n4", "n5"])
        #expect(growth <= 1)
        #expect(refused && after == 1)
    }

    @Test func theCacheIsBoundedAndSchemaChangesAreSeen() throws {
        let database = try SQLiteDatabase(path: ":memory:")
        try database.execute("CREATE TABLE t (id INTEGER PRIMARY KEY)")
        try database.execute("INSERT INTO t (id) VALUES (1)")
        for index in 0..<(StatementCache.capacity + 50) {
            _ = try database.query("SELECT id, \(index) AS n FROM t")
        }
        #expect(try database.transaction { db in db.statements.count } <= StatementCache.capacity)
        #expect(try database.query("SELECT * FROM t").first?.values.count == 1)
        try database.execute("ALTER TABLE t ADD COLUMN name TEXT")
        #expect(try database.query("SELECT * FROM t").first?.values.count == 2, "a cached SELECT * sees the new column")
    }
}
