// DemoTests: `serve --demo` on an empty data dir, as a newcomer runs it: the banner's commands, run as printed,
// answer with calendar content; a restart prints the same banner and doubles nothing; a public host is refused.
import Foundation
import Glibc
import TestSupport
import Testing

@Suite(.serialized) struct DemoTests {
    static var fixture: String {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Examples/contoso.json").path
    }

    /// `serve --demo` on `data` (port 0, the repository's fixture, `extra` flags), once its banner is printed.
    static func startDemo(_ data: TemporaryFolder, extra: [String] = []) async throws -> ServiceProcess {
        let service = try await ServiceProcess(
            executable: "a4b-calendar", arguments: ["serve", "--demo", "--port", "0", "--data-dir", data.path + "/data", "--demo-fixture", Self.fixture] + extra,
            captureOutput: true)
        let deadline = Date().addingTimeInterval(30)
        while !service.outputLines.contains(where: { $0.contains("exchange/test") }) {
            guard Date() < deadline, service.process.isRunning else {
                throw ServiceError("no demo banner within 30 s:\n\(service.outputLines.joined(separator: "\n"))\n\(service.lines.joined(separator: "\n"))")
            }
            try await Task.sleep(for: .milliseconds(20))
        }
        return service
    }

    /// The banner's command lines, as printed.
    private func commands(_ service: ServiceProcess) -> [String] {
        service.outputLines.map { $0.trimmingCharacters(in: .whitespaces) }
            .filter { $0.hasPrefix("curl ") || $0.contains(" ask --server ") || $0.hasPrefix("python3 -c ") }
    }

    private func shell(_ line: String) async throws -> String {
        let result = try await runProgram(URL(fileURLWithPath: "/bin/sh"), ["-c", line], timeout: 60)
        #expect(result.status == 0, "\(line) exited \(result.status): \(result.error)")
        return result.output
    }

    @Test func theBannersCommandsWorkAsPrintedAndARestartDoublesNothing() async throws {
        let data = try TemporaryFolder()
        defer { data.remove() }
        let first = try await Self.startDemo(data)
        let banner = first.outputLines
        let lines = commands(first)
        #expect(lines.count == 9, "\(banner.joined(separator: "\n"))")
        #expect(banner.contains { $0.contains("password expires in 10 days") })
        let voice = try #require(lines.first { $0.contains("/voice") })
        #expect(try await shell(voice).contains("\"speech\":\"Tomorrow you have"))
        let ask = try #require(lines.first { $0.contains(" ask --server ") })
        // The banner names the binary as it was started (the full path here, `.build/release/a4b-calendar` from scripts/run).
        #expect(try await shell(ask).contains("Tomorrow you have"))
        let expiry = try EnrollmentEnvironment.object(try await shell(try #require(lines.first { $0.contains("/exchange/expiry") })))
        #expect(expiry["state"] as? String == "expiring")
        #expect(expiry["daysLeft"] as? Int == 10)
        #expect(((expiry["notices"] as? [[String: Any]])?.first)?["state"] as? String == "sent")
        let outbox = try EnrollmentEnvironment.object(try await shell(try #require(lines.first { $0.contains("/outbox") })))
        let subjects = (outbox["messages"] as? [[String: Any]] ?? []).compactMap { $0["subject"] as? String }
        #expect(subjects.filter { $0.contains("expires in 14 days") }.count == 1, "\(subjects)")
        let events = try EnrollmentEnvironment.object(try await shell(try #require(lines.first { $0.contains("/health-events") })))
        #expect((events["events"] as? [[String: Any]])?.first?["statusCode"] as? String == "upcoming")
        let test = try EnrollmentEnvironment.object(try await shell(try #require(lines.first { $0.contains("/exchange/test") })))
        #expect(test["passed"] as? Bool == true)
        // The meeting room answers from room1's calendar; its device books it (the ask line answers "yes" from stdin).
        let roomLine = try #require(lines.first { $0.contains("/rooms/") && $0.hasPrefix("curl ") })
        #expect(try await shell(roomLine).contains("\"speech\":\"Conference Room 1 is "))
        let book = try #require(lines.first { $0.contains(" --room ") })
        #expect(try await shell("echo yes | " + book).contains("Booked. Conference Room 1 is yours until"))
        // The boto3 line works as printed, with the pinned boto3 the test command installs.
        let python = try #require(lines.first { $0.hasPrefix("python3 -c ") })
        let boto3 = try await shell(ExchangelibInteropTests.python + python.dropFirst("python3".count))
        #expect(boto3.contains("('alice@contoso.com', 'REGISTERED')") && boto3.contains("('Conference Room 1', 'room1@contoso.com')"), "\(boto3)")
        let path = data.path + "/data/demo-credentials.json"
        let mode = try #require(try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? Int)
        #expect(mode & 0o077 == 0)

        // A restart on the same data dir: the same banner, the same organization and users, no second warning.
        first.signal(SIGTERM)
        _ = await first.waitForExit(timeout: 10)
        let second = try await Self.startDemo(data)
        let relines = commands(second)
        // The same banner but for the service's own port (--port 0 here picks a new one).
        #expect(relines.map { $0.replacingOccurrences(of: "127.0.0.1:\(second.port)", with: "127.0.0.1:PORT") }
                == lines.map { $0.replacingOccurrences(of: "127.0.0.1:\(first.port)", with: "127.0.0.1:PORT") })
        let credentials = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: path))) as? [String: Any])
        let organization = try #require(credentials["organizationId"] as? String), key = try #require(credentials["apiKey"] as? String)
        let users = try EnrollmentEnvironment.object(try await shell(
            "curl -s http://127.0.0.1:\(second.port)/v1/organizations/\(organization)/users -H \"Authorization: Bearer \(key)\""))
        #expect((users["users"] as? [[String: Any]])?.map { $0["enrollmentStatus"] as? String } == ["REGISTERED", "REGISTERED"])
        let organizations = try EnrollmentEnvironment.object(try await shell(
            "curl -s http://127.0.0.1:\(second.port)/v1/organizations -H \"Authorization: Bearer $(cat \(data.path)/data/admin-token)\""))
        #expect((organizations["organizations"] as? [[String: Any]])?.count == 1)
        let again = try EnrollmentEnvironment.object(try await shell(try #require(relines.first { $0.contains("/outbox") })))
        #expect((again["messages"] as? [[String: Any]])?.count == (outbox["messages"] as? [[String: Any]])?.count)
        #expect(try await shell(try #require(relines.first { $0.contains("/voice") })).contains("\"speech\":\"Tomorrow you have"))
        second.signal(SIGTERM)
        _ = await second.waitForExit(timeout: 10)
    }

    @Test func aDemoOnAPublicAddressNeedsItsOwnFlagAndAMissingFixtureIsNamed() async throws {
        let data = try TemporaryFolder()
        defer { data.remove() }
        let binary = ServiceProcess.buildDirectory.appendingPathComponent("a4b-calendar")
        let public_ = try await runProgram(binary, ["serve", "--demo", "--host", "0.0.0.0", "--port", "0", "--data-dir", data.path + "/data"])
        #expect(public_.status != 0)
        #expect(public_.error.contains("Add --demo-public to listen on 0.0.0.0"))
        let missing = try await runProgram(binary, ["serve", "--demo", "--port", "0", "--data-dir", data.path + "/data", "--demo-fixture", data.path + "/none.json"])
        #expect(missing.status == 1)
        #expect(missing.error.contains("none.json cannot be read"))
    }
}
