// The real a4b-calendar binary: start-up, operator endpoints, migrations, refusal to start on a
// changed or newer schema, and graceful shutdown on SIGTERM/SIGINT.
import Foundation
import Glibc
import Storage
import TestSupport
import Testing

@Suite struct ServiceLifecycleTests {
    private func serve(_ data: TemporaryFolder, _ extra: [String] = [], environment: [String: String] = [:]) async throws -> ServiceProcess {
        try await ServiceProcess(executable: "a4b-calendar",
                                 arguments: ["serve", "--port", "0", "--data-dir", data.path] + extra,
                                 environment: environment)
    }

    @Test func firstLogLineNamesThePortAndOperatorEndpointsAnswer() async throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let dataPath = folder.path + "/data"
        let service = try await ServiceProcess(executable: "a4b-calendar", arguments: ["serve", "--port", "0", "--data-dir", dataPath])
        let first = try #require(service.lines.first)
        #expect(ServiceProcess.field("msg", in: first) == "listening on http://127.0.0.1:\(service.port)")

        let health = try await RawClient.request(port: service.port, "GET", "/health")
        #expect(health.status == 200)
        #expect(health.body == #"{"status":"ok","version":"0.1.0"}"#)

        // Readiness can briefly trail the listening line while migrations run.
        var ready = try await RawClient.request(port: service.port, "GET", "/health/ready")
        for _ in 0..<50 where ready.status != 200 {
            try await Task.sleep(for: .milliseconds(50))
            ready = try await RawClient.request(port: service.port, "GET", "/health/ready")
        }
        #expect(ready.status == 200)
        #expect(ready.body == #"{"checks":{"database":"ok","migrations":"ok"},"status":"ok"}"#)

        let metrics = try await RawClient.request(port: service.port, "GET", "/metrics")
        #expect(metrics.status == 200)
        #expect(metrics.header("content-type")?.hasPrefix("text/plain; version=0.0.4") == true)
        #expect(metrics.body.contains(#"http_requests_total{method="GET",route="/health",status="200"} 1"#))

        service.signal(SIGTERM)
        #expect(await service.waitForExit(timeout: 15) == 0)
        #expect(service.lines.contains { ServiceProcess.field("msg", in: $0) == "shutting down" })
        // The data folder was created private to its owner.
        var info = stat()
        #expect(stat(dataPath, &info) == 0)
        #expect(info.st_mode & 0o777 == 0o700)
    }

    @Test func sigintDrainsAKeptAliveConnectionAndExitsZero() async throws {
        let data = try TemporaryFolder()
        defer { data.remove() }
        let service = try await serve(data, ["--drain-timeout", "5"])
        let client = try RawClient(port: service.port)
        try client.send("GET /health HTTP/1.1\r\n\r\n")
        #expect(try await client.readResponse().status == 200)
        service.signal(SIGINT)
        #expect(await service.waitForExit(timeout: 15) == 0)
        #expect(await client.isClosedByServer())
    }

    @Test func environmentVariablesConfigureAndFlagsWin() async throws {
        let data = try TemporaryFolder()
        defer { data.remove() }
        // A4B_PORT says 1 (privileged, would fail); the flag --port 0 must win.
        let service = try await ServiceProcess(executable: "a4b-calendar", arguments: ["serve", "--port", "0"],
                                               environment: ["A4B_DATA_DIR": data.path, "A4B_PORT": "1"])
        #expect(FileManager.default.fileExists(atPath: data.path + "/a4b-calendar.sqlite"))
        service.signal(SIGTERM)
        #expect(await service.waitForExit(timeout: 15) == 0)
    }

    @Test func malformedEnvironmentValueIsAClearError() async throws {
        let result = try await run("a4b-calendar", ["serve", "--port", "0"], environment: ["A4B_IDLE_TIMEOUT": "soon"])
        #expect(result.status != 0)
        #expect(result.output.contains("A4B_IDLE_TIMEOUT=soon is not a valid double"))
    }

    @Test func migrateAppliesOnceAndReportsUpToDate() async throws {
        let data = try TemporaryFolder()
        defer { data.remove() }
        let first = try await run("a4b-calendar", ["migrate", "--data-dir", data.path])
        #expect(first.status == 0)
        #expect(first.output.contains("applied 0001_organizations.sql"))
        let second = try await run("a4b-calendar", ["migrate", "--data-dir", data.path])
        #expect(second.status == 0)
        #expect(second.output.contains("up to date"))
    }

    @Test func refusesToStartWhenAnAppliedMigrationChanged() async throws {
        let data = try TemporaryFolder()
        defer { data.remove() }
        #expect(try await run("a4b-calendar", ["migrate", "--data-dir", data.path]).status == 0)
        let database = try SQLiteDatabase(path: data.path + "/a4b-calendar.sqlite")
        try database.execute("UPDATE schema_migrations SET checksum = ? WHERE version = 1", [.text(String(repeating: "0", count: 64))])

        let result = try await run("a4b-calendar", ["serve", "--port", "0", "--data-dir", data.path])
        #expect(result.status == 1)
        #expect(result.output.contains("0001_organizations.sql was changed after it was applied"))
    }

    @Test func refusesToStartOnADatabaseFromANewerRelease() async throws {
        let data = try TemporaryFolder()
        defer { data.remove() }
        #expect(try await run("a4b-calendar", ["migrate", "--data-dir", data.path]).status == 0)
        let database = try SQLiteDatabase(path: data.path + "/a4b-calendar.sqlite")
        try database.execute("INSERT INTO schema_migrations (version, name, checksum, applied_at) VALUES (?, ?, ?, ?)",
                             [.integer(9999), .text("9999_future.sql"), .text("x"), .text("2030-01-01T00:00:00Z")])

        let result = try await run("a4b-calendar", ["serve", "--port", "0", "--data-dir", data.path])
        #expect(result.status == 1)
        #expect(result.output.contains("schema version 9999"))
    }

    @Test func helpDocumentsEveryFlagAndItsVariable() async throws {
        let help = try await run("a4b-calendar", ["serve", "--help"])
        #expect(help.status == 0)
        for variable in ["A4B_HOST", "A4B_PORT", "A4B_DATA_DIR", "A4B_LOG_LEVEL", "A4B_IO_THREADS", "A4B_MAX_BODY_BYTES",
                         "A4B_MAX_CONNECTIONS", "A4B_HEADER_TIMEOUT", "A4B_BODY_TIMEOUT", "A4B_IDLE_TIMEOUT",
                         "A4B_WRITE_TIMEOUT", "A4B_DRAIN_TIMEOUT"] {
            #expect(help.output.contains(variable), "serve --help does not mention \(variable)")
        }
        let version = try await run("a4b-calendar", ["--version"])
        #expect(version.output.trimmingCharacters(in: .whitespacesAndNewlines) == "0.1.0")
    }

    /// Runs a command to completion (bounded), returning its exit status and combined output.
    private func run(_ executable: String, _ arguments: [String], environment: [String: String] = [:],
                     timeout: Double = 30) async throws -> (status: Int32, output: String) {
        var env = ProcessInfo.processInfo.environment.filter { !$0.key.hasPrefix("A4B_") }
        env.merge(environment) { _, new in new }
        let result = try await runProgram(ServiceProcess.buildDirectory.appendingPathComponent(executable), arguments,
                                          environment: env, timeout: timeout)
        return (result.status, result.output + result.error)
    }
}
