// SecretsScanTests: one organization's whole life on the real binaries, with the service logging at trace, every
// response body kept: the admin token, API keys, Exchange passwords (a wrong one, the linked one, the rotated-to one),
// an invitation token and an AWS secret. Then every log line (the service's and fake-exchange's), every response and
// every database file (SQLite's main file, WAL and shared memory) is searched for each of them, in clear and as the
// Basic credentials they travel in: none may appear, except a key in the one response that creates it.
import AWSSigV4
import Foundation
import Glibc
import MockDevice
import TestSupport
import Testing

@Suite struct SecretsScanTests {
    /// svc and svc2 may impersonate alice, who has an event tomorrow.
    static let fixture = """
        {"server": {"build": "15.1.2507.6", "basicAuth": true},
         "mailboxes": [
          {"smtp": "alice@contoso.com", "displayName": "Alice Jones", "password": "alice-secret",
           "events": [{"subject": "Standup", "day": 1, "time": "09:00", "durationMinutes": 15}]},
          {"smtp": "svc@contoso.com", "displayName": "Impersonation Service", "password": "Svc-Secret-Plain-42!",
           "impersonation": {"scope": ["alice@contoso.com"]}},
          {"smtp": "svc2@contoso.com", "displayName": "New Impersonation Service", "password": "Svc2-Rotated-Secret-43!",
           "impersonation": {"scope": ["alice@contoso.com"]}}
         ]}
        """

    /// Response bodies in order, each with what produced it.
    final class Responses: @unchecked Sendable {
        // @unchecked: one test task appends and reads.
        private(set) var all: [(what: String, body: String)] = []
        func keep(_ what: String, _ response: RawResponse) -> RawResponse {
            keep(what, body: response.body)
            return response
        }
        func keep(_ what: String, body: String) { all.append((what, body)) }
    }

