// Running blocking work (process waits, pipe reads) on a thread of its own, never on Swift's
// cooperative pool: the servers under test in this process need that pool for their handlers.
import Foundation
import Synchronization

/// Runs `work` on a new thread and returns its result.
public func offThePool<T: Sendable>(_ work: @escaping @Sendable () throws -> T) async throws -> T {
    try await withCheckedThrowingContinuation { continuation in
        Thread { continuation.resume(with: Result { try work() }) }.start()
    }
}

/// Runs a program to completion (bounded by `timeout` seconds), off the cooperative pool.
/// Returns its exit status, standard output and standard error.
public func runProgram(_ executable: URL, _ arguments: [String], environment: [String: String]? = nil,
                       timeout: Double = 120) async throws -> (status: Int32, output: String, error: String) {
    try await offThePool {
        let process = try ChildProcess(
            executable: executable.path, arguments: arguments, environment: environment, captureOutput: true, captureError: true)
        let killer = DispatchWorkItem { if process.isRunning { process.terminate() } }
        DispatchQueue.global().asyncAfter(deadline: .now() + timeout, execute: killer)
        // Read both pipes to the end before waiting, so a chatty program cannot block on a full pipe.
        let errorData = Mutex(Data())
        let error = process.standardError!
        let errorReader = Thread { errorData.withLock { $0 = error.readToEndRetryingInterrupts() } }
        errorReader.start()
        let outputData = process.standardOutput!.readToEndRetryingInterrupts()
        process.waitUntilExit()
        killer.cancel()
        while errorReader.isExecuting || !errorReader.isFinished { usleep(1000) }
        return (process.terminationStatus, String(decoding: outputData, as: UTF8.self), String(decoding: errorData.withLock { $0 }, as: UTF8.self))
    }
}
