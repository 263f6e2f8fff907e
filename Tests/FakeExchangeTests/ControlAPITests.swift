// ControlAPITests: the /_fake JSON API: events, sent, fault injection (all kinds, narrowing, counts), reset, stats.
import Foundation
import Testing

@testable import FakeExchange

private func control(_ fake: FakeExchange, _ method: String, _ path: String, _ json: String? = nil) -> FakeHTTPResponse {
    fake.handle(FakeHTTPRequest(method: method, path: path, headers: [(name: "Content-Type", value: "application/json")],
                                body: Data((json ?? "").utf8)))
}

private func object(_ response: FakeHTTPResponse) throws -> [String: Any] {
    try #require(try JSONSerialization.jsonObject(with: response.body) as? [String: Any])
}

private let findItem = envelope(calendarViewBody(start: "2026-11-25T00:00:00Z", end: "2026-11-26T00:00:00Z"))
private let getFolder = envelope(getFolderBody(distinguished("calendar")))

@Suite struct ControlAPITests {
    @Test func healthAnswers200() throws {
        let fake = try makeFake()
        let response = control(fake, "GET", "/_fake/health")
        #expect(response.status == 200)
        #expect(try object(response)["status"] as? String == "ok")
    }

    @Test func eventsListMastersAndSinglesAsStored() throws {
        let fake = try makeFake()
        let response = control(fake, "GET", "/_fake/mailboxes/alice%40contoso.com/events")
        #expect(response.status == 200)
        let list = try #require(try JSONSerialization.jsonObject(with: response.body) as? [[String: Any]])
        #expect(list.count == 4)
        let standup = try #require(list.first)
        for key in ["id", "subject", "start", "end", "isAllDay", "location", "sensitivity", "organizer", "recurrence"] {
            #expect(standup[key] != nil, "\(key)")
        }
        #expect(standup["start"] as? String == "2026-11-25T14:00:00Z")
        #expect(standup["organizer"] as? String == "bob@contoso.com")
        let recurrence = try #require(standup["recurrence"] as? [String: Any])
        #expect(recurrence["frequency"] as? String == "weekly")
        #expect(recurrence["daysOfWeek"] as? [String] == ["Monday", "Wednesday"])
        #expect(recurrence["count"] as? Int == 10)
        #expect(control(fake, "GET", "/_fake/mailboxes/ghost@contoso.com/events").status == 404)
    }