    @Test func noSecretAppearsInALogLineAResponseOrADatabaseFileButTheResponseThatCreatesIt() async throws {
        let env = try await EnrollmentEnvironment(exchange: true, fixture: Self.fixture, serviceFlags: ["--log-level", "trace"])
        let responses = Responses()
        func call(_ what: String, _ method: String, _ path: String, token: String?, json: [String: Any]? = nil,
                  expect status: Int) async throws -> [String: Any] {
            let response = responses.keep(what, try await env.call(method, path, token: token, json: json.map(EnrollmentEnvironment.json)))
            try #require(response.status == status, "\(what): \(response.status) \(response.body)")
            return (try? JSONSerialization.jsonObject(with: Data(response.body.utf8))) as? [String: Any] ?? [:]
        }
        let admin = env.adminToken
        let wrongPassword = "Wrong-But-Secret-99!", password = "Svc-Secret-Plain-42!", rotatedPassword = "Svc2-Rotated-Secret-43!"

        // The organization and a second key, revoked at the end.
        let org = try await call("create organization", "POST", "/v1/organizations", token: admin, json: ["name": "Contoso"], expect: 201)
        let id = try #require(org["id"] as? String), key = try #require(org["apiKey"] as? String)
        let path = "/v1/organizations/\(id)"
        let second = try await call("create API key", "POST", path + "/api-keys", token: key, expect: 201)
        let secondKey = try #require(second["apiKey"] as? String), secondKeyID = try #require(second["id"] as? String)

        // Exchange: a wrong password (refused), a connectivity test, the link, a rotation to another account.
        func link(_ upn: String, _ password: String) -> [String: Any] {
            ["upn": upn, "password": password, "ewsUrl": env.ews, "accessMethod": "impersonation", "testMailbox": "alice@contoso.com"]
        }
        _ = try await call("link with a wrong password", "PUT", path + "/exchange", token: key, json: link("svc@contoso.com", wrongPassword), expect: 422)
        _ = try await call("malformed link", "PUT", path + "/exchange", token: key,
                           json: link("svc@contoso.com", password).merging(["accessMethod": "sideways"]) { $1 }, expect: 400)
        _ = try await call("connectivity test", "POST", path + "/exchange/test", token: key, json: link("svc@contoso.com", password), expect: 200)
        _ = try await call("link", "PUT", path + "/exchange", token: key, json: link("svc@contoso.com", password), expect: 200)
        _ = try await call("rotate", "PUT", path + "/exchange", token: secondKey, json: link("svc2@contoso.com", rotatedPassword), expect: 200)
        _ = try await call("read the link", "GET", path + "/exchange", token: key, expect: 200)

        // alice: invited, the invitation read and accepted, her calendar linked, a voice turn over REST and Alexa.
        let user = try await call("create user", "POST", path + "/users", token: key, json: ["email": "alice@contoso.com"], expect: 201)
        let userID = try #require(user["id"] as? String)
        let invitation = try await call("invite", "POST", path + "/users/\(userID)/invitation", token: key, expect: 201)
        let invitationToken = try #require(invitation["token"] as? String)
        _ = try await call("read the invitation", "GET", "/v1/invitations/\(invitationToken)", token: nil, expect: 200)
        _ = try await call("accept", "POST", "/v1/invitations/\(invitationToken)/accept", token: nil,
                           json: ["alexaUserId": "amzn1.ask.account.scan"], expect: 200)
        _ = try await call("accept again", "POST", "/v1/invitations/\(invitationToken)/accept", token: nil,
                           json: ["alexaUserId": "amzn1.ask.account.scan"], expect: 410)
        _ = try await call("link the calendar", "PUT", path + "/users/\(userID)/calendar", token: key, expect: 200)
        _ = try await call("read the user", "GET", path + "/users/\(userID)", token: key, expect: 200)
        _ = try await call("read the outbox", "GET", path + "/outbox", token: key, expect: 200)
        _ = try await call("voice", "POST", path + "/voice", token: key,
                           json: ["userId": "alice@contoso.com", "utterance": "what's on my calendar tomorrow"], expect: 200)
        let alexa = MockDevice(connection: DeviceConnection(server: "http://127.0.0.1:\(env.port)", apiKey: key),
                               configuration: MockDevice.Configuration(organizationID: id, user: "alice@contoso.com", mode: .alexa,
                                                                       alexaUserID: "amzn1.ask.account.scan"))
        responses.keep("Alexa turn", body: try await alexa.say("what's my next meeting").body)

        // The AWS API: keys created, listed, used with a good signature and with a wrong secret.
        let credentials = try await call("create AWS keys", "POST", path + "/aws-credentials", token: key, expect: 201)
        let accessKey = try #require(credentials["accessKeyId"] as? String), awsSecret = try #require(credentials["secretAccessKey"] as? String)
        _ = try await call("list AWS keys", "GET", path + "/aws-credentials", token: key, expect: 200)
        for (what, secret, status) in [("AWS SearchUsers", awsSecret, 200), ("AWS with a wrong secret", awsSecret + "x", 403)] {
            let signer = SigV4Signer(accessKeyID: accessKey, secret: secret, region: "us-east-1")
            let body = #"{"MaxResults": 10}"#
            let signed = try signer.jsonCallHeaders(target: "AlexaForBusiness.SearchUsers", host: "127.0.0.1:\(env.port)", body: Array(body.utf8), at: Date())
            let headers = Dictionary(uniqueKeysWithValues: signed.map { ($0.name, $0.value) })
            let response = responses.keep(what, try await RawClient.request(port: env.port, "POST", "/", headers: headers, body: body))
            #expect(response.status == status, "\(what): \(response.status) \(response.body)")
        }

        // Wrong and revoked credentials on the way in.
        _ = try await call("revoke the second key", "DELETE", path + "/api-keys/\(secondKeyID)", token: key, expect: 204)
        _ = try await call("use the revoked key", "GET", path, token: secondKey, expect: 401)
        _ = try await call("use a key with a typo", "GET", path, token: key + "x", expect: 401)
        _ = try await call("operator expiry list", "GET", "/v1/expiry", token: admin, expect: 200)
        _ = try await call("metrics", "GET", "/metrics", token: nil, expect: 200)
        // The database files while the service runs (the WAL holds the latest pages) and after it stopped (checkpointed).
        let dataDir = env.data.path + "/data"
        let running = try SecretSearch.databaseFiles(in: dataDir, "while running")
        await env.stop()
        let files = running + (try SecretSearch.databaseFiles(in: dataDir, "after the stop"))

        var search = SecretSearch()
        search.add("the admin token", admin)
        search.add("the organization's API key", key, createdBy: "create organization")
        search.add("the second API key", secondKey, createdBy: "create API key")
        search.addPassword("the wrong password", upn: "svc@contoso.com", password: wrongPassword)
        search.addPassword("the linked password", upn: "svc@contoso.com", password: password)
        search.addPassword("the rotated-to password", upn: "svc2@contoso.com", password: rotatedPassword)
        search.add("the invitation token", invitationToken, createdBy: "invite")
        search.add("the AWS secret", awsSecret, createdBy: "create AWS keys")
        // The key that seals passwords and AWS secrets at rest, as its file holds it (raw bytes) and in base64.
        let sealingKey = try #require(FileManager.default.contents(atPath: dataDir + "/secret.key"))
        #expect(sealingKey.count == 32)
        search.add("the service's secret key", bytes: sealingKey)
        search.add("the service's secret key in base64", sealingKey.base64EncodedString())

        let logs = env.service.lines + (env.fake?.lines ?? [])
        #expect(files.contains { $0.name == "a4b-calendar.sqlite-wal while running" }, "\(files.map(\.name))")
        #expect(responses.all.count >= 25, "\(responses.all.count) responses kept")
        let found = search.leaks(logs: logs, responses: responses.all, files: files)
        print("secrets: \(search.secrets.count) searched in \(logs.count) log lines, \(responses.all.count) responses, \(files.map(\.name))")
        #expect(found.isEmpty, "\(found)")
        // The creating responses do show them (so the scan would see one that leaked).
        for secret in search.secrets where secret.createdBy != nil {
            #expect(responses.all.contains { $0.what == secret.createdBy && Data($0.body.utf8).range(of: secret.bytes) != nil }, "\(secret.name)")
        }
    }
}
