// StoreExecutor: the dedicated thread that runs blocking SQLite work, off Swift's cooperative pool.
import Foundation
import Synchronization

/// Runs blocking closures on a thread of its own and resumes the awaiting task with the result.
///
/// SQLite calls block their thread for the statement's duration, and up to the 5 s busy timeout when another
/// process holds the write lock. On Swift's cooperative pool (one thread per core) two such calls would stall
/// every task of the process, HTTP handlers included. Store methods therefore hop here: a waiting caller costs a
/// suspended task, never a pool thread. One thread is enough because ``SQLiteDatabase`` has one connection and runs
/// one statement at a time anyway; jobs run in the order they were submitted.
public final class StoreExecutor: Sendable {
    private struct Queue {
        var jobs: [@Sendable () -> Void] = []
        var stopped = false
    }

    private let queue = Mutex(Queue())
    private let signal = NSCondition()
    /// Jobs waiting or running, for readiness figures and tests.
    private let inFlight = Atomic<Int>(0)

    /// Starts the thread, named `name` (visible in debuggers).
    public init(name: String = "sqlite") {
        // Named from inside: on Linux, Foundation applies a name set before start() to the object, not the thread.
        let thread = Thread { [self] in
            Thread.current.name = name
            runJobs()
        }
        thread.start()
    }

    /// Runs `body` on the executor's thread and returns what it returned, or rethrows what it threw.
    ///
    /// `body` must not await anything and must not call `run` itself (it would wait behind its own job).
    /// Throws ``StorageError/sqlite(resultCode:message:sql:)`` with code `SQLITE_MISUSE` after ``shutdown()``.
    public func run<T: Sendable>(_ body: @escaping @Sendable () throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<T, any Error>) in
            let job: @Sendable () -> Void = { continuation.resume(with: Result { try body() }) }
            let accepted = queue.withLock { state -> Bool in
                guard !state.stopped else { return false }
                // Counted before the worker can see the job, so the count never reads below zero.
                inFlight.add(1, ordering: .relaxed)
                state.jobs.append(job)
                return true
            }
            guard accepted else {
                continuation.resume(throwing: StorageError.sqlite(resultCode: 21, message: "the store executor has stopped", sql: ""))
                return
            }
            signal.lock()
            signal.signal()
            signal.unlock()
        }
    }

    /// Jobs submitted and not yet finished.
    public var pendingJobs: Int { inFlight.load(ordering: .relaxed) }

    /// Finishes the jobs already queued, then stops the thread; later `run` calls throw.
    public func shutdown() {
        queue.withLock { $0.stopped = true }
        signal.lock()
        signal.signal()
        signal.unlock()
    }

    private func runJobs() {
        while true {
            signal.lock()
            var batch: [@Sendable () -> Void] = []
            var stop = false
            while true {
                (batch, stop) = queue.withLock { state in
                    defer { state.jobs.removeAll(keepingCapacity: true) }
                    return (state.jobs, state.stopped)
                }
                if !batch.isEmpty || stop { break }
                signal.wait()
            }
            signal.unlock()
            for job in batch {
                job()
                inFlight.subtract(1, ordering: .relaxed)
            }
            if stop && batch.isEmpty { return }
        }
    }
}
