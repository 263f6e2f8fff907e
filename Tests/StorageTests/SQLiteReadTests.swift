// SQLiteReadTests: reads on the caller's thread when the connection is free, on the database's thread when it is
// not (a job holds it), and never a write.
import Foundation
import Storage
import Synchronization
import Testing

@Suite struct SQLiteReadTests {
    /// The database's own thread is named "sqlite" (StoreExecutor).
    private static func threadName() -> String { Thread.current.name ?? "" }

    private static func database(_ directory: URL) throws -> SQLiteDatabase {
        let database = try SQLiteDatabase(path: directory.appending(path: "a4b.sqlite").path)
        try database.execute("CREATE TABLE t (x INTEGER)")
        try database.execute("INSERT INTO t (x) VALUES (1), (2)")
        return database
    }

    @Test func aReadOnAFreeConnectionRunsOnTheCallersThread() async throws {
        try await withTemporaryDirectory { directory in
            let database = try Self.database(directory)
            let (count, thread) = try await database.read { reader in
                (try reader.query("SELECT COUNT(*) FROM t", []).first!.get(0, as: Int.self), Self.threadName())
            }
            #expect(count == 2)
            #expect(thread != "sqlite")
        }
    }

    @Test func aReadWhileAJobHoldsTheConnectionWaitsForItOnTheDatabasesThread() async throws {
        try await withTemporaryDirectory { directory in
            let database = try Self.database(directory)
            let release = Atomic<Bool>(false)
            // A job that holds the connection until the read has queued behind it (bounded, so a regression fails).
            let writer = Task {
                try await database.perform { database in
                    try database.transaction { db in
                        let deadline = ContinuousClock.now + .seconds(30)
                        while !release.load(ordering: .acquiring) && ContinuousClock.now < deadline { Thread.sleep(forTimeInterval: 0.002) }
                        try db.execute("INSERT INTO t (x) VALUES (3)")
                    }
                }
            }
            while database.pendingStoreCalls < 1 { try await Task.sleep(for: .milliseconds(2)) }
            let reading = Task {
                try await database.read { reader in
                    (try reader.query("SELECT COUNT(*) FROM t", []).first!.get(0, as: Int.self), Self.threadName())
                }
            }
            while database.pendingStoreCalls < 2 { try await Task.sleep(for: .milliseconds(2)) }
            release.store(true, ordering: .releasing)
            let (count, thread) = try await reading.value
            #expect(thread == "sqlite", "the read waited on a pool thread")
            #expect(count == 3, "the read ran after the job it queued behind")
            _ = try await writer.value
        }
    }

    @Test func aReadMayNotWrite() async throws {
        try await withTemporaryDirectory { directory in
            let database = try Self.database(directory)
            await #expect(throws: StorageError.self) {
                try await database.read { reader in try reader.query("DELETE FROM t RETURNING x", []) }
            }
            #expect(try database.query("SELECT COUNT(*) FROM t").first?.get(0) == 2)
        }
    }
}
