// The EWS client against fake-exchange served on loopback: every operation in both access modes,
// every error the fake can produce, escaping, throttling retries and connection reuse.
import Curl
import EWS
import FakeExchange
import Foundation
import HTTPServer
import Logging
import TestSupport
import Testing

/// A fake Exchange on 127.0.0.1 with a fixed fixture, and clients for its accounts.
struct FakeEnvironment {
    static let fixture = """
        {"server": {"build": "15.1.2507.6", "basicAuth": true},
         "mailboxes": [
          {"smtp": "alice@contoso.com", "displayName": "Alice Jones", "password": "alice-secret", "aliases": ["a.jones@contoso.com"],
           "calendarPermissions": {"svc-full@contoso.com": "Editor", "svc-read@contoso.com": "Reviewer"},
           "sendAs": ["svc-full@contoso.com"],
           "events": [
             {"subject": "Standup", "day": 0, "time": "09:00", "timeZone": "UTC", "durationMinutes": 15,
              "recurrence": {"frequency": "daily", "interval": 1, "count": 5}},
             {"subject": "Dentist", "day": 1, "time": "16:00", "timeZone": "UTC", "durationMinutes": 60, "location": "Main Street 1"}
           ]},
          {"smtp": "carol@contoso.com", "displayName": "Carol White", "password": "carol-secret"},
          {"smtp": "room1@contoso.com", "displayName": "Room 1", "kind": "room"},
          {"smtp": "svc@contoso.com", "displayName": "Impersonation Service", "password": "svc-secret",
           "impersonation": {"scope": "userMailboxes"}},
          {"smtp": "svc-full@contoso.com", "displayName": "Delegate Service", "password": "full-secret"},
          {"smtp": "svc-read@contoso.com", "displayName": "Read-only Delegate", "password": "read-secret"}
         ]}
        """

    /// The deadline of calls that should succeed. Generous, since under the full suite this process's tasks can
    /// wait seconds for a thread (a throttled call's back-off sleep among them); a call that works returns at once.
    static let callTimeout: Duration = .seconds(20)

    let fake: FakeExchange
    let server: HTTPServer
    let transport: CurlTransport
    var endpoint: String { "http://127.0.0.1:\(server.port)/EWS/Exchange.asmx" }
    var port: Int { server.port }

    static func run(fixture: String = fixture, _ body: (FakeEnvironment) async throws -> Void) async throws {
        let fake = try FakeExchange.load(fixture: Data(fixture.utf8), now: Date())
        var configuration = HTTPServerConfiguration()
        configuration.port = 0
        configuration.drainTimeout = 1
        let server = try fake.serve(configuration: configuration, logger: Logger(label: "fake") { _ in SwiftLogNoOpLogHandler() })
        var transportConfiguration = CurlTransport.Configuration()
        transportConfiguration.addressPolicy = .allowAll  // the fake is on loopback
        transportConfiguration.allowInsecureHTTP = true
        let environment = FakeEnvironment(fake: fake, server: server, transport: CurlTransport(configuration: transportConfiguration))
        do { try await body(environment) } catch {
            environment.transport.shutdown()
            await server.shutdown()
            throw error
        }
        environment.transport.shutdown()
        await server.shutdown()
    }

    func client(_ user: String, _ password: String, endpoint: String? = nil) -> EWSClient {
        EWSClient(endpoint: endpoint ?? self.endpoint, username: user, password: password, transport: transport,
                  logger: Logger(label: "ews") { _ in SwiftLogNoOpLogHandler() })
    }

    var impersonating: EWSClient { client("svc@contoso.com", "svc-secret") }
    var delegate: EWSClient { client("svc-full@contoso.com", "full-secret") }

    func control(_ method: String, _ path: String, body: String? = nil) async throws -> RawResponse {
        try await RawClient.request(port: port, method, path, headers: body == nil ? [:] : ["Content-Type": "application/json"], body: body)
    }

    func storedSubjects(_ mailbox: String) async throws -> [String] {
        let response = try await control("GET", "/_fake/mailboxes/\(mailbox)/events")
        let events = try JSONSerialization.jsonObject(with: Data(response.body.utf8)) as? [[String: Any]] ?? []
        return events.compactMap { $0["subject"] as? String }
    }
}

