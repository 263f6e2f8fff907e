// StoreExecutor: the dedicated threads that run blocking database work, off Swift's cooperative pool.
import Foundation
import Synchronization

/// Runs blocking closures on threads of its own and resumes the awaiting task with the result.
///
/// SQLite and libpq calls block their thread for the statement's duration (SQLite up to its 5 s busy timeout when
/// another process holds the write lock, libpq for a network round trip). On Swift's cooperative pool (one thread
/// per core) two such calls would stall every task of the process, HTTP handlers included. Store methods therefore
/// hop here: a waiting caller costs a suspended task, never a pool thread. ``SQLiteDatabase`` uses one thread (it
/// has one connection); ``PostgresDatabase`` one per pooled connection, each job told which worker runs it. Jobs
/// start in the order they were submitted.
public final class StoreExecutor: Sendable {
    private struct Queue {
        var jobs: [@Sendable (Int) -> Void] = []
        /// Index of the next job to start; the array is compacted when it has run far enough.
        var head = 0
        var stopped = false
    }

    private let queue = Mutex(Queue())
    private let signal = NSCondition()
    /// Jobs waiting or running, for readiness figures and tests.
    private let inFlight = Atomic<Int>(0)
    /// Worker threads.
    public let threads: Int

    /// Starts `threads` threads named `name`, `name-2`, ... (visible in debuggers).
    public init(name: String = "sqlite", threads: Int = 1) {
        self.threads = max(1, threads)
        for worker in 0..<self.threads {
            // Named from inside: on Linux, Foundation applies a name set before start() to the object, not the thread.
            let thread = Thread { [self] in
                Thread.current.name = worker == 0 ? name : "\(name)-\(worker + 1)"
                runJobs(worker: worker)
            }
            thread.start()
        }
    }

    /// Runs `body` on one of the executor's threads and returns what it returned, or rethrows what it threw.
    ///
    /// `body` must not await anything and must not call `run` itself (it could wait behind its own job).
    /// Throws ``StorageError/sqlite(resultCode:message:sql:)`` with code `SQLITE_MISUSE` after ``shutdown()``.
    public func run<T: Sendable>(_ body: @escaping @Sendable () throws -> T) async throws -> T {
        try await runOnWorker { _ in try body() }
    }

    /// ``run(_:)``, telling `body` which worker (0 ..< ``threads``) runs it.
    public func runOnWorker<T: Sendable>(_ body: @escaping @Sendable (Int) throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<T, any Error>) in
            submit(body) { continuation.resume(with: $0) }
        }
    }

    /// ``runOnWorker(_:)`` for a synchronous caller, which blocks until the job has run (start-up, tools).
    public func runBlocking<T: Sendable>(_ body: @escaping @Sendable (Int) throws -> T) throws -> T {
        let done = DispatchSemaphore(value: 0)
        let outcome = Mutex<Result<T, any Error>?>(nil)
        submit(body) { result in
            outcome.withLock { $0 = result }
            done.signal()
        }
        done.wait()
        return try outcome.withLock { $0! }.get()
    }

    private func submit<T: Sendable>(_ body: @escaping @Sendable (Int) throws -> T,
                                     finish: @escaping @Sendable (Result<T, any Error>) -> Void) {
        let job: @Sendable (Int) -> Void = { worker in finish(Result { try body(worker) }) }
        let accepted = queue.withLock { state -> Bool in
            guard !state.stopped else { return false }
            // Counted before a worker can see the job, so the count never reads below zero.
            inFlight.add(1, ordering: .relaxed)
            state.jobs.append(job)
            return true
        }
        guard accepted else {
            finish(.failure(StorageError.sqlite(resultCode: 21, message: "the store executor has stopped", sql: "")))
            return
        }
        signal.lock()
        signal.signal()
        signal.unlock()
    }

    /// Jobs submitted and not yet finished.
    public var pendingJobs: Int { inFlight.load(ordering: .relaxed) }

    /// Finishes the jobs already queued, then stops the threads; later `run` calls throw.
    public func shutdown() {
        queue.withLock { $0.stopped = true }
        signal.lock()
        signal.broadcast()
        signal.unlock()
    }

    private func runJobs(worker: Int) {
        while true {
            signal.lock()
            var job: (@Sendable (Int) -> Void)?
            var stop = false
            while true {
                (job, stop) = queue.withLock { state in
                    guard state.head < state.jobs.count else { return (nil, state.stopped) }
                    let next = state.jobs[state.head]
                    state.head += 1
                    if state.head == state.jobs.count {
                        state.jobs.removeAll(keepingCapacity: true)
                        state.head = 0
                    } else if state.head >= 64 {
                        state.jobs.removeFirst(state.head)
                        state.head = 0
                    }
                    return (next, state.stopped)
                }
                if job != nil || stop { break }
                signal.wait()
            }
            signal.unlock()
            guard let job else { return }
            job(worker)
            inFlight.subtract(1, ordering: .relaxed)
        }
    }
}
