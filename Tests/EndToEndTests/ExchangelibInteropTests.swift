// An independent EWS client (exchangelib 5.6.0, Python) against the real fake-exchange binary:
// impersonated and delegated calendar views, creating an event, resolving a name, and an
// impersonation target outside the role's scope.
import Foundation
import Glibc
import TestSupport
import Testing

@Suite struct ExchangelibInteropTests {
    static let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// The virtual environment scripts/test prepares (or A4B_INTEROP_PYTHON).
    static var python: String {
        ProcessInfo.processInfo.environment["A4B_INTEROP_PYTHON"] ?? packageRoot.appendingPathComponent(".venv-interop/bin/python").path
    }

    struct Results: Decodable {
        struct Created: Decodable { let subject: String; let id: Bool }
        let impersonation_view: [String]
        let delegate_view: [String]
        let create_event: Created
        let resolve_name: [String]
        let impersonate_out_of_scope: String
    }

    struct StoredEvent: Decodable { let subject: String }

    @Test func exchangelibWorksAgainstTheFake() async throws {
        try #require(FileManager.default.isExecutableFile(atPath: Self.python),
                     "no Python with exchangelib at \(Self.python): run scripts/test, which creates .venv-interop")
        let fixture = Self.packageRoot.appendingPathComponent("Examples/contoso.json").path
        let fake = try await ServiceProcess(executable: "fake-exchange", arguments: ["--port", "0", "--fixture", fixture])
        let before = try await RawClient.request(port: fake.port, "GET", "/_fake/mailboxes/alice@contoso.com/events")
        let storedSubjects = Set(try JSONDecoder().decode([StoredEvent].self, from: Data(before.body.utf8)).map(\.subject))

        let output = try await Self.runPython([Self.packageRoot.appendingPathComponent("Tests/Interop/exchangelib_interop.py").path,
                                         "http://127.0.0.1:\(fake.port)/EWS/Exchange.asmx"])
        #expect(output.status == 0, "exchangelib run failed: \(output.text)")
        let results = try JSONDecoder().decode(Results.self, from: Data(output.text.utf8))

        // Both access methods see alice's calendar, and only what the fake holds for her.
        #expect(!results.impersonation_view.isEmpty)
        #expect(Set(results.impersonation_view).isSubset(of: storedSubjects))
        #expect(results.delegate_view == results.impersonation_view)

        // The created event, special characters and emoji included, is now in alice's calendar.
        #expect(results.create_event.id)
        let after = try await RawClient.request(port: fake.port, "GET", "/_fake/mailboxes/alice@contoso.com/events")
        #expect(try JSONDecoder().decode([StoredEvent].self, from: Data(after.body.utf8)).map(\.subject).contains(results.create_event.subject))

        #expect(results.resolve_name == ["alice@contoso.com"])
        #expect(results.impersonate_out_of_scope == "ErrorImpersonateUserDenied")
        fake.signal(SIGTERM)
        #expect(await fake.waitForExit(timeout: 10) == 0)
    }

    static func runPython(_ arguments: [String], timeout: Double = 120) async throws -> (status: Int32, text: String) {
        let result = try await runProgram(URL(fileURLWithPath: python), arguments, timeout: timeout)
        if !result.error.isEmpty { FileHandle.standardError.write(Data(result.error.utf8)) }
        return (result.status, result.output)
    }
}
