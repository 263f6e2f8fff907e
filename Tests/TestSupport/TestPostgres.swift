// TestPostgres: the throwaway PostgreSQL server the tests share, and fresh databases on it.
import Foundation
import Synchronization

/// The PostgreSQL server of this test run: the one `scripts/test` started (`A4B_TEST_POSTGRES_URL`), or, when the
/// tests run without it (`swift test` by hand), one this process starts with `scripts/throwaway-postgres` and stops
/// when it exits. It listens on a Unix socket only.
public enum TestPostgres {
    private static let started = Mutex<Result<String, ServiceError>?>(nil)

    /// The server's maintenance URL (database `postgres`, superuser `postgres`).
    public static func baseURL() throws -> String {
        if let url = ProcessInfo.processInfo.environment["A4B_TEST_POSTGRES_URL"], !url.isEmpty {
            return url
        }
        return try started.withLock { state in
            if let state { return try state.get() }
            let result = Result { try startServer() }.mapError { ServiceError("\($0)") }
            state = result
            return try result.get()
        }.self
    }

    /// A new, empty database on the server, and its URL: one per test that starts `serve`, so tests never see each
    /// other's rows. Created with `psql` (Debian's postgresql-client, which the server package brings).
    public static func newDatabase() async throws -> String {
        try await offThePool {
            let base = try baseURL()
            let name = "a4b_" + UUID().uuidString.lowercased().replacingOccurrences(of: "-", with: "")
            try psql(base, "CREATE DATABASE \(name)")
            return url(base, database: name)
        }
    }

    /// `base` with its database name replaced by `database`.
    public static func url(_ base: String, database: String) -> String {
        guard let query = base.firstIndex(of: "?") else { return "postgresql:///\(database)" }
        return "postgresql:///\(database)" + base[query...]
    }

    /// Runs one statement with `psql` against `url`; throws with psql's message when it fails.
    public static func psql(_ url: String, _ sql: String) throws {
        let process = try ChildProcess(executable: "/usr/bin/env", arguments: ["psql", "-X", "-q", "-v", "ON_ERROR_STOP=1", "-d", url, "-c", sql],
                                       captureOutput: true, captureError: true)
        let error = process.standardError!.readToEndRetryingInterrupts()
        _ = process.standardOutput!.readToEndRetryingInterrupts()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw ServiceError("psql failed (\(sql)): \(String(decoding: error, as: UTF8.self))")
        }
    }

    /// `scripts/throwaway-postgres`, for tests that stop and start a server of their own.
    public static var script: String {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("scripts/throwaway-postgres").path
    }

    /// Runs `scripts/throwaway-postgres <command> <directory>` and returns what it printed, on a thread of its own:
    /// starting or stopping a server takes a second, which must not hold a thread of the cooperative pool.
    @discardableResult
    public static func control(_ command: String, _ directory: String) async throws -> String {
        try await offThePool { try controlBlocking(command, directory) }
    }

    @discardableResult
    static func controlBlocking(_ command: String, _ directory: String) throws -> String {
        let process = try ChildProcess(executable: script, arguments: [command, directory], captureOutput: true, captureError: true)
        let error = process.standardError!.readToEndRetryingInterrupts()
        let output = process.standardOutput!.readToEndRetryingInterrupts()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw ServiceError("throwaway-postgres \(command) failed: \(String(decoding: error, as: UTF8.self))")
        }
        return String(decoding: output, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
    }

    private static func startServer() throws -> String {
        let directory = "/tmp/a4b-test-pg-\(getpid())"
        _ = try? controlBlocking("stop", directory)  // a leftover of an earlier process with this pid
        let url = try controlBlocking("start", directory)
        startedDirectory = strdup(directory)
        atexit {
            guard let directory = startedDirectory else { return }
            _ = try? TestPostgres.controlBlocking("stop", String(cString: directory))
        }
        return url
    }
}

/// The directory of the server this process started, for the exit handler (a C function pointer captures nothing).
nonisolated(unsafe) private var startedDirectory: UnsafeMutablePointer<CChar>?
