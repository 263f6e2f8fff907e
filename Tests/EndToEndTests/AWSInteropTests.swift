// The Alexa for Business wire API of the real a4b-calendar binary, driven by an unmodified boto3 1.34.120 /
// botocore 1.34.120 client (Tests/Interop/a4b_boto3.py): every offered operation, its modeled errors, validation,
// SigV4 (a wrong secret, an unknown key, a stale date), idempotent creates, paginators across 120 users, and the
// same users and invitation mails as REST v1; profiles, conference providers, and rooms validated against and
// answering from fake-exchange.
import Foundation
import TestSupport
import Testing

@Suite struct AWSInteropTests {
    struct Results: Decodable {
        let passed: [String]
        let failed: [String: String]
    }

    /// The checks the script runs; a check that silently vanished from it would fail here.
    static let checks = [
        "create_and_search_users", "modeled_errors_are_client_exceptions", "invitations_match_rest", "rest_users_are_wire_users",
        "invitation_configuration", "limits_botocore_leaves_to_the_server", "protocol_errors", "authentication_is_verified",
        "idempotent_creates", "tags", "paginators_across_120_users", "profiles", "rooms_on_exchange", "conference_providers",
    ]

    @Test func boto3DrivesTheWireAPI() async throws {
        let python = ExchangelibInteropTests.python
        try #require(FileManager.default.isExecutableFile(atPath: python),
                     "no Python with boto3 at \(python): run scripts/test, which creates .venv-interop")
        // Rooms are validated against, and answer from, a fake Exchange with room mailboxes (RoomEndToEndTests' fixture).
        let env = try await EnrollmentEnvironment(exchange: true, fixture: RoomEndToEndTests.fixture(now: Date()))
        do {
            let organization = try await env.createOrganization("Contoso")
            try await env.linkExchange(organization.id, key: organization.key)
            let other = try await env.createOrganization("Fabrikam")
            let credentials = try await Self.credentials(env, organization: organization.id, key: organization.key)
            let otherCredentials = try await Self.credentials(env, organization: other.id, key: other.key)
            var environment = ProcessInfo.processInfo.environment
            environment["A4B_URL"] = "http://127.0.0.1:\(env.port)"
            environment["A4B_ORG"] = organization.id
            environment["A4B_ORG_KEY"] = organization.key
            environment["A4B_ACCESS_KEY"] = credentials.accessKeyId
            environment["A4B_SECRET_KEY"] = credentials.secretAccessKey
            environment["A4B_OTHER_ACCESS_KEY"] = otherCredentials.accessKeyId
            environment["A4B_OTHER_SECRET_KEY"] = otherCredentials.secretAccessKey
            // boto3 must not find credentials or a region anywhere else.
            for name in ["AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN", "AWS_PROFILE"] { environment[name] = nil }
            environment["AWS_CONFIG_FILE"] = "/dev/null"
            environment["AWS_SHARED_CREDENTIALS_FILE"] = "/dev/null"
            let script = ExchangelibInteropTests.packageRoot.appendingPathComponent("Tests/Interop/a4b_boto3.py").path
            let run = try await runProgram(URL(fileURLWithPath: python), [script], environment: environment, timeout: 300)
            if !run.error.isEmpty { FileHandle.standardError.write(Data(run.error.utf8)) }
            let results = try JSONDecoder().decode(Results.self, from: Data(try #require(run.output.split(separator: "\n").last, "no output").utf8))
            for (check, failure) in results.failed.sorted(by: { $0.key < $1.key }) { Issue.record("\(check): \(failure)") }
            #expect(Set(results.passed) == Set(Self.checks), "checks passed: \(results.passed)")
            #expect(run.status == 0)

            // The secret is sealed at rest: it appears nowhere in the data directory's files.
            for file in try FileManager.default.subpathsOfDirectory(atPath: env.data.path + "/data") {
                let bytes = (try? Data(contentsOf: URL(fileURLWithPath: env.data.path + "/data/" + file))) ?? Data()
                #expect(bytes.range(of: Data(credentials.secretAccessKey.utf8)) == nil, "the AWS secret is in \(file)")
            }
        } catch {
            await env.stop()
            throw error
        }
        await env.stop()
    }

    struct Credentials: Decodable {
        let accessKeyId: String
        let secretAccessKey: String
    }

    static func credentials(_ env: EnrollmentEnvironment, organization: String, key: String) async throws -> Credentials {
        let response = try await env.call("POST", "/v1/organizations/\(organization)/aws-credentials", token: key)
        try #require(response.status == 201, "POST aws-credentials: \(response.status) \(response.body)")
        return try JSONDecoder().decode(Credentials.self, from: Data(response.body.utf8))
    }
}
