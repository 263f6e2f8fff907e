// Starts one of the package's real executables on a loopback port and watches its JSON log lines.
import Foundation
import Glibc
import Synchronization

public struct ServiceProcessError: Error, CustomStringConvertible {
    public let description: String
}

/// A running `a4b-calendar` or `fake-exchange`, started with `--port 0`; the port is read from the
/// first log line, as operators' tools do. Terminated (SIGKILL) on deinit if still running.
public final class ServiceProcess: @unchecked Sendable {
    // @unchecked: `process` is only started and signalled; the log buffer is behind a Mutex.
    public let process: ChildProcess
    public private(set) var port = 0
    private let log = LineBuffer()
    private let output = LineBuffer()

    /// The folder holding the test runner, which is where SwiftPM puts the package's executables.
    public static var buildDirectory: URL {
        URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath().deletingLastPathComponent()
    }

    /// Starts `executable` with `arguments` and waits (up to `timeout` s) for a log line with a `port`.
    /// `openFileLimit` starts it under `ulimit -n` (through /bin/sh, which execs it: the pid is the
    /// executable's).
    /// `captureOutput`: keep standard output's lines (``outputLines``) instead of discarding them.
    public init(executable: String, arguments: [String], environment: [String: String] = [:], timeout: Double = 30,
                openFileLimit: Int? = nil, captureOutput: Bool = false) async throws {
        let url = Self.buildDirectory.appendingPathComponent(executable)
        guard FileManager.default.isExecutableFile(atPath: url.path) else {
            throw ServiceProcessError(description: "\(url.path) is not built; run `swift build` first")
        }
        var env = ProcessInfo.processInfo.environment.filter { !$0.key.hasPrefix("A4B_") }
        env.merge(environment) { _, new in new }
        if let openFileLimit {
            process = try ChildProcess(
                executable: "/bin/sh", arguments: ["-c", "ulimit -n \(openFileLimit) && exec \"$0\" \"$@\"", url.path] + arguments,
                environment: env, captureOutput: captureOutput, captureError: true)
        } else {
            process = try ChildProcess(executable: url.path, arguments: arguments, environment: env, captureOutput: captureOutput, captureError: true)
        }
        if let stdout = process.standardOutput {
            Thread { [output] in
                while case let data = stdout.readChunkRetryingInterrupts(), !data.isEmpty {
                    output.append(String(decoding: data, as: UTF8.self))
                }
            }.start()
        }
        // A thread of its own reads stderr to its end (the child's exit), not a readabilityHandler: a dispatch read
        // source on a pipe that closes under it crashed the test process inside libdispatch.
        let stderr = process.standardError!
        Thread { [log] in
            while case let data = stderr.readChunkRetryingInterrupts(), !data.isEmpty {
                log.append(String(decoding: data, as: UTF8.self))
            }
        }.start()
        let deadline = Date().addingTimeInterval(timeout)
        while Date() < deadline {
            if let line = lines.first(where: { $0.contains("\"port\"") }), let port = Self.field("port", in: line).flatMap(Int.init) {
                self.port = port
                return
            }
            if !process.isRunning {
                throw ServiceProcessError(description: "\(executable) exited with \(process.terminationStatus) before listening:\n\(lines.joined(separator: "\n"))")
            }
            try await Task.sleep(for: .milliseconds(20))
        }
        process.terminate()
        throw ServiceProcessError(description: "\(executable) did not log a port within \(timeout) s:\n\(lines.joined(separator: "\n"))")
    }

    deinit {
        if process.isRunning { kill(process.processIdentifier, SIGKILL) }
    }

    /// Every complete stderr line so far.
    public var lines: [String] { log.lines }

    /// Every complete standard-output line so far (with `captureOutput`).
    public var outputLines: [String] { output.lines }

    /// The string value of `key` in a JSON log line.
    public static func field(_ key: String, in line: String) -> String? {
        guard let object = try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any] else { return nil }
        return object[key] as? String
    }

    public func signal(_ number: Int32) { kill(process.processIdentifier, number) }

    /// Waits for exit (up to `timeout` s) and returns the exit status, or nil if it is still running.
    public func waitForExit(timeout: Double) async -> Int32? {
        let deadline = Date().addingTimeInterval(timeout)
        while process.isRunning && Date() < deadline { try? await Task.sleep(for: .milliseconds(20)) }
        return process.isRunning ? nil : process.terminationStatus
    }
}

/// Output split into complete lines as it arrives.
final class LineBuffer: Sendable {
    private let state = Mutex<(lines: [String], partial: String)>(([], ""))

    func append(_ text: String) {
        state.withLock { state in
            var parts = (state.partial + text).components(separatedBy: "\n")
            state.partial = parts.removeLast()
            state.lines.append(contentsOf: parts)
        }
    }

    var lines: [String] { state.withLock { $0.lines } }
}

/// A fresh folder under the system temp folder, removed by `remove()`.
public struct TemporaryFolder: Sendable {
    public let path: String

    public init() throws {
        path = FileManager.default.temporaryDirectory.appendingPathComponent("a4b-test-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    }

    public func remove() { try? FileManager.default.removeItem(atPath: path) }
}