    @Test func serverBusyHitsCountRequestsThenStops() throws {
        let fake = try makeFake()
        let added = control(fake, "POST", "/_fake/faults", #"{"fault": "serverBusy", "count": 2, "backOffMilliseconds": 300}"#)
        #expect(added.status == 201)
        for _ in 0..<2 {
            let busy = try Answer(post(fake, getFolder))
            #expect(busy.response.status == 500)
            #expect(busy.faultCode == "ErrorServerBusy")
            let backOff = busy.fault?.firstChild(nil, "detail")?.firstChild(NS.t, "MessageXml")?.firstChild(NS.t, "Value")
            #expect(backOff?.attribute("Name") == "BackOffMilliseconds")
            #expect(backOff?.text == "300")
        }
        #expect(post(fake, getFolder).status == 200)
    }

    @Test func operationAndMailboxNarrowTheFault() throws {
        let fake = try makeFake()
        _ = control(fake, "POST", "/_fake/faults", #"{"fault": "serverBusy", "operation": "FindItem", "mailbox": "bob@contoso.com"}"#)
        #expect(post(fake, getFolder).status == 200)
        #expect(post(fake, findItem).status == 200)
        let bobView = envelope(calendarViewBody(start: "2026-11-25T00:00:00Z", end: "2026-11-26T00:00:00Z", mailbox: "bob@contoso.com"))
        #expect(try Answer(post(fake, bobView, user: "svc-full@contoso.com", password: "full-secret")).faultCode == "ErrorServerBusy")
        // The impersonated user counts as the mailbox too.
        let impersonated = envelope(calendarViewBody(start: "2026-11-25T00:00:00Z", end: "2026-11-26T00:00:00Z"),
                                    header: impersonationHeader("<t:PrimarySmtpAddress>bob@contoso.com</t:PrimarySmtpAddress>"))
        #expect(try Answer(post(fake, impersonated, user: "svc@contoso.com", password: "svc-secret")).faultCode == "ErrorServerBusy")
        // Without a count the fault stays until cleared.
        #expect(try Answer(post(fake, bobView, user: "svc-full@contoso.com", password: "full-secret")).faultCode == "ErrorServerBusy")
        #expect(control(fake, "DELETE", "/_fake/faults").status == 200)
        #expect(post(fake, bobView, user: "svc-full@contoso.com", password: "full-secret").status == 200)
    }

    /// exchangelib sends PrincipalName before PrimarySmtpAddress, and addresses folders it already
    /// resolved by FolderId: a fault narrowed to a mailbox must still hit those requests.
    @Test func mailboxNarrowingResolvesUPNsSIDsAndFolderIds() throws {
        let fake = try makeFake()
        _ = control(fake, "POST", "/_fake/faults", #"{"fault": "serverBusy", "operation": "FindItem", "mailbox": "alice@contoso.com"}"#)
        let view = calendarViewBody(start: "2026-11-25T00:00:00Z", end: "2026-11-26T00:00:00Z")
        for sid in [
            "<t:PrincipalName>alice@corp.contoso.com</t:PrincipalName><t:PrimarySmtpAddress>alice@contoso.com</t:PrimarySmtpAddress>",
            "<t:SID>S-1-5-21-1-2-3-1001</t:SID>", "<t:SmtpAddress>a.jones@contoso.com</t:SmtpAddress>",
        ] {
            let answer = try Answer(post(fake, envelope(view, header: impersonationHeader(sid)), user: "svc@contoso.com", password: "svc-secret"))
            #expect(answer.faultCode == "ErrorServerBusy", "\(sid)")
        }
        let folderID = FolderReference(mailbox: "alice@contoso.com", folder: .calendar).encoded
        let byFolderID = view.replacingOccurrences(of: distinguished("calendar"), with: #"<t:FolderId Id="\#(folderID)"/>"#)
        #expect(try Answer(post(fake, envelope(byFolderID), user: "svc-full@contoso.com", password: "full-secret")).faultCode == "ErrorServerBusy")
        let byAlias = envelope(calendarViewBody(start: "2026-11-25T00:00:00Z", end: "2026-11-26T00:00:00Z", mailbox: "A.Jones@contoso.com"))
        #expect(try Answer(post(fake, byAlias, user: "svc-full@contoso.com", password: "full-secret")).faultCode == "ErrorServerBusy")
        // Other mailboxes stay untouched.
        let bob = envelope(view, header: impersonationHeader("<t:PrimarySmtpAddress>bob@contoso.com</t:PrimarySmtpAddress>"))
        #expect(post(fake, bob, user: "svc@contoso.com", password: "svc-secret").status == 200)
        // A rule may name the mailbox by alias or UPN.
        #expect(control(fake, "DELETE", "/_fake/faults").status == 200)
        _ = control(fake, "POST", "/_fake/faults", #"{"fault": "serverBusy", "mailbox": "alice@corp.contoso.com", "count": 1}"#)
        #expect(try Answer(post(fake, envelope(view))).faultCode == "ErrorServerBusy")
        _ = control(fake, "POST", "/_fake/faults", #"{"fault": "serverBusy", "mailbox": "A.Jones@contoso.com", "count": 1}"#)
        #expect(try Answer(post(fake, envelope(view))).faultCode == "ErrorServerBusy")
    }

    @Test func http503AndMalformedAndCloseAndDelay() throws {
        let fake = try makeFake()
        _ = control(fake, "POST", "/_fake/faults", #"{"fault": "http503", "count": 1}"#)
        let unavailable = post(fake, getFolder)
        #expect(unavailable.status == 503)
        #expect(!unavailable.bodyText.contains("Envelope"))

        _ = control(fake, "POST", "/_fake/faults", #"{"fault": "malformedXml", "count": 1}"#)
        let malformed = post(fake, getFolder)
        #expect(malformed.status == 200)
        #expect(malformed.header("Content-Type")?.hasPrefix("text/xml") == true)
        #expect(throws: (any Error).self) { try Answer(malformed) }

        _ = control(fake, "POST", "/_fake/faults", #"{"fault": "closeConnection", "count": 1}"#)
        #expect(post(fake, getFolder).closeConnection)

        _ = control(fake, "POST", "/_fake/faults", #"{"fault": "delay", "delayMs": 5000, "count": 1}"#)
        let delayed = post(fake, getFolder)
        #expect(delayed.status == 200)
        #expect(delayed.delay == .milliseconds(5000))
        let normal = post(fake, getFolder)
        #expect(normal.delay == .zero)
        #expect(!normal.closeConnection)
    }

    /// As Exchange once the service account's password expired: 401 with the Basic challenge and no body, for the
    /// right password too; once the rule is used up the same request works again.
    @Test func unauthorizedAnswersTheChallengeWhateverThePassword() throws {
        let fake = try makeFake()
        _ = control(fake, "POST", "/_fake/faults", #"{"fault": "unauthorized", "count": 1}"#)
        let refused = post(fake, getFolder)
        #expect(refused.status == 401)
        #expect(refused.header("WWW-Authenticate")?.hasPrefix("Basic realm=") == true)
        #expect(refused.bodyText.isEmpty)
        #expect(post(fake, getFolder).status == 200)
    }

    @Test func severalFaultsAtOnce() throws {
        let fake = try makeFake()
        _ = control(fake, "POST", "/_fake/faults", #"{"fault": "delay", "delayMs": 200, "count": 1}"#)
        _ = control(fake, "POST", "/_fake/faults", #"{"fault": "serverBusy", "count": 1}"#)
        let both = try Answer(post(fake, getFolder))
        #expect(both.faultCode == "ErrorServerBusy")
        #expect(both.response.delay == .milliseconds(200))
        let listed = control(fake, "GET", "/_fake/faults")
        #expect(listed.bodyText == "[]")
    }

    @Test(arguments: [
        (#"{"fault": "meteor"}"#, "fault"), (#"{"operation": "FindItem"}"#, "fault"), (#"{"fault": "delay", "count": 0}"#, "count"),
        (#"{"fault": "delay", "delayMs": "soon"}"#, "delayMs"), ("not json", "JSON"),
    ])
    func badFaultBodiesAre400NamingTheField(body: String, field: String) throws {
        let fake = try makeFake()
        let response = control(fake, "POST", "/_fake/faults", body)
        #expect(response.status == 400)
        let error = try #require(try object(response)["error"] as? [String: Any])
        #expect(error["code"] as? String == "invalid_fault")
        #expect((error["message"] as? String)?.contains(field) == true, "\(error)")
    }

    @Test func resetRestoresTheFixtureAndClearsFaults() throws {
        let fake = try makeFake()
        let id = ItemReference(kind: .calendarItem, mailbox: "alice@contoso.com", number: 2).encoded
        let delete = #"<m:DeleteItem DeleteType="HardDelete" SendMeetingCancellations="SendToNone"><m:ItemIds><t:ItemId Id="\#(id)"/></m:ItemIds></m:DeleteItem>"#
        #expect(try Answer(post(fake, envelope(delete))).responseClass() == "Success")
        _ = control(fake, "POST", "/_fake/faults", #"{"fault": "serverBusy"}"#)
        #expect(control(fake, "POST", "/_fake/reset").status == 200)
        #expect(post(fake, getFolder).status == 200)
        let list = try #require(try JSONSerialization.jsonObject(with: control(fake, "GET", "/_fake/mailboxes/alice@contoso.com/events").body) as? [[String: Any]])
        #expect(list.count == 4)
    }

    @Test func statsCountOperationsAndConnections() throws {
        let fake = try makeFake()
        fake.connectionAccepted()
        _ = post(fake, getFolder)
        _ = post(fake, getFolder)
        _ = post(fake, findItem)
        _ = post(fake, getFolder, password: "wrong")
        let stats = try object(control(fake, "GET", "/_fake/stats"))
        let byOperation = try #require(stats["requestsByOperation"] as? [String: Int])
        #expect(byOperation["GetFolder"] == 2)
        #expect(byOperation["FindItem"] == 1)
        #expect(byOperation["(unauthorized)"] == 1)
        #expect(stats["connectionsAccepted"] as? Int == 1)
        #expect(stats["totalRequests"] as? Int == 4)
    }

    @Test func unknownControlRouteIs404AndWrongMethodIs405() throws {
        let fake = try makeFake()
        #expect(control(fake, "GET", "/_fake/nothing").status == 404)
        #expect(control(fake, "GET", "/_fake/reset").status == 405)
    }

    @Test func concurrentRequestsAreSafe() async throws {
        let fake = try makeFake()
        await withTaskGroup(of: Int.self) { group in
            for index in 0..<40 {
                group.addTask {
                    if index % 2 == 0 { return post(fake, findItem).status }
                    let body = #"<m:CreateItem SendMeetingInvitations="SendToNone"><m:Items><t:CalendarItem><t:Subject>c\#(index)</t:Subject><t:Start>2026-12-01T10:00:00Z</t:Start><t:End>2026-12-01T11:00:00Z</t:End></t:CalendarItem></m:Items></m:CreateItem>"#
                    return post(fake, envelope(body)).status
                }
            }
            for await status in group { #expect(status == 200) }
        }
        let list = try #require(try JSONSerialization.jsonObject(with: control(fake, "GET", "/_fake/mailboxes/alice@contoso.com/events").body) as? [[String: Any]])
        #expect(list.count == 24)
    }
}
