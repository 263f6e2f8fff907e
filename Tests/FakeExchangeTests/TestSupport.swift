// TestSupport: the test fixture, SOAP request builders in several client styles, and response helpers.
import Foundation
import Testing
import XMLSupport

@testable import FakeExchange

enum NS {
    static let soap = "http://schemas.xmlsoap.org/soap/envelope/"
    static let m = "http://schemas.microsoft.com/exchange/services/2006/messages"
    static let t = "http://schemas.microsoft.com/exchange/services/2006/types"
    static let e = "http://schemas.microsoft.com/exchange/services/2006/errors"
}

/// 2026-11-25T12:00:00Z, a Wednesday.
let testNow = Date(timeIntervalSince1970: 1_795_608_000)

func utc(_ text: String) -> Date { EWSDateTime.parse(text)! }

/// The fixture every test loads unless it needs another one.
let testFixture = """
    {
      "server": {"build": "15.1.2507.6", "basicAuth": true, "realm": "mail.contoso.com"},
      "mailboxes": [
        {"smtp": "alice@contoso.com", "displayName": "Alice Jones", "kind": "user", "upn": "alice@corp.contoso.com",
         "password": "secret", "aliases": ["a.jones@contoso.com"], "sid": "S-1-5-21-1-2-3-1001", "timeZone": "America/New_York",
         "calendarPermissions": {"svc-full@contoso.com": "Editor", "bob@contoso.com": "Reviewer",
                                 "svc-author@contoso.com": "Author", "svc-nombx@contoso.com": "Editor"},
         "sendAs": ["svc-full@contoso.com"],
         "events": [
           {"subject": "Standup", "start": "2026-11-25T14:00:00Z", "end": "2026-11-25T14:15:00Z", "location": "Room 1",
            "isAllDay": false, "sensitivity": "Normal", "organizer": "bob@contoso.com",
            "recurrence": {"frequency": "weekly", "interval": 1, "daysOfWeek": ["Monday", "Wednesday"], "count": 10}},
           {"subject": "Dentist", "start": "2026-11-26T16:00:00Z", "end": "2026-11-26T17:00:00Z", "location": "Main Street 1",
            "sensitivity": "Private", "body": "Bring the insurance card."},
           {"subject": "Offsite", "day": 2, "allDay": true, "timeZone": "Europe/Berlin"},
           {"subject": "Café & <Planung> 👋🏼 日本語", "start": "2026-11-25T09:00:00Z", "end": "2026-11-25T10:00:00Z",
            "attendees": ["bob@contoso.com", "external@fabrikam.com"], "organizerRoutingType": "EX"}
         ]},
        {"smtp": "bob@contoso.com", "displayName": "Bob Smith", "kind": "user", "password": "bob-secret",
         "calendarPermissions": {"svc-full@contoso.com": "Reviewer"}, "fullAccess": ["svc-full@contoso.com"],
         "events": [
           {"subject": "NY sync", "start": "2026-10-19T09:00:00", "timeZone": "America/New_York", "durationMinutes": 60,
            "recurrence": {"frequency": "weekly", "daysOfWeek": ["Monday"], "until": "2026-11-30"}}
         ]},
        {"smtp": "carol@contoso.com", "displayName": "Carol White", "kind": "user", "password": "carol-secret"},
        {"smtp": "room1@contoso.com", "displayName": "Conference Room 1", "kind": "room",
         "calendarPermissions": {"svc-full@contoso.com": "Editor"}},
        {"smtp": "svc@contoso.com", "displayName": "Alexa for Business Service Account", "kind": "user",
         "password": "svc-secret", "impersonation": {"scope": "userMailboxes"}},
        {"smtp": "svc-all@contoso.com", "displayName": "Impersonate Everything", "password": "all-secret",
         "impersonation": {"scope": "all"}},
        {"smtp": "svc-scoped@contoso.com", "displayName": "Scoped Service", "password": "scoped-secret",
         "impersonation": {"scope": ["carol@contoso.com"]}},
        {"smtp": "svc-full@contoso.com", "displayName": "Delegate Service", "password": "full-secret"},
        {"smtp": "svc-author@contoso.com", "displayName": "Author Service", "password": "author-secret"},
        {"smtp": "svc-nombx@contoso.com", "displayName": "No Mailbox Service", "password": "nombx-secret", "hasMailbox": false}
      ]
    }
    """

func makeFake(_ fixture: String = testFixture) throws -> FakeExchange {
    try FakeExchange.load(fixture: Data(fixture.utf8), now: testNow, clock: { testNow })
}