/// The EWSError `body` threw, nil when it succeeded (any other error fails the test).
func ewsError(_ body: () async throws -> Void, sourceLocation: SourceLocation = #_sourceLocation) async -> EWSError? {
    do {
        try await body()
        return nil
    } catch let error as EWSError {
        return error
    } catch {
        Issue.record("expected an EWSError, got \(error)", sourceLocation: sourceLocation)
        return nil
    }
}

func expectError(_ expected: EWSError, _ body: () async throws -> Void, sourceLocation: SourceLocation = #_sourceLocation) async {
    let error = await ewsError(body, sourceLocation: sourceLocation)
    #expect(error == expected, sourceLocation: sourceLocation)
}

@Suite struct ClientAgainstFakeTests {
    let window: (start: Date, end: Date) = {
        let today = Calendar(identifier: .gregorian).startOfDay(for: Date())
        return (today.addingTimeInterval(-86_400), today.addingTimeInterval(7 * 86_400))
    }()

    @Test func probeReadsTheServerVersion() async throws {
        try await FakeEnvironment.run { env in
            let version = try await env.impersonating.probe(timeout: FakeEnvironment.callTimeout)
            #expect(version.build == "15.1.2507.6")
            #expect(version.isSupported)
        }
    }

    @Test func exchange2010IsTooOld() async throws {
        let fixture = FakeEnvironment.fixture.replacingOccurrences(of: "15.1.2507.6", with: "14.3.123.4")
        try await FakeEnvironment.run(fixture: fixture) { env in
            await expectError(.exchangeTooOld(ServerVersion(major: 14, minor: 3, majorBuild: 123, minorBuild: 4, name: "Exchange2010_SP2"))) {
                _ = try await env.impersonating.probe(timeout: FakeEnvironment.callTimeout)
            }
        }
    }

    @Test func wrongPasswordIsUnauthorized() async throws {
        try await FakeEnvironment.run { env in
            await expectError(.unauthorized) { _ = try await env.client("svc@contoso.com", "wrong").probe(timeout: FakeEnvironment.callTimeout) }
        }
    }

