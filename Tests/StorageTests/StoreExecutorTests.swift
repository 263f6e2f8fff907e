// StoreExecutorTests: store calls wait on the database's own thread, never on Swift's cooperative pool.
import Foundation
import Storage
import Synchronization
import Testing

@Suite struct StoreExecutorTests {
    @Test func writesWaitingOnALockLeaveTheCooperativePoolFree() async throws {
        try await withTemporaryDirectory { directory in
            let path = directory.appending(path: "a4b.sqlite").path
            let database = try migratedDatabase(path: path)
            let store = SQLOrganizationStore(database: database)
            try await createOrganization("org-1", in: store)
            // Another process holds the write lock: every write of ours waits up to the 5 s busy timeout.
            let other = try SQLiteDatabase(path: path)
            try other.execute("BEGIN IMMEDIATE")
            let finishedWrites = Tally()
            let writers = 8  // more than the pool has threads on any machine that runs this suite
            let writes = Task {
                await withTaskGroup(of: Void.self) { group in
                    for index in 0..<writers {
                        group.addTask {
                            _ = try? await store.addKey(sampleKey("k\(index)", organizationID: "org-1"))
                            finishedWrites.value.add(1, ordering: .relaxed)
                        }
                    }
                }
            }
            // Let the writers start and block (bounded, so a regression fails instead of hanging).
            let deadline = ContinuousClock.now + .seconds(3)
            while database.pendingStoreCalls < writers && ContinuousClock.now < deadline { try await Task.sleep(for: .milliseconds(5)) }
            // Work that needs a pool thread still runs while every writer waits: had the writers blocked pool
            // threads, this could only run once one of them gave up on the lock.
            let probe = await Task.detached { finishedWrites.value.load(ordering: .relaxed) }.value
            #expect(probe == 0)
            try other.execute("ROLLBACK")
            await writes.value
            #expect(finishedWrites.value.load(ordering: .relaxed) == writers)
            #expect(try await store.activeKey(hash: sha256Hex(Array("k0".utf8))) != nil)
        }
    }

    @Test func callsAfterShutdownFailInsteadOfHanging() async throws {
        let executor = StoreExecutor(name: "test")
        #expect(try await executor.run { 41 + 1 } == 42)
        executor.shutdown()
        await #expect(throws: StorageError.self) { try await executor.run { 1 } }
    }
}

/// A counter tasks share.
final class Tally: Sendable {
    let value = Atomic<Int>(0)
}