/// How the client writes its envelope; the fake must treat all of them alike.
enum ClientStyle: CaseIterable, Sendable {
    /// exchangelib: `s:`, `m:`, `t:` declared on the envelope.
    case exchangelib
    /// Microsoft's docs: `soap:` envelope, operation in a default namespace, `t:` for types.
    case microsoftDocs
    /// evolution-ews: `SOAP-ENV:`, `messages:`, `types:`.
    case evolution
}

/// Builds a request envelope. `body` and `header` are written with `m:` and `t:` prefixes and are
/// rewritten for the chosen style.
func envelope(_ body: String, header: String = #"<t:RequestServerVersion Version="Exchange2013"/>"#, style: ClientStyle = .exchangelib) -> String {
    switch style {
    case .exchangelib:
        return """
            <?xml version='1.0' encoding='utf-8'?>
            <s:Envelope xmlns:m="\(NS.m)" xmlns:s="\(NS.soap)" xmlns:t="\(NS.t)"><s:Header>\(header)</s:Header><s:Body>\(body)</s:Body></s:Envelope>
            """
    case .microsoftDocs:
        // The operation element and its m: children move into a default namespace.
        let defaulted = body.replacingOccurrences(of: "<m:", with: "<").replacingOccurrences(of: "</m:", with: "</")
        let opened = defaulted.replacingFirst(of: ">", with: " xmlns=\"\(NS.m)\">", after: "<")
        return """
            <?xml version="1.0" encoding="utf-8"?>
            <soap:Envelope xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xmlns:soap="\(NS.soap)" xmlns:t="\(NS.t)">
              <soap:Header>\(header)</soap:Header>
              <soap:Body>\(opened)</soap:Body>
            </soap:Envelope>
            """
    case .evolution:
        func rename(_ text: String) -> String {
            text.replacingOccurrences(of: "<m:", with: "<messages:").replacingOccurrences(of: "</m:", with: "</messages:")
                .replacingOccurrences(of: "<t:", with: "<types:").replacingOccurrences(of: "</t:", with: "</types:")
        }
        return """
            <?xml version="1.0" encoding="UTF-8"?>
            <SOAP-ENV:Envelope xmlns:SOAP-ENV="\(NS.soap)" xmlns:types="\(NS.t)" xmlns:messages="\(NS.m)"><SOAP-ENV:Header>\(rename(header))</SOAP-ENV:Header><SOAP-ENV:Body>\(rename(body))</SOAP-ENV:Body></SOAP-ENV:Envelope>
            """
    }
}

extension String {
    /// Replaces the first `target` that follows the first `marker`.
    func replacingFirst(of target: String, with replacement: String, after marker: String) -> String {
        guard let start = range(of: marker), let found = range(of: target, range: start.upperBound..<endIndex) else { return self }
        return replacingCharacters(in: found, with: replacement)
    }
}

func basicAuth(_ user: String, _ password: String) -> (name: String, value: String) {
    (name: "Authorization", value: "Basic " + Data("\(user):\(password)".utf8).base64EncodedString())
}

/// Posts `xml` to the EWS endpoint as `user`.
func post(
    _ fake: FakeExchange, _ xml: String, user: String = "alice@contoso.com", password: String = "secret",
    path: String = "/EWS/Exchange.asmx"
) -> FakeHTTPResponse {
    fake.handle(FakeHTTPRequest(
        method: "POST", path: path,
        headers: [(name: "Content-Type", value: "text/xml; charset=utf-8"), basicAuth(user, password)],
        body: Data(xml.utf8), connectionID: 1))
}

/// A parsed response.
struct Answer {
    var response: FakeHTTPResponse
    var tree: XMLTree

    init(_ response: FakeHTTPResponse) throws {
        self.response = response
        tree = try XMLTree.parse(response.body)
    }

    var body: XMLElementView { tree.root.firstChild(NS.soap, "Body")! }
    var header: XMLElementView? { tree.root.firstChild(NS.soap, "Header") }

    /// The `m:*ResponseMessage` elements.
    var messages: [XMLElementView] {
        body.children.first?.firstChild(NS.m, "ResponseMessages")?.children ?? []
    }

    var fault: XMLElementView? { body.firstChild(NS.soap, "Fault") }

    /// `detail/e:ResponseCode` of a fault.
    var faultCode: String? { fault?.firstChild(nil, "detail")?.firstChild(NS.e, "ResponseCode")?.trimmedText }

