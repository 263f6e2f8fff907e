// ContractTests: openapi.yaml against the real service. openapi-spec-validator checks the document itself;
// Schemathesis fuzzes every operation of a live `serve --demo --test-clock` (a linked organization, two users) with
// generated and malformed inputs: no 5xx, and every status code, content type, header and body as documented.
import Foundation
import Glibc
import TestSupport
import Testing

@Suite struct ContractTests {
    static var root: URL { ExchangelibInteropTests.packageRoot }
    static var venv: URL { URL(fileURLWithPath: ExchangelibInteropTests.python).deletingLastPathComponent() }

    private func requireVenv() throws {
        try #require(FileManager.default.isExecutableFile(atPath: Self.venv.appendingPathComponent("schemathesis").path),
                     "no Schemathesis in \(Self.venv.path): run scripts/test, which creates .venv-interop")
    }

    @Test func openapiYamlIsAValidOpenAPI31Document() async throws {
        try requireVenv()
        let script = """
            from openapi_spec_validator import validate
            from openapi_spec_validator.readers import read_from_filename
            spec, _ = read_from_filename("\(Self.root.appendingPathComponent("openapi.yaml").path)")
            assert spec["openapi"].startswith("3.1"), spec["openapi"]
            validate(spec)
            print("valid")
            """
        let result = try await runProgram(Self.venv.appendingPathComponent("python"), ["-c", script])
        #expect(result.status == 0 && result.output.contains("valid"), "\(result.output)\(result.error)")
    }

    @Test(.timeLimit(.minutes(10))) func schemathesisFindsNoServerErrorAndNothingOffContract() async throws {
        try requireVenv()
        let data = try TemporaryFolder()
        defer { data.remove() }
        // Generated ewsUrl values may name any host: only loopback may ever be connected to.
        let service = try await DemoTests.startDemo(data, extra: [
            "--test-clock", "--log-level", "notice", "--ews-allowed-hosts", "127.0.0.1,localhost", "--ews-timeout", "2", "--voice-deadline", "2",
        ])
        defer { service.signal(SIGTERM) }
        let admin = try String(contentsOfFile: data.path + "/data/admin-token", encoding: .utf8).trimmingCharacters(in: .whitespacesAndNewlines)
        let credentials = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: data.path + "/data/demo-credentials.json"))) as? [String: Any])
        let organization = try #require(credentials["organizationId"] as? String)
        let auth = ["Authorization": "Bearer \(admin)"]
        let users = try EnrollmentEnvironment.object(try await RawClient.request(port: service.port, "GET", "/v1/organizations/\(organization)/users", headers: auth).body)
        let user = try #require((users["users"] as? [[String: Any]])?.last?["id"] as? String)
        let key = try EnrollmentEnvironment.object(try await RawClient.request(port: service.port, "POST", "/v1/organizations/\(organization)/api-keys", headers: auth).body)
        let keyID = try #require(key["id"] as? String ?? key["apiKeyId"] as? String, "\(key)")

        var environment = ProcessInfo.processInfo.environment
        environment["PYTHONPATH"] = Self.root.appendingPathComponent("Tests/Interop").path
        environment["SCHEMATHESIS_HOOKS"] = "schemathesis_hooks"
        environment["A4B_FUZZ_ORG"] = organization
        environment["A4B_FUZZ_USER"] = user
        environment["A4B_FUZZ_KEY_ID"] = keyID
        let seed = environment["A4B_FUZZ_SEED"] ?? "20261203"
        let result = try await runProgram(Self.venv.appendingPathComponent("schemathesis"), [
            "run", Self.root.appendingPathComponent("openapi.yaml").path, "--url", "http://127.0.0.1:\(service.port)",
            "--header", "Authorization: Bearer \(admin)",
            "--checks", "not_a_server_error,status_code_conformance,content_type_conformance,response_headers_conformance,response_schema_conformance",
            "--mode", "all", "--max-examples", "25", "--seed", seed,
            // One worker: hypothesis parses lambdas with ast.parse, which CPython 3.11 can crash on from two threads.
            "--workers", "1", "--request-timeout", "10", "--no-color", "--output-truncate", "true",
            "--report", "junit", "--report-dir", data.path + "/report",
        ], environment: environment, timeout: 540)
        #expect(result.status == 0, "schemathesis (seed \(seed)) found:\n\(result.output.suffix(12_000))\(result.error.suffix(2000))")
        #expect(service.process.isRunning, "the service stopped under the fuzzer:\n\(service.lines.suffix(20).joined(separator: "\n"))")
    }
}