    @Test func basicAuthOffIsReportedWithTheOfferedSchemes() async throws {
        let fixture = FakeEnvironment.fixture.replacingOccurrences(of: #""basicAuth": true"#, with: #""basicAuth": false"#)
        try await FakeEnvironment.run(fixture: fixture) { env in
            await expectError(.basicAuthNotOffered(offered: ["Negotiate", "NTLM"])) { _ = try await env.impersonating.probe(timeout: FakeEnvironment.callTimeout) }
            let check = try await env.impersonating.checkEndpoint(timeout: FakeEnvironment.callTimeout)
            #expect(check.offeredSchemes == ["Negotiate", "NTLM"] && !check.offersBasic)
        }
        try await FakeEnvironment.run { env in
            let check = try await env.impersonating.checkEndpoint(timeout: FakeEnvironment.callTimeout)
            #expect(check.offeredSchemes == ["Basic"] && check.offersBasic)
        }
    }

    @Test func theOWAAddressIsNotEWS() async throws {
        try await FakeEnvironment.run { env in
            let owa = env.client("svc@contoso.com", "svc-secret", endpoint: "http://127.0.0.1:\(env.port)/owa/")
            let error = await ewsError { _ = try await owa.probe(timeout: FakeEnvironment.callTimeout) }
            guard case .notEWS(.owaRedirect(let location)) = error else { Issue.record("got \(String(describing: error))"); return }
            #expect(location.contains("/owa/auth/logon.aspx"))
        }
    }

    @Test func calendarViewByImpersonationAndByDelegation() async throws {
        try await FakeEnvironment.run { env in
            let impersonated = try await env.impersonating.calendarView(.impersonation("alice@contoso.com"), start: window.start, end: window.end, timeout: FakeEnvironment.callTimeout)
            let delegated = try await env.delegate.calendarView(.delegate("alice@contoso.com"), start: window.start, end: window.end, timeout: FakeEnvironment.callTimeout)
            #expect(impersonated == delegated)
            #expect(impersonated.events.filter { $0.subject == "Standup" }.count == 5, "the daily series is expanded")
            #expect(impersonated.events.filter { $0.subject == "Standup" }.allSatisfy { $0.itemType == "Occurrence" })
            let dentist = try #require(impersonated.events.first { $0.subject == "Dentist" })
            #expect(dentist.location == "Main Street 1")
            #expect(dentist.end.timeIntervalSince(dentist.start) == 3600)
            #expect(impersonated.events == impersonated.events.sorted { $0.start < $1.start })
        }
    }

    @Test func maxEntriesTruncatesAndSaysSo() async throws {
        try await FakeEnvironment.run { env in
            let view = try await env.impersonating.calendarView(.impersonation("alice@contoso.com"), start: window.start, end: window.end, maxEntries: 2, timeout: FakeEnvironment.callTimeout)
            #expect(view.events.count == 2)
            #expect(view.totalInWindow == 6)
            #expect(!view.includesLast)
        }
    }

    @Test func impersonationFailuresAreTyped() async throws {
        try await FakeEnvironment.run { env in
            // No ApplicationImpersonation role at all.
            await expectError(.impersonationDenied) {
                _ = try await env.delegate.calendarView(.impersonation("alice@contoso.com"), start: window.start, end: window.end, timeout: FakeEnvironment.callTimeout)
            }
            // The role's scope (user mailboxes) does not include rooms.
            await expectError(.impersonateUserDenied) {
                _ = try await env.impersonating.calendarView(.impersonation("room1@contoso.com"), start: window.start, end: window.end, timeout: FakeEnvironment.callTimeout)
            }
            await expectError(.mailboxNotFound) {
                _ = try await env.impersonating.calendarView(.impersonation("nobody@contoso.com"), start: window.start, end: window.end, timeout: FakeEnvironment.callTimeout)
            }
        }
    }

    @Test func delegateWithoutRightsIsAccessDenied() async throws {
        try await FakeEnvironment.run { env in
            let error = await ewsError { _ = try await env.delegate.calendarView(.delegate("carol@contoso.com"), start: window.start, end: window.end, timeout: FakeEnvironment.callTimeout) }
            guard case .accessDenied = error else { Issue.record("got \(String(describing: error))"); return }
        }
    }

    @Test func calendarRightsTellEditorFromReviewer() async throws {
        try await FakeEnvironment.run { env in
            #expect(try await env.delegate.calendarRights(.delegate("alice@contoso.com"), timeout: FakeEnvironment.callTimeout).isEditor)
            let reviewer = try await env.client("svc-read@contoso.com", "read-secret").calendarRights(.delegate("alice@contoso.com"), timeout: FakeEnvironment.callTimeout)
            #expect(reviewer.read && !reviewer.isEditor)
            #expect(try await env.impersonating.calendarRights(.impersonation("alice@contoso.com"), timeout: FakeEnvironment.callTimeout).isEditor)
        }
    }

    @Test(arguments: [true, false])
    func createMoveAndCancelRoundTripWithEscaping(impersonated: Bool) async throws {
        try await FakeEnvironment.run { env in
            let client = impersonated ? env.impersonating : env.delegate
            let access: MailboxAccess = impersonated ? .impersonation("alice@contoso.com") : .delegate("alice@contoso.com")
            let subject = #"Lunch <with> Sam & "Kim" 'n' co 🍜 日本"#
            let start = window.start.addingTimeInterval(2 * 86_400 + 12 * 3600)
            let id = try await client.createEvent(access, NewEvent(subject: subject, start: start, end: start.addingTimeInterval(3600),
                                                                   location: "Café <Zürich> & Co", timeZoneID: "UTC"), timeout: FakeEnvironment.callTimeout)
            #expect(try await env.storedSubjects("alice@contoso.com").contains(subject))
            let view = try await client.calendarView(access, start: window.start, end: window.end, timeout: FakeEnvironment.callTimeout)
            let created = try #require(view.events.first { $0.subject == subject })
            #expect(created.location == "Café <Zürich> & Co")
            #expect(created.start == start)

            let moved = try await client.moveEvent(access, id, start: start.addingTimeInterval(3600), end: start.addingTimeInterval(7200),
                                                   notifyAttendees: false, timeout: FakeEnvironment.callTimeout)
            let after = try await client.calendarView(access, start: window.start, end: window.end, timeout: FakeEnvironment.callTimeout)
            #expect(after.events.first { $0.subject == subject }?.start == start.addingTimeInterval(3600))

            try await client.cancelEvent(access, moved, notifyAttendees: false, timeout: FakeEnvironment.callTimeout)
            #expect(try await !env.storedSubjects("alice@contoso.com").contains(subject))
            await expectError(.itemNotFound) { try await client.cancelEvent(access, moved, notifyAttendees: false, timeout: FakeEnvironment.callTimeout) }
        }
    }

    @Test func reviewerCannotCreate() async throws {
        try await FakeEnvironment.run { env in
            let reader = env.client("svc-read@contoso.com", "read-secret")
            let error = await ewsError { _ = try await reader.createEvent(.delegate("alice@contoso.com"), NewEvent(subject: "x", start: window.start, end: window.end), timeout: FakeEnvironment.callTimeout) }
            guard case .accessDenied = error else { Issue.record("got \(String(describing: error))"); return }
        }
    }

    @Test func resolveNameFindsPrimaryAddressesAndAliases() async throws {
        try await FakeEnvironment.run { env in
            #expect(try await env.impersonating.resolveName("alice@contoso.com", timeout: FakeEnvironment.callTimeout).address == "alice@contoso.com")
            let alias = try await env.impersonating.resolveName("a.jones@contoso.com", timeout: FakeEnvironment.callTimeout)
            #expect(alias.address == "alice@contoso.com")
            #expect(alias.name == "Alice Jones")
            await expectError(.nameNotResolved) { _ = try await env.impersonating.resolveName("nobody@contoso.com", timeout: FakeEnvironment.callTimeout) }
        }
    }

    @Test func sendMailAsServiceAccountAndAsDelegate() async throws {
        try await FakeEnvironment.run { env in
            try await env.impersonating.sendMail(.serviceAccount, to: ["svc@contoso.com"], subject: "Password expires in 7 days",
                                                 body: "Rotate it <soon> & well.", timeout: FakeEnvironment.callTimeout)
            try await env.delegate.sendMail(.delegate("alice@contoso.com"), to: ["carol@contoso.com"], subject: "From Alice",
                                            body: "hi", timeout: FakeEnvironment.callTimeout)
            let sent = try await env.control("GET", "/_fake/sent")
            #expect(sent.body.contains("Password expires in 7 days"))
            #expect(sent.body.contains("From Alice"))
            let reader = env.client("svc-read@contoso.com", "read-secret")
            await expectError(.sendAsDenied) {
                try await reader.sendMail(.delegate("alice@contoso.com"), to: ["carol@contoso.com"], subject: "x", body: "y", timeout: FakeEnvironment.callTimeout)
            }
        }
    }

    @Test func throttledReadsAreRetriedOnceWhenTheBackOffFits() async throws {
        try await FakeEnvironment.run { env in
            let access = MailboxAccess.impersonation("alice@contoso.com")
            _ = try await env.control("POST", "/_fake/faults", body: #"{"fault": "serverBusy", "operation": "FindItem", "count": 1, "backOffMilliseconds": 100}"#)
            #expect(try await !env.impersonating.calendarView(access, start: window.start, end: window.end, timeout: FakeEnvironment.callTimeout).events.isEmpty)

            _ = try await env.control("POST", "/_fake/faults", body: #"{"fault": "serverBusy", "operation": "FindItem", "count": 2, "backOffMilliseconds": 100}"#)
            await expectError(.throttled(backOffMilliseconds: 100)) {
                _ = try await env.impersonating.calendarView(access, start: window.start, end: window.end, timeout: FakeEnvironment.callTimeout)
            }
            _ = try await env.control("DELETE", "/_fake/faults")

            // A back-off longer than the caller's deadline is not waited for.
            _ = try await env.control("POST", "/_fake/faults", body: #"{"fault": "serverBusy", "operation": "FindItem", "count": 1, "backOffMilliseconds": 60000}"#)
            await expectError(.throttled(backOffMilliseconds: 60000)) {
                _ = try await env.impersonating.calendarView(access, start: window.start, end: window.end, timeout: .seconds(2))
            }
        }
    }

    @Test func aThrottledCreateIsNeverRetried() async throws {
        try await FakeEnvironment.run { env in
            _ = try await env.control("POST", "/_fake/faults", body: #"{"fault": "serverBusy", "operation": "CreateItem", "count": 1, "backOffMilliseconds": 10}"#)
            let start = window.start.addingTimeInterval(3 * 86_400)
            await expectError(.throttled(backOffMilliseconds: 10)) {
                _ = try await env.impersonating.createEvent(.impersonation("alice@contoso.com"), NewEvent(subject: "Once", start: start, end: start.addingTimeInterval(600)), timeout: FakeEnvironment.callTimeout)
            }
            #expect(try await !env.storedSubjects("alice@contoso.com").contains("Once"))
            let stats = try await env.control("GET", "/_fake/stats")
            #expect(stats.body.contains(#""CreateItem":1"#))
        }
    }

    @Test func http503IsThrottledAndDelaysTimeOut() async throws {
        try await FakeEnvironment.run { env in
            // One 503 is absorbed by the single retry of an idempotent call; two are reported.
            _ = try await env.control("POST", "/_fake/faults", body: #"{"fault": "http503", "count": 1}"#)
            #expect(try await env.impersonating.probe(timeout: FakeEnvironment.callTimeout).isSupported)
            _ = try await env.control("POST", "/_fake/faults", body: #"{"fault": "http503", "count": 2}"#)
            await expectError(.throttled(backOffMilliseconds: nil)) { _ = try await env.impersonating.probe(timeout: FakeEnvironment.callTimeout) }
            _ = try await env.control("POST", "/_fake/faults", body: #"{"fault": "delay", "delayMs": 3000, "count": 1}"#)
            await expectError(.timeout) { _ = try await env.impersonating.probe(timeout: .milliseconds(300)) }
        }
    }

    @Test func brokenAnswersAreTypedErrors() async throws {
        try await FakeEnvironment.run { env in
            _ = try await env.control("POST", "/_fake/faults", body: #"{"fault": "malformedXml", "count": 1}"#)
            let error = await ewsError { _ = try await env.impersonating.probe(timeout: FakeEnvironment.callTimeout) }
            guard case .malformedResponse = error else { Issue.record("malformed XML gave \(String(describing: error))"); return }
            // A create goes on a fresh connection, so a dropped answer is reported, never silently re-sent.
            _ = try await env.control("POST", "/_fake/faults", body: #"{"fault": "closeConnection", "operation": "CreateItem", "count": 1}"#)
            let start = window.start.addingTimeInterval(4 * 86_400)
            let dropped = await ewsError {
                _ = try await env.impersonating.createEvent(.impersonation("alice@contoso.com"),
                                                            NewEvent(subject: "Dropped", start: start, end: start.addingTimeInterval(600)), timeout: FakeEnvironment.callTimeout)
            }
            guard case .connectionLost = dropped else { Issue.record("a dropped connection gave \(String(describing: dropped))"); return }
            let stats = try await env.control("GET", "/_fake/stats")
            #expect(stats.body.contains(#""CreateItem":1"#), "the create was sent exactly once")
        }
    }

    @Test func warmCallsReuseOneConnection() async throws {
        try await FakeEnvironment.run { env in
            for _ in 0..<10 {
                _ = try await env.impersonating.calendarView(.impersonation("alice@contoso.com"), start: window.start, end: window.end, timeout: FakeEnvironment.callTimeout)
            }
            let stats = try await env.control("GET", "/_fake/stats")
            let decoded = try JSONSerialization.jsonObject(with: Data(stats.body.utf8)) as? [String: Any]
            // One connection for the ten EWS calls, one for this control request.
            #expect(decoded?["connectionsAccepted"] as? Int == 2)
        }
    }
}