    /// ResponseCode of message `index`.
    func code(_ index: Int = 0) -> String? { messages[index].firstChild(NS.m, "ResponseCode")?.trimmedText }
    func responseClass(_ index: Int = 0) -> String? { messages[index].attribute("ResponseClass") }
}

func load(fixtureNamed name: String) throws -> Data {
    let url = try #require(Bundle.module.url(forResource: "Fixtures/\(name)", withExtension: nil))
    return try Data(contentsOf: url)
}

/// A structural skeleton of an element: `{ns}name[attribute names](children…)`. Values, text,
/// prefixes and namespace declarations are left out, so two documents with the same shape compare equal.
func skeleton(_ element: XMLElementView, maxChildrenPerName: Int = .max) -> String {
    let attributes = element.attributes.map { ($0.namespaceURI.map { "{\($0)}" } ?? "") + $0.localName }.sorted()
    var seen: [String: Int] = [:]
    var children: [String] = []
    for child in element.children {
        let key = "\(child.namespaceURI ?? "")|\(child.localName)"
        seen[key, default: 0] += 1
        if seen[key]! <= maxChildrenPerName { children.append(skeleton(child, maxChildrenPerName: maxChildrenPerName)) }
    }
    var text = "{\(element.namespaceURI ?? "")}\(element.localName)"
    if !attributes.isEmpty { text += "[\(attributes.joined(separator: ","))]" }
    if !children.isEmpty { text += "(\(children.joined(separator: ",")))" }
    return text
}

// MARK: - Request bodies

func getFolderBody(_ folders: String, shape: String = "Default", additional: [String] = []) -> String {
    let extra = additional.isEmpty ? "" : "<t:AdditionalProperties>" + additional.map { #"<t:FieldURI FieldURI="\#($0)"/>"# }.joined() + "</t:AdditionalProperties>"
    return "<m:GetFolder><m:FolderShape><t:BaseShape>\(shape)</t:BaseShape>\(extra)</m:FolderShape><m:FolderIds>\(folders)</m:FolderIds></m:GetFolder>"
}

func distinguished(_ id: String, mailbox: String? = nil) -> String {
    guard let mailbox else { return #"<t:DistinguishedFolderId Id="\#(id)"/>"# }
    return #"<t:DistinguishedFolderId Id="\#(id)"><t:Mailbox><t:EmailAddress>\#(mailbox)</t:EmailAddress><t:RoutingType>SMTP</t:RoutingType><t:MailboxType>Mailbox</t:MailboxType></t:Mailbox></t:DistinguishedFolderId>"#
}

func calendarViewBody(
    start: String, end: String, max: Int? = nil, mailbox: String? = nil, shape: String = "IdOnly",
    fields: [String] = ["item:Subject", "calendar:Start", "calendar:End", "calendar:CalendarItemType", "calendar:Location"]
) -> String {
    let maxAttribute = max.map { #" MaxEntriesReturned="\#($0)""# } ?? ""
    let extra = fields.isEmpty ? "" : "<t:AdditionalProperties>" + fields.map { #"<t:FieldURI FieldURI="\#($0)"/>"# }.joined() + "</t:AdditionalProperties>"
    return """
        <m:FindItem Traversal="Shallow"><m:ItemShape><t:BaseShape>\(shape)</t:BaseShape>\(extra)</m:ItemShape><m:CalendarView\(maxAttribute) StartDate="\(start)" EndDate="\(end)"/><m:ParentFolderIds>\(distinguished("calendar", mailbox: mailbox))</m:ParentFolderIds></m:FindItem>
        """
}

func impersonationHeader(_ children: String, version: String = "Exchange2013") -> String {
    #"<t:RequestServerVersion Version="\#(version)"/><t:ExchangeImpersonation><t:ConnectingSID>\#(children)</t:ConnectingSID></t:ExchangeImpersonation>"#
}

/// Items of a FindItem answer as (subject, start, type).
func viewItems(_ answer: Answer, message: Int = 0) -> [(subject: String, start: String, type: String)] {
    let items = answer.messages[message].firstChild(NS.m, "RootFolder")?.firstChild(NS.t, "Items")?.children ?? []
    return items.map {
        (
            $0.firstChild(NS.t, "Subject")?.text ?? "", $0.firstChild(NS.t, "Start")?.text ?? "",
            $0.firstChild(NS.t, "CalendarItemType")?.text ?? ""
        )
    }
}
