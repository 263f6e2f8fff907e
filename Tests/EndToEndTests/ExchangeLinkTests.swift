// Linking an organization's Exchange service account through the real a4b-calendar binary against
// the real fake-exchange binary: both access methods, every failure reason the fake or a local endpoint
// can produce, rotation, tenant isolation, and secrets at rest.
import Foundation
import Glibc
import TestSupport
import Testing

@Suite struct ExchangeLinkTests {
    @Test func impersonationLinkIsValidatedStoredAndReadBackWithoutThePassword() async throws {
        let env = try await LinkEnvironment()
        let org = try await env.createOrganization()
        let linked = try await env.link(org.id, key: org.key, body: env.linkBody(extra: #""passwordExpiresAt": "2027-02-01T00:00:00Z""#))
        #expect(linked.status == 200)
        #expect(linked.body["exchangeVersion"] as? String == "15.1.2507.6")
        #expect(linked.body["generation"] as? Int == 1)
        #expect(linked.body["status"] as? String == "active")
        #expect(linked.body["passwordExpiresAt"] as? String == "2027-02-01T00:00:00Z")
        let read = try await env.call("GET", "/v1/organizations/\(org.id)/exchange", token: org.key)
        #expect(read.status == 200)
        #expect(read.body.contains("svc@contoso.com") && !read.body.contains("Svc-Secret-Plain-42!"))
        #expect(try LinkEnvironment.object(read.body)["password"] == nil)

        // Unlinking removes it.
        #expect(try await env.call("DELETE", "/v1/organizations/\(org.id)/exchange", token: org.key).status == 204)
        #expect(try await env.call("GET", "/v1/organizations/\(org.id)/exchange", token: org.key).status == 404)
        await env.stop()
    }

    @Test func fullAccessLinkIsValidatedOnTheTestMailbox() async throws {
        let env = try await LinkEnvironment()
        let org = try await env.createOrganization()
        let linked = try await env.link(org.id, key: org.key, body: env.linkBody(upn: "svc-full@contoso.com", password: "full-secret", accessMethod: "fullAccess"))
        #expect(linked.status == 200)
        #expect(linked.body["accessMethod"] as? String == "fullAccess")
        await env.stop()
    }

    @Test(arguments: [
        // (what is wrong, the link body's changes, expected reason)
        ("OWA URL", ["ewsUrl": "OWA"], "OWA_URL_NOT_EWS"),
        ("an HTML page, not EWS", ["ewsUrl": "NOTFOUND"], "NOT_EWS"),
        ("wrong password", ["password": "wrong"], "BAD_CREDENTIALS"),
        ("no impersonation role", ["upn": "svc-full@contoso.com", "password": "full-secret"], "IMPERSONATION_DENIED"),
        ("target out of the role's scope", ["testMailbox": "room1@contoso.com"], "IMPERSONATION_DENIED"),
        ("no Editor permission", ["upn": "svc-read@contoso.com", "password": "read-secret", "accessMethod": "fullAccess"], "ACCESS_DENIED"),
        ("no rights at all", ["upn": "svc-full@contoso.com", "password": "full-secret", "accessMethod": "fullAccess", "testMailbox": "carol@contoso.com"], "ACCESS_DENIED"),
        ("unknown mailbox", ["testMailbox": "nobody@contoso.com"], "MAILBOX_NOT_FOUND"),
        ("name that never resolves", ["ewsUrl": "https://mail.contoso.invalid/EWS/Exchange.asmx"], "DNS_FAILED"),
        ("closed port", ["ewsUrl": "CLOSED"], "CONNECT_FAILED"),
    ])
    func failuresAre422WithTheReasonAndNothingIsStored(problem: String, changes: [String: String], reason: String) async throws {
        let env = try await LinkEnvironment()
        let org = try await env.createOrganization()
        var ewsUrl = changes["ewsUrl"]
        switch ewsUrl {
        case "OWA": ewsUrl = "http://127.0.0.1:\(env.fakePort)/owa/"
        case "NOTFOUND": ewsUrl = "http://127.0.0.1:\(env.fakePort)/EWS/Other.asmx"
        case "CLOSED": ewsUrl = "http://127.0.0.1:\(try closedLoopbackPort())/EWS/Exchange.asmx"
        default: break
        }
        let body = env.linkBody(upn: changes["upn"] ?? "svc@contoso.com", password: changes["password"] ?? "Svc-Secret-Plain-42!", ewsUrl: ewsUrl,
                                accessMethod: changes["accessMethod"] ?? "impersonation", testMailbox: changes["testMailbox"] ?? "alice@contoso.com")
        let result = try await env.link(org.id, key: org.key, body: body)
        #expect(result.status == 422, "\(problem)")
        #expect(result.reason == reason, "\(problem): \(result.body)")
        let error = try #require(result.body["error"] as? [String: Any])
        #expect(error["code"] as? String == "INVALID_PARAMETER")
        #expect(error["message"] as? String == "The calendar account could not be linked. If the issue persists, contact AWS Support. Invalid parameter provided.")
        #expect((error["detail"] as? String)?.isEmpty == false)
        let steps = try #require(error["steps"] as? [[String: Any]])
        #expect(steps.map { $0["id"] as? String } == ["url", "dns", "tcp", "tls", "httpAuth", "authenticate", "version", "access", "calendarOps"])
        #expect(steps.filter { $0["status"] as? String == "failed" }.count == 1)
        #expect(try await env.call("GET", "/v1/organizations/\(org.id)/exchange", token: org.key).status == 404)
        await env.stop()
    }

    @Test func exchange2010IsTooOld() async throws {
        let env = try await LinkEnvironment(fixture: LinkEnvironment.fixture.replacingOccurrences(of: "15.1.2507.6", with: "14.3.123.4"))
        let org = try await env.createOrganization()
        #expect(try await env.link(org.id, key: org.key, body: env.linkBody()).reason == "EXCHANGE_TOO_OLD")
        await env.stop()
    }

    @Test func basicAuthOffIsReported() async throws {
        let env = try await LinkEnvironment(fixture: LinkEnvironment.fixture.replacingOccurrences(of: #""basicAuth": true"#, with: #""basicAuth": false"#))
        let org = try await env.createOrganization()
        let result = try await env.link(org.id, key: org.key, body: env.linkBody())
        #expect(result.reason == "BASIC_AUTH_DISABLED")
        #expect(((result.body["error"] as? [String: Any])?["detail"] as? String)?.contains("Set-WebServicesVirtualDirectory") == true)
        await env.stop()
    }

    @Test func aSlowExchangeTimesOut() async throws {
        let env = try await LinkEnvironment()
        let org = try await env.createOrganization()
        let fault = try await RawClient.request(port: env.fakePort, "POST", "/_fake/faults", headers: ["Content-Type": "application/json"],
                                                body: #"{"fault": "delay", "delayMs": 5000}"#)
        #expect(fault.status == 201)
        #expect(try await env.link(org.id, key: org.key, body: env.linkBody()).reason == "TIMEOUT")  // --ews-timeout 2
        await env.stop()
    }

    @Test func privateAddressesNeedTheFlagAndPlainHTTPNeedsItsOwn() async throws {
        let strict = try await LinkEnvironment(serviceFlags: ["--allow-insecure-ews"])
        let org = try await strict.createOrganization()
        #expect(try await strict.link(org.id, key: org.key, body: strict.linkBody()).reason == "PRIVATE_ADDRESS")
        // A name that resolves to loopback is refused the same way.
        #expect(try await strict.link(org.id, key: org.key, body: strict.linkBody(ewsUrl: "http://localhost:\(strict.fakePort)/EWS/Exchange.asmx")).reason == "PRIVATE_ADDRESS")
        #expect(try await RawClient.request(port: strict.fakePort, "GET", "/_fake/stats").body.contains(#""totalRequests":0"#))
        await strict.stop()

        let noHTTP = try await LinkEnvironment(serviceFlags: ["--allow-private-ews"])
        let other = try await noHTTP.createOrganization()
        #expect(try await noHTTP.link(other.id, key: other.key, body: noHTTP.linkBody()).reason == "NOT_HTTPS")
        await noHTTP.stop()
    }

    @Test func hostsOutsideTheAllowListAreRefused() async throws {
        let env = try await LinkEnvironment(serviceFlags: ["--allow-private-ews", "--allow-insecure-ews", "--ews-allowed-hosts", "localhost"])
        let org = try await env.createOrganization()
        #expect(try await env.link(org.id, key: org.key, body: env.linkBody()).reason == "HOST_NOT_ALLOWED")
        #expect(try await env.link(org.id, key: org.key, body: env.linkBody(ewsUrl: "http://localhost:\(env.fakePort)/EWS/Exchange.asmx")).status == 200)
        await env.stop()
    }

    @Test func anUntrustedCertificateIsReported() async throws {
        let env = try await LinkEnvironment(serviceFlags: ["--allow-private-ews"])
        let pki = try await offThePool { try ThrowawayPKI() }
        defer { pki.remove() }
        let front = try await offThePool { try TLSFront(certificate: pki.valid, key: pki.key, backendPort: env.fakePort) }
        let org = try await env.createOrganization()
        let url = "https://127.0.0.1:\(front.port)/EWS/Exchange.asmx"
        #expect(try await env.link(org.id, key: org.key, body: env.linkBody(ewsUrl: url)).reason == "TLS_UNTRUSTED")
        await env.stop()

        // The same endpoint links once the operator trusts the private CA.
        let trusting = try await LinkEnvironment(serviceFlags: ["--allow-private-ews", "--ews-ca-file", pki.caFile])
        let front2 = try await offThePool { try TLSFront(certificate: pki.valid, key: pki.key, backendPort: trusting.fakePort) }
        let org2 = try await trusting.createOrganization()
        #expect(try await trusting.link(org2.id, key: org2.key, body: trusting.linkBody(ewsUrl: "https://127.0.0.1:\(front2.port)/EWS/Exchange.asmx")).status == 200)
        await trusting.stop()
    }

    @Test func malformedFieldsAre400BeforeAnyNetworkCall() async throws {
        let env = try await LinkEnvironment()
        let org = try await env.createOrganization()
        let cases: [(String, String)] = [
            (#"{"upn": "svc@contoso.com", "ewsUrl": "https://x.example/EWS/Exchange.asmx", "accessMethod": "impersonation"}"#, "missing required field 'password'"),
            (env.linkBody(accessMethod: "magic"), "field 'accessMethod' must be impersonation or fullAccess"),
            (env.linkBody(upn: "not an address"), "field 'upn' must be a user principal name such as alexaforbusiness@contoso.com"),
            (env.linkBody(ewsUrl: "mail.contoso.com"), "field 'ewsUrl' must be an absolute URL such as https://mail.contoso.com/EWS/Exchange.asmx"),
            (env.linkBody(extra: #""passwordExpiresAt": "soon""#), "field 'passwordExpiresAt' must be an ISO 8601 time such as 2027-02-01T00:00:00Z"),
            (#"{"upn": 5}"#, "field 'upn' must be a string"),
        ]
        for (body, message) in cases {
            let response = try await env.call("PUT", "/v1/organizations/\(org.id)/exchange", token: org.key, json: body)
            #expect(response.status == 400)
            #expect(try LinkEnvironment.object(response.body)["error"].map { ($0 as! [String: Any])["message"] as? String } == message)
        }
        #expect(try await RawClient.request(port: env.fakePort, "GET", "/_fake/stats").body.contains(#""totalRequests":0"#))
        await env.stop()
    }

    @Test func aFailedRotationKeepsTheOldLinkAndASuccessfulOneSwaps() async throws {
        let env = try await LinkEnvironment()
        let org = try await env.createOrganization()
        #expect(try await env.link(org.id, key: org.key, body: env.linkBody()).status == 200)

        let failed = try await env.link(org.id, key: org.key, body: env.linkBody(upn: "svc2@contoso.com", password: "wrong"))
        #expect(failed.reason == "BAD_CREDENTIALS")
        let kept = try LinkEnvironment.object(try await env.call("GET", "/v1/organizations/\(org.id)/exchange", token: org.key).body)
        #expect(kept["upn"] as? String == "svc@contoso.com")
        #expect(kept["generation"] as? Int == 1)
        // The stored (old) link still works: test it with {}.
        let stillWorks = try LinkEnvironment.object(try await env.call("POST", "/v1/organizations/\(org.id)/exchange/test", token: org.key,
                                                                       json: #"{"testMailbox": "alice@contoso.com"}"#).body)
        #expect(stillWorks["passed"] as? Bool == true)

        let rotated = try await env.link(org.id, key: org.key, body: env.linkBody(upn: "svc2@contoso.com", password: "Second-Secret-77?"))
        #expect(rotated.status == 200)
        #expect(rotated.body["upn"] as? String == "svc2@contoso.com")
        #expect(rotated.body["generation"] as? Int == 2)
        await env.stop()
    }

    @Test func connectivityTestReportsStepsAndStoresNothing() async throws {
        let env = try await LinkEnvironment()
        let org = try await env.createOrganization()
        let response = try await env.call("POST", "/v1/organizations/\(org.id)/exchange/test", token: org.key,
                                          json: env.linkBody(extra: #""writeTest": true"#))
        #expect(response.status == 200)
        let report = try LinkEnvironment.object(response.body)
        #expect(report["passed"] as? Bool == true)
        let steps = try #require(report["steps"] as? [[String: Any]])
        #expect(steps.map { $0["status"] as? String } == ["passed", "passed", "passed", "skipped", "passed", "passed", "passed", "passed", "passed"])
        #expect((steps.last?["detail"] as? String)?.contains("created and deleted a test event") == true)
        #expect(try await env.call("GET", "/v1/organizations/\(org.id)/exchange", token: org.key).status == 404)
        // {} with nothing stored is a clear 404.
        #expect(try await env.call("POST", "/v1/organizations/\(org.id)/exchange/test", token: org.key, json: "{}").status == 404)
        await env.stop()
    }

    @Test func tenantsAreIsolated() async throws {
        let env = try await LinkEnvironment()
        let a = try await env.createOrganization("A")
        let b = try await env.createOrganization("B")
        #expect(try await env.link(a.id, key: a.key, body: env.linkBody()).status == 200)
        // Another organization's key: 404, exactly as for an organization that does not exist.
        #expect(try await env.call("GET", "/v1/organizations/\(a.id)/exchange", token: b.key).status == 404)
        #expect(try await env.call("GET", "/v1/organizations/\(a.id)", token: b.key).status == 404)
        #expect(try await env.call("GET", "/v1/organizations/org_missing", token: b.key).status == 404)
        #expect(try await env.call("PUT", "/v1/organizations/\(a.id)/exchange", token: b.key, json: env.linkBody()).status == 404)
        // No key, a wrong key: 401. An organization key on an admin route: 403. The admin token works everywhere.
        #expect(try await env.call("GET", "/v1/organizations/\(a.id)", token: nil).status == 401)
        #expect(try await env.call("GET", "/v1/organizations/\(a.id)", token: "a4b_wrong").status == 401)
        #expect(try await env.call("GET", "/v1/organizations", token: a.key).status == 403)
        #expect(try await env.call("GET", "/v1/organizations/\(a.id)/exchange", token: env.adminToken).status == 200)
        let list = try LinkEnvironment.object(try await env.call("GET", "/v1/organizations?limit=1", token: env.adminToken).body)
        #expect((list["organizations"] as? [Any])?.count == 1 && list["nextCursor"] is String)

        // Keys rotate: a new key works, the revoked one stops at once.
        let issued = try LinkEnvironment.object(try await env.call("POST", "/v1/organizations/\(a.id)/api-keys", token: a.key).body)
        let newKey = try #require(issued["apiKey"] as? String)
        #expect(try await env.call("DELETE", "/v1/organizations/\(a.id)/api-keys/\(a.keyID)", token: newKey).status == 204)
        #expect(try await env.call("GET", "/v1/organizations/\(a.id)", token: a.key).status == 401)
        #expect(try await env.call("GET", "/v1/organizations/\(a.id)", token: newKey).status == 200)
        await env.stop()
    }

    @Test func passwordsNeverReachTheDatabaseFileTheLogsOrResponsesInClear() async throws {
        let env = try await LinkEnvironment()
        let org = try await env.createOrganization()
        let linked = try await env.link(org.id, key: org.key, body: env.linkBody())
        #expect(linked.status == 200)
        _ = try await env.link(org.id, key: org.key, body: env.linkBody(password: "Wrong-But-Secret-99"))
        let secret = Array("Svc-Secret-Plain-42!".utf8)
        for file in ["a4b-calendar.sqlite", "a4b-calendar.sqlite-wal"] {
            if let bytes = FileManager.default.contents(atPath: env.data.path + "/data/" + file) {
                #expect(Array(bytes).firstRange(of: secret) == nil, "\(file) holds the password in clear")
            }
        }
        await env.stop()
        let logs = env.service.lines.joined(separator: "\n")
        #expect(!logs.contains("Svc-Secret-Plain-42!") && !logs.contains("Wrong-But-Secret-99"))
        #expect(!logs.contains(env.adminToken) && !logs.contains(org.key))
        #expect(logs.contains("admin-token"), "the log says where the admin token is")
    }

    @Test func theCommandLineRunsTheSameSteps() async throws {
        let env = try await LinkEnvironment()
        let result = try await runProgram(ServiceProcess.buildDirectory.appendingPathComponent("a4b-calendar"),
                                          ["exchange", "test", "--upn", "svc@contoso.com", "--ews-url", env.ews, "--test-mailbox", "room1@contoso.com",
                                           "--allow-private-ews", "--allow-insecure-ews"],
                                          environment: ["A4B_EWS_PASSWORD": "Svc-Secret-Plain-42!", "PATH": "/usr/bin:/bin"])
        let text = result.output
        #expect(result.status == 1)
        let lines = text.split(separator: "\n").map(String.init)
        #expect(lines.count == 10)
        #expect(lines.first?.hasPrefix("passed   url") == true)
        #expect(lines.contains { $0.hasPrefix("failed   access") && $0.contains("[IMPERSONATION_DENIED]") })
        #expect(lines.last == "FAILED: IMPERSONATION_DENIED")
        await env.stop()
    }

    /// The command line validates like the REST route: credentials in the URL, an unknown access method and a
    /// malformed mailbox are refused before any network call, naming the flag.
    @Test(arguments: [
        (["--ews-url", "http://svc:url-secret@127.0.0.1:9/EWS/Exchange.asmx"], "--ews-url", "url-secret"),
        (["--ews-url", "http://127.0.0.1:9/EWS/Exchange.asmx", "--access-method", "delegate"], "--access-method", nil),
        (["--ews-url", "http://127.0.0.1:9/EWS/Exchange.asmx", "--test-mailbox", "not an address"], "--test-mailbox", nil),
    ] as [([String], String, String?)])
    func theCommandLineRefusesWhatTheRESTRouteRefuses(arguments: [String], flag: String, secret: String?) async throws {
        let result = try await runProgram(ServiceProcess.buildDirectory.appendingPathComponent("a4b-calendar"),
                                          ["exchange", "test", "--upn", "svc@contoso.com", "--allow-private-ews", "--allow-insecure-ews"] + arguments,
                                          environment: ["A4B_EWS_PASSWORD": "pw", "PATH": "/usr/bin:/bin"])
        #expect(result.status == 64, "\(result.output) \(result.error)")
        #expect(result.error.contains(flag), "\(result.error)")
        #expect(!result.output.contains("passed"), "no step ran: \(result.output)")
        if let secret { #expect(!result.error.contains(secret) && !result.output.contains(secret)) }
    }
}
