// A running fake-exchange and a running a4b-calendar (real binaries on loopback), with helpers to
// call the API as the admin or as an organization.
import Foundation
import Glibc
import TestSupport
import Testing

/// One fake Exchange and one service. Stops both (SIGKILL on deinit) and removes the data folder.
final class LinkEnvironment: @unchecked Sendable {
    let fake: ServiceProcess
    let service: ServiceProcess
    let data: TemporaryFolder
    let adminToken: String
    var fakePort: Int { fake.port }
    var ews: String { "http://127.0.0.1:\(fake.port)/EWS/Exchange.asmx" }

    static let fixture = """
        {"server": {"build": "15.1.2507.6", "basicAuth": true},
         "mailboxes": [
          {"smtp": "alice@contoso.com", "displayName": "Alice Jones", "password": "alice-secret",
           "calendarPermissions": {"svc-full@contoso.com": "Editor", "svc-read@contoso.com": "Reviewer"}, "sendAs": ["svc-full@contoso.com"],
           "events": [{"subject": "Standup", "day": 0, "time": "09:00", "timeZone": "UTC", "durationMinutes": 15}]},
          {"smtp": "carol@contoso.com", "displayName": "Carol White", "password": "carol-secret"},
          {"smtp": "room1@contoso.com", "displayName": "Room 1", "kind": "room"},
          {"smtp": "svc@contoso.com", "displayName": "Impersonation Service", "password": "Svc-Secret-Plain-42!",
           "impersonation": {"scope": "userMailboxes"}},
          {"smtp": "svc2@contoso.com", "displayName": "Rotated Service", "password": "Second-Secret-77?",
           "impersonation": {"scope": "all"}},
          {"smtp": "svc-full@contoso.com", "displayName": "Delegate Service", "password": "full-secret"},
          {"smtp": "svc-read@contoso.com", "displayName": "Reviewer Service", "password": "read-secret"}
         ]}
        """

    init(fixture: String = LinkEnvironment.fixture, serviceFlags: [String] = ["--allow-private-ews", "--allow-insecure-ews"],
         environment: [String: String] = [:]) async throws {
        data = try TemporaryFolder()
        let fixturePath = data.path + "/fixture.json"
        try Data(fixture.utf8).write(to: URL(fileURLWithPath: fixturePath))
        fake = try await ServiceProcess(executable: "fake-exchange", arguments: ["--port", "0", "--fixture", fixturePath])
        service = try await ServiceProcess(executable: "a4b-calendar",
                                           arguments: ["serve", "--port", "0", "--data-dir", data.path + "/data", "--ews-timeout", "2"] + serviceFlags,
                                           environment: environment)
        adminToken = try await Self.waitForFile(data.path + "/data/admin-token")
        // The API answers 503 until migrations are applied.
        for _ in 0..<100 {
            if try await RawClient.request(port: service.port, "GET", "/health/ready").status == 200 { break }
            try await Task.sleep(for: .milliseconds(20))
        }
    }

    deinit { data.remove() }

    static func waitForFile(_ path: String) async throws -> String {
        for _ in 0..<200 {
            if let text = try? String(contentsOfFile: path, encoding: .utf8), !text.isEmpty { return text.trimmingCharacters(in: .whitespacesAndNewlines) }
            try await Task.sleep(for: .milliseconds(10))
        }
        throw ServiceError("\(path) was not created")
    }

    /// Calls the service with a bearer token and an optional JSON body.
    func call(_ method: String, _ path: String, token: String?, json: String? = nil) async throws -> RawResponse {
        var headers: [String: String] = [:]
        if let token { headers["Authorization"] = "Bearer \(token)" }
        if json != nil { headers["Content-Type"] = "application/json" }
        return try await RawClient.request(port: service.port, method, path, headers: headers, body: json)
    }

    /// Creates an organization; returns its id and first API key.
    func createOrganization(_ name: String = "Contoso") async throws -> (id: String, key: String, keyID: String) {
        let response = try await call("POST", "/v1/organizations", token: adminToken, json: #"{"name": "\#(name)"}"#)
        #expect(response.status == 201)
        let object = try Self.object(response.body)
        return (object["id"] as! String, object["apiKey"] as! String, object["apiKeyId"] as! String)
    }

    static func object(_ body: String) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(body.utf8)) as? [String: Any])
    }

    /// The link body, as JSON.
    func linkBody(upn: String = "svc@contoso.com", password: String = "Svc-Secret-Plain-42!", ewsUrl: String? = nil,
                  accessMethod: String = "impersonation", testMailbox: String? = "alice@contoso.com", extra: String = "") -> String {
        var fields = [#""upn": "\#(upn)""#, #""password": "\#(password)""#, #""ewsUrl": "\#(ewsUrl ?? ews)""#, #""accessMethod": "\#(accessMethod)""#]
        if let testMailbox { fields.append(#""testMailbox": "\#(testMailbox)""#) }
        if !extra.isEmpty { fields.append(extra) }
        return "{" + fields.joined(separator: ", ") + "}"
    }

    /// PUTs a link and returns (status, reason of a 422, parsed body).
    func link(_ organization: String, key: String, body: String) async throws -> (status: Int, reason: String?, body: [String: Any]) {
        let response = try await call("PUT", "/v1/organizations/\(organization)/exchange", token: key, json: body)
        let object = (try? Self.object(response.body)) ?? [:]
        return (response.status, (object["error"] as? [String: Any])?["reason"] as? String, object)
    }

    func stop() async {
        fake.signal(SIGTERM)
        service.signal(SIGTERM)
        _ = await fake.waitForExit(timeout: 10)
        _ = await service.waitForExit(timeout: 10)
    }
}
